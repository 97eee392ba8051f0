from django.core import mail
from django.test import Client

from portal.core.models import PortalSettings
from portal.engagement.models import ContactMessage


def send(client, **overrides):
    data = {
        "name": "Bùi Thị Thu",
        "email": "thu@example.vn",
        "phone": "0912 345 678",
        "subject": "Góp ý giao diện",
        "message": "Đề nghị tăng cỡ chữ trên điện thoại.",
        "website": "",
        **overrides,
    }
    return client.post("/lien-he/", data, follow=True)


def test_contact_form_emails_the_address_in_site_settings(browser, demo):
    settings = PortalSettings.for_site(demo.site)
    settings.email = "banbientap@example.gov.vn"
    settings.save()
    response = send(browser)
    assert "Ý kiến của bạn đã được gửi tới Ban biên tập" in response.content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["banbientap@example.gov.vn"]
    assert email.reply_to == ["thu@example.vn"]
    assert "Góp ý giao diện" in email.subject
    assert "Đề nghị tăng cỡ chữ" in email.body
    assert ContactMessage.objects.get(email="thu@example.vn").emailed is True


def test_contact_page_shows_details(browser, demo):
    html = browser.get("/lien-he/").content.decode()
    assert "congthongtin@hungyen.gov.vn" in html
    assert 'name="website"' in html  # the honeypot is there, hidden
    assert 'class="hp-field" aria-hidden="true"' in html


def test_honeypot_sends_nothing(demo):
    send(Client(), website="spam")
    assert mail.outbox == []
    assert not ContactMessage.objects.exists()


def test_rate_limit(settings, demo):
    settings.ENGAGEMENT_RATE_LIMITS = {"contact": (1, 3600)}
    send(Client())
    html = send(Client()).content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert len(mail.outbox) == 1


def test_failed_email_keeps_the_message(browser, demo, settings):
    settings.EMAIL_BACKEND = "tests.portal.engagement.failing_email.EmailBackend"
    response = send(browser)
    assert response.status_code == 200
    saved = ContactMessage.objects.get(email="thu@example.vn")
    assert saved.emailed is False


def test_invalid_input_shows_errors(browser, demo):
    response = send(browser, email="sai", message="")
    assert response.status_code == 200
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_line_breaks_count_once_against_the_limit(browser, demo):
    # The browser counts a line break as one character but sends "\r\n".
    message = ("Dòng góp ý.\r\n" * 500)[:4999]
    assert len(message.replace("\r\n", "\n")) <= 5000 < len(message) + 400
    send(browser, message=message)
    assert ContactMessage.objects.filter(email="thu@example.vn").exists()


def test_mistakes_do_not_use_up_the_limit_and_a_refusal_keeps_the_text(settings, demo):
    settings.ENGAGEMENT_RATE_LIMITS = {"contact": (1, 3600)}
    client = Client()
    for _attempt in range(3):
        send(client, email="sai")
    send(client)
    assert ContactMessage.objects.count() == 1
    response = send(client, message="Góp ý thứ hai, gõ khá dài.")
    html = response.content.decode()
    assert "Bạn đã thao tác quá nhiều lần" in html
    assert "Góp ý thứ hai, gõ khá dài." in html
    assert ContactMessage.objects.count() == 1
