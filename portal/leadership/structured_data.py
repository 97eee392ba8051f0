"""schema.org JSON-LD of the leadership pages (Person, NewsArticle, Event)."""

from __future__ import annotations


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
