from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "portal.leadership"
    label = "leadership"
    verbose_name = _("Leadership, schedule and press")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core.caching import register_dependency

        from .models import ScheduleEntry

        # A week's entries are saved with their week (a snippet), but an import
        # writes them one by one: each must change the content version.
        register_dependency(ScheduleEntry)

    def member_site_sections(self, home):
        """A member portal's own leaders and work schedule (portal.core.sites)."""
        from .demo import ensure_sections

        leaders, schedule = ensure_sections(home)
        return [leaders, schedule]
