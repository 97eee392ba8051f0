"""The legal documents section a home page offers its editors (portal.core.home)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from portal.core import routing
from portal.core.home import HomeBlock, count_block

from .listing import NEWEST_FIRST, DocumentListing
from .models import LegalDocumentIndexPage, LegalDocumentPage

#: The fields of a document the section shows (and `pageurl` reads).
SHOWN_DOCUMENT_FIELDS = ("title", "url_path", "path", "number", "issued_date")


class LatestDocumentsBlock(HomeBlock):
    """The newest documents.

    On a member portal, what its "Văn bản" list shows (its own documents and the
    province-wide ones it chose, marked as such; the list's own rule,
    `DocumentListing.pages`), so that its home page promises nothing the list
    lacks; none without a list. On the province's portal, every document of the
    home page's language. A document's publish invalidates every site's caches.
    """

    count = count_block(_("Number of documents"), default=5, maximum=20)

    class Meta:
        icon = "doc-full"
        label = _("New documents")
        description = _("The newest legal documents, with a link to the list.")
        template = "legal/includes/home_latest.html"
        home_place = "main"
        home_order = 20

    def section_context(self, value, home, request):
        site = Site.find_for_request(request) if request is not None else None
        indexes = LegalDocumentIndexPage.objects.live().order_by("path")
        index_page = indexes.descendant_of(home).first()
        on_member_portal = site is not None and not site.is_default_site
        if on_member_portal:
            if index_page is None:
                return None
            listing = DocumentListing(index_page, {}, request)
            documents = listing.with_related(listing.pages())
        else:
            index_page = index_page or indexes.filter(locale=home.locale_id).first()
            documents = routing.public(
                LegalDocumentPage.objects.live().filter(locale=home.locale_id),
                request,
            )
        # Only what the list shows: not the full and extracted texts, nor the
        # vocabularies the document list reads with its rows.
        documents = list(
            documents.select_related(None)
            .only(*SHOWN_DOCUMENT_FIELDS)
            .order_by(*NEWEST_FIRST)[: value.get("count") or 5]
        )
        if not documents:
            return None
        return {
            "documents": documents,
            "index_page": index_page,
            "marks_province_wide": on_member_portal,
        }


def home_blocks():
    return [("latest_documents", LatestDocumentsBlock())]
