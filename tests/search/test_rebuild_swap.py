"""PostgreSQL: search_rebuild writes new tables with several connections and
swaps them in (search.engines.database.swap)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.engines.base import SearchEngineError, SearchQuery
from search.engines.database import DatabaseSearchEngine
from tests.search.documents import doc

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the swap is PostgreSQL's"
    ),
]

SCHEMA = [
    # Storage options, constraints, indexes, statistics and sequences.
    "SELECT relname, reloptions FROM pg_class WHERE oid IN "
    "('search_entry'::regclass, 'search_facet'::regclass) ORDER BY 1",
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE conrelid IN "
    "('search_entry'::regclass, 'search_facet'::regclass) ORDER BY 1, 2",
    "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
    "WHERE indrelid IN ('search_entry'::regclass, 'search_facet'::regclass) "
    "ORDER BY 1",
    "SELECT attrelid::regclass::text, attname, attstattarget, attstorage "
    "FROM pg_attribute WHERE attnum > 0 AND NOT attisdropped AND attrelid IN "
    "('search_entry'::regclass, 'search_facet'::regclass) ORDER BY 1, 2",
    "SELECT pg_get_serial_sequence('search_entry', 'id'), "
    "pg_get_serial_sequence('search_facet', 'id')",
]


def schema():
    with connection.cursor() as cursor:
        found = []
        for sql in SCHEMA:
            cursor.execute(sql)
            found.append(cursor.fetchall())
        return found


def documents(count, prefix="Quyết định về đất đai số", field="dat-dai"):
    for n in range(1, count + 1):
        yield doc(n, f"{prefix} {n}", "Nội dung văn bản. " * 20, field=field)


@pytest.fixture
def pg_engine():
    instance = DatabaseSearchEngine("default", {"REBUILD_WRITERS": 3})
    instance.clear()
    return instance


def max_id():
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM search_entry")
        return cursor.fetchone()[0]


def test_rebuild_swaps_in_tables_like_the_migrated_ones(pg_engine):
    pg_engine.index_bulk(documents(3))
    old_ids = max_id()
    before = schema()
    assert pg_engine.rebuild(documents(1_234)) == 1_234
    assert schema() == before
    # Ids are never reused: a search whose statements straddle the swap
    # cannot take one document for another.
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM search_entry")
        assert cursor.fetchone()[0] > old_ids
    results = pg_engine.search(SearchQuery(q="quyet dinh dat dai", facets=["field"]))
    assert results.count == 1_234
    assert [(f.value, f.count) for f in results.facets["field"]] == [("dat-dai", 1_234)]
    assert pg_engine.search(SearchQuery(q="so 1234")).results[0].key == "legal:1234"
    # The new tables take writes as the old ones did.
    pg_engine.index_bulk([doc(5_000, "Kế hoạch cải cách hành chính")])
    assert pg_engine.search(SearchQuery(q="ke hoach")).count == 1


def test_searches_answer_from_the_old_index_until_the_swap(pg_engine):
    pg_engine.index_bulk(documents(3, prefix="Chỉ thị cũ"))
    seen = []

    def new_documents():
        for n, document in enumerate(documents(1_200, prefix="Nghị quyết mới"), 1):
            if n == 1_100:  # two chunks written by now, in the new tables
                seen.append(pg_engine.search(SearchQuery(q="chi thi")).count)
                seen.append(pg_engine.search(SearchQuery(q="nghi quyet")).count)
            yield document

    pg_engine.rebuild(new_documents())
    assert seen == [3, 0]
    assert pg_engine.search(SearchQuery(q="chi thi")).count == 0
    assert pg_engine.search(SearchQuery(q="nghi quyet")).count == 1_200


def test_a_failed_rebuild_leaves_the_live_index_alone(pg_engine):
    pg_engine.index_bulk(documents(5))
    before = schema()

    def broken():
        yield from documents(700)
        # Longer than search_entry.key: the database refuses the row.
        yield doc("x" * 300, "Văn bản hỏng")

    with pytest.raises(SearchEngineError):
        pg_engine.rebuild(broken())
    assert schema() == before
    assert pg_engine.search(SearchQuery(q="quyet dinh")).count == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_entry_next')")
        assert cursor.fetchone() == (None,)


def test_optimize_after_a_rebuild_has_nothing_left_to_do(pg_engine):
    pg_engine.rebuild(documents(10))
    with CaptureQueriesContext(connection) as queries:
        pg_engine.optimize()
    assert not any("VACUUM" in q["sql"] or "ANALYZE" in q["sql"] for q in queries)
    pg_engine.index_bulk([doc(11, "Quyết định mới")])
    with CaptureQueriesContext(connection) as queries:
        pg_engine.optimize()
    assert any("ANALYZE" in q["sql"] for q in queries)
