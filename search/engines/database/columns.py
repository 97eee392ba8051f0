"""The database engine's per-process columns: kind, date and facet values of every
index entry, as numpy arrays.

The database finds which entries hold the words (FTS5 or a GIN index): that is
what it is fast at. Everything else a search needs — the filters, the kind tabs,
the facet counts, the date orders and picking the page — is computed here over
those ids. Done in SQL it cost a read of each matched row and a sort per facet:
hundreds of milliseconds for a common word at 100,000 documents, against a few
milliseconds here.

A snapshot belongs to the index's version token (table search_state), which every
write to the index replaces inside its own transaction. A search reads the token
with its first statement and, when it differs from the snapshot's, loads a new
snapshot (one statement over search_entry's small columns and one over
search_facet: ≈ 0.4 s at 100,000 documents). A snapshot read while another
write commits may hold more than its token says; the next search sees a newer
token and reloads, so what a search answers is never older than the token it
read.

An entry is never changed in place: a write deletes it and inserts it again
under a new id. So, when the token changes, the new snapshot is the previous
one without the ids that are gone, plus the rows of the new ids (one statement
reads every id, two read the new rows; a few milliseconds), unless the token's
epoch (its first half, kept while the search_state row lives) changed: the
table was emptied, as by a flush that may also reset the ids, and the previous
snapshot says nothing about the entries now under its ids. Only on PostgreSQL:
SQLite gives the ids of a rolled-back insert back, so an id seen inside a
transaction that was rolled back may name another entry later.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

#: Day number (since 1970-01-01) standing for "no date".
NO_DATE = -(2**30)


def _parse(value: str | bytes | None, dtype: str) -> np.ndarray:
    """An aggregate of the database as an array: '1,5,9' (SQLite) or big-endian
    8-byte numbers end to end (PostgreSQL's int8send / float8send)."""
    native = np.dtype(dtype[1:])
    if not value:
        return np.empty(0, dtype=native)
    if isinstance(value, str):
        return np.fromstring(value, dtype=native, sep=",")
    return np.frombuffer(value, dtype=dtype).astype(native)


def parse_ints(value: str | bytes | None) -> np.ndarray:
    return _parse(value, ">i8")


def parse_floats(value: str | bytes | None) -> np.ndarray:
    return _parse(value, ">f8")


@dataclass(frozen=True)
class FacetColumn:
    """One facet: value ordinal of each (entry position, value) pair."""

    values: tuple[str, ...]
    positions: np.ndarray
    ordinals: np.ndarray
    #: When no entry has two values (the usual case): the ordinal of each
    #: position, -1 for none; counting then reads only the selected entries.
    dense: np.ndarray | None = None

    def ordinal(self, value: str) -> int:
        try:
            return self.values.index(value)
        except ValueError:
            return -1

    def mask(self, values, size: int) -> np.ndarray:
        """Entries holding any of `values`."""
        wanted = [o for o in (self.ordinal(v) for v in values) if o >= 0]
        mask = np.zeros(size, dtype=bool)
        if wanted:
            mask[self.positions[np.isin(self.ordinals, wanted)]] = True
        return mask

    def counts(self, selected: np.ndarray, chosen: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) over the entries where `selected` is true (`chosen`:
        the positions where it is)."""
        if self.dense is not None:
            counts = np.bincount(self.dense[chosen] + 1, minlength=len(self.values) + 1)
            counts = counts[1:]
        else:
            counts = np.bincount(
                self.ordinals,
                weights=selected[self.positions],
                minlength=len(self.values),
            ).astype(np.int64)
        return [(self.values[o], int(n)) for o, n in enumerate(counts.tolist()) if n]


@dataclass(frozen=True)
class IndexColumns:
    token: str
    #: Entry ids, ascending; an entry's position is its index here.
    ids: np.ndarray
    kinds: np.ndarray
    kind_names: tuple[str, ...]
    #: Days since 1970-01-01, NO_DATE for entries without a date.
    dates: np.ndarray
    facets: dict[str, FacetColumn]
    #: Position of each id (-1: none), while ids are dense enough for it to be
    #: small: a lookup instead of a binary search per matched id.
    lookup: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the `ids` the snapshot holds, and where they are in `ids`
        (ids the snapshot lacks, written since it was loaded, are left out)."""
        if not self.size or not len(ids):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        if self.lookup is not None:
            inside = np.flatnonzero((ids >= 0) & (ids < len(self.lookup)))
            positions = self.lookup[ids[inside]]
            found = inside[positions >= 0]
            return positions[positions >= 0], found
        positions = np.searchsorted(self.ids, ids)
        positions[positions >= self.size] = 0
        found = np.flatnonzero(self.ids[positions] == ids)
        return positions[found], found

    def mask_of(self, ids: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.positions_of(ids)[0]] = True
        return mask

    def kind_mask(self, kind: str) -> np.ndarray:
        try:
            code = self.kind_names.index(kind)
        except ValueError:
            return np.zeros(self.size, dtype=bool)
        return self.kinds == code

    def kind_counts(self, chosen: np.ndarray) -> dict[str, int]:
        """Entries per kind among the positions `chosen`."""
        counts = np.bincount(self.kinds[chosen], minlength=len(self.kind_names))
        return {self.kind_names[k]: int(n) for k, n in enumerate(counts.tolist()) if n}

    def facet_counts(
        self, name: str, selected: np.ndarray, chosen: np.ndarray
    ) -> list[tuple[str, int]]:
        column = self.facets.get(name)
        return column.counts(selected, chosen) if column else []

    def has_facet(self, name: str) -> np.ndarray:
        """Entries holding some value of facet `name`."""
        mask = np.zeros(self.size, dtype=bool)
        column = self.facets.get(name)
        if column is not None:
            mask[column.positions] = True
        return mask

    def facet_mask(self, name: str, values) -> np.ndarray:
        column = self.facets.get(name)
        if column is None:
            return np.zeros(self.size, dtype=bool)
        return column.mask(values, self.size)


#: New entries a snapshot reads one by one before a full load is cheaper.
UPDATE_LIMIT = 5_000


def _lookup(ids: np.ndarray) -> np.ndarray | None:
    if len(ids) and int(ids.max()) < 4 * len(ids) + 1024:
        lookup = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
        lookup[ids] = np.arange(len(ids))
        return lookup
    return None


def _facet_column(values, positions, ordinals, size: int) -> FacetColumn:
    dense = None
    # No entry with two values (np.unique hashed 100,000 positions in 18 ms).
    if not len(positions) or np.bincount(positions, minlength=size).max() <= 1:
        dense = np.full(size, -1, dtype=np.int32)
        dense[positions] = ordinals
    return FacetColumn(
        values=tuple(values), positions=positions, ordinals=ordinals, dense=dense
    )


def epoch(token: str) -> str:
    return token[:16]


def updated(cursor, dialect, token: str, previous: IndexColumns) -> IndexColumns | None:
    """The snapshot for `token` built from `previous` and the entries written
    since; None when a full load() is needed instead."""
    if not token or not previous.token or epoch(token) != epoch(previous.token):
        return None
    agg = dialect.aggregate
    cursor.execute(f"SELECT {agg('id')} FROM search_entry")  # noqa: S608
    present = np.sort(parse_ints(cursor.fetchone()[0]))
    added = np.setdiff1d(present, previous.ids, assume_unique=True)
    if len(added) > UPDATE_LIMIT:
        return None
    kept = np.flatnonzero(np.isin(previous.ids, present, assume_unique=True))
    rows: list[tuple] = []
    pairs: list[tuple] = []
    if len(added):
        placeholders = ", ".join(["%s"] * len(added))
        new_ids = added.tolist()
        cursor.execute(
            f"SELECT id, kind, {dialect.day_number} FROM search_entry "  # noqa: S608
            f"WHERE id IN ({placeholders})",
            new_ids,
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT entry_id, name, value FROM search_facet "  # noqa: S608
            f"WHERE entry_id IN ({placeholders})",
            new_ids,
        )
        pairs = cursor.fetchall()
    kind_names = list(previous.kind_names)
    codes = {name: code for code, name in enumerate(kind_names)}
    for _id, kind, _day in rows:
        if kind not in codes:
            codes[kind] = len(kind_names)
            kind_names.append(kind)
    ids = np.concatenate(
        [previous.ids[kept], np.array([r[0] for r in rows], dtype=np.int64)]
    )
    kinds = np.concatenate(
        [previous.kinds[kept], np.array([codes[r[1]] for r in rows], dtype=np.int16)]
    )
    dates = np.concatenate(
        [previous.dates[kept], np.array([r[2] for r in rows], dtype=np.int32)]
    )
    order = np.argsort(ids, kind="stable")
    # Where each entry of the concatenation above lands once sorted.
    landing = np.empty(len(order), dtype=np.int64)
    landing[order] = np.arange(len(order))
    moved = np.full(previous.size, -1, dtype=np.int64)
    moved[kept] = landing[: len(kept)]
    new_position = dict(
        zip((r[0] for r in rows), landing[len(kept) :].tolist(), strict=True)
    )
    snapshot = IndexColumns(
        token,
        ids[order],
        kinds[order],
        tuple(kind_names),
        dates[order],
        facets={},
        lookup=_lookup(ids[order]),
    )
    grouped: dict[str, list[tuple[int, str]]] = {}
    for entry_id, name, value in pairs:
        if entry_id in new_position:  # its entry was deleted meanwhile
            grouped.setdefault(name, []).append((new_position[entry_id], value))
    for name in sorted({*previous.facets, *grouped}):
        column = previous.facets.get(name)
        values = list(column.values) if column else []
        positions = np.empty(0, dtype=np.int32)
        ordinals = np.empty(0, dtype=np.int32)
        if column is not None:
            positions = moved[column.positions]
            still = positions >= 0
            positions = positions[still].astype(np.int32)
            ordinals = column.ordinals[still]
        ordinal_of = {value: o for o, value in enumerate(values)}
        added_positions, added_ordinals = [], []
        for position, value in grouped.get(name, []):
            if value not in ordinal_of:
                ordinal_of[value] = len(values)
                values.append(value)
            added_positions.append(position)
            added_ordinals.append(ordinal_of[value])
        positions = np.concatenate([positions, np.array(added_positions, np.int32)])
        ordinals = np.concatenate([ordinals, np.array(added_ordinals, np.int32)])
        if not len(positions):
            continue  # no entry holds it any more: as load() leaves it out
        snapshot.facets[name] = _facet_column(
            values, positions, ordinals, snapshot.size
        )
    return snapshot


def load(cursor, dialect, token: str) -> IndexColumns:
    """Read the columns of every entry in two statements."""
    agg = dialect.aggregate
    cursor.execute(
        f"SELECT kind, {agg('id')}, {agg(dialect.day_number)} "  # noqa: S608
        "FROM search_entry GROUP BY kind"
    )
    kind_names, id_parts, kind_parts, date_parts = [], [], [], []
    for code, (kind, ids, days) in enumerate(cursor.fetchall()):
        ids = parse_ints(ids)
        kind_names.append(kind)
        id_parts.append(ids)
        kind_parts.append(np.full(len(ids), code, dtype=np.int16))
        date_parts.append(parse_ints(days).astype(np.int32))
    if id_parts:
        ids = np.concatenate(id_parts)
        order = np.argsort(ids, kind="stable")
        ids, kinds = ids[order], np.concatenate(kind_parts)[order]
        dates = np.concatenate(date_parts)[order]
    else:
        ids = np.empty(0, dtype=np.int64)
        kinds = np.empty(0, dtype=np.int16)
        dates = np.empty(0, dtype=np.int32)
    snapshot = IndexColumns(
        token, ids, kinds, tuple(kind_names), dates, facets={}, lookup=_lookup(ids)
    )
    cursor.execute(
        f"SELECT name, value, {agg('entry_id')} FROM search_facet "  # noqa: S608
        "GROUP BY name, value ORDER BY name, value"
    )
    grouped: dict[str, list[tuple[str, np.ndarray]]] = {}
    for name, value, entry_ids in cursor.fetchall():
        grouped.setdefault(name, []).append((value, parse_ints(entry_ids)))
    for name, pairs in grouped.items():
        positions, ordinals = [], []
        for ordinal, (_value, entry_ids) in enumerate(pairs):
            found = snapshot.positions_of(entry_ids)[0]
            positions.append(found.astype(np.int32))
            ordinals.append(np.full(len(found), ordinal, dtype=np.int32))
        snapshot.facets[name] = _facet_column(
            [value for value, _ids in pairs],
            np.concatenate(positions),
            np.concatenate(ordinals),
            len(ids),
        )
    return snapshot


_snapshots: dict[str, IndexColumns] = {}
_lock = threading.Lock()


#: The index's version token (none when the table is empty: "").
VERSION_SQL = "SELECT token FROM search_state WHERE id = 1"


def current(cursor, dialect, database: str, token: str) -> IndexColumns:
    """The snapshot for the index's `token` (read in the search's first
    statement), loaded when it changed."""
    snapshot = _snapshots.get(database)
    if snapshot is not None and snapshot.token == token:
        return snapshot
    with _lock:
        snapshot = _snapshots.get(database)
        if snapshot is None or snapshot.token != token:
            fresh = None
            if snapshot is not None and not dialect.reuses_ids:
                fresh = updated(cursor, dialect, token, snapshot)
            if fresh is None:
                fresh = load(cursor, dialect, token)
            snapshot = _snapshots[database] = fresh
    return snapshot


class MatchCache:
    """Answers of the full-text statements (matching ids, ranks) for one
    version of the index, least recently used dropped first, up to `budget`
    numbers in all.

    Paging through the results of a word, choosing a filter, a tab or another
    order all run the same match again: for a common word, reading tens of
    thousands of ids is most of the search. An answer is kept under the token
    the search read first, and the cache empties when the token changes, so it
    is never older than that token (like the columns)."""

    def __init__(self, budget: int):
        self.budget = budget
        self._token: str | None = None
        self._answers: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, token: str, key: tuple) -> tuple[np.ndarray, ...] | None:
        with self._lock:
            if token != self._token:
                return None
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, token: str, key: tuple, answer: tuple[np.ndarray, ...]) -> None:
        size = sum(len(array) for array in answer)
        if not self.budget or size > self.budget:
            return
        for array in answer:
            array.flags.writeable = False  # shared by every search that hits
        with self._lock:
            if token != self._token:
                self._answers.clear()
                self._size = 0
                self._token = token
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._size -= sum(len(array) for array in previous)
            self._answers[key] = answer
            self._size += size
            while self._size > self.budget:
                _key, dropped = self._answers.popitem(last=False)
                self._size -= sum(len(array) for array in dropped)


_match_caches: dict[tuple[str, int], MatchCache] = {}


def match_cache(database: str, budget: int) -> MatchCache:
    """The process's cache of matches on `database` (one per budget)."""
    key = (database, budget)
    cache = _match_caches.get(key)
    if cache is None:
        with _lock:
            cache = _match_caches.setdefault(key, MatchCache(budget))
    return cache
