"""Lists of pages with filters from the query string, facet counts, text search, sort
and pages: the service behind the document list and the procedure list.

An app declares what is particular to its list (a `Listing` subclass: the pages, the
`Facet` of each filter, the sorts, how to match text without the search engine) and
this module does the rest the same way for every list:

- every filter is a query-string parameter (Vietnamese, ASCII) whose values are slugs
  or codes, so that any list a visitor sees can be shared as a link; values that
  cannot be right are dropped, never refused;
- facet counts follow the usual faceted-search rule: the counts of one filter are
  those of the list filtered by every *other* filter, so a visitor sees how many
  pages each choice would give; one query per facet, whatever the number of pages;
- free text goes to the site search (`search.service.ranked_object_ids`), whose
  ranking orders the list when no other sort is chosen; when no engine answers, the
  app's own database match is used;
- the page number comes from ``?page=`` (`portal.core.pagination`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, IntegerField, QuerySet, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from wagtail.models import Site

from portal.core.caching import (
    SEARCH_TAG,
    cached_value,
    depends_on,
    page_tag,
    type_tag,
)
from portal.core.pagination import page_number
from search.forms import MAX_QUERY_LENGTH, SORT_LABELS
from search.service import MAX_RANKED_IDS, ranked_object_ids
from search.text import fold, vietnamese_slug

QUERY_PARAM = "q"
SORT_PARAM = "sap-xep"
#: The sort that follows the search engine's ranking (the default when one answers).
RELEVANCE = "lien-quan"
#: Values per filter; more is not a real request.
MAX_VALUES_PER_FILTER = 20
#: Longest filter value (slugs are at most 255 characters).
MAX_VALUE_LENGTH = 255


@dataclass(frozen=True)
class Facet:
    """One filter of a list, as its app declares it."""

    #: Query-string parameter that carries the filter's values.
    param: str
    label: str
    #: The ORM lookup the values are compared with and counted by (a slug or code,
    #: an annotation, a transform such as ``issued_date__year``).
    field: str
    #: The lookup of a value's name, for vocabularies kept in the database.
    label_field: str | None = None
    #: For fixed vocabularies: every value and its label, in display order.
    choices: Mapping[str, str] | None = None
    #: Several values at once (any of them matches), or one.
    multiple: bool = False
    #: How options without fixed choices are ordered: by folded label, most
    #: frequent first, or by value, last first (years).
    order: Literal["label", "count", "value_desc"] = "label"
    #: A further test of a value from the query string.
    accepts: Callable[[str], bool] | None = None

    def is_valid(self, value: str) -> bool:
        if not value or len(value) > MAX_VALUE_LENGTH:
            return False
        if self.choices is not None and value not in self.choices:
            return False
        return self.accepts is None or self.accepts(value)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    #: The list's address with this option toggled.
    url: str


@dataclass
class FacetResult:
    param: str
    label: str
    multiple: bool
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


class LazyListingResult:
    """A list's `ListingResult`, computed when a template first reads it: a page
    whose list comes from the fragment cache (see `Listing.cache_key`) does not run
    the list at all. What the list shows (its words and filters, what following
    it keeps) is known without running it."""

    def __init__(self, listing: Listing):
        self.listing = listing

    @cached_property
    def result(self) -> ListingResult:
        return self.listing.run()

    @property
    def query(self) -> str:
        return self.listing.query

    @property
    def selected(self) -> dict[str, list[str]]:
        return self.listing.selected

    @property
    def has_filters(self) -> bool:
        return bool(self.listing.selected or self.listing.query)

    @property
    def followed_query(self) -> str:
        return self.listing.followed_query()

    def __getattr__(self, name: str):
        # Anything else is the result's.
        return getattr(self.result, name)


@dataclass(frozen=True)
class Sort:
    label: str
    order_by: tuple[str, ...]


@dataclass
class SortOption:
    value: str
    label: str
    selected: bool


@dataclass
class ListingResult:
    page: PaginatorPage
    count: int
    facets: list[FacetResult]
    query: str
    sort: str
    sort_options: list[SortOption]
    #: Values chosen per facet parameter.
    selected: dict[str, list[str]]
    has_filters: bool
    #: The list's address without any filter or words.
    clear_url: str = "?"

    @property
    def followed_query(self) -> str:
        return followed_query(self.query, self.selected)


def followed_query(query: str, selected: Mapping[str, list[str]]) -> str:
    """What a list shows, as a query string without its page and sort: the words
    and the chosen filters (what following the list by e-mail keeps)."""
    pairs = [(QUERY_PARAM, query)] if query else []
    for param, values in selected.items():
        pairs.extend((param, value) for value in values)
    return urlencode(pairs)


def _is_many_valued(model, lookup: str) -> bool:
    """Does `lookup` cross a relation with several rows per page (many-to-many, or
    a child table)? Filtering on it by a join would then repeat pages."""
    opts = model._meta
    for part in lookup.split(LOOKUP_SEP):
        try:
            model_field = opts.get_field(part)
        except FieldDoesNotExist:
            return False  # an annotation or a transform
        if not model_field.is_relation:
            return False
        if model_field.many_to_many or model_field.one_to_many:
            return True
        opts = model_field.related_model._meta
    return False


def _values(params: Mapping, name: str) -> list[str]:
    if hasattr(params, "getlist"):
        return params.getlist(name)
    value = params.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class Listing:
    """Filters the live pages of a list with a query string's parameters."""

    #: The page model listed.
    model: type
    #: The site search's kind of these pages (``ranked_object_ids``).
    search_kind: str
    facets: Sequence[Facet] = ()
    #: Orders a visitor may choose with ``?sap-xep=``, besides `RELEVANCE`; none:
    #: the list has no sort choice.
    sorts: Mapping[str, Sort] = {}
    #: The order without a text query (and under `RELEVANCE` without a ranking).
    order_by: tuple[str, ...] = ("pk",)
    #: The name of the cached counts (see `counts`).
    cache_name: str = ""

    def __init__(self, index_page, params: Mapping, request=None, site=None):
        self.index_page = index_page
        self.request = request
        #: The site the list is seen on when there is no request (an alert's).
        self.site = site
        # NUL cannot be stored or compared in PostgreSQL text: drop it.
        query = str(params.get(QUERY_PARAM) or "").replace("\x00", "")
        # Longer input is cut, never refused.
        self.query = " ".join(query.split())[:MAX_QUERY_LENGTH]
        sort = params.get(SORT_PARAM) if self.sorts else None
        self.sort = sort if sort in self.sorts else RELEVANCE
        self.page_number = page_number(params)
        self.selected: dict[str, list[str]] = {}
        for facet in self.facets:
            values = [
                value.replace("\x00", "").strip()
                for value in _values(params, facet.param)
            ]
            # Keep the order, drop duplicates and what cannot be a value.
            values = list(dict.fromkeys(v for v in values if facet.is_valid(v)))
            values = values[:MAX_VALUES_PER_FILTER] if facet.multiple else values[-1:]
            if values:
                self.selected[facet.param] = values
        self.per_page = min(max(index_page.per_page or 20, 5), 100)
        #: Ids of the text matches, best first, when the search engine answered.
        self.ranking: list[int] | None = None

    # -- what each list declares ---------------------------------------------------

    def pages(self) -> QuerySet:
        """The live pages of the list, before any filter."""
        raise NotImplementedError

    def match_in_database(self, queryset: QuerySet, query: str) -> QuerySet:
        """The pages matching `query` when no search engine answers."""
        raise NotImplementedError

    def with_related(self, queryset: QuerySet) -> QuerySet:
        """The list's page of results with what its template shows."""
        return queryset

    def cache_vary(self) -> tuple:
        """What else the counts depend on, besides the content and the filters."""
        return ()

    # -- filters ---------------------------------------------------------------------

    def matching(self, among: Collection[int]) -> list[int]:
        """Which of the pages `among` the list shows with its words and filters:
        what an alert following the list reports of them (portal.alerts). Without
        a request the list is seen as an anonymous visitor of `site` sees it."""
        queryset = self.pages().filter(pk__in=list(among))
        if self.query:
            queryset = self.match_text(queryset, among=among)
        return list(self.filtered(queryset).values_list("pk", flat=True))

    def match_text(self, queryset: QuerySet, among: Collection[int] = ()) -> QuerySet:
        """The pages matching the words, and `ranking` when the site search answered.

        The search engine matches every field it indexes, with or without
        diacritics; if no engine answers, the app's database match is used.
        `among`: only these pages are asked about (see `matching`).
        """
        if not vietnamese_slug(self.query):
            return queryset  # nothing but punctuation: no words to look for
        site = (
            self.site if self.request is None else Site.find_for_request(self.request)
        )
        # What the engine answers follows its index (portal.core.caching).
        depends_on(SEARCH_TAG, request=self.request)
        ranking = ranked_object_ids(
            self.query,
            self.search_kind,
            limit=len(among) if among else MAX_RANKED_IDS,
            site=site,
            keys=[f"{self.search_kind}:{pk}" for pk in among],
        )
        if ranking is None:
            return self.match_in_database(queryset, self.query)
        self.ranking = [int(pk) for pk in ranking if pk.isdigit()]
        return queryset.filter(pk__in=self.ranking)

    def base_queryset(self) -> QuerySet:
        queryset = self.pages()
        if self.query:
            queryset = self.match_text(queryset)
        return queryset

    def within(self, base: QuerySet) -> QuerySet:
        """The pages of `base`, as a query whose conditions are compiled once.

        The list's queries (the total, each facet's counts, the page shown) each
        start from the list's pages; compiling its conditions (the tree, the sites,
        the view restrictions, the words' matches) into each of them cost more than
        running them. Its SQL is kept as text, and each filters on it instead.
        """
        try:
            sql, params = (
                base.order_by().values("pk").query.get_compiler(base.db).as_sql()
            )
        except EmptyResultSet:  # e.g. words that matched nothing
            return self.model._default_manager.none()
        # The SQL Django compiled, with its values still apart as parameters.
        condition = RawSQL(sql, params)  # noqa: S611
        return self.model._default_manager.filter(pk__in=condition)

    def restrict(self, queryset: QuerySet, facet: Facet, values: list[str]):
        lookup = {f"{facet.field}__in": values}
        if _is_many_valued(self.model, facet.field):
            # A subquery, so that a page with two of the values is listed once.
            matching = self.model._default_manager.filter(**lookup).values("pk")
            return queryset.filter(pk__in=matching)
        return queryset.filter(**lookup)

    def filtered(self, queryset: QuerySet, skip: str | None = None) -> QuerySet:
        for facet in self.facets:
            if facet.param != skip and facet.param in self.selected:
                values = self.selected[facet.param]
                queryset = self.restrict(queryset, facet, values)
        return queryset

    # -- addresses -------------------------------------------------------------------

    def url(self, selected: Mapping[str, list[str]]) -> str:
        pairs = [(QUERY_PARAM, self.query)] if self.query else []
        if self.sort != RELEVANCE:
            pairs.append((SORT_PARAM, self.sort))
        for facet in self.facets:
            pairs.extend(
                (facet.param, value) for value in selected.get(facet.param, ())
            )
        return f"?{urlencode(pairs)}" if pairs else "?"

    def toggled_url(self, facet: Facet, value: str) -> str:
        chosen = self.selected.get(facet.param, [])
        if value in chosen:
            values = [v for v in chosen if v != value]
        else:
            values = [*chosen, value] if facet.multiple else [value]
        return self.url({**self.selected, facet.param: values})

    def followed_query(self) -> str:
        return followed_query(self.query, self.selected)

    def cache_dependencies(self) -> tuple[str, ...]:
        """What the list's cached parts are built from (portal.core.caching): the
        pages it lists, of whatever site, and the list's page."""
        return (type_tag(self.model), page_tag(self.index_page.pk))

    def cache_key(self) -> str | None:
        """What the list's HTML depends on besides the content, the site and the
        language: the list, `cache_vary` and the query string (the pages' links
        keep every parameter). None with words: their matches follow the search
        index, which catches up with the content a little later."""
        if self.query or self.request is None:
            return None
        parts = (self.index_page.pk, *self.cache_vary(), self.request.GET.urlencode())
        return "|".join(str(part) for part in parts)

    def selected_labels(self) -> list[tuple[str, list[str]]]:
        """Each chosen filter's label and its values' names, in the facets' order
        (one query per filter whose names are in the database)."""
        described = []
        for facet in self.facets:
            values = self.selected.get(facet.param)
            if not values:
                continue
            if facet.choices is not None:
                names = {
                    value: str(facet.choices.get(value, value)) for value in values
                }
            elif facet.label_field:
                names = dict(
                    self.model._default_manager.filter(**{f"{facet.field}__in": values})
                    .order_by()
                    .values_list(facet.field, facet.label_field)
                    .distinct()
                )
            else:
                names = {}
            described.append(
                (str(facet.label), [str(names.get(value, value)) for value in values])
            )
        return described

    # -- counts ----------------------------------------------------------------------

    def for_facet(self, queryset: QuerySet, facet: Facet) -> QuerySet:
        """`queryset` with what filtering or counting by `facet` needs (an
        annotation the other filters do without, say)."""
        return queryset

    def facet_rows(self, base: QuerySet, facet: Facet, position: int) -> QuerySet:
        """The values of a facet with their counts, every other filter applied, as
        rows of one shape whatever the facet (see `count_rows`)."""
        return (
            self.filtered(self.for_facet(base, facet), skip=facet.param)
            .order_by()
            .values(
                facet_position=Value(position, output_field=IntegerField()),
                value=Cast(facet.field, CharField()),
                name=F(facet.label_field)
                if facet.label_field
                else Value("", output_field=CharField()),
            )
            .annotate(count=Count("pk", distinct=True))
            .order_by()
        )

    def count_rows(self, base: QuerySet) -> tuple[int, list[list[dict]]]:
        """The number of matches and every facet's rows, in one query (a UNION ALL
        of the total and the facets' counts)."""
        total_row = (
            self.filtered(base)
            .order_by()
            .values(
                facet_position=Value(-1, output_field=IntegerField()),
                value=Value("", output_field=CharField()),
                name=Value("", output_field=CharField()),
            )
            .annotate(count=Count("pk", distinct=True))
            .order_by()
        )
        parts = [
            self.facet_rows(base, facet, position)
            for position, facet in enumerate(self.facets)
        ]
        rows: list[list[dict]] = [[] for _facet in self.facets]
        total = 0
        for row in total_row.union(*parts, all=True):
            if row["facet_position"] < 0:
                total = row["count"]
            else:
                rows[row["facet_position"]].append(row)
        return total, rows

    def facet_result(self, facet: Facet, rows: list[dict]) -> FacetResult:
        """The options of a facet from its rows (`facet_rows`)."""
        counted: dict[str, tuple[str, int]] = {}
        for row in rows:
            if row["value"] in (None, ""):
                continue
            value = str(row["value"])
            label = str(
                facet.choices.get(value, value)
                if facet.choices is not None
                else row.get("name") or value
            )
            counted[value] = (label, row["count"])
        chosen = self.selected.get(facet.param, [])
        # A value from a shared link that matches nothing still shows, to be removed.
        for value in chosen:
            if value not in counted:
                label = facet.choices.get(value, value) if facet.choices else value
                counted[value] = (str(label), 0)
        options = [
            FacetOption(
                value, label, count, value in chosen, self.toggled_url(facet, value)
            )
            for value, (label, count) in counted.items()
        ]
        if facet.choices is not None:
            order = {value: index for index, value in enumerate(facet.choices)}
            options.sort(key=lambda option: order.get(option.value, len(order)))
        elif facet.order == "value_desc":
            options.sort(key=lambda option: option.value, reverse=True)
        elif facet.order == "count":
            options.sort(key=lambda option: (-option.count, fold(option.label)))
        else:
            options.sort(key=lambda option: fold(option.label))
        return FacetResult(facet.param, str(facet.label), facet.multiple, options)

    def facet_counts(self, base: QuerySet, facet: Facet) -> FacetResult:
        """The options of one facet with their counts, every other filter applied
        (one query)."""
        position = self.facets.index(facet)
        return self.facet_result(facet, list(self.facet_rows(base, facet, position)))

    def count_all(self, base: QuerySet) -> tuple[int, list[FacetResult]]:
        total, rows = self.count_rows(base)
        facets = [
            self.facet_result(facet, facet_rows)
            for facet, facet_rows in zip(self.facets, rows, strict=True)
        ]
        return total, facets

    def counts(self, base: QuerySet) -> tuple[int, list[FacetResult]]:
        """The number of matches and the facets, in one query.

        Without a text query both follow the pages alone: they are cached by content
        version, list, filters and `cache_vary`, so a list visitors open again costs
        no count queries. With one, they also follow the search index, which catches
        up with the content a little later: computed every time.
        """
        if self.query:
            return self.count_all(base)
        return cached_value(
            f"{self.cache_name or self.model._meta.label_lower}:list_counts",
            lambda: self.count_all(base),
            request=self.request,
            vary=(
                self.index_page.pk,
                *self.cache_vary(),
                sorted(self.selected.items()),
                self.sort,  # in the options' addresses
            ),
            depends=self.cache_dependencies(),
        )

    # -- the result ------------------------------------------------------------------

    def sort_options(self) -> list[SortOption]:
        if not self.sorts:
            return []
        labels = {RELEVANCE: SORT_LABELS["relevance"]}
        labels.update((value, sort.label) for value, sort in self.sorts.items())
        return [
            SortOption(value, str(label), value == self.sort)
            for value, label in labels.items()
        ]

    def run(self) -> ListingResult:
        base = self.within(self.base_queryset())
        matches = self.with_related(self.filtered(base))
        count, facets = self.counts(base)
        if self.sort == RELEVANCE and self.ranking is not None:
            page = self._ranked_page(matches)
        else:
            sort = self.sorts.get(self.sort)
            order_by = sort.order_by if sort else self.order_by
            paginator = Paginator(matches.order_by(*order_by), self.per_page)
            paginator.count = count  # known: no COUNT query
            page = paginator.get_page(self.page_number)
        return ListingResult(
            page=page,
            count=page.paginator.count,
            facets=facets,
            query=self.query,
            sort=self.sort,
            sort_options=self.sort_options(),
            selected=self.selected,
            has_filters=bool(self.selected or self.query),
        )

    def _ranked_page(self, matches: QuerySet) -> PaginatorPage:
        """The asked page in the search engine's order: the filtered ids first (one
        query), then the pages of that page (one more)."""
        allowed = set(matches.order_by().values_list("pk", flat=True))
        ranked = [pk for pk in self.ranking or () if pk in allowed]
        page = Paginator(ranked, self.per_page).get_page(self.page_number)
        found = matches.in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        return page
