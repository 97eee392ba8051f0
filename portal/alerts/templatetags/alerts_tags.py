from django import template

from ..follow import search_form

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_search_form(context):
    """The "follow by e-mail" form of the search shown (portal.alerts.follow)."""
    return search_form(context)
