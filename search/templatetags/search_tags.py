"""Template helpers for pages that list search hits."""

from django import template

from search.registry import get_kind

register = template.Library()


@register.filter
def kind_label(name: str) -> str:
    """The tab label of a kind's name (`{{ hit.kind|kind_label }}`): the name
    itself for a kind no adapter registers any more."""
    kind = get_kind(name)
    return kind.label if kind else name
