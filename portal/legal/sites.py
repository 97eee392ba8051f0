"""Where a legal document lives when the province runs member portals.

A document has one page (never a copy): on the member portal of its issuing body
when that body runs one (``PortalSettings.body``), otherwise on the province's
portal (the default site). Its permanent addresses answer on every site by
redirecting there (views), and other portals' lists show it without copying it
(listing).
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import Page, Site

from portal.core.models import PortalSettings

from .models import LegalDocumentIndexPage


def site_of(page, sites: list[Site] | None = None) -> Site | None:
    """The site whose tree holds `page` (the deepest root above it)."""
    if sites is None:
        sites = list(Site.objects.select_related("root_page"))
    found = None
    for site in sites:
        root = site.root_page
        if page.path.startswith(root.path) and (
            found is None or root.depth > found.root_page.depth
        ):
            found = site
    return found


def member_sites_by_body() -> dict[int, Site]:
    """The member portal run by each body that runs one (the first by name)."""
    found: dict[int, Site] = {}
    for settings in (
        PortalSettings.objects.filter(body__isnull=False, site__is_default_site=False)
        .select_related("site__root_page")
        .order_by("site__site_name", "site__hostname")
    ):
        found.setdefault(settings.body_id, settings.site)
    return found


def index_pages_by_body() -> dict[int, LegalDocumentIndexPage]:
    """The document list ("Văn bản") of each body's own member portal, in two
    queries: an importer then finds a row's parent by a dict look-up."""
    sites = member_sites_by_body()
    if not sites:
        return {}
    indexes = list(LegalDocumentIndexPage.objects.live().order_by("path"))
    found: dict[int, LegalDocumentIndexPage] = {}
    for body_id, site in sites.items():
        root = site.root_page
        index = next((i for i in indexes if i.path.startswith(root.path)), None)
        if index is not None:
            found[body_id] = index
    return found


def canonical_site(body_id: int | None) -> Site | None:
    """The site a document of this body lives on."""
    if body_id is not None:
        site = member_sites_by_body().get(body_id)
        if site is not None:
            return site
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def under_member_sites(member_roots: list[str]) -> Q:
    """Pages under the root of any member portal (`member_roots`: their tree
    paths, from `site_root_paths`), as one condition whatever the number of
    portals: the start of a page's path, as long as a root's, is one of the
    roots' paths, read by a subquery. One IN per depth of root: member
    portals' homes are children of the tree's root (`create_member_site`), so
    one. The SQL stays the same size with 2 portals or 500 (an OR of one
    prefix per portal grew with them and slowed the planner); each document
    row costs one hashed look-up."""
    conditions = Q(pk__in=[])
    for length in sorted({len(path) for path in member_roots}):
        roots = Site.objects.filter(
            is_default_site=False, root_page__depth=length // Page.steplen
        ).values("root_page__path")
        conditions |= Q(In(Substr("path", 1, length), roots))
    return conditions


def site_root_paths() -> tuple[str | None, list[str]]:
    """The tree paths of the province's home page and of the member portals'."""
    province, members = None, []
    # Unordered: the sites' default order (by name) is a costly expression here.
    for path, is_default in Site.objects.order_by().values_list(
        "root_page__path", "is_default_site"
    ):
        if is_default:
            province = path
        else:
            members.append(path)
    return province, members
