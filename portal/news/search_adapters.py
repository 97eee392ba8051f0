"""What the site-wide search indexes of a news article."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms_blocks.blocks import searchable_text
from search import registry
from search.addresses import page_address
from search.text import vietnamese_slug

from .models import NewsPage


def tag_slug(name: str) -> str:
    """The ASCII slug of a tag in search facets and URLs ("kế hoạch" -> "ke-hoach");
    taggit's own slugs keep the diacritics."""
    return vietnamese_slug(name)


NEWS = registry.Kind("news", _("News"), order=20)


class NewsSearchAdapter(registry.SearchAdapter):
    kind = NEWS
    facets = {
        "category": _("Category"),
        "tag": pgettext_lazy("news keyword", "Tag"),
        "year": _("Year"),
    }

    def get_queryset(self):
        from .models import visible_news

        return visible_news().select_related("hero_image").prefetch_related("tags")

    def to_document(self, page):
        if not isinstance(page, NewsPage) or not page.live or page.expired:
            return None
        category = page.category
        image_url = ""
        if page.hero_image_id:
            try:
                image_url = page.hero_image.get_rendition(
                    "fill-480x270|format-webp"
                ).url
            except Exception:  # noqa: BLE001 - a broken image file must not stop indexing
                image_url = ""
        date = page.publication_date
        return registry.IndexedDocument(
            key=self.key_for(page),
            kind=self.kind.name,
            title=page.title,
            url=page_address(page),
            summary=page.sapo,
            text=searchable_text(page.body),
            related_numbers=[c.number for c in page.cited_documents.all()],
            date=date.date() if date else None,
            facets={
                "category": [category.slug] if category else [],
                "tag": [tag_slug(tag.name) for tag in page.tags.all()],
                "year": [str(date.year)] if date else [],
            },
            extra={
                "category": category.title if category else "",
                "date": date.isoformat() if date else "",
                "image": image_url,
            },
        )

    def facet_labels(self, facet, values):
        values = list(values)
        if facet == "category":
            from .models import NewsIndexPage

            titles = dict(
                NewsIndexPage.objects.filter(slug__in=values).values_list(
                    "slug", "title"
                )
            )
            return {value: titles.get(value, value) for value in values}
        if facet == "tag":
            from taggit.models import Tag

            # Tags are few; their ASCII slugs are computed, not stored.
            names = {
                tag_slug(name): name
                for name in Tag.objects.filter(news_newspagetag_items__isnull=False)
                .distinct()
                .values_list("name", flat=True)
            }
            return {value: names.get(value, value) for value in values}
        return {value: value for value in values}

    def dependants(self, changed):
        from .models import NewsIndexPage

        if isinstance(changed, NewsIndexPage):
            # A renamed category changes the category shown on its news results.
            return (
                NewsPage.objects.live()
                .filter(Q(path__startswith=changed.path) | Q(extra_categories=changed))
                .distinct()
            )
        return ()

    @property
    def depends_on(self):
        from .models import NewsIndexPage

        return (NewsIndexPage,)


registry.register(NewsPage, NewsSearchAdapter())
