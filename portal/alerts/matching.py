"""Which changes each due subscription hears of.

A run reads the change history (portal.core.changes) up to a *settled head*: the
last change whose page the search index has taken in, so that a saved search never
misses a new document because the index was a few seconds behind. Subscriptions
following the same thing (`Subscription.signature`) are matched once, over the
changes after the oldest of their cursors; each then keeps those after its own.

- a topic hears of the changes naming it (a document's relations and validity, a
  category's or field's new pages);
- a search is asked again of the search service, restricted to the changed
  documents (`SearchQuery.keys`): the same engine and rules as the search page,
  with every word required (the page's second chance, any word, is not used: it
  would mail documents that merely share a word);
- a list is filtered again by its page's own `listing()`, restricted the same way.

What is not a change worth mail: a page republished with minor edits (its row has
no topics, see portal.core.changes), a page withdrawn, a first status record.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min, Q
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import Page

from portal.core.changes import ContentChange, last_id
from search import service
from search.forms import SearchForm
from search.models import OutboxEntry
from search.registry import adapter_for

from .models import Frequency, Subscription

logger = logging.getLogger(__name__)

#: A change this recent may not be searchable yet on an engine that refreshes
#: its index about every second.
SETTLE = datetime.timedelta(seconds=5)
#: Longest time alerts wait for a change's page to be indexed before going on
#: without it (a document the engine keeps refusing must not stop every alert).
INDEX_WAIT = datetime.timedelta(hours=1)


def settled_head(now: datetime.datetime | None = None) -> int:
    """The last change id alerts may read now (see the module)."""
    now = now or timezone.now()
    limit = now - SETTLE
    waiting = (
        OutboxEntry.objects.filter(
            created_at__gt=now
            - getattr(settings, "PORTAL_ALERTS_INDEX_WAIT", INDEX_WAIT)
        )
        .aggregate(oldest=Min("created_at"))
        .get("oldest")
    )
    if waiting is not None:
        limit = min(limit, waiting - SETTLE)
    head = (
        ContentChange.objects.filter(occurred_at__lt=limit)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return min(head or 0, last_id())


def due(now: datetime.datetime, head: int) -> Sequence[Subscription]:
    """Confirmed subscriptions with changes to read whose alert is due now."""
    return list(
        Subscription.objects.confirmed()
        .filter(last_change__lt=head)
        .filter(Q(frequency=Frequency.IMMEDIATE) | Q(next_due_at__lte=now))
        .select_related("subscriber", "site", "page")
        .order_by("subscriber_id", "pk")
    )


def is_news(change: ContentChange) -> bool:
    """Whether a change is worth an alert at all (see the module)."""
    if change.action == ContentChange.Action.STATUS:
        return bool(change.detail.get("was"))
    if change.action == ContentChange.Action.REMOVED:
        return False
    return bool(change.topics)


@dataclass
class Window:
    """The changes of one run with what matching needs of their pages."""

    changes: list[ContentChange]
    #: Page id -> the live specific page (pages no longer live are left out).
    pages: dict[int, Page] = field(default_factory=dict)
    #: Page id -> the page's search key ("legal:12"), when the search holds it.
    keys: dict[int, str] = field(default_factory=dict)

    @classmethod
    def read(cls, after: int, head: int) -> Window:
        changes = [
            change
            for change in ContentChange.objects.filter(
                pk__gt=after, pk__lte=head, page__isnull=False
            ).order_by("pk")
            if is_news(change)
        ]
        ids = {change.page_id for change in changes}
        pages = {
            page.pk: page
            for page in Page.objects.live().public().filter(pk__in=ids).specific()
        }
        keys = {}
        for pk, page in pages.items():
            adapter = adapter_for(page)
            if adapter is not None:
                keys[pk] = adapter.key_for(page)
        return cls(changes, pages, keys)

    def after(self, cursor: int) -> list[ContentChange]:
        return [
            change
            for change in self.changes
            if change.pk > cursor and change.page_id in self.pages
        ]


def match_topic(topic: str, changes: Iterable[ContentChange]) -> list[ContentChange]:
    return [change for change in changes if topic in change.topics]


def match_search(
    subscription: Subscription, changes: list[ContentChange], window: Window
) -> list[ContentChange]:
    keys = {window.keys[c.page_id] for c in changes if c.page_id in window.keys}
    if not keys:
        return []
    form = SearchForm(QueryDict(subscription.query), current_site=subscription.site)
    if not form.is_valid():
        logger.info("Subscription %s: its search is no longer valid", subscription.pk)
        return []
    query = dataclasses.replace(
        form.to_query(facets=()),
        keys=tuple(sorted(keys)),
        page=1,
        page_size=len(keys),
        highlight=False,
    )
    results = service.search(query, relax=False, labels=False)
    if results.degraded:
        raise EngineUnavailable
    found = {hit.key for hit in results.results}
    return [c for c in changes if window.keys.get(c.page_id) in found]


def match_list(
    subscription: Subscription, changes: list[ContentChange], window: Window
) -> list[ContentChange]:
    page = subscription.page
    if page is None or not page.live:
        return []
    page = page.specific
    listing = page.listing(QueryDict(subscription.query), site=subscription.site)
    among = {
        c.page_id for c in changes if isinstance(window.pages[c.page_id], listing.model)
    }
    if not among:
        return []
    shown = set(listing.matching(among))
    return [c for c in changes if c.page_id in shown]


class EngineUnavailable(Exception):
    """The search service answered from its fallback or not at all: searches
    wait for the next run rather than miss what the engine would have found."""


def match(
    subscription: Subscription, changes: list[ContentChange], window: Window
) -> list[ContentChange]:
    if subscription.kind == Subscription.Kind.TOPIC:
        return match_topic(subscription.topic, changes)
    if subscription.kind == Subscription.Kind.SEARCH:
        return match_search(subscription, changes, window)
    if subscription.kind == Subscription.Kind.LIST:
        return match_list(subscription, changes, window)
    return []


@dataclass
class Matched:
    """The changes each due subscription hears of, and the run's head."""

    head: int
    found: dict[int, list[ContentChange]]
    #: Subscriptions left for the next run (their engine was unavailable).
    postponed: set[int]
    window: Window
    #: How many distinct things were matched (identical subscriptions once).
    distinct: int = 0
    #: What writing the mails computes once for the run (portal.alerts.sending).
    memo: dict = field(default_factory=dict)


def match_all(subscriptions: Sequence[Subscription], head: int) -> Matched:
    """What each of `subscriptions` hears of, up to `head`."""
    found: dict[int, list[ContentChange]] = {}
    postponed: set[int] = set()
    if not subscriptions:
        return Matched(head, found, postponed, Window([]))
    window = Window.read(min(s.last_change for s in subscriptions), head)
    groups: dict[str, list[Subscription]] = defaultdict(list)
    for subscription in subscriptions:
        groups[subscription.signature].append(subscription)
    for group in groups.values():
        oldest = min(s.last_change for s in group)
        changes = window.after(oldest)
        matched: list[ContentChange] = []
        if changes:
            try:
                matched = match(group[0], changes, window)
            except EngineUnavailable:
                postponed.update(s.pk for s in group)
                continue
        for subscription in group:
            found[subscription.pk] = [
                c for c in matched if c.pk > subscription.last_change
            ]
    return Matched(head, found, postponed, window, distinct=len(groups))
