"""Budget disclosure: editors enter figures and reports in the admin; citizens see
a chart with the same numbers as a table, the reports by year and period, and find
them by searching "ngan sach"."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.core.models import SectionPage
from portal.core.permissions import SECTION_EDITORS_PREFIX
from portal.disclosure.models import BudgetIndexPage, BudgetReportPage

from .conftest import publish

pytestmark = pytest.mark.usefixtures("shared_portal")


def budget_form(figures, **overrides):
    data = {
        "title": "Công khai ngân sách",
        "slug": "cong-khai-ngan-sach",
        "intro": "Công khai ngân sách địa phương.",
        "body": streamfield([]),
        "figures": inline_formset(figures),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def form_errors(response) -> str:
    form = response.context["form"]
    return repr(
        [form.errors]
        + [formset.errors for formset in getattr(form, "formsets", {}).values()]
    )


def figure(year, revenue="1000,5", expenditure="900", investment="", note=""):
    return {
        "year": year,
        "revenue": revenue,
        "expenditure": expenditure,
        "investment": investment,
        "note": note,
    }


def test_editor_creates_the_budget_page_with_figures(admin_client, portal):
    response = admin_client.post(
        f"/admin/pages/add/disclosure/budgetindexpage/{portal.home.pk}/",
        budget_form([figure(2024, "33480.0", "27654.1", "13972.5"), figure(2025)]),
    )
    assert response.status_code == 302, form_errors(response)
    page = BudgetIndexPage.objects.descendant_of(portal.home).get()
    assert page.live
    assert [str(f.revenue) for f in page.ordered_figures] == ["33480.0", "1000.5"]


def test_a_year_entered_twice_is_refused(admin_client, portal):
    response = admin_client.post(
        f"/admin/pages/add/disclosure/budgetindexpage/{portal.home.pk}/",
        budget_form([figure(2024), figure(2024)]),
    )
    assert response.status_code == 200
    assert "Kỳ này đã được nhập hai lần." in response.content.decode()
    assert not BudgetIndexPage.objects.descendant_of(portal.home).exists()


def test_editor_creates_a_report_with_its_table(admin_client, budget):
    document = get_document_model().objects.create(
        title="Biểu 46/CK-NSNN", file=ContentFile(b"x", name="bieu-46.xlsx")
    )
    data = nested_form_data(
        {
            "title": "Công khai dự toán ngân sách năm 2025",
            "slug": "du-toan-2025",
            "year": 2025,
            "period": "du-toan",
            "decision_number": "4512/QĐ-UBND",
            "disclosed_on": "2024-12-27",
            "intro": "",
            "body": streamfield([]),
            "attachments": inline_formset([{"document": document.pk, "title": ""}]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(
        f"/admin/pages/add/disclosure/budgetreportpage/{budget.pk}/", data
    )
    assert response.status_code == 302, form_errors(response)
    report = BudgetReportPage.objects.child_of(budget).get()
    assert report.attachments.get().display_title == "Biểu 46/CK-NSNN"


def test_the_budget_page_shows_an_accessible_chart_and_the_same_numbers(
    client, budget, make_report
):
    make_report(2024, "ca-nam", "Thực hiện ngân sách năm 2024")
    html = client.get(budget.url).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    chart_id = re.search(r'aria-labelledby="([^" ]+)-title \1-desc"', svg).group(1)
    assert f'<title id="{chart_id}-title">' in svg
    assert f'<desc id="{chart_id}-desc">' in svg
    # No JavaScript and nothing fetched from elsewhere.
    assert "<script" not in svg
    assert "pygal.js" not in html and "kozea.github.io" not in html
    # The numbers as a table, written the Vietnamese way.
    assert "33.480,0" in html
    assert "27.654,1" in html
    assert "Tổng thu" in html
    assert "Thực hiện ngân sách năm 2024" in html


def test_reports_are_listed_by_year_in_the_order_of_the_budget_year(
    client, budget, make_report
):
    make_report(2025, "6-thang", "Sáu tháng 2025")
    make_report(2025, "du-toan", "Dự toán 2025")
    make_report(2024, "quyet-toan", "Quyết toán 2024")
    html = client.get(budget.url).content.decode()
    assert html.index("Dự toán 2025") < html.index("Sáu tháng 2025")
    assert html.index("Sáu tháng 2025") < html.index("Quyết toán 2024")

    filtered = client.get(budget.url, {"nam": "2025", "ky": "du-toan"})
    text = filtered.content.decode()
    assert "Dự toán 2025" in text
    assert "Sáu tháng 2025" not in text and "Quyết toán 2024" not in text

    nothing = client.get(budget.url, {"nam": "1999"}).content.decode()
    assert "Không có báo cáo nào phù hợp." in nothing


def test_a_report_page_shows_its_facts_table_and_json_ld(client, make_report):
    document = get_document_model().objects.create(
        title="Biểu số liệu", file=ContentFile(b"x", name="bieu.xlsx")
    )
    from portal.disclosure.models import BudgetReportAttachment

    report = make_report(
        2025,
        "du-toan",
        "Công khai dự toán 2025",
        decision_number="4512/QĐ-UBND",
        disclosed_on="2024-12-27",
        attachments=[BudgetReportAttachment(document=document)],
    )
    html = client.get(report.url).content.decode()
    assert "27/12/2024" in html
    assert "<dd>Dự toán</dd>" in html
    assert "Biểu số liệu" in html and "XLSX" in html
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data["@type"] == "Report"
    assert data["reportNumber"] == "4512/QĐ-UBND"
    assert data["datePublished"] == "2024-12-27"


def test_ngan_sach_finds_the_budget_pages(client, budget, make_report, commit):
    from search import indexing

    report = make_report(2025, "du-toan", "Công khai dự toán ngân sách năm 2025")
    commit()
    indexing.drain()
    response = client.get("/tim-kiem/", {"q": "ngan sach"})
    results = response.context["results"]
    urls = {hit.url for hit in results.results}
    assert {budget.url, report.url} <= urls
    assert {hit.kind for hit in results.results if hit.url == report.url} == {"budget"}
    assert "Ngân sách" in response.content.decode()


def test_an_editor_of_another_section_cannot_edit_the_budget(
    client, budget, portal, django_user_model
):
    publish(portal.home, SectionPage(title="Giới thiệu", slug="gioi-thieu"))
    Group.objects.filter(name__startswith=SECTION_EDITORS_PREFIX).delete()
    call_command("bootstrap_permissions", stdout=io.StringIO())
    intro_editor = django_user_model.objects.create_user(
        username="btv-gioithieu", password="mat-khau-bien-tap-123"
    )
    intro_editor.groups.add(
        Group.objects.get(name=f"{SECTION_EDITORS_PREFIX}Giới thiệu")
    )
    client.force_login(intro_editor)
    assert client.get(f"/admin/pages/{budget.pk}/edit/").status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{budget.pk}/edit/",
        budget_form([figure(2030)], title="Bị sửa trái phép"),
    )
    assert response.status_code in (302, 403)
    budget.refresh_from_db()
    assert budget.title == "Công khai ngân sách"

    budget_editor = django_user_model.objects.create_user(
        username="btv-ngansach", password="mat-khau-bien-tap-123"
    )
    budget_editor.groups.add(
        Group.objects.get(name=f"{SECTION_EDITORS_PREFIX}Công khai ngân sách")
    )
    client.force_login(budget_editor)
    assert client.get(f"/admin/pages/{budget.pk}/edit/").status_code == 200


def test_the_budget_pages_are_in_the_sitemap(client, budget, make_report):
    report = make_report(2025, "du-toan")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert budget.full_url in sitemap and report.full_url in sitemap


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567.25, 2, "1.234.567,25"),
        (12, 0, "12"),
        (None, 1, ""),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, decimals, expected):
    from portal.disclosure.numbers import vietnamese_number

    assert vietnamese_number(value, decimals) == expected
