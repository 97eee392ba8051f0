"""The sitemap: Wagtail's, with the pages of every language of the site."""

from __future__ import annotations

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    """Every live public page of the request's site, in the tree of its root page
    and in those of the root's translations (``/en/``...): Wagtail's own sitemap
    knows the root's tree only."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for path in Page.objects.filter(
            translation_key=root.translation_key, live=True
        ).values_list("path", flat=True):
            trees |= Q(path__startswith=path)
        return (
            Page.objects.filter(trees or Q(path__startswith=root.path))
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
