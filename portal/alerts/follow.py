"""The "follow by e-mail" form on the pages that offer it.

Content templates leave a slot, ``{% portal_hooks "follow" %}``; what the form
follows comes from the page shown, which says it through two optional members, so
that this app imports no content app:

``listing(params, request)``
    a list page (legal documents, procedures): its `portal.core.listing.Listing`;
    the form follows the list with the words and filters shown
    (``context["listing"]``, a ListingResult);
``follow_topic()`` and ``follow_invitation``
    a page that follows a topic (portal.core.changes): a legal document, a news
    category, a procedure (its field), and the sentence that offers it.

The search page (a library's) gets the form through `search.registry.
add_results_part`. The form holds a CSRF token: its HTML is cached with a
placeholder in place of the token (it is the same for every visitor of a page),
and each request puts its own token in; the page cache does the same with whole
pages (portal.core.caching.pages).
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.core.caching import STRUCTURE, cached_fragment

from .forms import SubscribeForm
from .models import Subscription

#: The include of the search page (search.registry.add_results_part).
SEARCH_PART = "alerts/includes/follow_search.html"


def follow_form(context) -> str:
    request, page = context.get("request"), context.get("page")
    if request is None or page is None:
        return ""
    listing = context.get("listing")
    invitation = getattr(page, "follow_invitation", "")
    if listing is not None and callable(getattr(page, "listing", None)):
        fields = {
            "kind": Subscription.Kind.LIST,
            "page": page.pk,
            "query": listing.followed_query,
        }
        invitation = invitation or _(
            "Get an e-mail when a new item matches this list and its filters."
        )
    elif callable(getattr(page, "follow_topic", None)):
        fields = {"kind": Subscription.Kind.TOPIC, "topic": page.follow_topic()}
    else:
        return ""
    return render_form(request, fields, invitation)


def search_form(context) -> str:
    """The form under the results of a search (alerts/includes/follow_search.html)."""
    request = context.get("request")
    if request is None or not request.GET:
        return ""
    params = request.GET.copy()
    for name in ("page", "page_size", "sort", "format"):
        params.pop(name, None)
    fields = {"kind": Subscription.Kind.SEARCH, "query": params.urlencode()}
    return render_form(
        request,
        fields,
        _("Get an e-mail when a new document matches this search."),
    )


#: What the cached form holds where the visitor's CSRF token goes.
CSRF_PLACEHOLDER = "__alerts_csrf_token__"


def render_form(request, fields: dict, invitation: str) -> str:
    """The form, built once per page and language (a Django form costs a few
    milliseconds), with the visitor's own CSRF token."""
    html = cached_fragment(
        "alerts:follow",
        lambda: render_to_string(
            "alerts/includes/follow.html",
            {
                "form": SubscribeForm(initial=fields),
                "invitation": invitation,
                "csrf_token": CSRF_PLACEHOLDER,
            },
        ),
        request=request,
        vary=(sorted(fields.items()), str(invitation)),
        depends=STRUCTURE,
    )
    # The token is Django's: letters and digits only.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308
