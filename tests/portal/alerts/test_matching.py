"""What each confirmed subscription hears of, and the one mail per address and
frequency that says it (portal.alerts.matching and .sending): computed from the
change history, through the same search and list rules as the pages."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from portal.alerts import matching, sending
from portal.alerts.models import Frequency, Subscriber, Subscription
from portal.core.changes import ContentChange, last_id
from portal.core.mail import OutgoingMail
from portal.legal.validity import RelationKind
from search import indexing
from tests.factories import (
    LegalDocumentPageFactory,
    LegalFieldFactory,
    NewsPageFactory,
    ProcedureFieldFactory,
    ProcedurePageFactory,
    relation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_portal")]


def subscribe(email, frequency=Frequency.IMMEDIATE, **fields) -> Subscription:
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    return Subscription.objects.create(
        subscriber=subscriber,
        label=fields.pop("label", "Theo dõi thử nghiệm"),
        frequency=frequency,
        confirmed_at=timezone.now(),
        last_change=last_id(),
        next_due_at=timezone.now() if frequency != Frequency.IMMEDIATE else None,
        **fields,
    )


def later(seconds=30):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def run():
    """One run once the index has taken in every change, without sending."""
    indexing.drain()
    return sending.run(now=later(), send=False)


def alerts(to=None):
    mails = OutgoingMail.objects.filter(kind="alert")
    if to:
        mails = mails.filter(to=to)
    return list(mails.order_by("pk"))


@pytest.fixture
def decree(portal):
    return LegalDocumentPageFactory(
        parent=portal.legal,
        number="77/2018/NĐ-TN",
        title="Nghị định về thực hiện cơ chế một cửa",
        issued_date=datetime.date(2018, 4, 23),
    )


def test_a_document_follower_hears_it_was_replaced_with_by_what_and_from_when(
    portal, decree
):
    subscribe("luatsu@example.vn", topic=f"page:{decree.pk}", kind="topic", page=decree)
    LegalDocumentPageFactory(
        parent=portal.legal,
        number="118/2025/NĐ-TN",
        title="Nghị định về thủ tục hành chính một cửa",
        issued_date=datetime.date(2025, 6, 9),
        effective_date=datetime.date(2025, 7, 1),
        relations=[relation(RelationKind.REPLACES, "77/2018/NĐ-TN")],
    )
    report = run()
    assert report.queued == 1
    [mail] = alerts("luatsu@example.vn")
    assert "77/2018/NĐ-TN" in mail.text
    assert "Bị thay thế bởi 118/2025/NĐ-TN từ 01/07/2025" in mail.text
    assert "Hết hiệu lực toàn bộ" in mail.text  # its validity, now
    assert decree.get_full_url() in mail.text
    assert "Bị thay thế bởi 118/2025/NĐ-TN từ 01/07/2025" in mail.html
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.headers["List-Unsubscribe"].startswith("<http://testserver/")


def test_republishing_says_nothing_twice_and_a_related_document_says_nothing(
    portal, decree
):
    subscribe("a@example.vn", kind="topic", topic=f"page:{decree.pk}", page=decree)
    LegalDocumentPageFactory(
        parent=portal.legal,
        number="5/2025/TT-VPCP",
        relations=[relation(RelationKind.RELATED, "77/2018/NĐ-TN")],
    )
    decree.title = "Nghị định về cơ chế một cửa (sửa tiêu đề)"
    decree.save_revision().publish()
    assert run().queued == 0
    guiding = LegalDocumentPageFactory(
        parent=portal.legal,
        number="01/2018/TT-VPCP",
        relations=[relation(RelationKind.GUIDES, "77/2018/NĐ-TN")],
    )
    assert run().queued == 1
    guiding.save_revision().publish()
    assert run().queued == 0
    assert len(alerts()) == 1


def test_a_saved_search_hears_of_exactly_the_new_documents_it_returns(portal):
    subscribe("bao@example.vn", kind="search", query=urlencode({"q": "dat dai"}))
    LegalDocumentPageFactory(
        parent=portal.legal, number="12/2026/QĐ-UBND", title="Quy định về đất đai"
    )
    LegalDocumentPageFactory(
        parent=portal.legal, number="13/2026/QĐ-UBND", title="Quy định về giáo dục"
    )
    assert run().queued == 1
    [mail] = alerts()
    assert "12/2026/QĐ-UBND" in mail.text
    assert "13/2026/QĐ-UBND" not in mail.text
    assert run().queued == 0  # heard once


def test_identical_searches_are_matched_once(portal, monkeypatch):
    query = urlencode({"q": "chuyen doi so", "type": "legal"})
    for n in range(5):
        subscribe(f"s{n}@example.vn", kind="search", query=query)
    subscribe("other@example.vn", kind="search", query=urlencode({"q": "ngan sach"}))
    LegalDocumentPageFactory(
        parent=portal.legal, title="Kế hoạch chuyển đổi số năm 2026"
    )
    calls = []
    search = matching.service.search
    monkeypatch.setattr(
        matching.service, "search", lambda *a, **k: calls.append(a) or search(*a, **k)
    )
    report = run()
    assert (report.due, report.distinct, report.queued) == (6, 2, 5)
    assert len(calls) == 2
    assert all(len(query.keys) == 1 for query, *_rest in calls)


def test_a_filtered_list_hears_through_its_own_filters(portal):
    land = LegalFieldFactory(name="Đất đai")
    subscribe(
        "list@example.vn",
        kind="list",
        page=portal.legal,
        query=urlencode({"linh-vuc": land.slug}),
    )
    LegalDocumentPageFactory(
        parent=portal.legal, number="20/2026/QĐ-UBND", fields=[land]
    )
    LegalDocumentPageFactory(parent=portal.legal, number="21/2026/QĐ-UBND")
    run()
    [mail] = alerts()
    assert "20/2026/QĐ-UBND" in mail.text
    assert "21/2026/QĐ-UBND" not in mail.text


def test_one_mail_per_address_and_frequency_with_a_section_per_subscription(
    portal, decree
):
    subscribe("one@example.vn", kind="search", query="q=quy+hoach", label="Quy hoạch")
    subscribe(
        "one@example.vn",
        kind="topic",
        topic=f"page:{portal.news.pk}",
        page=portal.news,
        label="Tin tức",
    )
    subscribe("one@example.vn", Frequency.WEEKLY, kind="search", query="q=quy+hoach+x")
    LegalDocumentPageFactory(
        parent=portal.legal, title="Quyết định phê duyệt quy hoạch"
    )
    NewsPageFactory(parent=portal.news, title="Tỉnh công bố quy hoạch")
    report = run()
    assert report.queued == 1
    [mail] = alerts()
    assert "Quy hoạch" in mail.text and "Tin tức" in mail.text
    assert "Tỉnh công bố quy hoạch" in mail.text
    assert mail.subject.endswith("2 mục mới hoặc thay đổi bạn theo dõi")


def test_daily_alerts_wait_for_their_hour_and_keep_what_came_meanwhile(portal):
    subscription = subscribe(
        "daily@example.vn", Frequency.DAILY, kind="search", query="q=ngan+sach"
    )
    subscription.next_due_at = later(3600)
    subscription.save()
    LegalDocumentPageFactory(parent=portal.legal, title="Dự toán ngân sách 2027")
    assert run().queued == 0
    Subscription.objects.filter(pk=subscription.pk).update(next_due_at=later(-1))
    assert run().queued == 1
    subscription.refresh_from_db()
    assert subscription.next_due_at > timezone.now()
    assert timezone.localtime(subscription.next_due_at).hour == 7


def test_nothing_before_confirmation(portal):
    subscription = subscribe("new@example.vn", kind="search", query="q=ngan+sach")
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=None)
    LegalDocumentPageFactory(parent=portal.legal, title="Dự toán ngân sách 2027")
    assert run().queued == 0


def test_a_page_withdrawn_before_the_alert_is_left_out(portal):
    subscribe("w@example.vn", kind="search", query="q=ngan+sach")
    page = LegalDocumentPageFactory(parent=portal.legal, title="Dự toán ngân sách")
    page.unpublish()
    assert run().queued == 0


def test_a_search_waits_for_the_index_rather_than_miss_a_document(portal):
    subscribe("idx@example.vn", kind="search", query="q=ngan+sach")
    LegalDocumentPageFactory(parent=portal.legal, title="Dự toán ngân sách 2027")
    report = sending.run(now=later(), send=False)  # outbox not drained
    assert report.queued == 0
    assert run().queued == 1


def test_news_edits_are_no_news_but_a_procedure_update_is(portal):
    field = ProcedureFieldFactory(name="Hộ tịch")
    subscribe("ho-tich@example.vn", kind="topic", topic=f"procedure-field:{field.pk}")
    subscribe(
        "tin@example.vn", kind="topic", topic=f"page:{portal.news.pk}", page=portal.news
    )
    procedure = ProcedurePageFactory(
        parent=portal.procedures, title="Đăng ký khai sinh", field=field
    )
    article = NewsPageFactory(parent=portal.news, title="Bản tin đầu tiên")
    assert run().queued == 2
    procedure.save_revision().publish()
    article.save_revision().publish()
    assert run().queued == 1
    assert "Cập nhật" in alerts("ho-tich@example.vn")[-1].text


def test_a_status_changed_by_the_date_reaches_the_followers(portal, decree):
    from django.core.management import call_command

    from portal.legal.models import LegalDocumentPage

    LegalDocumentPage.objects.filter(pk=decree.pk).update(
        expiry_date=timezone.localdate()
    )
    subscribe("hl@example.vn", kind="topic", topic=f"page:{decree.pk}", page=decree)
    call_command(
        "legal_refresh_status",
        "--since",
        (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert ContentChange.objects.filter(
        page_id=decree.pk, action=ContentChange.Action.STATUS
    ).exists()
    run()
    [mail] = alerts()
    assert "Hết hiệu lực toàn bộ" in mail.text
