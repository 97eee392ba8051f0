from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("portal_head")
def search_assets(context):
    """The search styles and the autocomplete enhancing every search box."""
    return format_html(
        '<link rel="stylesheet" href="{}">\n<script src="{}" defer></script>',
        static("search/css/search.css"),
        static("search/js/autocomplete.js"),
    )
