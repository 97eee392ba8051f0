"""schema.org JSON-LD, where schema.org has a type for what a page describes.

A plan is a document that governs a territory for a period: a `CreativeWork` with
its `temporalCoverage` and `spatialCoverage` (schema.org has no type for a plan).
An investment project is a `Project`; a bid package or a purchase has no type of
its own (no "Tender" in schema.org), so its page says nothing rather than
something wrong.
"""

from __future__ import annotations

from typing import Any

from portal.core.absolute_urls import absolute_url

from .models import PlanPage, ProjectKind, ProjectPage


def _places(page) -> list[dict[str, str]]:
    return [
        {"@type": "AdministrativeArea", "name": area.name}
        for area in page.details["areas"]
    ]


def plan_data(page: PlanPage) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page.title,
        "url": absolute_url(page),
        "genre": str(page.get_kind_display()),
        "about": page.sector.name,
        "creativeWorkStatus": str(page.get_status_display()),
    }
    if page.intro:
        data["description"] = page.intro
    if page.period_start:
        data["temporalCoverage"] = (
            f"{page.period_start}/{page.period_end}"
            if page.period_end
            else str(page.period_start)
        )
    if places := _places(page):
        data["spatialCoverage"] = places
    if page.drafted_by:
        data["author"] = {"@type": "GovernmentOrganization", "name": page.drafted_by}
    if page.decision_date:
        data["datePublished"] = page.decision_date.isoformat()
    return data


def project_data(page: ProjectPage) -> dict[str, Any] | None:
    if page.kind != ProjectKind.PROJECT:
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": page.title,
        "url": absolute_url(page),
        "knowsAbout": page.sector.name,
        "funder": {"@type": "Organization", "name": page.investor},
    }
    if page.intro:
        data["description"] = page.intro
    if page.start_date:
        data["foundingDate"] = page.start_date.isoformat()
    if page.end_date and page.status == "hoan-thanh":
        data["dissolutionDate"] = page.end_date.isoformat()
    if page.location:
        data["location"] = {"@type": "Place", "name": page.location}
    if places := _places(page):
        data["areaServed"] = places
    return data
