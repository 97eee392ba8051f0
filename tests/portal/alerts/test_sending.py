"""The mail queue against a real SMTP server in process: what arrives, nothing lost
across a crash or an outage, refusals counted, sending paused."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.core import mail as outbox
from portal.core.mail import MailSettings, OutgoingMail, RefusedAddress, queue

pytestmark = pytest.mark.django_db


def queued(to="dan@example.vn", **fields):
    fields.setdefault("subject", "Thông báo thử nghiệm")
    fields.setdefault("text", "Nội dung có dấu: Quyết định số 146/KH-UBND.")
    fields.setdefault("html", "<p>Nội dung <strong>có dấu</strong></p>")
    return queue(to, kind="test", **fields)


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_a_mail_arrives_with_both_parts_and_its_message_id(smtp):
    mail = queued(headers={"List-Unsubscribe": "<http://testserver/huy/>"})
    report = outbox.send_queued()
    assert report.sent == 1
    [message] = smtp.messages
    assert message["To"] == "dan@example.vn"
    assert message["Subject"] == "Thông báo thử nghiệm"
    assert message["Message-ID"] == mail.message_id
    assert message["List-Unsubscribe"] == "<http://testserver/huy/>"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Quyết định số 146/KH-UBND" in text
    assert "<strong>có dấu</strong>" in html
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT and mail.sent_at
    assert outbox.send_queued().sent == 0  # sent once
    assert smtp.connections == 1


def test_many_mails_go_over_one_connection(smtp):
    for n in range(5):
        queued(f"nguoi{n}@example.vn")
    assert outbox.send_queued().sent == 5
    assert smtp.connections == 1
    assert len(smtp.messages) == 5


def test_a_crash_between_sending_and_marking_sent_sends_it_again_with_its_id(
    smtp, monkeypatch
):
    mail = queued()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies once the server has the mail

    monkeypatch.setattr(outbox, "mark_sent", killed)
    with pytest.raises(KeyboardInterrupt):
        outbox.send_queued()
    monkeypatch.undo()
    assert len(smtp.messages) == 1
    assert outbox.send_queued().sent == 0  # taken by the dead run for a while
    assert outbox.send_queued(now=later(11)).sent == 1
    assert [m["Message-ID"] for m in smtp.messages] == [mail.message_id] * 2
    assert outbox.send_queued(now=later(30)).sent == 0


def test_a_server_that_is_down_keeps_the_mail_and_retries_later(smtp):
    mail = queued()
    smtp.stop()
    report = outbox.send_queued()
    assert (report.sent, report.failed) == (0, 1)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 1 and "connection" in mail.last_error
    assert mail.next_attempt_at > timezone.now() + datetime.timedelta(seconds=90)
    smtp.start()
    assert outbox.send_queued().sent == 0  # not before its time
    assert outbox.send_queued(now=later(3)).sent == 1
    assert len(smtp.messages) == 1


def test_a_mail_failing_every_time_is_given_up_and_reported(smtp):
    mail = queued()
    smtp.stop()
    for attempt in range(outbox.MAX_ATTEMPTS):
        outbox.send_queued(now=later(60 * 24 * attempt))
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command("mail_health", stdout=out, stderr=err)
    assert "Đã bỏ" in out.getvalue() or "given up" in out.getvalue().lower()


def test_an_address_refused_outright_three_times_is_suspended(smtp):
    smtp.refuse["khong-co@example.vn"] = "550 5.1.1 No such user"
    for n in range(outbox.REFUSALS_BEFORE_SUSPENSION):
        queued("khong-co@example.vn", subject=f"Thư {n}")
        report = outbox.send_queued()
        assert report.refused == 1
    state = RefusedAddress.objects.get(email="khong-co@example.vn")
    assert state.suspended and state.refusals == 3
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).count() == 3
    assert queued("khong-co@example.vn") is None  # nothing more is queued
    assert smtp.messages == []


def test_a_temporary_refusal_is_retried_and_an_accepted_mail_resets_the_count(smtp):
    smtp.refuse["tam@example.vn"] = "450 4.2.1 Mailbox busy"
    mail = queued("tam@example.vn")
    assert outbox.send_queued().failed == 1
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    RefusedAddress.objects.create(email="tam@example.vn", refusals=2)
    del smtp.refuse["tam@example.vn"]
    assert outbox.send_queued(now=later(5)).sent == 1
    assert not RefusedAddress.objects.filter(email="tam@example.vn").exists()


def test_paused_sending_keeps_the_queue(smtp):
    settings = MailSettings.load()
    settings.paused = True
    settings.save()
    queued()
    assert outbox.send_queued().paused
    assert smtp.messages == []
    settings.paused = False
    settings.save()
    assert outbox.send_queued().sent == 1


def test_send_alerts_command_reports_and_mail_health_is_ok(smtp):
    queued()
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    assert len(smtp.messages) == 1
    out = io.StringIO()
    call_command("mail_health", stdout=out)
    assert "OK" in out.getvalue()


def test_sent_mail_is_deleted_after_the_days_it_is_kept(smtp):
    old, waiting = queued("cu@example.vn"), queued("cho@example.vn")
    outbox.send_queued(only=[old.pk])
    OutgoingMail.objects.filter(pk=old.pk).update(created_at=later(-60 * 24 * 31))
    OutgoingMail.objects.filter(pk=waiting.pk).update(created_at=later(-60 * 24 * 31))
    assert outbox.prune() == 1
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["cho@example.vn"]
