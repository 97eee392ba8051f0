"""Fixed-window rate limits kept in Django's cache, for the public forms.

A counter per (scope, who, window): cheap, shared by every process when the cache
is Redis. The apps name their scopes and rates (portal.engagement.ratelimit,
portal.alerts.subscriptions).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def allow(scope: str, who: str, rate: Rate) -> bool:
    """Count one attempt of `who` in `scope`; False once `rate` is used up.

    A cache failure lets the request through: a form that cannot be sent because
    the cache is down is worse than a few extra attempts.
    """
    window = int(time.time() // rate.seconds)
    key = f"{scope}:{who}:{window}"
    try:
        if cache.add(key, 1, rate.seconds):
            count = 1
        else:
            count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr().
        cache.add(key, 1, rate.seconds)
        count = 1
    except Exception:  # noqa: BLE001 - the cache may be down; never break the form
        logger.warning("Rate limit cache unavailable", exc_info=True)
        return True
    return count <= rate.limit
