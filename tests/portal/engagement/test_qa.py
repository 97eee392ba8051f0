import pytest
from django.test import Client

from portal.engagement.models import Question, QuestionTopic


@pytest.fixture
def land(demo):
    return QuestionTopic.objects.get(slug="dat-dai")


def ask(client, field, **overrides):
    data = {
        "asker_name": "Hoàng Văn Bình",
        "asker_email": "binh@example.vn",
        "topic": field.pk if field else "",
        "question": "Xin hỏi thủ tục tách thửa đất ở tại huyện Văn Lâm như thế nào?",
        "website": "",
        **overrides,
    }
    return client.post("/hoi-dap/", data, follow=True)


def test_question_waits_for_moderation_then_appears_with_its_answer(browser, land):
    response = ask(browser, land)
    assert response.status_code == 200
    assert "Câu hỏi của bạn đã được gửi" in response.content.decode()
    question = Question.objects.get(asker_email="binh@example.vn")
    assert question.status == Question.Status.PENDING
    assert question.index_page.slug == "hoi-dap"

    # Not public before an editor answers and publishes it.
    assert "tách thửa" not in browser.get("/hoi-dap/").content.decode()
    assert browser.get(f"/hoi-dap/{question.pk}/").status_code == 404

    question.answer = "<p>Hồ sơ tách thửa nộp tại Văn phòng đăng ký đất đai.</p>"
    question.answered_by = "Sở Tài nguyên và Môi trường"
    question.status = Question.Status.PUBLISHED
    question.save()
    assert question.published_at is not None

    listing = browser.get("/hoi-dap/").content.decode()
    assert "tách thửa" in listing
    detail = browser.get(f"/hoi-dap/{question.pk}/").content.decode()
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


def test_honeypot_silently_drops_robots(browser, land):
    response = ask(browser, land, website="http://spam.example")
    assert response.status_code == 200
    assert not Question.objects.filter(asker_email="binh@example.vn").exists()


def test_invalid_question_shows_errors_in_vietnamese(browser, land):
    response = ask(browser, land, asker_email="khong-phai-email", question="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập địa chỉ email hợp lệ." in html or "email hợp lệ" in html
    assert "Trường này là bắt buộc." in html
    assert not Question.objects.filter(asker_name="Hoàng Văn Bình").exists()


def test_unknown_topic_is_a_form_error_not_a_500(browser, land):
    response = ask(browser, None, topic="999999")
    assert response.status_code == 200
    assert not Question.objects.filter(asker_name="Hoàng Văn Bình").exists()


def test_rate_limit_on_questions(settings, land):
    settings.ENGAGEMENT_RATE_LIMITS = {"question": (2, 3600)}
    for i in range(3):
        response = ask(Client(), land, question=f"Câu hỏi số {i} về thủ tục đất đai")
    assert "Bạn đã thao tác quá nhiều lần" in response.content.decode()
    assert Question.objects.filter(asker_name="Hoàng Văn Bình").count() == 2


def test_listing_by_field_and_folded_search(
    browser, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = browser.get("/hoi-dap/?linh-vuc=dat-dai")
    html = response.content.decode()
    assert "Giấy chứng nhận quyền sử dụng đất" in html
    assert "giấy phép xây dựng" not in html

    # Typed without diacritics, as citizens do on phones.
    html = browser.get("/hoi-dap/?q=giay+phep+xay+dung").content.decode()
    assert "Xây nhà ở riêng lẻ ở nông thôn" in html
    assert "Giấy chứng nhận quyền sử dụng đất lần đầu" not in html

    html = browser.get("/hoi-dap/?q=dat+dai").content.decode()
    assert "1 câu hỏi" in html or "câu hỏi" in html
    assert Question.objects.published().matching("dat dai").exists()
    assert Question.objects.published().matching("ĐẤT ĐAI").exists()

    # The pending demo question never shows.
    assert (
        "chuyển nhượng quyền sử dụng đất của tôi"
        not in browser.get("/hoi-dap/?q=chuyen+nhuong").content.decode()
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
def test_odd_query_strings_are_handled(browser, demo, query):
    assert browser.get("/hoi-dap/" + query).status_code == 200


def test_published_answers_are_in_the_sitemap(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    published = Question.objects.published().first()
    pending = Question.objects.get(status=Question.Status.PENDING)
    assert f"/hoi-dap/{published.pk}/</loc>" in xml
    assert f"/hoi-dap/{pending.pk}/</loc>" not in xml


def test_pages_of_questions_keep_the_chosen_field(client, land, monkeypatch):
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
    html = client.get("/hoi-dap/", {"linh-vuc": "dat-dai", "page": 2}).content.decode()
    assert '<span aria-current="page">2</span>' in html
    assert 'href="?linh-vuc=dat-dai&amp;page=1" rel="prev"' in html
    assert 'href="?linh-vuc=dat-dai&amp;page=3" rel="next"' in html


def test_questions_have_a_honeypot_and_a_rate_limit(settings, land):
    response = ask(Client(), land, website="spam")
    assert "Câu hỏi của bạn đã được gửi" in response.content.decode()
    assert not Question.objects.filter(asker_email="binh@example.vn").exists()

    # The robot's attempt counted too: two attempts per hour leave one for a person.
    settings.ENGAGEMENT_RATE_LIMITS = {"question": (2, 3600)}
    ask(Client(), land)
    html = ask(Client(), land).content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert "tách thửa đất ở tại huyện Văn Lâm" in html  # what was typed is kept
    assert Question.objects.filter(asker_email="binh@example.vn").count() == 1
