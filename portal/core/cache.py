"""The old home of `portal.core.caching`, kept for settings that name its paths.

A site's settings may still say ``"portal.core.cache.AnonymousPageCacheMiddleware"``;
that keeps working, with a DeprecationWarning. New code imports `portal.core.caching`.
"""

import warnings

from .caching import *  # noqa: F403
from .caching import __all__  # noqa: F401

warnings.warn(
    "portal.core.cache is now portal.core.caching; "
    "use portal.core.caching.pages.AnonymousPageCacheMiddleware in MIDDLEWARE.",
    DeprecationWarning,
    stacklevel=2,
)
