"""A citizen on a phone looks for a body in the demo portal: the organisation
chart, a body's page, the directory searched without diacritics and its
printable copy; each page checked with axe and at 360 px."""

import json

from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits


def test_chart_body_page_and_directory_on_a_phone(make_page, site_url, axe_check):
    page = make_page(width=360, height=740)
    page.goto("/gioi-thieu/co-cau-to-chuc/")
    tree = page.get_by_role("navigation", name="Sơ đồ tổ chức")
    expect(
        tree.get_by_role("link", name="Ủy ban nhân dân tỉnh Hưng Yên")
    ).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "co-cau-to-chuc")

    tree.get_by_role("link", name="Sở Tư pháp", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Sở Tư pháp")).to_be_visible()
    expect(page.get_by_text("Giờ làm việc")).to_be_visible()
    expect(page.get_by_role("link", name="0221 3863 226").first).to_have_attribute(
        "href", "tel:02213863226"
    )
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "GovernmentOrganization"
    assert data["parentOrganization"]["name"] == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert_fits(page, 360)
    axe_check(page, "co-quan-so-tu-phap")

    page.goto("/danh-ba/")
    assert_fits(page, 360)
    axe_check(page, "danh-ba")
    search = page.get_by_role("search", name="Tìm cơ quan hoặc cán bộ")
    search.get_by_label("Tìm cơ quan hoặc cán bộ").fill("chanh van phong so")
    search.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("row", name="Nguyễn Thị Ngọc Ánh")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Ủy ban nhân dân huyện Văn Giang")
    ).to_have_count(0)
    assert_fits(page, 360)
    axe_check(page, "danh-ba-tim")

    page.get_by_role("link", name="Bản in").click()
    expect(page.get_by_text("Nguyễn Thị Ngọc Ánh")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "danh-ba-ban-in")
