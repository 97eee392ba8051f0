"""Routing a page URL in a fixed number of queries, whatever its depth.

Wagtail routes ``/tin-tuc/thong-bao/bai-viet/`` by asking each page for its child:
a query for the child and one for its specific fields per level, then two more for
the view restrictions (the ancestors' alias ids, then the restrictions). On an
article three levels deep that is 8 of the page's 10 queries, and each one costs
more CPU in the ORM than in PostgreSQL (the page table has some 30 columns).

`PrefetchedRoutingMixin` on the site root (the home page) routes instead with:

* one query for every page the URL can pass through (each path component's slug at
  its depth, below the site root);
* a descent in memory, from page to child, with specific instances whose own fields
  are deferred (`get_specific(deferred=True)`, no query), applying the same rules as
  Wagtail (`Page.route`, and `RoutablePageMixin.route` for routable pages: its own
  sub-URLs first). A page class with a ``route()`` of its own gets the rest of the
  path and routes it as it always did;
* one query for the fields of the page that answers.

Both are cached by content version (`portal.core.caching`): the pages on a path once
the path led to a page (made-up URLs fill no cache), the fields per page. A URL
visited before in this content version is routed without a query.

The pages the URL went through stay on the routed page, so that
`RoutedViewRestrictionsMixin.get_view_restrictions` knows whether an ancestor is an
alias, and `routed_parent` gives the page's parent, without a query; the tree paths
of the pages that carry view restrictions are cached by content version
(`portal.core.caching`: saving or deleting a restriction, or
moving a page, changes the version), so a page without restrictions costs none.

`CachedSiteMiddleware` keeps the request's Wagtail `Site`, with its root page, in the
same version-keyed cache, so a request no longer starts with a site query.

Only public Wagtail API is used, but for the one memo Wagtail offers no setter for
(the request's site, see `CachedSiteMiddleware`). Measured (docs/performance.md,
"Routing, per-process fragments and gunicorn settings"): routing and the view
restriction check were half of an uncached article's time under cProfile (9 of its
10 queries); tests/portal/core/test_routing.py pins 2 queries cold and none warm.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from . import caching as content_cache

#: Deeper URLs (none in a portal's tree) are routed by Wagtail, level by level: this
#: bounds the size of the one query a URL costs.
MAX_PREFETCHED_LEVELS = 12

#: Where the routed page keeps the pages its URL went through (the site root first)
#: and the request.
ROUTE_ATTR = "_portal_route"


def pages_on_path(root: Page, path_components: list[str]) -> dict:
    """The pages below ``root`` that ``path_components`` can lead through, by
    (parent path, slug): one query."""
    candidates = Q()
    for offset, slug in enumerate(path_components, start=1):
        candidates |= Q(depth=root.depth + offset, slug=slug)
    pages = Page.objects.filter(candidates, path__startswith=root.path)
    return {(page.path[: -page.steplen], page.slug): page for page in pages}


def _routing_kind(page) -> str:
    """How a page routes the rest of a path: as `Page.route` does ("page"), as
    `RoutablePageMixin.route` does ("routable"), or its own way ("own")."""
    route = type(page).route
    if route in (Page.route, PrefetchedRoutingMixin.route):
        return "page"
    if route is RoutablePageMixin.route:
        return "routable"
    return "own"


#: `Page` fields a publish may change without changing the tree (its title, address
#: and place are `STRUCTURAL_FIELDS`): read with the routed page's own fields, so
#: that the cached pages on a path depend on the tree alone.
CONTENT_PAGE_FIELDS = tuple(
    field.attname
    for field in Page._meta.concrete_fields
    if field.name not in content_cache.invalidation.STRUCTURAL_FIELDS
    and field.attname not in content_cache.invalidation.STRUCTURAL_FIELDS
    and field.name not in ("id", "depth", "numchild", "page_ptr")
)


def _load_fields(page, request=None) -> None:
    """Give a `specific_deferred` page the values of its own fields, and of the
    `Page` fields a publish may change: one query, or none when they are cached
    for the page's content. Fields its class names in ``routing_deferred_fields``
    (never shown, possibly large) stay deferred, and load if something reads them."""
    left_deferred = set(getattr(page, "routing_deferred_fields", ()))
    deferred = sorted(page.get_deferred_fields() - left_deferred)
    model = type(page)
    names = [*deferred, *CONTENT_PAGE_FIELDS]

    def read():
        try:
            return model._base_manager.filter(pk=page.pk).values(*names).get()
        except model.DoesNotExist as error:  # deleted a moment ago
            raise Http404 from error

    values = content_cache.cached_value(
        f"page_fields:{model._meta.label_lower}",
        read,
        request=request,
        vary=(page.pk,),
        depends=(content_cache.page_tag(page.pk),),
    )
    for name in names:
        setattr(page, name, values[name])


class PrefetchedRoutingMixin:
    """For the site root page: route any URL below it in two queries at most, none
    once this content version has served it (see above)."""

    @property
    def localized(self):
        """Wagtail routes from ``site.root_page.localized``: the root's translation
        in the active language, read from the cache (`portal.core.locales`)."""
        from .locales import translated_root

        return translated_root(self)

    def route(self, request, path_components):
        if len(path_components) > MAX_PREFETCHED_LEVELS:
            return super().route(request, path_components)
        found, entry = {}, None
        if path_components:
            # Kept only once the URL led to a page: made-up URLs fill no cache.
            # The pages on a path change with the tree (a version): the routed
            # page's content is read by `_load_fields`.
            entry = content_cache.VersionedEntry(
                "route",
                request=request,
                vary=(self.pk, *path_components),
                depends=content_cache.STRUCTURE,
            )
            found = entry.get()
            if found is None:
                found = pages_on_path(self, path_components)
            else:
                entry = None
        chain = []
        page, remaining = self, list(path_components)
        while True:
            chain.append(page)
            kind = _routing_kind(page)
            if kind == "routable" and page.live:
                # As RoutablePageMixin.route: the page's own sub-URLs come first.
                try:
                    match = page.resolve_subpage(
                        "/" + "".join(f"{part}/" for part in remaining)
                    )
                except Http404:
                    pass
                else:
                    request.routable_resolver_match = match
                    result = RouteResult(
                        page, args=(match.func, match.args, match.kwargs)
                    )
                    break
            elif kind == "own":
                _load_fields(page, request)
                result = page.route(request, remaining)
                break
            # As Page.route: this very page, or its child named by the next slug.
            if not remaining:
                if not page.live:
                    raise Http404
                result = RouteResult(page)
                break
            child = found.get((page.path, remaining[0]))
            if child is None:
                raise Http404
            # Not .specific_deferred, which the cached copy of `found` would keep.
            child = child.get_specific(deferred=True)
            page, remaining = child, remaining[1:]
        _load_fields(result.page, request)
        if result.page is page:
            setattr(page, ROUTE_ATTR, (chain, request))
        if entry is not None:
            entry.set(found)
        return result


def routed_parent(page):
    """The page's parent: the page routing passed through just before it (no
    query), or `get_parent()` for a page not routed by `PrefetchedRoutingMixin`."""
    chain, _request = getattr(page, ROUTE_ATTR, (None, None))
    if chain and len(chain) > 1 and chain[-1] is page:
        return chain[-2]
    return page.get_parent()


def routed_ancestors(page) -> list | None:
    """The page's ancestors from the tree's top-level page down, as routing passed
    through them (no query); None when routing did not bring the page, or brought
    it from a site rooted deeper than the top level (its chain misses the
    ancestors above the root)."""
    chain, _request = getattr(page, ROUTE_ATTR, (None, None))
    if not chain or chain[-1] is not page or chain[0].depth > 3:
        return None
    return chain[:-1]


def restricted_paths(request=None) -> dict[str, int]:
    """Tree paths of the pages that carry a view restriction, with their ids; read
    once per content version (restrictions and page moves change it)."""
    return content_cache.cached_value(
        "view_restricted_paths",
        lambda: dict(PageViewRestriction.objects.values_list("page__path", "page_id")),
        request=request,
        depends=content_cache.STRUCTURE,
    )


def public(queryset, request=None):
    """``queryset.public()`` from the cached restricted paths: no query.

    Wagtail's `PageQuerySet.public()` reads every view restriction (with its page)
    each time a list is built.
    """
    private = Q()
    for path in restricted_paths(request):
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


class RoutedViewRestrictionsMixin:
    """View restrictions of a routed page without asking for its ancestors.

    Wagtail checks every page it serves with `get_view_restrictions()`: two queries
    (the ancestors' alias ids, then the restrictions). A page's ancestors are the
    prefixes of its tree path, and `PrefetchedRoutingMixin` has seen whether any of
    them is an alias; when none of them, nor the page, carries a restriction (the
    cached paths say so), no query at all. Aliases, sites rooted deeper than the
    top level and pages not routed that way take Wagtail's way.
    """

    def get_view_restrictions(self):
        chain, request = getattr(self, ROUTE_ATTR, (None, None))
        if not chain or chain[0].depth != 2 or any(page.alias_of_id for page in chain):
            return super().get_view_restrictions()
        restricted = restricted_paths(request)
        page_ids = [
            restricted[prefix]
            for depth in range(1, self.depth + 1)
            if (prefix := self.path[: depth * self.steplen]) in restricted
        ]
        if not page_ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=page_ids)


class CachedSiteMiddleware:
    """Find the request's Wagtail `Site` in the version-keyed cache
    (`portal.core.caching.sites.find_site`).

    Wagtail looks the site up (with its root page) on every request, and memoises it
    on the request; this fills that memo from the cache, with the root page in its
    specific form (its own fields deferred: routing needs none). Sites are content:
    saving one changes the version. Place it after CommonMiddleware, so that only
    allowed hosts reach it.

    The memo is Wagtail's ``request._wagtail_site``, which `Site.find_for_request`
    reads and nothing public sets. What it buys (docs/performance.md, "What the
    Site memo buys"): warm, two queries and about 10 ms per uncached page; cold,
    nothing is lost. tests/portal/core/test_routing.py pins "none for the site".
    Re-measure with `benchmarks/load.py --cold --without-site-cache` before
    removing it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_cache.find_site(request)
        return self.get_response(request)
