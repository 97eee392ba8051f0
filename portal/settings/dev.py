"""Local development: `make run`."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") != "0"
# A fixed key for local use only; production.py refuses to start without a real one.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405, S105
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
INTERNAL_IPS = ["127.0.0.1"]
# Static files come from the app folders here; WhiteNoise serves the collected ones.
MIDDLEWARE = [
    m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"
]  # noqa: F405
# Templates change under a developer's hands: no page cache unless asked for.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "0"))
