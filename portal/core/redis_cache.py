"""The old home of the Redis cache backend, kept for settings that name its path.

``"BACKEND": "portal.core.redis_cache.RedisCache"`` keeps working, with a
DeprecationWarning; the backend is now `portal.core.caching.redis.RedisCache`.
"""

import warnings

from .caching.redis import RedisCache

__all__ = ["RedisCache"]

warnings.warn(
    "portal.core.redis_cache.RedisCache is now portal.core.caching.redis.RedisCache.",
    DeprecationWarning,
    stacklevel=2,
)
