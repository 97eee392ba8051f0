from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "portal.engagement"
    label = "engagement"
    verbose_name = _("Citizen engagement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core.caching import register_dependency

        from . import checks  # noqa: F401 - registers the checks
        from .models import PollOption

        # The home page's poll box is read once per content version: an option
        # saved on its own (not with its poll, a snippet) must change the version.
        register_dependency(PollOption)
