"""An editor rearranges the home page's sections in the admin; visitors see the new
order at once."""

import re

from playwright.sync_api import expect

from portal.core.models import HomePage
from tests.e2e.conftest import admin_login, autosaved


def positions(page, *selectors: str) -> list[int]:
    """Where each selector's first element starts in the page's HTML."""
    html = page.content()
    return [html.index(selector) for selector in selectors]


def test_editor_moves_a_section_and_the_home_page_follows(
    browser_page, make_page, admin_user, screenshot, settings
):
    # Anonymous pages are cached here, as in production: publishing must show anyway.
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    home = HomePage.objects.get(depth=2, sites_rooted_here__is_default_site=True)
    stored = list(home.sections.raw_data)
    assert [block["type"] for block in stored] == ["news_top", "columns"]
    columns_id = stored[1]["id"]
    top, grid = 'class="home-news-top"', 'class="home-grid"'

    visitor = make_page()
    for _ in range(2):  # the second visit is served from the cache
        visitor.goto("/")
    assert positions(visitor, top, grid) == sorted(positions(visitor, top, grid))

    page = browser_page
    admin_login(page, admin_user)
    try:
        page.goto(f"/admin/pages/{home.pk}/edit/")
        expect(page.get_by_text("Bố cục trang chủ").first).to_be_visible()
        columns = page.locator(f"[data-contentpath='{columns_id}']")
        # The columns block's own "move up" (its children have theirs below it).
        columns.locator("[data-streamfield-action='MOVE_UP']").first.click()
        screenshot("bo-cuc-da-doi")
        autosaved(page)
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
        page.get_by_role("button", name=re.compile("Xuất bản|Publish")).click()
        expect(page.locator(".messages")).to_contain_text(
            re.compile("xuất bản|published", re.I)
        )
        home.refresh_from_db()
        assert [block["type"] for block in home.sections.raw_data] == [
            "columns",
            "news_top",
        ]

        # The visitor's next look shows the columns first, the top story after.
        visitor.goto("/")
        expect(visitor.locator(".home-news-top")).to_be_visible()
        grid_at, top_at = positions(visitor, grid, top)
        assert grid_at < top_at
        screenshot("trang-chu-moi", visitor)
    finally:
        # Later flows meet the demo's home page as it was.
        home = HomePage.objects.get(pk=home.pk)
        home.sections = stored
        home.save_revision().publish()
