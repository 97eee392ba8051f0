"""Subscriptions to alerts by e-mail, without an account.

A `Subscriber` is an e-mail address and nothing else; each `Subscription` says what
it follows (a search, a filtered list, or a topic: a document, a news category, a
procedure field) and how often it hears (at once, daily, weekly). A subscription
is confirmed by a signed link before anything is sent; unconfirmed ones expire
(`UNCONFIRMED_DAYS`). What is kept, why and for how long: docs/alerts.md and the
page every alert links to (Decree 13/2023/NĐ-CP).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: Days a subscription waits for its confirmation before it is deleted.
UNCONFIRMED_DAYS = 7


def new_key() -> str:
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    email = models.EmailField(_("email"), unique=True)
    created_at = models.DateTimeField(_("first subscribed"), default=timezone.now)
    #: In every signed link: a new key makes every link sent before it void.
    key = models.CharField(max_length=32, default=new_key)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now=None):
        cutoff = (now or timezone.now()) - datetime.timedelta(days=UNCONFIRMED_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Subscription(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", _("Search")
        LIST = "list", _("Filtered list")
        TOPIC = "topic", pgettext_lazy("followed item", "Topic")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: The site it was made on: its addresses in the mail, its search scope.
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: A list's page (LIST), or the page a topic names (TOPIC on a page).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: TOPIC: what it follows (portal.core.changes), e.g. "page:12".
    topic = models.CharField(max_length=100, blank=True)
    #: SEARCH and LIST: the query string of the search or list, normalised.
    query = models.TextField(blank=True)
    #: What it follows, as the mails and the subscriber's page name it.
    label = models.CharField(_("follows"), max_length=500)
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    #: The same for every subscription that follows the same thing: those are
    #: matched once (portal.alerts.matching).
    signature = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    #: The last change (portal.core.changes) already considered for it.
    last_change = models.BigIntegerField(default=0)
    #: When a daily or weekly alert is next due.
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_sent_at = models.DateTimeField(_("last alert"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "signature"], name="one_subscription_per_thing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscriber}: {self.label}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def save(self, *args, **kwargs):
        self.signature = signature_of(
            self.kind, self.site_id, self.page_id, self.topic, self.query
        )
        super().save(*args, **kwargs)


def signature_of(kind, site_id, page_id, topic, query) -> str:
    data = json.dumps([kind, site_id, page_id, topic, query], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def hour_of_day() -> int:
    return int(getattr(settings, "PORTAL_ALERTS_HOUR", 7))


def next_due(frequency: str, now: datetime.datetime) -> datetime.datetime | None:
    """When a daily or weekly alert after `now` goes out: the next
    PORTAL_ALERTS_HOUR (7:00 by default, local time), on a Monday for weekly."""
    if frequency == Frequency.IMMEDIATE:
        return None
    local = timezone.localtime(now)
    due = local.replace(hour=hour_of_day(), minute=0, second=0, microsecond=0)
    if due <= local:
        due += datetime.timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        due += datetime.timedelta(days=(7 - due.weekday()) % 7)
    return due
