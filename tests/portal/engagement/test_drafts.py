import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.engagement.models import DraftComment, DraftPage


@pytest.fixture
def open_draft(demo):
    return DraftPage.objects.get(slug="du-thao-han-muc-giao-dat-o")


def comment(client, draft, **overrides):
    data = {
        "name": "Ngô Văn Khải",
        "email": "khai@example.vn",
        "organisation": "",
        "article": "Điều 2",
        "comment": "Đề nghị nâng hạn mức tại các xã lên 250 m².",
        "website": "",
        **overrides,
    }
    return client.post(draft.url, data, follow=True)


def test_draft_page_shows_file_deadline_and_approved_comments(browser, open_draft):
    html = browser.get(open_draft.url).content.decode()
    assert "Sở Tài nguyên và Môi trường" in html
    assert ".docx" in html or "DOCX" in html
    assert "Đang lấy ý kiến" in html
    assert "Đề nghị quy định rõ hạn mức" in html  # approved
    assert "Tôi đồng ý với dự thảo." not in html  # pending


def test_comment_is_moderated(browser, open_draft):
    response = comment(browser, open_draft)
    assert "Ý kiến của bạn đã được gửi" in response.content.decode()
    saved = DraftComment.objects.get(email="khai@example.vn")
    assert saved.status == DraftComment.Status.PENDING
    assert saved.draft_id == open_draft.pk
    assert "nâng hạn mức" not in browser.get(open_draft.url).content.decode()

    saved.status = DraftComment.Status.APPROVED
    saved.save()
    assert "nâng hạn mức" in browser.get(open_draft.url).content.decode()


def test_comment_after_the_deadline_is_refused(browser, open_draft):
    open_draft.consultation_deadline = timezone.now() - datetime.timedelta(minutes=1)
    open_draft.save_revision().publish()
    response = comment(browser, open_draft)
    html = response.content.decode()
    assert "đã kết thúc vào" in html
    assert "không nhận thêm ý kiến" in html
    assert not DraftComment.objects.filter(email="khai@example.vn").exists()
    assert 'name="article"' not in html  # the comment form is gone


def test_comment_before_the_start_is_refused(browser, open_draft):
    open_draft.consultation_start = timezone.now() + datetime.timedelta(days=1)
    open_draft.save_revision().publish()
    html = comment(browser, open_draft).content.decode()
    assert "chưa bắt đầu" in html
    assert not DraftComment.objects.filter(email="khai@example.vn").exists()


def test_honeypot_and_rate_limit(settings, open_draft):
    comment(Client(), open_draft, website="spam")
    assert not DraftComment.objects.filter(email="khai@example.vn").exists()

    # The robot's attempt counted too: two attempts per hour leave one for a person.
    settings.ENGAGEMENT_RATE_LIMITS = {"comment": (2, 3600)}
    comment(Client(), open_draft)
    html = comment(Client(), open_draft).content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert DraftComment.objects.filter(email="khai@example.vn").count() == 1


def test_empty_or_huge_comment_is_a_form_error(browser, open_draft):
    response = comment(browser, open_draft, comment="   ", email="x")
    assert response.status_code == 200
    response = comment(browser, open_draft, comment="x" * 20000)
    assert response.status_code == 200
    assert not DraftComment.objects.filter(name="Ngô Văn Khải").exists()


def test_index_lists_open_then_ended(browser, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        html = browser.get("/lay-y-kien-du-thao/").content.decode()
    open_part, ended_part = html.split("Các dự thảo đã hết hạn hoặc chưa bắt đầu")
    assert "hạn mức giao đất ở" in open_part
    assert "phí tham quan di tích" in ended_part
