"""Content versions: cache keys that public changes replace, per site and shared.

Whatever is cached by content version (whole pages, fragments, routes, settings) is
stored under the versions current when it was built. A change visitors could see
replaces a version (see `portal.core.caching.invalidation` for which one), so every
entry built before it stops matching at once; there is nothing to purge.

Three kinds of version, so that a publish on one member site leaves the others warm:

* the **shared** version (`GLOBAL_KEY`): replaced by a change every site may show
  (a snippet, an image, a Site row, a page type listed across sites);
* one **site** version per Wagtail Site (`site_version_key`): replaced by a change
  only that site shows (its pages, its settings);
* the **any** version (`ANY_KEY`): replaced by every change of either kind, for what
  is built from content of several sites (search results, feeds, a value cached
  without a request).

What a page of site S shows is keyed by ``"<shared>.<site S>"``. A request reads the
versions it needs in one ``get_many``: the shared, the any, and the site version of
the site its host led to last time in this process (`expect_site`), which is the
request's site except after a change of the Site rows.

Beside them, **dependency tags** (`tags`): versions of narrower things, such as one
page's content (``page:42``), the pages of one type (``type:news.newspage``) or every
page of a site (``pages:site:1``). A publish that changes no page's title, address
or place in the tree replaces the tags of what it changed instead of the site
version, and an entry built from tagged content keeps the versions of its tags and
is only current while they are (`portal.core.caching.fragments`).

A version is ``"<time in ms, hex>.<random>"``: unique, and it says when it was made
(`version_time`), which an entry built from a tag read during its build needs.
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction

logger = logging.getLogger(__name__)

GLOBAL_KEY = "portal:page-cache:version"
#: The old name of `GLOBAL_KEY`.
VERSION_KEY = GLOBAL_KEY
ANY_KEY = "portal:page-cache:version:any"
SITE_KEY_PREFIX = "portal:page-cache:version:site:"
TAG_KEY_PREFIX = "portal:page-cache:tag:"

#: Where a request keeps the versions it read (see `RequestVersions`).
REQUEST_ATTR = "_portal_content_versions"

#: The site each host led to last in this process: a guess of which site version
#: to read with the others, checked against the site the request really has.
_expected_sites: dict[tuple[str, str], int] = {}
MAX_EXPECTED_SITES = 4096


def site_version_key(site_id: int) -> str:
    return f"{SITE_KEY_PREFIX}{site_id}"


def tag_key(tag: str) -> str:
    return f"{TAG_KEY_PREFIX}{tag}"


def _new_version(*, replacing: bool = True, settles_in: float = 0.0) -> str:
    """A new version; one made because none was there (``replacing=False``) says
    it was made at time 0: no change made it, nothing built before it is older
    than a change. ``settles_in``: the change shows fully only that many seconds
    from now (a search engine's refresh), and the version says it was made then."""
    stamp = int((time.time() + settles_in) * 1000) if replacing else 0
    return f"{stamp:x}.{uuid.uuid4().hex[:20]}"


def version_time(version: str) -> float:
    """When a version was made (seconds since the epoch); 0 when it does not say
    (a version stored before versions said it)."""
    stamp, dot, _rest = version.partition(".")
    try:
        return int(stamp, 16) / 1000 if dot else 0.0
    except ValueError:
        return 0.0


def _version_in(found: dict, key: str) -> str:
    """The version under ``key`` in what a ``get_many`` found, made when missing."""
    version = found.get(key)
    if version is None:
        version = _new_version(replacing=False)
        # add() keeps a version another process set in the meantime.
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
        found[key] = version
    return version


def read_versions(
    site_id: int | None = None, *extra_keys: str, tags: Iterable[str] = ()
) -> dict:
    """The shared and any versions, the site version of ``site_id`` and its pages
    tag, the versions of ``tags`` and whatever is under ``extra_keys``, in one round
    trip (missing versions are made)."""
    tag_keys = list(dict.fromkeys(tag_key(tag) for tag in tags))
    if site_id is not None and tag_key(site_pages_tag(site_id)) not in tag_keys:
        tag_keys.append(tag_key(site_pages_tag(site_id)))
    keys = [GLOBAL_KEY, ANY_KEY, *extra_keys, *tag_keys]
    if site_id is not None:
        keys.append(site_version_key(site_id))
    found = cache.get_many(keys)
    _version_in(found, GLOBAL_KEY)
    _version_in(found, ANY_KEY)
    if site_id is not None:
        _version_in(found, site_version_key(site_id))
    for key in tag_keys:
        _version_in(found, key)
    return found


def current_version() -> str:
    """The any version: it changes with every change of public content."""
    return read_versions()[ANY_KEY]


def expect_site(request) -> int | None:
    """The site the request's host led to last in this process, or None."""
    return _expected_sites.get(_host_key(request))


def remember_site(request, site_id: int) -> None:
    if len(_expected_sites) >= MAX_EXPECTED_SITES:
        _expected_sites.clear()
    _expected_sites[_host_key(request)] = site_id


def _host_key(request) -> tuple[str, str]:
    try:
        return (request.get_host(), request.get_port())
    except DisallowedHost:  # no guess; Django answers it
        return ("", "")


class RequestVersions:
    """The versions one request read, each once, before the data they key."""

    def __init__(self, found: dict):
        self.shared = found[GLOBAL_KEY]
        self.any = found[ANY_KEY]
        self.sites = {
            int(key[len(SITE_KEY_PREFIX) :]): value
            for key, value in found.items()
            if key.startswith(SITE_KEY_PREFIX)
        }
        self.tags = {
            key[len(TAG_KEY_PREFIX) :]: value
            for key, value in found.items()
            if key.startswith(TAG_KEY_PREFIX)
        }

    def tag_versions(self, tags: Iterable[str]) -> dict[str, str]:
        """The current versions of ``tags``, each read once per request: those not
        read yet in one round trip."""
        missing = [tag_key(tag) for tag in tags if tag not in self.tags]
        if missing:
            found = cache.get_many(missing)
            for key in missing:
                self.tags[key[len(TAG_KEY_PREFIX) :]] = _version_in(found, key)
        return {tag: self.tags[tag] for tag in tags}

    def for_site(self, site_id: int) -> str:
        """``"<shared>.<site>"``: what a page of that site shows is keyed by."""
        if site_id not in self.sites:
            # The host leads elsewhere than last time: one more round trip.
            key = site_version_key(site_id)
            self.sites[site_id] = _version_in(cache.get_many([key]), key)
        return f"{self.shared}.{self.sites[site_id]}"


def request_versions(request, found: dict | None = None) -> RequestVersions:
    """The request's versions, read on first use together with the site version of
    the site its host is expected to lead to (``found``: what the page cache has
    read already)."""
    versions = getattr(request, REQUEST_ATTR, None)
    if versions is None:
        if found is None:
            found = read_versions(expect_site(request))
        versions = RequestVersions(found)
        setattr(request, REQUEST_ATTR, versions)
    return versions


def tag_versions(request, tags: Iterable[str]) -> dict[str, str]:
    """The current versions of ``tags``: read once per request with one, or read
    now without."""
    tags = list(tags)
    if request is not None:
        return request_versions(request).tag_versions(tags)
    found = cache.get_many([tag_key(tag) for tag in tags])
    return {tag: _version_in(found, tag_key(tag)) for tag in tags}


def content_version(request=None, *, per_site: bool = True) -> str:
    """The version what is built for this request is keyed by, read once per request.

    Read before the data it keys: a fragment rendered from rows read after a change
    is then stored under the old version at worst, never stale under the new one.
    Without a request or a site, the any version; ``per_site=False`` (what finds the
    site), the shared version.
    """
    if request is None:
        return "any:" + current_version()
    versions = request_versions(request)
    if not per_site:
        return "shared:" + versions.shared
    from wagtail.models import Site

    site = Site.find_for_request(request)  # memoised on the request
    if site is None:
        return "any:" + versions.any
    remember_site(request, site.pk)
    return versions.for_site(site.pk)


def bump_version(**_kwargs) -> None:
    """Invalidate everything cached, on every site, now and when the transaction
    commits (also a signal receiver).

    The second bump matters: a visitor's request that read the old rows while the
    change was not yet committed may store its page under the first new version.
    """
    _bump(None)


def bump_sites(site_ids: Iterable[int] | None) -> None:
    """Invalidate what the given sites show (every site when None), as `bump_version`."""
    _bump(None if site_ids is None else frozenset(site_ids))


def bump_tags(tags: Iterable[str], *, settles_in: float = 0.0) -> None:
    """Invalidate what was built from these tags (and whatever is keyed by the any
    version: views that show content of every site), now and on commit.
    ``settles_in``: the change shows fully only that many seconds from now; what
    is built from these tags until then is not kept (see `version_time`)."""
    tags = frozenset(tags)
    if tags:
        _bump(frozenset(), tags, settles_in)


def _bump(
    site_ids: frozenset[int] | None,
    tags: frozenset[str] = frozenset(),
    settles_in: float = 0.0,
) -> None:
    if site_ids is not None and not site_ids and not tags:
        return
    _set_new_versions(site_ids, tags, settles_in)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(
            functools.partial(_set_new_versions, site_ids, tags, settles_in)
        )


def _set_new_versions(
    site_ids: frozenset[int] | None = None,
    tags: frozenset[str] = frozenset(),
    settles_in: float = 0.0,
) -> None:
    values = {ANY_KEY: _new_version()}
    if site_ids is None:
        values[GLOBAL_KEY] = _new_version()
    else:
        values.update({site_version_key(pk): _new_version() for pk in site_ids})
    values.update({tag_key(tag): _new_version(settles_in=settles_in) for tag in tags})
    try:
        cache.set_many(values, timeout=None)
    except Exception:  # the cache being down must not break publishing
        logger.exception("Could not bump the page cache version")


def site_pages_tag(site_id: int) -> str:
    """The tag what a site shows depends on unless it names narrower ones: any
    change of a page that site shows replaces it."""
    return f"pages:site:{site_id}"


#: The tag of what is built from pages of every site: any page change replaces it.
ALL_PAGES_TAG = "pages:all"

#: The tag of what shows search results: an engine's index changing replaces it.
SEARCH_TAG = "search"


def has_uncommitted_changes() -> bool:
    """True while this connection holds content changes not committed yet.

    Such a transaction may still roll back (or, in tests, always does): what it
    renders must not be stored under a version that other requests will trust.
    Its pending second bump (see `bump_version`) is the sign.
    """
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        getattr(func, "func", func) is _set_new_versions
        for _savepoints, func, _robust in connection.run_on_commit
    )
