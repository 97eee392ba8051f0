"""What pages, the API and other apps call to search: one engine-neutral service.

    from search.service import SearchQuery, search
    results = search(SearchQuery(q="146 kh ubnd", kind="report", facets=["topic"]))

When the configured engine fails, the "fallback" engine (the database engine in
the default settings) answers, `results.degraded` is True and the failure is logged;
when every word cannot match, the words are OR-ed and `results.relaxed` is True.
Before that, the engine itself matches a misspelt word by the indexed words one
letter away from it (search.typos) and sets `results.corrected`.
"""

from __future__ import annotations

import dataclasses
import logging
import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from search import addresses, registry, sites
from search.engines import aliases, get_engine
from search.engines.base import (
    KIND_FACET,
    SITE_FACET,
    SORTS,
    EngineUnavailable,
    FacetCount,
    SearchEngineError,
    SearchHit,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.query import parse_query

__all__ = [
    "KIND_FACET",
    "SITE_FACET",
    "SORTS",
    "FacetCount",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "Suggestion",
    "facet_names",
    "facet_titles",
    "ranked_object_ids",
    "search",
    "suggest",
]

logger = logging.getLogger(__name__)

#: After a connection failure the primary engine is skipped for this many seconds,
#: so that visitors do not each wait for its timeout. Every process of the site
#: learns it through the default cache (Redis in production): one worker that met
#: a hung engine spares the others the wait.
RETRY_PRIMARY_AFTER = 30.0
_primary_down_until: dict[str, float] = {}


def _down_key(alias: str) -> str:
    return f"search:engine-down:{alias}"


def primary_is_resting(alias: str = "default") -> bool:
    now = time.time()
    if _primary_down_until.get(alias, 0.0) > now:
        return True
    try:
        until = cache.get(_down_key(alias))
    except Exception:  # noqa: BLE001 - a cache outage must not stop search
        logger.warning("Cache unreachable: the engine's state is this process's")
        return False
    if until and until > now:
        _primary_down_until[alias] = until
        return True
    return False


def mark_down(alias: str) -> None:
    until = time.time() + RETRY_PRIMARY_AFTER
    _primary_down_until[alias] = until
    try:
        cache.set(_down_key(alias), until, timeout=int(RETRY_PRIMARY_AFTER) + 1)
    except Exception:  # noqa: BLE001
        logger.warning("Cache unreachable: other processes will find out themselves")


def reset_health_memo() -> None:
    for alias in list(_primary_down_until) + ["default"]:
        try:
            cache.delete(_down_key(alias))
        except Exception:  # noqa: BLE001
            logger.warning("Cache unreachable: could not forget the engine's state")
    _primary_down_until.clear()


def _fallback_alias() -> str | None:
    return "fallback" if "fallback" in aliases() else None


def facet_names(kind: str = "") -> list[str]:
    """The facets offered for `kind` (all kinds: the kind tabs only)."""
    return [KIND_FACET, *(registry.facets(kind) if kind else ())]


def facet_titles(kind: str = "") -> dict[str, str]:
    return {
        KIND_FACET: _("Content type"),
        SITE_FACET: _("Portal"),
        **(registry.facets(kind) if kind else {}),
    }


def all_facet_names() -> set[str]:
    return registry.facet_names()


def _call(method: str, *args, **kwargs):
    """Call the primary engine, or the fallback when it fails; (result, alias,
    degraded). Raises SearchEngineError when no engine could answer."""
    fallback = _fallback_alias()
    if not (fallback and primary_is_resting()):
        try:
            result = getattr(get_engine("default"), method)(*args, **kwargs)
        except EngineUnavailable:
            logger.exception("Search engine 'default' is unreachable")
            mark_down("default")
            if not fallback:
                raise
        except SearchEngineError:
            logger.exception("Search engine 'default' failed")
            if not fallback:
                raise
        else:
            return result, "default", False
    return getattr(get_engine(fallback), method)(*args, **kwargs), fallback, True


def search(
    query: SearchQuery, *, relax: bool = True, labels: bool = True
) -> SearchResults:
    parsed = parse_query(query.q)
    if parsed.is_empty and query.q.strip():
        # Only symbols or emoji ("*", "😀"): no word to look for. The engines
        # would match everything, under a heading claiming it matched "*".
        return SearchResults(count=0, results=[], engine="default", query=query)
    try:
        results, alias, degraded = _call("search", query)
    except SearchEngineError:
        # No fallback configured: an empty answer with a notice, never a 500.
        return SearchResults(
            count=0, results=[], engine="default", degraded=True, query=query
        )
    results.engine = alias
    results.degraded = degraded
    results.results = _with_resolved_urls(results.results)
    # Relax only when no kind has a document with every word: otherwise the tabs
    # (counted with every word) would promise 0 where the tab then shows some.
    matched_anywhere = (
        sum(f.count for f in results.facets.get(KIND_FACET, []))
        if KIND_FACET in query.facets
        else results.count
    )
    if (
        relax
        and matched_anywhere == 0
        and query.operator == "and"
        and len(parsed.all_terms) > 1
    ):
        relaxed = search(
            dataclasses.replace(query, operator="or"), relax=False, labels=labels
        )
        if relaxed.count:
            relaxed.relaxed = True
            relaxed.degraded = relaxed.degraded or degraded
            return relaxed
    if labels:
        _label_facets(results, query.kind)
    return results


def _with_resolved_urls(items: list) -> list:
    """Hits or suggestions with the page addresses stored with their site turned
    into URLs, as the sites' hostnames are now (`search.addresses`)."""
    if not any(item.url.startswith(addresses.PREFIX) for item in items):
        return items
    roots = addresses.root_urls()
    return [
        dataclasses.replace(item, url=addresses.resolve(item.url, roots))
        for item in items
    ]


def _label_facets(results: SearchResults, kind: str) -> None:
    for name, values in results.facets.items():
        if name == SITE_FACET:
            results.facets[name] = _site_facet(values)
            continue
        if name == KIND_FACET:
            names = {k.name: k.label for k in registry.kinds()}
        elif kind:
            names = registry.facet_labels(kind, name, [v.value for v in values])
        else:
            names = {}
        results.facets[name] = [
            dataclasses.replace(v, label=str(names.get(v.value, v.value)))
            for v in values
        ]


def _site_facet(values: list[FacetCount]) -> list[FacetCount]:
    """The engine counts root page ids: shown as the Site ids a search is
    asked with (search.sites.resolve) and the sites' names. A root no site
    has any more is left out: no search can ask for it."""
    found = sites.facet_values((v.value for v in values), sites.site_roots())
    return [
        dataclasses.replace(v, value=found[v.value][0], label=found[v.value][1])
        for v in values
        if v.value in found
    ]


#: Most matches a list page takes from the engine for one text query.
MAX_RANKED_IDS = 1000


def ranked_object_ids(
    q: str, kind: str, limit: int = MAX_RANKED_IDS, site=None, keys=()
) -> list[str] | None:
    """Primary keys of the `kind` objects matching `q`, best first (a document
    number in any spelling first), for list pages that keep their own filters,
    facets and pagination and only need the text match and its order.

    At most `limit` ids: beyond that a list page shows the best matches only.
    `site`: the Wagtail site the list is on; a member site's list ranks what
    that site shows (search.sites.searched_from), not the whole province's.
    `keys`: only these documents are asked about (SearchQuery.keys).
    None when no engine could answer: the caller falls back to its own matching.
    """
    on_sites, shared = sites.searched_from(site)
    query = SearchQuery(
        q,
        kind,
        page_size=limit,
        highlight=False,
        sites=on_sites,
        shared=shared,
        keys=tuple(keys),
    )
    try:
        results, _alias, _degraded = _call("search", query)
    except SearchEngineError:
        return None
    prefix = f"{kind}:"
    return [
        hit.key.removeprefix(prefix)
        for hit in results.results
        if hit.key.startswith(prefix)
    ]


def suggest(prefix: str, kind: str = "", limit: int = 8) -> list[Suggestion]:
    try:
        suggestions, _alias, _degraded = _call("suggest", prefix, kind, limit)
    except SearchEngineError:
        return []
    return _with_resolved_urls(suggestions)
