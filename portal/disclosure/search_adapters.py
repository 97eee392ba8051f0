"""Budget pages under the "Ngân sách" tab and statistics under "Thống kê" of the
site-wide search (see search.registry)."""

from __future__ import annotations

from django.utils.timezone import localdate
from django.utils.translation import pgettext_lazy

from cms_blocks.blocks import searchable_text
from search import registry
from search.addresses import page_address

from .models import (
    BudgetIndexPage,
    BudgetPeriod,
    BudgetReportPage,
    IndicatorPage,
    StatisticsIndexPage,
)
from .numbers import vietnamese_number

BUDGET = registry.Kind(
    "budget", pgettext_lazy("search result kind", "Budget"), order=40
)
STATISTICS = registry.Kind(
    "statistics", pgettext_lazy("search result kind", "Statistics"), order=45
)

_PERIODS = dict(BudgetPeriod.choices)


def _document(adapter, page, *, summary="", text="", facets=None, extra=None):
    url = page_address(page)
    if not url or not page.live:
        return None
    published = page.last_published_at or page.first_published_at
    return registry.IndexedDocument(
        key=adapter.key_for(page),
        kind=adapter.kind.name,
        title=page.title,
        url=url,
        summary=summary or page.search_description or page.intro,
        text="\n".join(
            part for part in [text, searchable_text(page.body)] if part.strip()
        ),
        date=localdate(published) if published else None,
        facets=facets or {},
        extra=extra or {},
    )


class BudgetIndexAdapter(registry.SearchAdapter):
    kind = BUDGET

    def get_queryset(self):
        return BudgetIndexPage.objects.live().public().prefetch_related("figures")

    def to_document(self, page):
        years = ", ".join(str(figure.year) for figure in page.figures.all())
        return _document(self, page, text=years)


class BudgetReportAdapter(registry.SearchAdapter):
    kind = BUDGET
    facets = {
        "year": pgettext_lazy("budget facet", "Year"),
        "period": pgettext_lazy("budget facet", "Period"),
    }

    def get_queryset(self):
        return BudgetReportPage.objects.live().public()

    def to_document(self, page):
        period = str(_PERIODS.get(page.period, page.period))
        return _document(
            self,
            page,
            text=f"{period} {page.year} {page.decision_number}",
            facets={"year": [str(page.year)], "period": [page.period]},
            extra={"year": page.year, "period": period},
        )

    def facet_labels(self, facet, values):
        if facet == "period":
            return {value: str(_PERIODS.get(value, value)) for value in values}
        return {value: value for value in values}


class StatisticsIndexAdapter(registry.SearchAdapter):
    kind = STATISTICS

    def get_queryset(self):
        return StatisticsIndexPage.objects.live().public()

    def to_document(self, page):
        return _document(self, page)


class IndicatorAdapter(registry.SearchAdapter):
    kind = STATISTICS

    def get_queryset(self):
        return IndicatorPage.objects.live().public().prefetch_related("values")

    def to_document(self, page):
        latest = page.latest_value()
        latest_text = (
            f"{latest.label}: {vietnamese_number(latest.value, page.decimals)} "
            f"{page.unit}"
            if latest
            else ""
        )
        return _document(
            self,
            page,
            summary=page.intro or latest_text,
            text=" ".join(filter(None, [page.field, page.source, latest_text])),
            extra={"unit": page.unit, "latest": latest_text},
        )


registry.register(BudgetIndexPage, BudgetIndexAdapter())
registry.register(BudgetReportPage, BudgetReportAdapter())
registry.register(StatisticsIndexPage, StatisticsIndexAdapter())
registry.register(IndicatorPage, IndicatorAdapter())
