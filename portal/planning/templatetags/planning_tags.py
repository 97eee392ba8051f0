from django import template

register = template.Library()


def format_vnd(amount: int | None) -> str:
    """An amount in đồng as Vietnamese write it: 1.234.567.890 đồng ("" for None)."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".") + " đồng"


@register.filter
def vnd(amount):
    """{{ page.total_investment|vnd }} -> "1.234.567.890 đồng"."""
    return format_vnd(amount)
