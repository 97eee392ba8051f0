"""Admin viewsets that content apps share."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PublicBody


class TaxonomyViewSet(SnippetViewSet):
    """The admin of a `portal.core.taxonomy.Taxonomy` snippet: its entries by name,
    with the slug that addresses and filters use."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class PublicBodyViewSet(TaxonomyViewSet):
    """The bodies of the province and beyond, one list for every content app."""

    model = PublicBody
    icon = "group"
    menu_label = _("Public bodies")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
