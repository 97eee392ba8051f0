"""The online counter: distinct visitors seen in the last minutes, and total visits.

Two backends behind one small contract:

* `RedisOnlineCounter` (when settings.REDIS_URL is set): a sorted set of visitor keys
  scored by the time they were last seen, trimmed and updated by one Lua script in a
  single round trip. Works across every process and server.
* `CacheOnlineCounter` (otherwise): per-minute buckets in Django's cache. Updates are
  not atomic across processes, so the figures are approximate; good enough for one
  small server.

A visit starts when a visitor not seen in the window arrives. Visits are totalled
per site in the database, in batches (portal.engagement.visits), so that the total
survives a restart or a new cache. Each process remembers
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

from .client import hash_identity
from .visits import HostKey, VisitTally

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
    def touch(
        self, visitor: str, now: float | None = None, host: HostKey | None = None
    ) -> bool:
        """Record a request of `visitor` to the site at `host`; True when it
        starts a new visit."""

    def stats(
        self, now: float | None = None, host: HostKey | None = None
    ) -> OnlineStats | None:
        """Current figures (the visit total of the site at `host`), or None
        when they cannot be read."""


class _LocalMemory:
    """What this process counted recently; bounded, thread-safe enough (a race only
    costs one extra backend call)."""

    def __init__(self, seconds: float, max_entries: int = 50_000):
        self.seconds = seconds
        self.max_entries = max_entries
        self.seen: dict[str, float] = {}
        self.online: tuple[float, int | None] | None = None

    def recently_seen(self, visitor: str, now: float) -> bool:
        last = self.seen.get(visitor)
        return last is not None and now - last < self.seconds

    def remember(self, visitor: str, now: float) -> None:
        if len(self.seen) >= self.max_entries:
            self.seen = {}
        self.seen[visitor] = now

    def clear(self) -> None:
        self.seen = {}
        self.online = None


class BaseOnlineCounter:
    def __init__(self, window: int = DEFAULT_WINDOW):
        self.window = window
        self.local = _LocalMemory(min(LOCAL_MEMORY_SECONDS, window))
        self.visits = VisitTally(legacy_total=self._legacy_visits)

    def touch(
        self, visitor: str, now: float | None = None, host: HostKey | None = None
    ) -> bool:
        """Record a request of `visitor` (an identity such as "address|browser",
        hashed before it leaves the process) to the site at `host` (hostname,
        port); True when it starts a new visit."""
        now = time.time() if now is None else now
        if self.local.recently_seen(visitor, now):
            return False
        new_visit = self._touch(hash_identity(visitor), now)
        self.local.remember(visitor, now)
        if new_visit:
            # Let the footer include the newcomer at once.
            self.local.online = None
            if host is not None:
                self.visits.add(host)
        return new_visit

    def stats(
        self, now: float | None = None, host: HostKey | None = None
    ) -> OnlineStats | None:
        now = time.time() if now is None else now
        cached = self.local.online
        if cached is None or now - cached[0] >= STATS_CACHE_SECONDS:
            cached = (now, self._online(now))
            self.local.online = cached
        online = cached[1]
        if online is None:
            return None
        try:
            total = self.visits.total(host) if host is not None else None
        except Exception:  # noqa: BLE001 - the footer must render without it
            logger.warning("Visit total unavailable", exc_info=True)
            return None
        return OnlineStats(online=online, total_visits=total or 0)

    def _touch(self, visitor: str, now: float) -> bool:
        raise NotImplementedError

    def _online(self, now: float) -> int | None:
        """Visitors seen in the window, or None when the backend cannot say."""
        raise NotImplementedError

    def _legacy_visits(self) -> int:
        """The total this backend kept before totals moved to the database."""
        return 0


# Trim visitors older than the window, record this one; 1 when it is new.
# KEYS: sorted set. ARGV: now, visitor, window.
_TOUCH_SCRIPT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local added = redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('EXPIRE', KEYS[1], window * 2)
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
        #: Where the total was counted before it moved to the database.
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
                keys=[self.online_key], args=[now, visitor, self.window]
            )
        except self.redis_errors:
            self._failed(now)
            return False
        return bool(added)

    def _online(self, now: float) -> int | None:
        if not self._available(now):
            return None
        try:
            return int(self.client.zcount(self.online_key, now - self.window, "+inf"))
        except self.redis_errors:
            self._failed(now)
            return None

    def _legacy_visits(self) -> int:
        try:
            return int(self.client.get(self.visits_key) or 0)
        except self.redis_errors:
            return 0

    def reset(self) -> None:
        """Forget everything (tests and benchmarks)."""
        self.client.delete(self.online_key, self.visits_key)
        self.local.clear()
        self.visits.reset()


class CacheOnlineCounter(BaseOnlineCounter):
    """Visitors by the minute they were last seen, in Django's cache.

    Each visitor has one small entry (the minute they were last counted in and when
    they were last seen) and sits in exactly one per-minute bucket counter, so every
    operation is O(1) whatever the traffic: online = the sum of the buckets of the
    last `window` minutes. Updates are not atomic across processes, so figures are
    approximate when several processes share the cache.
    """

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
        self.buckets = max(1, -(-window // self.BUCKET_SECONDS))  # ceiling division
        #: Where the total was counted before it moved to the database.
        self.visits_key = f"{prefix}:visits"

    @property
    def cache(self):
        return caches[self.cache_alias]

    def _bucket_key(self, minute: int) -> str:
        return f"{self.prefix}:m:{minute}"

    def _add_to_bucket(self, minute: int, delta: int) -> None:
        key = self._bucket_key(minute)
        timeout = (self.buckets + 2) * self.BUCKET_SECONDS
        try:
            self.cache.incr(key, delta)
        except ValueError:  # the bucket does not exist (yet, or any more)
            if delta > 0 and not self.cache.add(key, delta, timeout):
                self.cache.incr(key, delta)

    def _touch(self, visitor: str, now: float) -> bool:
        minute = int(now // self.BUCKET_SECONDS)
        key = f"{self.prefix}:v:{visitor}"
        try:
            previous = self.cache.get(key)
            new_visit = previous is None or now - previous[1] > self.window
            if previous is None or previous[0] != minute:
                if previous is not None and not new_visit:
                    self._add_to_bucket(previous[0], -1)
                self._add_to_bucket(minute, 1)
            self.cache.set(key, (minute, now), self.window)
        except Exception:  # noqa: BLE001 - a cache failure must not break the page
            logger.warning("Online counter: cache unavailable", exc_info=True)
            return False
        return new_visit

    def _online(self, now: float) -> int | None:
        minute = int(now // self.BUCKET_SECONDS)
        keys = [self._bucket_key(minute - i) for i in range(self.buckets)]
        try:
            buckets = self.cache.get_many(keys)
        except Exception:  # noqa: BLE001
            logger.warning("Online counter: cache unavailable", exc_info=True)
            return None
        return max(0, sum(buckets.values()))

    def _legacy_visits(self) -> int:
        try:
            return int(self.cache.get(self.visits_key) or 0)
        except Exception:  # noqa: BLE001
            return 0

    def reset(self) -> None:
        """Forget the figures (tests and benchmarks); visitor entries expire alone."""
        minute = int(time.time() // self.BUCKET_SECONDS)
        self.cache.delete_many(
            [
                *(self._bucket_key(minute - i) for i in range(-2, self.buckets + 20)),
                self.visits_key,
            ]
        )
        self.local.clear()
        self.visits.reset()


@lru_cache(maxsize=1)
def get_counter() -> BaseOnlineCounter:
    """The counter the settings call for (Redis when REDIS_URL is set)."""
    window = getattr(settings, "ENGAGEMENT_ONLINE_WINDOW", DEFAULT_WINDOW)
    url = getattr(settings, "REDIS_URL", "")
    if url:
        prefix = getattr(settings, "ENGAGEMENT_ONLINE_PREFIX", "portal:online")
        return RedisOnlineCounter(url, prefix=prefix, window=window)
    return CacheOnlineCounter(window=window)
