"""The database engine's orders: the relevance key of a search's entries (the
query's own document number first, then the closest titles, then the database's
rank), and the page picked from them by relevance or date."""

from __future__ import annotations

import json

import numpy as np

from search import intent, ranking
from search.engines.database.columns import NO_DATE, IndexColumns
from search.query import ParsedQuery

#: Added to the relevance key of entries after the ranked ones.
TIER = 1e9
#: Taken off the key of an entry whose own number holds the query, twice when it
#: is the query: those come first whatever their rank.
NUMBER_TIER = 1e12
#: Taken off the key, times ranking.window_order's fit (words as typed, side by
#: side, named metadata, title_fit): below the number tier, above any rank.
TITLE_TIER = 1e6
#: Taken off the key of an entry acting on the document a relation of the query
#: names ("sửa đổi nghị định 61"): above the number tiers, so that the amending
#: decree comes before the decree it amends.
RELATION_TIER = 4 * NUMBER_TIER
#: Most holders of a number query whose numbers are read to find the one meant.
OWN_NUMBER_READS = 1000


def smallest(key: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k smallest keys, in order."""
    if k < len(key):
        chosen = np.argpartition(key, k - 1)[:k]
    else:
        chosen = np.arange(len(key))
    return chosen[np.argsort(key[chosen], kind="stable")]


def date_key(columns: IndexColumns, positions: np.ndarray, sort: str) -> np.ndarray:
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


def page_of(
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
        order = smallest(date_key(columns, positions, sort), end)
    else:
        # The entries ranked better than the page's last one (fewer than `end`),
        # then the best dated of those tied with it (a common word beyond the
        # ranking window ties tens of thousands: picked, not sorted), in order
        # of relevance and date.
        threshold = np.partition(relevance, end - 1)[end - 1]
        better = np.flatnonzero(relevance < threshold)
        tied = np.flatnonzero(relevance == threshold)
        tied_key = date_key(columns, positions[tied], sort)
        tied = tied[smallest(tied_key, end - len(better))]
        candidates = np.concatenate([better, tied])
        dates = date_key(columns, positions[candidates], sort)
        order = candidates[np.lexsort((dates, relevance[candidates]))]
    return positions[order[offset:end]]


class RelevanceMixin:
    """The relevance key of DatabaseSearchEngine's searches: it needs the
    engine's `dialect`, `window` and its cached `_ids` and `_scores`."""

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
            holders = self._number_holders(cursor, columns, parsed)
            key[columns.mask_of(holders)] -= NUMBER_TIER
            for ids in self._numbers_meant(cursor, holders, parsed):
                key[columns.mask_of(ids)] -= NUMBER_TIER
            key[self._acting_on_number(columns, parsed)] -= RELATION_TIER
        return key

    def _acting_on_number(self, columns: IndexColumns, parsed: ParsedQuery):
        """A mask of the entries acting, in the relation the query asks for, on
        the document its number means ("sửa đổi nghị định 61": the decrees
        amending 61/2018/NĐ-CP), from the relation's facet in the columns. The
        facet's values are grouped by their first part once per index version."""
        relation = parsed.intent.relation if parsed.intent else ""
        column = columns.facets.get(relation) if relation else None
        if column is None or not parsed.number_parts:
            return np.zeros(columns.size, dtype=bool)
        memo = getattr(self, "_relation_values", {})
        by_first = memo.get((columns.token, relation))
        if by_first is None:
            by_first = {}
            for value in column.values:
                by_first.setdefault(value.split("-", 1)[0], []).append(value)
            self._relation_values = memo = {
                key: found for key, found in memo.items() if key[0] == columns.token
            }
            memo[(columns.token, relation)] = by_first
        meant = [
            value
            for value in by_first.get(parsed.number_parts[0], ())
            if ranking.number_tier(value, parsed) >= 2
        ]
        return column.mask(meant, columns.size)

    def _number_holders(
        self, cursor, columns: IndexColumns, parsed: ParsedQuery
    ) -> np.ndarray:
        """Ids of the entries whose own number holds every part of the query's."""
        sql, params = self.dialect.number_holders(parsed.number_parts)
        return self._ids(cursor, columns.token, sql, params)

    def _numbers_meant(
        self, cursor, holders: np.ndarray, parsed: ParsedQuery
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the entries whose number is the one the query means, and of
        those whose number is the query's, spelled any way (ranking.number_tier:
        "61/2018" means 61/2018/NĐ-CP, not 01/2018/TT-VPCP). Read among the
        holders, which are few; past OWN_NUMBER_READS, only the query's number."""
        if len(holders) > OWN_NUMBER_READS:
            cursor.execute(
                "SELECT id FROM search_entry WHERE number_norm = %s", [parsed.number]
            )
            exact = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
            return exact, exact
        ids = holders.tolist()
        tiers: list[tuple[int, int]] = []
        if ids:
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT id, number FROM search_entry WHERE id IN ({placeholders})",  # noqa: S608
                ids,
            )
            tiers = [
                (pk, ranking.number_tier(number, parsed))
                for pk, number in cursor.fetchall()
            ]
        meant = np.array([pk for pk, tier in tiers if tier >= 2], dtype=np.int64)
        exact = np.array([pk for pk, tier in tiers if tier == 3], dtype=np.int64)
        return meant, exact

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
        """Among the best ranked entries, those holding the query's words as
        typed (with diacritics) and side by side in the title or summary
        (search.closeness), then those whose title holds every word of the
        query, the closest (title_fit) first, come first: bm25 and ts_rank
        count words, not how near they are, and a short plan titled with the
        very words lost to longer texts repeating them. Entries holding the
        metadata the query names count it (ranking.window_order), and those
        acting on the document its relation names come before all."""
        if not ranking.reorders(parsed) or not len(ranked):
            return
        best = ranked[smallest(key[ranked], ranking.TITLE_CANDIDATES)]
        ids = columns.ids[best].tolist()
        placeholders = ", ".join(["%s"] * len(ids))
        # Numbers and facets only for what the query named (search.intent):
        # on PostgreSQL the facets may be read from TOAST.
        read = (
            "title, summary, number, facets"
            if parsed.intent
            else "title, summary, '', NULL"
        )
        cursor.execute(
            f"SELECT id, {read} FROM search_entry "  # noqa: S608
            f"WHERE id IN ({placeholders})",
            ids,
        )
        rows = {pk: rest for pk, *rest in cursor.fetchall()}
        candidates = []
        summaries = []
        for pk in ids:
            title, summary, number, facets = rows.get(pk, ("", "", "", None))
            if isinstance(facets, str):
                facets = json.loads(facets)
            candidates.append(intent.Candidate(title, number or "", facets or {}))
            summaries.append(summary or "")
        # The number tier, and the relation to the document a number means,
        # are added to the key afterwards for every entry (_relevance).
        order = ranking.window_order(parsed, candidates, summaries)
        relation_tier = 0 if parsed.number else RELATION_TIER
        for position, (related, _tier, fit) in zip(best.tolist(), order, strict=True):
            key[position] -= relation_tier * related + TITLE_TIER * fit
