"""Fragment caches: values and HTML built once per content version.

Parts every page shares (header, menus, footer, the home page's lists) are built once
per content version of their site (`content_version`: the shared version and the
site's own), site, language and whatever else they depend on, also for pages
the page cache does not serve (editors, visitors with cookies, the page cache turned
off). A publish shows at once because it changes the version. Nothing personal may go
in a fragment: CSRF tokens, "already voted", counters are rendered outside.

``PORTAL_FRAGMENT_CACHE_SECONDS`` (0 turns them off) bounds how long an unused entry
stays; like the page cache it needs a shared cache with several processes.

**Dependencies.** Besides the content versions in its key, an entry keeps the
versions of the dependency tags it was built from (`portal.core.caching.version`)
and is current only while they are. What it depends on is declared with
``depends``: tags such as ``page_tag(page.pk)`` or ``type_tag(NewsPage)``, or
`STRUCTURE` (nothing but the content versions: the site's structure, settings and
snippets, e.g. the menus). Without it, an entry depends on every page of its site
(`site_pages_tag`), which any page change replaces. Code that builds a value may
name further tags while building (`depends_on`), e.g. the pages a list turned out
to show; entries being built around it (a fragment holding it, the whole page)
collect every tag used inside them. A tag read during a build is only trusted when
its version was made before the build started (less the servers' clock skew,
`clock_skew`): else the build may have read the rows before that change committed.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.utils import translation
from django.utils.safestring import mark_safe

from .version import (
    ALL_PAGES_TAG,
    content_version,
    has_uncommitted_changes,
    site_pages_tag,
    tag_versions,
    version_time,
)

logger = logging.getLogger(__name__)

FRAGMENT_PREFIX = "portal:fragment:"
DEFAULT_FRAGMENT_SECONDS = 0
#: The per-process cache alias that keeps fragments next to the shared cache.
LOCAL_FRAGMENT_CACHE = "fragments"


#: ``depends=STRUCTURE``: what only the content versions key (no page's content).
STRUCTURE: tuple[str, ...] = ()

#: How far apart the clocks of the servers sharing a cache may be (see `Build`):
#: ``PORTAL_CACHE_CLOCK_SKEW_SECONDS``.
DEFAULT_CLOCK_SKEW_SECONDS = 0.5


def clock_skew() -> float:
    return float(
        getattr(settings, "PORTAL_CACHE_CLOCK_SKEW_SECONDS", DEFAULT_CLOCK_SKEW_SECONDS)
    )


def page_tag(page_id: int) -> str:
    """The tag of one page's own content."""
    return f"page:{page_id}"


def type_tag(model) -> str:
    """The tag of every page of a type (what lists of that type show)."""
    return f"type:{model._meta.label_lower}"


class Build:
    """What an entry (or a whole page) being built was built from.

    ``tags``: the versions of the tags it is declared to depend on, read before the
    build; ``read_before``: versions read before the build that it may turn out to
    use.
    """

    def __init__(
        self, tags: dict[str, str] | None = None, read_before: dict | None = None
    ):
        self.started = time.time()
        # Versions say when they were made to the millisecond: one made in the
        # millisecond before counts as made after.
        self.trusted_before = self.started - clock_skew() - 0.001
        self.tags: dict[str, str] = dict(tags or {})
        self.read_before = {**(read_before or {}), **self.tags}
        self.storable = True

    def add(self, versions: dict[str, str]) -> None:
        """Record tag versions used. One read after the build started is only
        trusted when it was made before the build started: the change that made it
        had committed before the build read anything (a version is made again when
        the change commits). Otherwise the result is not stored."""
        for tag, version in versions.items():
            self.tags.setdefault(tag, version)
            made = version_time(version)
            if made < self.trusted_before:
                continue
            # Read before the build: trusted unless the change it stands for
            # shows only later (a search engine's refresh).
            if self.read_before.get(tag) != version or made > self.started:
                self.storable = False


_builds: ContextVar[tuple[Build, ...]] = ContextVar("portal_cache_builds", default=())


@contextmanager
def building(
    tags: dict[str, str] | None = None, read_before: dict | None = None
) -> Iterator[Build]:
    """Collect the tags whatever is built inside depends on (see `depends_on`)."""
    build = Build(tags, read_before)
    token = _builds.set((*_builds.get(), build))
    try:
        yield build
    finally:
        _builds.reset(token)


def _record(versions: dict[str, str]) -> None:
    for build in _builds.get():
        build.add(versions)


def depends_on(*tags: str, request=None) -> None:
    """Declare, while building something cached, that it shows what ``tags`` stand
    for (e.g. ``page_tag(pk)`` for each page a list turned out to show)."""
    if tags and _builds.get():
        try:
            _record(tag_versions(request, tags))
        except Exception:  # a cache outage: nothing will be stored anyway
            logger.exception("Fragment cache unavailable")
            for build in _builds.get():
                build.storable = False


def default_tags(request, per_site: bool = True) -> tuple[str, ...]:
    """What an entry that names no dependencies depends on: every page of its site,
    or of every site."""
    if request is not None and per_site:
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is not None:
            return (site_pages_tag(site.pk),)
    return (ALL_PAGES_TAG,)


class Tagged:
    """A stored value with the versions of the tags it was built from."""

    __slots__ = ("tags", "value")

    def __init__(self, tags: dict[str, str], value: Any):
        self.tags = tags
        self.value = value

    def __getstate__(self):
        return (self.tags, self.value)

    def __setstate__(self, state):
        self.tags, self.value = state


def fragment_seconds() -> int:
    return int(
        getattr(settings, "PORTAL_FRAGMENT_CACHE_SECONDS", DEFAULT_FRAGMENT_SECONDS)
        or 0
    )


def _fragment_key(name: str, request, vary, per_site: bool = True) -> str:
    site_id = ""
    if request is not None and per_site:
        from wagtail.models import Site

        site = Site.find_for_request(request)  # memoised on the request by Wagtail
        site_id = site.pk if site else ""
    parts = "|".join(str(part) for part in vary)
    digest = hashlib.sha256(
        f"{name}|{site_id}|{translation.get_language()}|{parts}".encode()
    ).hexdigest()
    return f"{FRAGMENT_PREFIX}{content_version(request, per_site=per_site)}:{digest}"


def _local_fragments():
    """This process's copy of the fragments it used (``CACHES["fragments"]``), or None.

    A fragment's key holds the content version, so what is stored under it never
    changes: a process may keep it and ask the shared cache only for the version.
    """
    try:
        return caches[LOCAL_FRAGMENT_CACHE]
    except InvalidCacheBackendError:
        return None


class VersionedEntry:
    """One entry of the fragment caches, looked up once and stored only if wanted.

    `cached_value` stores whatever it built; this is for values worth keeping only
    once their use succeeded (a route that led to a page, not a 404), so that made-up
    URLs fill no cache. ``key`` is None when the caches are bypassed (see
    `cached_value`). ``depends``: see the module docstring.
    """

    def __init__(
        self,
        name: str,
        *,
        request=None,
        vary=(),
        per_site: bool = True,
        depends: Iterable[str] | None = None,
    ):
        self.seconds = fragment_seconds()
        self.key = None
        self.local = None
        self.request = request
        self.build: Build | None = None
        if (
            self.seconds <= 0
            or getattr(request, "is_preview", False)
            or has_uncommitted_changes()
        ):
            return
        try:
            self.key = _fragment_key(name, request, vary, per_site)
            self.tags = tag_versions(
                request,
                default_tags(request, per_site) if depends is None else depends,
            )
        except Exception:
            logger.exception("Fragment cache unavailable")
            self.key = None
            return
        self.local = _local_fragments()

    def get(self) -> Any:
        """The stored value, or None. Either way the tags it depends on count for
        what is being built around it."""
        if self.key is None:
            return None
        try:
            found = None
            if self.local is not None:
                found = self._current(self.local.get(self.key))
            if found is None:
                found = self._current(cache.get(self.key))
                if found is not None and self.local is not None:
                    self.local.set(self.key, found, timeout=self.seconds)
        except Exception:  # the shared cache down: built, and not kept
            logger.exception("Fragment cache unavailable")
            self.key = None
            return None
        _record(self.tags if found is None else found.tags)
        return None if found is None else found.value

    def _current(self, stored) -> Tagged | None:
        """``stored`` if the tags it was built from are unchanged."""
        if not isinstance(stored, Tagged):
            return None
        if stored.tags.keys() != self.tags.keys():
            # Tags found while building it: read their versions too.
            current = tag_versions(self.request, stored.tags)
        else:
            current = self.tags
        return stored if current == stored.tags else None

    @contextmanager
    def building(self) -> Iterator[None]:
        """Build the value inside this, to collect the tags it names on the way."""
        if self.key is None:
            yield
            return
        with building(self.tags) as build:
            self.build = build
            yield

    def set(self, value: Any) -> None:
        if self.key is None or (self.build is not None and not self.build.storable):
            return
        tags = self.tags if self.build is None else self.build.tags
        stored = Tagged(tags, value)
        try:
            cache.set(self.key, stored, timeout=self.seconds)
            if self.local is not None:
                self.local.set(self.key, stored, timeout=self.seconds)
        except Exception:
            logger.exception("Could not store a fragment in the cache")


def cached_value(
    name: str,
    build: Callable[[], Any],
    *,
    request=None,
    vary: tuple = (),
    per_site: bool = True,
    depends: Iterable[str] | None = None,
) -> Any:
    """``build()`` once per content version, site, language and ``vary``, while the
    tags it ``depends`` on are unchanged (see the module docstring).

    The value must be picklable and the same for every visitor. Without a cache (the
    setting at 0, the cache down, a preview, uncommitted changes) it is just built.
    ``per_site=False`` leaves the request's site out of the key and keys the value by
    the shared version alone: only for what depends on shared content (what finds
    the site: the Site rows). Without a request, the any version keys it.
    """
    entry = VersionedEntry(
        name, request=request, vary=vary, per_site=per_site, depends=depends
    )
    value = entry.get()
    if value is None:
        with entry.building():
            value = build()
        entry.set(value)
    return value


def cached_fragment(
    name: str,
    render: Callable[[], str],
    *,
    request=None,
    vary: tuple = (),
    depends: Iterable[str] | None = None,
) -> str:
    """HTML from ``render()``, cached like `cached_value`."""
    return mark_safe(  # noqa: S308 - the HTML of our own templates
        cached_value(
            name, lambda: str(render()), request=request, vary=vary, depends=depends
        )
    )


def cached_hook(
    name: str,
    vary: Callable[[dict], tuple] | None = None,
    depends: Callable[[dict], Iterable[str]] | Iterable[str] | None = None,
):
    """Cache what a ``portal_<slot>`` hook renders (see `cached_fragment`).

    ``vary(context)`` names what else the HTML depends on (the page, for example);
    ``depends`` the tags it is built from, or ``depends(context)`` computes them.
    Only for hooks whose HTML is the same for every visitor.
    """

    def decorator(hook):
        @functools.wraps(hook)
        def wrapper(context):
            request = context.get("request")
            return cached_fragment(
                name,
                lambda: hook(context) or "",
                request=request,
                vary=vary(context) if vary else (),
                depends=depends(context) if callable(depends) else depends,
            )

        return wrapper

    return decorator
