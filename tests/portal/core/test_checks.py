"""System checks that tell a host project what docs/install.md asks of it."""

import sys
import types

from django.apps import apps
from django.test import override_settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from portal.core.checks import (
    TEMPLATE_BUILTINS,
    check_admin_javascript_catalogue,
    check_admin_translation_comes_first,
    check_required_apps,
    check_search_app_is_the_kits,
    check_template_builtins,
)

#: A host's urls.py that forgot portal.admin_vi's (ROOT_URLCONF of a test below).
urlpatterns = [path("quan-tri/", include(wagtailadmin_urls))]


def error_ids(messages):
    return [message.id for message in messages]


def test_the_reference_settings_pass():
    assert check_search_app_is_the_kits() == []
    assert check_required_apps() == []
    assert check_template_builtins() == []
    assert check_admin_translation_comes_first() == []
    assert check_admin_javascript_catalogue() == []


def test_the_search_app_of_wagtail_start_is_named(tmp_path, monkeypatch):
    """`wagtail start` leaves search/__init__.py and search/views.py next to
    manage.py, which Python finds before the installed kit."""
    host_search = tmp_path / "search"
    host_search.mkdir()
    (host_search / "__init__.py").write_text("")
    (host_search / "views.py").write_text("def search(request): ...\n")
    module = types.ModuleType("search")
    module.__path__ = [str(host_search)]
    monkeypatch.setitem(sys.modules, "search", module)
    monkeypatch.delitem(sys.modules, "search.registry")

    [error] = check_search_app_is_the_kits()

    assert error.id == "portal.E001"
    assert "wagtail start" in error.msg
    assert "search_views.search" in error.hint
    assert "docs/install.md" in error.hint


def without_apps(monkeypatch, *names):
    """As if INSTALLED_APPS lacked `names` (changing the setting would run every
    app's ready() again, which Wagtail's API does not allow)."""
    is_installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name not in names and is_installed(name)
    )


def test_missing_apps_are_named(monkeypatch):
    without_apps(
        monkeypatch, "wagtail.contrib.search_promotions", "django.contrib.humanize"
    )
    [error] = check_required_apps()

    assert error.id == "portal.E002"
    assert "wagtail.contrib.search_promotions" in error.msg
    assert "django.contrib.humanize" in error.msg
    assert "wagtail.contrib.settings" not in error.msg


def test_the_template_builtins_are_required(settings):
    templates = [{**settings.TEMPLATES[0]}]
    templates[0]["OPTIONS"] = {
        key: value
        for key, value in templates[0]["OPTIONS"].items()
        if key != "builtins"
    }
    with override_settings(TEMPLATES=templates):
        [error] = check_template_builtins()

    assert error.id == "portal.E003"
    assert TEMPLATE_BUILTINS in error.hint


def test_the_admin_translation_listed_after_wagtail_is_named(monkeypatch):
    """A host that appends every kit app (`INSTALLED_APPS += [...]`) gets an admin
    whose Wagtail strings stay English."""
    configs = list(apps.get_app_configs())
    admin_vi = apps.get_app_config("admin_vi")
    configs.remove(admin_vi)
    configs.insert(configs.index(apps.get_app_config("wagtailadmin")) + 1, admin_vi)
    monkeypatch.setattr(apps, "get_app_configs", lambda: configs)

    [warning] = check_admin_translation_comes_first()

    assert warning.id == "portal.W002"
    assert "wagtail.admin" in warning.msg
    # Apps listed after it lose to it, as they should: not named.
    assert "django.contrib.auth" not in warning.msg
    assert 'INSTALLED_APPS.insert(0, "portal.admin_vi")' in warning.hint


def test_the_admin_javascript_catalogue_must_be_the_kits():
    with override_settings(ROOT_URLCONF=__name__):
        [warning] = check_admin_javascript_catalogue()

    assert warning.id == "portal.W003"
    assert "/quan-tri/jsi18n/" in warning.msg
    assert 'path("quan-tri/", include("portal.admin_vi.urls"))' in warning.hint
