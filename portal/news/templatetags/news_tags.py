from django import template
from django.utils.html import format_html

from portal.core.json_ld import json_ld as json_ld_text

register = template.Library()


@register.filter
def json_ld(data) -> str:
    """A schema.org object as <script type="application/ld+json">, safely escaped."""
    return format_html(
        '<script type="application/ld+json">{}</script>', json_ld_text(data)
    )
