"""Admin viewsets that content apps share."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from search.text import vietnamese_slug

from .models import PublicBody


def matching_names(objects, query: str):
    """Entries whose name holds `query` as typed, or whose slug holds it folded:
    "so tai chinh", "Sở Tài chính" and "sở tài" all find "Sở Tài chính"."""
    query = query.strip()
    if not query:
        return objects
    matches = Q(name__icontains=query)
    if folded := vietnamese_slug(query):
        matches |= Q(slug__contains=folded)
    return objects.filter(matches)


class NameSearchForm(SearchFilterMixin, BaseFilterForm):
    """A chooser's search box over the names, without Wagtail's search index
    (taxonomies are not indexed there; importers write thousands of them)."""

    def filter(self, objects):
        objects = BaseFilterForm.filter(self, objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = matching_names(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class NameSearchChooseView(ChooseView):
    filter_form_class = NameSearchForm


class NameSearchChooseResultsView(ChooseResultsView):
    filter_form_class = NameSearchForm


class TaxonomyChooserViewSet(SnippetChooserViewSet):
    """The picker an editor opens from a document, procedure or page: a
    province has hundreds of bodies, so it searches by name."""

    choose_view_class = NameSearchChooseView
    choose_results_view_class = NameSearchChooseResultsView


class TaxonomyViewSet(SnippetViewSet):
    """The admin of a `portal.core.taxonomy.Taxonomy` snippet: its entries by name,
    with the slug that addresses and filters use."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    chooser_viewset_class = TaxonomyChooserViewSet


class PublicBodyViewSet(TaxonomyViewSet):
    """The bodies of the province and beyond, one list for every content app."""

    model = PublicBody
    icon = "group"
    menu_label = _("Public bodies")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
