"""PostgreSQL: queries made only of frequent words are matched from bitmaps each
process keeps (search.engines.database.terms), and must answer exactly what the GIN index
answers, whatever was written, deleted, rolled back or rebuilt since."""

import datetime

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search import indexing
from search.engines.base import KIND_FACET, SearchEngineError, SearchQuery
from search.engines.database import DatabaseSearchEngine, terms
from tests.search.documents import doc

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bitmaps are PostgreSQL's"
    ),
]

FIELDS = ["dat-dai", "tai-chinh", "giao-duc"]
#: Words with and without diacritics, OR-ed, with a phrase, with a rare word.
QUERIES = [
    "ngân sách nhà nước",
    "ngan sach nha nuoc",
    "quyet dinh",
    "kế hoạch năm",
    "dong",
    '"ngan sach" nha nuoc',
    "ngan sach hiem",
]


def corpus(start, count):
    """Documents where "ngân sách", "nhà nước" and "năm" are common."""
    documents = []
    for n in range(start, start + count):
        kind = "news" if n % 5 == 0 else "legal"
        title = ("Quyết định" if n % 2 else "Kế hoạch") + f" phân bổ ngân sách {n}"
        text = "Kinh phí từ nguồn ngân sách nhà nước năm 2020, tính bằng đồng."
        if n % 3 == 0:
            text = "Giao nhiệm vụ cho các sở, ngành thực hiện trong năm."
        if n % 11 == 0:
            text += " Trường hợp hiếm gặp."
        documents.append(
            doc(
                n,
                title,
                text,
                kind=kind,
                field=FIELDS[n % 3],
                date=datetime.date(2015 + n % 6, 1 + n % 12, 1 + n % 28),
            )
        )
    return documents


def answers(engine, queries=QUERIES):
    """What the engine answers to each query: count, page, facets."""
    found = []
    for q in queries:
        for query in [
            SearchQuery(q=q, facets=(KIND_FACET, "field", "year")),
            SearchQuery(q=q, operator="or", sort="newest", page=2, page_size=5),
            SearchQuery(q=q, kind="legal", filters={"field": ["tai-chinh"]}),
        ]:
            results = engine.search(query)
            found.append(
                (
                    results.count,
                    [hit.key for hit in results.results],
                    {
                        n: [(f.value, f.count) for f in v]
                        for n, v in results.facets.items()
                    },
                )
            )
    return found


def full_text_statements(queries):
    """The statements reading which entries hold the words from the GIN index
    (ranking a few thousand matches still reads their rank from the table)."""
    return [q["sql"] for q in queries if "AS id FROM search_entry e WHERE" in q["sql"]]


@pytest.fixture
def engines():
    """The same index searched with bitmaps (every word held by 5 entries or
    more) and without; no match cache, so that each search shows its statements."""
    with_bitmaps = DatabaseSearchEngine(
        "default", {"FREQUENT_TERMS": 5, "MATCH_CACHE": 0}
    )
    without = DatabaseSearchEngine("default", {"FREQUENT_TERMS": 0, "MATCH_CACHE": 0})
    with_bitmaps.clear()
    with_bitmaps.index_bulk(corpus(1, 40))
    assert with_bitmaps.refresh_terms() > 5
    return with_bitmaps, without


def test_frequent_words_are_matched_without_the_full_text_index(engines):
    with_bitmaps, without = engines
    query = SearchQuery(q="ngan sach nha nuoc", facets=(KIND_FACET, "field"))
    with_bitmaps.search(query)  # loads the bitmaps
    with CaptureQueriesContext(connection) as queries:
        results = with_bitmaps.search(query)
    assert not full_text_statements(queries)
    assert results.count == without.search(query).count > 0
    # A phrase needs word positions, and a rare word is cheap for the index.
    for q in ['"ngan sach" nha nuoc', "ngan sach hiem"]:
        with CaptureQueriesContext(connection) as queries:
            with_bitmaps.search(SearchQuery(q=q))
        assert full_text_statements(queries)


def test_bitmaps_answer_what_the_index_answers(engines):
    with_bitmaps, without = engines
    assert answers(with_bitmaps) == answers(without)


def test_writes_after_the_refresh_are_read_by_the_next_search(engines):
    with_bitmaps, without = engines
    with_bitmaps.search(SearchQuery(q="ngan sach"))
    # New entries past the bitmaps' end, an entry replaced, entries deleted.
    with_bitmaps.index_bulk(corpus(41, 30))
    with_bitmaps.index(doc(2, "Kế hoạch giáo dục", "Không còn từ khoá nào."))
    with_bitmaps.delete(["legal:3", "news:10"])
    with CaptureQueriesContext(connection) as queries:
        with_bitmaps.search(SearchQuery(q="ngan sach"))
    assert not full_text_statements(queries)
    assert answers(with_bitmaps) == answers(without)
    assert "legal:2" not in {
        hit.key
        for hit in with_bitmaps.search(
            SearchQuery(q="ngan sach", page_size=100)
        ).results
    }


def test_a_rolled_back_write_leaves_no_trace(engines):
    with_bitmaps, without = engines
    before = answers(with_bitmaps)
    with pytest.raises(RuntimeError), transaction.atomic():
        with_bitmaps.index_bulk(corpus(100, 5))
        assert with_bitmaps.search(SearchQuery(q="ngan sach nha nuoc")).count == (
            without.search(SearchQuery(q="ngan sach nha nuoc")).count
        )
        raise RuntimeError("roll back")
    assert answers(with_bitmaps) == before == answers(without)


def test_too_many_writes_go_to_the_index_until_the_next_refresh(engines, monkeypatch):
    with_bitmaps, without = engines
    monkeypatch.setattr(terms, "CATCH_UP_LIMIT", 4)
    with_bitmaps.index_bulk(corpus(41, 6))
    expected = answers(without)
    with CaptureQueriesContext(connection) as queries:
        assert answers(with_bitmaps) == expected
    assert full_text_statements(queries)
    # search_sync's upkeep sees 6 entries written since the refresh (> 4 / 2).
    monkeypatch.setattr(
        "search.indexing.get_engine", lambda alias: with_bitmaps, raising=True
    )
    indexing.maintain("default")
    frequent = QUERIES[:5]
    expected = answers(without, frequent)
    with CaptureQueriesContext(connection) as queries:
        assert answers(with_bitmaps, frequent) == expected
    assert not full_text_statements(queries)


def test_upkeep_leaves_bitmaps_that_are_nearly_current_alone(engines, monkeypatch):
    with_bitmaps, _without = engines
    with_bitmaps.index_bulk(corpus(41, 2))
    with CaptureQueriesContext(connection) as queries:
        with_bitmaps.maintain()
    assert not any("search_term (term" in q["sql"] for q in queries)


def test_a_rebuild_is_searched_through_the_index_until_it_is_optimized(
    engines, monkeypatch
):
    with_bitmaps, without = engines
    with_bitmaps.search(SearchQuery(q="ngan sach"))
    monkeypatch.setattr(terms, "CATCH_UP_LIMIT", 20)
    with_bitmaps.rebuild(corpus(1, 40) + corpus(200, 30))
    with CaptureQueriesContext(connection) as queries:
        counted = with_bitmaps.search(SearchQuery(q="ngan sach nha nuoc")).count
    assert full_text_statements(queries)
    assert counted == without.search(SearchQuery(q="ngan sach nha nuoc")).count
    with_bitmaps.optimize()
    expected = answers(without, QUERIES[:5])
    with CaptureQueriesContext(connection) as queries:
        assert answers(with_bitmaps, QUERIES[:5]) == expected
    assert not full_text_statements(queries)


def test_only_words_held_often_enough_get_a_bitmap(engines):
    with_bitmaps, _without = engines
    stored = set(with_bitmaps_terms())
    assert {"ngan", "sach", "nha", "nuoc", "nam", "dong"} <= stored
    assert "hiem" not in stored  # 3 entries of 40
    assert "41" not in stored


def test_clear_forgets_the_bitmaps(engines):
    with_bitmaps, without = engines
    with_bitmaps.clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_term")
        assert cursor.fetchone() == (0,)
    with_bitmaps.index_bulk(corpus(1, 3))
    query = SearchQuery(q="ngan sach")
    assert with_bitmaps.search(query).count == without.search(query).count == 3


def test_a_process_without_stored_bitmaps_uses_the_index():
    engine = DatabaseSearchEngine("default", {"FREQUENT_TERMS": 5, "MATCH_CACHE": 0})
    engine.clear()
    engine.index_bulk(corpus(1, 10))
    with CaptureQueriesContext(connection) as queries:
        assert engine.search(SearchQuery(q="ngan sach")).count == 10
    assert full_text_statements(queries)


def test_answers_of_bitmaps_do_not_depend_on_the_page(engines):
    with_bitmaps, without = engines
    for page in (1, 2, 3):
        query = SearchQuery(q="nam", page=page, page_size=7)
        assert [h.key for h in with_bitmaps.search(query).results] == [
            h.key for h in without.search(query).results
        ]


def test_health_says_how_many_words_have_a_bitmap(engines):
    with_bitmaps, without = engines
    with_bitmaps.index(doc(500, "Quyết định mới"))
    detail = with_bitmaps.health().detail
    stored = len(with_bitmaps_terms())
    assert f"{stored} từ thường gặp được giữ dạng bitmap, 1 mục ghi sau" in detail
    with_bitmaps.clear()
    assert "chưa tính bitmap" in with_bitmaps.health().detail
    assert "bitmap" not in without.health().detail


def with_bitmaps_terms():
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_term WHERE term <> ''")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_ranges_are_read_at_once_to_the_same_bitmaps(
    monkeypatch,
):
    engine = DatabaseSearchEngine("default", {"FREQUENT_TERMS": 5, "MATCH_CACHE": 0})
    engine.clear()
    engine.index_bulk(corpus(1, 40))
    # What the bitmaps must hold, asked of the database in plain SQL.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM search_entry")
        every = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT w, array_agg(e.id) FROM search_entry e, "
            "unnest(tsvector_to_array(e.search_vector)) AS w "
            "GROUP BY w HAVING count(*) >= 5"
        )
        found = dict(cursor.fetchall())
    counts = []
    original = terms.collect

    def spy(*args, **kwargs):
        counts.append(kwargs.get("count", 1))
        return original(*args, **kwargs)

    monkeypatch.setattr(terms, "RANGE_MIN", 10)
    monkeypatch.setattr(terms, "collect", spy)
    assert engine.refresh_terms() == len(found)
    assert counts == [2]  # two writers, two ranges
    assert set(with_bitmaps_terms()) == set(found)
    loaded = terms.load(connection.cursor(), "")
    assert np.array_equal(np.flatnonzero(loaded.seen) + loaded.base, np.sort(every))
    for term, ids in found.items():
        flags = np.unpackbits(loaded.bits[term], bitorder="little")
        assert np.array_equal(np.flatnonzero(flags) + loaded.base, np.sort(ids))
    without = DatabaseSearchEngine("default", {"FREQUENT_TERMS": 0, "MATCH_CACHE": 0})
    assert answers(engine) == answers(without)


def test_a_failing_statement_is_an_engine_error(engines, monkeypatch):
    with_bitmaps, _without = engines
    with_bitmaps.index(doc(500, "Quyết định mới"))
    monkeypatch.setattr(
        terms, "CATCH_UP_SQL", "SELECT no_such_column FROM search_entry"
    )
    with pytest.raises(SearchEngineError), transaction.atomic():
        with_bitmaps.search(SearchQuery(q="ngan sach"))
