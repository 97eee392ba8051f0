import pytest
from django.test import Client

from portal.engagement.models import PageFeedback
from tests.factories import SectionPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def test_every_content_page_asks_and_counts(browser, portal):
    page = SectionPageFactory(parent=portal.home)
    html = browser.get(page.url).content.decode()
    assert "Thông tin này có hữu ích không?" in html
    response = browser.post(
        "/phan-hoi-trang/",
        {"page": page.pk, "helpful": "no", "comment": "Thiếu số điện thoại."},
    )
    assert response.status_code == 302
    assert response["Location"] == page.url + "#page-feedback"
    feedback = PageFeedback.objects.get(page=page)
    assert feedback.helpful is False
    assert feedback.comment == "Thiếu số điện thoại."

    html = browser.get(page.url).content.decode()
    assert "Cảm ơn bạn đã góp ý!" in html
    # Once per page per browser.
    browser.post("/phan-hoi-trang/", {"page": page.pk, "helpful": "yes"})
    assert PageFeedback.objects.filter(page=page).count() == 1


def test_refusal_over_the_rate_limit_is_shown_at_the_form(settings, browser, portal):
    settings.ENGAGEMENT_RATE_LIMITS = {"feedback": (1, 3600)}
    first, second = SectionPageFactory.create_batch(2, parent=portal.home)
    browser.post("/phan-hoi-trang/", {"page": first.pk, "helpful": "yes"})
    response = browser.post(
        "/phan-hoi-trang/", {"page": second.pk, "helpful": "yes"}, follow=True
    )
    assert response.redirect_chain[-1][0] == second.url + "#page-feedback"
    html = response.content.decode()
    section = html[html.index('id="page-feedback"') :]
    section = section[: section.index("</section>")]
    assert "Bạn đã thao tác quá nhiều lần" in section
    assert "Thông tin này có hữu ích không?" in section  # the form is still there
    assert not PageFeedback.objects.filter(page=second).exists()
    # Said once: the next page does not repeat it.
    assert (
        "Bạn đã thao tác quá nhiều lần" not in browser.get(first.url).content.decode()
    )


def test_home_page_has_no_feedback_box(browser, portal):
    section = SectionPageFactory(parent=portal.home)
    response = browser.get(portal.home.url)
    assert response.status_code == 200
    assert "Thông tin này có hữu ích không?" not in response.content.decode()
    assert (
        "Thông tin này có hữu ích không?" in browser.get(section.url).content.decode()
    )


def test_bad_feedback_never_500s(portal):
    client = Client()
    for data in (
        {},
        {"page": "abc", "helpful": "yes"},
        {"page": 99999999, "helpful": "yes"},
        {"page": portal.home.pk, "helpful": "maybe"},
        {"page": portal.home.pk, "helpful": "yes", "comment": "x" * 5000},
    ):
        response = client.post("/phan-hoi-trang/", data)
        assert response.status_code == 302
    assert not PageFeedback.objects.exists()


def test_honeypot_drops_feedback(portal):
    page = SectionPageFactory(parent=portal.home)
    Client().post(
        "/phan-hoi-trang/", {"page": page.pk, "helpful": "yes", "website": "x"}
    )
    assert not PageFeedback.objects.exists()


def test_each_page_gets_its_own_form_from_the_shared_fields(browser, portal):
    """The fields are rendered once per content version; the page and the CSRF
    token are each page's and each visitor's."""
    pages = SectionPageFactory.create_batch(2, parent=portal.home)
    for _ in range(2):  # cold, then warm
        for page in pages:
            html = browser.get(page.url).content.decode()
            assert f'<input type="hidden" name="page" value="{page.pk}">' in html
            assert 'name="csrfmiddlewaretoken"' in html
            assert '<textarea id="page-feedback-comment" name="comment"' in html
            assert 'id="feedback-website"' in html
            assert "Có, hữu ích" in html
