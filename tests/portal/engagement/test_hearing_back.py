"""Hearing back: the asker of a question is mailed the answer, and commenters on a
draft the report on the comments, once, when they asked to be (issue 24, item 4)."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.core.absolute_urls import absolute_url
from portal.core.mail import OutgoingMail, RefusedAddress, send_queued
from portal.engagement.hearing_back import rich_text_as_plain, rich_text_for_mail
from portal.engagement.models import DraftComment, DraftPage, Question
from tests.factories import DraftCommentFactory, DraftPageFactory, QuestionFactory

from .test_qa import ask

pytestmark = pytest.mark.usefixtures("shared_portal")

ANSWER = (
    "<p>Hồ sơ tách thửa nộp tại <b>Văn phòng đăng ký đất đai</b>.</p>"
    "<ul><li>Đơn đề nghị tách thửa</li><li>Giấy chứng nhận bản gốc</li></ul>"
)
REPORT = "<p>Tiếp thu ý kiến về hạn mức tại các xã ven đô; bổ sung Điều 2a.</p>"


def answer_in_admin(admin_client, question, **overrides):
    data = {
        "asker_name": question.asker_name,
        "asker_email": question.asker_email,
        "topic": question.topic_id,
        "title": "Thủ tục tách thửa đất ở",
        "question": question.question,
        "answer": rich_text(ANSWER),
        "answered_by": "Sở Tài nguyên và Môi trường",
        "status": "published",
        **overrides,
    }
    response = admin_client.post(
        f"/admin/snippets/engagement/question/edit/{question.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    return question


def asked_with_consent(qa_page, **fields):
    """A question sent by a citizen who asked to be told of the answer."""
    return QuestionFactory(
        pending=True, notify_on_answer=True, index_page=qa_page, **fields
    )


def publish_answer(question, answered_by="Sở Tài nguyên và Môi trường"):
    question.answer, question.answered_by = ANSWER, answered_by
    question.status = Question.Status.PUBLISHED
    question.save()
    return question


def mails(kind):
    return list(OutgoingMail.objects.filter(kind=kind))


# Questions -----------------------------------------------------------------------


def test_the_ask_form_offers_the_answer_by_mail_unchecked(browser, qa_page):
    html = browser.get(qa_page.url).content.decode()
    box = html.index('<input type="checkbox" name="notify_on_answer"')
    label = html.index(
        '<label for="id_notify_on_answer">Gửi cho tôi thư khi câu hỏi được trả lời'
        "</label>"
    )
    assert box < label  # the box, then what it says
    assert "checked" not in html[box:label]


def test_asker_who_agreed_gets_the_answer_once(browser, admin_client, qa_page, land):
    ask(browser, qa_page, land, asker_email="Binh@Example.vn", notify_on_answer="on")
    question = Question.objects.get(asker_email="Binh@Example.vn")
    assert question.notify_on_answer
    assert not mails("answer")  # not before it is answered

    question = answer_in_admin(admin_client, question)
    assert question.notify_on_answer  # the editor's form kept the asker's consent
    assert question.answer_notified_at is not None
    [mail] = mails("answer")
    url = absolute_url(qa_page) + f"{question.pk}/"
    assert url.startswith("http://testserver/")
    assert mail.to == "binh@example.vn"
    assert mail.subject == "Câu hỏi của bạn đã được trả lời: Thủ tục tách thửa đất ở"
    for part in (mail.text, mail.html):
        assert url in part
        assert "Thủ tục tách thửa đất ở" in part
        assert "Sở Tài nguyên và Môi trường" in part
        assert "Kính gửi Ông/Bà Hoàng Văn Bình," in part
    assert "<b>Văn phòng đăng ký đất đai</b>" in mail.html
    assert (
        "Hồ sơ tách thửa nộp tại Văn phòng đăng ký đất đai.\n\n"
        "- Đơn đề nghị tách thửa\n- Giấy chứng nhận bản gốc"
    ) in mail.text
    assert "<" not in mail.text
    # The link leads to the answer.
    page = browser.get(urlsplit(url).path)
    assert page.status_code == 200
    assert "Đơn đề nghị tách thửa" in page.content.decode()

    # Edited, unpublished and published again: never a second mail.
    answer_in_admin(admin_client, question, answered_by="UBND huyện Văn Lâm")
    answer_in_admin(admin_client, question, status="pending")
    answer_in_admin(admin_client, question)
    assert len(mails("answer")) == 1


def test_no_consent_no_mail(browser, admin_client, qa_page, land):
    ask(browser, qa_page, land)
    question = Question.objects.get(asker_email="binh@example.vn")
    assert not question.notify_on_answer
    answer_in_admin(admin_client, question)
    assert not mails("answer")


def test_no_mail_while_pending_or_when_rejected(admin_client, qa_page):
    question = asked_with_consent(qa_page)
    question.title = "Đã xem"
    question.save()
    answer_in_admin(admin_client, question, status="rejected")
    assert not mails("answer")
    assert question.answer_notified_at is None


def test_a_stale_copy_of_the_question_does_not_mail_again(qa_page):
    question = asked_with_consent(qa_page)
    stale = Question.objects.get(pk=question.pk)
    publish_answer(question)
    # Another editor saves what they read before the answer was published.
    stale.answer = ANSWER
    stale.status = Question.Status.PUBLISHED
    stale.save()
    stale.save(update_fields=["status"])
    assert len(mails("answer")) == 1


def test_the_answer_mail_is_vietnamese_whatever_the_editor_reads(qa_page):
    with translation.override("en"):
        publish_answer(asked_with_consent(qa_page), answered_by="Sở Tư pháp")
    [mail] = mails("answer")
    assert mail.subject.startswith("Câu hỏi của bạn đã được trả lời")
    assert "Cơ quan trả lời: Sở Tư pháp" in mail.text


def test_a_suspended_address_is_not_mailed(qa_page):
    RefusedAddress.objects.create(email="bi-tu-choi@example.vn", suspended=True)
    publish_answer(asked_with_consent(qa_page, asker_email="bi-tu-choi@example.vn"))
    assert not mails("answer")


def test_rich_text_in_mail(portal):
    page_link = f'<a linktype="page" id="{portal.news.pk}">Tin tức</a>'
    html = rich_text_for_mail(
        f'<p>Xem {page_link} và <a href="https://vbpl.vn/a?b=1&amp;c=2">vbpl</a>'
        "<br>dòng hai</p><ol><li>một</li><li>hai</li></ol>",
        "https://cong.example.vn",
    )
    assert f'href="https://cong.example.vn{portal.news.url}"' in html
    assert rich_text_as_plain(html) == (
        f"Xem Tin tức (https://cong.example.vn{portal.news.url}) và vbpl "
        "(https://vbpl.vn/a?b=1&c=2)\ndòng hai\n\n- một\n- hai"
    )


# Consultations -------------------------------------------------------------------


@pytest.fixture
def ended_draft(drafts_index):
    """A draft whose consultation ended a month ago, with comments: two by one
    person who asked to be told (one approved, one pending, the address spelled
    twice), one by another who asked (pending), one rejected that asked, one
    approved that did not ask."""
    draft = DraftPageFactory(
        parent=drafts_index,
        ended=True,
        title="Dự thảo Quyết định quy định hạn mức giao đất ở",
        drafting_agency="Sở Tài nguyên và Môi trường",
    )
    for email, status, notify, text in [
        ("khai@example.vn", "approved", True, "Đề nghị nâng hạn mức lên 250 m²."),
        ("Khai@Example.vn", "pending", True, "Bổ sung quy định chuyển tiếp."),
        ("lan@example.vn", "pending", True, "Tôi đồng ý với dự thảo."),
        ("spam@example.vn", "rejected", True, "Quảng cáo bán đất nền."),
        ("an@example.vn", "approved", False, "Làm rõ khái niệm đất ven đô."),
    ]:
        DraftCommentFactory(
            draft=draft,
            name=email.split("@")[0].title(),
            email=email,
            organisation="Hội Luật gia" if email == "an@example.vn" else "",
            article="Điều 2",
            status=status,
            notify_on_report=notify,
            comment=text,
        )
    return draft


def publish_report(draft, report=REPORT):
    draft.report = report
    draft.save_revision().publish()


def test_the_comment_form_asks_whether_to_tell(browser, drafts_index):
    draft = DraftPageFactory(parent=drafts_index)
    html = browser.get(draft.url).content.decode()
    assert "Báo cho tôi khi có báo cáo tiếp thu, giải trình" in html
    browser.post(
        draft.url,
        {
            "name": "Ngô Văn Khải",
            "email": "khai@example.vn",
            "comment": "Đề nghị nâng hạn mức.",
            "notify_on_report": "on",
            "website": "",
        },
    )
    assert DraftComment.objects.get(email="khai@example.vn").notify_on_report


def test_commenters_who_asked_are_told_once(ended_draft):
    publish_report(ended_draft)
    sent = mails("consultation")
    assert sorted(mail.to for mail in sent) == ["khai@example.vn", "lan@example.vn"]
    url = absolute_url(ended_draft)
    assert url.startswith("http://testserver/")
    for mail in sent:
        assert mail.subject == (
            "Báo cáo tiếp thu, giải trình ý kiến góp ý: "
            "Dự thảo Quyết định quy định hạn mức giao đất ở"
        )
        for part in (mail.text, mail.html):
            assert url in part
            assert "Dự thảo Quyết định quy định hạn mức giao đất ở" in part
            assert "Đã nhận 5 ý kiến góp ý" in part
            assert "2 ý kiến được công khai sau kiểm duyệt" in part
    assert not ended_draft.comments_awaiting_report().exists()

    # Published again, or from a copy of the page read before: nobody twice.
    publish_report(ended_draft, REPORT + "<p>Bổ sung.</p>")
    DraftPage.objects.get(pk=ended_draft.pk).save_revision().publish()
    assert len(mails("consultation")) == 2


def test_no_mail_before_the_deadline_nor_without_a_report(drafts_index):
    draft = DraftPageFactory(parent=drafts_index)
    DraftCommentFactory(draft=draft, email="khai@example.vn", notify_on_report=True)
    publish_report(draft, "")
    publish_report(draft)  # a report while comments are still open is not public
    assert not mails("consultation")

    draft.consultation_deadline = timezone.now() - datetime.timedelta(minutes=1)
    publish_report(draft)
    assert [mail.to for mail in mails("consultation")] == ["khai@example.vn"]


def test_the_ended_consultation_shows_comments_as_moderated_and_the_report(
    browser, ended_draft
):
    publish_report(ended_draft)
    html = browser.get(ended_draft.url).content.decode()
    assert "Báo cáo tiếp thu, giải trình ý kiến góp ý" in html
    assert "bổ sung Điều 2a" in html
    assert "Đề nghị nâng hạn mức lên 250 m²." in html  # approved
    assert "Làm rõ khái niệm đất ven đô." in html  # approved
    assert "Hội Luật gia" in html and "Điều 2" in html
    assert "Bổ sung quy định chuyển tiếp." not in html  # pending
    assert "Quảng cáo bán đất nền." not in html  # rejected
    assert "@example.vn" not in html


def test_an_open_consultation_does_not_show_its_report_yet(browser, drafts_index):
    draft = DraftPageFactory(parent=drafts_index)
    publish_report(draft)
    html = browser.get(draft.url).content.decode()
    assert "bổ sung Điều 2a" not in html


def test_the_editor_publishes_the_report_and_sees_who_was_told(
    admin_client, ended_draft
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    edit_url = f"/admin/pages/{ended_draft.pk}/edit/"
    html = admin_client.get(edit_url).content.decode()
    assert "2 người góp ý đề nghị được báo khi có báo cáo" in html

    report_file = get_document_model()(title="Báo cáo tiếp thu, giải trình")
    report_file.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 bao cao"))
    start, end = (
        timezone.localtime(ended_draft.consultation_start),
        timezone.localtime(ended_draft.consultation_deadline),
    )
    data = nested_form_data(
        {
            "title": ended_draft.title,
            "slug": ended_draft.slug,
            "drafting_agency": ended_draft.drafting_agency,
            "consultation_start": start.strftime("%d/%m/%Y %H:%M"),
            "consultation_deadline": end.strftime("%d/%m/%Y %H:%M"),
            "summary": ended_draft.summary,
            "intro": "",
            "contact_email": "",
            "body": streamfield([]),
            "report": rich_text(REPORT),
            "report_document": report_file.pk,
        }
    )
    data["action-publish"] = "publish"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(mails("consultation")) == 2

    html = admin_client.get(edit_url).content.decode()
    assert "Đã báo qua thư cho 2 người góp ý" in html
    page = admin_client.get(ended_draft.url).content.decode()
    assert "bao-cao" in page and "Báo cáo tiếp thu, giải trình" in page


# Through a real SMTP server ------------------------------------------------------


def test_the_mails_arrive_with_both_parts_and_their_message_id(
    smtp, qa_page, ended_draft
):
    question = publish_answer(
        asked_with_consent(
            qa_page, asker_email="binh@example.vn", title="Thủ tục tách thửa đất ở"
        )
    )
    publish_report(ended_draft)

    report = send_queued()
    assert (report.sent, report.failed) == (3, 0)
    assert len(smtp.messages) == 3
    [answer] = smtp.to("binh@example.vn")
    queued = OutgoingMail.objects.get(kind="answer")
    assert queued.status == OutgoingMail.Status.SENT
    assert answer["Message-ID"] == queued.message_id
    assert answer["To"] == "binh@example.vn"
    # Django 5.2 folds a long encoded Subject right after "Subject:", which
    # unfolds with a leading space; mail clients drop it.
    assert answer["Subject"].strip() == (
        "Câu hỏi của bạn đã được trả lời: Thủ tục tách thửa đất ở"
    )
    assert answer["Auto-Submitted"] == "auto-generated"
    url = question.get_full_url()
    text = answer.get_body(("plain",)).get_content()
    html = answer.get_body(("html",)).get_content()
    assert url in text and url in html
    assert "- Giấy chứng nhận bản gốc" in text
    assert "<li>Giấy chứng nhận bản gốc</li>" in html

    [told] = smtp.to("lan@example.vn")
    assert absolute_url(ended_draft) in told.get_body(("plain",)).get_content()
    assert "Đã nhận 5 ý kiến góp ý" in told.get_body(("html",)).get_content()
    assert send_queued().sent == 0  # nothing is sent twice


def test_an_address_the_server_refuses_is_counted_not_retried(smtp, qa_page):
    smtp.refuse["khong-ton-tai@example.vn"] = "550 5.1.1 No such user"
    publish_answer(asked_with_consent(qa_page, asker_email="khong-ton-tai@example.vn"))

    report = send_queued()
    assert (report.sent, report.refused) == (0, 1)
    assert not smtp.messages
    assert OutgoingMail.objects.get(kind="answer").status == OutgoingMail.Status.FAILED
    assert RefusedAddress.objects.get(email="khong-ton-tai@example.vn").refusals == 1
