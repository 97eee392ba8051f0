"""schema.org GovernmentService JSON-LD for a procedure page."""

from __future__ import annotations

from typing import Any

from portal.core.absolute_urls import absolute_url

from .models import Channel


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
