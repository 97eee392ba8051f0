"""One rule for absolute addresses: the Site a page belongs to.

Canonical links, og:url, JSON-LD, the sitemap, feeds, the API's ``detail_url`` and
e-mails print absolute URLs. They all take the scheme, host and port from the Wagtail
`Site` of the page (``Site.root_url``: its hostname and port, https on port 443),
never from the host a request happened to arrive on, so that a page has one address
whichever alias, proxy or command (mail, feeds built without a request) prints it.
Give each site its public hostname and port under Settings → Sites; Wagtail's own
absolute URLs (``Page.get_full_url``, the sitemap, the API without
``WAGTAILAPI_BASE_URL``) follow the same rule.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Page, Site


def root_url(site: Site | Page | None = None) -> str:
    """``https://host[:port]`` of a site, of the site a page belongs to, or of the
    default site; "" when there is none."""
    if isinstance(site, Page):
        parts = site.get_url_parts()
        if parts is not None:
            return parts[1]
        site = None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else ""


def absolute_url(page_or_path: Page | str, site: Site | Page | None = None) -> str:
    """The absolute URL of a page on its own site, or of a path (``/van-ban/so/…``,
    an image rendition) on ``site`` (a Site, or a page of it; the default site when
    None). Addresses that already have a scheme (files on object storage) are
    returned as they are; a page outside every site gives ""."""
    if isinstance(page_or_path, Page):
        return page_or_path.get_full_url() or ""
    path = str(page_or_path)
    if urlsplit(path).scheme:
        return path
    return root_url(site) + path
