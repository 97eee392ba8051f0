"""axe-core and a 360 px phone on the pages citizens use most."""

import pytest

from tests.e2e.conftest import assert_fits

PAGES = {
    "trang-chu": "/",
    "tin-tuc": "/tin-tuc/cai-cach-hanh-chinh/ban-hanh-ke-hoach-cai-cach-hanh-chinh-nam-2020/",
    "danh-sach-van-ban": "/van-ban/?loai=quyet-dinh",
    "van-ban": "/van-ban/146-kh-ubnd/",
    "danh-sach-thu-tuc": "/thu-tuc-hanh-chinh/?cap=xa",
    "thu-tuc": "/thu-tuc-hanh-chinh/dang-ky-khai-sinh-1-001193/",
    "tim-kiem": "/tim-kiem/?q=ke+hoach+146",
    "tim-kiem-van-ban": "/tim-kiem/?q=cai+cach+hanh+chinh&type=legal",
    "hoi-dap": "/hoi-dap/",
}


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_problem(browser_page, axe_check, screenshot, name):
    response = browser_page.goto(PAGES[name])
    assert response.status == 200
    axe_check(browser_page, name)
    assert not browser_page.console_errors, browser_page.console_errors


@pytest.mark.parametrize("name", PAGES)
def test_fits_a_360px_phone(make_page, screenshot, name):
    page = make_page(width=360, height=740)
    page.goto(PAGES[name])
    assert_fits(page, 360)
    screenshot(f"{name}-360", page)
    assert not page.console_errors, page.console_errors
