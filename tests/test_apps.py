"""The apps behave alike in every host project (docs/install.md)."""

import pytest
from django.apps import apps

KIT_APPS_WITH_MODELS = (
    "core",
    "legal",
    "news",
    "procedures",
    "engagement",
    "alerts",
    "disclosure",
    "leadership",
    "organisation",
    "planning",
    "search",
)


@pytest.mark.parametrize("label", KIT_APPS_WITH_MODELS)
def test_primary_keys_do_not_depend_on_the_host_settings(label):
    """A project made with `wagtail start` sets no DEFAULT_AUTO_FIELD; Django's
    AutoField would then disagree with the apps' migrations (BigAutoField), and
    `makemigrations` would write migrations for the kit inside site-packages."""
    # Not AppConfig's property, which reads the setting.
    config_class = type(apps.get_app_config(label))
    assert config_class.default_auto_field == "django.db.models.BigAutoField"
