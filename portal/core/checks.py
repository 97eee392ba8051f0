"""System checks for a host project that installs the portal apps: what
docs/install.md asks for, named with what to add (portal.E001-E003, W002-W003)."""

from importlib.util import find_spec

from django.apps import apps
from django.core.checks import Error, Tags, Warning, register
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.urls import NoReverseMatch, resolve, reverse

from cms_blocks.checks import missing_apps

#: Apps the portal apps build on, beyond those `wagtail start` installs.
REQUIRED_APPS = (
    "cms_blocks",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
)
TEMPLATE_BUILTINS = "portal.core.templatetags.portal_tags"
#: The app carrying the Vietnamese catalogue of Wagtail's admin.
ADMIN_TRANSLATION_APP = "portal.admin_vi"


@register(Tags.compatibility)
def check_search_app_is_the_kits(app_configs=None, **kwargs):
    """`wagtail start` makes an app named `search` that shadows the kit's."""
    if not apps.is_installed("search") or find_spec("search.registry") is not None:
        return []
    return [
        Error(
            "The app named 'search' is not the kit's search app but another one, "
            f"probably the one `wagtail start` made ({apps.get_app_config('search').path}).",
            hint="Delete that folder and, from your urls.py, the lines "
            "`from search import views as search_views` and "
            '`path("search/", search_views.search, name="search")`; keep "search" '
            "in INSTALLED_APPS (docs/install.md, step 2).",
            id="portal.E001",
        )
    ]


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    return missing_apps(REQUIRED_APPS, "The portal apps", "portal.E002")


@register(Tags.templates)
def check_template_builtins(app_configs=None, **kwargs):
    django_engines = [
        engine for engine in engines.all() if isinstance(engine, DjangoTemplates)
    ]
    if any(TEMPLATE_BUILTINS in engine.engine.builtins for engine in django_engines):
        return []
    return [
        Error(
            "The portal's templates use its template tags without {% load %}, "
            "but no Django template engine has them as builtins.",
            hint=f'Add "{TEMPLATE_BUILTINS}" to TEMPLATES[0]["OPTIONS"]["builtins"] '
            "(docs/install.md, step 3).",
            id="portal.E003",
        )
    ]


def _translates_for_the_admin(app_name: str) -> bool:
    """Apps whose messages portal.admin_vi's catalogue replaces."""
    return app_name == "wagtail" or app_name.startswith(
        ("wagtail.", "taggit", "django.contrib.auth", "django.contrib.contenttypes")
    )


@register(Tags.translation)
def check_admin_translation_comes_first(app_configs=None, **kwargs):
    """Django takes a message from the first app in INSTALLED_APPS that translates
    it: listed after Wagtail's apps, the kit's catalogue loses to their English or
    partial Vietnamese."""
    if not apps.is_installed(ADMIN_TRANSLATION_APP):
        return []
    names = [config.name for config in apps.get_app_configs()]
    earlier = [
        name
        for name in names[: names.index(ADMIN_TRANSLATION_APP)]
        if _translates_for_the_admin(name)
    ]
    if not earlier:
        return []
    return [
        Warning(
            f"{ADMIN_TRANSLATION_APP} comes after {', '.join(earlier)} in "
            "INSTALLED_APPS, so their translations win over its Vietnamese admin "
            "and the admin is partly English.",
            hint=f'Put "{ADMIN_TRANSLATION_APP}" first: '
            f'INSTALLED_APPS.insert(0, "{ADMIN_TRANSLATION_APP}") '
            "(docs/install.md, step 3).",
            id="portal.W002",
        )
    ]


@register(Tags.translation, Tags.urls)
def check_admin_javascript_catalogue(app_configs=None, **kwargs):
    """Wagtail's admin loads its JavaScript strings from one URL, served by a view
    that reads only wagtail.admin's catalogue unless portal.admin_vi's urls come
    first."""
    if not apps.is_installed(ADMIN_TRANSLATION_APP):
        return []
    from portal.admin_vi.views import javascript_catalog

    try:
        url = reverse("wagtailadmin_javascript_catalog")
    except NoReverseMatch:
        return []  # no Wagtail admin on this site
    if resolve(url).func is javascript_catalog:
        return []
    admin_prefix = url.removesuffix("jsi18n/").lstrip("/")
    return [
        Warning(
            f"{url} is Wagtail's own view, so the admin's JavaScript strings "
            f"(menus, the page explorer, block pickers) miss "
            f"{ADMIN_TRANSLATION_APP}'s Vietnamese.",
            hint=f'Add path("{admin_prefix}", include("portal.admin_vi.urls")) '
            "to your urls.py just before Wagtail's admin URLs "
            "(docs/install.md, step 4).",
            id="portal.W003",
        )
    ]
