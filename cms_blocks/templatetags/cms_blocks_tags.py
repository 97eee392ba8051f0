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


@register.simple_tag(takes_context=True)
def link_href(context, link) -> str:
    """``{% link_href link %}``: a link block's address on the current page's site
    (a path there, a full URL to another site's page)."""
    return link.href_for(context.get("request"))
