"""Full-page cache for anonymous visitors that never serves stale content.

Every cached page is stored with the *content version* current when it was rendered.
Any change visitors could see (a page published, unpublished, moved or deleted, a
snippet, a site setting, an image or document saved) replaces the version, so every
page cached before the change stops matching at once; there is nothing to purge. The
TTL (``PORTAL_PAGE_CACHE_SECONDS``, 0 turns the cache off) only bounds how long data
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

The version and the page are read with one ``get_many`` round trip. Use the default
cache; with several server processes it must be shared (Redis via ``REDIS_URL``),
which the system check ``portal.W010`` reminds of.

The same version keys *fragment caches* (`cached_fragment`, `cached_value`, the
``{% cached_fragment %}`` template tag, the `cached_hook` decorator for layout hooks,
`VersionCachedSetting` for site settings): parts every page shares (header, menus,
footer, the home page's lists) are built once per content version, also for pages the
page cache does not serve (editors, visitors with cookies, the cache turned off). A
publish shows at once because it changes the version. Nothing personal may go in a
fragment: CSRF tokens, "already voted", counters are rendered outside.
``PORTAL_FRAGMENT_CACHE_SECONDS`` (0 turns them off) bounds how long an unused entry
stays; like the page cache it needs a shared cache with several processes.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from django.utils.cache import cc_delim_re
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:page-cache:version"
KEY_PREFIX = "portal:page-cache:page:"
DEFAULT_SECONDS = 60
FRAGMENT_PREFIX = "portal:fragment:"
DEFAULT_FRAGMENT_SECONDS = 0
#: The per-process cache alias that keeps fragments next to the shared cache.
LOCAL_FRAGMENT_CACHE = "fragments"

#: Models whose changes show on public pages besides pages, snippets and settings:
#: "app_label.ModelName" strings; content apps may extend it with
#: ``PORTAL_PAGE_CACHE_MODELS`` in settings or call `register_dependency`.
DEFAULT_DEPENDENCIES = [
    "wagtailcore.Site",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailsearchpromotions.SearchPromotion",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
]

_extra_dependencies: set[type] = set()
#: Per model class: does a change to it invalidate cached pages? (filled lazily)
_is_content_model: dict[type, bool] = {}

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


def cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", DEFAULT_SECONDS) or 0)


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        # add() keeps a version another process set in the meantime.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _new_version() -> str:
    return uuid.uuid4().hex


def bump_version(**_kwargs) -> None:
    """Invalidate every cached page now and again when the transaction commits.

    The second bump matters: a visitor's request that read the old rows while the
    change was not yet committed may store its page under the first new version.
    """
    _set_new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_set_new_version)


def _set_new_version() -> None:
    try:
        cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception:  # the cache being down must not break publishing
        logger.exception("Could not bump the page cache version")


def has_uncommitted_changes() -> bool:
    """True while this connection holds content changes not committed yet.

    Such a transaction may still roll back (or, in tests, always does): what it
    renders must not be stored under a version that other requests will trust.
    Its pending second bump (see `bump_version`) is the sign.
    """
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        func is _set_new_version
        for _savepoints, func, _robust in connection.run_on_commit
    )


# Fragment caches -----------------------------------------------------------------------


def fragment_seconds() -> int:
    return int(
        getattr(settings, "PORTAL_FRAGMENT_CACHE_SECONDS", DEFAULT_FRAGMENT_SECONDS)
        or 0
    )


def content_version(request=None) -> str:
    """The current content version, read once per request.

    Read before the data it keys: a fragment rendered from rows read after a change
    is then stored under the old version at worst, never stale under the new one.
    """
    if request is None:
        return current_version()
    version = getattr(request, "_portal_content_version", None)
    if version is None:
        version = current_version()
        request._portal_content_version = version
    return version


def _fragment_key(name: str, request, vary, per_site: bool = True) -> str:
    site_id = ""
    if request is not None and per_site:
        from wagtail.models import Site

        site = Site.find_for_request(request)  # memoised on the request by Wagtail
        site_id = site.pk if site else ""
    parts = "|".join(str(part) for part in vary)
    digest = hashlib.sha256(
        f"{name}|{site_id}|{translation.get_language()}|{parts}".encode()
    ).hexdigest()
    return f"{FRAGMENT_PREFIX}{content_version(request)}:{digest}"


def _local_fragments():
    """This process's copy of the fragments it used (``CACHES["fragments"]``), or None.

    A fragment's key holds the content version, so what is stored under it never
    changes: a process may keep it and ask the shared cache only for the version.
    """
    try:
        return caches[LOCAL_FRAGMENT_CACHE]
    except InvalidCacheBackendError:
        return None


class VersionedEntry:
    """One entry of the fragment caches, looked up once and stored only if wanted.

    `cached_value` stores whatever it built; this is for values worth keeping only
    once their use succeeded (a route that led to a page, not a 404), so that made-up
    URLs fill no cache. ``key`` is None when the caches are bypassed (see
    `cached_value`).
    """

    def __init__(self, name: str, *, request=None, vary=(), per_site: bool = True):
        self.seconds = fragment_seconds()
        self.key = None
        self.local = None
        if (
            self.seconds <= 0
            or getattr(request, "is_preview", False)
            or has_uncommitted_changes()
        ):
            return
        try:
            self.key = _fragment_key(name, request, vary, per_site)
        except Exception:
            logger.exception("Fragment cache unavailable")
            return
        self.local = _local_fragments()

    def get(self) -> Any:
        """The stored value, or None."""
        if self.key is None:
            return None
        value = None if self.local is None else self.local.get(self.key)
        if value is not None:
            return value
        try:
            value = cache.get(self.key)
        except Exception:
            logger.exception("Fragment cache unavailable")
            self.key = None
            return None
        if value is not None and self.local is not None:
            self.local.set(self.key, value, timeout=self.seconds)
        return value

    def set(self, value: Any) -> None:
        if self.key is None:
            return
        try:
            cache.set(self.key, value, timeout=self.seconds)
            if self.local is not None:
                self.local.set(self.key, value, timeout=self.seconds)
        except Exception:
            logger.exception("Could not store a fragment in the cache")


def cached_value(
    name: str,
    build: Callable[[], Any],
    *,
    request=None,
    vary: tuple = (),
    per_site: bool = True,
) -> Any:
    """``build()`` once per content version, site, language and ``vary``.

    The value must be picklable and the same for every visitor. Without a cache (the
    setting at 0, the cache down, a preview, uncommitted changes) it is just built.
    ``per_site=False`` leaves the request's site out of the key (for what finds it).
    """
    entry = VersionedEntry(name, request=request, vary=vary, per_site=per_site)
    value = entry.get()
    if value is None:
        value = build()
        entry.set(value)
    return value


def cached_fragment(
    name: str, render: Callable[[], str], *, request=None, vary: tuple = ()
) -> str:
    """HTML from ``render()``, cached like `cached_value`."""
    return mark_safe(  # noqa: S308 - the HTML of our own templates
        cached_value(name, lambda: str(render()), request=request, vary=vary)
    )


def cached_hook(name: str, vary: Callable[[dict], tuple] | None = None):
    """Cache what a ``portal_<slot>`` hook renders (see `cached_fragment`).

    ``vary(context)`` names what else the HTML depends on (the page, for example).
    Only for hooks whose HTML is the same for every visitor.
    """

    def decorator(hook):
        @functools.wraps(hook)
        def wrapper(context):
            request = context.get("request")
            return cached_fragment(
                name,
                lambda: hook(context) or "",
                request=request,
                vary=vary(context) if vary else (),
            )

        return wrapper

    return decorator


class VersionCachedSetting:
    """Mixin for a Wagtail site setting: read from the cache by content version.

    Every page shows the portal's settings; saving them changes the version, so the
    cached copy is never stale. Wagtail still keeps the instance on the request.
    """

    @classmethod
    def for_site(cls, site, request=None):
        if site is None:
            return super().for_site(site)
        state = cached_value(
            f"setting:{cls._meta.label_lower}",
            lambda: _setting_state(super(VersionCachedSetting, cls).for_site(site)),
            request=request,
            vary=(site.pk,),
        )
        instance = cls(**state)
        instance._state.adding = False
        instance._state.db = cls.objects.db
        return instance

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but the content version is the one read for this request."""
        from wagtail.models import Site

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            instance = cls.for_site(Site.find_for_request(request), request=request)
            instance._request = request  # as Wagtail: page URLs without a site query
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)


def _setting_state(instance) -> dict:
    """The column values of a setting, picklable (StreamFields as their raw data)."""
    state = {}
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        if hasattr(value, "get_prep_value") and hasattr(value, "stream_block"):
            value = value.get_prep_value()
        state[model_field.attname] = value
    return state


def register_dependency(model: type) -> None:
    """Declare that saving or deleting ``model`` changes what public pages show."""
    _extra_dependencies.add(model)
    _is_content_model.clear()


def _dependency_models() -> set[type]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    labels = [*DEFAULT_DEPENDENCIES, *getattr(settings, "PORTAL_PAGE_CACHE_MODELS", [])]
    models = {*_extra_dependencies, get_image_model(), get_document_model()}
    for label in labels:
        try:
            models.add(apps.get_model(label))
        except LookupError:
            continue
    return models


def is_content_model(model: type) -> bool:
    if model not in _is_content_model:
        _is_content_model[model] = _shows_on_pages(model)
    return _is_content_model[model]


def _shows_on_pages(model: type) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, Page | BaseSiteSetting | BaseGenericSetting):
        return True
    if model in get_snippet_models():
        return True
    return any(issubclass(model, dependency) for dependency in _dependency_models())


def _on_model_change(sender, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata
    if is_content_model(sender):
        bump_version()


def connect_signals() -> None:
    """Wire the version bump to every change of public content (called in ready())."""
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    # Publishing saves the page, but an unpublish or a move need not save every
    # descendant, and snippets with draft state publish without a plain save.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_version, dispatch_uid=f"portal_page_cache_{id(signal)}")
    for signal in (published, unpublished):
        signal.connect(bump_version, dispatch_uid=f"portal_page_cache_{id(signal)}")
    post_save.connect(_on_model_change, dispatch_uid="portal_page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="portal_page_cache_delete")


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
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:  # a cache outage means no cache, never an error page
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        version = found.get(VERSION_KEY) or current_version()
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            response = entry[1]
            if len(entry) > 2 and entry[2]:
                self.fill_csrf_tokens(request, response)
            response["X-Cache"] = "HIT"
            return response

        response = self.get_response(request)
        if request.method == "GET" and self.is_storable(request, response):
            try:
                cache.set(
                    key, self.entry_for(version, request, response), timeout=seconds
                )
            except Exception:
                logger.exception("Could not store a page in the cache")
        response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def entry_for(version: str, request, response) -> tuple:
        """What the cache keeps: the version, the response, and whether it has forms."""
        content, forms = CSRF_INPUT_RE.subn(
            rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content
        )
        if not forms and not response.cookies:
            return (version, response, False)
        stored = copy_response(response)
        stored.content = content
        # The CSRF cookie Django set is this visitor's; each hit sets its own.
        return (version, stored, bool(forms))

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
    if cache_seconds() <= 0 or settings.DEBUG:
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
