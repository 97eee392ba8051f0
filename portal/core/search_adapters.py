"""Section pages in the site-wide search, under the "Pages" tab other apps'
pages share (PAGES)."""

from django.utils.timezone import localdate
from django.utils.translation import pgettext_lazy

from cms_blocks.blocks import searchable_text
from search import registry
from search.addresses import page_address

from .models import SectionPage

#: The last tab: pages of the site that are no document, news or procedure.
PAGES = registry.Kind("page", pgettext_lazy("search result kind", "Pages"), order=90)


class SectionPageAdapter(registry.SearchAdapter):
    kind = PAGES

    def get_queryset(self):
        return SectionPage.objects.live().public().specific()

    def to_document(self, page):
        url = page_address(page)
        if not url:
            return None
        published = page.last_published_at or page.first_published_at
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=url,
            summary=page.search_description or page.intro,
            text=searchable_text(page.body),
            date=localdate(published) if published else None,
        )


registry.register(SectionPage, SectionPageAdapter())
