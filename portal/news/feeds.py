"""RSS and Atom feeds of a news category (the top news page gives all news)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.core.absolute_urls import absolute_url

FEED_SIZE = 20


class NewsRssFeed(Feed):
    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        """The portal, then the category, each named once: "Cổng thông tin điện
        tử tỉnh Hưng Yên – Thông báo"."""
        from portal.core.models import PortalSettings

        portal = PortalSettings.for_site(index.get_site()).portal_name
        return _("%(portal)s – %(category)s") % {
            "portal": portal,
            "category": index.title,
        }

    def link(self, index):
        return absolute_url(index)

    def feed_url(self, index):
        return absolute_url(self.request.path, site=index)

    def description(self, index):
        return index.intro or _("Latest news: %(category)s") % {"category": index.title}

    def items(self, index):
        return index.news().prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo

    def item_link(self, item):
        return absolute_url(item)

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.last_published_at or item.publication_date

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
