"""The test settings without portal.legal: a site that installs the content apps
it wants (tests/portal/core/test_home_sections.py)."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "portal.legal"]
