"""The document list on a phone: results first, its seven filters folded behind one
button (the search page's pattern, search/js/facets.js); on a wide screen the
filters stand beside the results. The procedures list already puts its results
first, with a link to the filters below them."""

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def test_legal_list_on_a_phone_shows_results_first(make_page, screenshot):
    page = make_page(**PHONE)
    page.goto("/van-ban/")
    panel = page.locator("details.legal-filters-panel")
    filters = page.get_by_role("search", name="Lọc văn bản")
    expect(panel).not_to_have_attribute("open", "")
    expect(filters).to_be_hidden()
    first_row = page.locator("table.legal-table tbody tr").first
    assert first_row.bounding_box()["y"] < PHONE["height"], "first result off screen"
    screenshot("van-ban-390", page)

    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    expect(filters.get_by_label("Loại văn bản")).to_be_visible()
    expect(filters.get_by_role("button", name="Lọc")).to_be_visible()
    assert not page.console_errors, page.console_errors


def test_legal_list_with_filters_chosen_stays_folded_and_says_so(make_page):
    page = make_page(**PHONE)
    page.goto("/van-ban/?loai=quyet-dinh")
    panel = page.locator("details.legal-filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    expect(panel.locator("summary")).to_contain_text("đang lọc")
    first_row = page.locator("table.legal-table tbody tr").first
    assert first_row.bounding_box()["y"] < PHONE["height"]


def test_legal_list_on_a_wide_screen_keeps_the_filters_beside(make_page):
    page = make_page(width=1280, height=800)
    page.goto("/van-ban/")
    filters = page.get_by_role("search", name="Lọc văn bản")
    expect(filters.get_by_label("Loại văn bản")).to_be_visible()
    expect(page.locator("summary.legal-filters-panel__toggle")).to_be_hidden()
    # Side by side: the filters on the left, the results to their right.
    form_box = filters.bounding_box()
    results_box = page.locator("section.legal-results").bounding_box()
    assert form_box["x"] + form_box["width"] <= results_box["x"]
    assert abs(form_box["y"] - results_box["y"]) < 40


def test_legal_list_filters_show_without_javascript(chromium, site_url):
    context = chromium.new_context(
        base_url=site_url, viewport=PHONE, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/van-ban/")
        filters = page.get_by_role("search", name="Lọc văn bản")
        expect(filters.get_by_label("Loại văn bản")).to_be_visible()
    finally:
        context.close()


def test_procedure_list_on_a_phone_shows_results_first(make_page):
    page = make_page(**PHONE)
    page.goto("/thu-tuc-hanh-chinh/")
    first = page.locator(".procedure-card__title").first
    assert first.bounding_box()["y"] < PHONE["height"], "first procedure off screen"
    page.get_by_role("link", name="Lọc theo lĩnh vực, cấp, cơ quan…").click()
    expect(page.get_by_role("group", name="Cấp thực hiện")).to_be_in_viewport()
