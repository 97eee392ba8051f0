from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.core.caching import cached_hook
from portal.core.viewsets import TaxonomyViewSet

from .legal import procedures_resting_on
from .models import (
    Audience,
    Level,
    ProcedureField,
    ProcedureIndexPage,
    ProcedurePage,
)

STYLESHEET = "procedures/css/procedures.css"


class ProcedureFieldViewSet(TaxonomyViewSet):
    model = ProcedureField
    icon = "folder-open-inverse"


class AudienceViewSet(TaxonomyViewSet):
    model = Audience
    icon = "user"


class ProcedureTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Procedure taxonomies")
    menu_icon = "tasks"
    menu_order = 320
    items = (ProcedureFieldViewSet, AudienceViewSet)


register_snippet(ProcedureTaxonomyGroup)


@hooks.register("portal_legal_document_end")
@cached_hook(
    "procedures:legal_document",
    vary=lambda context: (getattr(context.get("page"), "number_key", ""),),
)
def related_procedures(context):
    """On a legal document's page: the procedures whose legal basis cites it."""
    page = context.get("page")
    number_key = getattr(page, "number_key", "")
    if not number_key:
        return ""
    procedures = list(procedures_resting_on(number_key)[:50])
    if not procedures:
        return ""
    return render_to_string(
        "procedures/includes/legal_procedures.html",
        {"procedures": procedures, "request": context.get("request")},
    )


def finder_index(site: Site | None) -> ProcedureIndexPage | None:
    """The procedure list the home page's finder searches on `site`.

    A citizen on a district's or department's portal looks for the procedures
    he can carry out there: the portal's own list when it has procedures. A
    member portal without procedures of its own (most: the province publishes
    the procedures of every level in one list) leads to the province's list,
    never to another member's, which would be the first in the tree. The
    province's portal leads to its own list.
    """
    indexes = ProcedureIndexPage.objects.live().order_by("path")
    own = indexes.in_site(site).first() if site else None
    if own is not None and (
        site.is_default_site or ProcedurePage.objects.child_of(own).live().exists()
    ):
        return own
    province = Site.objects.filter(is_default_site=True).first()
    found = indexes.in_site(province).first() if province else None
    return found or own or indexes.first()


@hooks.register("portal_home_aside")
@cached_hook("procedures:home_finder")
def procedure_finder(context):
    """On the home page: a search box for procedures and a way in by level, on
    the list `finder_index` picks for the site (the fragment is cached per
    site: `cached_hook` keys by the request's site)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    index = finder_index(site)
    if index is None:
        return ""
    from .listing import level_counts

    return render_to_string(
        "procedures/includes/home_finder.html",
        {
            "index": index,
            "levels": [
                (value, label, count)
                for (value, label), count in zip(
                    Level.choices, level_counts(index), strict=True
                )
            ],
            "request": context.get("request"),
        },
    )


@hooks.register("portal_head")
def home_stylesheet(context):
    """The finder box on the home page uses the procedures stylesheet."""
    from django.templatetags.static import static

    from portal.core.models import HomePage

    if not isinstance(context.get("page"), HomePage):
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static(STYLESHEET))
