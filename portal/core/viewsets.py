"""Admin viewsets that content apps share."""

from wagtail.snippets.views.snippets import SnippetViewSet


class TaxonomyViewSet(SnippetViewSet):
    """The admin of a `portal.core.taxonomy.Taxonomy` snippet: its entries by name,
    with the slug that addresses and filters use."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
