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
        from .hearing_back import connect_signals
        from .models import PollOption

        # The home page's poll box is read once per content version: an option
        # saved on its own (not with its poll, a snippet) must change the version.
        register_dependency(PollOption)
        # Commenters who asked are told when a draft's report is published.
        connect_signals()

    def member_site_sections(self, home):
        """A member portal's contact form (portal.core.sites)."""
        from portal.core.demo_utils import ensure_child

        from .models import ContactPage
        from .models.contact import standard_form_fields

        return [
            ensure_child(
                home,
                ContactPage,
                "lien-he",
                title="Liên hệ",
                subject="Liên hệ",
                form_fields=standard_form_fields(),
            )
        ]
