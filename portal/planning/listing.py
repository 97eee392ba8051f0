"""The plan list and the project list: their filters and text match (see
`portal.core.listing`), in a fixed number of queries whatever their length."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.listing import Facet, Listing, Sort
from search.text import fold

from .models import (
    PlanKind,
    PlanPage,
    PlanStatus,
    ProjectKind,
    ProjectPage,
    ProjectStatus,
)
from .models.base import is_year

#: More words than this add nothing but cost a LIKE each.
MAX_QUERY_WORDS = 12


def folded_text_match(queryset: QuerySet, query: str) -> QuerySet:
    """Pages whose title, decision number or introduction hold every word of
    `query`, compared folded ("quy hoach tinh" finds "Quy hoạch tỉnh"): what a
    list answers when the search engine cannot."""
    for word in fold(query).split()[:MAX_QUERY_WORDS]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def shared_facets(kinds, statuses) -> list[Facet]:
    """The filters both lists offer, with each list's own kinds and statuses."""
    return [
        Facet(
            "loai",
            pgettext_lazy("planning facet", "Kind"),
            "kind",
            choices=dict(kinds),
            multiple=True,
        ),
        Facet(
            "linh-vuc",
            pgettext_lazy("planning facet", "Field"),
            "sector__slug",
            "sector__name",
            multiple=True,
        ),
        Facet(
            "nam",
            pgettext_lazy("planning facet", "Year"),
            "year",
            order="value_desc",
            accepts=is_year,
        ),
        Facet(
            "tinh-trang",
            pgettext_lazy("planning facet", "Status"),
            "status",
            choices=dict(statuses),
            multiple=True,
        ),
        Facet(
            "dia-ban",
            pgettext_lazy("planning facet", "Area"),
            "areas__slug",
            "areas__name",
            multiple=True,
        ),
    ]


NEWEST_FIRST = ("-year", "search_text", "pk")
SORTS = {
    "moi-nhat": Sort(_("Newest first"), NEWEST_FIRST),
    "ten": Sort(pgettext_lazy("planning sort", "By name"), ("search_text", "pk")),
}


class ApprovedPageListing(Listing):
    """The live pages under a list page, filtered by the request's parameters."""

    sorts = SORTS
    order_by = NEWEST_FIRST

    def pages(self) -> QuerySet:
        return self.model.objects.child_of(self.index_page).live().public()

    def match_in_database(self, queryset: QuerySet, query: str) -> QuerySet:
        return folded_text_match(queryset, query)

    def with_related(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("sector").prefetch_related("areas")


class PlanListing(ApprovedPageListing):
    model = PlanPage
    search_kind = "plan"
    facets = shared_facets(PlanKind.choices, PlanStatus.choices)
    cache_name = "planning:plans"


class ProjectListing(ApprovedPageListing):
    model = ProjectPage
    search_kind = "project"
    facets = shared_facets(ProjectKind.choices, ProjectStatus.choices)
    cache_name = "planning:projects"
