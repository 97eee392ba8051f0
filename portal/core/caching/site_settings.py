"""Wagtail site settings read from the fragment caches by content version."""

from __future__ import annotations

from .fragments import STRUCTURE, cached_value


class VersionCachedSetting:
    """Mixin for a Wagtail site setting: read from the cache by content version.

    Every page shows the portal's settings; saving them changes the version, so the
    cached copy is never stale. Wagtail still keeps the instance on the request.
    """

    @classmethod
    def for_site(cls, site, request=None):
        if site is None:
            return super().for_site(site)
        state = cached_value(
            f"setting:{cls._meta.label_lower}",
            lambda: _setting_state(super(VersionCachedSetting, cls).for_site(site)),
            request=request,
            vary=(site.pk,),
            depends=STRUCTURE,
        )
        instance = cls(**state)
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


def _setting_state(instance) -> dict:
    """The column values of a setting, picklable (StreamFields as their raw data)."""
    state = {}
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        if hasattr(value, "get_prep_value") and hasattr(value, "stream_block"):
            value = value.get_prep_value()
        state[model_field.attname] = value
    return state
