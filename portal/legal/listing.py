"""The document list: its filters, sorts and text match (see `portal.core.listing`)."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core import routing
from portal.core.listing import Facet, Listing, Sort
from search.text import fold, normalise_document_number

from .models import Group, LegalDocumentPage, Status

#: The annotation of a document's status (`LegalDocumentQuerySet.with_status`).
STATUS_FIELD = "computed_status"
#: Words of a query compared with the folded title, at most.
MAX_QUERY_WORDS = 12


def folded_text_match(queryset: QuerySet, query: str) -> QuerySet:
    """Documents whose number or title matches `query`, with or without diacritics,
    in the database alone: what the list answers when the search engine cannot.

    The number in any spelling ("146 kh ubnd", "146/KH–UBND", or just "146"), or
    every word in the folded title.
    """
    key = normalise_document_number(query)
    title_match = Q()
    for word in fold(query).split()[:MAX_QUERY_WORDS]:
        title_match &= Q(title_folded__contains=word)
    number_match = Q(number_key=key)
    if any(char.isdigit() for char in key):
        number_match |= Q(number_key__startswith=f"{key}-") | Q(
            number_key__contains=key
        )
    return queryset.filter(number_match | title_match)


def with_status(queryset: QuerySet) -> QuerySet:
    """`queryset` with each document's status, unless it has it already."""
    if STATUS_FIELD in queryset.query.annotations:
        return queryset
    return queryset.with_status()


def is_year(value: str) -> bool:
    return value.isdigit() and 1900 <= int(value) <= 2200


FACETS = [
    Facet(
        "loai",
        _("Document type"),
        "doc_type__slug",
        "doc_type__name",
        order="count",
    ),
    Facet(
        "co-quan",
        _("Issuing body"),
        "issuing_body__slug",
        "issuing_body__name",
        order="count",
    ),
    Facet(
        "linh-vuc",
        pgettext_lazy("legal document", "Field"),
        "fields__slug",
        "fields__name",
        order="count",
    ),
    Facet(
        "nam",
        pgettext_lazy("legal document", "Year"),
        "issued_date__year",
        order="value_desc",
        accepts=is_year,
    ),
    Facet("hieu-luc", _("Validity"), STATUS_FIELD, choices=dict(Status.choices)),
    Facet("nguoi-ky", _("Signer"), "signer__slug", "signer__name", order="count"),
    Facet(
        "nhom",
        pgettext_lazy("legal document", "Group"),
        "group",
        choices=dict(Group.choices),
    ),
]
NEWEST_FIRST = ("-issued_date", "-pk")


class DocumentListing(Listing):
    """The live documents under an index page, filtered by the request's parameters."""

    model = LegalDocumentPage
    search_kind = "legal"
    facets = FACETS
    sorts = {
        "moi-nhat": Sort(_("Newest first"), NEWEST_FIRST),
        "cu-nhat": Sort(_("Oldest first"), ("issued_date", "pk")),
    }
    order_by = NEWEST_FIRST
    cache_name = "legal"
    #: Set by `pages`: the list is a member portal's, whose documents from
    #: elsewhere are marked as province-wide.
    on_member_portal = False

    def own(self) -> Q:
        """The documents under this list's page."""
        index = self.index_page
        return Q(path__startswith=index.path, depth__gt=index.depth)

    def shown_from_elsewhere(self) -> Q | None:
        """The documents of other portals this list shows: on the province's
        portal every one; on a member portal those of the bodies, kinds of body
        and fields its list page chose (none by default)."""
        from .sites import site_root_paths, under_member_sites

        index = self.index_page
        province_root, member_roots = site_root_paths()
        if province_root is None or index.path.startswith(province_root):
            return under_member_sites(member_roots)
        self.on_member_portal = True
        chosen = Q()
        bodies = list(index.show_bodies.values_list("pk", flat=True))
        if bodies:
            chosen |= Q(issuing_body__in=bodies)
        if index.show_kinds:
            chosen |= Q(issuing_body__kind__in=index.show_kinds)
        fields = list(index.show_fields.values_list("pk", flat=True))
        if fields:
            # A subquery, so that a document of two chosen fields is listed once.
            chosen |= Q(
                pk__in=LegalDocumentPage.objects.filter(fields__in=fields).values("pk")
            )
        if not chosen:
            return None
        # Only documents on a site: a page outside every site has no address.
        on_a_site = Q(path__startswith=province_root) | under_member_sites(member_roots)
        return chosen & on_a_site

    def pages(self) -> QuerySet:
        where = self.own()
        elsewhere = self.shown_from_elsewhere()
        if elsewhere is not None:
            where |= elsewhere
        return routing.public(
            LegalDocumentPage.objects.live().filter(where), self.request
        )

    def within(self, base: QuerySet) -> QuerySet:
        # The status is resolved once for the page shown and the validity facet.
        return with_status(super().within(base))

    def for_facet(self, queryset: QuerySet, facet: Facet) -> QuerySet:
        # The status is a large expression (portal.legal.validity): only the
        # queries that filter, count or show by it carry it.
        if facet.field == STATUS_FIELD:
            return with_status(queryset)
        return queryset

    def restrict(self, queryset: QuerySet, facet: Facet, values: list[str]):
        return super().restrict(self.for_facet(queryset, facet), facet, values)

    def match_in_database(self, queryset: QuerySet, query: str) -> QuerySet:
        return folded_text_match(queryset, query)

    def with_related(self, queryset: QuerySet) -> QuerySet:
        # `from_elsewhere`: a document of another portal, marked as such.
        return with_status(
            queryset.select_related("doc_type", "issuing_body", "signer")
        ).annotate(
            from_elsewhere=Case(
                When(self.own(), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )

    def cache_vary(self) -> tuple:
        # The validity facet follows the date.
        return (timezone.localdate(),)
