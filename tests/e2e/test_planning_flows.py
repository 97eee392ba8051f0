"""Plans and projects in a real browser: a citizen filters the plan list on a
phone, opens the provincial planning, then finds a project through the site
search; every page passes axe and fits 360 px."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits

PHONE = {"width": 360, "height": 740}


def test_a_citizen_filters_plans_and_reads_the_provincial_planning(
    make_page, axe_check, screenshot
):
    page = make_page(**PHONE)
    page.goto("/quy-hoach-ke-hoach/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Chiến lược, quy hoạch, kế hoạch"
    )
    assert_fits(page, 360)
    axe_check(page, "quy-hoach-ke-hoach")
    screenshot("quy-hoach-ke-hoach-360", page)

    # The filters come after the list on a phone, behind a link.
    page.get_by_role("link", name=re.compile("Lọc theo loại")).click()
    filters = page.locator("#planning-filters")
    filters.get_by_label(re.compile(r"^Quy hoạch \(\d+\)")).check()
    filters.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page).to_have_url(re.compile(r"loai=quy-hoach"))
    cards = page.locator(".planning-card")
    expect(cards.first).to_be_visible()
    for kind in cards.locator(
        ".planning-card__meta span:first-child"
    ).all_inner_texts():
        assert kind == "Quy hoạch"

    page.get_by_role("link", name=re.compile("Quy hoạch tỉnh Hưng Yên")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Quy hoạch tỉnh Hưng Yên thời kỳ 2021–2030"
    )
    expect(page.get_by_text("Quyết định số 489/QĐ-TTg ngày 10/06/2024")).to_be_visible()
    expect(
        page.get_by_text("2021–2030, tầm nhìn đến năm 2050", exact=True)
    ).to_be_visible()
    expect(page.locator(".planning-map img").first).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "quy-hoach-tinh")
    screenshot("quy-hoach-tinh-360", page)
    assert not page.console_errors, page.console_errors


def test_a_citizen_finds_a_project_and_its_bids(make_page, axe_check, screenshot):
    page = make_page(**PHONE)
    page.goto("/du-an-dau-tu/")
    assert_fits(page, 360)
    axe_check(page, "du-an-dau-tu")

    page.goto("/tim-kiem/?q=ngan+sach+tinh&type=project")
    result = page.get_by_role("link", name=re.compile("Cải tạo, nâng cấp đường tỉnh"))
    expect(result.first).to_be_visible()
    result.first.click()
    expect(page.get_by_text("1.234.567.890.000 đồng")).to_be_visible()
    expect(page.locator("progress#planning-progress")).to_have_attribute("value", "45")
    notices = page.locator("table.planning-notices")
    expect(notices).to_contain_text("Gói thầu số 05")
    expect(notices).to_contain_text("Chưa công bố")
    assert_fits(page, 360)
    axe_check(page, "du-an")
    screenshot("du-an-360", page)
    assert not page.console_errors, page.console_errors


def test_the_lists_on_a_wide_screen(make_page, axe_check):
    page = make_page(width=1280, height=800)
    for path in ("/quy-hoach-ke-hoach/", "/du-an-dau-tu/?loai=mua-sam"):
        page.goto(path)
        expect(page.locator("#planning-filters")).to_be_visible()
        axe_check(page)
    assert not page.console_errors, page.console_errors
