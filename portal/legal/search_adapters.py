"""What the site search indexes for a legal document (see search.registry)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.models import PublicBody
from search import registry
from search.addresses import page_address
from search.text import normalise_document_number

from .models import (
    DocumentRelation,
    DocumentType,
    Group,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalField,
    Signer,
    Status,
)
from .validity import RelationKind

#: Facets whose values are snippet slugs, with the snippet model.
SNIPPET_FACETS = {
    "doc_type": DocumentType,
    "body": PublicBody,
    "field": LegalField,
    "signer": Signer,
}
#: Of those, the facets whose names a query may say ("quyết định", "UBND tỉnh"):
#: their names are the adapter's vocabularies.
NAMED_FACETS = ("doc_type", "body")
#: The relations a query may ask for ("sửa đổi nghị định 61", "hướng dẫn luật
#: đầu tư"): each document holds the numbers it so acts on in a facet of its own.
ASKED_RELATIONS = (
    RelationKind.GUIDES,
    RelationKind.AMENDS,
    RelationKind.REPLACES,
    RelationKind.REPEALS,
    RelationKind.SUSPENDS,
)
#: Years a query may name ("luật đất đai 2013"): those of the country's laws.
FIRST_YEAR = 1945


def relation_facet(kind: str) -> str:
    """The facet holding the numbers of the documents a document acts on so."""
    return f"relation_{kind}"


#: The first tab of the site-wide search.
LEGAL_DOCUMENTS = registry.Kind("legal", _("Legal documents"), order=10)


def _made_order(relation: DocumentRelation) -> tuple[int, int]:
    return (relation.sort_order or 0, relation.pk or 0)


class LegalDocumentAdapter(registry.SearchAdapter):
    kind = LEGAL_DOCUMENTS
    facets = {
        "doc_type": _("Document type"),
        "body": _("Issuing body"),
        "field": pgettext_lazy("legal document", "Field"),
        "year": pgettext_lazy("legal document", "Year"),
        "status": _("Validity"),
        "signer": _("Signer"),
        "group": pgettext_lazy("legal document", "Group"),
    }
    depends_on = (DocumentType, PublicBody, LegalField, Signer, LegalDocumentPage)

    def get_queryset(self) -> models.QuerySet:
        return (
            LegalDocumentPage.objects.live()
            .public()
            .with_status()
            .select_related("doc_type", "issuing_body", "signer")
        )

    def shown_on_site(self, root_path: str) -> dict[str, list[str]]:
        """The province-wide documents the document lists of a member site
        chose (by issuing body, kind of body or field): its search covers them,
        as its "Văn bản" list shows them (listing.shown_from_elsewhere). Kinds
        are read as their bodies' slugs, which the index holds."""
        indexes = LegalDocumentIndexPage.objects.live().filter(
            path__startswith=root_path
        )
        kinds = {
            kind
            for chosen in indexes.values_list("show_kinds", flat=True)
            for kind in chosen or ()
        }
        bodies = PublicBody.objects.filter(
            Q(pk__in=indexes.values("show_bodies")) | Q(kind__in=kinds)
        ).values_list("slug", flat=True)
        fields = LegalField.objects.filter(
            pk__in=indexes.values("show_fields")
        ).values_list("slug", flat=True)
        return {"body": sorted(bodies), "field": sorted(fields)}

    def prepare_many(self, pages: Sequence[LegalDocumentPage]) -> None:
        """The related numbers and fields of many documents, three queries per
        500 documents of plain values: Django's prefetch of the same builds a
        queryset per document and relation, most of a drain's time."""
        links = LegalDocumentPage._meta.get_field("fields")
        through = links.remote_field.through
        page_column, field_name = links.m2m_field_name(), links.m2m_reverse_field_name()
        ids = [page.pk for page in pages]
        outgoing: dict[int, list] = defaultdict(list)
        incoming: dict[int, list] = defaultdict(list)
        fields: dict[int, list[str]] = defaultdict(list)
        acts: dict[int, dict[str, list[str]]] = defaultdict(dict)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for source_id, order, pk, number, kind in DocumentRelation.objects.filter(
                source_id__in=chunk
            ).values_list("source_id", "sort_order", "pk", "target_number", "kind"):
                outgoing[source_id].append(((order or 0, pk), number))
                acts[source_id].setdefault(kind, []).append(number)
            for target_id, order, pk, number, live in DocumentRelation.objects.filter(
                target_id__in=chunk
            ).values_list(
                "target_id", "sort_order", "pk", "source__number", "source__live"
            ):
                if live:
                    incoming[target_id].append(((order or 0, pk), number))
            for page_id, slug in through.objects.filter(
                **{f"{page_column}__in": chunk}
            ).values_list(page_column, f"{field_name}__slug"):
                fields[page_id].append(slug)
        for page in pages:
            page._search_related = (
                [number for _order, number in sorted(outgoing[page.pk])],
                [number for _order, number in sorted(incoming[page.pk])],
                sorted(fields[page.pk]),
            )
            page._search_acts = acts[page.pk]

    @staticmethod
    def acts(page: LegalDocumentPage) -> dict[str, list[str]]:
        """Relation kind -> numbers of the documents this one acts on so."""
        prepared = getattr(page, "_search_acts", None)
        if prepared is not None:
            return prepared
        found: dict[str, list[str]] = {}
        for relation in sorted(page.relations.all(), key=_made_order):
            found.setdefault(relation.kind, []).append(relation.target_number)
        return found

    @staticmethod
    def related(page: LegalDocumentPage) -> tuple[list[str], list[str], list[str]]:
        """Numbers of the documents this one acts on and of those acting on it
        (live), each in the editor's order then the order made in; field slugs."""
        prepared = getattr(page, "_search_related", None)
        if prepared is not None:
            return prepared
        return (
            [r.target_number for r in sorted(page.relations.all(), key=_made_order)],
            [
                r.source.number
                for r in sorted(
                    page.incoming_relations.select_related("source"), key=_made_order
                )
                if r.source.live
            ],
            sorted(field.slug for field in page.fields.all()),
        )

    def to_document(self, page: LegalDocumentPage) -> registry.IndexedDocument | None:
        if not page.live:
            return None
        # In the editor's order, then the order they were made in: relations saved
        # together share a sort order, which PostgreSQL returns in any order.
        acting_on, acted_on_by, field_slugs = self.related(page)
        related_numbers = [number for number in acting_on if number]
        related_numbers += acted_on_by
        status = page.status
        body_text = strip_tags(page.body or "")
        acts = self.acts(page)
        relations = {
            relation_facet(kind): [
                normalise_document_number(number)
                for number in acts.get(kind, ())
                if number
            ]
            for kind in ASKED_RELATIONS
        }
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=page_address(page),
            summary=page.title,
            text="\n\n".join(part for part in (body_text, page.extracted_text) if part),
            number=page.number,
            related_numbers=tuple(dict.fromkeys(related_numbers)),
            date=page.issued_date,
            facets={
                "doc_type": [page.doc_type.slug],
                "body": [page.issuing_body.slug],
                "field": field_slugs,
                "year": [str(page.issued_date.year)],
                "status": [status.value],
                "signer": [page.signer.slug] if page.signer_id else [],
                "group": [page.group],
                **{facet: numbers for facet, numbers in relations.items() if numbers},
            },
            extra={
                "doc_type": page.doc_type.name,
                "issuing_body": page.issuing_body.name,
                "issued_date": page.issued_date.isoformat(),
                "status": status.value,
                "status_label": str(status.label),
            },
        )

    def vocabulary(self, facet: str) -> Mapping[str, Sequence[str]] | None:
        """Types and bodies by their names; validities by their labels in the
        site's language ("còn hiệu lực"); years by themselves."""
        if facet == "status":
            with translation.override(settings.LANGUAGE_CODE):
                return {value: [str(label)] for value, label in Status.choices}
        if facet == "year":
            years = range(FIRST_YEAR, timezone.localdate().year + 2)
            return {str(year): [str(year)] for year in years}
        if facet not in NAMED_FACETS:
            return None
        names = SNIPPET_FACETS[facet].objects.values_list("slug", "name")
        return {slug: [name] for slug, name in names}

    def relation_vocabulary(self) -> Mapping[str, Sequence[str]]:
        """The relations a query may ask for, by their names in the site's
        language ("Sửa đổi, bổ sung", "Hướng dẫn", "Thay thế")."""
        with translation.override(settings.LANGUAGE_CODE):
            return {relation_facet(kind): [str(kind.label)] for kind in ASKED_RELATIONS}

    def facet_labels(self, facet: str, values: Iterable[str]) -> dict[str, str]:
        values = list(values)
        if facet in SNIPPET_FACETS:
            names = dict(
                SNIPPET_FACETS[facet]
                .objects.filter(slug__in=values)
                .values_list("slug", "name")
            )
            return {value: names.get(value, value) for value in values}
        choices = {"status": dict(Status.choices), "group": dict(Group.choices)}.get(
            facet
        )
        if choices is not None:
            return {value: str(choices.get(value, value)) for value in values}
        return {value: value for value in values}

    def dependants(self, changed: models.Model) -> Iterable[models.Model]:
        documents = LegalDocumentPage.objects.live()
        if isinstance(changed, DocumentType):
            return documents.filter(doc_type=changed)
        if isinstance(changed, PublicBody):
            return documents.filter(issuing_body=changed)
        if isinstance(changed, Signer):
            return documents.filter(signer=changed)
        if isinstance(changed, LegalField):
            return documents.filter(fields=changed)
        if isinstance(changed, LegalDocumentPage):
            # Its relations change the status and related numbers of the documents
            # at either end.
            linked = DocumentRelation.objects.filter(
                Q(source=changed) | Q(target=changed)
            ).values_list("source_id", "target_id")
            ids = {pk for pair in linked for pk in pair if pk and pk != changed.pk}
            return documents.filter(pk__in=ids)
        return ()

    def dependants_of_many(
        self, changed: Sequence[models.Model]
    ) -> Iterable[models.Model]:
        pages = [obj for obj in changed if isinstance(obj, LegalDocumentPage)]
        others = [obj for obj in changed if not isinstance(obj, LegalDocumentPage)]
        yield from super().dependants_of_many(others)
        if not pages:
            return
        # The documents at the other end of the pages' relations, in one query per
        # few hundred pages instead of one per page.
        page_ids = {page.pk for page in pages}
        linked: set[int] = set()
        for start in range(0, len(pages), 400):
            chunk = [page.pk for page in pages[start : start + 400]]
            for source_id, target_id in DocumentRelation.objects.filter(
                Q(source__in=chunk) | Q(target__in=chunk)
            ).values_list("source_id", "target_id"):
                linked.update(
                    pk for pk in (source_id, target_id) if pk and pk not in page_ids
                )
        ids = sorted(linked)
        for start in range(0, len(ids), 500):
            # Queued by key: their ids are all that is read.
            yield from (
                LegalDocumentPage.objects.live()
                .filter(pk__in=ids[start : start + 500])
                .only("pk")
            )


registry.register(LegalDocumentPage, LegalDocumentAdapter())
