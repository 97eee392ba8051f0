from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def cms_blocks_css():
    """The stylesheet of the content blocks, for a site's base template <head>."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("cms_blocks/css/blocks.css")
    )
