"""The public site's languages: Vietnamese at ``/``, the others under ``/<code>/``.

Each language has its own page tree, a translation of the site's root page (Wagtail
i18n: the same ``translation_key``, another `Locale`), served under its prefix by
``i18n_patterns(..., prefix_default_language=False)`` in the URLconf. Which language a
request is in follows from its path alone (`PathLanguageMiddleware`): never from a
cookie or the browser's Accept-Language, so that a cached page is the same for every
visitor and a Vietnamese address never answers in English.

The root's translations and the Locale rows are read through the version-keyed
fragment caches (`portal.core.caching`), so routing a page in either language costs
no more queries than before i18n: none warm.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Subquery
from django.utils import translation
from wagtail.models import Locale, Page

from .caching import STRUCTURE, cached_value


def default_language() -> str:
    return settings.LANGUAGE_CODE


def public_languages() -> list[tuple[str, str]]:
    """(code, name in its own language) of the languages a site may be read in."""
    return [(code, str(name)) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES]


def language_for_path(path: str) -> str:
    """The language a public address is in: its first segment when that names a
    language other than the default, otherwise the default."""
    first = path.lstrip("/").split("/", 1)[0]
    for code, _name in settings.LANGUAGES:
        if first == code and code != default_language():
            return code
    return default_language()


def active_language() -> str:
    """The active language if the site has content in it, else the default."""
    language = translation.get_language() or default_language()
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    return language if language in codes else default_language()


#: Open Graph's name of each language (og:locale).
OPEN_GRAPH_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def language_prefix(language: str | None = None) -> str:
    """The address of a language's home page on any site: "/" or "/en/"."""
    language = language or active_language()
    return "/" if language == default_language() else f"/{language}/"


class PathLanguageMiddleware:
    """Activate the language the path names (see the module's docstring), in place
    of Django's LocaleMiddleware. The admin keeps each user's own language (Wagtail
    activates it in its views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def locale_ids(request=None) -> dict[str, int]:
    """Locale ids by language code, read once per content version."""
    return cached_value(
        "locale_ids",
        lambda: dict(Locale.objects.values_list("language_code", "pk")),
        request=request,
        per_site=False,
        depends=STRUCTURE,
    )


def active_locale_id(request=None) -> int | None:
    return locale_ids(request).get(active_language())


def translated_root(root: Page, request=None) -> Page:
    """``root.localized`` for a site's root page: its live translation in the active
    language, or itself. The translation comes in its specific form with its own
    fields deferred, as the cached Site's root (`portal.core.caching.find_site`).

    Site roots are in the default language (the other languages' trees are their
    translations), so the default language costs nothing, not even a Locale lookup.
    """
    if active_language() == default_language():
        return root
    locale_id = active_locale_id(request)
    if locale_id is None or locale_id == root.locale_id:
        return root

    def find():
        translation_page = (
            Page.objects.filter(
                translation_key=root.translation_key, locale_id=locale_id, live=True
            )
            .order_by("path")
            .first()
        )
        # False: "no translation", which the cache keeps (it keeps no None).
        return translation_page.specific_deferred if translation_page else False

    found = cached_value(
        "translated_root",
        find,
        request=request,
        vary=(root.pk, locale_id),
        depends=STRUCTURE,
    )
    return found or root


@dataclass(frozen=True)
class Counterpart:
    language: str
    name: str
    url: str
    #: False when the page has no translation and the link leads to the home page.
    exact: bool


def translations(request=None) -> dict[str, dict[str, tuple[str, str]]]:
    """Every live page that has a live translation, by translation key: its
    (tree path, ``url_path``) per language code. One query per content version,
    whatever the number of pages or sites."""

    def build():
        translated = (
            Page.objects.filter(live=True)
            .order_by()
            .values("translation_key")
            .annotate(languages=Count("locale", distinct=True))
            .filter(languages__gt=1)
            .values("translation_key")
        )
        rows = (
            Page.objects.filter(live=True, translation_key__in=Subquery(translated))
            .order_by("path")
            .values_list("translation_key", "locale__language_code", "path", "url_path")
        )
        found: dict[str, dict[str, tuple[str, str]]] = {}
        for key, language, path, url_path in rows:
            found.setdefault(str(key), {}).setdefault(language, (path, url_path))
        return found

    # A page's translation going live or away changes the tree's versions
    # (`portal.core.caching.invalidation`).
    return cached_value(
        "page_translations",
        build,
        request=request,
        per_site=False,
        depends=STRUCTURE,
    )


def counterparts(page: Page | None, request=None) -> list[Counterpart]:
    """For the language switch: each other language's version of ``page``, or that
    language's home page when the page has none, on the request's site (from
    `translations`: no query once it is cached). The addresses are the pages'
    paths below their language's root, under that language's prefix."""
    from .caching import find_site

    site = find_site(request) if request is not None else None
    if site is None or len(public_languages()) < 2:
        return []
    known = translations(request)
    roots = known.get(str(site.root_page.translation_key), {})
    versions = known.get(str(page.translation_key), {}) if page is not None else {}
    found = []
    for code, name in public_languages():
        if code == active_language() or code not in roots:
            continue
        root_path, root_url_path = roots[code]
        home = language_prefix(code)
        version = versions.get(code)
        if version is not None and version[0].startswith(root_path):
            url = home + version[1][len(root_url_path) :]
            found.append(Counterpart(code, name, url, True))
        else:
            found.append(Counterpart(code, name, home, False))
    return found


class Localized:
    """An object as another language shows it: the fields its `LanguageTexts` row
    translates come from the row (empty ones stay empty: the default language's
    words are not the other language's), every other attribute from the object."""

    def __init__(self, obj, texts: dict):
        self._obj = obj
        self._texts = texts

    def __getattr__(self, name):
        texts = self.__dict__["_texts"]
        if name in texts:
            return texts[name]
        return getattr(self.__dict__["_obj"], name)

    def __str__(self) -> str:
        return str(self._texts.get("name") or self._obj)


def setting_texts(model_label: str, site, request=None) -> dict | None:
    """The active language's row of a site setting's translations on ``site``, as
    a dict, or None (the default language, or no row): read once per content
    version."""
    from django.apps import apps

    language = active_language()
    if language == default_language() or site is None:
        return None
    model = apps.get_model(model_label)

    def build():
        row = model.objects.filter(
            setting__site=site, locale__language_code=language
        ).first()
        # False: "no row", which the cache keeps.
        return row.texts() if row else False

    return (
        cached_value(
            f"texts:{model_label}",
            build,
            request=request,
            vary=(site.pk, language),
            depends=STRUCTURE,
        )
        or None
    )


def portal_identity(request):
    """The site's `PortalSettings` in the active language."""
    from .caching import find_site
    from .models import PortalSettings

    portal = PortalSettings.for_request(request)
    texts = setting_texts("core.PortalSettingsTranslation", find_site(request), request)
    return Localized(portal, texts) if texts is not None else portal


def navigation(request):
    """The site's `NavigationSettings` in the active language."""
    from .models import NavigationSettings

    menus = NavigationSettings.for_request(request)
    if active_language() == default_language():
        return menus
    from .caching import find_site

    texts = setting_texts("core.NavigationTranslation", find_site(request), request)
    # Another language's pages never show the default language's menus.
    return Localized(menus, texts or {"main_menu": [], "footer_menu": []})


def localized_bodies(bodies, language: str | None = None) -> list:
    """Public bodies in ``language`` (the active one by default): each with its
    translated texts, and only those that have them in a language other than the
    default. One query for the translations."""
    from .models import PublicBodyTranslation

    bodies = list(bodies)
    language = language or active_language()
    if language == default_language():
        return bodies
    rows = {
        row.body_id: row
        for row in PublicBodyTranslation.objects.filter(
            body__in=[body.pk for body in bodies], locale__language_code=language
        )
    }
    return [
        Localized(body, rows[body.pk].texts()) for body in bodies if body.pk in rows
    ]
