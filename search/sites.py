"""Which Wagtail sites a document is on, and which sites a search covers.

A document belongs to every site whose root page is above its page in the tree
(`SearchAdapter.tree_path`): on the portal kit, one site, the province's or a
member portal's. The index stores each site by the id of its root page, which
neither a new hostname nor a re-created Site record changes; visitors and the
API name a site by its Site id or hostname (`resolve`), and the "Cổng" facet
shows Site ids with the sites' names (`facet_values`).

A search of a member site also covers the documents of other sites that it
shows as its own (its chosen province-wide documents): each adapter names them
by facet values (`SearchAdapter.shown_on_site`), which the engines OR with the
site filter (`shared_by`, SearchQuery.shared).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from wagtail.models import Site

from search import registry
from search.engines.base import SharedDocuments

#: The `site` parameter's value that searches every site.
EVERY_SITE = "all"


@dataclass(frozen=True)
class SiteRoot:
    site_id: int
    #: What the index stores for the site (IndexedDocument.sites).
    root_id: str
    #: The root page's tree path: a page whose path starts with it is on the site.
    path: str
    name: str
    hostname: str
    is_default: bool


def several_sites() -> bool:
    """Whether there is more than one site, from Wagtail's cached list of site
    roots (no query once cached): with one, no search needs `site_roots`."""
    return len({root.site_id for root in Site.get_site_root_paths()}) > 1


#: The sites read in the current `roots_read_once` block.
_roots_read: ContextVar[dict[str, list[SiteRoot]] | None] = ContextVar(
    "search_site_roots", default=None
)


@contextmanager
def roots_read_once() -> Iterator[None]:
    """Within it (one request's work: the form's scope, then the "Cổng" facet's
    names), `site_roots` reads the sites once."""
    token = _roots_read.set({})
    try:
        yield
    finally:
        _roots_read.reset(token)


def site_roots() -> list[SiteRoot]:
    """Every site, in one query; the default site first, then by name (once in a
    `roots_read_once` block)."""
    memo = _roots_read.get()
    if memo is not None and "roots" in memo:
        return memo["roots"]
    rows = Site.objects.values_list(
        "pk",
        "root_page_id",
        "root_page__path",
        "site_name",
        "hostname",
        "is_default_site",
    ).order_by("-is_default_site", "site_name", "hostname", "pk")
    roots = [
        SiteRoot(pk, str(root), path, name or hostname, hostname, default)
        for pk, root, path, name, hostname, default in rows
    ]
    if memo is not None:
        memo["roots"] = roots
    return roots


def sites_of_path(path: str, roots: Sequence[SiteRoot]) -> tuple[str, ...]:
    """The root ids of the sites a page at tree path `path` is on (several
    when one site's root is inside another's tree; each root once)."""
    if not path:
        return ()
    return tuple(dict.fromkeys(r.root_id for r in roots if path.startswith(r.path)))


def resolve(value: str, roots: Sequence[SiteRoot]) -> SiteRoot | None:
    """The site a visitor or the API names: its Site id or its hostname."""
    value = value.strip().lower()
    for root in roots:
        if value == str(root.site_id) or value == root.hostname.lower():
            return root
    return None


def scope(
    values: Iterable[str], current: Site | None, roots: Sequence[SiteRoot]
) -> tuple[tuple[str, ...], list[str]]:
    """The root ids a search covers, and the values naming no site.

    No value: the current site when it is a member site (not the default),
    else every site. EVERY_SITE: every site. Otherwise the sites named."""
    given = [v for v in values if v]
    values = [v for v in given if v != EVERY_SITE]
    if not values:
        everything = EVERY_SITE in given or not current or current.is_default_site
        if everything or len(roots) < 2:
            return (), []
        return (str(current.root_page_id),), []
    found, unknown = [], []
    for value in values:
        root = resolve(value, roots)
        if root is None:
            unknown.append(value)
        else:
            found.append(root.root_id)
    return tuple(dict.fromkeys(found)), unknown


def facet_values(
    root_ids: Iterable[str], roots: Sequence[SiteRoot]
) -> dict[str, tuple[str, str]]:
    """Root id -> (Site id, site name) for the "Cổng" facet: the first Site of
    a root (the default site first) when several share one."""
    found: dict[str, tuple[str, str]] = {}
    wanted = set(root_ids)
    for root in roots:
        if root.root_id in wanted and root.root_id not in found:
            found[root.root_id] = (str(root.site_id), root.name)
    return found


def shared_by(
    root_ids: Iterable[str], roots: Sequence[SiteRoot]
) -> tuple[SharedDocuments, ...]:
    """What the member sites among `root_ids` show from other sites, per kind,
    as the adapters say (`SearchAdapter.shown_on_site`): the search of those
    sites covers it too. The province's site shows nothing more: a search of
    every site is not restricted, and one of the province's site is of its own
    documents. One kind's choices of several sites are merged (OR-ed)."""
    wanted = set(root_ids)
    paths = list(
        dict.fromkeys(r.path for r in roots if r.root_id in wanted and not r.is_default)
    )
    chosen: dict[str, dict[str, set[str]]] = {}
    for path in paths:
        for adapter in registry.adapters():
            for name, values in adapter.shown_on_site(path).items():
                if values:
                    facets = chosen.setdefault(adapter.kind.name, {})
                    facets.setdefault(name, set()).update(values)
    return tuple(
        SharedDocuments(kind, {name: tuple(sorted(v)) for name, v in facets.items()})
        for kind, facets in chosen.items()
    )


def searched_from(current: Site | None) -> tuple[tuple[str, ...], tuple]:
    """The root ids and shared documents a search from `current` covers when it
    names no site (see `scope`): reads the sites only when there are several."""
    if current is None or current.is_default_site or not several_sites():
        return (), ()
    roots = site_roots()
    root_ids, _unknown = scope([], current, roots)
    return root_ids, shared_by(root_ids, roots) if root_ids else ()
