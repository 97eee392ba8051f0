"""Soft links from procedures to the legal documents they rest on.

The legal app may be absent, or a document may not be imported yet: a legal basis is
stored by its number, and resolved (in one query) to the published document when there
is one. The link always goes to the legal app's permanent short URL, which does not
change when a document page is moved or renamed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DatabaseError

from portal.core.routing import public

logger = logging.getLogger(__name__)


def legal_document_model():
    """The legal app's LegalDocumentPage, or None when that app does not provide it."""
    try:
        return apps.get_model("legal", "LegalDocumentPage")
    except LookupError:
        return None


@dataclass(frozen=True)
class ResolvedLegalBasis:
    number: str
    number_key: str
    #: The document's trích yếu when published, else the title stored with the basis.
    title: str
    #: The document type's name ("Luật", "Nghị định"…) when published.
    doc_type: str = ""
    #: The short URL when the document is published on the portal, else "".
    url: str = ""

    @property
    def found(self) -> bool:
        return bool(self.url)


def published_documents(number_keys: Iterable[str]) -> dict[str, Any]:
    """Published legal documents by number key, in one query ({} without the app)."""
    model = legal_document_model()
    keys = sorted({key for key in number_keys if key})
    if model is None or not keys:
        return {}
    # live() only: .public() would cost a second query, and a restricted document
    # guards itself behind its own URL.
    queryset = model.objects.live().filter(number_key__in=keys)
    if any(f.name == "doc_type" for f in model._meta.get_fields()):
        queryset = queryset.select_related("doc_type")
    try:
        return {document.number_key: document for document in queryset}
    except DatabaseError:
        # A legal app whose tables are not migrated yet must not break procedures.
        logger.exception("Could not look up legal documents %s", keys)
        return {}


def resolve_legal_bases(bases: Sequence) -> list[ResolvedLegalBasis]:
    """Each LegalBasis row, with the title and link of its published document."""
    documents = published_documents(basis.number_key for basis in bases)
    resolved = []
    for basis in bases:
        document = documents.get(basis.number_key)
        if document is None:
            resolved.append(
                ResolvedLegalBasis(
                    number=basis.number, number_key=basis.number_key, title=basis.title
                )
            )
            continue
        doc_type = getattr(document, "doc_type", None)
        resolved.append(
            ResolvedLegalBasis(
                number=getattr(document, "number", "") or basis.number,
                number_key=basis.number_key,
                title=getattr(document, "title", "") or basis.title,
                doc_type=getattr(doc_type, "name", "") if doc_type else "",
                url=basis.permanent_url,
            )
        )
    return resolved


def procedures_resting_on(number_key: str, request=None):
    """Live procedures whose legal basis cites the document with this number key;
    public from the restricted paths the ``request``'s routing read (no query)."""
    from .models import ProcedurePage

    if not number_key:
        return ProcedurePage.objects.none()
    return (
        public(ProcedurePage.objects.live(), request)
        .filter(legal_bases__number_key=number_key)
        .select_related("field")
        .distinct()
        .order_by("title")
    )
