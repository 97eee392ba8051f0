"""schema.org JSON-LD: a budget report is a `Report`, the budget figures and a
statistical indicator are `Dataset`s, the open data page a `DataCatalog` of them."""

from __future__ import annotations

import datetime

from django.utils.safestring import SafeString

from portal.core.absolute_urls import absolute_url
from portal.core.json_ld import json_ld

CSV = "text/csv"
JSON = "application/json"


def _publisher(page) -> dict:
    site = page.get_site()
    return {
        "@type": "GovernmentOrganization",
        "name": site.site_name if site and site.site_name else page.title,
    }


def _date(value) -> str | None:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return None


def dataset_data(
    *,
    name: str,
    description: str,
    url: str,
    downloads: list[tuple[str, str]],
    modified=None,
    licence: str = "",
    extra: dict | None = None,
) -> dict:
    """A schema.org Dataset with a DataDownload per (address, media type)."""
    data = {
        "@type": "Dataset",
        "name": str(name),
        "description": str(description) or str(name),
        "url": url,
        "inLanguage": "vi",
    }
    if downloads:
        data["distribution"] = [
            {"@type": "DataDownload", "encodingFormat": media_type, "contentUrl": href}
            for href, media_type in downloads
        ]
    if modified:
        data["dateModified"] = _date(modified)
    if licence:
        data["license"] = licence
    data.update(extra or {})
    return data


def _with_context(data: dict) -> SafeString:
    return json_ld({"@context": "https://schema.org", **data})


def budget_report(page) -> SafeString:
    url = absolute_url(page)
    data = {
        "@type": "Report",
        "name": page.title,
        "url": url,
        "inLanguage": "vi",
        "about": str(page.get_period_display()),
        "temporalCoverage": str(page.year),
        "publisher": _publisher(page),
    }
    if page.decision_number:
        data["reportNumber"] = page.decision_number
    if page.disclosed_on:
        data["datePublished"] = page.disclosed_on.isoformat()
    if page.intro:
        data["abstract"] = page.intro
    return _with_context(data)


def budget_dataset(page) -> SafeString:
    """The budget figures as a Dataset (none without figures)."""
    figures = page.ordered_figures
    if not figures:
        return SafeString("")
    url = absolute_url(page)
    data = dataset_data(
        name=page.title,
        description=page.intro or page.title,
        url=url,
        downloads=[],
        modified=page.last_published_at,
        extra={
            "temporalCoverage": f"{figures[0].year}/{figures[-1].year}",
            "creator": _publisher(page),
        },
    )
    return _with_context(data)


def indicator_dataset(page) -> SafeString:
    url = absolute_url(page)
    data = dataset_data(
        name=page.title,
        description=page.intro or page.meta_summary(),
        url=url,
        downloads=[(url + "csv/", CSV)],
        modified=page.last_published_at,
        extra={
            "variableMeasured": {
                "@type": "PropertyValue",
                "name": page.title,
                "unitText": page.unit,
            },
            "creator": _publisher(page),
        },
    )
    if page.source:
        data["isBasedOn"] = page.source
    return _with_context(data)


def data_catalogue(page, catalogue: list[dict]) -> SafeString:
    url = absolute_url(page)
    licence = page.licence_url or page.licence_name
    return _with_context(
        {
            "@type": "DataCatalog",
            "name": page.title,
            "description": page.intro or page.title,
            "url": url,
            "inLanguage": "vi",
            "license": licence,
            "publisher": _publisher(page),
            "dataset": [
                dataset_data(
                    name=entry["dataset"].title,
                    description=entry["dataset"].description,
                    url=f"{url}#{entry['dataset'].name}",
                    downloads=[
                        (absolute_url(entry["csv_url"], site=page), CSV),
                        (absolute_url(entry["json_url"], site=page), JSON),
                    ],
                    modified=entry["updated"],
                    licence=licence,
                )
                for entry in catalogue
            ],
        }
    )
