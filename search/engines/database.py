"""The embedded engine: full-text search in the site's own database.

SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) ranked with bm25 and column
weights. PostgreSQL: a weighted tsvector with a GIN index, ranked with ts_rank, in a
`simple` configuration with `unaccent`. In both, every text is first folded in
Python (search.text.fold) because neither folds "đ"; facets are counted with one
GROUP BY over the facet table, restricted to the matched rows.
"""

from __future__ import annotations

import datetime
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, transaction
from django.db.models import Count

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
from search.highlight import SNIPPET_LENGTH, highlight_title, snippet
from search.models import FacetValue, IndexEntry
from search.query import ParsedQuery, parse_query, words
from search.registry import IndexedDocument
from search.text import fold, normalise_document_number

CHUNK_SIZE = 500


def folded_numbers(numbers: Iterable[str]) -> str:
    return " ".join(" ".join(words(n)) for n in numbers if n)


def number_rank(parsed: ParsedQuery) -> tuple[str, list]:
    """SQL ranking a document whose own number is the query first (0), then one
    whose number holds every token of the query in any order ("kh 146"), then
    the rest; portable between SQLite and PostgreSQL."""
    tokens = parsed.number_tokens
    contains = " AND ".join(["('-' || e.number_norm || '-') LIKE %s"] * len(tokens))
    return (
        f"CASE WHEN e.number_norm = %s THEN 0 WHEN {contains} THEN 1 ELSE 2 END",
        [parsed.number, *(f"%-{token}-%" for token in tokens)],
    )


class _Dialect:
    """What differs between SQLite and PostgreSQL: the full-text SQL."""

    def store(self, cursor, rows: list[tuple[int, str, str, str, str, str]]) -> None:
        raise NotImplementedError

    #: Extra columns of search_entry filled from the folded texts at insert time.
    insert_columns = ""
    insert_values = ""

    def forget(self, cursor, ids: Sequence[int]) -> None:
        """Drop full-text rows kept outside search_entry."""

    def clear(self, cursor) -> None:
        """Drop every full-text row kept outside search_entry."""

    def match(
        self, parsed: ParsedQuery, operator: str
    ) -> tuple[str, str, list, str, list]:
        """FROM clause, WHERE fragment, its params, rank SQL (lower is better) and
        the rank's params."""
        raise NotImplementedError

    def suggest_match(self, tokens: list[str]) -> tuple[str, str, list]:
        raise NotImplementedError

    index_name = ""
    #: How to ask for a CTE evaluated once and kept (not inlined into each use).
    materialized = "MATERIALIZED"


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

    @staticmethod
    def _expression(parsed: ParsedQuery, operator: str) -> str:
        parts = [f'"{t}"' for t in parsed.terms]
        parts += ['"' + " ".join(p) + '"' for p in parsed.phrases]
        return f" {operator.upper()} ".join(parts)

    def match(self, parsed, operator):
        return (
            # CROSS JOIN: SQLite keeps the FTS scan outermost (never one MATCH per row).
            "search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid",
            "search_fts MATCH %s",
            [self._expression(parsed, operator)],
            self.rank,
            [],
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
    # Both vectors are computed in the INSERT itself, from the folded texts.
    _title = "setweight(to_tsvector('portal_search', %s), 'B')"
    _summary = "setweight(to_tsvector('portal_search', %s), 'C')"
    _number = "setweight(to_tsvector('portal_search', %s), 'A')"
    insert_columns = ", search_vector, rank_vector"
    insert_values = (
        f", {_title} || {_summary} || "
        "setweight(to_tsvector('portal_search', %s), 'D') || "
        f"{_number} || setweight(to_tsvector('portal_search', %s), 'D')"
        f", {_title} || {_summary} || {_number}"
    )

    def store(self, cursor, rows):
        """Nothing left to do: the vectors were filled by the INSERT."""

    @staticmethod
    def _expression(parsed: ParsedQuery, operator: str) -> str:
        parts = [f"'{t}'" for t in parsed.terms]
        parts += ["(" + " <-> ".join(f"'{t}'" for t in p) + ")" for p in parsed.phrases]
        return (" & " if operator == "and" else " | ").join(parts)

    def match(self, parsed, operator):
        expression = self._expression(parsed, operator)
        return (
            "search_entry e",
            "e.search_vector @@ to_tsquery('portal_search', %s)",
            [expression],
            self.rank,
            [expression],
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
        iterator = iter(documents)
        try:
            while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
                with transaction.atomic(using=self.using):
                    stored += self._store_chunk(chunk)
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error
        return stored

    def _store_chunk(self, documents: list[IndexedDocument]) -> int:
        # Raw executemany: model instances cost more than the indexing itself.
        by_key = {document.key: document for document in documents}
        keys = list(by_key)
        self._delete_keys(keys)
        ops = self.connection.ops
        rows = [
            (
                d.key,
                d.kind,
                d.title,
                d.url,
                d.number,
                normalise_document_number(d.number),
                d.summary,
                d.text,
                ops.adapt_datefield_value(d.date),
                ops.adapt_json_value(
                    {name: list(values) for name, values in d.facets.items()}, None
                ),
                ops.adapt_json_value(dict(d.extra), None),
            )
            for d in by_key.values()
        ]
        folded = {
            key: (
                fold(document.title),
                fold(document.summary),
                fold(document.text),
                folded_numbers([document.number]),
                folded_numbers(document.related_numbers),
            )
            for key, document in by_key.items()
        }
        if self.dialect.insert_values:
            rows = [
                (*row, t, s, b, n, r, t, s, n)
                for row, (t, s, b, n, r) in zip(rows, folded.values(), strict=True)
            ]
        placeholders = ", ".join(["%s"] * len(keys))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_entry (key, kind, title, url, number, number_norm, "  # noqa: S608
                f"summary, body, date, facets, extra{self.dialect.insert_columns}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s"
                f"{self.dialect.insert_values})",
                rows,
            )
            cursor.execute(
                f"SELECT key, id FROM search_entry WHERE key IN ({placeholders})",  # noqa: S608
                keys,
            )
            ids = dict(cursor.fetchall())
            cursor.executemany(
                "INSERT INTO search_facet (entry_id, name, value) VALUES (%s, %s, %s)",
                [
                    (ids[key], name, value)
                    for key, document in by_key.items()
                    for name, values in document.facets.items()
                    for value in dict.fromkeys(values)
                ],
            )
            self.dialect.store(
                cursor, [(ids[key], *texts) for key, texts in folded.items()]
            )
        return len(rows)

    def _delete_keys(self, keys: list[str]) -> None:
        ids = list(
            IndexEntry.objects.using(self.using)
            .filter(key__in=keys)
            .values_list("pk", flat=True)
        )
        if not ids:
            return
        FacetValue.objects.using(self.using).filter(entry_id__in=ids)._raw_delete(
            self.using
        )
        with self.connection.cursor() as cursor:
            self.dialect.forget(cursor, ids)
        IndexEntry.objects.using(self.using).filter(pk__in=ids)._raw_delete(self.using)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        try:
            with transaction.atomic(using=self.using):
                for start in range(0, len(keys), CHUNK_SIZE):
                    self._delete_keys(keys[start : start + CHUNK_SIZE])
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error

    def clear(self) -> None:
        with transaction.atomic(using=self.using):
            FacetValue.objects.using(self.using).all()._raw_delete(self.using)
            with self.connection.cursor() as cursor:
                self.dialect.clear(cursor)
            IndexEntry.objects.using(self.using).all()._raw_delete(self.using)

    def rebuild(self, documents, progress: Progress | None = None) -> int:
        # One transaction: readers keep seeing the old index until the commit.
        stored = 0
        iterator = iter(documents)
        with transaction.atomic(using=self.using):
            self.clear()
            while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
                count = self._store_chunk(chunk)
                stored += count
                if progress:
                    progress(count)
        return stored

    # Reading -----------------------------------------------------------------

    def _filters(self, query: SearchQuery, with_kind: bool = True):
        where: list[str] = []
        params: list = []
        if with_kind and query.kind:
            where.append("e.kind = %s")
            params.append(query.kind)
        if query.date_from:
            where.append("e.date >= %s")
            params.append(query.date_from)
        if query.date_to:
            where.append("e.date <= %s")
            params.append(query.date_to)
        for name, values in sorted(query.filters.items()):
            values = [v for v in values if v]
            if not values:
                continue
            placeholders = ", ".join(["%s"] * len(values))
            subquery = "SELECT entry_id FROM search_facet WHERE name = %s"
            where.append(f"e.id IN ({subquery} AND value IN ({placeholders}))")
            params += [name, *values]
        return where, params

    def _matched(self, query: SearchQuery, parsed: ParsedQuery, with_kind=True):
        """FROM, WHERE and params selecting the matched rows, and the rank SQL."""
        where, params = self._filters(query, with_kind)
        if parsed.is_empty:
            return "search_entry e", where, params, None, []
        source, condition, match_params, rank, rank_params = self.dialect.match(
            parsed, query.operator
        )
        return source, [condition, *where], [*match_params, *params], rank, rank_params

    def search(self, query: SearchQuery) -> SearchResults:
        """One statement per request: the full-text match is evaluated once into a
        materialised set (id, kind, date, rank), and the kind counts, the facet
        counts and the ranked page are all read from that set; a second, small
        statement loads the page's rows."""
        parsed = parse_query(query.q)
        with_kinds = KIND_FACET in query.facets
        # With the tabs asked for, the set ignores the chosen kind and the other
        # parts restrict to it; otherwise the kind is part of the match.
        source, where, params, rank, rank_params = self._matched(
            query, parsed, with_kind=not with_kinds
        )
        where_sql = " AND ".join(where) or "1 = 1"
        number_sql, number_params = "0", []
        if rank is not None and parsed.number:
            number_sql, number_params = number_rank(parsed)
        matched = (
            f"SELECT e.id AS id, e.kind AS kind, e.date AS date, "  # noqa: S608
            f"{number_sql} AS nrank, {rank or '0'} AS score "
            f"FROM {source} WHERE {where_sql}"
        )
        matched_params = [*number_params, *rank_params, *params]
        if query.sort == "newest" or (query.sort == "relevance" and rank is None):
            order = "m.date DESC NULLS LAST, m.id DESC"
        elif query.sort == "oldest":
            order = "m.date ASC NULLS LAST, m.id ASC"
        else:
            order = "m.nrank, m.score, m.date DESC NULLS LAST, m.id DESC"
        in_kind, in_kind_params = "1 = 1", []
        if with_kinds and query.kind:
            in_kind, in_kind_params = "m.kind = %s", [query.kind]
        parts = [
            # The page: ids in order (row_number keeps the order through UNION ALL).
            "SELECT * FROM (SELECT 2 AS part, '' AS name, '' AS value, m.id AS n, "  # noqa: S608
            f"ROW_NUMBER() OVER (ORDER BY {order}) AS pos FROM m WHERE {in_kind} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) AS page",
        ]
        part_params: list = [*in_kind_params, query.page_size, query.offset]
        if with_kinds:
            parts.append("SELECT 0, m.kind, '', COUNT(*), 0 FROM m GROUP BY m.kind")
        else:
            parts.append("SELECT 1, '', '', COUNT(*), 0 FROM m")
        names = [n for n in query.facets if n != KIND_FACET]
        if names:
            placeholders = ", ".join(["%s"] * len(names))
            parts.append(
                "SELECT 3, f.name, f.value, COUNT(*), 0 FROM m "  # noqa: S608
                "JOIN search_facet f ON f.entry_id = m.id "
                f"WHERE {in_kind} AND f.name IN ({placeholders}) "
                "GROUP BY f.name, f.value"
            )
            part_params += [*in_kind_params, *names]
        sql = (
            f"WITH m AS {self.dialect.materialized} ({matched}) "
            + " UNION ALL ".join(parts)
        )
        kind_counts: dict[str, int] = {}
        count = 0
        page: list[tuple[int, int]] = []
        grouped: dict[str, list[FacetCount]] = defaultdict(list)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, [*matched_params, *part_params])
                for part, name, value, n, pos in cursor.fetchall():
                    if part == 0:
                        kind_counts[name] = n
                    elif part == 1:
                        count = n
                    elif part == 2:
                        page.append((pos, n))
                    else:
                        grouped[name].append(FacetCount(value=value, count=n))
                page.sort()
                ids = [pk for _pos, pk in page]
                rows = self._rows(cursor, ids, query.highlight)
        except DatabaseError as error:
            raise SearchEngineError(str(error)) from error
        facets: dict[str, list[FacetCount]] = {}
        if with_kinds:
            count = (
                kind_counts.get(query.kind, 0)
                if query.kind
                else sum(kind_counts.values())
            )
            facets[KIND_FACET] = sorted(
                (FacetCount(value=k, count=n) for k, n in kind_counts.items()),
                key=lambda f: (-f.count, f.value),
            )
        for name in names:
            facets[name] = sorted(grouped[name], key=lambda f: (-f.count, f.value))
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
        except DatabaseError as error:
            return EngineHealth(engine=self.name, ok=False, detail=str(error))
        return EngineHealth(
            engine=self.name,
            ok=True,
            index=self.dialect.index_name,
            counts=counts,
            detail=self.connection.vendor,
        )


Engine = DatabaseSearchEngine
