"""The budget figures and the statistics in the open data catalogue
(portal.core.datasets)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Site

from portal.core.datasets import page_url_builder, register_dataset

from .models import BudgetFigure, BudgetIndexPage, IndicatorPage

BUDGET_COLUMNS = [
    ("portal", _("Publisher")),
    ("year", _("Year")),
    ("revenue", _("Total revenue (billion đồng)")),
    ("expenditure", _("Total expenditure (billion đồng)")),
    ("investment", _("Investment expenditure (billion đồng)")),
    ("note", pgettext_lazy("budget figure", "Note")),
    ("url", _("Address")),
]


def publisher_of() -> Callable[[str], str]:
    """url_path -> the name of the site the page is on (its portal)."""
    roots = sorted(
        (
            (site.root_page.url_path, site.site_name or site.hostname)
            for site in Site.objects.select_related("root_page")
        ),
        key=lambda root: len(root[0]),
        reverse=True,
    )

    def publisher(url_path: str) -> str:
        return next((name for root, name in roots if url_path.startswith(root)), "")

    return publisher


def budget_rows():
    url = page_url_builder()
    publisher = publisher_of()
    pages = {
        page.pk: page
        for page in BudgetIndexPage.objects.live().public().only("title", "url_path")
    }
    figures = BudgetFigure.objects.filter(page__in=list(pages)).order_by(
        "page__path", "year"
    )
    for figure in figures.iterator(chunk_size=500):
        page = pages[figure.page_id]
        yield {
            "portal": publisher(page.url_path),
            "year": figure.year,
            "revenue": figure.revenue,
            "expenditure": figure.expenditure,
            "investment": figure.investment,
            "note": figure.note,
            "url": url(page.url_path),
        }


def budget_updated():
    return (
        BudgetIndexPage.objects.live()
        .public()
        .aggregate(last=Max("last_published_at"))["last"]
    )


def statistics_rows():
    for page in (
        IndicatorPage.objects.live()
        .public()
        .prefetch_related("values")
        .order_by("field", "title")
    ):
        yield from page.value_rows()


def statistics_updated():
    return (
        IndicatorPage.objects.live()
        .public()
        .aggregate(last=Max("last_published_at"))["last"]
    )


def register_datasets() -> None:
    register_dataset(
        "ngan-sach",
        _("State budget: headline figures"),
        _(
            "Total revenue, total expenditure and investment expenditure per year, in "
            "billions of đồng, as each portal discloses them."
        ),
        budget_rows,
        BUDGET_COLUMNS,
        budget_updated,
    )
    register_dataset(
        "thong-ke",
        _("Statistical indicators"),
        _("Every value of every published statistical indicator, by year or quarter."),
        statistics_rows,
        IndicatorPage.VALUE_COLUMNS,
        statistics_updated,
    )
