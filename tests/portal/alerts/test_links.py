"""The signed links of the mails: confirm, manage, unsubscribe (RFC 8058)."""

import datetime
import time

import pytest
from django.test import Client
from django.utils import timezone

from portal.alerts import subscriptions, tokens
from portal.alerts.models import Frequency, Subscriber, Subscription, next_due
from portal.core import changes
from portal.core.mail import OutgoingMail, RefusedAddress, queue
from tests.factories import LegalDocumentPageFactory, NewsIndexPageFactory

from .conftest import link_in

pytestmark = pytest.mark.usefixtures("shared_portal")

INVALID = "Liên kết không còn hiệu lực"


def one_click(mail_client, path: str):
    """The POST a mail client sends for RFC 8058: no cookie, no CSRF token."""
    return mail_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


@pytest.fixture
def subscribed(portal, client, subscribe_from, mailbox):
    """Subscribe dan@example.vn to a document (daily); its confirmation mail."""
    document = LegalDocumentPageFactory(parent=portal.legal, title="Về đất đai")
    subscribe_from(client, document.url, "dan@example.vn")
    return mailbox[-1]


def test_the_confirmation_link_confirms_on_post_only(subscribed, client):
    link = link_in(subscribed, "/theo-doi/xac-nhan/")
    shown = client.get(link)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Về đất đai" in html and "Xác nhận đăng ký" in html
    assert "no-cache" in shown["Cache-Control"] or "no-store" in shown["Cache-Control"]
    # A mail scanner opening the link confirms nothing.
    client.get(link)
    assert not Subscription.objects.get().is_confirmed

    before = timezone.now()
    confirmed = client.post(link)
    assert confirmed.status_code == 200
    assert "Cảm ơn bạn. Bạn sẽ nhận thư về “Về đất đai”." in confirmed.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at >= before
    assert subscription.last_change == changes.last_id() > 0
    assert subscription.next_due_at == next_due(
        Frequency.DAILY, subscription.confirmed_at
    )
    # Twice: nothing changes.
    first = subscription.confirmed_at
    assert client.post(link).status_code == 200
    assert Subscription.objects.get().confirmed_at == first


def test_an_invalid_or_expired_confirmation_link_says_so(
    portal, client, subscribe_from, mailbox, monkeypatch
):
    response = client.get("/theo-doi/xac-nhan/khong-hop-le/")
    assert response.status_code == 404
    html = response.content.decode()
    assert INVALID in html
    assert "Để đăng ký lại" in html  # and how to subscribe again

    document = LegalDocumentPageFactory(parent=portal.legal)
    eight_days_ago = time.time() - 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
    subscribe_from(client, document.url, "dan@example.vn")
    monkeypatch.undo()
    expired = client.post(link_in(mailbox[-1], "/theo-doi/xac-nhan/"))
    assert expired.status_code == 404
    assert "đã hết hạn" in expired.content.decode()
    assert not Subscription.objects.get().is_confirmed


def test_one_click_unsubscribe_without_csrf_or_cookies(subscribed):
    subscription = Subscription.objects.get()
    url = tokens.link("alerts:unsubscribe", tokens.unsubscribe_token(subscription))
    path = url.removeprefix("http://testserver")
    mail_client = Client(enforce_csrf_checks=True)
    response = one_click(mail_client, path)
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # It followed nothing else: the address is gone too.
    assert not Subscriber.objects.exists()
    # The link has done its work.
    assert mail_client.post(path).status_code == 404


def test_the_unsubscribe_page_asks_with_one_button(subscribed, client):
    subscription = Subscription.objects.get()
    path = "/theo-doi/huy/" + tokens.unsubscribe_token(subscription) + "/"
    page = client.get(path)
    assert page.status_code == 200
    assert "Ngừng nhận thư về “Về đất đai”?" in page.content.decode()
    assert Subscription.objects.exists()  # GET changes nothing
    done = client.post(path)
    assert "Bạn sẽ không nhận thư về “Về đất đai” nữa." in done.content.decode()
    assert not Subscription.objects.exists()


def _manage_path(subscriber) -> str:
    return "/theo-doi/quan-ly/" + tokens.manage_token(subscriber) + "/"


def test_the_manage_page_lists_changes_and_deletes(
    portal, subscribed, client, subscribe_from
):
    category = NewsIndexPageFactory(parent=portal.news, title="Tin hoạt động")
    subscribe_from(client, category.url, "dan@example.vn", frequency="weekly")
    subscriber = Subscriber.objects.get()
    document_subscription, news_subscription = subscriber.subscriptions.all()
    subscriptions.confirm(document_subscription)
    path = _manage_path(subscriber)

    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "dan@example.vn" in html
    assert "Về đất đai" in html and "Tin hoạt động" in html
    assert "Đã xác nhận ngày" in html and "Chưa xác nhận" in html
    assert "Nghị định 13/2023/NĐ-CP" in html
    assert "sẽ bị xóa sau 7 ngày" in html
    token = csrf_client.cookies["csrftoken"].value

    changed = csrf_client.post(
        path,
        {
            "csrfmiddlewaretoken": token,
            "action": "frequency",
            "subscription": document_subscription.pk,
            "frequency": "weekly",
        },
        follow=True,
    )
    assert "Từ nay bạn sẽ nhận “Về đất đai”: hằng tuần." in changed.content.decode()
    document_subscription.refresh_from_db()
    assert document_subscription.frequency == Frequency.WEEKLY
    assert document_subscription.next_due_at.weekday() == 0  # a Monday

    csrf_client.post(
        path,
        {
            "csrfmiddlewaretoken": token,
            "action": "delete",
            "subscription": news_subscription.pk,
        },
    )
    assert list(subscriber.subscriptions.all()) == [document_subscription]


def test_another_subscribers_subscription_cannot_be_touched(
    portal, subscribed, client, subscribe_from
):
    document = LegalDocumentPageFactory(parent=portal.legal)
    subscribe_from(client, document.url, "khac@example.vn")
    other = Subscription.objects.get(subscriber__email="khac@example.vn")
    path = _manage_path(Subscriber.objects.get(email="dan@example.vn"))
    client.post(path, {"action": "delete", "subscription": other.pk})
    response = client.post(
        path, {"action": "frequency", "subscription": other.pk, "frequency": "weekly"}
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.frequency == Frequency.DAILY


def test_erasing_leaves_nothing_of_the_address(subscribed, client):
    subscriber = Subscriber.objects.get()
    queue("dan@example.vn", "Thư chờ gửi", "…", kind="alert")
    queue("khac@example.vn", "Thư của người khác", "…", kind="alert")
    RefusedAddress.objects.create(email="dan@example.vn", refusals=1)
    path = _manage_path(subscriber)
    response = client.post(path, {"action": "erase"})
    assert response.status_code == 200
    assert "Địa chỉ của bạn, mọi nội dung đã theo dõi" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [
        "khac@example.vn"
    ]
    assert not RefusedAddress.objects.exists()
    # Every link sent before is void.
    assert client.get(path).status_code == 404
    assert client.post(link_in(subscribed, "/theo-doi/xac-nhan/")).status_code == 404


def test_the_manage_link_is_mailed_only_to_a_known_address(
    subscribed, client, post_commit, mailbox
):
    index = client.get("/theo-doi/")
    assert index.status_code == 200
    assert "Nghị định 13/2023/NĐ-CP" in index.content.decode()
    mailbox.clear()
    known = post_commit(client, "/theo-doi/lien-ket/", {"email": "DAN@example.vn"})
    unknown = post_commit(client, "/theo-doi/lien-ket/", {"email": "ai@example.vn"})
    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().replace("DAN@example.vn", "@") == (
        unknown.content.decode().replace("ai@example.vn", "@")
    )
    (message,) = mailbox
    assert message.to == ["dan@example.vn"]
    manage = client.get(link_in(message, "/theo-doi/quan-ly/"))
    assert manage.status_code == 200
    assert "Về đất đai" in manage.content.decode()


def test_expired_unconfirmed_subscriptions_are_deleted_with_their_address(
    portal, subscribed
):
    confirmed_document = LegalDocumentPageFactory(parent=portal.legal)
    keeper = Subscriber.objects.create(email="giu@example.vn")
    kept = Subscription.objects.create(
        subscriber=keeper,
        kind=Subscription.Kind.TOPIC,
        topic=changes.page_topic(confirmed_document.pk),
        label="x",
        created_at=timezone.now() - datetime.timedelta(days=30),
        confirmed_at=timezone.now() - datetime.timedelta(days=29),
    )
    assert subscriptions.delete_expired() == 0
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    assert subscriptions.delete_expired(now=later) == 1
    assert list(Subscription.objects.all()) == [kept]
    assert list(Subscriber.objects.all()) == [keeper]


def test_one_click_unsubscribe_from_every_alert_of_one_frequency(
    portal, client, subscribe_from
):
    """What an alert mail's List-Unsubscribe header names: every subscription of
    that mail's frequency, and no other."""
    first, second, third = LegalDocumentPageFactory.create_batch(3, parent=portal.legal)
    for document, frequency in ((first, "daily"), (second, "daily"), (third, "weekly")):
        subscribe_from(client, document.url, "dan@example.vn", frequency=frequency)
    subscriber = Subscriber.objects.get()
    path = "/theo-doi/huy-tat-ca/" + tokens.unsubscribe_all_token(subscriber, "daily")
    path += "/"

    page = client.get(path)
    assert page.status_code == 200
    assert "Ngừng mọi thông báo bạn nhận hằng ngày?" in page.content.decode()
    assert subscriber.subscriptions.count() == 3

    mail_client = Client(enforce_csrf_checks=True)
    done = one_click(mail_client, path)
    assert done.status_code == 200
    assert "Bạn không còn nhận thông báo nào hằng ngày." in done.content.decode()
    assert [s.frequency for s in subscriber.subscriptions.all()] == ["weekly"]
    # Again: nothing left to do, said plainly.
    assert mail_client.post(path).status_code == 200
    assert client.get("/theo-doi/huy-tat-ca/sai/").status_code == 404
