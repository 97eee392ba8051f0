"""What a body's page shows beside its own fields: its place in the chart, its
contacts, its latest documents and news (read through the app registry, so that
this app depends on no other content app), and its schema.org description."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q

from portal.core.absolute_urls import absolute_url
from portal.core.json_ld import json_ld
from portal.core.locales import active_language, default_language
from portal.core.models import PortalSettings, PublicBody

from .tree import BodyNode

#: How many documents and news items a body's page lists.
LATEST_COUNT = 5


def _model(app_label: str, model_name: str):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def latest_documents(body: PublicBody) -> list:
    """The body's latest published legal documents, newest first."""
    model = _model("legal", "LegalDocumentPage")
    if model is None:
        return []
    documents = (
        model.objects.live()
        .public()
        .filter(issuing_body=body)
        .order_by("-issued_date", "-pk")
    )
    return list(documents[:LATEST_COUNT])


def documents_list_url(chart, body: PublicBody) -> str:
    """The chart's site's document list filtered by the body ("" without one)."""
    model = _model("legal", "LegalDocumentIndexPage")
    site = chart.get_site()
    if model is None or site is None:
        return ""
    index = model.objects.live().public().in_site(site).first()
    return f"{index.url}?co-quan={body.slug}" if index is not None else ""


def latest_news(body: PublicBody) -> list:
    """The latest news the body is the source of, or published on its own portal."""
    model = _model("news", "NewsPage")
    if model is None:
        return []
    where = Q(source__iexact=body.name)
    roots = (
        PortalSettings.objects.filter(body=body)
        .exclude(site__root_page__isnull=True)
        .values_list("site__root_page__path", flat=True)
    )
    for root_path in roots:
        where |= Q(path__startswith=root_path)
    news = (
        model.objects.live().public().filter(where).order_by("-publication_date", "-pk")
    )
    return list(news[:LATEST_COUNT])


def organisation_data(
    chart, node: BodyNode, parent: PublicBody | None, parent_url: str
) -> dict[str, Any]:
    """schema.org GovernmentOrganization of a body on `chart`."""
    body = node.body
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": body.name,
        "url": absolute_url(chart.body_url(body), site=chart),
    }
    if body.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": body.address,
            "addressCountry": "VN",
        }
    for prop, value in (
        ("telephone", body.phone),
        ("faxNumber", body.fax),
        ("email", body.email),
        ("description", body.functions),
    ):
        if value:
            data[prop] = value
    if body.website:
        data["sameAs"] = body.website
    if body.head_name:
        data["employee"] = {
            "@type": "Person",
            "name": body.head_name,
            "jobTitle": body.head_title,
        }
    if parent is not None:
        data["parentOrganization"] = {
            "@type": "GovernmentOrganization",
            "name": parent.name,
        }
        if parent_url:
            data["parentOrganization"]["url"] = absolute_url(parent_url, site=chart)
    if node.children:
        data["subOrganization"] = [
            {
                "@type": "GovernmentOrganization",
                "name": child.body.name,
                "url": absolute_url(chart.body_url(child.body), site=chart),
            }
            for child in node.children
        ]
    return data


def parent_on_chart(
    body: PublicBody, on_chart: dict[str, BodyNode]
) -> tuple[PublicBody | None, bool]:
    """The body's parent, and whether it is on the chart too (it has a page)."""
    if body.parent_id is None:
        return None, False
    for node in on_chart.values():
        if node.body.pk == body.parent_id:
            return node.body, True
    return body.parent, False


def body_context(chart, node: BodyNode, on_chart: dict[str, BodyNode]) -> dict:
    """The body page's context: `on_chart` holds the chart's nodes by slug."""
    body = node.body
    parent, has_page = parent_on_chart(body, on_chart)
    parent_url = chart.body_url(parent) if has_page else ""
    in_default_language = active_language() == default_language()
    context = {
        "body": body,
        "node": node,
        # Another language's chart names no body it has no words for.
        "parent_body": parent if in_default_language or has_page else None,
        "parent_url": parent_url,
        "default_language_content": in_default_language,
        "structured_data": json_ld(
            organisation_data(chart, node, parent, parent_url), indent=1
        ),
        "body_title": body.name,
    }
    if in_default_language:
        # The officials, documents and news are in the default language only.
        context |= {
            "contacts": list(body.public_contacts.order_by("sort_order", "name")),
            "documents": latest_documents(body),
            "documents_url": documents_list_url(chart, body),
            "news": latest_news(body),
        }
    return context
