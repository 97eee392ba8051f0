"""The demo's budget, statistics and open data pages: there, filled in, rendered,
and a member portal gets its own budget page."""

import io
from types import SimpleNamespace

from portal.core.sites import create_member_site
from portal.disclosure import demo as disclosure_demo
from portal.disclosure.models import (
    BudgetIndexPage,
    BudgetReportPage,
    IndicatorPage,
    IndicatorValue,
)


def command():
    return SimpleNamespace(stdout=io.StringIO(), stderr=io.StringIO())


def test_the_demo_pages_are_filled_in_and_load_twice_the_same(client, demo):
    budget = BudgetIndexPage.objects.child_of(demo.home).get()
    assert budget.figures.count() == len(disclosure_demo.PROVINCE_FIGURES)
    reports = BudgetReportPage.objects.child_of(budget)
    assert reports.count() == len(disclosure_demo.PROVINCE_REPORTS)
    assert all(report.attachments.exists() for report in reports)
    counts = (
        reports.count(),
        IndicatorPage.objects.count(),
        IndicatorValue.objects.count(),
    )
    disclosure_demo.load_demo(command(), demo.home)
    assert (
        reports.count(),
        IndicatorPage.objects.count(),
        IndicatorValue.objects.count(),
    ) == counts
    for path in ("/cong-khai-ngan-sach/", "/thong-ke/", "/du-lieu-mo/"):
        assert client.get(path).status_code == 200, path


def test_a_member_portal_discloses_its_own_budget(demo):
    member = create_member_site("Huyện Văn Giang", "vangiang.example.vn")
    budget = BudgetIndexPage.objects.child_of(member.home).get()
    disclosure_demo.load_member_demo(command())
    assert [figure.year for figure in budget.ordered_figures] == [2024, 2025]
    assert BudgetReportPage.objects.child_of(budget).count() == 1
