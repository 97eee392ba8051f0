"""Published legal documents in the open data catalogue (portal.core.datasets):
their public metadata, one row per document, streamed."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from portal.core.datasets import page_url_builder, register_dataset

from .models import LegalDocumentPage
from .validity import Status

COLUMNS = [
    ("number", _("document number")),
    ("title", _("Summary")),
    ("doc_type", _("document type")),
    ("issuing_body", _("issuing body")),
    ("issued_date", _("issue date")),
    ("effective_date", _("effective date")),
    ("expiry_date", _("expiry date")),
    ("status", _("Validity status")),
    ("url", _("Address")),
]


def published_documents():
    return LegalDocumentPage.objects.live().public()


def document_rows():
    url = page_url_builder()
    labels = dict(Status.choices)
    rows = (
        published_documents()
        .with_status()
        .order_by("-issued_date", "number")
        .values_list(
            "number",
            "title",
            "doc_type__name",
            "issuing_body__name",
            "issued_date",
            "effective_date",
            "expiry_date",
            "computed_status",
            "url_path",
        )
    )
    for (
        number,
        title,
        kind,
        body,
        issued,
        effective,
        expiry,
        status,
        path,
    ) in rows.iterator(chunk_size=1000):
        yield {
            "number": number,
            "title": title,
            "doc_type": kind,
            "issuing_body": body,
            "issued_date": issued,
            "effective_date": effective,
            "expiry_date": expiry,
            "status": str(labels.get(status, status)),
            "url": url(path),
        }


def documents_updated():
    return published_documents().aggregate(last=Max("last_published_at"))["last"]


def register_datasets() -> None:
    register_dataset(
        "van-ban",
        _("Legal documents"),
        _(
            "Every legal document published on the portal: number, summary, type, "
            "issuing body, dates and status of force."
        ),
        document_rows,
        COLUMNS,
        documents_updated,
    )
