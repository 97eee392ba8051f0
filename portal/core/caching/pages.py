"""Full-page cache for anonymous visitors that never serves stale content.

Every cached page is stored with the content version current when it was rendered
(`portal.core.caching.version`), so a publish makes every older page miss at once.
The TTL (``PORTAL_PAGE_CACHE_SECONDS``, 0 turns the cache off) only bounds how long data
that is not content (a poll count, a visitor counter) may lag.

A page is served from the cache only to requests without cookies (the CSRF cookie and
analytics cookies aside) and without an Authorization header, so logged-in editors,
visitors with a flash message or any other personal state always get a fresh page. A
response is stored only when it is a plain public 200: no cookie set other than the
CSRF cookie, no CSP nonce, no ``Cache-Control: private/no-store/no-cache``, not
streamed, and its user is anonymous.

Pages with forms (a poll, page feedback) are cached too: the CSRF tokens in them are
stored as a placeholder, and every hit fills in a token of the visitor's own (setting
the CSRF cookie when the visitor has none), exactly as Django's CSRF middleware would.

A page of the Wagtail tree is stored under the versions of its site (the shared one
and the site's own, `portal.core.caching.version`), so a publish on another member
site leaves it warm; any other view (search, feeds, APIs: they may show content of
every site) under the any version, which every change replaces. The versions and the
page are read with one ``get_many`` round trip: the site version read is the one of
the site the host led to last in this process, and a page is only stored under the
site version read before it was rendered. Use the default cache; with several server
processes it must be shared (Redis via ``REDIS_URL``), which the system check
``portal.W010`` reminds of.

A page of the tree is also stored with the versions of the dependency tags it was
built from (`portal.core.caching.fragments`): those of every fragment it showed,
and the page's own. A page class names its own with ``cache_dependencies()``
(the tags of everything it shows outside fragments); one that does not depends on
every page of its site. So a publish that changes no page's title, address or
place in the tree misses only the pages built from what it changed. The tags a
page had last time are read with the versions, in the same round trip.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from django.utils.cache import cc_delim_re
from wagtail import hooks

from .fragments import building, default_tags
from .sites import find_site
from .version import (
    SEARCH_TAG,
    RequestVersions,
    expect_site,
    read_versions,
    remember_site,
    request_versions,
)

logger = logging.getLogger(__name__)

KEY_PREFIX = "portal:page-cache:page:"
DEFAULT_SECONDS = 60

#: Cookie name prefixes that never change what the server renders (analytics).
DEFAULT_IGNORED_COOKIES = ("_ga", "_gid", "_gat", "_fbp")

#: Path prefixes never cached: the admin, and the health check, which must tell the
#: load balancer the truth about the database right now.
DEFAULT_EXCLUDE = ("/admin/", "/healthz/")

NEVER_STORE_CACHE_CONTROL = {"private", "no-store", "no-cache"}

#: What ``{% csrf_token %}`` renders; its value is personal and never stored.
CSRF_INPUT_RE = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")'
)
CSRF_PLACEHOLDER = b"__portal_csrf_token__"

#: Set on a request that served a page of the Wagtail tree (its site's content).
PAGE_SERVED_ATTR = "_portal_served_site_page"
#: The tags the page served says it shows outside fragments (None: every page's).
PAGE_DEPENDENCIES_ATTR = "_portal_page_dependencies"

#: Per page key: the tags its entry had last in this process, read with the versions.
_expected_tags: dict[str, tuple[str, ...]] = {}
MAX_EXPECTED_TAGS = 8192


@hooks.register("before_serve_page")
def mark_site_page(page, request, serve_args, serve_kwargs):
    """A page of the tree shows its own site's content and shared content only."""
    setattr(request, PAGE_SERVED_ATTR, True)
    dependencies = getattr(page, "cache_dependencies", None)
    setattr(
        request,
        PAGE_DEPENDENCIES_ATTR,
        tuple(dependencies()) if callable(dependencies) else None,
    )


def _expect_tags(key: str, tags) -> None:
    if len(_expected_tags) >= MAX_EXPECTED_TAGS:
        _expected_tags.clear()
    _expected_tags[key] = tuple(tags)


def cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", DEFAULT_SECONDS) or 0)


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors (see the module docstring).

    Place it right after SecurityMiddleware/WhiteNoise, before the session, CSRF, auth
    and CSP middleware, so that it sees the cookies and headers they add.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if seconds <= 0:
            return self.get_response(request)
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            response["X-Cache"] = "MISS"
            return response

        key = KEY_PREFIX + self.key_for(request)
        expected_site = expect_site(request)
        try:
            found = read_versions(expected_site, key, tags=_expected_tags.get(key, ()))
            versions = request_versions(request, found)
            entry = found.get(key)
            hit = (
                entry is not None
                and len(entry) > 3
                and entry[0] in self.valid_tags(versions, expected_site)
                and self.dependencies_current(versions, entry[3])
            )
        except Exception:  # a cache outage means no cache, never an error page
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        if hit:
            _expect_tags(key, entry[3])
            response = entry[1]
            if entry[2]:
                self.fill_csrf_tokens(request, response)
            response["X-Cache"] = "HIT"
            return response

        read_before = self.read_site_version(request, versions)
        with building(read_before=dict(versions.tags)) as build:
            response = self.get_response(request)
            tag = self.version_tag(request, versions, read_before)
            dependencies = self.dependencies(request, build)
        if (
            tag is not None
            and build.storable
            and request.method == "GET"
            and self.is_storable(request, response)
        ):
            try:
                cache.set(
                    key,
                    self.entry_for(tag, request, response, dependencies),
                    timeout=seconds,
                )
                _expect_tags(key, dependencies)
            except Exception:
                logger.exception("Could not store a page in the cache")
        response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def dependencies_current(versions: RequestVersions, stored: dict) -> bool:
        return not stored or versions.tag_versions(stored) == stored

    @staticmethod
    def dependencies(request, build) -> dict[str, str]:
        """The tags a page was built from: its fragments', and, for a page of the
        tree, its own (every page of its site's when it names none); for another
        view, the search engine's."""
        if not getattr(request, PAGE_SERVED_ATTR, False):
            # Search results, feeds, APIs: the any version keys them, but search
            # results also follow the engine, which catches up a moment later.
            own = (SEARCH_TAG,)
        else:
            own = getattr(request, PAGE_DEPENDENCIES_ATTR, None)
            if own is None:
                own = default_tags(request)
        try:
            build.add(request_versions(request).tag_versions(own))
        except Exception:
            logger.exception("Page cache unavailable")
            build.storable = False
        return build.tags

    @staticmethod
    def valid_tags(versions: RequestVersions, site_id: int | None) -> tuple[str, ...]:
        """The version tags a stored page may carry to be current now."""
        tags = (f"any:{versions.any}",)
        if site_id is not None and site_id in versions.sites:
            tags += (f"site:{site_id}:{versions.for_site(site_id)}",)
        return tags

    @staticmethod
    def read_site_version(request, versions: RequestVersions) -> set:
        """Before a page is rendered: the version of the site its host leads to, read
        now unless it was with the others (the host led elsewhere last time, or this
        process had not seen it). The sites whose versions were read, returned."""
        try:
            site = find_site(request)
            if site is not None:
                remember_site(request, site.pk)
                versions.for_site(site.pk)
                versions.tag_versions(default_tags(request))
        except Exception:
            logger.exception("Page cache unavailable")
        return set(versions.sites)

    @staticmethod
    def version_tag(request, versions: RequestVersions, read_before: set) -> str | None:
        """What a page just rendered is stored under: its site's versions for a page
        of the tree, else the any version; None when its site's version was not read
        before it was rendered."""
        site = getattr(request, "_wagtail_site", None)
        if not getattr(request, PAGE_SERVED_ATTR, False) or site is None:
            return f"any:{versions.any}"
        if site.pk not in read_before:
            return None
        return f"site:{site.pk}:{versions.for_site(site.pk)}"

    @staticmethod
    def entry_for(version: str, request, response, dependencies: dict) -> tuple:
        """What the cache keeps: the version, the response, whether it has forms,
        and the versions of the tags it was built from."""
        content, forms = CSRF_INPUT_RE.subn(
            rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content
        )
        if not forms and not response.cookies:
            return (version, response, False, dependencies)
        stored = copy_response(response)
        stored.content = content
        # The CSRF cookie Django set is this visitor's; each hit sets its own.
        return (version, stored, bool(forms), dependencies)

    @staticmethod
    def fill_csrf_tokens(request, response) -> None:
        """Give a cached page with forms this visitor's CSRF token (and cookie)."""
        csrf = CsrfViewMiddleware(lambda request: None)
        csrf.process_request(request)  # reads the visitor's CSRF cookie, if any
        token = get_token(request).encode()
        response.content = response.content.replace(CSRF_PLACEHOLDER, token)
        csrf.process_response(request, response)  # sets the cookie when it is new

    @staticmethod
    def is_cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        # Any cookie may personalise the page (session, flash messages, a poll's
        # "already voted"): only the CSRF cookie and analytics cookies are ignored.
        ignored = getattr(
            settings, "PORTAL_PAGE_CACHE_IGNORED_COOKIES", DEFAULT_IGNORED_COOKIES
        )
        for name in request.COOKIES:
            if name != settings.CSRF_COOKIE_NAME and not name.startswith(
                tuple(ignored)
            ):
                return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return not request.path.startswith(
            tuple(getattr(settings, "PORTAL_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDE))
        )

    @staticmethod
    def key_for(request) -> str:
        # The full URL with its query string: filters and pages are separate entries.
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        if len(settings.LANGUAGES) > 1:
            # LocaleMiddleware has not run yet; pick the language the same way.
            url += "|" + translation.get_language_from_request(request)
        return hashlib.sha256(url.encode()).hexdigest()

    @staticmethod
    def is_storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        # The CSRF cookie is the only one allowed: entry_for() keeps it out.
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return False
        cache_control = {
            directive.split("=")[0].strip().lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if cache_control & NEVER_STORE_CACHE_CONTROL:
            return False
        # A nonce must be new on every response; a page that used one is not shared.
        for header in (
            "Content-Security-Policy",
            "Content-Security-Policy-Report-Only",
        ):
            if "'nonce-" in response.get(header, ""):
                return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)


def copy_response(response):
    from django.http import HttpResponse

    copy = HttpResponse(
        response.content, status=response.status_code, headers=dict(response.items())
    )
    return copy


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs, **kwargs):
    # A host project without the middleware (docs/install.md) caches no page.
    middleware = f"{__name__}.{AnonymousPageCacheMiddleware.__name__}"
    if middleware not in settings.MIDDLEWARE or cache_seconds() <= 0 or settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The anonymous page cache uses a process-local cache.",
                hint=(
                    "With several server processes a publish reaches only one of "
                    "them: set REDIS_URL, or PORTAL_PAGE_CACHE_SECONDS=0."
                ),
                id="portal.W010",
            )
        ]
    return []
