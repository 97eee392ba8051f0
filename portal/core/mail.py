"""The portal's outgoing mail: queued in the database, sent by one command.

Whatever the portal writes to a citizen (a subscription's confirmation, an alert, the
answer to a question) is stored as an `OutgoingMail` in the transaction that decides
it, then sent by `send_queued` (the `send_alerts` and `send_queued_mail` commands,
from cron or as a worker; and right after the commit for mail a citizen waits for,
see `queue(..., now=True)`). So nothing is lost:

- a mail is marked sent only after the SMTP server accepted it; killed in between,
  the next run sends it again, with the same Message-ID (receiving servers and
  clients drop the duplicate, many of them);
- a failure (server down, 4xx) leaves it queued with a growing delay;
- an address the server refuses outright (5xx at RCPT) is counted; after
  `REFUSALS_BEFORE_SUSPENSION` refusals in a row it is suspended and its mail is
  dropped. Bounces that arrive later by mail are not read (docs/alerts.md).

Webmasters can pause all sending (`MailSettings.paused`): mail waits in the queue.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseGenericSetting

logger = logging.getLogger(__name__)

#: Attempts before a mail is given up (about a day and a half of back-off).
MAX_ATTEMPTS = 12
#: Longest wait between two attempts.
MAX_BACKOFF = datetime.timedelta(hours=6)
REFUSALS_BEFORE_SUSPENSION = 3


def normalise_address(address: str) -> str:
    """One spelling per mailbox: trimmed, the domain in lower case. The local part
    is lower-cased too: no public mail provider in Vietnam tells case apart, and
    one citizen typing their address twice must not become two subscribers."""
    return address.strip().lower()


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")
        DROPPED = "dropped", _("Dropped: address suspended")

    to = models.EmailField(pgettext_lazy("mail", "to"), db_index=True)
    #: What the mail is ("confirm", "alert", "answer"...), for the admin's counts.
    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    subject = models.CharField(pgettext_lazy("mail", "subject"), max_length=255)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    created_at = models.DateTimeField(
        pgettext_lazy("mail", "queued at"), default=timezone.now
    )
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    def message(self, connection=None) -> EmailMultiAlternatives:
        headers = {"Message-ID": self.message_id, **self.headers}
        message = EmailMultiAlternatives(
            self.subject,
            self.text,
            settings.DEFAULT_FROM_EMAIL,
            [self.to],
            headers=headers,
            connection=connection,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message


class RefusedAddress(models.Model):
    """An address the mail server refused outright, and how often in a row."""

    email = models.EmailField(_("email"), unique=True)
    refusals = models.PositiveSmallIntegerField(_("refusals in a row"), default=0)
    last_refused_at = models.DateTimeField(_("last refused at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    suspended = models.BooleanField(_("suspended"), default=False)

    class Meta:
        verbose_name = _("refused address")
        verbose_name_plural = _("refused addresses")

    def __str__(self) -> str:
        return self.email


class MailSettings(BaseGenericSetting):
    paused = models.BooleanField(
        _("pause all sending"),
        default=False,
        help_text=_(
            "Mail is kept in the queue and sent once sending resumes; nothing is lost."
        ),
    )

    class Meta:
        verbose_name = _("mail sending")


def is_suspended(address: str) -> bool:
    return RefusedAddress.objects.filter(
        email=normalise_address(address), suspended=True
    ).exists()


def queue(
    to: str,
    subject: str,
    text: str,
    html: str = "",
    *,
    kind: str,
    headers: Mapping[str, str] | None = None,
    message_id: str = "",
    now: bool = False,
) -> OutgoingMail | None:
    """Queue one mail in the current transaction; None when the address is
    suspended. `now`: try to send it as soon as the transaction commits (a
    citizen waiting for a confirmation); if that fails, the queue sends it later."""
    to = normalise_address(to)
    if is_suspended(to):
        return None
    domain = getattr(settings, "PORTAL_MAIL_DOMAIN", "") or None
    mail = OutgoingMail.objects.create(
        to=to,
        kind=kind,
        subject=" ".join(subject.split())[:255],
        text=text,
        html=html,
        headers=dict(headers or {}),
        message_id=message_id or make_msgid(domain=domain),
    )
    if now:
        transaction.on_commit(lambda: send_queued(only=[mail.pk]))
    return mail


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    refused: int = 0
    paused: bool = False
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(minutes=2**attempts), MAX_BACKOFF)


def _refused(mail: OutgoingMail, error: str, now) -> None:
    state, _created = RefusedAddress.objects.get_or_create(email=mail.to)
    state.refusals += 1
    state.last_refused_at = now
    state.last_error = error[:2000]
    state.suspended = state.refusals >= REFUSALS_BEFORE_SUSPENSION
    state.save()
    # A refusal is final for this mail; the address gets its next mails until
    # it is suspended.
    mail.status = OutgoingMail.Status.FAILED
    mail.attempts += 1
    mail.last_error = error[:2000]
    mail.save(update_fields=["status", "attempts", "last_error"])
    if state.suspended:
        OutgoingMail.objects.filter(
            to=mail.to, status=OutgoingMail.Status.QUEUED
        ).update(status=OutgoingMail.Status.DROPPED, last_error=error[:2000])


def _failed(mail: OutgoingMail, error: str, now) -> None:
    mail.attempts += 1
    mail.last_error = error[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status = OutgoingMail.Status.FAILED
    mail.next_attempt_at = now + backoff(mail.attempts)
    mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def _permanently_refused(error: smtplib.SMTPRecipientsRefused) -> bool:
    return all(code >= 500 for code, _msg in error.recipients.values())


#: How long a mail taken by one run is left alone by others.
LEASE = datetime.timedelta(minutes=10)


def _claim(mail: OutgoingMail, now) -> bool:
    """Take the mail for this run, so that two runs at once (the worker and a
    citizen's confirmation sent on commit) do not both send it. A run killed
    after this leaves it to the next run once the lease is over."""
    lease = max(now, timezone.now()) + LEASE
    return bool(
        OutgoingMail.objects.filter(
            pk=mail.pk,
            status=OutgoingMail.Status.QUEUED,
            next_attempt_at=mail.next_attempt_at,
        ).update(next_attempt_at=lease)
    )


def _postpone_all(mails: list[OutgoingMail], error: str, now) -> None:
    """The server cannot be reached: every due mail waits, in two statements
    however long the queue."""
    ids = [mail.pk for mail in mails]
    attempts = min(mail.attempts for mail in mails) + 1
    OutgoingMail.objects.filter(pk__in=ids).update(
        attempts=models.F("attempts") + 1,
        next_attempt_at=now + backoff(attempts),
        last_error=error[:2000],
    )
    OutgoingMail.objects.filter(pk__in=ids, attempts__gte=MAX_ATTEMPTS).update(
        status=OutgoingMail.Status.FAILED
    )


def mark_sent(mail: OutgoingMail, refused: set[str]) -> None:
    """Mark one mail sent, in its own commit, before the next one goes: a run
    killed after the server accepted it and before this sends it again."""
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        attempts=mail.attempts + 1,
    )
    if mail.to in refused:
        RefusedAddress.objects.filter(email=mail.to, suspended=False).delete()


def send_queued(
    limit: int = 1000, only: list[int] | None = None, now=None
) -> SendReport:
    """Send the due queued mail over one SMTP connection; returns what happened."""
    report = SendReport()
    if MailSettings.load().paused:
        report.paused = True
        return report
    now = now or timezone.now()
    due = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now
    ).order_by("pk")
    if only is not None:
        due = due.filter(pk__in=only)
    mails = list(due[:limit])
    if not mails:
        return report
    # Addresses with refusals counted: a mail accepted for one resets its count.
    refused = set(
        RefusedAddress.objects.filter(email__in={m.to for m in mails}).values_list(
            "email", flat=True
        )
    )
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _postpone_all(mails, f"connection: {error}", now)
        report.failed = len(mails)
        report.errors.append(str(error))
        logger.warning("Mail server unreachable: %s", error)
        return report
    try:
        for mail in mails:
            if not _claim(mail, now):
                continue  # another run (or a citizen's request) took it
            try:
                connection.send_messages([mail.message(connection)])
            except smtplib.SMTPRecipientsRefused as error:
                if _permanently_refused(error):
                    _refused(mail, str(error.recipients), now)
                    report.refused += 1
                else:
                    _failed(mail, str(error.recipients), now)
                    report.failed += 1
                continue
            except (OSError, smtplib.SMTPException) as error:
                _failed(mail, str(error), now)
                report.failed += 1
                report.errors.append(str(error))
                # The connection may be broken: the rest waits for the next run.
                if isinstance(error, smtplib.SMTPServerDisconnected | socket.error):
                    break
                continue
            mark_sent(mail, refused)
            report.sent += 1
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            pass
    return report


#: Days a mail is kept once sent or given up: enough for the webmaster to see
#: failures and what went out, no longer (it holds a citizen's address).
KEEP_DAYS = 30


def prune(now: datetime.datetime | None = None) -> int:
    """Delete mail sent, given up or dropped more than PORTAL_MAIL_KEEP_DAYS
    days ago; returns how many."""
    days = getattr(settings, "PORTAL_MAIL_KEEP_DAYS", KEEP_DAYS)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _ = (
        OutgoingMail.objects.exclude(status=OutgoingMail.Status.QUEUED)
        .filter(created_at__lt=cutoff)
        .delete()
    )
    return deleted


def queue_health() -> dict:
    """What the health command and the admin show."""
    counts = dict(
        OutgoingMail.objects.values_list("status").annotate(n=models.Count("pk"))
    )
    oldest = (
        OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return {
        "queued": counts.get(OutgoingMail.Status.QUEUED, 0),
        "sent": counts.get(OutgoingMail.Status.SENT, 0),
        "failed": counts.get(OutgoingMail.Status.FAILED, 0),
        "dropped": counts.get(OutgoingMail.Status.DROPPED, 0),
        "retrying": OutgoingMail.objects.filter(
            status=OutgoingMail.Status.QUEUED, attempts__gt=0
        ).count(),
        "oldest_queued": oldest,
        # Given up in the last day (its last attempt set its next one).
        "failed_recently": OutgoingMail.objects.filter(
            status=OutgoingMail.Status.FAILED,
            next_attempt_at__gte=timezone.now() - datetime.timedelta(days=1),
        ).count(),
        "suspended_addresses": RefusedAddress.objects.filter(suspended=True).count(),
        "paused": MailSettings.load().paused,
    }
