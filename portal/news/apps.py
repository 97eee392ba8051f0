from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def member_site_sections(self, home):
        """A member portal's news (portal.core.sites)."""
        from portal.core.demo_utils import ensure_child

        from .models import NewsIndexPage

        return [ensure_child(home, NewsIndexPage, "tin-tuc", title="Tin tức - Sự kiện")]
