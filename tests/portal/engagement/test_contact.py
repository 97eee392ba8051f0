"""The contact page, on Wagtail's form builder: what a citizen sends is kept as a
submission, e-mailed to the portal, and refused with a Vietnamese message when it
could not be sent as it is."""

import pytest
from django.core import mail
from django.test import Client

from portal.core.models import PortalSettings
from portal.engagement.models import ContactFormField, ContactMessage

pytestmark = pytest.mark.usefixtures("shared_portal")


def send(client, page, **overrides):
    data = {
        "name": "Bùi Thị Thu",
        "email": "thu@example.vn",
        "phone": "0912 345 678",
        "subject": "Góp ý giao diện",
        "message": "Đề nghị tăng cỡ chữ trên điện thoại.",
        "website": "",
        **overrides,
    }
    return client.post(page.url, data, follow=True)


def sent_by(email):
    return ContactMessage.objects.filter(form_data__email=email)


def test_contact_form_emails_the_address_in_site_settings(
    browser, contact_page, portal_email
):
    assert PortalSettings.for_site(contact_page.get_site()).email == portal_email
    response = send(browser, contact_page)
    assert "Ý kiến của bạn đã được gửi tới Ban biên tập" in response.content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [portal_email]
    assert email.reply_to == ["thu@example.vn"]
    assert email.subject == "[Liên hệ] Góp ý giao diện"
    assert "Nội dung: Đề nghị tăng cỡ chữ" in email.body
    assert "Họ và tên: Bùi Thị Thu" in email.body
    # Where it came from, as an address that works outside the request.
    assert f"http://testserver{contact_page.url}" in email.body
    # The honeypot is neither e-mailed nor kept.
    assert "website" not in email.body.lower()
    message = sent_by("thu@example.vn").get()
    assert message.emailed is True
    assert message.page.specific == contact_page
    assert message.form_data == {
        "name": "Bùi Thị Thu",
        "email": "thu@example.vn",
        "phone": "0912 345 678",
        "subject": "Góp ý giao diện",
        "message": "Đề nghị tăng cỡ chữ trên điện thoại.",
    }


def test_recipients_on_the_page_come_before_the_site_settings(browser, contact_page):
    contact_page.to_address = "vanthu@example.gov.vn, tiepdan@example.gov.vn"
    contact_page.save_revision().publish()
    send(browser, contact_page)
    assert mail.outbox[0].to == ["vanthu@example.gov.vn", "tiepdan@example.gov.vn"]


def test_contact_page_shows_details(browser, contact_page, portal_email):
    html = browser.get(contact_page.url).content.decode()
    assert portal_email in html
    assert 'name="website"' in html  # the honeypot is there, hidden
    assert 'class="hp-field" aria-hidden="true"' in html


def test_editors_build_the_form(browser, contact_page):
    contact_page.form_fields.add(
        ContactFormField(label="Địa chỉ", field_type="singleline", required=True)
    )
    contact_page.save_revision().publish()
    field = ContactFormField.objects.get(page=contact_page, label="Địa chỉ")
    assert field.clean_name == "dia_chi"
    html = browser.get(contact_page.url).content.decode()
    assert 'name="dia_chi"' in html
    send(browser, contact_page, dia_chi="Số 6 đường Chùa Chuông")
    assert sent_by("thu@example.vn").get().form_data["dia_chi"] == (
        "Số 6 đường Chùa Chuông"
    )
    assert "Địa chỉ: Số 6 đường Chùa Chuông" in mail.outbox[0].body


def test_a_page_without_fields_shows_no_form(browser, contact_page, portal_email):
    contact_page.form_fields.all().delete()
    html = browser.get(contact_page.url).content.decode()
    assert 'id="contact-form"' not in html
    assert portal_email in html


def test_honeypot_sends_nothing(contact_page):
    send(Client(), contact_page, website="spam")
    assert mail.outbox == []
    assert not ContactMessage.objects.exists()


def test_rate_limit(settings, contact_page):
    settings.ENGAGEMENT_RATE_LIMITS = {"contact": (1, 3600)}
    send(Client(), contact_page)
    html = send(Client(), contact_page).content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert len(mail.outbox) == 1


def test_failed_email_keeps_the_message(browser, contact_page, settings):
    settings.EMAIL_BACKEND = "tests.portal.engagement.failing_email.EmailBackend"
    response = send(browser, contact_page)
    assert response.status_code == 200
    saved = sent_by("thu@example.vn").get()
    assert saved.emailed is False


def test_no_recipient_keeps_the_message_unsent(browser, contact_page):
    settings = PortalSettings.for_site(contact_page.get_site())
    settings.email = ""
    settings.save()
    send(browser, contact_page)
    assert mail.outbox == []
    assert sent_by("thu@example.vn").get().emailed is False


def test_invalid_input_shows_errors(browser, contact_page):
    response = send(browser, contact_page, email="sai", message="")
    assert response.status_code == 200
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_line_break_in_the_subject_is_refused(browser, contact_page):
    """A subject with a line break would be an e-mail header of its own: it used
    to be kept unsent while the citizen read that it was sent."""
    response = send(browser, contact_page, subject="Hello\r\nBcc: x@example.com")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng nhập trên một dòng, không xuống dòng." in html
    assert "Ý kiến của bạn đã được gửi" not in html
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []
    # Every one-line field refuses them, the name too; the message keeps its lines.
    send(browser, contact_page, name="Bùi\nThị Thu")
    assert not ContactMessage.objects.exists()
    send(browser, contact_page, message="Dòng một.\r\nDòng hai.")
    assert sent_by("thu@example.vn").get().form_data["message"] == (
        "Dòng một.\nDòng hai."
    )


def test_line_breaks_count_once_against_the_limit(browser, contact_page):
    # The browser counts a line break as one character but sends "\r\n".
    message = ("Dòng góp ý.\r\n" * 500)[:4999]
    assert len(message.replace("\r\n", "\n")) <= 5000 < len(message) + 400
    send(browser, contact_page, message=message)
    assert sent_by("thu@example.vn").exists()


def test_a_message_too_long_is_refused(browser, contact_page):
    html = send(browser, contact_page, message="a" * 5001).content.decode()
    assert "Nội dung quá dài (tối đa 5000 ký tự)." in html
    assert not ContactMessage.objects.exists()


def test_mistakes_do_not_use_up_the_limit_and_a_refusal_keeps_the_text(
    settings, contact_page
):
    settings.ENGAGEMENT_RATE_LIMITS = {"contact": (1, 3600)}
    client = Client()
    for _attempt in range(3):
        send(client, contact_page, email="sai")
    send(client, contact_page)
    assert ContactMessage.objects.count() == 1
    response = send(client, contact_page, message="Góp ý thứ hai, gõ khá dài.")
    html = response.content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert "Góp ý thứ hai, gõ khá dài." in html
    assert ContactMessage.objects.count() == 1
