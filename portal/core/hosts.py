"""Host names accepted by the portal: those in the environment plus every site's.

One installation serves the province's portal and its member portals, each a Wagtail
site with a host name of its own. Listing every new member portal in
``ALLOWED_HOSTS`` (and restarting every server process) would make adding one a
deployment; instead ``ALLOWED_HOSTS`` is a `SiteHostnames`: Django's host validation
iterates over it, and after the names from the environment it yields the host names
of the `Site` table.

The names are read from the database at most once per `REFRESH_SECONDS`, and again
only when a request names a host that is not known (at most once per
`RETRY_SECONDS`, so that a flood of made-up Host headers costs one query per few
seconds, not one per request). A site saved or deleted in this process refreshes
them at once (`forget`); other processes see it within `REFRESH_SECONDS` or at the
first request for it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator

from django.db import DatabaseError

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 300
RETRY_SECONDS = 5


class _KnownHosts:
    def __init__(self):
        self.hosts: frozenset[str] = frozenset()
        self.loaded_at: float | None = None
        self.lock = threading.Lock()

    def get(self) -> frozenset[str]:
        loaded_at = self.loaded_at
        if loaded_at is None or time.monotonic() - loaded_at > REFRESH_SECONDS:
            self.load()
        return self.hosts

    def retry(self) -> frozenset[str]:
        """Hosts added since the last load, when that load is old enough."""
        loaded_at = self.loaded_at
        if loaded_at is not None and time.monotonic() - loaded_at < RETRY_SECONDS:
            return frozenset()
        before = self.hosts
        self.load()
        return self.hosts - before

    def load(self) -> None:
        from wagtail.models import Site

        with self.lock:
            try:
                hosts = frozenset(
                    hostname.lower()
                    for hostname in Site.objects.values_list("hostname", flat=True)
                )
            except DatabaseError:
                # Before the first migration, or the database is away: the names
                # from the environment still work, and the next request retries.
                logger.warning("Could not read the sites' host names", exc_info=True)
                hosts = self.hosts
            self.hosts = hosts
            self.loaded_at = time.monotonic()

    def forget(self) -> None:
        self.loaded_at = None


_known = _KnownHosts()


class SiteHostnames(list):
    """``ALLOWED_HOSTS``: the patterns given (from the environment) first, then the
    host name of every Wagtail site. ``len()`` and truth count the given patterns
    only, so that Django's start-up checks still ask for them when there are none."""

    def __init__(self, patterns: Iterable[str] = ()):
        super().__init__(patterns)

    def __iter__(self) -> Iterator[str]:
        yield from super().__iter__()
        # Django's validate_host stops at the first match: what follows runs only
        # for a host that the environment does not name.
        known = _known.get()
        yield from known
        yield from _known.retry()

    def __repr__(self) -> str:
        return f"SiteHostnames({list(super().__iter__())!r} + the sites' host names)"


def forget_site_hostnames(**_kwargs) -> None:
    """Signal receiver: a site was saved or deleted."""
    _known.forget()
