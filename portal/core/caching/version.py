"""The content version: one cache key that every public change replaces.

Whatever is cached by content version (whole pages, fragments, routes, settings) is
stored under the version current when it was built. A change visitors could see
replaces the version (see `portal.core.caching.invalidation`), so every entry built
before it stops matching at once; there is nothing to purge.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:page-cache:version"


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        # add() keeps a version another process set in the meantime.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def content_version(request=None) -> str:
    """The current content version, read once per request.

    Read before the data it keys: a fragment rendered from rows read after a change
    is then stored under the old version at worst, never stale under the new one.
    """
    if request is None:
        return current_version()
    version = getattr(request, "_portal_content_version", None)
    if version is None:
        version = current_version()
        request._portal_content_version = version
    return version


def _new_version() -> str:
    return uuid.uuid4().hex


def bump_version(**_kwargs) -> None:
    """Invalidate every cached page now and again when the transaction commits.

    The second bump matters: a visitor's request that read the old rows while the
    change was not yet committed may store its page under the first new version.
    """
    _set_new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_set_new_version)


def _set_new_version() -> None:
    try:
        cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception:  # the cache being down must not break publishing
        logger.exception("Could not bump the page cache version")


def has_uncommitted_changes() -> bool:
    """True while this connection holds content changes not committed yet.

    Such a transaction may still roll back (or, in tests, always does): what it
    renders must not be stored under a version that other requests will trust.
    Its pending second bump (see `bump_version`) is the sign.
    """
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        func is _set_new_version
        for _savepoints, func, _robust in connection.run_on_commit
    )
