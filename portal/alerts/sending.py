"""One run of the alerts: match, write the mails, queue them, send the queue.

`run()` is what `manage.py send_alerts` does (once, or in a loop with --worker):

1. unconfirmed subscriptions past their time are deleted, and mail sent and
   change history older than they are kept (portal.core.mail, .changes);
2. the due subscriptions are matched against the change history up to the settled
   head (portal.alerts.matching);
3. for each address and frequency, one mail lists what each of its subscriptions
   heard of; the mail is queued (portal.core.mail) *in the same transaction* that
   moves those subscriptions' cursors to the head, so that a run killed at any
   point either queued the mail and moved on, or did neither;
4. the queue is sent over one SMTP connection.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext
from wagtail.models import Site

from portal.core.absolute_urls import absolute_url, root_url
from portal.core.changes import describe
from portal.core.changes import prune as prune_changes
from portal.core.mail import SendReport, queue, send_queued
from portal.core.mail import prune as prune_mail
from portal.core.models import PortalSettings

from . import tokens
from .matching import Matched, due, match_all, settled_head
from .models import Frequency, Subscriber, Subscription, next_due

logger = logging.getLogger(__name__)

#: Addresses whose mails are written and queued in one transaction.
BATCH = 200


@dataclass
class RunReport:
    head: int = 0
    due: int = 0
    distinct: int = 0
    postponed: int = 0
    queued: int = 0
    expired: int = 0
    #: Old mail and change history deleted.
    pruned: int = 0
    sent: SendReport | None = None


class _Taken(Exception):
    """Another run moved these subscriptions first."""


def _read_site_facts(site_id: int | None) -> tuple[str, str]:
    site = (
        Site.objects.filter(pk=site_id).first()
        if site_id
        else Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return "", root_url(None)
    return PortalSettings.for_site(site).portal_name, root_url(site)


def _items(changes, pages, memo: dict) -> list[dict]:
    """One entry per page, its changes in order, the page as it is now
    (`memo` keeps what was described and addressed once in the run)."""
    by_page: dict[int, dict] = {}
    for change in changes:
        page = pages.get(change.page_id)
        if page is None:
            continue
        entry = by_page.get(page.pk)
        if entry is None:
            entry = by_page[page.pk] = {
                "title": page.title,
                "number": getattr(page, "number", "") or "",
                "url": memo.get(("url", page.pk)) or absolute_url(page),
                "changes": [],
            }
            memo[("url", page.pk)] = entry["url"]
        text = memo.get(change.pk)
        if text is None:
            text = memo[change.pk] = describe(change, page)
        if text not in entry["changes"]:
            entry["changes"].append(text)
    return list(by_page.values())


def _memo(memo: dict, key, compute):
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def write_mail(
    subscriber: Subscriber,
    frequency: str,
    sections: list[tuple[Subscription, list]],
    pages,
    memo: dict | None = None,
) -> dict | None:
    """The subject, text, HTML and headers of one alert, or None when nothing
    in it is still published. `memo`: what a run computes once for all mails."""
    memo = {} if memo is None else memo
    # The links of the mail go to the site of its first subscription.
    site_id = sections[0][0].site_id if sections else None
    name, root = _memo(memo, ("site", site_id), lambda: _read_site_facts(site_id))
    blocks = []
    for subscription, changes in sections:
        items = _items(changes, pages, memo)
        if items:
            blocks.append(
                {
                    "label": subscription.label,
                    "items": items,
                    "unsubscribe_url": tokens.link(
                        "alerts:unsubscribe",
                        tokens.unsubscribe_token(subscription),
                        root=root,
                    ),
                }
            )
    if not blocks:
        return None
    # A page two subscriptions both heard of is one item to read.
    count = len({item["url"] for block in blocks for item in block["items"]})
    unsubscribe_all = tokens.link(
        "alerts:unsubscribe_all",
        tokens.unsubscribe_all_token(subscriber, frequency),
        root=root,
    )
    context = {
        "portal_name": name,
        "portal_url": root,
        "blocks": blocks,
        "count": count,
        "frequency": Frequency(frequency).label,
        "manage_url": tokens.link(
            "alerts:manage", tokens.manage_token(subscriber), root=root
        ),
        "unsubscribe_all_url": unsubscribe_all,
    }
    subject = ngettext(
        "%(portal)s: %(count)d new or changed item you follow",
        "%(portal)s: %(count)d new or changed items you follow",
        count,
    ) % {"portal": name, "count": count}
    return {
        "subject": subject,
        "text": render_to_string("alerts/mail/alert.txt", context),
        "html": render_to_string("alerts/mail/alert.html", context),
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    }


def _queue_group(
    subscriptions: list[Subscription], matched: Matched, now: datetime.datetime
) -> int:
    """Queue the mail of one address and frequency and move its cursors."""
    subscriber = subscriptions[0].subscriber
    frequency = subscriptions[0].frequency
    sections = [
        (s, matched.found[s.pk]) for s in subscriptions if matched.found.get(s.pk)
    ]
    mail = (
        write_mail(subscriber, frequency, sections, matched.window.pages, matched.memo)
        if sections
        else None
    )
    ids = [s.pk for s in subscriptions]
    moved = Subscription.objects.filter(
        pk__in=ids, last_change__lt=matched.head
    ).update(
        last_change=matched.head,
        next_due_at=next_due(frequency, now),
        **({"last_sent_at": now} if mail else {}),
    )
    if moved != len(ids):
        raise _Taken
    if mail is None:
        return 0
    queue(subscriber.email, kind="alert", **mail)
    return 1


def queue_alerts(
    subscriptions: list[Subscription], matched: Matched, now: datetime.datetime
) -> int:
    groups: dict[tuple[int, str], list[Subscription]] = defaultdict(list)
    for subscription in subscriptions:
        if subscription.pk not in matched.postponed:
            key = (subscription.subscriber_id, subscription.frequency)
            groups[key].append(subscription)
    queued = 0
    pending = list(groups.values())
    for start in range(0, len(pending), BATCH):
        try:
            with transaction.atomic():
                batch = sum(
                    _queue_group(group, matched, now)
                    for group in pending[start : start + BATCH]
                )
        except _Taken:
            logger.warning("Another alerts run is moving the same subscriptions")
            continue
        queued += batch
    return queued


def run(now: datetime.datetime | None = None, send: bool = True) -> RunReport:
    from .subscriptions import delete_expired

    now = now or timezone.now()
    report = RunReport()
    with translation.override(settings.LANGUAGE_CODE):
        report.expired = delete_expired(now)
        report.pruned = prune_mail(now) + prune_changes(now)
        report.head = settled_head(now)
        subscriptions = due(now, report.head)
        report.due = len(subscriptions)
        matched = match_all(subscriptions, report.head)
        report.distinct = matched.distinct
        report.postponed = len(matched.postponed)
        report.queued = queue_alerts(subscriptions, matched, now)
        if send:
            report.sent = send_queued()
    return report
