"""An editor writes and publishes a news item in the admin; visitors see it at once."""

import re

from playwright.sync_api import expect

from portal.news.models import NewsIndexPage, NewsPage
from tests.e2e.conftest import admin_login, autosaved


def test_editor_publishes_news_seen_on_home_page_and_in_its_category(
    browser_page, make_page, admin_user, screenshot, unique, settings
):
    # Anonymous pages are cached here, as in production: publishing must show anyway.
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    category = NewsIndexPage.objects.get(slug="tin-hoat-dong")
    visitor = make_page()
    for _ in range(2):  # the second visit is served from the cache
        visitor.goto("/")
        visitor.goto(category.url)

    title = f"Hưng Yên khai trương Trung tâm phục vụ hành chính công mới {unique}"
    sapo = "Trung tâm mới tiếp nhận hồ sơ của người dân và doanh nghiệp từ hôm nay."
    paragraph = (
        "Trung tâm bố trí 40 quầy tiếp nhận, có khu vực hỗ trợ nộp hồ sơ trực tuyến "
        "và thanh toán phí, lệ phí không dùng tiền mặt."
    )

    page = browser_page
    admin_login(page, admin_user)
    # From the category in the page explorer: add a child page of type "Tin bài".
    page.goto(f"/admin/pages/{category.pk}/")
    page.get_by_role(
        "link", name=re.compile("Thêm trang con|Add child page")
    ).first.click()
    page.get_by_role("link", name=re.compile("^Tin bài")).first.click()
    expect(page).to_have_url(
        re.compile(rf"/admin/pages/add/news/newspage/{category.pk}/")
    )
    page.locator("#id_title").fill(title)
    page.locator("#id_sapo").fill(sapo)

    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name=re.compile("Chèn|Insert", re.I)).first.click()
    page.get_by_role("option", name=re.compile("^Đoạn văn|^Paragraph")).or_(
        page.get_by_role("button", name=re.compile("^Đoạn văn|^Paragraph"))
    ).first.click()
    editor = body.locator("[contenteditable='true']").first
    editor.click()
    editor.type(paragraph)
    # The editor copies what is typed into the form field as it goes: wait for the
    # paragraph's last words, or a busy machine publishes half of it.
    expect(body.locator("input[type='hidden'][name^='body-0-value']")).to_have_value(
        re.compile("không dùng tiền mặt")
    )
    screenshot("soan-tin")
    autosaved(page)

    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=re.compile("Xuất bản|Publish")).click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile("xuất bản|published", re.I)
    )
    screenshot("da-xuat-ban")
    news = NewsPage.objects.get(title=title)
    assert news.live
    assert news.get_parent().pk == category.pk

    # An anonymous visitor sees it at once on the home page...
    visitor.goto("/")
    link = visitor.get_by_role("link", name=title).first
    expect(link).to_be_visible()
    screenshot("trang-chu", visitor)
    # ...and first in its category.
    visitor.goto(category.url)
    expect(visitor.get_by_role("link", name=title).first).to_be_visible()
    screenshot("chuyen-muc", visitor)
    visitor.get_by_role("link", name=title).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator("main")).to_contain_text(sapo)
    expect(visitor.locator("main")).to_contain_text(paragraph)
    screenshot("tin-moi", visitor)
    assert not visitor.console_errors, visitor.console_errors
