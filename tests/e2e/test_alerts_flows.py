"""Following a search by e-mail in a real browser, on a phone: subscribe from the
results, confirm from the mail received, unsubscribe in one click as a mail client
does (RFC 8058)."""

import re
import urllib.request

from django.core import mail
from playwright.sync_api import expect

from portal.alerts import tokens
from portal.alerts.models import Subscription
from tests.e2e.conftest import assert_fits


def _path_in(message, start: str) -> str:
    return next(
        word[word.index(start) :] for word in message.body.split() if start in word
    )


def test_follow_a_search_confirm_and_unsubscribe_in_one_click(
    make_page, site_url, axe_check, screenshot, unique
):
    email = f"theo-doi-{unique}@example.vn"
    page = make_page(width=360, height=740)
    page.goto("/tim-kiem/?q=quyet+dinh&type=legal")
    follow = page.locator("details.alerts-follow")
    expect(follow).not_to_have_attribute("open", "")
    follow.locator("summary").click()
    page.get_by_label("Địa chỉ e-mail của bạn").fill(email)
    page.get_by_label("Tần suất nhận thư").select_option(label="Hằng tuần")
    assert_fits(page, 360)
    axe_check(page, "tim-kiem-theo-doi")
    screenshot("theo-doi-360", page)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Kiểm tra hộp thư của bạn")).to_be_visible()

    (message,) = [m for m in mail.outbox if m.to == [email]]
    assert "quyet dinh" in message.subject
    page.goto(_path_in(message, "/theo-doi/xac-nhan/"))
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    expect(
        page.get_by_text(re.compile("Cảm ơn bạn. Bạn sẽ nhận thư về"))
    ).to_be_visible()
    subscription = Subscription.objects.get(subscriber__email=email)
    assert subscription.is_confirmed and subscription.frequency == "weekly"
    page.get_by_role("link", name="Xem và thay đổi các đăng ký của bạn").click()
    axe_check(page, "quan-ly")
    assert_fits(page, 360)
    assert not page.console_errors, page.console_errors

    # The mail client's one-click POST: no cookie, no CSRF token.
    url = tokens.link("alerts:unsubscribe", tokens.unsubscribe_token(subscription))
    path = url[url.index("/theo-doi/") :]
    request = urllib.request.Request(  # noqa: S310 - the live test server
        site_url + path,
        data=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        assert response.status == 200
    assert not Subscription.objects.filter(subscriber__email=email).exists()
