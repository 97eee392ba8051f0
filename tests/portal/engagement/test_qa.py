import pytest
from django.test import Client
from django.urls import reverse

from portal.engagement.models import Question
from tests.factories import QuestionFactory, QuestionTopicFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def ask(client, page, field, **overrides):
    data = {
        "asker_name": "Hoàng Văn Bình",
        "asker_email": "binh@example.vn",
        "topic": field.pk if field else "",
        "question": "Xin hỏi thủ tục tách thửa đất ở tại huyện Văn Lâm như thế nào?",
        "website": "",
        **overrides,
    }
    return client.post(page.url, data, follow=True)


def test_question_waits_for_moderation_then_appears_with_its_answer(
    browser, land, qa_page
):
    response = ask(browser, qa_page, land)
    assert response.status_code == 200
    assert "Câu hỏi của bạn đã được gửi" in response.content.decode()
    question = Question.objects.get(asker_email="binh@example.vn")
    assert question.status == Question.Status.PENDING
    assert question.index_page_id == qa_page.pk

    # Not public before an editor answers and publishes it.
    assert "tách thửa" not in browser.get(qa_page.url).content.decode()
    assert browser.get(f"{qa_page.url}{question.pk}/").status_code == 404

    question.answer = "<p>Hồ sơ tách thửa nộp tại Văn phòng đăng ký đất đai.</p>"
    question.answered_by = "Sở Tài nguyên và Môi trường"
    question.status = Question.Status.PUBLISHED
    question.save()
    assert question.published_at is not None

    listing = browser.get(qa_page.url).content.decode()
    assert "tách thửa" in listing
    assert question.get_url() == f"{qa_page.url}{question.pk}/"
    detail = browser.get(question.get_url()).content.decode()
    assert "Hồ sơ tách thửa nộp tại Văn phòng đăng ký đất đai." in detail
    assert "binh@example.vn" not in detail


def test_publishing_without_an_answer_is_refused(land):
    from django.core.exceptions import ValidationError

    question = Question(
        topic=land,
        asker_name="A",
        asker_email="a@example.vn",
        question="Câu hỏi chưa có trả lời",
        status=Question.Status.PUBLISHED,
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "answer" in error.value.message_dict


def test_honeypot_silently_drops_robots(browser, land, qa_page):
    response = ask(browser, qa_page, land, website="http://spam.example")
    assert response.status_code == 200
    assert not Question.objects.filter(asker_email="binh@example.vn").exists()


def test_invalid_question_shows_errors_in_vietnamese(browser, land, qa_page):
    response = ask(browser, qa_page, land, asker_email="khong-phai-email", question="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập địa chỉ email hợp lệ." in html or "email hợp lệ" in html
    assert "Trường này là bắt buộc." in html
    assert not Question.objects.filter(asker_name="Hoàng Văn Bình").exists()


def test_unknown_topic_is_a_form_error_not_a_500(browser, land, qa_page):
    response = ask(browser, qa_page, None, topic="999999")
    assert response.status_code == 200
    assert not Question.objects.filter(asker_name="Hoàng Văn Bình").exists()


def test_rate_limit_on_questions(settings, land, qa_page):
    settings.ENGAGEMENT_RATE_LIMITS = {"question": (2, 3600)}
    for i in range(3):
        response = ask(
            Client(), qa_page, land, question=f"Câu hỏi số {i} về thủ tục đất đai"
        )
    assert "Bạn đã thao tác quá nhiều lần" in response.content.decode()
    assert Question.objects.filter(asker_name="Hoàng Văn Bình").count() == 2


def test_listing_by_field_and_folded_search(
    browser, qa_page, land, django_assert_max_num_queries
):
    certificate = QuestionFactory(
        topic=land,
        title="Cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất được thừa kế",
        question="Thửa đất tôi được thừa kế chưa có Giấy chứng nhận; hồ sơ gồm gì?",
        answer="<p>Ông nộp hồ sơ tại Văn phòng đăng ký đất đai.</p>",
    )
    permit = QuestionFactory(
        topic=QuestionTopicFactory(name="Xây dựng", slug="xay-dung"),
        title="Cải tạo nhà ở trong ngõ có phải xin giấy phép xây dựng không?",
        question="Tôi định nâng tầng nhà ở trong ngõ, có cần giấy phép xây dựng?",
    )
    pending = QuestionFactory(
        topic=land,
        pending=True,
        title="",
        question="Hồ sơ chuyển nhượng quyền sử dụng đất của tôi nộp đã 20 ngày.",
    )
    with django_assert_max_num_queries(20):
        response = browser.get(qa_page.url, {"linh-vuc": "dat-dai"})
    html = response.content.decode()
    assert certificate.title in html
    assert permit.title not in html

    # Typed without diacritics, as citizens do on phones.
    html = browser.get(qa_page.url, {"q": "giay phep xay dung"}).content.decode()
    assert permit.title in html
    assert certificate.title not in html

    html = browser.get(qa_page.url, {"q": "dat dai"}).content.decode()
    assert certificate.title in html
    assert certificate in Question.objects.published().matching("dat dai")
    assert certificate in Question.objects.published().matching("ĐẤT ĐAI")

    # A question awaiting its answer never shows.
    assert (
        pending.question
        not in browser.get(qa_page.url, {"q": "chuyen nhuong"}).content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99999",
        "?linh-vuc=%00",
        "?q=%00",
        "?q=dat%00dai",
        "?q=" + "a" * 5000,
        "?q=%27%22<>",
    ],
)
def test_odd_query_strings_are_handled(browser, qa_page, query):
    QuestionFactory()
    assert browser.get(qa_page.url + query).status_code == 200


def test_published_answers_are_in_the_sitemap(client, qa_page):
    published = QuestionFactory(index_page=qa_page)
    pending = QuestionFactory(index_page=qa_page, pending=True)
    xml = client.get(reverse("sitemap")).content.decode()
    assert f"{qa_page.url}{published.pk}/</loc>" in xml
    assert f"{qa_page.url}{pending.pk}/</loc>" not in xml


def test_pages_of_questions_keep_the_chosen_field(client, qa_page, land, monkeypatch):
    from portal.engagement import views

    monkeypatch.setattr(views, "QUESTIONS_PER_PAGE", 1)
    for number in range(3):
        Question.objects.create(
            topic=land,
            asker_name="Người hỏi",
            asker_email="hoi@example.vn",
            title=f"Câu hỏi về đất số {number}",
            question="Hỏi về đất đai.",
            answer="<p>Trả lời.</p>",
            answered_by="Sở Tài nguyên và Môi trường",
            status=Question.Status.PUBLISHED,
        )
    html = client.get(qa_page.url, {"linh-vuc": "dat-dai", "page": 2}).content.decode()
    assert '<span aria-current="page">2</span>' in html
    assert 'href="?linh-vuc=dat-dai&amp;page=1" rel="prev"' in html
    assert 'href="?linh-vuc=dat-dai&amp;page=3" rel="next"' in html


def test_questions_have_a_honeypot_and_a_rate_limit(settings, land, qa_page):
    response = ask(Client(), qa_page, land, website="spam")
    assert "Câu hỏi của bạn đã được gửi" in response.content.decode()
    assert not Question.objects.filter(asker_email="binh@example.vn").exists()

    # The robot's attempt counted too: two attempts per hour leave one for a person.
    settings.ENGAGEMENT_RATE_LIMITS = {"question": (2, 3600)}
    ask(Client(), qa_page, land)
    html = ask(Client(), qa_page, land).content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert "tách thửa đất ở tại huyện Văn Lâm" in html  # what was typed is kept
    assert Question.objects.filter(asker_email="binh@example.vn").count() == 1
