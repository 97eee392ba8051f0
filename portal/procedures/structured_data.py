"""schema.org GovernmentService JSON-LD for a procedure page."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from portal.core.absolute_urls import absolute_url

from .models import Channel

# The characters that could close the <script> element or open a comment in HTML.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def government_service_data(page) -> dict[str, Any]:
    url = absolute_url(page)
    details = page.details
    agencies = details.implementing_agencies
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "identifier": page.code,
        "url": url,
        "serviceType": page.field.name,
    }
    if page.intro:
        data["description"] = page.intro
    provider = page.competent_authority or (agencies[0] if agencies else None)
    if provider is not None:
        data["provider"] = {"@type": "GovernmentOrganization", "name": provider.name}
    if agencies:
        data["serviceOperator"] = [
            {"@type": "GovernmentOrganization", "name": agency.name}
            for agency in agencies
        ]
    audiences = [audience.name for audience in details.audiences]
    if audiences:
        data["audience"] = [
            {"@type": "Audience", "audienceType": name} for name in audiences
        ]
    channels = []
    for channel in details.channels:
        description = [channel.time_limit]
        if channel.fee:
            description.append(channel.fee)
        item = {
            "@type": "ServiceChannel",
            "name": str(channel.get_channel_display()),
            "description": ". ".join(description),
        }
        if channel.channel == Channel.ONLINE and page.online_url:
            item["serviceUrl"] = page.online_url
        channels.append(item)
    if channels:
        data["availableChannel"] = channels
    if page.result:
        data["serviceOutput"] = {"@type": "Thing", "name": page.result[:500]}
    return data


def government_service(page) -> SafeString:
    """The JSON-LD text, safe to put inside <script type="application/ld+json">."""
    text = json.dumps(government_service_data(page), ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308
