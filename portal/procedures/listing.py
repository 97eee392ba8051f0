"""The procedure list: filters from the query string, counts per filter value, text
search and pagination, in a fixed number of queries whatever the number of procedures.

Facet counts follow the usual faceted-search rule: the counts of one filter are those
of the list filtered by every *other* filter, so a citizen sees how many procedures each
choice would give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import pgettext_lazy

from search.service import ranked_object_ids
from search.text import fold

from .models import (
    Channel,
    Level,
    OnlineLevel,
    ProcedureChannel,
    ProcedurePage,
)

#: Longest query we look at; longer input is cut, never refused.
MAX_QUERY_LENGTH = 200
#: More words than this add nothing but cost a LIKE each.
MAX_QUERY_WORDS = 12
#: Values per filter; more is not a real request.
MAX_VALUES_PER_FILTER = 20


def folded_text_match(queryset: QuerySet, query: str) -> QuerySet:
    """Procedures whose code, title or summary contain every word of `query`, compared
    folded, so "cap giay phep xay dung" finds "Cấp giấy phép xây dựng": what the list
    answers when the search engine cannot."""
    words = fold(query[:MAX_QUERY_LENGTH]).split()[:MAX_QUERY_WORDS]
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def match_text(queryset: QuerySet, query: str) -> tuple[QuerySet, list[int] | None]:
    """Procedures matching `query`, and their ids best first when the site search
    answered (None: keep the list's own order).

    The search engine matches the code in any spelling first, then the title,
    summary, steps, papers and legal bases, with or without diacritics; if no
    engine answers, the folded code, title and summary are matched here instead.
    """
    query = query[:MAX_QUERY_LENGTH]
    if not fold(query).split():
        return queryset, None
    ranking = ranked_object_ids(query, "procedure")
    if ranking is None:
        return folded_text_match(queryset, query), None
    ids = [int(pk) for pk in ranking if pk.isdigit()]
    return queryset.filter(pk__in=ids), ids


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    #: The list's address with this option toggled.
    url: str


@dataclass
class Facet:
    name: str
    param: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected(self) -> list[Option]:
        return [option for option in self.options if option.selected]


@dataclass
class FacetSpec:
    name: str
    #: Query-string parameter (Vietnamese, ASCII) that carries the facet's values.
    param: str
    label: str
    #: Q object restricting procedures to any of the given values.
    restrict: Callable[[list[str]], Q]
    #: {value: (label, count)} for the procedures of a queryset.
    count: Callable[[QuerySet], dict[str, tuple[str, int]]]
    #: For fixed vocabularies: every value and its label, in display order.
    choices: Mapping[str, str] | None = None


def _count_choice(column: str, choices) -> Callable:
    def count(queryset: QuerySet) -> dict[str, tuple[str, int]]:
        rows = queryset.order_by().values(column).annotate(n=Count("pk"))
        labels = dict(choices)
        return {
            row[column]: (labels.get(row[column], row[column]), row["n"])
            for row in rows
        }

    return count


def _count_field(queryset: QuerySet) -> dict[str, tuple[str, int]]:
    rows = (
        queryset.order_by().values("field__slug", "field__name").annotate(n=Count("pk"))
    )
    return {row["field__slug"]: (row["field__name"], row["n"]) for row in rows}


AgencyLink = ProcedurePage.implementing_agencies.through


def _count_agency(queryset: QuerySet) -> dict[str, tuple[str, int]]:
    rows = (
        AgencyLink.objects.filter(procedurepage__in=queryset.order_by().values("pk"))
        .values("publicbody__slug", "publicbody__name")
        .annotate(n=Count("procedurepage", distinct=True))
        .order_by()
    )
    return {
        row["publicbody__slug"]: (row["publicbody__name"], row["n"]) for row in rows
    }


def _count_channel(queryset: QuerySet) -> dict[str, tuple[str, int]]:
    rows = (
        ProcedureChannel.objects.filter(page__in=queryset.order_by().values("pk"))
        .values("channel")
        .annotate(n=Count("page", distinct=True))
        .order_by()
    )
    labels = dict(Channel.choices)
    return {
        row["channel"]: (labels.get(row["channel"], row["channel"]), row["n"])
        for row in rows
    }


FACETS = [
    FacetSpec(
        name="field",
        param="linh-vuc",
        label=pgettext_lazy("procedure facet", "Field"),
        restrict=lambda values: Q(field__slug__in=values),
        count=_count_field,
    ),
    FacetSpec(
        name="level",
        param="cap",
        label=pgettext_lazy("procedure facet", "Level"),
        restrict=lambda values: Q(level__in=values),
        count=_count_choice("level", Level.choices),
        choices=dict(Level.choices),
    ),
    FacetSpec(
        name="agency",
        param="co-quan",
        label=pgettext_lazy("procedure facet", "Agency"),
        restrict=lambda values: Q(
            pk__in=AgencyLink.objects.filter(publicbody__slug__in=values).values(
                "procedurepage"
            )
        ),
        count=_count_agency,
    ),
    FacetSpec(
        name="online_level",
        param="muc-do",
        label=pgettext_lazy("procedure facet", "Online service level"),
        restrict=lambda values: Q(online_level__in=values),
        count=_count_choice("online_level", OnlineLevel.choices),
        choices=dict(OnlineLevel.choices),
    ),
    FacetSpec(
        name="channel",
        param="cach-thuc",
        label=pgettext_lazy("procedure facet", "How to apply"),
        restrict=lambda values: Q(
            pk__in=ProcedureChannel.objects.filter(channel__in=values).values("page")
        ),
        count=_count_channel,
        choices=dict(Channel.choices),
    ),
]
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}
QUERY_PARAM = "q"
PAGE_PARAM = "trang"


@dataclass
class ListingResult:
    query: str
    facets: list[Facet]
    page: PaginatorPage
    total: int
    #: Query string of the current filters without the page number, for pagination.
    base_query: str
    clear_url: str

    @property
    def filtered(self) -> bool:
        return bool(self.query or any(f.selected for f in self.facets))


class ProcedureListing:
    """Reads the filters from a query string and builds the list and its facets."""

    def __init__(self, index_page, params: Mapping):
        self.index_page = index_page
        # PostgreSQL refuses NUL characters in text: drop them from what is typed.
        query = str(params.get(QUERY_PARAM, "")).replace("\x00", "")
        self.query = " ".join(query.split())[:MAX_QUERY_LENGTH]
        self.page_number = params.get(PAGE_PARAM, 1)
        self.selected: dict[str, list[str]] = {}
        for spec in FACETS:
            values = params.getlist(spec.param) if hasattr(params, "getlist") else []
            values = [v.replace("\x00", "").strip() for v in values]
            values = [value for value in values if value]
            if spec.choices is not None:
                values = [value for value in values if value in spec.choices]
            # Keep the order, drop duplicates.
            self.selected[spec.name] = list(dict.fromkeys(values))[
                :MAX_VALUES_PER_FILTER
            ]
        #: Ids of the text matches, best first, when the search engine answered.
        self.ranking: list[int] | None = None

    def base_queryset(self) -> QuerySet:
        queryset = ProcedurePage.objects.child_of(self.index_page).live().public()
        if self.query:
            queryset, self.ranking = match_text(queryset, self.query)
        return queryset

    def restricted(self, queryset: QuerySet, *, except_facet: str | None = None):
        for spec in FACETS:
            values = self.selected[spec.name]
            if values and spec.name != except_facet:
                queryset = queryset.filter(spec.restrict(values))
        return queryset

    # -- addresses --------------------------------------------------------------

    def _pairs(self, selected: Mapping[str, list[str]]) -> list[tuple[str, str]]:
        pairs = [(QUERY_PARAM, self.query)] if self.query else []
        for spec in FACETS:
            pairs.extend((spec.param, value) for value in selected[spec.name])
        return pairs

    def _url(self, selected: Mapping[str, list[str]]) -> str:
        pairs = self._pairs(selected)
        return f"?{urlencode(pairs)}" if pairs else "?"

    def toggled_url(self, facet: str, value: str) -> str:
        selected = {name: list(values) for name, values in self.selected.items()}
        if value in selected[facet]:
            selected[facet].remove(value)
        else:
            selected[facet].append(value)
        return self._url(selected)

    # -- the result -------------------------------------------------------------

    def facet(self, spec: FacetSpec, base: QuerySet) -> Facet:
        counts = spec.count(self.restricted(base, except_facet=spec.name))
        chosen = self.selected[spec.name]
        if spec.choices is not None:
            labelled = {
                value: (label, counts.get(value, ("", 0))[1])
                for value, label in spec.choices.items()
            }
        else:
            labelled = dict(sorted(counts.items(), key=lambda item: fold(item[1][0])))
        options = [
            Option(
                value=value,
                label=str(label),
                count=count,
                selected=value in chosen,
                url=self.toggled_url(spec.name, value),
            )
            for value, (label, count) in labelled.items()
            if count or value in chosen
        ]
        # A value from a shared link that matches nothing still shows, to be removed.
        for value in chosen:
            if value not in labelled:
                options.append(
                    Option(value, value, 0, True, self.toggled_url(spec.name, value))
                )
        return Facet(spec.name, spec.param, spec.label, options)

    def build(self, per_page: int = 20) -> ListingResult:
        base = self.base_queryset()
        facets = [self.facet(spec, base) for spec in FACETS]
        results = (
            self.restricted(base)
            .select_related("field")
            .prefetch_related("implementing_agencies")
        )
        if self.ranking is None:
            paginator = Paginator(results.order_by("search_text", "pk"), per_page)
            page = paginator.get_page(self.page_number)
        else:
            page = self._ranked_page(results, per_page)
        base_pairs = self._pairs(self.selected)
        return ListingResult(
            query=self.query,
            facets=facets,
            page=page,
            total=page.paginator.count,
            base_query=urlencode(base_pairs),
            clear_url="?",
        )

    def _ranked_page(self, results: QuerySet, per_page: int) -> PaginatorPage:
        """The asked page in the search engine's order: the filtered ids (one
        query), then that page's procedures with their agencies."""
        allowed = set(results.order_by().values_list("pk", flat=True))
        ranked = [pk for pk in self.ranking or () if pk in allowed]
        page = Paginator(ranked, per_page).get_page(self.page_number)
        found = results.in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        return page


def level_counts(index_page) -> list[int]:
    """Live procedures of a list per level, in Level order, in one query."""
    counts = _count_choice("level", Level.choices)(
        ProcedurePage.objects.child_of(index_page).live()
    )
    return [counts.get(value, ("", 0))[1] for value in Level.values]
