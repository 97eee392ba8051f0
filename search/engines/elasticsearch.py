"""The scale-out engine: Elasticsearch 8 or 9, or OpenSearch 2, through the official
8.19 client (OpenSearch through the nodes of search/engines/transport.py).

One index per kind, named `<prefix>-<kind>-<version>` behind the alias
`<prefix>-<kind>`; rebuilds fill fresh versions and swap every alias in one atomic
request. Writes go through `helpers.bulk`; every request has a timeout and is
retried on connection errors and timeouts. Mappings and analyzers live in
search/documents.py; the query bodies are built by pure functions below so that
they can be unit-tested.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import time
from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from elasticsearch import (
    ApiError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
    TransportError,
    helpers,
)
from elasticsearch import (
    ConnectionError as ESConnectionError,
)

from search import ranking, typos
from search.abbreviations import ABBREVIATIONS
from search.documents import (
    ALL_TEXT,
    ALL_TEXT_VERSION,
    MAPPING_VERSION,
    SITES,
    SITES_VERSION,
    build_index,
    document_source,
)
from search.engines.base import (
    KIND_FACET,
    SITE_FACET,
    EngineHealth,
    EngineUnavailable,
    FacetCount,
    Progress,
    SearchEngine,
    SearchEngineError,
    SearchHit,
    SearchQuery,
    SearchResults,
    SharedDocuments,
    Suggestion,
)
from search.engines.transport import node_class_for
from search.query import ParsedQuery, parse_query
from search.registry import IndexedDocument, kind_names
from search.text import compose, fold

#: A query's words are matched and scored on ALL_TEXT (every searchable word,
#: folded, in one field); these fields add to the score of the matches: exact
#: diacritics above folded, the title above the rest. Scoring each field for every
#: match, as indices of mapping version 1 must, cost the node's p95 50 ms against
#: 36 ms on the benchmark's request bodies (see search/README.md).
TITLE_FIELDS = ["title^4", "title.folded^3"]
#: The fields a version 1 index is searched on (no ALL_TEXT): exact diacritics
#: above folded, the number above all text, the body folded only.
TEXT_FIELDS = [
    "title^4",
    "title.folded^3",
    "summary^2",
    "summary.folded^1.5",
    "text.folded",
    "number.text^6",
    "related_numbers^0.3",
]
logger = logging.getLogger(__name__)

HIGHLIGHT_FIELDS = ["title.folded", "summary.folded", "text.folded"]
FACET_SIZE = 500
BULK_CHUNK = 500
#: Bulk requests under way at once during a rebuild.
BULK_THREADS = 2
#: Index settings while a rebuild fills an index, back to the defaults after.
LOADING = {"refresh_interval": "-1", "translog.durability": "async"}
# simple_query_string operators a citizen does not mean to type.
_OPERATORS = re.compile(r"[+|\-*()~\\<>=!{}\[\]^:/?&]")
_WORD = re.compile(r"[^\W_]+")


def query_string(raw: str) -> str:
    """The user's words for simple_query_string: diacritics kept (exact matches
    rank higher), operators dropped, quotes kept only when balanced."""
    text = _OPERATORS.sub(" ", compose(raw))
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return " ".join(text.split())


#: How long a process trusts what it learnt of the indices' mapping versions: a
#: rebuild by another process is searched the new way this much later at most.
MAPPING_MEMO_SECONDS = 60


def mapping_version(index_info: dict[str, Any]) -> int:
    """The mapping version of an index, as GET _mapping describes it."""
    mappings = index_info.get("mappings") if isinstance(index_info, dict) else None
    meta = (mappings or {}).get("_meta") or {}
    return meta.get("portal_mapping", 1)


def has_current_mapping(index_info: dict[str, Any]) -> bool:
    """Whether an index (as GET _mapping describes it) has MAPPING_VERSION's fields."""
    return mapping_version(index_info) >= MAPPING_VERSION


def expanded_query_string(parsed: ParsedQuery) -> str:
    """query_string of the query, each abbreviation of the trade also matched
    by its words: "CCHC 2020" -> '(CCHC | "cải cách hành chính") 2020', and
    each misspelt word by its corrections: "quy hoahc" -> "quy (hoahc |
    hoach)". Inside quotes the user's phrase is kept as typed."""
    text = query_string(parsed.raw)
    if not (parsed.expansions or parsed.corrections) or '"' in text:
        return text

    def expand(match: re.Match) -> str:
        word = match.group(0)
        meaning = ABBREVIATIONS.get(fold(word)) or " ".join(
            parsed.expansion(fold(word))
        )
        if corrections := parsed.correction(fold(word)):
            return "(" + " | ".join([word, *corrections]) + ")"
        return f'({word} | "{meaning}")' if meaning else word

    return _WORD.sub(expand, text)


#: Fields whose words side by side, as in the query, add to the score (two
#: short fields: their positions are read for the matches of several words).
PHRASE_FIELDS = ["title.folded^2", "summary.folded"]
#: How many other words may stand between the query's neighbouring words.
PHRASE_SLOP = 1


#: The field whose words a misspelt word is compared with, by mapping version.
TYPO_FIELDS = {True: ALL_TEXT, False: "text.folded"}


def typo_suggest_body(parsed: ParsedQuery, current_mapping: bool = True) -> dict:
    """The request asking which of the query's words the index does not hold,
    and the indexed words one edit away from each (a term suggester in
    `missing` mode), or {} when no word may be a typo (search.typos): asked
    only when the words as typed found nothing."""
    if parsed.number:
        return {}
    candidates = [
        term
        for term in parsed.terms
        if typos.may_be_typo(term) and not parsed.expansion(term)
    ]
    if not candidates:
        return {}
    return {
        "size": 0,
        "track_total_hits": False,
        "suggest": {
            "typos": {
                "text": " ".join(candidates),
                "term": {
                    "field": TYPO_FIELDS[current_mapping],
                    "suggest_mode": "missing",
                    "max_edits": 1,
                    "prefix_length": 0,
                    "min_word_length": typos.MEANT_LENGTH - 1,
                    "size": typos.MAX_CORRECTIONS,
                },
            }
        },
    }


def corrected_from(parsed: ParsedQuery, response: dict[str, Any]) -> ParsedQuery | None:
    """`parsed` with the corrections a typo_suggest_body request found (words of
    at least typos.MEANT_LENGTH letters, as on the database engine), or None."""
    entries = (response.get("suggest") or {}).get("typos") or []
    # The suggester offers words only for the query's words the index lacks,
    # and only indexed words: the words search.typos asks the index about.
    offered = {
        option.get("text", "")
        for entry in entries
        for option in entry.get("options", [])
    }
    return typos.corrected(parsed, lambda words: set(words) & offered)


def closeness_clause(parsed: ParsedQuery) -> dict[str, Any] | None:
    """The query's words side by side in the title or summary (search.closeness):
    "quy hoạch" scores above "Kế hoạch … quy định". None for one word, a number
    or quoted phrases (already matched side by side).

    It rescores the title window only (closeness_rescore): as a clause of the
    query it read the positions of every match, tens of thousands for common
    words, and made the node's searches a third slower."""
    if parsed.number or parsed.phrases or not ranking.compares_titles(parsed):
        return None
    return {
        "multi_match": {
            "query": " ".join(parsed.terms),
            "type": "phrase",
            "fields": PHRASE_FIELDS,
            "slop": PHRASE_SLOP,
        }
    }


def closeness_rescore(parsed: ParsedQuery, window: int) -> dict[str, Any] | None:
    """The rescore of a title window by closeness_clause: its score added to
    the best `window` hits' own, the rest left as ranked (so the pages past the
    window follow on from it). None when there is nothing to rescore."""
    clause = closeness_clause(parsed) if window else None
    if clause is None:
        return None
    return {"window_size": window, "query": {"rescore_query": clause}}


def text_clause(
    query: SearchQuery, parsed: ParsedQuery, current_mapping: bool = True
) -> dict[str, Any]:
    """The scoring part: every word (or any, with operator "or") in the document,
    the title's words scoring higher. A number query also matches the documents
    whose own number holds every part of it, whatever the words around it; the
    number meant (ranking.number_tier) ranks first, those holding it next.
    `current_mapping` False: for indices without ALL_TEXT."""
    words = expanded_query_string(parsed)
    fields = [ALL_TEXT] if current_mapping else TEXT_FIELDS
    matching: dict[str, Any] = {
        "simple_query_string": {
            "query": words,
            "fields": fields,
            "default_operator": query.operator,
        }
    }
    should: list[dict[str, Any]] = []
    if parsed.number:
        parts = parsed.number_parts
        holds = {
            "match": {"number.text": {"query": " ".join(parts), "operator": "and"}}
        }
        exact = {"term": {"number_norm": {"value": parsed.number, "boost": 100}}}
        should += [
            exact,
            {
                "constant_score": {
                    "filter": {
                        "bool": {
                            "filter": [
                                {"prefix": {"number_norm": f"{parts[0]}-"}},
                                holds,
                            ]
                        }
                    },
                    "boost": 100,
                }
            },
        ]
        holding = {
            "match": {"number.text": {**holds["match"]["number.text"], "boost": 20}}
        }
        # The exact number matches too: the standard tokenizer keeps a
        # procedure code ("1.004227") one token, which "1004227" never matches.
        matching = {
            "bool": {
                "should": [matching, holding, exact],
                "minimum_should_match": 1,
            }
        }
        if parsed.intent and parsed.intent.relation:
            acting = acting_on_number(parsed)
            matching["bool"]["should"].append(acting)
            should.append(acting)
    if current_mapping:
        should.append(
            {
                "simple_query_string": {
                    "query": words,
                    "fields": TITLE_FIELDS,
                    "default_operator": query.operator,
                }
            }
        )
    return {"bool": {"must": [matching], "should": should}}


def acting_on_number(parsed: ParsedQuery) -> dict[str, Any]:
    """The documents acting, in the relation the query asks for, on a document
    whose number holds every part of the query's, its number in its series
    first ("sửa đổi nghị định 61": the decrees amending 61/2018/NĐ-CP), from
    the relation's facet of normalised numbers (search.intent). They rank
    above the number meant (boost 100)."""
    field = f"facets.{parsed.intent.relation}"
    first, *others = parsed.number_parts
    parts: list[dict[str, Any]] = [{"prefix": {field: f"{first}-"}}]
    for part in others:
        parts.append(
            {
                "bool": {
                    "should": [
                        {"wildcard": {field: f"*-{part}-*"}},
                        {"wildcard": {field: f"*-{part}"}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return {"constant_score": {"filter": {"bool": {"filter": parts}}, "boost": 200}}


def shared_clause(shared: SharedDocuments) -> dict[str, Any] | None:
    """Documents of the shared kind, on some site, holding any chosen value."""
    chosen = [
        {"terms": {f"facets.{name}": list(values)}}
        for name, values in sorted(shared.facets.items())
        if values
    ]
    if not chosen:
        return None
    return {
        "bool": {
            "filter": [{"term": {"kind": shared.kind}}, {"exists": {"field": SITES}}],
            "should": chosen,
            "minimum_should_match": 1,
        }
    }


def sites_clause(query: SearchQuery) -> dict[str, Any]:
    """Documents on the query's sites, or shown there from another site."""
    on_sites = {"terms": {SITES: list(query.sites)}}
    shared = [c for c in map(shared_clause, query.shared) if c is not None]
    if not shared:
        return on_sites
    return {"bool": {"should": [on_sites, *shared], "minimum_should_match": 1}}


def filter_clauses(query: SearchQuery) -> list[dict[str, Any]]:
    clauses: list[dict[str, Any]] = []
    for name, values in sorted(query.filters.items()):
        values = [v for v in values if v]
        if values:
            clauses.append({"terms": {f"facets.{name}": values}})
    if query.sites:
        clauses.append(sites_clause(query))
    if query.keys:
        clauses.append({"terms": {"key": list(query.keys)}})
    if query.date_from or query.date_to:
        bounds = {}
        if query.date_from:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to:
            bounds["lte"] = query.date_to.isoformat()
        clauses.append({"range": {"date": bounds}})
    return clauses


def sort_clause(query: SearchQuery, has_text: bool) -> list[Any]:
    newest = [{"date": {"order": "desc", "missing": "_last"}}, {"key": "desc"}]
    if query.sort == "oldest":
        return [{"date": {"order": "asc", "missing": "_last"}}, {"key": "asc"}]
    if query.sort == "newest" or not has_text:
        return newest
    return ["_score", *newest]


def title_window(query: SearchQuery, parsed: ParsedQuery) -> int:
    """How many of the best hits to fetch so that the closest titles among them
    can come first (search.ranking), or 0 to fetch the page alone: only for a
    relevance order of several words or of words typed with diacritics, on the
    pages within the candidates."""
    if (
        query.sort in ("newest", "oldest")
        or not ranking.reorders(parsed)
        or query.offset >= ranking.TITLE_CANDIDATES
    ):
        return 0
    return max(ranking.TITLE_CANDIDATES, query.offset + query.page_size)


def highlight_clause(parsed: ParsedQuery | None = None) -> dict[str, Any]:
    """Highlights of the query's words, and of those naming metadata or a
    relation (search.intent), which the query does not match."""
    if parsed and parsed.intent and parsed.intent.taken:
        typed = f"{query_string(parsed.raw)} {query_string(parsed.intent.taken)}"
        return {
            **highlight_clause(),
            "highlight_query": {
                "simple_query_string": {
                    "query": typed,
                    "fields": ["title.folded", "summary.folded", "text.folded"],
                    "default_operator": "or",
                }
            },
        }
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "require_field_match": False,
        "fields": {
            "title.folded": {"number_of_fragments": 0},
            "summary.folded": {"fragment_size": 240, "number_of_fragments": 1},
            "text.folded": {"fragment_size": 240, "number_of_fragments": 1},
        },
    }


def build_search_body(
    query: SearchQuery,
    window: int = 0,
    current_mapping: bool = True,
    parsed: ParsedQuery | None = None,
) -> dict[str, Any]:
    """The request body for one SearchQuery: its page, or with `window` the
    first `window` hits without highlights (see title_window and
    build_highlight_body). `current_mapping`: see text_clause; `parsed`: the
    query as understood, when not as parse_query reads it (corrected).

    The kind is a post_filter so that the per-kind counts (the tabs) are computed
    over every kind while the hits and the other facets are for the chosen kind.
    """
    parsed = parsed or parse_query(query.q)
    filters = filter_clauses(query)
    kind_filter = {"term": {"kind": query.kind}} if query.kind else None
    body: dict[str, Any] = {
        "from": 0 if window else query.offset,
        "size": window or query.page_size,
        "track_total_hits": True,
        "sort": sort_clause(query, not parsed.is_empty),
        "_source": {"excludes": ["text"]},
    }
    boolean: dict[str, Any] = {"filter": filters}
    if not parsed.is_empty:
        boolean["must"] = [text_clause(query, parsed, current_mapping)]
    facet_aggs = {
        f"facet:{name}": {
            "terms": {
                "field": SITES if name == SITE_FACET else f"facets.{name}",
                "size": FACET_SIZE,
            }
        }
        for name in query.facets
        if name != KIND_FACET
    }
    aggs: dict[str, Any] = {}
    if KIND_FACET in query.facets:
        aggs["kinds"] = {"terms": {"field": "kind", "size": len(kind_names()) + 10}}
        if kind_filter:
            body["post_filter"] = kind_filter
            if facet_aggs:
                aggs["of_kind"] = {"filter": kind_filter, "aggs": facet_aggs}
        else:
            aggs.update(facet_aggs)
    else:
        if kind_filter:
            boolean["filter"] = [*filters, kind_filter]
        aggs.update(facet_aggs)
    body["query"] = {"bool": boolean}
    if aggs:
        body["aggs"] = aggs
    if query.highlight and not parsed.is_empty and not window:
        body["highlight"] = highlight_clause(parsed)
    if rescore := closeness_rescore(parsed, window):
        # A rescored search is ordered by score alone (the node refuses other
        # sort keys beside a rescore); in_sort_order breaks its ties as
        # sort_clause would.
        del body["sort"]
        body["rescore"] = rescore
    return body


def in_sort_order(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hits ordered as sort_clause orders a relevance search: by score, then
    newest first, then by key (a rescored window comes back in score order
    alone, equal scores in the index's order)."""
    hits = sorted(hits, key=lambda hit: hit["_source"].get("key") or "", reverse=True)
    # Reversed, a missing date ("") sorts last.
    hits = sorted(hits, key=lambda hit: hit["_source"].get("date") or "", reverse=True)
    return sorted(hits, key=lambda hit: hit.get("_score") or 0.0, reverse=True)


def build_highlight_body(
    query: SearchQuery,
    ids: list[str],
    current_mapping: bool = True,
    parsed: ParsedQuery | None = None,
) -> dict[str, Any]:
    """Highlights for the hits of one page, chosen from a title window: the
    same words, only those documents."""
    parsed = parsed or parse_query(query.q)
    return {
        "size": len(ids),
        "_source": False,
        "query": {
            "bool": {
                "must": [text_clause(query, parsed, current_mapping)],
                "filter": [{"ids": {"values": ids}}],
            }
        },
        "highlight": highlight_clause(parsed),
    }


def build_suggest_body(prefix: str, kind: str = "", limit: int = 8) -> dict[str, Any]:
    boolean: dict[str, Any] = {
        "must": [
            {
                "multi_match": {
                    "query": compose(prefix),
                    "fields": ["title.suggest", "number.suggest^2"],
                    "operator": "and",
                }
            }
        ]
    }
    if kind:
        boolean["filter"] = [{"term": {"kind": kind}}]
    return {
        "size": limit,
        "query": {"bool": boolean},
        "sort": ["_score", {"date": {"order": "desc", "missing": "_last"}}],
        "_source": ["title", "url", "kind", "number"],
    }


def _escaped(text: str) -> str:
    return escape(text)


def _search_kwargs(body: dict[str, Any]) -> dict[str, Any]:
    """The body as keyword arguments of Elasticsearch.search (no deprecated body=)."""
    kwargs = dict(body)
    if "from" in kwargs:
        kwargs["from_"] = kwargs.pop("from")
    return kwargs


class ElasticsearchSearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, alias="default", params=None):
        super().__init__(alias, params)
        urls = self.params.get("URLS") or ["http://localhost:9200"]
        self.prefix = self.params.get("INDEX", "portal")
        #: A visitor's search: short, never retried. A node that does not answer
        #: in time costs a visitor this long before the fallback answers.
        self.timeout = float(self.params.get("TIMEOUT", 0.75))
        #: Writes and index management: long, retried (they run in workers and
        #: commands, and 500 documents with their texts take a while).
        self.bulk_timeout = float(self.params.get("BULK_TIMEOUT", 60))
        options = {
            "request_timeout": self.bulk_timeout,
            "max_retries": int(self.params.get("RETRIES", 2)),
            "retry_on_timeout": True,
            "node_class": node_class_for(self.params.get("DISTRIBUTION", "auto")),
            **self.params.get("OPTIONS", {}),
        }
        self.client = Elasticsearch(urls, **options)
        self.refresh_on_write = self.params.get("REFRESH", False)
        # The engine's default refresh interval: writes show in searches within it.
        self.visible_after = 0.0 if self.refresh_on_write else 1.0
        #: Aliases known to exist, so that writes do not ask every time.
        self._known_aliases: set[str] = set()
        #: Searched aliases -> (whether all their indices have MAPPING_VERSION,
        #: until when that is trusted).
        self._mapping_memo: dict[tuple[str, ...], tuple[int, float]] = {}

    @property
    def search_client(self) -> Elasticsearch:
        # Made once per client: options() builds a new client object (about
        # 0.4 ms), and a search makes one or two requests.
        made = getattr(self, "_search_client", None)
        if made is None or made[0] is not self.client:
            made = self._search_client = (
                self.client,
                self.client.options(
                    request_timeout=self.timeout,
                    max_retries=0,
                    retry_on_timeout=False,
                ),
            )
        return made[1]

    def _answers(self) -> bool:
        """Whether the cluster answers at all, asked in a quarter of a second:
        a search that timed out on a node that answers met a busy cluster, not a
        hung one, and must not send every visitor to the fallback."""
        return self.client.options(
            request_timeout=min(0.25, self.timeout), max_retries=0
        ).ping()

    # Names ----------------------------------------------------------------

    def alias_for(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def _aliases(self) -> list[str]:
        """The aliases of every registered kind, whether indexed yet or not."""
        return [self.alias_for(kind) for kind in kind_names()]

    def _new_index_name(self, kind: str) -> str:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias_for(kind)}-{stamp}"

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (ESConnectionError, ConnectionTimeout) as error:
            raise EngineUnavailable(str(error)) from error
        except (ApiError, TransportError, helpers.BulkIndexError) as error:
            raise SearchEngineError(str(error)) from error

    def _create_index(self, kind: str, **settings: Any) -> str:
        name = self._new_index_name(kind)
        build_index(
            name,
            shards=int(self.params.get("SHARDS", 1)),
            replicas=int(self.params.get("REPLICAS", 0)),
            **settings,
        ).create(
            # Not retried: a creation that timed out may still have succeeded,
            # and a second one would fail with "already exists".
            using=self.client.options(retry_on_timeout=False)
        )
        return name

    def ensure_indices(self, kinds: Iterable[str]) -> None:
        """Create the versioned index and its alias for kinds that have none."""
        for kind in dict.fromkeys(kinds):
            alias = self.alias_for(kind)
            if alias in self._known_aliases:
                continue
            if not self._call(self.client.indices.exists_alias, name=alias):
                name = self._call(self._create_index, kind)
                self._call(self.client.indices.put_alias, index=name, name=alias)
                self._mapping_memo.clear()
            self._known_aliases.add(alias)

    # Writing --------------------------------------------------------------

    def _actions(self, documents: Iterable[IndexedDocument], index_for):
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index_for(document.kind),
                "_id": document.key,
                "_source": document_source(document),
            }

    def index_bulk(self, documents: Iterable[IndexedDocument]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        self.ensure_indices(d.kind for d in documents)
        stored, _errors = self._call(
            helpers.bulk,
            self.client,
            self._actions(documents, self.alias_for),
            chunk_size=BULK_CHUNK,
            refresh=self.refresh_on_write,
        )
        return stored

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        existing = [
            alias
            for alias in self._aliases()
            if self._call(self.client.indices.exists_alias, name=alias)
        ]
        actions = [
            {"_op_type": "delete", "_index": alias, "_id": key}
            for key in keys
            for alias in existing
        ]
        if actions:
            # A key lives in one kind's index: "not found" in the others is fine.
            self._call(
                helpers.bulk,
                self.client,
                actions,
                chunk_size=BULK_CHUNK,
                raise_on_error=False,
                refresh=self.refresh_on_write,
            )

    def rebuild(self, documents, progress: Progress | None = None) -> int:
        """Fill a fresh index per kind, then swap every alias in one request:
        searches answer from the old indices until the swap.

        Nobody searches the new indices while they fill: they are not refreshed
        and their translog is not synced at each request until the load is done
        (what the Elasticsearch and OpenSearch guides advise for bulk loads), and
        two bulk requests are under way at once, so that the cluster indexes one
        while this process prepares the next."""
        new = {
            kind: self._call(self._create_index, kind, **LOADING)
            for kind in kind_names()
        }

        def index_for(kind: str) -> str:
            if kind not in new:
                new[kind] = self._call(self._create_index, kind, **LOADING)
            return new[kind]

        stored = 0
        try:
            for ok, _item in helpers.parallel_bulk(
                self.client,
                self._actions(documents, index_for),
                thread_count=BULK_THREADS,
                queue_size=BULK_THREADS,
                chunk_size=BULK_CHUNK,
            ):
                stored += ok
                if progress and ok:
                    progress(1)
            names = ",".join(new.values())
            self._call(
                self.client.indices.put_settings,
                index=names,
                settings={"index": dict.fromkeys(LOADING)},
            )
            self._call(self.client.indices.refresh, index=names)
            # Written to disk before the swap: with the translog synced only every
            # few seconds during the load, a crash could otherwise lose documents
            # the live alias already promises.
            self._call(self.client.indices.flush, index=names)
        except BaseException as error:
            self._drop_unfinished(list(new.values()))
            if isinstance(error, (ESConnectionError, ConnectionTimeout)):
                raise EngineUnavailable(str(error)) from error
            if isinstance(error, (ApiError, TransportError, helpers.BulkIndexError)):
                raise SearchEngineError(str(error)) from error
            raise
        actions: list[dict[str, Any]] = []
        old: list[str] = []
        for kind, name in new.items():
            alias = self.alias_for(kind)
            try:
                current = list(self.client.indices.get_alias(name=alias))
            except NotFoundError:
                current = []
            old += current
            actions += [{"remove": {"index": i, "alias": alias}} for i in current]
            actions.append({"add": {"index": name, "alias": alias}})
        self._call(self.client.indices.update_aliases, actions=actions)
        for name in old:
            self._call(self.client.indices.delete, index=name)
        self._drop_abandoned(new)
        self._mapping_memo.clear()
        return stored

    def _drop_abandoned(self, live: dict[str, str]) -> None:
        """Delete the indices of earlier rebuilds that could not clean up after
        themselves (the cluster went down mid-way): older than the live index of
        their kind and behind no alias. A rebuild started after this one is
        newer, so it is left alone."""
        for kind, name in live.items():
            alias = self.alias_for(kind)
            found = self._call(
                self.client.indices.get_alias,
                index=f"{alias}-*",
                allow_no_indices=True,
            )
            for index, info in found.items():
                stamp = index.removeprefix(f"{alias}-")
                if stamp.isdigit() and index < name and not info.get("aliases"):
                    self._call(self.client.indices.delete, index=index)

    def _drop_unfinished(self, names: list[str]) -> None:
        """Delete the indices of a rebuild that failed (the aliases still point
        to the old ones); one that cannot be deleted now is only logged."""
        for name in names:
            try:
                self.client.indices.delete(index=name)
            except (ApiError, TransportError) as error:
                logger.warning(
                    "Could not delete the unfinished index %s: %s", name, error
                )

    def clear(self) -> None:
        self._known_aliases.clear()
        self._mapping_memo.clear()
        for alias in self._aliases():
            try:
                indices = list(self.client.indices.get_alias(name=alias))
            except NotFoundError:
                continue
            except (ESConnectionError, ConnectionTimeout) as error:
                raise EngineUnavailable(str(error)) from error
            for name in indices:
                self._call(self.client.indices.delete, index=name)

    def refresh(self) -> None:
        existing = [
            alias
            for alias in self._aliases()
            if self._call(self.client.indices.exists_alias, name=alias)
        ]
        if existing:
            self._call(self.client.indices.refresh, index=",".join(existing))

    # Reading --------------------------------------------------------------

    def searched_aliases(self, kind: str = "") -> list[str]:
        """The aliases a search reads: its kind's alone when it asks for no
        counts per kind, else every kind's (one shard each to open, which a
        node just started again does for the first search)."""
        return [self.alias_for(kind)] if kind else self._aliases()

    def current_mapping(self, kind: str = "") -> bool:
        """Whether every index a search reads has ALL_TEXT. An index built by
        an earlier version is searched on the fields it has until
        `search_rebuild` replaces it."""
        return self.mapping_version(kind) >= ALL_TEXT_VERSION

    def mapping_version(self, kind: str = "") -> int:
        """The oldest mapping version of the indices a search reads; asked
        once a minute per process."""
        aliases = tuple(self.searched_aliases(kind))
        known = self._mapping_memo.get(aliases)
        now = time.monotonic()
        if known and known[1] > now:
            return known[0]
        try:
            mappings = self._call(
                self.search_client.indices.get_mapping,
                index=",".join(aliases),
                ignore_unavailable=True,
                allow_no_indices=True,
            )
        except SearchEngineError as error:
            if isinstance(error, EngineUnavailable):
                raise
            # A cluster that refuses the question can still be searched the way
            # every index allows.
            logger.warning("Could not read the search indices' mapping: %s", error)
            return 1
        version = min(map(mapping_version, mappings.values()), default=MAPPING_VERSION)
        self._mapping_memo[aliases] = (version, now + MAPPING_MEMO_SECONDS)
        return version

    def _search(self, body: dict[str, Any], kind: str = "") -> dict[str, Any]:
        # One request over the kinds' aliases; kinds not indexed yet are skipped.
        try:
            return self._call(
                self.search_client.search,
                index=",".join(self.searched_aliases(kind)),
                ignore_unavailable=True,
                allow_no_indices=True,
                **_search_kwargs(body),
            )
        except EngineUnavailable as error:
            if isinstance(error.__cause__, ConnectionTimeout) and self._answers():
                raise SearchEngineError(
                    f"The search took longer than {self.timeout:g} s: {error}"
                ) from error
            raise

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_query(query.q)
        window = title_window(query, parsed)
        only = "" if KIND_FACET in query.facets else query.kind
        version = self.mapping_version(only)
        current = version >= ALL_TEXT_VERSION
        if query.sites and version < SITES_VERSION:
            # Built before the documents knew their sites: every site's
            # documents, rather than none, until `search_rebuild`.
            logger.warning("Search indices without sites: searching every site")
            query = dataclasses.replace(query, sites=())
        response = self._search(build_search_body(query, window, current), only)
        corrected = None
        if query.operator == "and" and not response["hits"]["total"]["value"]:
            corrected = self._corrected(parsed, current, only)
        if corrected:
            parsed = corrected
            body = build_search_body(query, window, current, parsed)
            response = self._search(body, only)
        raw = response["hits"]["hits"]
        if window:
            raw = self._page_of_window(query, raw, current, parsed)
        hits = [self._hit(hit) for hit in raw]
        aggregations = response.get("aggregations", {})
        facets: dict[str, list[FacetCount]] = {}
        facet_aggs = aggregations.get("of_kind", aggregations)
        for name in query.facets:
            source = aggregations.get("kinds") if name == KIND_FACET else None
            if source is None:
                source = facet_aggs.get(f"facet:{name}", {})
            facets[name] = sorted(
                (
                    FacetCount(value=str(b["key"]), count=b["doc_count"])
                    for b in source.get("buckets", [])
                ),
                key=lambda f: (-f.count, f.value),
            )
        return SearchResults(
            count=response["hits"]["total"]["value"],
            results=hits,
            facets=facets,
            engine=self.alias,
            query=query,
            corrected=bool(corrected and response["hits"]["total"]["value"]),
        )

    def _corrected(
        self, parsed: ParsedQuery, current_mapping: bool, kind: str
    ) -> ParsedQuery | None:
        """The query with its misspelt words corrected (search.typos), asked
        of the index once the words as typed found nothing; None when there is
        nothing to correct. As on the database engine, only the words the index
        does not hold are corrected: a document holding every word as typed is
        never outranked by a correction."""
        body = typo_suggest_body(parsed, current_mapping)
        if not body:
            return None
        return corrected_from(parsed, self._search(body, kind))

    def _page_of_window(
        self,
        query: SearchQuery,
        raw: list[dict[str, Any]],
        current_mapping: bool,
        parsed: ParsedQuery | None = None,
    ) -> list[dict[str, Any]]:
        """The page, cut from the window once the closest titles come first,
        with its highlights fetched for those documents alone."""
        ordered = ranking.closest_titles_first(
            in_sort_order(raw),
            parsed or parse_query(query.q),
            title=lambda hit: hit["_source"].get("title") or "",
            number=lambda hit: hit["_source"].get("number") or "",
            facets=lambda hit: hit["_source"].get("facets") or {},
            summary=lambda hit: hit["_source"].get("summary") or "",
        )
        page = ordered[query.offset : query.offset + query.page_size]
        if query.highlight and page:
            response = self._search(
                build_highlight_body(
                    query, [hit["_id"] for hit in page], current_mapping, parsed
                ),
                query.kind,
            )
            found = {h["_id"]: h.get("highlight", {}) for h in response["hits"]["hits"]}
            page = [{**hit, "highlight": found.get(hit["_id"], {})} for hit in page]
        return page

    @staticmethod
    def _hit(hit: dict[str, Any]) -> SearchHit:
        source = hit["_source"]
        highlight = hit.get("highlight", {})
        snippets = highlight.get("summary.folded") or highlight.get("text.folded")
        summary = source.get("summary") or ""
        if snippets:
            snippet = snippets[0]
        else:
            snippet = _escaped(summary[:240])
        title = source.get("title", "")
        date = source.get("date")
        return SearchHit(
            key=source.get("key", hit["_id"]),
            kind=source.get("kind", ""),
            title=title,
            url=source.get("url", ""),
            number=source.get("number") or "",
            date=datetime.date.fromisoformat(date[:10]) if date else None,
            summary=summary,
            snippet=snippet,
            title_highlighted=(highlight.get("title.folded") or [_escaped(title)])[0],
            facets=source.get("facets") or {},
            extra=source.get("extra") or {},
            score=hit.get("_score") or 0.0,
        )

    def suggest(self, prefix: str, kind: str = "", limit: int = 8) -> list[Suggestion]:
        if not prefix.strip():
            return []
        response = self._search(build_suggest_body(prefix, kind, limit), kind)
        return [
            Suggestion(
                title=h["_source"].get("title", ""),
                url=h["_source"].get("url", ""),
                kind=h["_source"].get("kind", ""),
                number=h["_source"].get("number") or "",
            )
            for h in response["hits"]["hits"]
        ]

    def health(self) -> EngineHealth:
        # Health answers fast, without retries: it runs in checks and monitors.
        client = self.client.options(request_timeout=2.0, max_retries=0)
        try:
            info = client.info()
            counts = {}
            outdated = []
            for kind in kind_names():
                alias = self.alias_for(kind)
                if client.indices.exists_alias(name=alias):
                    counts[kind] = client.count(index=alias)["count"]
                    mappings = client.indices.get_mapping(index=alias)
                    if not all(map(has_current_mapping, mappings.values())):
                        outdated.append(kind)
        except (ESConnectionError, ConnectionTimeout, ApiError, TransportError) as e:
            return EngineHealth(engine=self.name, ok=False, detail=str(e))
        version = info.get("version", {})
        detail = f"{version.get('distribution', 'elasticsearch')} {version.get('number', '?')}"
        if outdated:
            detail += (
                f"; indices built by an earlier version ({', '.join(outdated)}),"
                " searched more slowly or on every site until `search_rebuild`"
                " replaces them"
            )
        return EngineHealth(
            engine=self.name,
            ok=True,
            index=f"{self.prefix}-<kind> aliases",
            counts=counts,
            detail=detail,
        )

    def close(self) -> None:
        self.client.close()


Engine = ElasticsearchSearchEngine
