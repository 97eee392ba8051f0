"""Counts visitors for the online counter; costs next to nothing per request."""

import logging
import re
from functools import lru_cache

from django.conf import settings

from .client import visitor_identity
from .online import get_counter
from .visits import host_of

logger = logging.getLogger(__name__)

#: User agents of crawlers, monitors and scripts, which are not people online.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|curl|wget|python-|"
    r"httpclient|okhttp|go-http|java/|libwww|scrapy|pingdom|uptime|monitor|"
    r"lighthouse|preview",
    re.IGNORECASE,
)


@lru_cache(maxsize=2048)
def is_bot(user_agent: str) -> bool:
    """Cached: a site sees the same few hundred user agents over and over."""
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


#: Paths that are not page views: assets, the admin, APIs, machine-read files.
DEFAULT_IGNORED_PREFIXES = (
    "/admin/",
    "/documents/",
    "/images/",
    "/api/",
    "/healthz/",
    "/favicon.ico",
    "/robots.txt",
    "/sitemap.xml",
)


class OnlineCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.ignored_prefixes = tuple(
            prefix
            for prefix in (
                settings.STATIC_URL,
                settings.MEDIA_URL,
                *getattr(
                    settings,
                    "ENGAGEMENT_ONLINE_IGNORED_PREFIXES",
                    DEFAULT_IGNORED_PREFIXES,
                ),
            )
            if prefix and prefix != "/"
        )

    def __call__(self, request):
        if self.counts(request):
            try:
                get_counter().touch(visitor_identity(request), host=host_of(request))
            except Exception:  # noqa: BLE001 - counting must never break a page
                logger.warning("Online counter failed", exc_info=True)
        return self.get_response(request)

    def counts(self, request) -> bool:
        if request.method != "GET" or request.path.startswith(self.ignored_prefixes):
            return False
        meta = request.META
        if (
            meta.get("HTTP_SEC_PURPOSE", "").startswith("prefetch")
            or meta.get("HTTP_PURPOSE") == "prefetch"
        ):
            return False
        return not is_bot(meta.get("HTTP_USER_AGENT", "")[:512])
