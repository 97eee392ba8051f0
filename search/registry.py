"""How content apps tell `search` what to index, without `search` importing them.

A content app describes each searchable model with a `SearchAdapter` subclass and
registers it in its `search_adapters.py` module, which the search app imports
from every installed app at start-up (as the admin finds `admin.py`)::

    from search import registry

    class LegalDocumentAdapter(registry.SearchAdapter):
        kind = "legal"

        def get_queryset(self):
            return LegalDocumentPage.objects.live().public()

        def to_document(self, page):
            return registry.IndexedDocument(key=self.key_for(page), kind=self.kind, ...)

    registry.register(LegalDocumentPage, LegalDocumentAdapter())
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

#: The kinds of content the site-wide search knows, in the order its tabs show them.
KINDS = ("legal", "news", "procedure", "page")


@dataclass(frozen=True)
class IndexedDocument:
    """What an engine stores for one piece of content."""

    #: Unique across all kinds, e.g. "legal:42" (see SearchAdapter.key_for).
    key: str
    #: One of KINDS.
    kind: str
    title: str
    url: str
    #: A lead or summary (trích yếu, sapo); boosted above the body.
    summary: str = ""
    #: Body text, including text extracted from attachments.
    text: str = ""
    #: Document number (số ký hiệu) or procedure code, matched in any spelling.
    number: str = ""
    #: Other numbers to match (e.g. numbers of related documents); boosted low.
    related_numbers: Sequence[str] = ()
    #: The date results are sorted by (issue date, publication date).
    date: datetime.date | None = None
    #: Filter and facet values by facet name, as URL-safe slugs,
    #: e.g. {"doc_type": ["ke-hoach"], "year": ["2019"], "status": ["con-hieu-luc"]}.
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Anything else the result list shows, stored and returned as is (JSON-able).
    extra: Mapping[str, Any] = field(default_factory=dict)


class SearchAdapter:
    """Describes one searchable model to the search app."""

    kind: str = "page"
    #: Facet names this kind offers, with their Vietnamese labels (lazy strings).
    facets: Mapping[str, str] = {}

    def get_queryset(self) -> models.QuerySet:
        """Objects that belong in the index: live and public only."""
        raise NotImplementedError

    def to_document(self, obj) -> IndexedDocument | None:
        """The document for `obj`, or None when it must not be indexed (e.g. a draft)."""
        raise NotImplementedError

    def key_for(self, obj) -> str:
        return f"{self.kind}:{obj.pk}"

    def facet_labels(self, facet: str, values: Iterable[str]) -> dict[str, str]:
        """Human-readable labels for facet values (slugs), in one query per facet."""
        return {value: value for value in values}

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        """Objects to re-index when `changed` (e.g. a renamed taxonomy snippet) changes."""
        return ()

    #: Models whose changes may alter this kind's documents (see `dependants`).
    depends_on: Sequence[type[models.Model]] = ()


_registry: dict[type[models.Model], SearchAdapter] = {}


def register(model: type[models.Model], adapter: SearchAdapter) -> None:
    _registry[model] = adapter


def adapter_for(obj_or_model) -> SearchAdapter | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
    return None


def registered() -> dict[type[models.Model], SearchAdapter]:
    return dict(_registry)


def adapter_for_kind(kind: str) -> SearchAdapter | None:
    for adapter in _registry.values():
        if adapter.kind == kind:
            return adapter
    return None
