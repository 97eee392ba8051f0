"""What a citizen, journalist or reuser does with the disclosed figures, in a real
browser: read the budget chart and its table, pick a year's reports, open an
indicator and download its CSV, take a dataset from the open data catalogue.
Every page passes axe and fits a 360 px phone."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits


def check(page, axe_check, name):
    axe_check(page, name)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_fits(page, 360)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not page.console_errors, page.console_errors


def test_budget_chart_table_and_reports(make_page, axe_check):
    page = make_page()
    page.goto("/cong-khai-ngan-sach/")
    chart = page.get_by_role("img", name=re.compile("Thu, chi ngân sách theo năm"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Thu, chi ngân sách"))
    expect(table.get_by_role("rowheader", name="2025")).to_be_visible()
    expect(table).to_contain_text("35.100,0")
    check(page, axe_check, "cong-khai-ngan-sach")

    page.get_by_label("Năm", exact=True).select_option("2025")
    page.get_by_label("Kỳ", exact=True).select_option("du-toan")
    page.get_by_role("button", name="Xem").click()
    assert "nam=2025" in page.url and "ky=du-toan" in page.url
    report = page.get_by_role(
        "link", name=re.compile("dự toán ngân sách địa phương năm 2025")
    )
    expect(report).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("6 tháng"))).to_have_count(0)
    report.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("năm 2025")
    expect(page.get_by_role("link", name=re.compile("Biểu công khai"))).to_be_visible()
    expect(page.locator("dl.disclosure-facts")).to_contain_text("27/12/2024")
    check(page, axe_check, "bao-cao-ngan-sach")


def test_statistics_indicator_and_its_csv(make_page, axe_check):
    page = make_page()
    page.goto("/thong-ke/")
    expect(page.get_by_role("heading", name="Kinh tế")).to_be_visible()
    check(page, axe_check, "thong-ke")

    page.get_by_role("link", name=re.compile("Tốc độ tăng trưởng")).click()
    expect(
        page.get_by_role("img", name=re.compile("Tốc độ tăng trưởng"))
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("8,40")
    check(page, axe_check, "chi-tieu-thong-ke")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Tải về số liệu")).click()
    content = open(download_info.value.path(), encoding="utf-8").read()
    assert content.startswith("\ufeffChỉ tiêu,")
    assert "Tốc độ tăng trưởng" in content


def test_open_data_catalogue_and_a_download(make_page, axe_check):
    page = make_page()
    page.goto("/du-lieu-mo/")
    expect(page.get_by_role("heading", name="Chỉ tiêu thống kê")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("CC BY 4.0"))).to_be_visible()
    check(page, axe_check, "du-lieu-mo")

    response = page.request.get("/du-lieu-mo/thong-ke/json/")
    assert response.ok
    data = response.json()
    assert data["name"] == "thong-ke"
    assert any(row["indicator"].startswith("Dân số") for row in data["rows"])
