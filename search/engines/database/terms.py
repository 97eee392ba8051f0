"""PostgreSQL: the entries holding each frequent word, as bitmaps in memory.

Vietnamese is written in syllables, and the syllables of everyday words ("ngân
sách nhà nước", "quyết định", "kế hoạch") each occur in most legal documents. For
such a query the GIN index hands PostgreSQL tens of thousands of rows to read and
aggregate: at 100,000 documents that single statement was most of the search
(35-50 ms). A word held by a few thousand entries or more is therefore kept as a
bitmap over entry ids, and a query made only of such words is matched by AND-ing
(or OR-ing) bitmaps: a few milliseconds, and no statement at all.

Where the bitmaps come from:

- The engine's refresh_terms() (run by optimize() after search_rebuild, and by
  search_sync's upkeep once many entries were written since) unnests the
  vectors, by ranges of ids read at once outside a transaction (collect), and
  stores the ids of each word found in at least FREQUENT_TERMS entries as
  bitmaps in `search_term` (store_bitmaps), with the ids it saw (the row with
  the empty term) and a new version (search_state row TERMS_STATE).
- Each process loads them once (TermStore) and keeps them up to date itself: an
  entry is never changed in place (an update deletes it and inserts it again with
  a new id, and a rebuild's ids follow the old ones), so when the index changes
  only the entries the bitmaps have not seen need reading, usually the one or two
  that were just published. Deleted entries keep their bits; they are absent from
  the columns (search.engines.database.columns), so no search counts them.

A word is matched from the bitmaps only if it was stored under exactly the
lexeme the query's word becomes ('simple' + unaccent leave folded words as they
are), so that a query gives the same answer by either path. Phrases, and words
not frequent enough, go to the GIN index as before.
"""

from __future__ import annotations

import functools
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from django.db import DatabaseError

from search.engines.database.columns import IndexColumns, parse_ints
from search.query import words

logger = logging.getLogger(__name__)

#: search_state's row holding the version of the stored bitmaps (row 1 is the
#: index's own version, search.engines.database.columns.VERSION_SQL).
TERMS_STATE = 2
VERSION_SQL = "SELECT token FROM search_state WHERE id = 2"  # TERMS_STATE
#: Longest word kept (search_term.term).
MAX_TERM = 100
#: Entries a process reads to bring its bitmaps up to date before it gives up on
#: them (until the next refresh): reading a new entry's words costs ≈ 40 µs.
CATCH_UP_LIMIT = 5_000
#: Spare bits added when new ids pass the end of the bitmaps, so that one
#: publication after another does not copy them each time.
SPARE_BITS = 8_192

#: The ids of each word of the entries in a range of ids and, in the same
#: statement (one snapshot), every id of the range.
RANGE_SQL = (
    "SELECT w.word, string_agg(int8send(e.id), ''::bytea) FROM search_entry e "
    "CROSS JOIN LATERAL unnest(tsvector_to_array(e.search_vector)) AS w (word) "
    "WHERE e.id BETWEEN %s AND %s GROUP BY w.word HAVING count(*) >= %s "
    "UNION ALL SELECT NULL, string_agg(int8send(id), ''::bytea) FROM search_entry "
    "WHERE id BETWEEN %s AND %s"
)
#: Ids per range when a refresh reads ranges on several connections at once.
RANGE_MIN = 20_000
#: The words of some entries, with the ids holding each.
CATCH_UP_SQL = (
    "SELECT w.word, string_agg(int8send(e.id), ''::bytea) FROM search_entry e "
    "CROSS JOIN LATERAL unnest(tsvector_to_array(e.search_vector)) AS w (word) "
    "WHERE e.id = ANY(%s::bigint[]) GROUP BY w.word"
)


def _is_word(term: str | None) -> bool:
    return bool(term) and len(term) <= MAX_TERM and words(term) == [term]


def _pack(flags: np.ndarray) -> np.ndarray:
    return np.packbits(flags, bitorder="little")


def _flags(bits: np.ndarray) -> np.ndarray:
    return np.unpackbits(bits, bitorder="little").view(bool)


def _fetch_binary(cursor, sql: str, params: list, connection=None) -> list[tuple]:
    """Rows of `sql` with bytea in binary: Django's cursor binds on the client
    and reads text, hex that doubles the ids' tens of megabytes. `connection`:
    a psycopg connection instead of the cursor's."""
    import psycopg

    try:
        with psycopg.Cursor(connection or cursor.connection) as binary:
            binary.execute(sql.replace("%s", "%b"), params, binary=True)
            return binary.fetchall()
    except psycopg.Error as error:  # outside Django's cursor: not translated
        raise DatabaseError(str(error)) from error


Collected = tuple[np.ndarray, dict[str, np.ndarray]]


def collect(
    low: int,
    high: int,
    min_entries: int,
    cursor=None,
    connect=None,
    count: int = 1,
) -> Collected:
    """Every id from `low` to `high`, and the ids of each word held by at least
    `min_entries` of those entries: in one statement on `cursor` (the caller's
    transaction), or split into `count` ranges read at once, each on a
    connection of its own from `connect()`.

    Each range is read in one statement, so each id's words are those of the
    ids that statement saw (an entry never changes); entries written meanwhile
    are read by each process as after any write."""
    step = -(-(high - low + 1) // count)
    ranges = [
        (start, min(start + step - 1, high)) for start in range(low, high + 1, step)
    ]

    # One range drops the rarer words in the statement; with several, a word's
    # count is known only once the ranges are summed.
    least = min_entries if len(ranges) == 1 else 1

    def read(bounds: tuple[int, int]) -> list[tuple]:
        params = [*bounds, least, *bounds]
        if connect is None:
            return _fetch_binary(cursor, RANGE_SQL, params)
        connection = connect()
        try:
            return _fetch_binary(None, RANGE_SQL, params, connection)
        finally:
            connection.close()

    if len(ranges) == 1:
        results = [read(ranges[0])]
    else:
        with ThreadPoolExecutor(max_workers=len(ranges)) as pool:
            results = list(pool.map(read, ranges))
    parts: dict[str | None, list[np.ndarray]] = {}
    for rows in results:
        for term, ids in rows:
            parts.setdefault(term, []).append(parse_ints(ids))
    every = np.concatenate(parts.pop(None, [np.empty(0, dtype=np.int64)]))
    found = {
        term: np.concatenate(arrays)
        for term, arrays in parts.items()
        if sum(len(a) for a in arrays) >= min_entries and _is_word(term)
    }
    return every, found


def store_bitmaps(cursor, collected: Collected) -> int:
    """Store what collect() found as bitmaps, with a new version, in the
    caller's transaction; returns how many words have one."""
    every, found = collected
    cursor.execute("DELETE FROM search_term")
    if len(every):
        base = int(every.min())
        size = -(-(int(every.max()) - base + 1) // 8) * 8
        rows = []
        for term, ids in [("", every), *found.items()]:
            flags = np.zeros(size, dtype=bool)
            flags[ids - base] = True
            rows.append((term, base, _pack(flags).tobytes()))
        cursor.executemany(
            "INSERT INTO search_term (term, base, bits) VALUES (%s, %s, %s)", rows
        )
    cursor.execute(
        "INSERT INTO search_state (id, token) VALUES (%s, %s) "
        "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
        [TERMS_STATE, uuid.uuid4().hex],
    )
    return len(found) if len(every) else 0


def backlog(cursor) -> int | None:
    """Entries written since the stored bitmaps were computed (None: none stored)."""
    cursor.execute("SELECT base + 8 * length(bits) FROM search_term WHERE term = ''")
    row = cursor.fetchone()
    if row is None:
        return None
    cursor.execute("SELECT count(*) FROM search_entry WHERE id >= %s", [row[0]])
    return cursor.fetchone()[0]


def describe(cursor) -> str:
    """The stored bitmaps, for search_health."""
    behind = backlog(cursor)
    if behind is None:
        return "chưa tính bitmap các từ thường gặp (search_rebuild sẽ tính)"
    cursor.execute("SELECT count(*) FROM search_term WHERE term <> ''")
    stored = cursor.fetchone()[0]
    return (
        f"{stored} từ thường gặp được giữ dạng bitmap, "
        f"{behind} mục ghi sau lần tính gần nhất"
    )


def clear(cursor) -> None:
    cursor.execute("DELETE FROM search_term")
    cursor.execute("DELETE FROM search_state WHERE id = %s", [TERMS_STATE])


@dataclass(frozen=True)
class TermBitmaps:
    """One process's bitmaps, for one version of the index (`token`). Never
    changed once built: a search reads them while another thread builds the
    next ones."""

    #: The stored bitmaps' version they were loaded from.
    version: str
    #: The index version they are up to date with.
    token: str
    #: Whether they cover every entry of the columns of `token`.
    usable: bool
    #: Id of bit 0.
    base: int = 0
    #: Packed, little bit order, all the same length.
    bits: dict[str, np.ndarray] = field(default_factory=dict)
    #: Ids the bitmaps have seen (unpacked).
    seen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def lookup(self, flags: np.ndarray, columns: IndexColumns) -> np.ndarray:
        """The entries of `columns` whose bit is set in the unpacked `flags`."""
        relative = columns.ids - self.base
        inside = (relative >= 0) & (relative < len(flags))
        mask = np.zeros(columns.size, dtype=bool)
        mask[inside] = flags[relative[inside]]
        return mask

    def matching(
        self, columns: IndexColumns, terms: tuple[str, ...], operator: str
    ) -> np.ndarray | None:
        """The entries holding every one of `terms` (any with operator "or"),
        or None when one of them has no bitmap."""
        if not self.usable or not terms or any(t not in self.bits for t in terms):
            return None
        join = np.bitwise_and if operator == "and" else np.bitwise_or
        combined = functools.reduce(join, (self.bits[t] for t in terms))
        return self.lookup(_flags(combined), columns)

    def caught_up(self, cursor, columns: IndexColumns) -> TermBitmaps:
        """These bitmaps with the entries of `columns` they have not seen."""
        new = columns.ids[~self.lookup(self.seen, columns)]
        if not len(new):
            return TermBitmaps(
                self.version, columns.token, True, self.base, self.bits, self.seen
            )
        if len(new) > CATCH_UP_LIMIT or int(new.min()) < self.base:
            # Too many to read now (a bulk load the next refresh will cover), or
            # ids below the bitmaps (written before the refresh, committed after).
            return TermBitmaps(self.version, columns.token, False)
        added = {
            term: parse_ints(ids) - self.base
            for term, ids in _fetch_binary(cursor, CATCH_UP_SQL, [new.tolist()])
            if term in self.bits
        }
        size = len(self.seen)
        end = int(new.max()) - self.base + 1
        if end > size:
            size = -(-(end + SPARE_BITS) // 8) * 8
        bits = {}
        for term, packed in self.bits.items():
            if term not in added and size == len(self.seen):
                bits[term] = packed  # shared: never written in place
                continue
            flags = np.zeros(size, dtype=bool)
            flags[: len(self.seen)] = _flags(packed)
            flags[added.get(term, [])] = True
            bits[term] = _pack(flags)
        seen = np.zeros(size, dtype=bool)
        seen[: len(self.seen)] = self.seen
        seen[new - self.base] = True
        return TermBitmaps(self.version, columns.token, True, self.base, bits, seen)


def load(cursor, version: str) -> TermBitmaps:
    """The stored bitmaps (`version`), as refresh() left them."""
    rows = _fetch_binary(cursor, "SELECT term, base, bits FROM search_term", [])
    seen = next((row for row in rows if row[0] == ""), None)
    if seen is None:
        return TermBitmaps(version, "", False)
    base = int(seen[1])
    bits = {
        term: np.frombuffer(bytes(data), dtype=np.uint8)
        for term, row_base, data in rows
        if term and int(row_base) == base and len(data) == len(seen[2])
    }
    flags = _flags(np.frombuffer(bytes(seen[2]), dtype=np.uint8)).copy()
    # The token is the one they were computed for, unknown here: caught_up()
    # checks every entry of the first columns against `seen`.
    return TermBitmaps(version, "", True, base, bits, flags)


class TermStore:
    """The process's bitmaps of one database, brought up to date with the
    columns a search uses before it reads them."""

    def __init__(self):
        self._current = TermBitmaps(version="", token="", usable=False)
        self._lock = threading.Lock()

    def for_columns(self, cursor, columns: IndexColumns) -> TermBitmaps:
        current = self._current
        if current.token == columns.token:
            return current
        with self._lock:
            current = self._current
            if current.token != columns.token:
                current = self._current = self._update(cursor, columns)
        return current

    @staticmethod
    def _version(cursor) -> str:
        cursor.execute(VERSION_SQL)
        row = cursor.fetchone()
        return row[0] if row else ""

    def _update(self, cursor, columns: IndexColumns) -> TermBitmaps:
        version = self._version(cursor)
        current = self._current
        if version and version != current.version:
            current = load(cursor, version)
            logger.info("Loaded the bitmaps of %d frequent words", len(current.bits))
        if not version or not current.usable or not current.bits:
            return TermBitmaps(version, columns.token, False)
        return current.caught_up(cursor, columns)


_stores: dict[str, TermStore] = {}
_stores_lock = threading.Lock()


def store(database: str) -> TermStore:
    found = _stores.get(database)
    if found is None:
        with _stores_lock:
            found = _stores.setdefault(database, TermStore())
    return found
