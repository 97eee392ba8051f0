"""System checks: a misconfigured or unreachable search engine is reported at
start-up (search.E001, search.W001) rather than by the first visitor."""

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from search.engines import aliases, get_engine


@register(Tags.compatibility, "search")
def check_search_engines(app_configs=None, **kwargs):
    messages = []
    for alias in aliases():
        try:
            engine = get_engine(alias)
        except ImproperlyConfigured as error:
            messages.append(
                Error(
                    f"Search engine {alias!r} is misconfigured: {error}",
                    hint="Check PORTAL_SEARCH_BACKENDS.",
                    id="search.E001",
                )
            )
            continue
        if not engine.remote:
            continue
        health = engine.health()
        if not health.ok:
            messages.append(
                Warning(
                    f"Search engine {alias!r} ({engine.name}) is unreachable: "
                    f"{health.detail}",
                    hint="Public search will answer from the fallback engine; "
                    "index updates wait in the outbox until `search_sync` succeeds.",
                    id="search.W001",
                )
            )
    return messages
