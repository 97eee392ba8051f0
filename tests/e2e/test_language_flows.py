"""A foreign investor reads the English section: /en/ in English throughout,
the language switch to a page's Vietnamese counterpart and back, on a phone;
checked with axe."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits


def test_english_section_and_the_language_switch(make_page, site_url, axe_check):
    page = make_page(width=360, height=740)
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page).to_have_title("Home | Hung Yen Province Web Portal")
    assert_fits(page, 360)
    axe_check(page, "en-home")

    page.goto("/en/about/")
    expect(page.get_by_role("heading", level=1, name="About Hung Yen")).to_be_visible()
    switch = page.get_by_role("navigation", name="Languages")
    switch.get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(f"{site_url}/gioi-thieu/")
    assert page.locator("html").get_attribute("lang") == "vi"
    expect(page.get_by_role("heading", level=1, name="Giới thiệu")).to_be_visible()

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role(
        "link", name="English"
    ).click()
    expect(page).to_have_url(f"{site_url}/en/about/")

    page.goto("/en/about/organisation/")
    page.get_by_role("link", name="Department of Justice").click()
    expect(
        page.get_by_role("heading", level=1, name="Department of Justice")
    ).to_be_visible()
    expect(page.get_by_text("Opening hours")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "en-body")
