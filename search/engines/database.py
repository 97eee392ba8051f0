"""The embedded engine: full-text search in the site's own database.

SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) ranked with bm25 and column
weights. PostgreSQL: a weighted tsvector with a GIN index, ranked with ts_rank, in a
`simple` configuration with `unaccent`. In both, every text is first folded in
Python (search.text.fold) because neither folds "đ".

The database matches the words and ranks; the filters, kind tabs, facet counts and
date orders are computed over the matched ids in the columns each process keeps
in memory (search.engines.columns), which also keeps recent matches for the
index's current version (MatchCache).
"""

from __future__ import annotations

import datetime
import itertools
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, transaction
from django.db.models import Count

from search import ranking
from search.engines import columns as index_columns
from search.engines import swap, terms
from search.engines.base import (
    KIND_FACET,
    EngineHealth,
    FacetCount,
    Progress,
    SearchEngine,
    SearchEngineError,
    SearchHit,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.engines.columns import NO_DATE, IndexColumns, parse_floats, parse_ints
from search.highlight import SNIPPET_LENGTH, highlight_title, snippet
from search.models import FacetValue, IndexEntry
from search.query import ParsedQuery, parse_query, words
from search.registry import IndexedDocument
from search.text import fold, normalise_document_number

CHUNK_SIZE = 500
ENTRY_COLUMNS = (
    "key, kind, title, url, number, number_norm, summary, body, date, facets, extra"
)
#: Most matches the database ranks for one query (PORTAL_SEARCH_BACKENDS' RANK_WINDOW).
RANK_WINDOW = 5_000
#: Most ids and ranks each process keeps of recent matches (MATCH_CACHE; 0: none):
#: 8 MB at most.
MATCH_CACHE = 1_000_000
#: Connections writing a PostgreSQL rebuild at once (REBUILD_WRITERS).
REBUILD_WRITERS = 2
#: Entries a word must be held by for its ids to be kept as a bitmap in every
#: process (FREQUENT_TERMS; 0: none), on PostgreSQL (search.engines.terms).
FREQUENT_TERMS = 2_000
EPOCH = datetime.date(1970, 1, 1)
#: Added to the relevance key of entries after the ranked ones.
TIER = 1e9
#: Taken off the key of an entry whose own number holds the query, twice when it
#: is the query: those come first whatever their rank.
NUMBER_TIER = 1e12
#: Taken off the key, times title_fit: below the number tier, above any rank.
TITLE_TIER = 1e6


def folded_numbers(numbers: Iterable[str]) -> str:
    return " ".join(" ".join(words(n)) for n in numbers if n)


@dataclass
class _Chunk:
    """Documents turned into the rows the index stores: pure Python work, which
    on PostgreSQL is done for the next chunk in a thread while the database
    writes the current one (see _prepared_chunks)."""

    keys: list[str]
    #: search_entry rows (ENTRY_COLUMNS), date as a datetime.date.
    rows: list[tuple]
    #: Folded title, summary, text, own number and related numbers of each row.
    folded: list[tuple[str, str, str, str, str]]
    #: (key, facet name, value) of every facet value.
    facets: list[tuple[str, str, str]]


def _prepare(documents: list[IndexedDocument]) -> _Chunk:
    by_key = {document.key: document for document in documents}
    return _Chunk(
        keys=list(by_key),
        rows=[
            (
                d.key,
                d.kind,
                d.title,
                d.url,
                d.number,
                normalise_document_number(d.number),
                d.summary,
                d.text,
                d.date,
                json.dumps({name: list(values) for name, values in d.facets.items()}),
                json.dumps(dict(d.extra)),
            )
            for d in by_key.values()
        ],
        folded=[
            (
                fold(d.title),
                fold(d.summary),
                fold(d.text),
                folded_numbers([d.number]),
                folded_numbers(d.related_numbers),
            )
            for d in by_key.values()
        ],
        facets=[
            (key, name, value)
            for key, d in by_key.items()
            for name, values in d.facets.items()
            for value in dict.fromkeys(values)
        ],
    )


def _prepared_chunks(
    documents: Iterable[IndexedDocument], ahead: bool
) -> Iterator[_Chunk]:
    """The documents in prepared chunks of CHUNK_SIZE, with `ahead` the next one
    prepared in a thread while the caller writes the current one.

    The documents are read in the caller's thread (they may come from the
    database); only _prepare runs in the helper thread, which the GIL leaves
    free while the caller waits on the database. Worth it only where a chunk is
    written in a few long round trips: a writer waiting on many short ones
    would wait for the GIL after each."""
    iterator = iter(documents)
    chunks = iter(lambda: list(itertools.islice(iterator, CHUNK_SIZE)), [])
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None) if ahead else None
    if second is None:  # one chunk (a page published), or not ahead
        yield _prepare(first)
        for chunk in chunks:
            yield _prepare(chunk)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index") as pool:
        pending = pool.submit(_prepare, first)
        for chunk in itertools.chain([second], chunks):
            following = pool.submit(_prepare, chunk)
            yield pending.result()
            pending = following
        yield pending.result()


#: A new version token: its first half (the epoch, search.engines.columns) is
#: kept while the row lives, so that a token says whether the entries of an
#: older one can still be trusted by id; the row is created again (a new epoch)
#: only when the table was emptied, as by a flush that may also reset the ids.
TOUCH = (
    "INSERT INTO search_state (id, token) VALUES (1, %s) "
    "ON CONFLICT (id) DO UPDATE SET token = "
    "substr(search_state.token, 1, 16) || substr(excluded.token, 17)"
)


def touch(cursor) -> None:
    """A new version token, in the writing transaction: every process reloads
    its columns (search.engines.columns) at its next search."""
    cursor.execute(TOUCH, [uuid.uuid4().hex])


def _version_token(cursor) -> str:
    """The index's version token ("" before the first write)."""
    cursor.execute(index_columns.VERSION_SQL)
    return (cursor.fetchone() or ("",))[0] or ""


def _ordered(pairs) -> list[FacetCount]:
    """Facet counts, most frequent first."""
    return [
        FacetCount(value=value, count=n)
        for value, n in sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    ]


def _smallest(key: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k smallest keys, in order."""
    if k < len(key):
        chosen = np.argpartition(key, k - 1)[:k]
    else:
        chosen = np.arange(len(key))
    return chosen[np.argsort(key[chosen], kind="stable")]


def _date_key(columns: IndexColumns, positions: np.ndarray, sort: str) -> np.ndarray:
    """One int64 per entry ordering by date then id, ascending for "oldest" and
    descending otherwise; entries without a date last in both."""
    ids = columns.ids[positions]
    days = columns.dates[positions].astype(np.int64) - NO_DATE  # no date: 0
    if sort == "oldest":
        days[days == 0] = 2**31 - 1
    if len(ids) and int(ids.max()) >= 2**32:  # pragma: no cover - 4 billion ids
        keys = (ids, days) if sort == "oldest" else (-ids, -days)
        key = np.empty(len(ids), dtype=np.int64)
        key[np.lexsort(keys)] = np.arange(len(ids))
        return key
    key = (days << 32) | ids
    return key if sort == "oldest" else -key


def _page(
    columns: IndexColumns,
    positions: np.ndarray,
    relevance: np.ndarray | None,
    sort: str,
    offset: int,
    size: int,
) -> np.ndarray:
    """Positions of the page's entries, in order: by relevance (then newest), by
    newest or by oldest date."""
    end = min(offset + size, len(positions))
    if offset >= end:
        return positions[:0]
    if relevance is None:
        order = _smallest(_date_key(columns, positions, sort), end)
    else:
        # The entries ranked better than the page's last one (fewer than `end`),
        # then the best dated of those tied with it (a common word beyond the
        # ranking window ties tens of thousands: picked, not sorted), in order
        # of relevance and date.
        threshold = np.partition(relevance, end - 1)[end - 1]
        better = np.flatnonzero(relevance < threshold)
        tied = np.flatnonzero(relevance == threshold)
        tied_key = _date_key(columns, positions[tied], sort)
        tied = tied[_smallest(tied_key, end - len(better))]
        candidates = np.concatenate([better, tied])
        date_key = _date_key(columns, positions[candidates], sort)
        order = candidates[np.lexsort((date_key, relevance[candidates]))]
    return positions[order[offset:end]]


class _Dialect:
    """What differs between SQLite and PostgreSQL: the full-text SQL."""

    #: Prepare the next chunk in a thread while this one is written.
    prepare_ahead = False
    swaps = False

    def write(self, cursor, chunk: _Chunk) -> None:
        """Replace the chunk's entries (by key), in the caller's transaction."""
        self.delete_keys(cursor, chunk.keys)
        date = cursor.db.ops.adapt_datefield_value
        cursor.executemany(
            f"INSERT INTO search_entry ({ENTRY_COLUMNS}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(*row[:8], date(row[8]), *row[9:]) for row in chunk.rows],
        )
        placeholders = ", ".join(["%s"] * len(chunk.keys))
        cursor.execute(
            f"SELECT key, id FROM search_entry WHERE key IN ({placeholders})",  # noqa: S608
            chunk.keys,
        )
        ids = dict(cursor.fetchall())
        cursor.executemany(
            "INSERT INTO search_facet (entry_id, name, value) VALUES (%s, %s, %s)",
            [(ids[key], name, value) for key, name, value in chunk.facets],
        )
        self.store(
            cursor,
            [
                (ids[key], *texts)
                for key, texts in zip(chunk.keys, chunk.folded, strict=True)
            ],
        )
        touch(cursor)

    def delete_keys(self, cursor, keys: Sequence[str]) -> None:
        """Remove the entries of `keys`, in the caller's transaction."""
        if not keys:
            return
        placeholders = ", ".join(["%s"] * len(keys))
        cursor.execute(
            f"SELECT id FROM search_entry WHERE key IN ({placeholders})",  # noqa: S608
            list(keys),
        )
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"DELETE FROM search_facet WHERE entry_id IN ({placeholders})",  # noqa: S608
            ids,
        )
        self.forget(cursor, ids)
        cursor.execute(
            f"DELETE FROM search_entry WHERE id IN ({placeholders})",  # noqa: S608
            ids,
        )
        touch(cursor)

    def store(self, cursor, rows: list[tuple[int, str, str, str, str, str]]) -> None:
        """Index the folded texts (id, title, summary, text, own number, related
        numbers) where the full-text index lives outside search_entry."""

    def optimize(self, cursor, in_transaction: bool) -> None:
        """Tidy the full-text index after a bulk load."""

    #: Keeps the frequent words' ids as bitmaps (search.engines.terms).
    frequent_terms = False
    #: A rolled-back insert's id may be given to another entry (SQLite's
    #: AUTOINCREMENT counter rolls back with it; PostgreSQL's sequences do not).
    reuses_ids = True

    def forget(self, cursor, ids: Sequence[int]) -> None:
        """Drop full-text rows kept outside search_entry."""

    def clear(self, cursor) -> None:
        """Drop every full-text row kept outside search_entry."""

    def aggregate(self, expression: str) -> str:
        """SQL joining the integer `expression` over the rows into one value
        (columns.parse_ints reads it): one value to fetch however many rows
        matched."""
        raise NotImplementedError

    def aggregate_floats(self, expression: str) -> str:
        """The same for a float expression (columns.parse_floats)."""
        return self.aggregate(expression)

    #: SQL for search_entry.date as days since 1970-01-01 (NO_DATE when empty).
    day_number = ""

    def matching(
        self, parsed: ParsedQuery, operator: str, titles: bool = False
    ) -> tuple[str, list, str, list]:
        """SQL selecting the ids of the entries holding the query (only in the
        title, summary and own number with `titles`) and its params; then the
        same with a second column, the rank (lower is better), and its params."""
        raise NotImplementedError

    def number_holders(self, tokens: Sequence[str]) -> tuple[str, list]:
        """SQL selecting the ids whose own number holds every token."""
        raise NotImplementedError

    def suggest_match(self, tokens: list[str]) -> tuple[str, str, list]:
        raise NotImplementedError

    index_name = ""


class _SQLite(_Dialect):
    index_name = "search_entry + search_fts (FTS5)"
    #: bm25 column weights: title, summary, body, own number, related numbers.
    rank = "bm25(search_fts, 10.0, 4.0, 1.0, 30.0, 0.5)"

    def store(self, cursor, rows):
        # Rows left by a flushed test database must not shadow reused ids.
        self.forget(cursor, [row[0] for row in rows])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, summary, body, numbers, related) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )

    def forget(self, cursor, ids):
        if ids:
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"DELETE FROM search_fts WHERE rowid IN ({placeholders})",  # noqa: S608
                list(ids),
            )

    def clear(self, cursor):
        cursor.execute("DELETE FROM search_fts")

    def optimize(self, cursor, in_transaction):
        # Merge the FTS5 b-trees written chunk by chunk into one.
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        cursor.execute("ANALYZE search_entry")
        cursor.execute("ANALYZE search_facet")

    @staticmethod
    def _expression(parsed: ParsedQuery, operator: str) -> str:
        parts = [f'"{t}"' for t in parsed.terms]
        parts += ['"' + " ".join(p) + '"' for p in parsed.phrases]
        return f" {operator.upper()} ".join(parts)

    def aggregate(self, expression):
        return f"group_concat({expression}, ',')"

    day_number = f"COALESCE(CAST(julianday(date) - 2440587.5 AS INTEGER), {NO_DATE})"

    def matching(self, parsed, operator, titles=False):
        expression = self._expression(parsed, operator)
        if titles:
            expression = "{title summary numbers} : (" + expression + ")"
        select = "SELECT rowid AS id{} FROM search_fts WHERE search_fts MATCH %s"
        return (
            select.format(""),
            [expression],
            select.format(f", {self.rank} AS score"),
            [expression],
        )

    def number_holders(self, tokens):
        expression = " AND ".join(f'"{t}"' for t in tokens)
        return (
            "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s",
            ["{numbers} : (" + expression + ")"],
        )

    def suggest_match(self, tokens):
        parts = [f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"*']
        return (
            # CROSS JOIN: SQLite keeps the FTS scan outermost (never one MATCH per row).
            "search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid",
            "search_fts MATCH %s",
            ["{title numbers} : (" + " AND ".join(parts) + ")"],
        )


class _PostgreSQL(_Dialect):
    index_name = "search_entry.search_vector (GIN, portal_search)"
    rank = "-ts_rank(e.rank_vector, to_tsquery('portal_search', %s))"

    prepare_ahead = True
    #: search_rebuild writes new tables and swaps them in (search.engines.swap).
    swaps = True
    frequent_terms = True
    reuses_ids = False

    def clear(self, cursor):
        terms.clear(cursor)

    def write(self, cursor, chunk):
        with cursor.db.wrap_database_errors:
            self.write_tables(cursor.connection, chunk)

    def write_tables(
        self,
        connection,
        chunk,
        entries: str = "search_entry",
        facets: str = "search_facet",
        token: bool = True,
    ) -> None:
        """The whole chunk in one round trip (psycopg's pipeline mode), with its
        columns as arrays in binary (server-side binding: parsing them as text
        cost the server more than computing the vectors). Both vectors are
        computed in the INSERT from the folded texts, the title, summary and
        number vectors once for both (the text and related numbers keep
        to_tsvector's weight, D); the facet rows find their entry by key.

        `connection` is psycopg's; `entries` and `facets` name the tables (a
        rebuild writes beside the live ones, see search.engines.swap), and
        `token` says whether to write a new version token."""
        import psycopg

        facet_columns = list(zip(*chunk.facets, strict=True)) or [(), (), ()]
        with connection.pipeline(), psycopg.Cursor(connection) as binary:
            binary.execute(
                f"DELETE FROM {facets} WHERE entry_id IN "  # noqa: S608
                f"(SELECT id FROM {entries} WHERE key = ANY(%b::text[]))",
                [chunk.keys],
                prepare=False,
            )
            binary.execute(
                f"DELETE FROM {entries} WHERE key = ANY(%b::text[])",  # noqa: S608
                [chunk.keys],
                prepare=False,
            )
            binary.execute(
                self.INSERT_ENTRIES.format(entries=entries),
                [list(column) for column in zip(*chunk.rows, strict=True)]
                + [list(column) for column in zip(*chunk.folded, strict=True)],
                prepare=False,
            )
            binary.execute(
                f"INSERT INTO {facets} (entry_id, name, value) "  # noqa: S608
                "SELECT e.id, f.name, f.value "
                "FROM unnest(%b::text[], %b::text[], %b::text[]) AS f (key, name, value) "
                f"JOIN {entries} e ON e.key = f.key",
                [list(column) for column in facet_columns],
                prepare=False,
            )
            if token:
                binary.execute(TOUCH, [uuid.uuid4().hex], prepare=False)

    INSERT_ENTRIES = (
        "INSERT INTO {entries} (" + ENTRY_COLUMNS + ", search_vector, rank_vector) "
        "SELECT r.key, r.kind, r.title, r.url, r.number, r.number_norm, "
        "r.summary, r.body, r.date, r.facets::jsonb, r.extra::jsonb, "
        "v.title || v.summary || to_tsvector('portal_search', r.ftext) || v.number "
        "|| to_tsvector('portal_search', r.frelated), "
        "v.title || v.summary || v.number "
        "FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[], %b::text[], "
        "%b::text[], %b::text[], %b::text[], %b::date[], %b::text[], %b::text[], "
        "%b::text[], %b::text[], %b::text[], %b::text[], %b::text[]) AS r (key, "
        "kind, title, url, number, number_norm, summary, body, date, facets, "
        "extra, ftitle, fsummary, ftext, fnumber, frelated) "
        "CROSS JOIN LATERAL (SELECT "
        "setweight(to_tsvector('portal_search', r.ftitle), 'B') AS title, "
        "setweight(to_tsvector('portal_search', r.fsummary), 'C') AS summary, "
        "setweight(to_tsvector('portal_search', r.fnumber), 'A') AS number) AS v"
    )

    def optimize(self, cursor, in_transaction):
        # VACUUM sets the visibility map and hint bits of the new rows (else the
        # first searches write them) and cannot run inside a transaction.
        verb = "ANALYZE" if in_transaction else "VACUUM (ANALYZE)"
        cursor.execute(f"{verb} search_entry, search_facet")

    @staticmethod
    def _expression(parsed: ParsedQuery, operator: str) -> str:
        parts = [f"'{t}'" for t in parsed.terms]
        parts += ["(" + " <-> ".join(f"'{t}'" for t in p) + ")" for p in parsed.phrases]
        return (" & " if operator == "and" else " | ").join(parts)

    def aggregate(self, expression):
        # Binary, not text: formatting and parsing 70,000 ids as text cost
        # ≈ 5 ms of a search for a common word.
        return f"string_agg(int8send(({expression})::int8), ''::bytea)"

    def aggregate_floats(self, expression):
        return f"string_agg(float8send(({expression})::float8), ''::bytea)"

    day_number = f"COALESCE(date - DATE '1970-01-01', {NO_DATE})"

    def matching(self, parsed, operator, titles=False):
        expression = self._expression(parsed, operator)
        vector = "rank_vector" if titles else "search_vector"
        select = (
            "SELECT e.id AS id{} FROM search_entry e "  # noqa: S608
            f"WHERE e.{vector} @@ to_tsquery('portal_search', %s)"
        )
        return (
            select.format(""),
            [expression],
            select.format(f", {self.rank} AS score"),
            [expression, expression],
        )

    def number_holders(self, tokens):
        return (
            "SELECT e.id AS id FROM search_entry e "
            "WHERE e.rank_vector @@ to_tsquery('portal_search', %s)",
            [" & ".join(f"'{t}':A" for t in tokens)],
        )

    def suggest_match(self, tokens):
        parts = [f"'{t}':AB" for t in tokens[:-1]] + [f"'{tokens[-1]}':*AB"]
        return (
            "search_entry e",
            "e.search_vector @@ to_tsquery('portal_search', %s)",
            [" & ".join(parts)],
        )


class DatabaseSearchEngine(SearchEngine):
    name = "database"

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
            self.dialect: _Dialect = _SQLite()
        elif vendor == "postgresql":
            self.dialect = _PostgreSQL()
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
            for chunk in _prepared_chunks(documents, self.dialect.prepare_ahead):
                with transaction.atomic(using=self.using):
                    stored += self._store_chunk(chunk)
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error
        return stored

    def _store_chunk(self, chunk: _Chunk) -> int:
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
        with transaction.atomic(using=self.using):
            FacetValue.objects.using(self.using).all()._raw_delete(self.using)
            with self.connection.cursor() as cursor:
                self.dialect.clear(cursor)
                touch(cursor)
            IndexEntry.objects.using(self.using).all()._raw_delete(self.using)

    def optimize(self) -> None:
        try:
            with self.connection.cursor() as cursor:
                tidy = False
                if self._tidy_token:
                    # Nothing to tidy if the tables are those a swap just built,
                    # already vacuumed and analyzed, and unchanged since.
                    tidy = _version_token(cursor) == self._tidy_token
                if not tidy:
                    self.dialect.optimize(cursor, self.connection.in_atomic_block)
            self.refresh_terms()
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error

    @property
    def keeps_terms(self) -> bool:
        return self.dialect.frequent_terms and self.frequent > 0

    def refresh_terms(self) -> int:
        """Store the bitmaps of the frequent words afresh (search.engines.terms);
        returns how many words have one."""
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
                _prepared_chunks(documents, ahead=False),
                progress,
                writers=self.writers,
                touch_sql=TOUCH,
                token=token,
            )
            # As stored: TOUCH keeps the first half of the token it replaces.
            with self.connection.cursor() as cursor:
                self._tidy_token = _version_token(cursor)
            return stored
        # One transaction: readers keep seeing the old index until the commit.
        stored = 0
        with transaction.atomic(using=self.using):
            self.clear()
            for chunk in _prepared_chunks(documents, self.dialect.prepare_ahead):
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
        if self.keeps_terms and not parsed.phrases:
            bitmaps = terms.store(self.using).for_columns(cursor, columns)
            found = bitmaps.matching(columns, parsed.terms, operator)
            if found is not None:
                return found
        ids_sql, params, _sql, _params = self.dialect.matching(parsed, operator)
        return columns.mask_of(self._ids(cursor, columns.token, ids_sql, params))

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
        return selected

    def _relevance(
        self,
        cursor,
        columns: IndexColumns,
        parsed: ParsedQuery,
        operator: str,
        total: int,
        shown: np.ndarray,
    ) -> np.ndarray:
        """The relevance key of every entry (lower is better): the query's own
        document number first, then the closest titles (_prefer_close_titles)
        among the entries `shown` (a mask: those passing the filters), then the
        full-text rank.

        The database ranks at most `window` entries per query. With more matches
        than that (a very common word), it ranks the entries holding the words in
        their title, summary or number instead, which come before the others;
        when even those are too many, both groups are in date order only. Counts
        and facets are exact in every case."""
        key = np.zeros(columns.size, dtype=np.float64)
        if total <= self.window:
            self._rank(cursor, columns, key, parsed, operator, shown, titles=False)
        else:
            ids_sql, params, _sql, _params = self.dialect.matching(
                parsed, operator, titles=True
            )
            titled = self._ids(cursor, columns.token, ids_sql, params)
            key += TIER
            if len(titled) <= self.window:
                self._rank(cursor, columns, key, parsed, operator, shown, titles=True)
            else:
                key[columns.mask_of(titled)] = 0
        if parsed.number:
            tokens = parsed.number_tokens
            sql, params = self.dialect.number_holders(tokens)
            holders = self._ids(cursor, columns.token, sql, params)
            key[columns.mask_of(holders)] -= NUMBER_TIER
            cursor.execute(
                "SELECT id FROM search_entry WHERE number_norm = %s", [parsed.number]
            )
            exact = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
            key[columns.mask_of(exact)] -= NUMBER_TIER
        return key

    def _rank(
        self,
        cursor,
        columns: IndexColumns,
        key: np.ndarray,
        parsed: ParsedQuery,
        operator: str,
        shown: np.ndarray,
        titles: bool,
    ) -> None:
        """Set the database's rank of the matches (only those holding the words
        in their title, summary or number with `titles`) into `key`."""
        _sql, _params, scores_sql, score_params = self.dialect.matching(
            parsed, operator, titles=titles
        )
        ids, scores = self._scores(cursor, columns.token, scores_sql, score_params)
        positions, found = columns.positions_of(ids)
        key[positions] = scores[found]
        # A mask, not np.intersect1d: hashing 70,000 positions twice cost 18 ms.
        ranked = positions[shown[positions]]
        self._prefer_close_titles(cursor, columns, key, ranked, parsed)

    def _prefer_close_titles(
        self,
        cursor,
        columns: IndexColumns,
        key: np.ndarray,
        ranked: np.ndarray,
        parsed: ParsedQuery,
    ) -> None:
        """Among the best ranked entries, those whose title holds every word of
        the query come first, the closest (title_fit) first: bm25 and ts_rank
        count words, not how near they are, and a short plan titled with the
        very words lost to longer texts repeating them."""
        if not ranking.compares_titles(parsed) or not len(ranked):
            return
        best = ranked[_smallest(key[ranked], ranking.TITLE_CANDIDATES)]
        ids = columns.ids[best].tolist()
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"SELECT id, title FROM search_entry WHERE id IN ({placeholders})",  # noqa: S608
            ids,
        )
        titles = dict(cursor.fetchall())
        for position, pk in zip(best.tolist(), ids, strict=True):
            fit = ranking.title_fit(words(titles.get(pk, "")), parsed.all_terms)
            if fit:
                key[position] -= TITLE_TIER * fit

    def search(self, query: SearchQuery) -> SearchResults:
        """The database matches the words (one statement returning the ids as
        one string, unless the process's match cache holds them); the filters,
        kind tabs, facet counts and orders are computed over those ids in the
        process's columns (search.engines.columns); the database ranks the
        matches (see _relevance) and loads the page's rows."""
        parsed = parse_query(query.q)
        with_kinds = KIND_FACET in query.facets
        names = [n for n in query.facets if n != KIND_FACET]
        try:
            with self.connection.cursor() as cursor:
                token = _version_token(cursor)
                columns = index_columns.current(cursor, self.dialect, self.using, token)
                matched = None
                if not parsed.is_empty:
                    matched = self._matching(cursor, columns, parsed, query.operator)
                selected = self._selection(columns, query)
                if matched is not None:
                    selected &= matched
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
                page = _page(
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
        terms = parsed.all_terms
        hits = [self._hit(rows[pk], terms, query.highlight) for pk in ids if pk in rows]
        return SearchResults(
            count=count, results=hits, facets=facets, engine=self.alias, query=query
        )

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


Engine = DatabaseSearchEngine
