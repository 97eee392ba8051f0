from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    """The organisation chart, the bodies' pages and the directory (danh bạ),
    built on the one body model, portal.core.models.PublicBody."""

    name = "portal.organisation"
    label = "organisation"
    verbose_name = _("Organisation and directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .datasets import register_datasets

        register_datasets()

    def member_site_sections(self, home):
        """A member portal's chart of its own body's units and its directory
        (portal.core.sites)."""
        from .demo import ensure_member_pages

        return ensure_member_pages(home)
