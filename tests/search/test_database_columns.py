"""The database engine's columns in memory and its ranking window: what they answer
must be what the index holds, whatever was written, deleted or rolled back."""

import dataclasses
import datetime
import random

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.engines.base import KIND_FACET, SearchQuery
from search.engines.database import DatabaseSearchEngine, columns
from tests.search.documents import doc

pytestmark = pytest.mark.django_db


def keys(results):
    return [hit.key for hit in results.results]


@pytest.fixture
def db_engine():
    instance = DatabaseSearchEngine("default", {})
    instance.clear()
    return instance


def test_writes_and_deletes_show_at_the_next_search(db_engine):
    db_engine.index(doc(1, "Quyết định về đất đai", date=datetime.date(2020, 1, 2)))
    assert db_engine.search(SearchQuery(q="dat dai")).count == 1
    db_engine.index(doc(2, "Kế hoạch đất đai", date=datetime.date(2021, 1, 2)))
    query = SearchQuery(q="dat dai", facets=("field", "year"))
    results = db_engine.search(query)
    assert results.count == 2
    assert {(f.value, f.count) for f in results.facets["year"]} == {
        ("2020", 1),
        ("2021", 1),
    }
    db_engine.index(
        doc(2, "Kế hoạch đất đai", field="giao-duc", date=datetime.date(2021, 1, 2))
    )
    results = db_engine.search(query)
    assert {(f.value, f.count) for f in results.facets["field"]} == {
        ("dat-dai", 1),
        ("giao-duc", 1),
    }
    db_engine.delete(["legal:1"])
    results = db_engine.search(query)
    assert keys(results) == ["legal:2"]
    assert [(f.value, f.count) for f in results.facets["field"]] == [("giao-duc", 1)]


def test_a_rolled_back_write_is_not_seen(db_engine):
    db_engine.index(doc(1, "Quyết định về đất đai"))
    assert db_engine.search(SearchQuery(q="dat dai")).count == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        db_engine.index(doc(2, "Kế hoạch đất đai"))
        assert db_engine.search(SearchQuery(q="dat dai")).count == 2
        raise RuntimeError("roll back")
    assert keys(db_engine.search(SearchQuery(q="dat dai"))) == ["legal:1"]


def test_dates_filter_and_order_with_undated_entries_last(db_engine):
    db_engine.index_bulk(
        [
            doc(1, "Báo cáo một", date=datetime.date(2019, 12, 24)),
            doc(2, "Báo cáo hai"),
            doc(3, "Báo cáo ba", date=datetime.date(2020, 3, 1)),
            doc(4, "Báo cáo bốn", date=datetime.date(2018, 5, 5)),
        ]
    )
    newest = db_engine.search(SearchQuery(q="bao cao", sort="newest"))
    assert keys(newest) == ["legal:3", "legal:1", "legal:4", "legal:2"]
    oldest = db_engine.search(SearchQuery(q="bao cao", sort="oldest"))
    assert keys(oldest) == ["legal:4", "legal:1", "legal:3", "legal:2"]
    ranged = db_engine.search(
        SearchQuery(
            date_from=datetime.date(2019, 1, 1), date_to=datetime.date(2019, 12, 31)
        )
    )
    assert keys(ranged) == ["legal:1"]
    page = db_engine.search(SearchQuery(sort="oldest", page=2, page_size=3))
    assert keys(page) == ["legal:2"]


def test_kind_tabs_count_every_kind_and_the_rest_only_the_chosen_one(db_engine):
    db_engine.index_bulk(
        [
            doc(1, "Đất đai tỉnh", kind="legal"),
            doc(2, "Đất đai huyện", kind="legal", field="xay-dung"),
            doc(3, "Tin đất đai", kind="news"),
        ]
    )
    results = db_engine.search(
        SearchQuery(q="dat dai", kind="legal", facets=(KIND_FACET, "field"))
    )
    assert results.count == 2
    assert {(f.value, f.count) for f in results.facets[KIND_FACET]} == {
        ("legal", 2),
        ("news", 1),
    }
    assert {(f.value, f.count) for f in results.facets["field"]} == {
        ("dat-dai", 1),
        ("xay-dung", 1),
    }


@pytest.fixture
def many(db_engine):
    """Six documents with "ngân sách" in the title and six with it in the body only,
    and one whose number is the query."""
    documents = [
        doc(
            n,
            f"Quyết định phân bổ ngân sách đợt {n}",
            date=datetime.date(2020, 1, n),
        )
        for n in range(1, 7)
    ]
    documents += [
        doc(
            n,
            f"Thông báo số {n}",
            "Kinh phí từ nguồn ngân sách nhà nước.",
            date=datetime.date(2021, 1, n),
        )
        for n in range(7, 13)
    ]
    documents.append(doc(13, "Văn bản khác", "ngân sách", number="15/2020/NS-UBND"))
    db_engine.index_bulk(documents)
    return db_engine


def test_a_large_match_ranks_title_matches_first(many):
    """More matches than the window: the database ranks the title matches only;
    they come before the others, which follow newest first."""
    many.window = 8
    results = many.search(SearchQuery(q="ngan sach", page_size=20))
    assert results.count == 13
    order = keys(results)
    assert set(order[:6]) == {f"legal:{n}" for n in range(1, 7)}
    assert order[6:12] == [f"legal:{n}" for n in range(12, 6, -1)]


def test_when_even_the_title_matches_are_too_many_dates_decide(many):
    many.window = 3
    results = many.search(SearchQuery(q="ngan sach", page_size=20, facets=("field",)))
    assert results.count == 13
    assert results.facets["field"][0].count == 13
    order = keys(results)
    assert order[:6] == [f"legal:{n}" for n in range(6, 0, -1)]
    assert order[6:12] == [f"legal:{n}" for n in range(12, 6, -1)]


def test_within_the_window_ranking_is_the_databases(many):
    within = many.search(SearchQuery(q="ngan sach", page_size=20))
    many.window = 3
    beyond = many.search(SearchQuery(q="ngan sach", page_size=20))
    assert within.count == beyond.count == 13
    assert set(keys(within)) == set(keys(beyond))


@pytest.mark.parametrize("window", [3, 10_000])
def test_the_number_comes_first_in_any_window(many, window):
    many.window = window
    for spelling in ["15/2020/NS-UBND", "15 2020 ns ubnd"]:
        assert keys(many.search(SearchQuery(q=spelling)))[0] == "legal:13"


def test_pages_follow_each_other_without_gaps_or_repeats(many):
    many.window = 3
    seen = []
    for page in range(1, 6):
        seen += keys(many.search(SearchQuery(q="ngan sach", page=page, page_size=3)))
    assert len(seen) == len(set(seen)) == 13


def test_optimize_after_a_bulk_load_keeps_every_answer(many):
    before = many.search(SearchQuery(q="ngan sach", facets=("field",)))
    many.optimize()
    after = many.search(SearchQuery(q="ngan sach", facets=("field",)))
    assert keys(after) == keys(before)
    assert after.facets == before.facets


def test_facets_with_several_values_per_entry_count_each_value(db_engine):
    both = dataclasses.replace(
        doc(1, "Quy định đất đai và xây dựng"),
        facets={"field": ["dat-dai", "xay-dung"]},
    )
    db_engine.index_bulk([both, doc(2, "Quy định đất đai")])
    results = db_engine.search(
        SearchQuery(q="quy dinh", filters={"field": ["xay-dung"]}, facets=("field",))
    )
    assert keys(results) == ["legal:1"]
    assert {(f.value, f.count) for f in results.facets["field"]} == {
        ("dat-dai", 1),
        ("xay-dung", 1),
    }
    results = db_engine.search(SearchQuery(q="quy dinh", facets=("field",)))
    assert {(f.value, f.count) for f in results.facets["field"]} == {
        ("dat-dai", 2),
        ("xay-dung", 1),
    }


def test_bulk_writes_span_chunks_and_keep_the_last_version(db_engine, monkeypatch):
    from search.engines.database import preparation

    monkeypatch.setattr(preparation, "CHUNK_SIZE", 3)
    documents = [doc(n, f"Quyết định số {n} về đất đai") for n in range(10)]
    # The same key again, in a later chunk and twice in one chunk: the last wins.
    documents += [doc(4, "Kế hoạch giáo dục", field="giao-duc")] * 2
    assert db_engine.index_bulk(documents) == 11
    results = db_engine.search(SearchQuery(q="dat dai", facets=("field",)))
    assert results.count == 9
    assert [(f.value, f.count) for f in results.facets["field"]] == [("dat-dai", 9)]
    assert keys(db_engine.search(SearchQuery(q="giao duc"))) == ["legal:4"]


@pytest.mark.parametrize("ahead", [True, False])
def test_prepared_chunks_read_documents_in_the_callers_thread(ahead, monkeypatch):
    """Documents may come from the database: only the folding runs ahead in a
    thread, never the reading."""
    import threading

    from search.engines.database import preparation

    monkeypatch.setattr(preparation, "CHUNK_SIZE", 2)
    readers = set()

    def documents():
        for n in range(7):
            readers.add(threading.get_ident())
            yield doc(n, f"Văn bản {n}")

    chunks = list(preparation.prepared_chunks(documents(), ahead))
    assert readers == {threading.get_ident()}
    assert [chunk.keys for chunk in chunks] == [
        ["legal:0", "legal:1"],
        ["legal:2", "legal:3"],
        ["legal:4", "legal:5"],
        ["legal:6"],
    ]
    assert chunks[0].folded[0][0] == "van ban 0"


def test_a_failing_write_is_an_engine_error_and_keeps_earlier_chunks(
    db_engine, monkeypatch
):
    from search.engines.base import SearchEngineError
    from search.engines.database import preparation

    monkeypatch.setattr(preparation, "CHUNK_SIZE", 2)
    documents = [doc(n, f"Quyết định {n} về đất đai") for n in range(4)]
    original = preparation.prepare

    def prepare(chunk):
        """The second chunk's last row loses its key, which may not be NULL."""
        prepared = original(chunk)
        if any(d.key == "legal:3" for d in chunk):
            prepared.rows[-1] = (None, *prepared.rows[-1][1:])
        return prepared

    monkeypatch.setattr(preparation, "prepare", prepare)
    with pytest.raises(SearchEngineError):
        db_engine.index_bulk(documents)
    assert sorted(keys(db_engine.search(SearchQuery(q="dat dai")))) == [
        "legal:0",
        "legal:1",
    ]


@pytest.mark.parametrize("sort", ["relevance", "oldest"])
def test_a_page_of_many_tied_entries_is_the_fully_sorted_one(sort):
    """Beyond the ranking window tens of thousands of entries tie: the page
    picked from them must be the one a full sort by relevance then date gives."""
    import numpy as np

    from search.engines.database.columns import NO_DATE, IndexColumns
    from search.engines.database.relevance import TIER, date_key, page_of

    rng = np.random.default_rng(146)
    size = 5_000
    dates = rng.integers(17_000, 19_000, size).astype(np.int32)
    dates[rng.random(size) < 0.1] = NO_DATE
    columns = IndexColumns(
        token="t",
        ids=np.arange(1, size + 1, dtype=np.int64),
        kinds=np.zeros(size, dtype=np.int8),
        kind_names=("legal",),
        dates=dates,
        facets={},
    )
    positions = np.flatnonzero(rng.random(size) < 0.8)
    relevance = np.full(len(positions), TIER)
    relevance[rng.random(len(positions)) < 0.01] = -3.5  # a few ranked matches
    relevance[:3] = -9.0
    full = positions[
        np.lexsort(
            (date_key(columns, positions, sort), relevance),
        )
    ]
    for offset in (0, 10, 60, 100):
        page = page_of(columns, positions, relevance, sort, offset, 20)
        assert page.tolist() == full[offset : offset + 20].tolist()


def test_a_cleared_index_keeps_nothing_of_the_columns_before(db_engine):
    """A rebuild rolled back with its transaction gives its ids out again (on
    PostgreSQL the swap's sequence restarts where the live one stands): once
    the index is cleared, what an id was before must not be kept."""

    class RolledBack(Exception):
        pass

    def kind_tabs():
        query = SearchQuery(q="dat dai", facets=(KIND_FACET,))
        return [(f.value, f.count) for f in db_engine.search(query).facets[KIND_FACET]]

    with pytest.raises(RolledBack), transaction.atomic():
        db_engine.rebuild([doc(1, "Tin đất đai", kind="news")])
        assert kind_tabs() == [("news", 1)]
        raise RolledBack
    db_engine.clear()
    db_engine.rebuild([doc(1, "Quyết định đất đai", kind="legal")])
    assert kind_tabs() == [("legal", 1)]


def test_paging_a_match_reads_it_once_and_a_write_reads_it_again(db_engine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    db_engine.index_bulk(
        [doc(n, f"Quyết định {n} về đất đai") for n in range(30)]
        + [doc(100, "Kế hoạch giáo dục")]
    )
    first = db_engine.search(SearchQuery(q="dat dai", page_size=10))
    with CaptureQueriesContext(connection) as page_two:
        second = db_engine.search(SearchQuery(q="dat dai", page_size=10, page=2))
    statements = " ".join(q["sql"] for q in page_two.captured_queries)
    assert "search_fts" not in statements and "@@" not in statements
    assert second.count == first.count == 30
    assert not set(keys(first)) & set(keys(second))
    db_engine.index(doc(31, "Quy định đất đai mới"))
    assert db_engine.search(SearchQuery(q="dat dai", page_size=10)).count == 31


def test_the_match_cache_keeps_one_version_within_its_budget():
    import numpy as np

    from search.engines.database.columns import MatchCache

    cache = MatchCache(budget=10)
    cache.put("v1", ("a",), (np.arange(4),))
    cache.put("v1", ("b",), (np.arange(4), np.zeros(2)))
    assert cache.get("v1", ("a",))[0].tolist() == [0, 1, 2, 3]
    cache.put("v1", ("c",), (np.arange(3),))  # 13 numbers: "b", the oldest used, goes
    assert cache.get("v1", ("b",)) is None
    assert cache.get("v1", ("c",)) is not None
    assert cache.get("v2", ("a",)) is None  # another version never answers
    cache.put("v2", ("d",), (np.arange(1),))
    assert cache.get("v1", ("a",)) is None  # a new version empties the cache
    cache.put("v2", ("huge",), (np.arange(11),))  # more than the budget: not kept
    assert cache.get("v2", ("huge",)) is None
    with pytest.raises(ValueError):
        cache.get("v2", ("d",))[0][0] = 5  # shared answers are read-only


def test_aggregates_read_as_text_or_binary():
    import struct

    from search.engines.database.columns import MatchCache, parse_floats, parse_ints

    assert parse_ints("3,1,2").tolist() == [3, 1, 2]
    assert parse_ints(struct.pack(">3q", 3, 1, 2**40)).tolist() == [3, 1, 2**40]
    assert parse_ints(None).tolist() == parse_ints(b"").tolist() == []
    assert parse_floats(struct.pack(">2d", -0.5, 2.25)).tolist() == [-0.5, 2.25]
    assert parse_floats("-0.5,2.25").tolist() == [-0.5, 2.25]
    off = MatchCache(budget=0)
    off.put("v1", ("a",), (parse_ints(""),))
    assert off.get("v1", ("a",)) is None


def test_close_titles_are_chosen_among_the_filtered_entries(db_engine, monkeypatch):
    """The titles read are those of the best entries the page can show: better
    ranked entries outside the filter must not crowd the plan out."""
    from search import ranking

    monkeypatch.setattr(ranking, "TITLE_CANDIDATES", 2)
    repeated = "kế hoạch cải cách hành chính năm 2020 " * 20
    db_engine.index_bulk(
        [
            doc(
                22,
                "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên",
                "Mục tiêu, nhiệm vụ và giải pháp của tỉnh trong năm. " * 40,
            ),
            doc(
                32,
                "Triển khai Kế hoạch cải cách hành chính nhà nước của tỉnh năm 2020 "
                "tại các sở, ban, ngành",
                "Kế hoạch cải cách hành chính năm 2020. " * 3,
            ),
            doc(40, "Kế hoạch cải cách hành chính", repeated, field="y-te"),
            doc(41, "Cải cách hành chính năm 2020", repeated, field="y-te"),
        ]
    )
    query = SearchQuery(
        q="ke hoach cai cach hanh chinh 2020", filters={"field": ["dat-dai"]}
    )
    assert keys(db_engine.search(query)) == ["legal:22", "legal:32"]


def _same_snapshot(a, b):
    """Two snapshots hold the same entries with the same kinds, dates and facets."""
    assert np.array_equal(a.ids, b.ids)
    assert [a.kind_names[k] for k in a.kinds] == [b.kind_names[k] for k in b.kinds]
    assert np.array_equal(a.dates, b.dates)
    assert sorted(a.facets) == sorted(b.facets)
    for name in a.facets:
        pairs = [
            sorted(
                zip(
                    s.ids[f.positions].tolist(),
                    [f.values[o] for o in f.ordinals],
                    strict=True,
                )
            )
            for s, f in ((a, a.facets[name]), (b, b.facets[name]))
        ]
        assert pairs[0] == pairs[1], name
        assert (a.facets[name].dense is None) == (b.facets[name].dense is None)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite gives a rolled-back insert's id back: it always reloads",
)


@postgresql_only
def test_after_a_write_the_columns_read_only_the_new_entries(db_engine):
    """Random writes and deletes: each snapshot built from the previous one is
    the one a full load gives, and reads no grouped statement."""
    rng = random.Random(146)
    kinds = ["legal", "news", "procedure", "page"]
    fields = ["dat-dai", "giao-duc", "y-te", "tai-chinh"]
    db_engine.index_bulk(
        doc(n, f"Văn bản số {n}", field=rng.choice(fields), kind="legal")
        for n in range(1, 30)
    )
    db_engine.search(SearchQuery(q="van ban"))
    for step in range(12):
        if step % 4 == 3:
            db_engine.delete([f"legal:{rng.randrange(1, 40)}" for _ in range(3)])
        else:
            db_engine.index_bulk(
                doc(
                    rng.randrange(1, 40),
                    f"Văn bản sửa {step}",
                    field=rng.choice([*fields, f"moi-{step}"]),
                    kind=rng.choice(kinds),
                    date=rng.choice([None, datetime.date(2019 + step % 3, 1, 5)]),
                )
                for _ in range(rng.randrange(1, 5))
            )
        with CaptureQueriesContext(connection) as queries:
            db_engine.search(SearchQuery(q="van ban", facets=(KIND_FACET, "field")))
        assert not any("GROUP BY" in q["sql"] for q in queries)
        with connection.cursor() as cursor:
            cursor.execute(columns.VERSION_SQL)
            token = cursor.fetchone()[0]
            _same_snapshot(
                columns._snapshots["default"],
                columns.load(cursor, db_engine.dialect, token),
            )


@postgresql_only
def test_an_emptied_state_table_means_a_full_load(db_engine):
    """A flush empties search_state (and may restart the ids): the next token
    has another epoch, and the previous snapshot is not trusted."""
    db_engine.index(doc(1, "Quyết định về đất đai"))
    db_engine.search(SearchQuery(q="dat dai"))
    before = columns._snapshots["default"].token
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_state")
    db_engine.index(doc(2, "Kế hoạch đất đai"))
    with connection.cursor() as cursor:
        cursor.execute(columns.VERSION_SQL)
        token = cursor.fetchone()[0]
    assert columns.epoch(token) != columns.epoch(before)
    with CaptureQueriesContext(connection) as queries:
        assert db_engine.search(SearchQuery(q="dat dai")).count == 2
    assert any("GROUP BY kind" in q["sql"] for q in queries)
