from django import template

from ..polls import has_voted

register = template.Library()


def poll_context(request, poll, options=None) -> dict:
    """What the poll box needs: the poll, its options, and this browser's state."""
    return {
        "poll": poll,
        "poll_options": list(poll.options.all()) if options is None else options,
        "poll_is_open": poll.is_open(),
        "poll_has_voted": bool(request and has_voted(request, poll)),
    }
