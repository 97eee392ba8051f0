"""The RSS feed of newly issued documents: what a citizen, a newsroom or another
portal follows to hear of each new decision, plan or announcement."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.core.absolute_urls import absolute_url, root_url

from .models import LegalDocumentIndexPage, LegalDocumentPage

FEED_SIZE = 30


class LegalDocumentsFeed(Feed):
    # One instance serves every request (urls.py): nothing is kept on it, and every
    # address comes from the site (portal.core.absolute_urls).

    def get_object(self, request):
        return Site.find_for_request(request)

    def title(self, site):
        from portal.core.models import PortalSettings

        return _("%(portal)s – %(category)s") % {
            "portal": PortalSettings.for_site(site).portal_name,
            "category": _("New documents"),
        }

    def link(self, site):
        index = self._index(site)
        return absolute_url(index) if index else root_url(site)

    def feed_url(self, site):
        return absolute_url(reverse("legal:feed"), site=site)

    def description(self, site):
        return _("Legal documents newly published on the portal, newest first.")

    def items(self, site):
        documents = LegalDocumentPage.objects.live().public()
        if site is not None:
            documents = documents.in_site(site)
        return documents.select_related("doc_type", "issuing_body").order_by(
            "-issued_date", "-pk"
        )[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.doc_type.name} {item.number}: {item.title}"

    def item_description(self, item):
        return item.issuing_body.name if item.issuing_body_id else ""

    def item_link(self, item):
        return absolute_url(item)

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.issued_date, datetime.time())
        )

    def item_categories(self, item):
        return [item.doc_type.name]

    @staticmethod
    def _index(site):
        pages = LegalDocumentIndexPage.objects.live()
        if site is not None:
            pages = pages.in_site(site)
        return pages.order_by("path").first()
