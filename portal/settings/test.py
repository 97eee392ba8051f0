"""The test suite: in-memory SQLite unless DATABASE_URL names another database."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {  # noqa: F405
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {"NAME": ":memory:"},
    }
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
CACHES = {  # noqa: F405
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": PORTAL_LOCAL_CACHE_ENTRIES},  # noqa: F405
    },
    "renditions": CACHES["renditions"],  # noqa: F405
    "fragments": CACHES["fragments"],  # noqa: F405
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each of pytest-xdist's workers ("gw0", "gw1"…) stores its uploads apart.
MEDIA_ROOT = VAR_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Static files come from the app folders here; WhiteNoise serves the collected ones.
MIDDLEWARE = [
    m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"
]  # noqa: F405
# Off for the suite; tests/portal/core/test_cache.py turns it on where it is tested.
PORTAL_PAGE_CACHE_SECONDS = 0
# Fragment caches stay on (one process): tests see them cold and warm.
PORTAL_FRAGMENT_CACHE_SECONDS = 3600
# One process, one clock (portal.core.caching.fragments.clock_skew).
PORTAL_CACHE_CLOCK_SKEW_SECONDS = 0
# With REDIS_URL set (CI on PostgreSQL), the online counter of a test run keeps to
# keys of its own, never those of a portal running on the same Redis.
ENGAGEMENT_ONLINE_PREFIX = f"portal-test:{os.getpid()}:online"
