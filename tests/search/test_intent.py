"""Metadata and relations named in a query (search.intent), read from the
registered adapters' vocabularies: what is taken out of the words to match,
and what the ranking step then prefers."""

import pytest

from search import intent, ranking
from search.engines.base import SearchQuery
from search.engines.elasticsearch import build_search_body
from search.query import parse_query
from tests.search import relevance


@pytest.fixture
def legal_vocabulary(search_registry):
    """The relevance set's adapter: the legal adapter's names for its types,
    bodies, validities, years and relations."""
    search_registry._registry.clear()
    adapter = relevance.RelevanceAdapter()
    search_registry.register(type("RelevanceModel", (), {}), adapter)
    intent.forget_vocabulary()
    yield adapter
    intent.forget_vocabulary()


def named(parsed, target=False):
    found = parsed.intent.target_mentions if target else parsed.intent.mentions
    return {(mention.facet, value) for mention in found for value in mention.values}


@pytest.mark.parametrize(
    "q", ["luật đất đai 2013", "luat dat dai 2013", "LUẬT Đất Đai 2013"]
)
def test_a_type_and_a_year_are_metadata_not_words_to_match(legal_vocabulary, q):
    parsed = parse_query(q)
    assert parsed.terms == ("dat", "dai")
    assert named(parsed) == {("doc_type", "luat"), ("year", "2013")}
    assert parsed.intent.relation == ""


def test_bodies_and_validities_by_their_names_or_first_words(legal_vocabulary):
    assert named(parse_query("thủ tướng chuyển đổi số")) == {
        ("body", "thu-tuong-chinh-phu")
    }
    # "Chính phủ" is a body of its own, not the first words of another.
    assert named(parse_query("chinh phu xu phat")) == {("body", "chinh-phu")}
    assert named(parse_query("luật đất đai hết hiệu lực")) == {
        ("doc_type", "luat"),
        ("status", relevance.OUT_OF_FORCE),
    }
    parsed = parse_query("luat dat dai con hieu luc")
    assert parsed.terms == ("dat", "dai")
    assert ("status", relevance.IN_FORCE) in named(parsed)


@pytest.mark.parametrize(
    "q", ["ubnd tỉnh cải cách", "Ủy ban nhân dân tỉnh cải cách", "UBND tinh cai cach"]
)
def test_a_name_is_matched_however_either_side_abbreviates(legal_vocabulary, q):
    """The body is named "UBND tỉnh Hưng Yên"; "NĐ" is "Nghị định"."""
    parsed = parse_query(q)
    assert named(parsed) == {("body", "ubnd-hung-yen")}
    assert parsed.terms == ("cai", "cach")
    assert named(parse_query("NĐ văn thư")) == {("doc_type", "nghi-dinh")}


def test_what_is_read_as_typed(legal_vocabulary):
    # A number, with a type's name or a year in it, is a number.
    for q in ("nghị định 61", "luật số 80/2015", "61/2018", "nd 61 2018"):
        assert parse_query(q).intent is None, q
    # A quoted phrase keeps its words.
    assert parse_query('"luật đất đai" 2013').intent is None
    # One word of a name inside a phrase names nothing: "pháp luật".
    parsed = parse_query("quy pham phap luat")
    assert parsed.intent is None and "luat" in parsed.terms
    # Words not in any vocabulary.
    assert parse_query("dich vu cong truc tuyen").intent is None


def test_a_query_only_of_names_keeps_its_words(legal_vocabulary):
    parsed = parse_query("luật 2020")
    assert parsed.terms == ("luat", "2020")
    assert named(parsed) == {("doc_type", "luat"), ("year", "2020")}


def test_the_words_taken_out_are_still_highlighted(legal_vocabulary):
    parsed = parse_query("Kế hoạch cải cách 2020")
    assert parsed.terms == ("cai", "cach")
    assert parsed.highlighted_terms == ("cai", "cach", "ke", "hoach", "2020")


def test_a_relation_with_a_number_names_the_document_acted_on(legal_vocabulary):
    parsed = parse_query("sửa đổi nghị định 61")
    assert parsed.intent.relation == "relation_sua_doi_bo_sung"
    assert parsed.raw == "nghị định 61"
    assert parsed.number_parts == ("61", "nd")
    parsed = parse_query("thay the thong tu 01/2011/TT-BNV")
    assert parsed.intent.relation == "relation_thay_the"
    assert parsed.raw == "thong tu 01/2011/TT-BNV"


def test_a_relation_with_words_names_the_document_acted_on_by_them(legal_vocabulary):
    parsed = parse_query("văn bản thay thế luật đất đai 2013")
    assert parsed.intent.relation == "relation_thay_the"
    assert parsed.terms == ("dat", "dai")
    assert named(parsed, target=True) == {("doc_type", "luat"), ("year", "2013")}
    assert named(parsed) == set()
    # Before the relation: what the documents asked for are.
    parsed = parse_query("thông tư hướng dẫn nghị định 63/2010")
    assert parsed.intent.relation == "relation_huong_dan"
    assert named(parsed) == {("doc_type", "thong-tu")}
    assert parsed.number_parts == ("63", "nd", "2010")


def test_a_relation_named_inside_a_title_is_the_title(legal_vocabulary):
    q = "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Đầu tư"
    parsed = parse_query(q)
    assert parsed.intent is None or parsed.intent.relation == ""
    assert {"huong", "dan", "thi", "hanh"} <= set(parsed.terms)
    # Nothing after the relation's name: nothing is asked of a relation.
    assert parse_query("sửa đổi").intent is None


def test_without_vocabularies_nothing_is_understood(search_registry):
    search_registry._registry.clear()
    intent.forget_vocabulary()
    assert parse_query("luật đất đai 2013").terms == ("luat", "dat", "dai", "2013")
    assert parse_query("sửa đổi nghị định 61").intent is None


def test_the_vocabulary_is_read_once_until_it_expires_or_adapters_change(
    legal_vocabulary, search_registry, monkeypatch
):
    reads = []
    original = legal_vocabulary.vocabulary

    def counted(facet):
        reads.append(facet)
        return original(facet)

    monkeypatch.setattr(legal_vocabulary, "vocabulary", counted)
    intent.forget_vocabulary()
    for q in ("luật đất đai 2013", "thủ tướng chuyển đổi số", "nghị định đất đai"):
        parse_query(q)
    assert sorted(reads) == sorted(legal_vocabulary.facets)
    clock = [intent.time.monotonic()]
    monkeypatch.setattr(intent.time, "monotonic", lambda: clock[0])
    reads.clear()
    clock[0] += intent.VOCABULARY_SECONDS + 1
    parse_query("luật đất đai 2013")
    assert sorted(reads) == sorted(legal_vocabulary.facets)
    # Another adapter registering (another app's kind) is read at once.
    reads.clear()
    search_registry.register(type("OtherModel", (), {}), relevance.RelevanceAdapter())
    parse_query("luật đất đai 2013")
    assert reads


def candidate(number, title, **facets):
    return intent.Candidate(title=title, number=number, facets=facets)


def test_the_window_prefers_named_metadata_then_the_titles_fit(legal_vocabulary):
    parsed = parse_query("luat dat dai 2013")
    window = [
        candidate("102/2024/NĐ-CP", "Nghị định quy định chi tiết Luật Đất đai"),
        candidate("31/2024/QH15", "Luật Đất đai", doc_type=["luat"], year=["2024"]),
        candidate("45/2013/QH13", "Luật Đất đai", doc_type=["luat"], year=["2013"]),
    ]
    order = ranking.window_order(parsed, window)
    # Both named values, one, and only "luật" said in the title.
    assert [related for related, _tier, _fit in order] == [0, 0, 0]
    assert order[2][2] > order[1][2] > order[0][2] > 0
    titles = ranking.closest_titles_first(
        window,
        parsed,
        title=lambda entry: entry.title,
        number=lambda entry: entry.number,
        facets=lambda entry: entry.facets,
    )
    assert [entry.number for entry in titles] == [
        "45/2013/QH13",
        "31/2024/QH15",
        "102/2024/NĐ-CP",
    ]


def test_the_window_puts_the_acting_document_first(legal_vocabulary):
    window = [
        candidate("61/2018/NĐ-CP", "Nghị định về cơ chế một cửa"),
        candidate(
            "01/2018/TT-VPCP",
            "Thông tư hướng dẫn",
            relation_huong_dan=["61-2018-nd-cp"],
        ),
        candidate(
            "107/2021/NĐ-CP",
            "Nghị định sửa đổi",
            relation_sua_doi_bo_sung=["61-2018-nd-cp"],
        ),
    ]
    order = ranking.window_order(parse_query("sửa đổi nghị định 61"), window)
    assert [related for related, _tier, _fit in order] == [0, 0, 1]
    # By words: the acted on is the best fitting of the window, here the 2013 law.
    window = [
        candidate("45/2013/QH13", "Luật Đất đai", doc_type=["luat"], year=["2013"]),
        candidate(
            "31/2024/QH15",
            "Luật Đất đai",
            doc_type=["luat"],
            year=["2024"],
            relation_thay_the=["45-2013-qh13"],
        ),
        candidate("102/2024/NĐ-CP", "Nghị định", relation_thay_the=["43-2014-nd-cp"]),
    ]
    order = ranking.window_order(parse_query("thay thế luật đất đai 2013"), window)
    assert [related for related, _tier, _fit in order] == [0, 1, 0]


def test_the_search_node_is_asked_for_the_acting_documents(legal_vocabulary):
    body = build_search_body(SearchQuery(q="sửa đổi nghị định 61"))
    text = str(body["query"])
    assert "facets.relation_sua_doi_bo_sung" in text
    assert "{'prefix': {'facets.relation_sua_doi_bo_sung': '61-'}}" in text
    highlight = body["highlight"]["highlight_query"]["simple_query_string"]
    assert "sửa đổi" in highlight["query"]
    plain = build_search_body(SearchQuery(q="nghị định 61"))
    assert "relation_" not in str(plain) and "highlight_query" not in str(plain)
