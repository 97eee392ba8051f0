"""Settings for benchmarks/search.py: the test settings plus the baseline model."""

from portal.settings.test import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.bench_app"]  # noqa: F405
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
PORTAL_SEARCH_SYNC_ON_COMMIT = False
