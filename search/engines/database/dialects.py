"""The database engine's SQL: what differs between SQLite (FTS5, bm25) and
PostgreSQL (tsvector, GIN, ts_rank), and the index's version token both write."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from search.engines.database import terms
from search.engines.database.columns import NO_DATE, VERSION_SQL
from search.engines.database.preparation import CHUNK_SIZE, ENTRY_COLUMNS, Chunk
from search.query import ParsedQuery

#: A new version token: its first half (the epoch, see columns.py) is kept
#: while the row lives, so that a token says whether the entries of an older
#: one can still be trusted by id; the row is created again (a new epoch) only
#: when the table was emptied, as by a flush that may also reset the ids.
TOUCH = (
    "INSERT INTO search_state (id, token) VALUES (1, %s) "
    "ON CONFLICT (id) DO UPDATE SET token = "
    "substr(search_state.token, 1, 16) || substr(excluded.token, 17)"
)


def touch(cursor) -> None:
    """A new version token, in the writing transaction: every process reloads
    its columns (search.engines.database.columns) at its next search."""
    cursor.execute(TOUCH, [uuid.uuid4().hex])


def version_token(cursor) -> str:
    """The index's version token ("" before the first write)."""
    cursor.execute(VERSION_SQL)
    return (cursor.fetchone() or ("",))[0] or ""


class Dialect:
    """What differs between SQLite and PostgreSQL: the full-text SQL."""

    #: Prepare the next chunk in a thread while this one is written.
    prepare_ahead = False
    swaps = False

    def write(self, cursor, chunk: Chunk) -> None:
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

    #: Keeps the frequent words' ids as bitmaps (search.engines.database.terms).
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

    def known_words(self, cursor, words: Iterable[str]) -> set[str]:
        """Which of the folded `words` some entry holds (search.typos): one
        look-up per word in the full-text index, no scan."""
        raise NotImplementedError

    index_name = ""


class SQLite(Dialect):
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
        def term(t: str) -> str:
            spelled = parsed.expansion(t)
            alternatives = [
                t,
                *([" ".join(spelled)] if spelled else []),
                *parsed.correction(t),
            ]
            if len(alternatives) == 1:
                return f'"{t}"'
            return "(" + " OR ".join(f'"{a}"' for a in alternatives) + ")"

        parts = [term(t) for t in parsed.terms]
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

    #: The index's words (FTS5's own vocabulary), per connection.
    VOCABULARY = (
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary "
        "USING fts5vocab(main, search_fts, row)"
    )

    def known_words(self, cursor, words):
        words = sorted(words)
        cursor.execute(self.VOCABULARY)
        found: set[str] = set()
        for start in range(0, len(words), CHUNK_SIZE):
            chunk = words[start : start + CHUNK_SIZE]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT term FROM temp.search_vocabulary "  # noqa: S608
                f"WHERE term IN ({placeholders})",
                chunk,
            )
            found.update(row[0] for row in cursor.fetchall())
        return found

    def suggest_match(self, tokens):
        parts = [f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"*']
        return (
            # CROSS JOIN: SQLite keeps the FTS scan outermost (never one MATCH per row).
            "search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid",
            "search_fts MATCH %s",
            ["{title numbers} : (" + " AND ".join(parts) + ")"],
        )


class PostgreSQL(Dialect):
    index_name = "search_entry.search_vector (GIN, portal_search)"
    rank = "-ts_rank(e.rank_vector, to_tsquery('portal_search', %s))"

    prepare_ahead = True
    #: search_rebuild writes new tables and swaps them in (the package's swap.py).
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
        rebuild writes beside the live ones, see search.engines.database.swap), and
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
        def phrase(words) -> str:
            return "(" + " <-> ".join(f"'{t}'" for t in words) + ")"

        def term(t: str) -> str:
            spelled = parsed.expansion(t)
            alternatives = [
                f"'{t}'",
                *([phrase(spelled)] if spelled else []),
                *(f"'{c}'" for c in parsed.correction(t)),
            ]
            if len(alternatives) == 1:
                return alternatives[0]
            return "(" + " | ".join(alternatives) + ")"

        parts = [term(t) for t in parsed.terms]
        parts += [phrase(p) for p in parsed.phrases]
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

    def known_words(self, cursor, words):
        # One GIN look-up per word; a word held by no entry costs a descent of
        # the index's tree of words only.
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS ("
            "SELECT 1 FROM search_entry e WHERE e.search_vector @@ w::tsquery)",
            [sorted(words)],
        )
        return {row[0] for row in cursor.fetchall()}

    def suggest_match(self, tokens):
        parts = [f"'{t}':AB" for t in tokens[:-1]] + [f"'{tokens[-1]}':*AB"]
        return (
            "search_entry e",
            "e.search_vector @@ to_tsquery('portal_search', %s)",
            [" & ".join(parts)],
        )
