from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Portal core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from . import caching, changes, checks  # noqa: F401 - checks registers
        from .hosts import forget_site_hostnames

        caching.connect_signals()
        changes.connect_signals()
        post_save.connect(forget_site_hostnames, sender=Site)
        post_delete.connect(forget_site_hostnames, sender=Site)
