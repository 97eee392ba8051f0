"""Per-address rate limits for the public forms, kept in Django's cache.

A fixed window per (scope, address): cheap, shared by every process when the cache is
Redis, and enough to stop one address from stuffing a poll or flooding the moderators.
"""

from __future__ import annotations

from django.conf import settings

from portal.core.ratelimit import Rate, allow

from .client import client_ip

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
    """Count one attempt; False when the address has used up its attempts (a
    cache failure lets it through: portal.core.ratelimit)."""
    return allow(f"engagement:rl:{scope}", client_ip(request), rate_for(scope))
