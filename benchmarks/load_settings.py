"""Settings for benchmarks/load.py: production's, with the variations it measures.

``BENCH_COLD=1``: every request meets the caches empty (benchmarks/cold.py).
``BENCH_WITHOUT_SITE_CACHE=1``: Wagtail finds the request's Site itself, with its
query, instead of `portal.core.routing.CachedSiteMiddleware` (to show what it buys).
"""

import os

from portal.settings.production import *  # noqa: F403

if os.environ.get("BENCH_WITHOUT_SITE_CACHE") == "1":
    MIDDLEWARE = [  # noqa: F405
        name
        for name in MIDDLEWARE  # noqa: F405
        if name != "portal.core.routing.CachedSiteMiddleware"
    ]
if os.environ.get("BENCH_COLD") == "1":
    MIDDLEWARE = ["benchmarks.cold.ColdCachesMiddleware", *MIDDLEWARE]
