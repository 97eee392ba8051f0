"""Leaders, their work schedule and the press page in a real browser, on a
phone: every new page passes axe and fits 360 px."""

import re

from django.utils.timezone import localdate
from playwright.sync_api import expect

from tests.e2e.conftest import assert_fits


def test_leaders_schedule_and_press_on_a_phone(make_page, axe_check, screenshot):
    page = make_page(width=360, height=740)

    page.goto("/lanh-dao/")
    expect(page.get_by_role("heading", level=1, name="Lãnh đạo")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "lanh-dao")
    page.get_by_role("link", name="Nguyễn Văn Thành").click()
    expect(page.get_by_role("heading", name="Lĩnh vực phụ trách")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "lanh-dao-chu-tich")

    # From the leader to their own week of the schedule.
    page.get_by_role("link", name="Lịch công tác").last.click()
    expect(page).to_have_url(re.compile(r"/lich-cong-tac/\?lanh-dao=nguyen-van-thanh"))
    expect(page.get_by_text("Tiếp công dân định kỳ")).to_be_visible()
    expect(page.get_by_text("Dự lễ phát động phong trào")).to_have_count(0)
    assert_fits(page, 360)

    page.goto("/lich-cong-tac/")
    today = localdate()
    if today.weekday() < 5:  # the demo's week has entries Monday to Friday
        today_section = page.locator('section[aria-current="date"]')
        expect(today_section).to_contain_text(today.strftime("%d/%m/%Y"))
        expect(today_section).to_contain_text("Hôm nay")
    assert_fits(page, 360)
    axe_check(page, "lich-cong-tac")
    screenshot("lich-cong-tac-360", page)
    # Choosing a leader keeps the week in the address.
    page.get_by_label("Lãnh đạo", exact=True).select_option("le-minh-quang")
    page.get_by_role("button", name="Xem lịch").click()
    expect(page).to_have_url(re.compile(r"tuan=\d{4}-W\d{2}&lanh-dao=le-minh-quang"))
    expect(page.get_by_text("Ban Chỉ đạo chuyển đổi số")).to_be_visible()
    page.get_by_role("link", name=re.compile("Tuần sau")).click()
    expect(page.get_by_text("Đối thoại với doanh nghiệp")).to_be_visible()
    axe_check(page, "lich-cong-tac-tuan-sau")

    page.get_by_role("link", name="Bản in lịch tuần").click()
    expect(page.locator("table.schedule-table")).to_be_visible()
    axe_check(page, "lich-cong-tac-ban-in")

    feed = page.request.get("/lich-cong-tac/ics/")
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in feed.text()

    page.goto("/hop-bao/")
    expect(page.get_by_role("heading", name="Người phát ngôn")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "hop-bao")
    page.get_by_role("link", name=re.compile("^Họp báo thông tin về tình hình")).click()
    expect(page.get_by_role("heading", name="Kết quả họp báo")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "hop-bao-chi-tiet")
    page.goto("/hop-bao/?loai=thong-cao")
    page.get_by_role("link", name=re.compile("mở rộng thủ tục hành chính")).click()
    expect(page.get_by_role("heading", name="Tệp đính kèm")).to_be_visible()
    assert_fits(page, 360)
    axe_check(page, "thong-cao-bao-chi")
    assert not page.console_errors, page.console_errors
