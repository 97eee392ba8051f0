"""System check: the online counter needs its middleware (portal.W001)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

ONLINE_COUNTER_MIDDLEWARE = "portal.engagement.middleware.OnlineCounterMiddleware"


@register(Tags.compatibility)
def check_online_counter_middleware(app_configs=None, **kwargs):
    if ONLINE_COUNTER_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        Warning(
            "The online counter counts nobody: its middleware is not in MIDDLEWARE.",
            hint=f'Add "{ONLINE_COUNTER_MIDDLEWARE}" to MIDDLEWARE before '
            "SessionMiddleware (docs/install.md, step 3).",
            id="portal.W001",
        )
    ]
