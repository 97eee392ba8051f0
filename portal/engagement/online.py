"""The online counter: distinct visitors seen in the last minutes, and total visits.

Two backends behind one small contract:

* `RedisOnlineCounter` (when settings.REDIS_URL is set): a sorted set of visitor keys
  scored by the time they were last seen, trimmed and updated by one Lua script in a
  single round trip, with a plain counter of visits beside it. Works across every
  process and server.
* `CacheOnlineCounter` (otherwise): per-minute buckets in Django's cache. Updates are
  not atomic across processes, so the figures are approximate; good enough for one
  small server.

A visit starts when a visitor not seen in the window arrives. Each process remembers
for a few seconds whom it has counted, so most requests never reach the backend; and
when Redis is down the counter steps aside for a while instead of making every page
wait for a timeout.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

#: Seconds a visitor counts as online after their last request.
DEFAULT_WINDOW = 300
#: Seconds a process skips the backend for a visitor it has just counted.
LOCAL_MEMORY_SECONDS = 30
#: Seconds the figures shown in the footer may be old.
STATS_CACHE_SECONDS = 10
#: Seconds Redis is left alone after an error.
BACKOFF_SECONDS = 30


@dataclass(frozen=True)
class OnlineStats:
    online: int
    total_visits: int


class OnlineCounter(Protocol):
    def touch(self, visitor: str, now: float | None = None) -> bool:
        """Record a request of `visitor`; True when it starts a new visit."""

    def stats(self, now: float | None = None) -> OnlineStats | None:
        """Current figures, or None when they cannot be read."""


class _LocalMemory:
    """What this process counted recently; bounded, thread-safe enough (a race only
    costs one extra backend call)."""

    def __init__(self, seconds: float, max_entries: int = 50_000):
        self.seconds = seconds
        self.max_entries = max_entries
        self.seen: dict[str, float] = {}
        self.stats: tuple[float, OnlineStats | None] | None = None

    def recently_seen(self, visitor: str, now: float) -> bool:
        last = self.seen.get(visitor)
        return last is not None and now - last < self.seconds

    def remember(self, visitor: str, now: float) -> None:
        if len(self.seen) >= self.max_entries:
            self.seen = {}
        self.seen[visitor] = now

    def clear(self) -> None:
        self.seen = {}
        self.stats = None


class BaseOnlineCounter:
    def __init__(self, window: int = DEFAULT_WINDOW):
        self.window = window
        self.local = _LocalMemory(min(LOCAL_MEMORY_SECONDS, window))

    def touch(self, visitor: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        if self.local.recently_seen(visitor, now):
            return False
        new_visit = self._touch(visitor, now)
        self.local.remember(visitor, now)
        if new_visit:
            # Let the footer include the newcomer at once.
            self.local.stats = None
        return new_visit

    def stats(self, now: float | None = None) -> OnlineStats | None:
        now = time.time() if now is None else now
        cached = self.local.stats
        if cached is not None and now - cached[0] < STATS_CACHE_SECONDS:
            return cached[1]
        figures = self._stats(now)
        self.local.stats = (now, figures)
        return figures

    def _touch(self, visitor: str, now: float) -> bool:
        raise NotImplementedError

    def _stats(self, now: float) -> OnlineStats | None:
        raise NotImplementedError


# Trim visitors older than the window, record this one, count a visit when it is new.
# KEYS: sorted set, visits counter. ARGV: now, visitor, window.
_TOUCH_SCRIPT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local added = redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('EXPIRE', KEYS[1], window * 2)
if added == 1 then redis.call('INCR', KEYS[2]) end
return added
"""


class RedisOnlineCounter(BaseOnlineCounter):
    def __init__(
        self,
        url: str,
        prefix: str = "portal:online",
        window: int = DEFAULT_WINDOW,
        timeout: float = 0.2,
    ):
        import redis

        super().__init__(window)
        self.redis_errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry_on_timeout=False,
        )
        self.online_key = f"{prefix}:visitors"
        self.visits_key = f"{prefix}:visits"
        self.script = self.client.register_script(_TOUCH_SCRIPT)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _available(self, now: float) -> bool:
        return now >= self._down_until

    def _failed(self, now: float) -> None:
        with self._lock:
            if now >= self._down_until:
                logger.warning(
                    "Online counter: Redis unavailable, pausing for %ss",
                    BACKOFF_SECONDS,
                    exc_info=True,
                )
            self._down_until = now + BACKOFF_SECONDS

    def _touch(self, visitor: str, now: float) -> bool:
        if not self._available(now):
            return False
        try:
            added = self.script(
                keys=[self.online_key, self.visits_key],
                args=[now, visitor, self.window],
            )
        except self.redis_errors:
            self._failed(now)
            return False
        return bool(added)

    def _stats(self, now: float) -> OnlineStats | None:
        if not self._available(now):
            return None
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.zcount(self.online_key, now - self.window, "+inf")
            pipe.get(self.visits_key)
            online, visits = pipe.execute()
        except self.redis_errors:
            self._failed(now)
            return None
        return OnlineStats(online=int(online), total_visits=int(visits or 0))

    def reset(self) -> None:
        """Forget everything (tests and benchmarks)."""
        self.client.delete(self.online_key, self.visits_key)
        self.local.clear()


class CacheOnlineCounter(BaseOnlineCounter):
    BUCKET_SECONDS = 60

    def __init__(
        self,
        cache_alias: str = "default",
        prefix: str = "engagement:online",
        window: int = DEFAULT_WINDOW,
    ):
        super().__init__(window)
        self.cache_alias = cache_alias
        self.prefix = prefix

    @property
    def cache(self):
        return caches[self.cache_alias]

    def _bucket_keys(self, now: float) -> list[str]:
        current = int(now // self.BUCKET_SECONDS)
        count = -(-self.window // self.BUCKET_SECONDS)  # ceiling division
        return [f"{self.prefix}:b:{current - i}" for i in range(count + 1)]

    def _buckets(self, now: float) -> dict[str, dict[str, float]]:
        return self.cache.get_many(self._bucket_keys(now))

    def _touch(self, visitor: str, now: float) -> bool:
        try:
            keys = self._bucket_keys(now)
            buckets = self.cache.get_many(keys)
            seen_at = max(
                (b[visitor] for b in buckets.values() if visitor in b), default=None
            )
            new_visit = seen_at is None or now - seen_at > self.window
            current = buckets.get(keys[0], {})
            current[visitor] = now
            self.cache.set(keys[0], current, self.window + 2 * self.BUCKET_SECONDS)
            if new_visit:
                visits_key = f"{self.prefix}:visits"
                if not self.cache.add(visits_key, 1, None):
                    self.cache.incr(visits_key)
        except Exception:  # noqa: BLE001 - a cache failure must not break the page
            logger.warning("Online counter: cache unavailable", exc_info=True)
            return False
        return new_visit

    def _stats(self, now: float) -> OnlineStats | None:
        try:
            buckets = self._buckets(now)
            visits = self.cache.get(f"{self.prefix}:visits", 0)
        except Exception:  # noqa: BLE001
            logger.warning("Online counter: cache unavailable", exc_info=True)
            return None
        since = now - self.window
        visitors = {
            visitor
            for bucket in buckets.values()
            for visitor, seen_at in bucket.items()
            if seen_at > since
        }
        return OnlineStats(online=len(visitors), total_visits=int(visits))

    def reset(self) -> None:
        self.cache.delete_many(
            [*self._bucket_keys(time.time()), f"{self.prefix}:visits"]
        )
        self.local.clear()


@lru_cache(maxsize=1)
def get_counter() -> BaseOnlineCounter:
    """The counter the settings call for (Redis when REDIS_URL is set)."""
    window = getattr(settings, "ENGAGEMENT_ONLINE_WINDOW", DEFAULT_WINDOW)
    url = getattr(settings, "REDIS_URL", "")
    if url:
        prefix = getattr(settings, "ENGAGEMENT_ONLINE_PREFIX", "portal:online")
        return RedisOnlineCounter(url, prefix=prefix, window=window)
    return CacheOnlineCounter(window=window)
