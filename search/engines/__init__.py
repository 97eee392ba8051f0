"""Search engines, chosen by dotted path in settings like Django's CACHES::

    PORTAL_SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.engines.elasticsearch", "URLS": [...], ...},
        "fallback": {"BACKEND": "search.engines.database"},
    }

Each engine module exports its class as `Engine`; a BACKEND may also name a class.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from search.engines.base import SearchEngine

DEFAULT_BACKENDS = {"default": {"BACKEND": "search.engines.database"}}


class InvalidSearchBackendError(ImproperlyConfigured):
    pass


_engines: dict[str, SearchEngine] = {}


def backends_setting() -> dict:
    return getattr(settings, "PORTAL_SEARCH_BACKENDS", None) or DEFAULT_BACKENDS


def aliases() -> list[str]:
    return list(backends_setting())


def engine_class(backend: str) -> type[SearchEngine]:
    """The class a BACKEND names: a module's `Engine`, or a class by its path.

    Only a module that does not exist makes BACKEND a class's path: when the
    module exists but a package it imports is missing (`elasticsearch` not
    installed), that ImportError is the one raised."""
    try:
        module = import_module(backend)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if backend != missing and not backend.startswith(f"{missing}."):
            raise
        return import_string(backend)
    try:
        return module.Engine
    except AttributeError as error:
        raise ImportError(f"Module {backend!r} has no `Engine`.") from error


def load_engine(alias: str, params: dict) -> SearchEngine:
    backend = params.get("BACKEND", "search.engines.database")
    try:
        engine = engine_class(backend)
    except ImportError as error:
        raise InvalidSearchBackendError(
            f"Could not load search backend {backend!r} for {alias!r}: {error}"
        ) from error
    return engine(alias, params)


def get_engine(alias: str = "default") -> SearchEngine:
    """The engine configured under `alias`, built once per process."""
    if alias not in _engines:
        backends = backends_setting()
        if alias not in backends:
            raise InvalidSearchBackendError(f"No search backend named {alias!r}.")
        _engines[alias] = load_engine(alias, backends[alias])
    return _engines[alias]


def reset_engines() -> None:
    for engine in _engines.values():
        engine.close()
    _engines.clear()


def _on_setting_changed(*, setting, **kwargs):
    if setting in {"PORTAL_SEARCH_BACKENDS", "DATABASES"}:
        reset_engines()


setting_changed.connect(_on_setting_changed)
