from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.core.viewsets import TaxonomyViewSet

from .models import Area, Sector


class SectorViewSet(TaxonomyViewSet):
    model = Sector
    icon = "folder-open-inverse"


class AreaViewSet(TaxonomyViewSet):
    model = Area
    icon = "site"


class PlanningTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Planning and investment taxonomies")
    menu_icon = "table"
    menu_order = 330
    items = (SectorViewSet, AreaViewSet)


register_snippet(PlanningTaxonomyGroup)
