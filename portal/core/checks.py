"""System checks for a host project that installs the portal apps: what
docs/install.md asks for, named with what to add (portal.E001-E003)."""

from importlib.util import find_spec

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.template import engines
from django.template.backends.django import DjangoTemplates

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
