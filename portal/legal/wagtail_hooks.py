"""Admin menus for the taxonomies, extraction reports for editors, home-page block."""

from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.core.caching import STRUCTURE, cached_hook
from portal.core.viewsets import TaxonomyViewSet

from .models import (
    DocumentType,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalField,
    Signer,
)


class DocumentTypeViewSet(TaxonomyViewSet):
    model = DocumentType
    icon = "doc-full"
    menu_label = _("Document types")


class LegalFieldViewSet(TaxonomyViewSet):
    model = LegalField
    icon = "tag"
    menu_label = pgettext_lazy("legal document", "Fields")


class SignerViewSet(TaxonomyViewSet):
    model = Signer
    icon = "user"
    menu_label = _("Signers")
    list_display = ["name", "default_position", "slug"]


class LegalTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Legal documents")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (DocumentTypeViewSet, LegalFieldViewSet, SignerViewSet)


register_snippet(LegalTaxonomyGroup)


def report_extraction(request, page):
    """Read the attachments of the version just saved and warn about bad files.

    A draft's attachments are not in the database yet, so they are read from the
    latest revision; the page's own text is refreshed when it is published.
    """
    page = page.specific
    if not isinstance(page, LegalDocumentPage):
        return
    from .extraction import text_for_document

    latest = page.get_latest_revision_as_object()
    for attachment in latest.attachments.all():
        if attachment.document_id is None:
            continue
        report = text_for_document(attachment.document)
        if report.is_problem:
            messages.warning(
                request,
                gettext("Attachment “%(title)s”: %(status)s. %(message)s")
                % {
                    "title": attachment.document.title,
                    "status": report.get_status_display(),
                    "message": report.message,
                },
            )


@hooks.register("after_create_page")
def extraction_report_after_create(request, page):
    report_extraction(request, page)


@hooks.register("after_edit_page")
def extraction_report_after_edit(request, page):
    report_extraction(request, page)


@hooks.register("register_portal_home_blocks")
def register_home_blocks():
    from .blocks import home_blocks

    return home_blocks()


def _feed_page_kind(context) -> tuple:
    page = context.get("page")
    return (isinstance(page, LegalDocumentIndexPage) or getattr(page, "depth", 0) == 2,)


@hooks.register("portal_head")
@cached_hook("legal:feed_link", vary=_feed_page_kind, depends=STRUCTURE)
def feed_link(context):
    """The documents feed, announced on the home page and the document list."""
    if not _feed_page_kind(context)[0]:
        return ""
    return render_to_string("legal/includes/feed_link.html", {})
