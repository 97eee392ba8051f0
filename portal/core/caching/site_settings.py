"""Wagtail site settings read from the fragment caches by content version."""

from __future__ import annotations

from .fragments import STRUCTURE, cached_value


class VersionCachedSetting:
    """Mixin for a Wagtail site setting: read from the cache by content version.

    Every page shows the portal's settings; saving them changes the version, so the
    cached copy is never stale. All such settings of a site are one cache entry,
    built in one query (a page shows them together). Wagtail still keeps the
    instance on the request.
    """

    @classmethod
    def for_site(cls, site, request=None):
        if site is None:
            return super().for_site(site)
        states = cached_value(
            "settings",
            lambda: _settings_states(site),
            request=request,
            vary=(site.pk,),
            depends=STRUCTURE,
        )
        instance = cls(**states[cls._meta.label_lower])
        instance._state.adding = False
        instance._state.db = cls.objects.db
        return instance

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but the content version is the one read for this request."""
        from wagtail.models import Site

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            instance = cls.for_site(Site.find_for_request(request), request=request)
            instance._request = request  # as Wagtail: page URLs without a site query
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)


def setting_models() -> list[type]:
    """Every site setting read through `VersionCachedSetting`."""
    from django.apps import apps

    return [
        model for model in apps.get_models() if issubclass(model, VersionCachedSetting)
    ]


def _settings_states(site) -> dict[str, dict]:
    """The column values of each of the site's settings, read with the site in one
    query; a setting never saved is created, as Wagtail's `for_site` does."""
    from wagtail.models import Site

    links = {model: model._meta.get_field("site") for model in setting_models()}
    row = (
        Site.objects.select_related(*(f.related_query_name() for f in links.values()))
        .filter(pk=site.pk)
        .first()
    )
    states = {}
    for model, link in links.items():
        instance = getattr(row, link.remote_field.get_accessor_name(), None)
        if instance is None:
            instance = super(VersionCachedSetting, model).for_site(site)
        states[model._meta.label_lower] = _setting_state(instance)
    return states


def _setting_state(instance) -> dict:
    """The column values of a setting, picklable (StreamFields as their raw data)."""
    state = {}
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        if hasattr(value, "get_prep_value") and hasattr(value, "stream_block"):
            value = value.get_prep_value()
        state[model_field.attname] = value
    return state
