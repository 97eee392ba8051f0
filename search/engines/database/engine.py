"""DatabaseSearchEngine: writes through its dialect (search.engines.database.dialects),
matches in the database, and computes filters, tabs, facets and the page over the
per-process columns (search.engines.database.columns)."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable

import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, transaction
from django.db.models import Count

from search import typos
from search.engines.base import (
    KIND_FACET,
    SITE_FACET,
    EngineHealth,
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
from search.engines.database import columns as index_columns
from search.engines.database import swap, terms
from search.engines.database.columns import (
    NO_DATE,
    IndexColumns,
    parse_floats,
    parse_ints,
)
from search.engines.database.dialects import (
    TOUCH,
    Dialect,
    PostgreSQL,
    SQLite,
    touch,
    version_token,
)
from search.engines.database.preparation import CHUNK_SIZE, Chunk, prepared_chunks
from search.engines.database.relevance import RelevanceMixin, page_of
from search.highlight import SNIPPET_LENGTH, highlight_title, snippet
from search.models import FacetValue, IndexEntry
from search.query import ParsedQuery, parse_query, words
from search.registry import IndexedDocument
from search.text import normalise_document_number

#: Most matches the database ranks for one query (PORTAL_SEARCH_BACKENDS' RANK_WINDOW).
RANK_WINDOW = 5_000
#: Most ids and ranks each process keeps of recent matches (MATCH_CACHE; 0: none):
#: 8 MB at most.
MATCH_CACHE = 1_000_000
#: Connections writing a PostgreSQL rebuild at once (REBUILD_WRITERS).
REBUILD_WRITERS = 2
#: Entries a word must be held by for its ids to be kept as a bitmap in every
#: process (FREQUENT_TERMS; 0: none), on PostgreSQL (search.engines.database.terms).
FREQUENT_TERMS = 2_000
EPOCH = datetime.date(1970, 1, 1)


def _ordered(pairs) -> list[FacetCount]:
    """Facet counts, most frequent first."""
    return [
        FacetCount(value=value, count=n)
        for value, n in sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    ]


class DatabaseSearchEngine(RelevanceMixin, SearchEngine):
    name = "database"
    remote = False

    def __init__(self, alias="default", params=None):
        super().__init__(alias, params)
        self.using = self.params.get("DATABASE", "default")
        self.window = int(self.params.get("RANK_WINDOW", RANK_WINDOW))
        self.match_budget = int(self.params.get("MATCH_CACHE", MATCH_CACHE))
        #: The version token of the tables this engine's last rebuild tidied.
        self._tidy_token = ""
        self.writers = max(1, int(self.params.get("REBUILD_WRITERS", REBUILD_WRITERS)))
        self.frequent = int(self.params.get("FREQUENT_TERMS", FREQUENT_TERMS))
        vendor = connections[self.using].vendor
        if vendor == "sqlite":
            self.dialect: Dialect = SQLite()
        elif vendor == "postgresql":
            self.dialect = PostgreSQL()
        else:
            raise ImproperlyConfigured(
                f"The database search engine supports SQLite and PostgreSQL, not {vendor}."
            )

    @property
    def connection(self):
        return connections[self.using]

    # Writing -----------------------------------------------------------------

    def index_bulk(self, documents: Iterable[IndexedDocument]) -> int:
        stored = 0
        try:
            for chunk in prepared_chunks(documents, self.dialect.prepare_ahead):
                with transaction.atomic(using=self.using):
                    stored += self._store_chunk(chunk)
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error
        return stored

    def _store_chunk(self, chunk: Chunk) -> int:
        # Raw SQL: model instances cost more than the indexing itself.
        with self.connection.cursor() as cursor:
            self.dialect.write(cursor, chunk)
        return len(chunk.rows)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        try:
            with transaction.atomic(using=self.using):
                with self.connection.cursor() as cursor:
                    for start in range(0, len(keys), CHUNK_SIZE):
                        self.dialect.delete_keys(
                            cursor, keys[start : start + CHUNK_SIZE]
                        )
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error

    def clear(self) -> None:
        """Empty the index, under a new epoch of the version token: no process
        keeps anything of its columns, as after a flush (ids may come back:
        a rebuild rolled back with its transaction gives its ids out again)."""
        with transaction.atomic(using=self.using):
            FacetValue.objects.using(self.using).all()._raw_delete(self.using)
            with self.connection.cursor() as cursor:
                self.dialect.clear(cursor)
                cursor.execute("DELETE FROM search_state WHERE id = 1")
                touch(cursor)
            IndexEntry.objects.using(self.using).all()._raw_delete(self.using)

    def optimize(self) -> None:
        try:
            with self.connection.cursor() as cursor:
                tidy = False
                if self._tidy_token:
                    # Nothing to tidy if the tables are those a swap just built,
                    # already vacuumed and analyzed, and unchanged since.
                    tidy = version_token(cursor) == self._tidy_token
                if not tidy:
                    self.dialect.optimize(cursor, self.connection.in_atomic_block)
            self.refresh_terms()
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error

    @property
    def keeps_terms(self) -> bool:
        return self.dialect.frequent_terms and self.frequent > 0

    def refresh_terms(self) -> int:
        """Store the bitmaps of the frequent words afresh (terms.py); returns
        how many words have one."""
        if not self.keeps_terms:
            return 0
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT min(id), max(id) FROM search_entry")
            low, high = cursor.fetchone()
        collected: terms.Collected = (np.empty(0, dtype=np.int64), {})
        parts = 1
        if low is not None and not self.connection.in_atomic_block:
            # Outside a transaction: ranges read at once on the rebuild's
            # connections (unnesting every vector is the long part).
            parts = min(self.writers, (high - low + 1) // terms.RANGE_MIN)
        if parts > 1:
            collected = terms.collect(
                low,
                high,
                self.frequent,
                connect=lambda: self.new_connection(autocommit=True),
                count=parts,
            )
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            if parts <= 1 and low is not None:
                collected = terms.collect(low, high, self.frequent, cursor=cursor)
            stored = terms.store_bitmaps(cursor, collected)
            touch(cursor)  # every process loads them at its next search
        return stored

    def maintain(self) -> None:
        """After a drain: the frequent words' bitmaps are computed afresh once
        the entries written since the last time would be too many for each
        process to read itself."""
        if not self.keeps_terms:
            return
        try:
            with self.connection.cursor() as cursor:
                behind = terms.backlog(cursor)
            if behind is not None and behind > terms.CATCH_UP_LIMIT // 2:
                self.refresh_terms()
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error

    def new_connection(self, autocommit: bool = False):
        """A database connection of this engine's own (the DB-API one), for a
        rebuild's writers in other threads: set up as Django sets up its own
        (time zone, `assume_role`), so that the tables it creates belong to
        the same role."""
        wrapper = connections.create_connection(self.using)
        wrapper.ensure_connection()
        raw = wrapper.connection
        raw.autocommit = autocommit
        return raw

    def rebuild(self, documents, progress: Progress | None = None) -> int:
        if self.dialect.swaps:
            # PostgreSQL: new tables written by several connections, then swapped in.
            token = uuid.uuid4().hex
            stored = swap.rebuild(
                self,
                prepared_chunks(documents, ahead=False),
                progress,
                writers=self.writers,
                touch_sql=TOUCH,
                token=token,
            )
            # As stored: TOUCH keeps the first half of the token it replaces.
            with self.connection.cursor() as cursor:
                self._tidy_token = version_token(cursor)
            return stored
        # One transaction: readers keep seeing the old index until the commit.
        stored = 0
        with transaction.atomic(using=self.using):
            self.clear()
            for chunk in prepared_chunks(documents, self.dialect.prepare_ahead):
                count = self._store_chunk(chunk)
                stored += count
                if progress:
                    progress(count)
        return stored

    # Reading -----------------------------------------------------------------

    def _cached(self, token: str, key: tuple, fetch) -> tuple[np.ndarray, ...]:
        """fetch()'s answer, from the match cache when it holds it for `token`."""
        cache = index_columns.match_cache(self.using, self.match_budget)
        answer = cache.get(token, key)
        if answer is None:
            answer = fetch()
            cache.put(token, key, answer)
        return answer

    def _ids(self, cursor, token: str, sql: str, params: list) -> np.ndarray:
        """The ids `sql` selects."""

        def fetch():
            cursor.execute(
                f"SELECT {self.dialect.aggregate('m.id')} FROM ({sql}) AS m",  # noqa: S608
                params,
            )
            return (parse_ints(cursor.fetchone()[0]),)

        return self._cached(token, ("ids", sql, *params), fetch)[0]

    def _scores(
        self, cursor, token: str, sql: str, params: list
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ids `sql` selects and their scores."""

        def fetch():
            agg = self.dialect.aggregate
            # Materialised: SQLite refuses bm25() inside an aggregate's input.
            cursor.execute(
                f"WITH m AS MATERIALIZED ({sql}) "  # noqa: S608
                f"SELECT {agg('m.id')}, {self.dialect.aggregate_floats('m.score')} "
                "FROM m",
                params,
            )
            ids, scores = cursor.fetchone()
            return parse_ints(ids), parse_floats(scores)

        return self._cached(token, ("scores", sql, *params), fetch)

    def _matching(
        self, cursor, columns: IndexColumns, parsed: ParsedQuery, operator: str
    ) -> np.ndarray:
        """The entries holding the query's words: from the frequent words'
        bitmaps when it has only such words, else from the database."""
        found = None
        if (
            self.keeps_terms
            and not parsed.phrases
            and not parsed.expansions
            and not parsed.corrections
        ):
            bitmaps = terms.store(self.using).for_columns(cursor, columns)
            found = bitmaps.matching(columns, parsed.terms, operator)
        if found is None:
            ids_sql, params, _sql, _params = self.dialect.matching(parsed, operator)
            found = columns.mask_of(self._ids(cursor, columns.token, ids_sql, params))
        if parsed.number:
            # The document whose number it is, whatever words surround the
            # number ("luật số 80/2015": the law's text need not say "số").
            found |= columns.mask_of(self._number_holders(cursor, columns, parsed))
            # And the documents acting on it in the relation asked for.
            found |= self._acting_on_number(columns, parsed)
        return found

    def _typos_corrected(
        self,
        cursor,
        columns: IndexColumns,
        parsed: ParsedQuery,
        query: SearchQuery,
        matched: np.ndarray,
        selected: np.ndarray,
    ) -> tuple[ParsedQuery, np.ndarray]:
        """The query and its matches, with its misspelt words corrected
        (search.typos) when every word as typed finds nothing the query shows;
        else as they were. Costs nothing while the words find something. Not
        for any word (the service's second chance): corrections of every word
        would find texts that merely hold a word near one of them."""
        if query.operator != "and":
            return parsed, matched
        shown = selected & matched
        if query.kind:
            shown &= columns.kind_mask(query.kind)
        if shown.any():
            return parsed, matched
        corrected = typos.corrected(
            parsed, lambda words: self.dialect.known_words(cursor, words)
        )
        if corrected is None:
            return parsed, matched
        return corrected, self._matching(cursor, columns, corrected, query.operator)

    def _selection(self, columns: IndexColumns, query: SearchQuery) -> np.ndarray:
        """Entries passing the query's filters and dates (not its kind)."""
        selected = np.ones(columns.size, dtype=bool)
        if query.date_from:
            day = (query.date_from - EPOCH).days
            selected &= columns.dates >= day
        if query.date_to:
            day = (query.date_to - EPOCH).days
            selected &= (columns.dates <= day) & (columns.dates != NO_DATE)
        for name, values in sorted(query.filters.items()):
            values = [v for v in values if v]
            if values:
                selected &= columns.facet_mask(name, values)
        if query.sites:
            # The sites are facet rows of their own name (preparation.prepare).
            on_sites = columns.facet_mask(SITE_FACET, query.sites)
            for shared in query.shared:
                on_sites |= self._shared_mask(columns, shared)
            selected &= on_sites
        return selected

    @staticmethod
    def _shared_mask(columns: IndexColumns, shared: SharedDocuments) -> np.ndarray:
        """Entries of the shared kind, on some site, holding any chosen value."""
        chosen = np.zeros(columns.size, dtype=bool)
        for name, values in shared.facets.items():
            chosen |= columns.facet_mask(name, values)
        if not chosen.any():
            return chosen
        return chosen & columns.kind_mask(shared.kind) & columns.has_facet(SITE_FACET)

    def search(self, query: SearchQuery) -> SearchResults:
        """The database matches the words (one statement returning the ids as
        one string, unless the process's match cache holds them); the filters,
        kind tabs, facet counts and orders are computed over those ids in the
        process's columns (search.engines.database.columns); the database ranks the
        matches (see _relevance) and loads the page's rows."""
        parsed = parse_query(query.q)
        with_kinds = KIND_FACET in query.facets
        names = [n for n in query.facets if n != KIND_FACET]
        try:
            with self.connection.cursor() as cursor:
                token = version_token(cursor)
                columns = index_columns.current(cursor, self.dialect, self.using, token)
                matched = None
                if not parsed.is_empty:
                    matched = self._matching(cursor, columns, parsed, query.operator)
                selected = self._selection(columns, query)
                if matched is not None:
                    parsed, matched = self._typos_corrected(
                        cursor, columns, parsed, query, matched, selected
                    )
                if matched is not None:
                    selected &= matched
                if query.keys:
                    selected &= columns.mask_of(self._entry_ids(cursor, query.keys))
                facets: dict[str, list[FacetCount]] = {}
                if with_kinds:
                    kind_counts = columns.kind_counts(np.flatnonzero(selected))
                    facets[KIND_FACET] = _ordered(kind_counts.items())
                if query.kind:
                    selected &= columns.kind_mask(query.kind)
                positions = np.flatnonzero(selected)
                count = len(positions)
                for name in names:
                    counts = columns.facet_counts(name, selected, positions)
                    facets[name] = _ordered(counts)
                relevance = None
                if query.sort == "relevance" and not parsed.is_empty and count:
                    relevance = self._relevance(
                        cursor,
                        columns,
                        parsed,
                        query.operator,
                        int(np.count_nonzero(matched)),
                        selected,
                    )[positions]
                page = page_of(
                    columns,
                    positions,
                    relevance,
                    query.sort,
                    query.offset,
                    query.page_size,
                )
                ids = columns.ids[page].tolist()
                rows = self._rows(cursor, ids, query.highlight)
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error
        terms = (
            *parsed.highlighted_terms,
            *(w for _t, ws in parsed.corrections for w in ws),
        )
        hits = [self._hit(rows[pk], terms, query.highlight) for pk in ids if pk in rows]
        return SearchResults(
            count=count,
            results=hits,
            facets=facets,
            engine=self.alias,
            query=query,
            corrected=bool(parsed.corrections and count),
        )

    def _entry_ids(self, cursor, keys) -> np.ndarray:
        ids: list[int] = []
        keys = list(dict.fromkeys(keys))
        for start in range(0, len(keys), CHUNK_SIZE):
            chunk = keys[start : start + CHUNK_SIZE]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT id FROM search_entry WHERE key IN ({placeholders})",  # noqa: S608
                chunk,
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return np.array(sorted(ids), dtype=np.int64)

    _HIT_COLUMNS = "id, key, kind, title, url, number, date, summary, facets, extra"

    def _rows(self, cursor, ids: list[int], highlight: bool) -> dict[int, dict]:
        """The page's rows; without highlighting only the start of the body (the
        snippet is then the start of the first text)."""
        if not ids:
            return {}
        body = "body" if highlight else f"substr(body, 1, {SNIPPET_LENGTH * 2})"
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"SELECT {self._HIT_COLUMNS}, {body} FROM search_entry "  # noqa: S608
            f"WHERE id IN ({placeholders})",
            ids,
        )
        columns = [*self._HIT_COLUMNS.split(", "), "body"]
        rows = {}
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            for name in ("facets", "extra"):
                if isinstance(row[name], str):
                    row[name] = json.loads(row[name])
            if isinstance(row["date"], str):
                row["date"] = datetime.date.fromisoformat(row["date"])
            rows[row["id"]] = row
        return rows

    @staticmethod
    def _hit(row: dict, terms, highlight: bool) -> SearchHit:
        return SearchHit(
            key=row["key"],
            kind=row["kind"],
            title=row["title"],
            url=row["url"],
            number=row["number"],
            date=row["date"],
            summary=row["summary"],
            snippet=snippet([row["summary"], row["body"]], terms if highlight else ()),
            title_highlighted=highlight_title(row["title"], terms if highlight else ()),
            facets=row["facets"] or {},
            extra=row["extra"] or {},
        )

    def suggest(self, prefix: str, kind: str = "", limit: int = 8) -> list[Suggestion]:
        tokens = words(prefix)[:8]
        if not tokens or not any(len(t) >= 2 or t.isdigit() for t in tokens):
            return []
        source, condition, params = self.dialect.suggest_match(tokens)
        where = [condition]
        if kind:
            where.append("e.kind = %s")
            params = [*params, kind]
        number = normalise_document_number(prefix)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT e.title, e.url, e.kind, e.number FROM {source} "  # noqa: S608
                    f"WHERE {' AND '.join(where)} ORDER BY "
                    "CASE WHEN e.number_norm LIKE %s THEN 0 ELSE 1 END, "
                    "e.date DESC NULLS LAST, e.id DESC LIMIT %s",
                    [*params, f"{number}%", limit],
                )
                rows = cursor.fetchall()
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error
        return [Suggestion(title=t, url=u, kind=k, number=n) for t, u, k, n in rows]

    def health(self) -> EngineHealth:
        try:
            counts = {
                row["kind"]: row["n"]
                for row in IndexEntry.objects.using(self.using)
                .values("kind")
                .order_by("kind")
                .annotate(n=Count("id"))
            }
            detail = self.connection.vendor
            if self.keeps_terms:
                with self.connection.cursor() as cursor:
                    detail += "; " + terms.describe(cursor)
        except DatabaseError as error:
            return EngineHealth(engine=self.name, ok=False, detail=str(error))
        return EngineHealth(
            engine=self.name,
            ok=True,
            index=self.dialect.index_name,
            counts=counts,
            detail=detail,
        )
