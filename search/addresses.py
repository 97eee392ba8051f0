"""Addresses of Wagtail pages in the index: the tree path, resolved on reading.

With one Wagtail Site, ``page.url`` is a path; with several it is absolute, built from
the page's site's hostname and port. Stored as such, an index goes wrong when a site
is added (paths that were relative now need a host), a hostname changes or a site is
given another root page. So an adapter stores `page_address(page)`:
``wagtail-page:<url_path>``, the page's path in the tree (``/trang-chu/tin-tuc/…``),
which names no site and no hostname; `resolve` turns it into what ``page.url`` would
give now, from Wagtail's cached list of site roots, when results are read
(`search.service`): the path on the site whose root is the nearest above the page, a
path alone with one site, else with the site's root URL. A change of the Site rows
then needs no reindex; moving a page or changing its slug queues it again already
(`search.signals`). Addresses stored as plain URLs are returned as they are.
"""

from __future__ import annotations

from wagtail.models import Page, Site

PREFIX = "wagtail-page:"


def page_address(page: Page, suffix: str = "") -> str:
    """What the index stores for ``page`` (and a ``suffix`` below it, such as a
    routable sub-page); "" for a page under no site's root, as ``page.url``."""
    if page.get_url_parts() is None:
        return ""
    return f"{PREFIX}{page.url_path}{suffix}"


def root_urls() -> list[tuple[str, str]]:
    """(root page's url_path, root URL) of each site, the nearest root first: from
    Wagtail's cached list, in the order `Page.get_url_parts` tries them."""
    roots = [(root.root_path, root.root_url) for root in Site.get_site_root_paths()]
    return sorted(roots, key=lambda root: len(root[0]), reverse=True)


def resolve(address: str, roots: list[tuple[str, str]] | None = None) -> str:
    """The URL to link to for a stored address, as ``page.url`` gives it now: a path
    when there is one site, else absolute on the page's site; "" for a page no site
    reaches any more. Other URLs are returned as they are."""
    if not address.startswith(PREFIX):
        return address
    tree_path = address[len(PREFIX) :]
    roots = root_urls() if roots is None else roots
    # One site may have several roots: its root page's translations (/en/).
    one_site = len({root_url for _root_path, root_url in roots}) == 1
    for root_path, root_url in roots:
        if tree_path.startswith(root_path):
            path = tree_path[len(root_path) - 1 :]
            return path if one_site else root_url + path
    return ""
