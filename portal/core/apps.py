from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Portal core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import Site

        from . import caching, changes, checks  # noqa: F401 - checks registers
        from .hosts import forget_site_hostnames

        caching.connect_signals()
        changes.connect_signals()
        post_save.connect(forget_site_hostnames, sender=Site)
        post_delete.connect(forget_site_hostnames, sender=Site)
        post_migrate.connect(ensure_locales, sender=self)
        # Texts in other languages: saved with their setting or body, shown like them.
        for model in (
            "PortalSettingsTranslation",
            "NavigationTranslation",
            "PublicBodyTranslation",
        ):
            caching.register_dependency(self.get_model(model))


def ensure_locales(using="default", **kwargs):
    """A Wagtail `Locale` for every content language (WAGTAIL_CONTENT_LANGUAGES):
    Wagtail makes the default one; the others' trees and texts need theirs."""
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.using(using).get_or_create(language_code=code)
