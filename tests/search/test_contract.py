"""One contract, every engine: the same tests run on each (see conftest.ENGINES)."""

import dataclasses
import datetime

import pytest

from search.engines.base import KIND_FACET, SearchQuery
from search.engines.elasticsearch import ElasticsearchSearchEngine
from search.registry import Kind
from tests.search import documents as docs
from tests.search.documents import KindTestAdapter


def keys(engine, q="", **kwargs):
    return [hit.key for hit in engine.search(SearchQuery(q=q, **kwargs)).results]


def counts(facet):
    return {f.value: f.count for f in facet}


@pytest.mark.parametrize(
    "q",
    [
        "ke hoach cai cach hanh chinh 2020",
        "Kế hoạch cải cách hành chính năm 2020",
        "KE HOACH CAI CACH HANH CHINH 2020",
    ],
)
def test_the_plan_comes_first(filled, q):
    assert keys(filled, q)[0] == docs.PLAN_146.key


@pytest.mark.parametrize(
    "q", ["146/KH-UBND", "146/kh-ubnd", "146 kh ubnd", "146 KH UBND", "kh 146"]
)
def test_document_number_in_any_spelling_finds_it_first(filled, q):
    found = keys(filled, q)
    assert found[0] == docs.PLAN_146.key
    # The news item only cites the number; the report shares "146" but not "KH".
    assert docs.REPORT_146.key not in found[:1]


@pytest.mark.parametrize(
    "q", ["01/2020/QĐ-UBND", "01/2020/qd-ubnd", "01 2020 qd ubnd", "qđ 01/2020"]
)
def test_number_with_year_and_d_stroke(filled, q):
    assert keys(filled, q)[0] == docs.DECISION_01.key


@pytest.mark.parametrize("q", ["1.004227", "1004227", "1 004227"])
def test_procedure_code_with_or_without_its_dot(filled, q):
    # Citizens copy the code from a receipt or type it without the dot.
    assert keys(filled, q)[0] == docs.PROCEDURE_LAND.key


@pytest.mark.parametrize("q", ["146KH-UBND", "146kh-ubnd", "146.KH.UBND", "kh 146"])
def test_number_typed_against_its_symbol_or_with_dots(filled, q):
    assert keys(filled, q)[0] == docs.PLAN_146.key


def test_words_without_diacritics_find_words_with_them(filled):
    assert set(keys(filled, "quyet dinh")) == set(keys(filled, "Quyết định"))
    assert {docs.DECISION_01.key, docs.DECISION_LAND.key} <= set(
        keys(filled, "quyet dinh")
    )
    assert {docs.DECISION_LAND.key, docs.PROCEDURE_LAND.key} <= set(
        keys(filled, "Dat dai")
    )
    dong = set(keys(filled, "dong"))
    assert {docs.DECISION_01.key, docs.NEWS_FESTIVAL.key} <= dong
    assert set(keys(filled, "dat dai")) == set(keys(filled, "Đất đai"))


def test_quoted_phrase_keeps_word_order(filled):
    assert set(keys(filled, '"cai cach hanh chinh"')) == {
        docs.PLAN_146.key,
        docs.NEWS_REFORM.key,
    }
    assert keys(filled, '"hanh chinh cai cach"') == []


def test_every_word_must_match_unless_relaxed(filled):
    assert keys(filled, "dat dai phohien") == []
    relaxed = keys(filled, "dat dai phohien", operator="or")
    assert docs.PROCEDURE_LAND.key in relaxed


def test_filters_and_facet_counts(filled):
    results = filled.search(
        SearchQuery(kind="legal", facets=["doc_type", "year", KIND_FACET])
    )
    assert results.count == 4
    assert counts(results.facets["doc_type"]) == {
        "quyet-dinh": 2,
        "ke-hoach": 1,
        "bao-cao": 1,
    }
    assert results.facets["doc_type"][0].value == "quyet-dinh"
    assert counts(results.facets["year"]) == {"2019": 1, "2020": 2, "2021": 1}
    # The tabs count every kind, whatever kind is chosen.
    assert counts(results.facets[KIND_FACET]) == {
        "legal": 4,
        "news": 2,
        "procedure": 1,
        "page": 1,
    }

    decisions = filled.search(
        SearchQuery(
            kind="legal", filters={"doc_type": ["quyet-dinh"]}, facets=["status"]
        )
    )
    assert {h.key for h in decisions.results} == {
        docs.DECISION_01.key,
        docs.DECISION_LAND.key,
    }
    assert counts(decisions.facets["status"]) == {
        "con-hieu-luc": 1,
        "het-hieu-luc-mot-phan": 1,
    }
    # Values of one facet are OR-ed; facets are AND-ed.
    either = keys(
        filled,
        filters={"doc_type": ["ke-hoach", "bao-cao"], "signer": ["tran-quoc-van"]},
    )
    assert set(either) == {docs.PLAN_146.key, docs.REPORT_146.key}
    assert keys(filled, filters={"doc_type": ["ke-hoach"], "year": ["2021"]}) == []


def test_text_and_filters_together(filled):
    results = filled.search(
        SearchQuery(q="dat dai", kind="legal", facets=["field", KIND_FACET])
    )
    assert {h.key for h in results.results} == {
        docs.DECISION_01.key,
        docs.DECISION_LAND.key,
    }
    assert counts(results.facets["field"]) == {"dat-dai": 2}
    assert counts(results.facets[KIND_FACET]) == {"legal": 2, "procedure": 1}


def test_date_range(filled):
    found = keys(
        filled,
        kind="legal",
        date_from=datetime.date(2020, 1, 1),
        date_to=datetime.date(2020, 12, 31),
    )
    assert set(found) == {docs.DECISION_01.key, docs.REPORT_146.key}


def test_sort_by_date(filled):
    newest = keys(filled, kind="legal", sort="newest")
    assert newest == [
        docs.DECISION_LAND.key,
        docs.REPORT_146.key,
        docs.DECISION_01.key,
        docs.PLAN_146.key,
    ]
    assert keys(filled, kind="legal", sort="oldest") == newest[::-1]
    assert keys(filled, "quyet dinh", sort="oldest")[0] == docs.DECISION_01.key


def test_pagination(filled):
    everything = keys(filled, sort="newest", page_size=100)
    assert len(everything) == len(docs.ALL)
    pages = [
        filled.search(SearchQuery(sort="newest", page=page, page_size=3))
        for page in (1, 2, 3)
    ]
    assert [p.count for p in pages] == [len(docs.ALL)] * 3
    assert [h.key for p in pages for h in p.results] == everything
    assert keys(filled, sort="newest", page=9, page_size=3) == []
    # Far past Elasticsearch's default window of 10,000 results.
    deep = filled.search(SearchQuery(q="ke hoach", page=1000, page_size=100))
    assert deep.results == [] and deep.count == len(keys(filled, "ke hoach"))


def test_text_typed_with_combining_marks_is_found_either_way(engine):
    """Some keyboards and word processors store "ế" as "e" + two combining
    marks: such text must be found as typed, with or without diacritics."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Quyết định về giá đất năm 2020")
    engine.index_bulk(
        [docs.doc(1, decomposed, decomposed), docs.doc(2, "Kế hoạch năm 2020")]
    )
    engine.refresh()
    for q in ["quyet dinh gia dat", "Quyết định giá đất", decomposed]:
        assert keys(engine, q) == ["legal:1"], q


def reform(n, title, summary="", number="", kind="legal"):
    return docs.doc(
        n,
        title,
        summary * 3,
        summary=summary,
        number=number,
        kind=kind,
        date=datetime.date(2019, 12, n % 28 + 1),
        field="cai-cach-hanh-chinh",
    )


def test_the_plan_titled_with_the_words_comes_before_texts_repeating_them(engine):
    """The demo portal's case: the 2016-2020 plan, a letter implementing the 2020
    plan and the news item reporting it repeat the words, and each engine's own
    score put one of them before the plan."""
    engine.index_bulk(
        [
            reform(
                22,
                "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên",
                "Mục tiêu, nhiệm vụ và giải pháp của tỉnh trong năm.",
                number="146/KH-UBND",
            ),
            reform(
                21,
                "Kế hoạch cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn "
                "2016 - 2020",
                "Kế hoạch cải cách hành chính nhà nước giai đoạn 2016 - 2020.",
                number="19/KH-UBND",
            ),
            reform(
                32,
                "Về việc triển khai thực hiện Kế hoạch cải cách hành chính nhà nước "
                "năm 2020",
                "Triển khai Kế hoạch cải cách hành chính năm 2020 tại các sở.",
                number="425/UBND-NC",
            ),
            reform(
                41,
                "Ban hành Kế hoạch cải cách hành chính tỉnh Hưng Yên năm 2020",
                "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 146/KH-UBND về cải cách "
                "hành chính năm 2020, nâng cao chỉ số cải cách hành chính.",
                kind="news",
            ),
        ]
    )
    engine.refresh()
    for q in ["ke hoach cai cach hanh chinh 2020", "Kế hoạch cải cách hành chính 2020"]:
        found = keys(engine, q)
        assert found[0] == "legal:22", found
        assert set(found) == {"legal:22", "legal:21", "legal:32", "news:41"}
    assert keys(engine, "146 kh ubnd")[0] == "legal:22"


def test_pages_of_the_closest_titles_neither_repeat_nor_skip(engine):
    engine.index_bulk(
        [
            reform(n, f"Văn bản {n} về cải cách hành chính", "cải cách hành chính " * n)
            for n in range(1, 9)
        ]
        + [reform(9, "Cải cách hành chính", "Tóm tắt ngắn.")]
    )
    engine.refresh()
    everything = keys(engine, "cai cach hanh chinh", page_size=100)
    assert everything[0] == "legal:9"  # the title is the query
    assert len(everything) == 9
    pages = [
        engine.search(SearchQuery(q="cai cach hanh chinh", page=page, page_size=4))
        for page in (1, 2, 3)
    ]
    assert [h.key for p in pages for h in p.results] == everything
    assert all(p.count == 9 for p in pages)
    for hit in pages[1].results:
        assert "<mark>" in hit.title_highlighted
        assert "<mark>" in hit.snippet


def test_highlighted_snippets_are_escaped_html(filled, engine):
    hit = filled.search(SearchQuery(q="dat dai", kind="procedure")).results[0]
    assert "<mark>" in hit.title_highlighted
    assert "đất" in hit.title_highlighted.lower()
    assert "<mark>" in hit.snippet

    hostile = dataclasses.replace(
        docs.PAGE_INTRO,
        key="page:99",
        title="Trang <b>thử</b>",
        summary="Đoạn <script>alert(1)</script> có từ khóa khó tìm",
    )
    engine.index(hostile)
    engine.refresh()
    hit = engine.search(SearchQuery(q="khoa kho tim")).results[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<b>" not in hit.title_highlighted


def test_hits_carry_what_the_result_list_shows(filled):
    hit = filled.search(SearchQuery(q="146/KH-UBND")).results[0]
    assert hit.title == docs.PLAN_146.title
    assert hit.url == docs.PLAN_146.url
    assert hit.number == "146/KH-UBND"
    assert hit.kind == "legal"
    assert hit.date == datetime.date(2019, 12, 20)
    assert hit.facets["doc_type"] == ["ke-hoach"]
    assert hit.extra == {"signer": "Trần Quốc Văn"}


def test_suggestions(filled):
    assert docs.PLAN_146.title in [s.title for s in filled.suggest("ke hoa")]
    assert docs.PLAN_146.title in [s.title for s in filled.suggest("Kế hoạch cải")]
    by_number = filled.suggest("146/KH")
    assert by_number[0].number == "146/KH-UBND"
    assert by_number[0].url == docs.PLAN_146.url
    assert all(s.kind == "news" for s in filled.suggest("cai cach", kind="news"))
    assert filled.suggest("") == []


def test_a_failed_rebuild_leaves_the_live_index_alone(filled):
    before = keys(filled, "ke hoach", sort="newest")

    def broken():
        yield docs.NEWS_REFORM
        raise RuntimeError("the database went away mid-rebuild")

    with pytest.raises(RuntimeError):
        filled.rebuild(broken())
    filled.refresh()
    assert keys(filled, "ke hoach", sort="newest") == before
    if isinstance(filled, ElasticsearchSearchEngine):
        # Only the live indices are left: the unfinished ones were deleted.
        live = {
            name
            for alias in filled._aliases()
            if filled.client.indices.exists_alias(name=alias)
            for name in filled.client.indices.get_alias(name=alias)
        }
        indices = filled.client.indices.get(index=f"{filled.prefix}-*")
        assert set(indices) == live


def test_reindexing_replaces_and_delete_removes(filled):
    renamed = dataclasses.replace(docs.PAGE_INTRO, title="Tổng quan tỉnh Hưng Yên")
    filled.index_bulk([renamed])
    filled.refresh()
    assert keys(filled, "tong quan") == [docs.PAGE_INTRO.key]
    assert keys(filled, "gioi thieu chung") == []
    assert filled.health().counts["page"] == 1

    filled.delete([docs.PAGE_INTRO.key, "page:does-not-exist"])
    filled.refresh()
    assert keys(filled, "tong quan") == []
    assert "page" not in {k for k, n in filled.health().counts.items() if n}


def test_rebuild_replaces_everything(filled):
    seen = []
    stored = filled.rebuild([docs.PLAN_146, docs.NEWS_REFORM], progress=seen.append)
    filled.refresh()
    assert stored == 2
    assert sum(seen) == 2
    assert set(keys(filled, page_size=100)) == {docs.PLAN_146.key, docs.NEWS_REFORM.key}
    assert keys(filled, "146 kh ubnd")[0] == docs.PLAN_146.key


def test_a_kind_an_app_registers_is_indexed_and_searched(engine, search_registry):
    """Kinds come from the registry: a new one gets its index at the rebuild
    (Elasticsearch: one per kind, documents or not) and its tab count."""
    reports = Kind("report", "Báo cáo tổng hợp", order=15)
    search_registry.register(type("ReportModel", (), {}), KindTestAdapter(reports))
    report = docs.doc(7, "Báo cáo kinh tế xã hội quý III", kind="report")
    engine.rebuild([docs.PLAN_146, report])
    engine.refresh()
    results = engine.search(SearchQuery(q="kinh te xa hoi", facets=[KIND_FACET]))
    assert [hit.key for hit in results.results] == [report.key]
    assert [(f.value, f.count) for f in results.facets[KIND_FACET]] == [("report", 1)]
    assert engine.search(SearchQuery(kind="report")).count == 1
    assert engine.health().counts["report"] == 1
    if isinstance(engine, ElasticsearchSearchEngine):
        for kind in search_registry.kind_names():
            assert engine.client.indices.exists_alias(name=engine.alias_for(kind))


def test_health(filled):
    health = filled.health()
    assert health.ok
    assert health.counts == {"legal": 4, "news": 2, "procedure": 1, "page": 1}
    assert health.total == len(docs.ALL)


def test_keys_restrict_what_a_search_returns_to_those_documents(filled):
    """What an alert asks: which of these (changed) documents the search returns."""
    among = (docs.PLAN_146.key, docs.DECISION_01.key, docs.PROCEDURE_LAND.key)
    found = keys(filled, "ke hoach", keys=among)
    assert found == [docs.PLAN_146.key]
    assert keys(filled, "", keys=among[1:]) == keys(filled, "", keys=among[1:][::-1])
    assert set(keys(filled, "", keys=among[1:])) == set(among[1:])
    assert keys(filled, "ke hoach", keys=("nothing:1",)) == []
