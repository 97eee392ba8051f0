"""Following a search by e-mail in a real browser, on a phone: subscribe from the
results, confirm from the mail received, hear of a new decision, unsubscribe in one
click from the alert."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from portal.alerts import sending
from portal.alerts.models import Subscription
from portal.legal.models import LegalDocumentIndexPage
from search import indexing
from tests.e2e.conftest import assert_fits
from tests.factories import LegalDocumentPageFactory


def _path_in(message, start: str) -> str:
    body = message.get_body(("plain",)).get_content()
    return next(word[word.index(start) :] for word in body.split() if start in word)


def test_follow_a_search_confirm_hear_and_unsubscribe_in_one_click(
    make_page, site_url, axe_check, screenshot, unique, smtp
):
    """Everything through the real SMTP server in process (tests/smtp.py)."""
    email = f"theo-doi-{unique}@example.vn"
    page = make_page(width=360, height=740)
    page.goto("/tim-kiem/?q=quyet+dinh&type=legal")
    follow = page.locator("details.alerts-follow")
    expect(follow).not_to_have_attribute("open", "")
    follow.locator("summary").click()
    page.get_by_label("Địa chỉ e-mail của bạn").fill(email)
    page.get_by_label("Tần suất nhận thư").select_option(label="Ngay lập tức")
    assert_fits(page, 360)
    axe_check(page, "tim-kiem-theo-doi")
    screenshot("theo-doi-360", page)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Kiểm tra hộp thư của bạn")).to_be_visible()

    (confirmation,) = smtp.to(email)
    assert "quyet dinh" in confirmation["Subject"]
    page.goto(_path_in(confirmation, "/theo-doi/xac-nhan/"))
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    expect(
        page.get_by_text(re.compile("Cảm ơn bạn. Bạn sẽ nhận thư về"))
    ).to_be_visible()
    subscription = Subscription.objects.get(subscriber__email=email)
    assert subscription.is_confirmed and subscription.frequency == "immediate"
    page.get_by_role("link", name="Xem và thay đổi các đăng ký của bạn").click()
    axe_check(page, "quan-ly")
    assert_fits(page, 360)
    assert not page.console_errors, page.console_errors

    # A decision is published: the next run of send_alerts tells the subscriber.
    number = f"{unique[:6]}/QĐ-UBND"
    LegalDocumentPageFactory(
        parent=LegalDocumentIndexPage.objects.live().order_by("path").first(),
        number=number,
        title=f"Quyết định phê duyệt kế hoạch thử nghiệm {unique}",
        issued_date=timezone.localdate(),
    )
    indexing.drain()
    sending.run(now=timezone.now() + datetime.timedelta(seconds=30))
    (alert,) = [
        m for m in smtp.to(email) if m["Message-ID"] != confirmation["Message-ID"]
    ]
    assert number in alert.get_body(("plain",)).get_content()
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A long header is folded after its name: parsers keep the folding space.
    unsubscribe = str(alert["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<http") and "/theo-doi/huy-tat-ca/" in unsubscribe

    # "Stop this alert" in the mail: one click on the page it opens.
    page.goto(_path_in(alert, "/theo-doi/huy/"))
    page.get_by_role("button", name="Hủy đăng ký").click()
    expect(page.get_by_role("heading", name="Bạn đã hủy đăng ký")).to_be_visible()
    assert not Subscription.objects.filter(subscriber__email=email).exists()
