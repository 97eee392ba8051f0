"""Fragment caches: values and HTML built once per content version.

Parts every page shares (header, menus, footer, the home page's lists) are built once
per content version of their site (`content_version`: the shared version and the
site's own), site, language and whatever else they depend on, also for pages
the page cache does not serve (editors, visitors with cookies, the page cache turned
off). A publish shows at once because it changes the version. Nothing personal may go
in a fragment: CSRF tokens, "already voted", counters are rendered outside.

``PORTAL_FRAGMENT_CACHE_SECONDS`` (0 turns them off) bounds how long an unused entry
stays; like the page cache it needs a shared cache with several processes.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.utils import translation
from django.utils.safestring import mark_safe

from .version import content_version, has_uncommitted_changes

logger = logging.getLogger(__name__)

FRAGMENT_PREFIX = "portal:fragment:"
DEFAULT_FRAGMENT_SECONDS = 0
#: The per-process cache alias that keeps fragments next to the shared cache.
LOCAL_FRAGMENT_CACHE = "fragments"


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
    `cached_value`).
    """

    def __init__(self, name: str, *, request=None, vary=(), per_site: bool = True):
        self.seconds = fragment_seconds()
        self.key = None
        self.local = None
        if (
            self.seconds <= 0
            or getattr(request, "is_preview", False)
            or has_uncommitted_changes()
        ):
            return
        try:
            self.key = _fragment_key(name, request, vary, per_site)
        except Exception:
            logger.exception("Fragment cache unavailable")
            return
        self.local = _local_fragments()

    def get(self) -> Any:
        """The stored value, or None."""
        if self.key is None:
            return None
        value = None if self.local is None else self.local.get(self.key)
        if value is not None:
            return value
        try:
            value = cache.get(self.key)
        except Exception:
            logger.exception("Fragment cache unavailable")
            self.key = None
            return None
        if value is not None and self.local is not None:
            self.local.set(self.key, value, timeout=self.seconds)
        return value

    def set(self, value: Any) -> None:
        if self.key is None:
            return
        try:
            cache.set(self.key, value, timeout=self.seconds)
            if self.local is not None:
                self.local.set(self.key, value, timeout=self.seconds)
        except Exception:
            logger.exception("Could not store a fragment in the cache")


def cached_value(
    name: str,
    build: Callable[[], Any],
    *,
    request=None,
    vary: tuple = (),
    per_site: bool = True,
) -> Any:
    """``build()`` once per content version, site, language and ``vary``.

    The value must be picklable and the same for every visitor. Without a cache (the
    setting at 0, the cache down, a preview, uncommitted changes) it is just built.
    ``per_site=False`` leaves the request's site out of the key and keys the value by
    the shared version alone: only for what depends on shared content (what finds
    the site: the Site rows). Without a request, the any version keys it.
    """
    entry = VersionedEntry(name, request=request, vary=vary, per_site=per_site)
    value = entry.get()
    if value is None:
        value = build()
        entry.set(value)
    return value


def cached_fragment(
    name: str, render: Callable[[], str], *, request=None, vary: tuple = ()
) -> str:
    """HTML from ``render()``, cached like `cached_value`."""
    return mark_safe(  # noqa: S308 - the HTML of our own templates
        cached_value(name, lambda: str(render()), request=request, vary=vary)
    )


def cached_hook(name: str, vary: Callable[[dict], tuple] | None = None):
    """Cache what a ``portal_<slot>`` hook renders (see `cached_fragment`).

    ``vary(context)`` names what else the HTML depends on (the page, for example).
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
            )

        return wrapper

    return decorator
