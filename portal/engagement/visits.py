"""Visits per site, counted in memory and added to the database in batches.

The online counter (portal.engagement.online) says when a request starts a
visit; `VisitTally` keeps the visits of this process per site and adds them to
`SiteVisits` at most every FLUSH_SECONDS (or every FLUSH_VISITS visits, and when
the process exits), in one UPDATE per site. A restart loses at most the last few
seconds of one process's visits, never the total. The total shown is the
database's (read at most every STATS_SECONDS) plus what this process has not
added yet.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

logger = logging.getLogger(__name__)

#: Seconds between two additions of a process's visits to the database.
FLUSH_SECONDS = 10
#: Visits that make a process add them at once, whatever the time.
FLUSH_VISITS = 100
#: Seconds the database's total may be old in what a process shows.
STATS_SECONDS = 10
#: Seconds the stored total is shared through the cache before it is read again.
SHARED_SECONDS = 300
#: Host names a process remembers the site of (ALLOWED_HOSTS bounds them too).
MAX_HOSTS = 1000

HostKey = tuple[str, str]


def host_of(request) -> HostKey | None:
    """The request's (hostname, port) as Wagtail routes sites, or None for a
    host the settings do not allow (those are not counted)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return split_domain_port(host)[0], request.get_port()


_site_ids: dict[HostKey, int | None] = {}


def site_id_for(host: HostKey) -> int | None:
    """The site that serves hostname and port, as Wagtail routes them (the
    default site for an unknown hostname); remembered per process until a site
    changes."""
    try:
        return _site_ids[host]
    except KeyError:
        pass
    try:
        site_id = get_site_for_hostname(*host).pk
    except Site.DoesNotExist:
        site_id = None
    if len(_site_ids) >= MAX_HOSTS:
        _site_ids.clear()
    _site_ids[host] = site_id
    return site_id


def _forget_sites(**kwargs) -> None:
    _site_ids.clear()


post_save.connect(_forget_sites, sender=Site, dispatch_uid="engagement-visit-sites")
post_delete.connect(_forget_sites, sender=Site, dispatch_uid="engagement-visit-sites")


class VisitTally:
    def __init__(self, legacy_total: Callable[[], int] | None = None):
        #: The one total kept before SiteVisits existed (in the cache or
        #: Redis): the default site's first row starts from it.
        self.legacy_total = legacy_total or (lambda: 0)
        self.pending: Counter[int] = Counter()
        self.lock = threading.Lock()
        self.last_flush = time.monotonic()
        self.totals: dict[int, tuple[float, int]] = {}
        atexit.register(self.flush)

    def add(self, host: HostKey) -> None:
        """Count one visit to the site of `host`; add the batch when it is due."""
        site_id = site_id_for(host)
        if site_id is None:
            return
        with self.lock:
            self.pending[site_id] += 1
            due = (
                time.monotonic() - self.last_flush >= FLUSH_SECONDS
                or self.pending.total() >= FLUSH_VISITS
            )
        if due:
            self.flush()

    def flush(self) -> None:
        """Add this process's visits to the database; on a failure keep them
        for the next time."""
        from .models import SiteVisits

        with self.lock:
            batch, self.pending = self.pending, Counter()
            self.last_flush = time.monotonic()
        for site_id, visits in batch.items():
            try:
                SiteVisits.add(
                    site_id, visits, start_from=partial(self._start_from, site_id)
                )
            except Exception:  # noqa: BLE001 - counting must never break a page
                logger.warning("Visit total: database unavailable", exc_info=True)
                with self.lock:
                    self.pending[site_id] += visits
            else:
                self.totals.pop(site_id, None)
                with contextlib.suppress(Exception):  # a cache that is down
                    cache.delete(f"engagement:visits:{site_id}")

    def reset(self) -> None:
        """Forget what this process counted (tests and benchmarks)."""
        with self.lock:
            self.pending.clear()
        self.totals.clear()
        atexit.unregister(self.flush)

    def _start_from(self, site_id: int) -> int:
        if Site.objects.filter(pk=site_id, is_default_site=True).exists():
            return self.legacy_total()
        return 0

    def total(self, host: HostKey) -> int | None:
        """The site's visits: the database's total and this process's own."""
        from .models import SiteVisits

        site_id = site_id_for(host)
        if site_id is None:
            return None
        now = time.monotonic()
        cached = self.totals.get(site_id)
        if cached is None or now - cached[0] >= STATS_SECONDS:
            # Shared by every process through the cache: the database is read
            # once per SHARED_SECONDS and site, and after each batch.
            key = f"engagement:visits:{site_id}"
            stored = cache.get(key)
            if stored is None:
                stored = (
                    SiteVisits.objects.filter(site_id=site_id)
                    .values_list("total", flat=True)
                    .first()
                ) or 0
                cache.set(key, stored, SHARED_SECONDS)
            cached = (now, stored)
            self.totals[site_id] = cached
        return cached[1] + self.pending.get(site_id, 0)
