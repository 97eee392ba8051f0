import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from portal.engagement.models import (
    DraftComment,
    PageFeedback,
    Question,
    SiteNotice,
)
from tests.factories import (
    DraftCommentFactory,
    DraftPageFactory,
    QuestionFactory,
    SectionPageFactory,
)

pytestmark = pytest.mark.usefixtures("shared_portal")


def test_poll_listing_and_results_csv(admin_client, make_poll):
    poll = make_poll(
        question="Đánh giá của bạn về chất lượng của dịch vụ công trực tuyến",
        options=("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"),
        votes={
            "Rất hài lòng": 128,
            "Hài lòng": 86,
            "Bình thường": 31,
            "Không hài lòng": 12,
        },
    )
    listing = admin_client.get("/admin/snippets/engagement/poll/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert poll.question in html
    assert "257" in html  # the votes cast
    csv_url = f"/admin/snippets/engagement/poll/results/{poll.pk}/csv/"
    assert csv_url in html

    response = admin_client.get(csv_url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Câu hỏi", poll.question]
    assert rows[2] == ["Phương án", "Số phiếu", "Tỷ lệ (%)"]
    assert rows[3] == ["Rất hài lòng", "128", "49.8"]
    assert rows[-1] == ["Tổng cộng", "257", "100.0"]


def test_results_csv_needs_permission(client, poll, django_user_model):
    url = f"/admin/snippets/engagement/poll/results/{poll.pk}/csv/"
    assert client.get(url).status_code == 302  # to the login page
    editor = django_user_model.objects.create_user("bientap", password="x")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)


def test_editor_answers_and_publishes_a_question(admin_client):
    question = QuestionFactory(
        pending=True,
        title="",
        question="Hồ sơ chuyển nhượng quyền sử dụng đất của tôi nộp đã 20 ngày.",
    )
    url = f"/admin/snippets/engagement/question/edit/{question.pk}/"
    assert admin_client.get(url).status_code == 200
    data = {
        "asker_name": question.asker_name,
        "asker_email": question.asker_email,
        "topic": question.topic_id,
        "title": "Thời hạn giải quyết hồ sơ chuyển nhượng quyền sử dụng đất",
        "question": question.question,
        "answer": rich_text("<p>Không quá 10 ngày làm việc.</p>"),
        "answered_by": "Sở Tài nguyên và Môi trường",
        "status": "published",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    assert "10 ngày làm việc" in question.answer

    # Publishing with an empty answer is refused with a message.
    other = Question.objects.create(
        topic=question.topic,
        asker_name="B",
        asker_email="b@example.vn",
        question="Một câu hỏi khác cần trả lời",
    )
    data.update(answer=rich_text(""), title="")
    response = admin_client.post(
        f"/admin/snippets/engagement/question/edit/{other.pk}/", data
    )
    assert response.status_code == 200
    assert "Hãy viết câu trả lời trước khi công khai" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Question.Status.PENDING


def test_question_moderation_list_filters_pending(admin_client):
    pending = QuestionFactory(pending=True, title="Hồ sơ chuyển nhượng quá hạn")
    published = QuestionFactory(title="Đăng ký khai sinh trực tuyến")
    html = admin_client.get(
        "/admin/snippets/engagement/question/?status=pending"
    ).content.decode()
    assert pending.title in html
    assert published.title not in html


def test_draft_comments_export_csv(admin_client, drafts_index):
    DraftCommentFactory(
        draft=DraftPageFactory(parent=drafts_index),
        name="Vũ Đức Thắng",
        article="Điều 2",
    )
    response = admin_client.get("/admin/snippets/engagement/draftcomment/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Vũ Đức Thắng" in content
    assert "Điều 2" in content
    assert content.count("\n") >= DraftComment.objects.count()


def test_feedback_report_counts_per_page(admin_client, portal):
    page = SectionPageFactory(parent=portal.home, title="Tổng quan về tỉnh")
    PageFeedback.objects.create(page=page, helpful=False, comment="Thiếu bản đồ")
    PageFeedback.objects.create(page=page, helpful=False)
    PageFeedback.objects.create(page=page, helpful=True)
    response = admin_client.get(reverse("engagement_feedback_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tổng quan về tỉnh" in html
    assert "Không hữu ích" in html
    rows = [row for row in response.context["object_list"] if row.pk == page.pk]
    assert (rows[0].helpful_count, rows[0].unhelpful_count) == (1, 2)

    export = admin_client.get(reverse("engagement_feedback_report") + "?export=csv")
    assert "Tổng quan về tỉnh" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_every_engagement_listing_opens(admin_client, portal, drafts_index, poll):
    # One row in each listing, so that its columns are rendered too.
    QuestionFactory()
    DraftCommentFactory(draft=DraftPageFactory(parent=drafts_index))
    PageFeedback.objects.create(
        page=SectionPageFactory(parent=portal.home), helpful=True
    )
    SiteNotice.objects.create(
        title="Bảo trì hệ thống",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    for model, title in [
        ("poll", "Thăm dò ý kiến"),
        ("question", "Câu hỏi"),
        ("questiontopic", "Lĩnh vực hỏi đáp"),
        ("draftcomment", "Góp ý dự thảo"),
        ("pagefeedback", "Phản hồi về trang"),
        ("sitenotice", "Thông báo toàn cổng"),
    ]:
        response = admin_client.get(f"/admin/snippets/engagement/{model}/")
        assert response.status_code == 200, model
        assert title in response.content.decode(), model


def pending_counts(html):
    """The dashboard's counts of questions and comments awaiting an editor."""
    return (
        int(re.search(r"Câu hỏi cần trả lời: (\d+)", html)[1]),
        int(re.search(r"Góp ý dự thảo cần duyệt: (\d+)", html)[1]),
    )


def test_dashboard_shows_what_waits_for_moderation(admin_client, drafts_index):
    draft = DraftPageFactory(parent=drafts_index)
    QuestionFactory(pending=True)
    DraftCommentFactory(draft=draft, status=DraftComment.Status.PENDING)
    html = admin_client.get("/admin/").content.decode()
    assert "Chờ kiểm duyệt" in html
    assert "/admin/snippets/engagement/question/?status=pending" in html
    questions, comments = pending_counts(html)
    assert questions == Question.objects.filter(status="pending").count() >= 1
    assert comments == DraftComment.objects.filter(status="pending").count() >= 1

    # One more of each waiting, answered or approved ones not counted.
    QuestionFactory(pending=True)
    QuestionFactory()
    DraftCommentFactory(draft=draft, status=DraftComment.Status.PENDING)
    DraftCommentFactory(draft=draft, status=DraftComment.Status.APPROVED)
    html = admin_client.get("/admin/").content.decode()
    assert pending_counts(html) == (questions + 1, comments + 1)


def test_listings_speak_vietnamese(admin_client, contact_page):
    QuestionFactory()
    questions = admin_client.get("/admin/snippets/engagement/question/")
    html = questions.content.decode()
    assert ">Tiêu đề<" in html or "Tiêu đề\n" in html
    assert ">Heading<" not in html
    for url in [
        reverse("wagtailforms:index"),
        "/admin/snippets/engagement/pagefeedback/",
    ]:
        assert admin_client.get(url).status_code == 200


def _send_contact_message(client, page, subject):
    client.post(
        page.url,
        {
            "name": "Bùi Thị Thu",
            "email": "thu@example.vn",
            "phone": "",
            "subject": subject,
            "message": "Đề nghị tăng cỡ chữ trên điện thoại.",
            "website": "",
        },
    )


def test_contact_messages_are_listed_and_exported_under_forms(
    admin_client, contact_page
):
    """The contact page's submissions: under Forms, in Vietnamese, with whether
    each was e-mailed, and exported as CSV and XLSX."""
    _send_contact_message(Client(), contact_page, "Góp ý giao diện")
    forms = admin_client.get(reverse("wagtailforms:index")).content.decode()
    assert "Biểu mẫu" in forms and contact_page.title in forms
    url = reverse("wagtailforms:list_submissions", args=[contact_page.pk])
    html = admin_client.get(url).content.decode()
    for text in ["Góp ý giao diện", "Bùi Thị Thu", "Tiêu đề", "Đã gửi thư", "Có"]:
        assert text in html, text

    export = admin_client.get(url, {"export": "csv"})
    rows = list(
        csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
    )
    assert rows[0][1:] == [
        "Họ và tên",
        "Thư điện tử",
        "Điện thoại",
        "Tiêu đề",
        "Nội dung",
        "Đã gửi thư",
    ]
    assert rows[1][1:] == [
        "Bùi Thị Thu",
        "thu@example.vn",
        "",
        "Góp ý giao diện",
        "Đề nghị tăng cỡ chữ trên điện thoại.",
        "Có",
    ]
    xlsx = admin_client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
