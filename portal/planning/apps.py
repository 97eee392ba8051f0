from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Strategies, plans and planning (chiến lược, quy hoạch, kế hoạch), investment
    projects, bid packages and public purchases (dự án, đấu thầu, mua sắm công):
    what Decree 42/2022/NĐ-CP asks a portal to publish about them."""

    name = "portal.planning"
    label = "planning"
    verbose_name = _("Planning and investment")
    default_auto_field = "django.db.models.BigAutoField"

    def member_site_sections(self, home):
        """A member portal's own plans and projects (portal.core.sites): a district
        publishes its land-use plan and the works it invests in."""
        from .demo import ensure_index_pages

        return list(ensure_index_pages(home))
