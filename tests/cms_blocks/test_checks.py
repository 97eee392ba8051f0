from django.apps import apps

from cms_blocks.checks import check_required_apps


def test_the_reference_settings_pass():
    assert check_required_apps() == []


def test_a_missing_app_is_named(monkeypatch):
    # As if INSTALLED_APPS lacked it (changing the setting would run every app's
    # ready() again, which Wagtail's API does not allow).
    is_installed = apps.is_installed
    monkeypatch.setattr(
        apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.table_block" and is_installed(name),
    )
    [error] = check_required_apps()

    assert error.id == "cms_blocks.E001"
    assert "wagtail.contrib.table_block" in error.msg
