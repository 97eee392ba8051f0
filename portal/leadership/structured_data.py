"""schema.org JSON-LD of the leadership pages (Person, NewsArticle, Event)."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

# What could close the <script> element or open a comment in HTML.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """The JSON text, safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308


def person(name, job_title, body=None, *, phone="", email="", url="") -> dict:
    """schema.org Person: a leader, the spokesperson."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": name,
        "jobTitle": job_title,
    }
    if url:
        data["url"] = url
    if body is not None:
        data["worksFor"] = {"@type": "GovernmentOrganization", "name": body.name}
    if phone:
        data["telephone"] = phone
    if email:
        data["email"] = email
    return data
