"""Citizen engagement: service-quality polls, the online counter, questions and
answers, consultation on drafts, page feedback, site notices and the contact form
(a Wagtail form page, ``models/contact.py``).

Settings (all optional):

* ``REDIS_URL``: the online counter keeps its figures in Redis (sorted set + Lua);
  without it, in Django's cache.
* ``ENGAGEMENT_ONLINE_WINDOW`` (seconds, default 300) and ``ENGAGEMENT_ONLINE_PREFIX``
  (Redis key prefix, default "portal:online").
* ``ENGAGEMENT_ONLINE_IGNORED_PREFIXES``: paths the counter ignores besides
  STATIC_URL and MEDIA_URL (default: admin, documents, images, API, health, robots).
* ``ENGAGEMENT_RATE_LIMITS``: ``{"vote" | "question" | "comment" | "contact" |
  "feedback": (attempts, seconds)}`` per client address (see ``ratelimit.py``).
* ``PORTAL_TRUSTED_PROXY_COUNT`` (core): number of reverse proxies in front of Django, so that
  rate limits and the counter see the client's address in X-Forwarded-For.

Layout slots filled (``wagtail_hooks.py``): head (stylesheet), before_header (notices),
footer (online counter), page_end (page feedback); and the home page's poll block
(``blocks.HomePollBlock``, see portal.core.home).
"""
