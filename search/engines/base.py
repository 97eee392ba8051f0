"""The contract every search engine implements, and the data it speaks.

Pages, views and the API only ever see these types; which engine answers is a
setting (PORTAL_SEARCH_BACKENDS), never a branch in their code.
"""

from __future__ import annotations

import abc
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from search.registry import SITE_FACET as SITE_FACET
from search.registry import IndexedDocument

#: Sort orders every engine supports.
SORTS = ("relevance", "newest", "oldest")
#: The facet that counts documents per kind (the tabs of the site-wide search).
KIND_FACET = "type"
#: SITE_FACET (from the registry) counts documents per site
#: (IndexedDocument.sites): ask it in SearchQuery.facets like any other.


class SearchEngineError(Exception):
    """The engine failed to answer or to store documents."""


class EngineUnavailable(SearchEngineError):
    """The engine cannot be reached (connection refused, timeout, cluster down)."""


@dataclass(frozen=True)
class SharedDocuments:
    """Documents of one kind that the searched sites show although they are on
    another site (a member portal's chosen province-wide documents): those on
    some site that hold any of the values of any of the facets."""

    kind: str
    #: Facet name -> slugs; the facets are OR-ed, as are the values of each.
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchQuery:
    """One search, as the page, the API or another app asks for it."""

    q: str = ""
    #: The name of a registered kind (registry.kinds()), or "" for every kind.
    kind: str = ""
    #: Facet name -> accepted slugs; values of one facet are OR-ed, facets AND-ed.
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    #: Facet names to count; KIND_FACET counts documents per kind ignoring `kind`.
    facets: Sequence[str] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    highlight: bool = True
    #: "and": every word must match; "or": any word (the service's second chance).
    operator: str = "and"
    #: Root page ids of the sites to search (IndexedDocument.sites, OR-ed);
    #: empty: every site, and documents on none.
    sites: Sequence[str] = ()
    #: What those sites show from other sites, OR-ed with `sites` (ignored
    #: without them): see search.sites.shared_by.
    shared: Sequence[SharedDocuments] = ()
    #: Only these documents (IndexedDocument.key), e.g. those changed since an
    #: alert: what the search returns of them. Empty: no restriction. Unlike a
    #: filter, it changes nothing else the engine decides from the whole index
    #: (typo corrections).
    keys: Sequence[str] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class SearchHit:
    key: str
    kind: str
    title: str
    url: str
    number: str = ""
    date: datetime.date | None = None
    summary: str = ""
    #: Safe HTML: escaped text with matches wrapped in <mark>.
    snippet: str = ""
    #: Safe HTML title with matches wrapped in <mark>.
    title_highlighted: str = ""
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    score: float = 0.0


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    label: str = ""


@dataclass
class SearchResults:
    count: int
    results: list[SearchHit]
    #: Facet name -> counts, most frequent first.
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    #: Alias of the engine that answered ("default", "fallback").
    engine: str = ""
    #: True when the configured engine failed and another one answered.
    degraded: bool = False
    #: True when no document had every word and these results match some words.
    relaxed: bool = False
    #: True when the words as typed found nothing and these results hold words
    #: one letter away from some of them (search.typos).
    corrected: bool = False
    query: SearchQuery | None = None

    @property
    def num_pages(self) -> int:
        if not self.query or not self.query.page_size:
            return 1
        return max(1, -(-self.count // self.query.page_size))


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    kind: str
    number: str = ""


@dataclass(frozen=True)
class EngineHealth:
    engine: str
    ok: bool
    #: Index or table names the engine uses.
    index: str = ""
    #: Documents per kind.
    counts: Mapping[str, int] = field(default_factory=dict)
    detail: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


Progress = Callable[[int], None]


class SearchEngine(abc.ABC):
    """Stores IndexedDocuments and answers SearchQuerys.

    Engines are built from one entry of PORTAL_SEARCH_BACKENDS: `alias` is its name
    there and `params` the entry (upper-case keys, like Django's CACHES).
    """

    #: Short name shown in the API's "engine" field and in reports.
    name: str = ""
    #: Whether the engine is a service of its own, which can be down while the
    #: site is up: the start-up checks ask its health (search.W001). An engine
    #: in the site's own database answers whenever the site does, and its
    #: health reads tables that `migrate` may not have created yet.
    remote: bool = True
    #: Seconds until searches see what was written (a near-real-time engine's
    #: refresh interval; 0 when a write is searchable once it returns).
    visible_after: float = 0.0

    def __init__(self, alias: str = "default", params: Mapping[str, Any] | None = None):
        self.alias = alias
        self.params = dict(params or {})

    @abc.abstractmethod
    def index_bulk(self, documents: Iterable[IndexedDocument]) -> int:
        """Add or replace documents (by key); returns how many were stored."""

    def index(self, document: IndexedDocument) -> None:
        self.index_bulk([document])

    @abc.abstractmethod
    def delete(self, keys: Iterable[str]) -> None:
        """Remove documents by key; unknown keys are ignored."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Answer one query: hits for the page asked, total count and facet counts."""

    @abc.abstractmethod
    def suggest(self, prefix: str, kind: str = "", limit: int = 8) -> list[Suggestion]:
        """Titles (and numbers) that complete what the user is typing."""

    @abc.abstractmethod
    def rebuild(
        self, documents: Iterable[IndexedDocument], progress: Progress | None = None
    ) -> int:
        """Replace the whole index with `documents`; searches keep answering from
        the old index until the new one is complete."""

    @abc.abstractmethod
    def health(self) -> EngineHealth:
        """Whether the engine answers, and how many documents it holds per kind."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every document (tests and rebuilds)."""

    def refresh(self) -> None:  # noqa: B027 - optional hook
        """Make recent writes visible to searches (near-real-time engines)."""

    def optimize(self) -> None:  # noqa: B027 - optional hook
        """Tidy the index after a bulk load (statistics, merged segments)."""

    def maintain(self) -> None:  # noqa: B027 - optional hook
        """Bring derived structures up to date after writes (search_sync calls
        it after each pass; cheap when nothing is due)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
