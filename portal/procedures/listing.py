"""The procedure list: its filters and text match (see `portal.core.listing`), in a
fixed number of queries whatever the number of procedures."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import pgettext_lazy

from portal.core.listing import Facet, Listing
from search.text import fold

from .models import Channel, Level, OnlineLevel, ProcedurePage

#: More words than this add nothing but cost a LIKE each.
MAX_QUERY_WORDS = 12


def folded_text_match(queryset: QuerySet, query: str) -> QuerySet:
    """Procedures whose code, title or summary contain every word of `query`, compared
    folded, so "cap giay phep xay dung" finds "Cấp giấy phép xây dựng": what the list
    answers when the search engine cannot."""
    for word in fold(query).split()[:MAX_QUERY_WORDS]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


FACETS = [
    Facet(
        "linh-vuc",
        pgettext_lazy("procedure facet", "Field"),
        "field__slug",
        "field__name",
        multiple=True,
    ),
    Facet(
        "cap",
        pgettext_lazy("procedure facet", "Level"),
        "level",
        choices=dict(Level.choices),
        multiple=True,
    ),
    Facet(
        "co-quan",
        pgettext_lazy("procedure facet", "Agency"),
        "implementing_agencies__slug",
        "implementing_agencies__name",
        multiple=True,
    ),
    Facet(
        "muc-do",
        pgettext_lazy("procedure facet", "Online service level"),
        "online_level",
        choices=dict(OnlineLevel.choices),
        multiple=True,
    ),
    Facet(
        "cach-thuc",
        pgettext_lazy("procedure facet", "How to apply"),
        "channels__channel",
        choices=dict(Channel.choices),
        multiple=True,
    ),
]


class ProcedureListing(Listing):
    """The live procedures of a list, filtered by the request's parameters."""

    model = ProcedurePage
    search_kind = "procedure"
    facets = FACETS
    order_by = ("search_text", "pk")
    cache_name = "procedures"

    def pages(self) -> QuerySet:
        return ProcedurePage.objects.child_of(self.index_page).live().public()

    def match_in_database(self, queryset: QuerySet, query: str) -> QuerySet:
        return folded_text_match(queryset, query)

    def with_related(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("field").prefetch_related(
            "implementing_agencies"
        )


def level_counts(index_page) -> list[int]:
    """Live procedures of a list per level, in Level order, in one query."""
    counts = dict(
        ProcedurePage.objects.child_of(index_page)
        .live()
        .order_by()
        .values_list("level")
        .annotate(count=Count("pk"))
    )
    return [counts.get(value, 0) for value in Level.values]
