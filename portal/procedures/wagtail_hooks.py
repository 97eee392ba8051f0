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
from .models import Audience, Level, ProcedureField, ProcedureIndexPage

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


@hooks.register("portal_home_aside")
@cached_hook("procedures:home_finder")
def procedure_finder(context):
    """On the home page: a search box for procedures and a way in by level."""
    # The list of the site asked, else any (a member portal may lead to the
    # province's procedures).
    indexes = ProcedureIndexPage.objects.live().order_by("path")
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    index = (indexes.in_site(site).first() if site else None) or indexes.first()
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
