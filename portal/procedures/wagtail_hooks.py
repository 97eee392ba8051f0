from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.core.caching import cached_hook
from portal.core.models import citation_tags
from portal.core.viewsets import TaxonomyViewSet

from .legal import procedures_resting_on
from .models import (
    Audience,
    ProcedureField,
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
    depends=lambda context: citation_tags(
        [getattr(context.get("page"), "number_key", "")]
    ),
)
def related_procedures(context):
    """On a legal document's page: the procedures whose legal basis cites it."""
    page = context.get("page")
    number_key = getattr(page, "number_key", "")
    if not number_key:
        return ""
    procedures = list(procedures_resting_on(number_key, context.get("request"))[:50])
    if not procedures:
        return ""
    return render_to_string(
        "procedures/includes/legal_procedures.html",
        {"procedures": procedures, "request": context.get("request")},
    )


@hooks.register("register_portal_home_blocks")
def register_home_blocks():
    from .blocks import home_blocks

    return home_blocks()


@hooks.register("portal_head")
def home_stylesheet(context):
    """The finder box on the home page uses the procedures stylesheet."""
    from django.templatetags.static import static

    from portal.core.models import HomePage

    if not isinstance(context.get("page"), HomePage):
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static(STYLESHEET))
