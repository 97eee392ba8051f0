"""Flows on the core portal: a citizen on a phone, an editor publishing, and axe."""

import re

from playwright.sync_api import expect

from portal.core.models import SectionPage
from tests.e2e.conftest import admin_login, autosaved


def test_home_page_on_a_phone_with_usable_menu(make_page, screenshot):
    page = make_page(width=360, height=740)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Chuyển đến nội dung chính")).to_be_attached()
    # Nothing sticks out sideways at 360 px.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"page is {scroll_width}px wide at 360px"
    screenshot("trang-chu-360", page)

    navigation = page.get_by_role("navigation", name=re.compile("chính|Main", re.I))
    toggle = navigation.get_by_role("button", name="Danh mục")
    link = navigation.get_by_role("link", name="Giới thiệu").first
    # Folded on a phone: the page comes first, not a screenful of links.
    expect(link).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(link).to_be_visible()
    screenshot("trinh-don-mo", page)
    link.click()
    expect(page).to_have_url(re.compile(r"/gioi-thieu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Giới thiệu")
    assert not page.console_errors, page.console_errors


def test_editor_publishes_a_page_that_appears_on_its_section(
    browser_page, make_page, admin_user, screenshot, settings
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    visitor = make_page()
    visitor.goto("/gioi-thieu/")  # cached for anonymous visitors from here on
    visitor.goto("/gioi-thieu/")

    page = browser_page
    admin_login(page, admin_user)
    intro = SectionPage.objects.get(slug="gioi-thieu")
    page.goto(f"/admin/pages/add/core/sectionpage/{intro.pk}/")
    page.locator("#id_title").fill("Quy hoạch tỉnh thời kỳ 2021 - 2030")
    page.locator("#id_intro").fill("Quy hoạch tỉnh Hưng Yên thời kỳ 2021 - 2030.")
    screenshot("soan-trang")
    autosaved(page)
    # "Publish" lives in the menu next to "Save draft" in the editor's footer.
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=re.compile("Xuất bản|Publish")).click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile("xuất bản|published", re.I)
    )
    screenshot("da-xuat-ban")

    visitor.goto("/gioi-thieu/")
    link = visitor.get_by_role("link", name="Quy hoạch tỉnh thời kỳ 2021 - 2030")
    expect(link).to_be_visible()
    link.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Quy hoạch tỉnh thời kỳ 2021 - 2030"
    )
    screenshot("khach-xem-trang-moi", visitor)


def test_home_and_section_have_no_serious_accessibility_problems(
    browser_page, axe_check, screenshot
):
    for url in ("/", "/gioi-thieu/", "/gioi-thieu/tong-quan/"):
        browser_page.goto(url)
        axe_check(browser_page)
    screenshot("tong-quan")
    assert not browser_page.console_errors, browser_page.console_errors
