"""The webmasters' page of the alerts in the admin: subscriptions per kind, the
queue and its failures, pausing all sending, erasing an address on request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from portal.alerts.models import Frequency, Subscriber, Subscription
from portal.core.mail import MailSettings, OutgoingMail, RefusedAddress, queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriptions():
    known = Subscriber.objects.create(email="ban-doc@example.vn")
    Subscription.objects.create(
        subscriber=known,
        kind="search",
        query="q=dat+dai",
        label="Tìm kiếm: «đất đai»",
        confirmed_at=timezone.now(),
    )
    Subscription.objects.create(
        subscriber=known,
        kind="topic",
        topic="page:1",
        label="Văn bản",
        frequency=Frequency.WEEKLY,
    )
    return known


def test_the_dashboard_counts_subscriptions_and_shows_failures(
    admin_client, subscriptions
):
    failed = queue("hong@example.vn", "Thư lỗi", "x", kind="alert")
    OutgoingMail.objects.filter(pk=failed.pk).update(
        status=OutgoingMail.Status.FAILED, attempts=12, last_error="Connection refused"
    )
    RefusedAddress.objects.create(
        email="khong-co@example.vn", refusals=3, suspended=True
    )
    page = admin_client.get(reverse("alerts_dashboard")).content.decode()
    assert "Thông báo qua e-mail" in page
    assert "Connection refused" in page and "hong@example.vn" in page
    assert "khong-co@example.vn" in page
    assert "Tạm dừng mọi việc gửi thư" in page


def test_pausing_and_resuming_all_sending(admin_client):
    response = admin_client.post(reverse("alerts_pause"))
    assert response.status_code == 302
    assert MailSettings.load().paused
    assert (
        "Gửi thư trở lại"
        in admin_client.get(reverse("alerts_dashboard")).content.decode()
    )
    admin_client.post(reverse("alerts_resume"))
    assert not MailSettings.load().paused


def test_given_up_mail_can_be_queued_again(admin_client):
    mail = queue("lai@example.vn", "Thư", "x", kind="alert")
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.FAILED, attempts=12
    )
    admin_client.post(reverse("alerts_retry"))
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (OutgoingMail.Status.QUEUED, 0)


def test_erasing_an_address_deletes_its_subscriptions_and_mail(
    admin_client, subscriptions
):
    queue("ban-doc@example.vn", "Thư", "x", kind="alert")
    admin_client.post(reverse("alerts_erase"), {"email": " Ban-Doc@Example.vn "})
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert not OutgoingMail.objects.filter(to="ban-doc@example.vn").exists()


def test_an_editor_without_the_permissions_is_refused(client, django_user_model):
    editor = django_user_model.objects.create_user("bientap", password="x-12345678")
    editors = Group.objects.create(name="Biên tập thử")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get(reverse("alerts_dashboard")).status_code == 302
    assert client.post(reverse("alerts_pause")).status_code in (302, 403)
    assert not MailSettings.load().paused


def test_a_viewer_sees_the_page_but_cannot_pause(client, django_user_model):
    viewer = django_user_model.objects.create_user("xem", password="x-12345678")
    viewers = Group.objects.create(name="Xem thông báo")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_subscription"),
    )
    viewer.groups.add(viewers)
    client.force_login(viewer)
    page = client.get(reverse("alerts_dashboard"))
    assert page.status_code == 200
    assert "Tạm dừng mọi việc gửi thư" not in page.content.decode()
    assert client.post(reverse("alerts_pause")).status_code in (302, 403)
    assert not MailSettings.load().paused
