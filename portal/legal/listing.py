"""The document list: filters from the query string, facet counts, sort, pages.

`DocumentListing` is the service behind the list page. The free-text part lives in
`filter_by_text` alone, so that the search engine can take it over without touching the
filters, facets or templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core import routing
from portal.core.caching import cached_value
from search.forms import SORT_LABELS
from search.service import ranked_object_ids
from search.text import fold, normalise_document_number

from .models import Group, LegalDocumentPage, Status

MAX_QUERY_LENGTH = 200
SORTS = {"moi-nhat": ("-issued_date", "-pk"), "cu-nhat": ("issued_date", "pk")}
#: The default: best match first when there is a text query, else newest first.
RELEVANCE = "lien-quan"


def folded_text_match(queryset: QuerySet, query: str) -> QuerySet:
    """Documents whose number or title matches `query`, with or without diacritics,
    in the database alone: what the list answers when the search engine cannot.

    The number in any spelling ("146 kh ubnd", "146/KH–UBND", or just "146"), or
    every word in the folded title.
    """
    key = normalise_document_number(query)
    title_match = Q()
    for word in fold(query).split()[:12]:
        title_match &= Q(title_folded__contains=word)
    number_match = Q(number_key=key)
    if any(char.isdigit() for char in key):
        number_match |= Q(number_key__startswith=f"{key}-") | Q(
            number_key__contains=key
        )
    return queryset.filter(number_match | title_match)


def filter_by_text(queryset: QuerySet, query: str) -> tuple[QuerySet, list[int] | None]:
    """Documents matching `query`, and their ids best first when the site search
    answered (None: keep the chosen date order).

    The search engine matches the title, summary, attachments' text and numbers
    (related documents' too), with or without diacritics, and ranks a document
    number in any spelling first. If no engine answers, the folded title and
    number are matched in the database instead.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not normalise_document_number(query):
        return queryset, None
    ranking = ranked_object_ids(query, "legal")
    if ranking is None:
        return folded_text_match(queryset, query), None
    ids = [int(pk) for pk in ranking if pk.isdigit()]
    return queryset.filter(pk__in=ids), ids


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    #: The ORM lookup of the value (a slug or code) and, for snippets, of its name.
    value: str | Callable
    label_lookup: str | None = None
    choices: Mapping[str, str] | None = None

    def value_expression(self):
        return self.value() if callable(self.value) else F(self.value)

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        if self.param == "nam":
            return queryset.filter(issued_date__year=int(value))
        if self.param == "hieu-luc":
            return queryset.filter(computed_status=value)
        return queryset.filter(**{self.value: value})

    def valid(self, value: str) -> bool:
        if "\x00" in value:
            return False
        if self.param == "nam":
            return value.isdigit() and 1900 <= int(value) <= 2200
        if self.choices is not None:
            return value in self.choices
        return bool(value) and len(value) <= 255


FACETS = [
    Facet("loai", _("Document type"), "doc_type__slug", "doc_type__name"),
    Facet("co-quan", _("Issuing body"), "issuing_body__slug", "issuing_body__name"),
    Facet(
        "linh-vuc",
        pgettext_lazy("legal document", "Field"),
        "fields__slug",
        "fields__name",
    ),
    Facet(
        "nam",
        pgettext_lazy("legal document", "Year"),
        lambda: ExtractYear("issued_date"),
    ),
    Facet(
        "hieu-luc",
        _("Validity"),
        "computed_status",
        choices=dict(Status.choices),
    ),
    Facet("nguoi-ky", _("Signer"), "signer__slug", "signer__name"),
    Facet(
        "nhom",
        pgettext_lazy("legal document", "Group"),
        "group",
        choices=dict(Group.choices),
    ),
]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    param: str
    label: str
    selected: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass
class ListingResult:
    page: PaginatorPage
    count: int
    facets: list[FacetResult]
    query: str
    sort: str
    selected: dict[str, str]
    has_filters: bool
    relevance_label: str = str(SORT_LABELS["relevance"])


class DocumentListing:
    """Filters the live documents under an index page with the request's parameters."""

    facets = FACETS

    def __init__(self, index_page, params: Mapping[str, str], request=None):
        self.index_page = index_page
        self.request = request
        # NUL cannot be stored or compared in PostgreSQL text: drop it.
        self.query = (params.get("q") or "").replace("\x00", "").strip()
        self.query = self.query[:MAX_QUERY_LENGTH]
        sort = params.get("sap-xep")
        self.sort = sort if sort in SORTS or sort == RELEVANCE else RELEVANCE
        #: Ids of the text matches, best first, when the search engine answered.
        self.ranking: list[int] | None = None
        self.page_number = params.get("trang") or 1
        self.selected = {
            facet.param: value
            for facet in self.facets
            if (value := (params.get(facet.param) or "").strip()) and facet.valid(value)
        }
        self.per_page = min(max(index_page.per_page or 20, 5), 100)

    def base_queryset(self) -> QuerySet:
        queryset = routing.public(
            LegalDocumentPage.objects.live()
            .descendant_of(self.index_page)
            .with_status(),
            self.request,
        )
        if self.query:
            queryset, self.ranking = filter_by_text(queryset, self.query)
        return queryset

    def filtered(self, queryset: QuerySet, skip: str | None = None) -> QuerySet:
        for facet in self.facets:
            if facet.param != skip and facet.param in self.selected:
                queryset = facet.filter(queryset, self.selected[facet.param])
        return queryset

    def facet_counts(self, base: QuerySet, facet: Facet) -> FacetResult:
        """Counts of each value with every other filter applied (one query)."""
        queryset = self.filtered(base, skip=facet.param).order_by()
        columns = {"value": facet.value_expression()}
        if facet.label_lookup:
            columns["name"] = F(facet.label_lookup)
        rows = (
            queryset.values(**columns)
            .annotate(count=Count("pk", distinct=True))
            .order_by()
        )
        selected = self.selected.get(facet.param, "")
        options = []
        for row in rows:
            if row["value"] in (None, ""):
                continue
            value = str(row["value"])
            if facet.choices is not None:
                label = str(facet.choices.get(value, value))
            else:
                label = row.get("name") or value
            options.append(FacetOption(value, label, row["count"], value == selected))
        if facet.param == "nam":
            options.sort(key=lambda option: option.value, reverse=True)
        elif facet.choices is not None:
            order = list(facet.choices)
            options.sort(key=lambda o: order.index(o.value) if o.value in order else 99)
        else:
            options.sort(key=lambda option: (-option.count, fold(option.label)))
        return FacetResult(facet.param, str(facet.label), selected, options)

    def run(self) -> ListingResult:
        base = self.base_queryset()
        matches = self.filtered(base).select_related(
            "doc_type", "issuing_body", "signer"
        )
        count, facets = self.counts(base, matches)
        if self.sort == RELEVANCE and self.ranking is not None:
            page = self._ranked_page(matches)
        else:
            order = SORTS.get(self.sort, SORTS["moi-nhat"])
            paginator = Paginator(matches.order_by(*order), self.per_page)
            if count is not None:
                paginator.count = count  # known: no COUNT query
            page = paginator.get_page(self.page_number)
        return ListingResult(
            page=page,
            count=page.paginator.count,
            facets=facets,
            query=self.query,
            sort=self.sort,
            selected=self.selected,
            has_filters=bool(self.selected or self.query),
        )

    def counts(
        self, base: QuerySet, matches: QuerySet
    ) -> tuple[int | None, list[FacetResult]]:
        """The number of matches (None: let the paginator count) and the facets.

        Without a text query both follow the documents alone: they are cached by
        content version, index page, filters and day (the validity facet follows
        the date), so a list visitors open again costs no count queries. With one,
        they also follow the search index, which catches up with the content a
        little later: computed every time.
        """

        def build():
            return matches.count(), [
                self.facet_counts(base, facet) for facet in self.facets
            ]

        if self.query:
            return None, [self.facet_counts(base, facet) for facet in self.facets]
        return cached_value(
            "legal:list_counts",
            build,
            request=self.request,
            vary=(
                self.index_page.pk,
                timezone.localdate(),
                sorted(self.selected.items()),
            ),
        )

    def _ranked_page(self, matches: QuerySet) -> PaginatorPage:
        """The asked page in the search engine's order: the filtered ids first (one
        query), then the documents of that page (one more)."""
        allowed = set(matches.order_by().values_list("pk", flat=True))
        ranked = [pk for pk in self.ranking if pk in allowed]
        page = Paginator(ranked, self.per_page).get_page(self.page_number)
        documents = matches.in_bulk(list(page.object_list))
        page.object_list = [documents[pk] for pk in page.object_list if pk in documents]
        return page
