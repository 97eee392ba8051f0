from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core.caching import register_dependency

        from .models import NewsSyndication
        from .syndication import portals_of_syndication

        # A decision changes what the receiving portal lists and the article's
        # "Cũng đăng trên" on its own portal, and nothing else (the article's own
        # publishing and unpublishing invalidate every site already).
        register_dependency(NewsSyndication, sites=portals_of_syndication)

    def member_site_sections(self, home):
        """A member portal's news (portal.core.sites)."""
        from portal.core.demo_utils import ensure_child

        from .models import NewsIndexPage

        return [ensure_child(home, NewsIndexPage, "tin-tuc", title="Tin tức - Sự kiện")]
