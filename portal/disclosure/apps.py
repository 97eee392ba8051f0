from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "portal.disclosure"
    label = "disclosure"
    verbose_name = _("Budget, statistics and open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .datasets import register_datasets

        register_datasets()

    def member_site_sections(self, home):
        """A member portal discloses its own budget (portal.core.sites)."""
        from portal.core.demo_utils import ensure_child

        from .models import BudgetIndexPage

        return [
            ensure_child(
                home,
                BudgetIndexPage,
                "cong-khai-ngan-sach",
                title="Công khai ngân sách",
            )
        ]
