import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model

from portal.engagement.models import DraftComment, DraftPage
from tests.factories import DraftCommentFactory, DraftPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.fixture
def open_draft(drafts_index):
    """A draft open for comment, with its file, one approved comment and one
    awaiting moderation."""
    document = get_document_model()(title="Dự thảo Quyết định hạn mức giao đất ở")
    document.file.save("du-thao-han-muc.docx", ContentFile(b"PK\x03\x04 du thao"))
    draft = DraftPageFactory(
        parent=drafts_index,
        title="Dự thảo Quyết định quy định hạn mức giao đất ở",
        drafting_agency="Sở Tài nguyên và Môi trường",
        document=document,
    )
    DraftCommentFactory(
        draft=draft,
        comment="Đề nghị quy định rõ hạn mức đối với các xã ven đô.",
        status=DraftComment.Status.APPROVED,
    )
    DraftCommentFactory(
        draft=draft,
        comment="Tôi đồng ý với dự thảo.",
        status=DraftComment.Status.PENDING,
    )
    return draft


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


def test_index_lists_open_then_ended(
    browser, drafts_index, open_draft, django_assert_max_num_queries
):
    ended = DraftPageFactory(
        parent=drafts_index,
        title="Dự thảo Nghị quyết quy định mức thu phí tham quan di tích",
        ended=True,
    )
    with django_assert_max_num_queries(20):
        html = browser.get(drafts_index.url).content.decode()
    open_part, ended_part = html.split("Các dự thảo đã hết hạn hoặc chưa bắt đầu")
    assert open_draft.title in open_part
    assert ended.title not in open_part
    assert ended.title in ended_part


def test_editor_creates_a_draft_in_the_admin(admin_client, drafts_index):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": "Dự thảo Kế hoạch chuyển đổi số năm 2026",
            "slug": "du-thao-ke-hoach-chuyen-doi-so-2026",
            "drafting_agency": "Sở Thông tin và Truyền thông",
            "consultation_start": "01/01/2026 08:00",
            "consultation_deadline": "31/12/2030 17:00",
            "summary": "Mục tiêu, nhiệm vụ chuyển đổi số của tỉnh năm 2026.",
            "intro": "",
            "contact_email": "",
            "body": streamfield([]),
        }
    )
    data["action-publish"] = "publish"
    response = admin_client.post(
        f"/admin/pages/add/engagement/draftpage/{drafts_index.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = DraftPage.objects.get(slug="du-thao-ke-hoach-chuyen-doi-so-2026")
    assert page.live and page.is_open()

    # A deadline before the start is refused.
    data["slug"] = "du-thao-sai-han"
    data["consultation_deadline"] = "01/12/2025 17:00"
    response = admin_client.post(
        f"/admin/pages/add/engagement/draftpage/{drafts_index.pk}/", data
    )
    assert response.status_code == 200
    assert (
        "Hạn góp ý phải sau thời điểm bắt đầu lấy ý kiến." in response.content.decode()
    )


def test_nul_characters_are_a_form_error(browser, open_draft):
    response = comment(browser, open_draft, comment="Góp ý\x00", name="A\x00")
    assert response.status_code == 200
    assert not DraftComment.objects.filter(email="khai@example.vn").exists()


def test_a_commenter_who_is_their_organisation_is_named_once(browser, open_draft):
    DraftComment.objects.create(
        draft=open_draft,
        name="Công ty TNHH Đầu tư Phố Hiến",
        organisation="Công ty TNHH Đầu tư Phố Hiến",
        email="pho-hien@example.vn",
        comment="Đề nghị làm rõ Điều 5.",
        status=DraftComment.Status.APPROVED,
    )
    DraftComment.objects.create(
        draft=open_draft,
        name="Trần Thị Lan",
        organisation="Hội Nông dân xã Liên Nghĩa",
        email="lan@example.vn",
        comment="Đồng ý.",
        status=DraftComment.Status.APPROVED,
    )
    html = browser.get(open_draft.url).content.decode()
    assert "Công ty TNHH Đầu tư Phố Hiến</strong> ·" in html
    assert "(Công ty TNHH Đầu tư Phố Hiến)" not in html
    assert "Trần Thị Lan</strong> (Hội Nông dân xã Liên Nghĩa)" in html


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ((0, 0), (23, 59), ("01/12/2026", "30/01/2027")),
        ((0, 0), (13, 3), ("00:00 01/12/2026", "13:03 30/01/2027")),
        ((8, 30), (0, 0), ("08:30 01/12/2026", "00:00 30/01/2027")),
    ],
)
def test_both_ends_of_a_consultation_in_one_format(db, start, end, shown):
    tz = timezone.get_current_timezone()
    draft = DraftPage(
        consultation_start=datetime.datetime(2026, 12, 1, *start, tzinfo=tz),
        consultation_deadline=datetime.datetime(2027, 1, 30, *end, tzinfo=tz),
    )
    assert draft.consultation_period() == shown


def test_the_listing_and_the_page_show_the_period_alike(browser, open_draft):
    start, end = open_draft.consultation_period()
    assert f"{start} – {end}" in browser.get(open_draft.url).content.decode()
    index = browser.get(open_draft.get_parent().url).content.decode()
    assert f"Lấy ý kiến từ {start} đến {end}" in index
