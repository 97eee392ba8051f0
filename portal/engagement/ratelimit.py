"""Per-address rate limits for the public forms, kept in Django's cache.

A fixed window per (scope, address): cheap, shared by every process when the cache is
Redis, and enough to stop one address from stuffing a poll or flooding the moderators.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .client import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


#: Defaults; override any of them with settings.ENGAGEMENT_RATE_LIMITS = {"vote": (30,
#: 3600)}. Votes allow many per address because offices and mobile carriers put many
#: citizens behind one address.
DEFAULT_RATES = {
    "vote": Rate(30, 3600),
    "question": Rate(5, 3600),
    "comment": Rate(10, 3600),
    "contact": Rate(5, 3600),
    "feedback": Rate(30, 3600),
}


def rate_for(scope: str) -> Rate:
    override = getattr(settings, "ENGAGEMENT_RATE_LIMITS", {}).get(scope)
    if override:
        return Rate(*override)
    return DEFAULT_RATES[scope]


def hit(request, scope: str) -> bool:
    """Count one attempt; False when the address has used up its attempts.

    A cache failure lets the request through: a form that cannot be sent because the
    cache is down is worse than a few extra attempts.
    """
    rate = rate_for(scope)
    window = int(time.time() // rate.seconds)
    key = f"engagement:rl:{scope}:{client_ip(request)}:{window}"
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
