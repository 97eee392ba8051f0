from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("portal_head")
def search_assets(context):
    """The search styles, the autocomplete enhancing every search box, and the
    filters folded on phones."""
    return format_html(
        '<link rel="stylesheet" href="{}">\n<script src="{}" defer></script>\n'
        '<script src="{}" defer></script>',
        static("search/css/search.css"),
        static("search/js/autocomplete.js"),
        static("search/js/facets.js"),
    )
