"""Following a page, a list or a search by e-mail, from the page itself."""

from urllib.parse import parse_qsl

import pytest
from django.test import Client

from portal.alerts.models import Frequency, Subscriber, Subscription
from portal.core.changes import page_topic
from portal.core.mail import OutgoingMail
from tests.factories import (
    DocumentTypeFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    ProcedureFieldFactory,
    ProcedurePageFactory,
)

from .conftest import follow_form, link_in

pytestmark = pytest.mark.usefixtures("shared_portal")

CHECK_INBOX = "Kiểm tra hộp thư của bạn"


def only_subscription() -> Subscription:
    (subscription,) = Subscription.objects.select_related("subscriber")
    return subscription


def test_a_legal_document_is_followed_from_its_page(
    portal, csrf_client, subscribe_from, mailbox
):
    document = LegalDocumentPageFactory(parent=portal.legal, title="Về đất đai")
    html = csrf_client.get(document.url).content.decode()
    assert "Nhận thông báo qua e-mail" in html
    assert "Theo dõi văn bản này: nhận thư khi văn bản bị sửa đổi, thay thế" in html
    assert 'autocomplete="email"' in html and 'inputmode="email"' in html

    response = subscribe_from(csrf_client, document.url, "Nguoi.Dan@Example.vn")

    assert response.status_code == 200
    assert CHECK_INBOX in response.content.decode()
    subscription = only_subscription()
    assert subscription.subscriber.email == "nguoi.dan@example.vn"
    assert subscription.kind == Subscription.Kind.TOPIC
    assert subscription.topic == page_topic(document.pk)
    assert subscription.page_id == document.pk
    assert subscription.label == "Về đất đai"
    assert subscription.frequency == Frequency.DAILY
    assert not subscription.is_confirmed
    assert subscription.site_id == portal.site.pk


def test_the_confirmation_mail_says_what_and_how_in_both_parts(
    portal, client, subscribe_from, mailbox
):
    document = LegalDocumentPageFactory(parent=portal.legal, title="Về đất đai")
    subscribe_from(client, document.url, "dan@example.vn", frequency="weekly")

    (message,) = mailbox
    assert message.to == ["dan@example.vn"]
    assert message.subject == "Xác nhận đăng ký nhận thông báo: Về đất đai"
    assert "Về đất đai (hằng tuần)" in message.body
    assert "http://testserver/theo-doi/xac-nhan/" in message.body
    assert "nếu bạn không yêu cầu, hãy bỏ qua thư này" in message.body.lower()
    assert "sẽ không có thư nào được gửi" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert link_in(message, "/theo-doi/xac-nhan/") in html
    assert "Xác nhận đăng ký" in html
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT
    assert OutgoingMail.objects.get().kind == "confirm"


def test_a_news_category_is_followed_from_its_page(portal, client, subscribe_from):
    category = NewsIndexPageFactory(parent=portal.news, title="Cải cách hành chính")
    assert "Nhận thư khi có tin mới trong chuyên mục này." in (
        client.get(category.url).content.decode()
    )
    subscribe_from(client, category.url, "dan@example.vn")
    subscription = only_subscription()
    assert subscription.topic == page_topic(category.pk)
    assert subscription.label == "Cải cách hành chính"


def test_a_procedure_page_follows_its_field(portal, client, subscribe_from):
    field = ProcedureFieldFactory(name="Hộ tịch")
    procedure = ProcedurePageFactory(parent=portal.procedures, field=field)
    html = client.get(procedure.url).content.decode()
    assert "Theo dõi lĩnh vực Hộ tịch" in html
    subscribe_from(client, procedure.url, "dan@example.vn", frequency="immediate")
    subscription = only_subscription()
    assert subscription.kind == Subscription.Kind.TOPIC
    assert subscription.topic == f"procedure-field:{field.pk}"
    assert subscription.page_id is None
    assert subscription.label == "Hộ tịch"
    assert subscription.frequency == Frequency.IMMEDIATE


def test_a_filtered_document_list_keeps_its_filters_not_its_page_or_sort(
    portal, client, subscribe_from
):
    doc_type = DocumentTypeFactory(name="Quyết định")
    LegalDocumentPageFactory(parent=portal.legal, doc_type=doc_type)
    url = f"{portal.legal.url}?loai={doc_type.slug}&sap-xep=cu-nhat&page=2&nam=abc"
    subscribe_from(client, url, "dan@example.vn")
    subscription = only_subscription()
    assert subscription.kind == Subscription.Kind.LIST
    assert subscription.page_id == portal.legal.pk
    assert parse_qsl(subscription.query) == [("loai", doc_type.slug)]
    assert subscription.label == "Văn bản · Loại văn bản: Quyết định"


def test_the_same_list_typed_two_ways_is_one_subscription(
    portal, client, subscribe_from
):
    doc_type = DocumentTypeFactory(name="Quyết định")
    LegalDocumentPageFactory(parent=portal.legal, doc_type=doc_type)
    subscribe_from(client, f"{portal.legal.url}?loai={doc_type.slug}", "a@example.vn")
    subscribe_from(
        client, f"{portal.legal.url}?sap-xep=moi-nhat&loai={doc_type.slug}", "b@ex.vn"
    )
    first, second = Subscription.objects.all()
    assert first.signature == second.signature


def test_a_procedure_list_with_words_and_a_field(portal, client, subscribe_from):
    field = ProcedureFieldFactory(name="Xây dựng")
    ProcedurePageFactory(parent=portal.procedures, field=field)
    url = f"{portal.procedures.url}?q=giấy+phép&linh-vuc={field.slug}"
    subscribe_from(client, url, "dan@example.vn")
    subscription = only_subscription()
    assert subscription.kind == Subscription.Kind.LIST
    assert parse_qsl(subscription.query) == [
        ("q", "giấy phép"),
        ("linh-vuc", field.slug),
    ]
    assert subscription.label == "Thủ tục hành chính · «giấy phép» · Lĩnh vực: Xây dựng"


def test_a_search_is_followed_from_its_results(portal, client, subscribe_from):
    assert "alerts-follow" not in client.get("/tim-kiem/").content.decode()
    subscribe_from(
        client, "/tim-kiem/?q=quyết+định&type=legal&sort=newest&page=1", "d@ex.vn"
    )
    subscription = only_subscription()
    assert subscription.kind == Subscription.Kind.SEARCH
    assert parse_qsl(subscription.query) == [("q", "quyết định"), ("type", "legal")]
    assert subscription.label == "Tìm kiếm: «quyết định» · Văn bản"
    assert subscription.page_id is None and subscription.topic == ""


def test_a_search_page_keeps_its_atom_link(portal, client):
    html = client.get("/tim-kiem/?q=đất+đai").content.decode()
    assert 'href="/tim-kiem/atom/?q=' in html
    action, fields = follow_form(html)
    assert action == "/theo-doi/"
    assert fields["kind"] == "search"


def test_the_answer_is_the_same_for_a_known_and_a_new_address(
    portal, client, subscribe_from, mailbox
):
    document = LegalDocumentPageFactory(parent=portal.legal)

    def answer(email, frequency="daily"):
        response = subscribe_from(client, document.url, email, frequency=frequency)
        return response.status_code, response.content.decode().replace(email, "@")

    new = answer("moi@example.vn")
    assert answer("cu@example.vn") == new
    # Known and unconfirmed: the confirmation goes again, with the new frequency.
    assert answer("cu@example.vn", frequency="weekly") == new
    subscription = Subscription.objects.get(subscriber__email="cu@example.vn")
    assert subscription.frequency == Frequency.WEEKLY
    assert [m.to for m in mailbox] == [
        ["moi@example.vn"],
        ["cu@example.vn"],
        ["cu@example.vn"],
    ]
    # Known and confirmed: a reminder with the management link.
    subscription.confirmed_at = subscription.created_at
    subscription.save()
    assert answer("cu@example.vn") == new
    reminder = mailbox[-1]
    assert reminder.subject.startswith("Bạn đã đăng ký nhận thông báo này")
    assert "/theo-doi/quan-ly/" in reminder.body
    assert Subscription.objects.filter(subscriber__email="cu@example.vn").count() == 1


def test_a_honeypot_filled_in_is_answered_alike_and_stores_nothing(
    portal, client, subscribe_from, mailbox
):
    document = LegalDocumentPageFactory(parent=portal.legal)
    response = subscribe_from(
        client, document.url, "robot@example.vn", website="http://spam"
    )
    assert response.status_code == 200
    assert CHECK_INBOX in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mailbox == []


@pytest.mark.parametrize("scope", ["address", "ip"])
def test_over_the_rate_limit_is_429_and_says_so(
    portal, client, subscribe_from, mailbox, settings, scope
):
    settings.PORTAL_ALERTS_RATE_LIMITS = {scope: (2, 3600)}
    document = LegalDocumentPageFactory(parent=portal.legal)
    emails = (
        ["dan@example.vn"] * 3
        if scope == "address"
        else ["a@example.vn", "b@example.vn", "c@example.vn"]
    )
    responses = [subscribe_from(client, document.url, e) for e in emails]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert "Có quá nhiều yêu cầu" in responses[-1].content.decode()
    assert len(mailbox) == 2


def test_an_unknown_topic_is_refused_clearly(portal, client, post_commit):
    response = post_commit(
        client,
        "/theo-doi/",
        {
            "email": "dan@example.vn",
            "frequency": "daily",
            "kind": "topic",
            "topic": "page:999999",
        },
    )
    assert response.status_code == 400
    assert "nội dung này không còn tồn tại" in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"kind": "search", "query": "q=" + "a" * 5000},
            "quá dài để theo dõi (tối đa 2000 ký tự)",
        ),
        ({"kind": "search", "query": "q=\x00"}, ""),
        ({"kind": "topic", "topic": "page:1\x00"}, ""),
        (
            {"kind": "topic", "topic": "page:1", "email": "khong-phai-email"},
            "Địa chỉ e-mail không hợp lệ",
        ),
        ({"kind": "topic", "topic": "page:1", "email": "a\x00@example.vn"}, ""),
        (
            {"kind": "topic", "topic": "page:1", "email": "a" * 250 + "@example.vn"},
            "Địa chỉ e-mail quá dài",
        ),
        ({"kind": "everything"}, "Không thể theo dõi nội dung này."),
        ({"kind": "search", "query": "page=abc"}, "không hợp lệ"),
        ({"kind": "list", "page": "1", "query": ""}, "danh sách không còn tồn tại"),
        (
            {"kind": "topic", "topic": "page:1", "frequency": "hourly"},
            "Vui lòng chọn tần suất nhận thư.",
        ),
    ],
)
def test_hostile_input_gets_a_clear_400_and_stores_nothing(
    portal, client, post_commit, mailbox, data, message
):
    form = {"email": "dan@example.vn", "frequency": "daily", **data}
    response = post_commit(client, "/theo-doi/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không thể tiếp nhận yêu cầu của bạn" in html
    assert message in html
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert mailbox == []


def test_the_form_works_from_a_cached_page_with_each_visitors_token(
    portal, commit, settings, subscribe_from, mailbox
):
    """The form holds a CSRF token: the page cache shares the page, never a token."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    category = NewsIndexPageFactory(parent=portal.news, title="Tin hoạt động")
    commit()
    first = Client(enforce_csrf_checks=True)
    assert first.get(category.url)["X-Cache"] == "MISS"
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(category.url)
    assert page["X-Cache"] == "HIT"
    assert "__portal_csrf_token__" not in page.content.decode()
    response = subscribe_from(visitor, category.url, "dan@example.vn")
    assert response.status_code == 200
    assert only_subscription().label == "Tin hoạt động"
    assert len(mailbox) == 1


def test_the_cached_form_carries_each_visitors_own_token(
    portal, commit, subscribe_from, mailbox
):
    """Built once per page and kept in the fragment caches with a placeholder: each
    visitor's copy has the visitor's token, and works."""
    from portal.alerts.follow import CSRF_PLACEHOLDER

    category = NewsIndexPageFactory(parent=portal.news, title="Thông báo")
    commit()
    tokens = []
    for _visitor in range(2):
        client = Client(enforce_csrf_checks=True)
        html = client.get(category.url).content.decode()
        assert CSRF_PLACEHOLDER not in html
        _action, fields = follow_form(html)
        assert fields["csrfmiddlewaretoken"]
        tokens.append(fields["csrfmiddlewaretoken"])
    assert tokens[0] != tokens[1]
    response = subscribe_from(client, category.url, "dan2@example.vn")
    assert response.status_code == 200
    assert only_subscription().label == "Thông báo"
