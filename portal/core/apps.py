from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Portal core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import caching, checks  # noqa: F401 - checks registers the checks

        caching.connect_signals()
