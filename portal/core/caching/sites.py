"""The request's Wagtail `Site`, kept in the fragment caches by shared version.

Wagtail looks the site up (with its root page) on every request, and memoises it on
the request; `find_site` fills that memo from the cache, with the root page in its
specific form (its own fields deferred: routing needs none). Which site a host leads
to depends on the Site rows alone, which are shared content: the value is keyed by
the shared version (``per_site=False``), and saving a Site replaces it.

The memo is Wagtail's ``request._wagtail_site``, which `Site.find_for_request` reads
and nothing public sets. `portal.core.routing.CachedSiteMiddleware` calls this for
every request; the page cache calls it first on a miss, to read the version of the
page's site before rendering it.
"""

from __future__ import annotations

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .fragments import STRUCTURE, cached_value

#: Wagtail's memo of the request's site (see `Site.find_for_request`).
SITE_ATTR = "_wagtail_site"


def find_site(request) -> Site | None:
    """The request's site as `Site.find_for_request` finds it, read from the cache."""
    if not hasattr(request, SITE_ATTR):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        setattr(
            request,
            SITE_ATTR,
            cached_value(
                "site",
                lambda: _site_with_specific_root(hostname, port),
                request=request,
                vary=(hostname, port),
                per_site=False,
                depends=STRUCTURE,
            ),
        )
    return getattr(request, SITE_ATTR)


def _site_with_specific_root(hostname: str, port) -> Site | None:
    """Wagtail's choice of site for a host and port (`Site.find_for_request`)."""
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page = site.root_page.specific_deferred
    return site
