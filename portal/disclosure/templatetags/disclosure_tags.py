from django import template

from ..numbers import vietnamese_number

register = template.Library()


@register.filter
def vn_number(value, decimals=1) -> str:
    """1234.5 -> "1.234,5" (`decimals` decimals)."""
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 1
    return vietnamese_number(value, decimals)
