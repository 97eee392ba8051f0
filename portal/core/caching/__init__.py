"""Caching by content version: whole pages for anonymous visitors, and fragments.

Everything cached here is stored under the *content versions*, keys that any change
visitors could see (a page published, unpublished, moved or deleted, a snippet, a site
setting, an image or document saved) replaces. What was cached before the change stops
matching at once; there is nothing to purge, and nothing is ever served stale. Each
Wagtail Site has a version of its own beside the shared one, so a change only one
member site shows leaves the other sites' caches warm (the rule is in
``invalidation``).

One module per job:

=================  =====================================================================
``version``        the content versions: read them, bump them, tell uncommitted changes
``invalidation``   which changes bump which sites' versions, and the signals that do
``fragments``      `cached_value`, `cached_fragment`, `cached_hook`: parts pages share
``site_settings``  `VersionCachedSetting`: Wagtail site settings read from the cache
``sites``          `find_site`: the request's Wagtail Site read from the cache
``pages``          `AnonymousPageCacheMiddleware`: whole pages, and check portal.W010
``redis``          the Redis cache backend for ``CACHES`` (Django's, clients reused)
=================  =====================================================================

The names below are the public API; import them from here.
"""

from . import invalidation
from .fragments import (
    STRUCTURE,
    VersionedEntry,
    cached_fragment,
    cached_hook,
    cached_value,
    depends_on,
    page_tag,
    type_tag,
)
from .invalidation import connect_signals, is_content_model, register_dependency
from .pages import AnonymousPageCacheMiddleware, check_shared_cache
from .site_settings import VersionCachedSetting
from .sites import find_site
from .version import (
    SEARCH_TAG,
    bump_sites,
    bump_tags,
    bump_version,
    content_version,
    current_version,
)

__all__ = [
    "SEARCH_TAG",
    "STRUCTURE",
    "AnonymousPageCacheMiddleware",
    "VersionCachedSetting",
    "VersionedEntry",
    "bump_sites",
    "bump_tags",
    "bump_version",
    "cached_fragment",
    "cached_hook",
    "cached_value",
    "check_shared_cache",
    "connect_signals",
    "content_version",
    "current_version",
    "depends_on",
    "invalidation",
    "page_tag",
    "type_tag",
    "find_site",
    "is_content_model",
    "register_dependency",
]
