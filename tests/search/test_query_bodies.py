"""Unit tests of what the Elasticsearch engine sends, and of query understanding."""

import datetime

import pytest

from search.engines.base import KIND_FACET, SearchQuery
from search.engines.elasticsearch import (
    ElasticsearchSearchEngine,
    build_highlight_body,
    build_search_body,
    build_suggest_body,
    closeness_clause,
    corrected_from,
    in_sort_order,
    query_string,
    title_window,
    typo_suggest_body,
)
from search.query import parse_query

#: Query understanding reads the registered adapters' vocabularies
#: (search.intent): the sample adapters', which need no database.
pytestmark = pytest.mark.usefixtures("search_registry")


@pytest.mark.parametrize(
    ("q", "number"),
    [
        ("146/KH-UBND", "146-kh-ubnd"),
        ("146 kh ubnd", "146-kh-ubnd"),
        ("kh 146", "kh-146"),
        ("01/2020/QĐ-UBND", "01-2020-qd-ubnd"),
        ("16/2015/NĐ-CP", "16-2015-nd-cp"),
        ("146KH-UBND", "146-kh-ubnd"),
        ("146.KH.UBND", "146-kh-ubnd"),
        ("1001193", "1-001193"),
        ("ke hoach cai cach hanh chinh 2020", ""),
        ("ke hoach 2020", ""),
        ("luat dat dai 2024", ""),
        ("2021 2030", ""),
        ("2020", ""),
        ("quyết định", ""),
    ],
)
def test_number_recognition(q, number):
    assert parse_query(q).number == number


@pytest.mark.parametrize(
    ("q", "parts"),
    [
        ("61/2018", ("61", "2018")),
        ("nghi dinh 61", ("61", "nd")),
        ("Nghị định 15", ("15", "nd")),
        ("NĐ 15", ("15", "nd")),
        ("QĐ 1149", ("1149", "qd")),
        ("tt 01 2018", ("01", "tt", "2018")),
        ("thông tư 01/2018", ("01", "tt", "2018")),
        ("kế hoạch 146", ("146", "kh")),
        ("146KH-UBND", ("146", "kh", "ubnd")),
        ("146.KH.UBND", ("146", "kh", "ubnd")),
        ("nq 30c", ("30c", "nq")),
        ("18-NQ/TW", ("18", "nq", "tw")),
        ("luật số 80/2015", ("80", "2015")),
        ("31/2024/QH15", ("31", "2024", "qh15")),
        ("1001193", ("1", "001193")),
        ("1.001193", ("1", "001193")),
    ],
)
def test_number_parts_put_the_number_in_its_series_first(q, parts):
    """What the document meant holds, whichever way its number was typed."""
    assert parse_query(q).number_parts == parts


def test_a_number_typed_against_its_symbol_is_searched_apart():
    assert parse_query("146KH-UBND").terms == ("146", "kh", "ubnd")
    # A procedure code without its dot also matches the code's two parts.
    assert parse_query("1001193").expansion("1001193") == ("1", "001193")


def test_phrases_and_terms_are_folded():
    parsed = parse_query('Kế hoạch "cải cách hành chính" Đồng')
    assert parsed.terms == ("ke", "hoach", "dong")
    assert parsed.phrases == (("cai", "cach", "hanh", "chinh"),)
    assert parse_query('"unbalanced').terms == ("unbalanced",)
    assert parse_query("   ").is_empty


def test_query_string_drops_operators_keeps_diacritics():
    assert query_string("146/KH-UBND") == "146 KH UBND"
    assert query_string('Quyết định "đất đai"') == 'Quyết định "đất đai"'
    assert query_string('a "b') == "a b"
    assert query_string("(a|b)* -c ~d") == "a b c d"


def test_text_query_body():
    body = build_search_body(SearchQuery(q="146 kh ubnd", page=2, page_size=10))
    assert body["from"] == 10
    assert body["size"] == 10
    text = body["query"]["bool"]["must"][0]["bool"]
    # The words, or a number holding every part of the query's.
    words, holds, exact = text["must"][0]["bool"]["should"]
    assert exact == text["should"][0]
    assert text["must"][0]["bool"]["minimum_should_match"] == 1
    sqs = words["simple_query_string"]
    assert sqs["query"] == '146 (kh | "kế hoạch") (ubnd | "ủy ban nhân dân")'
    assert sqs["default_operator"] == "and"
    assert sqs["fields"] == ["all_text"]
    assert holds["match"]["number.text"]["query"] == "146 kh ubnd"
    assert holds["match"]["number.text"]["operator"] == "and"
    assert text["should"][2]["simple_query_string"]["fields"] == [
        "title^4",
        "title.folded^3",
    ]
    assert text["should"][0] == {
        "term": {"number_norm": {"value": "146-kh-ubnd", "boost": 100}}
    }
    # The number meant: 146 first in its number, every part in it.
    own = text["should"][1]["constant_score"]
    assert own["boost"] == 100
    assert own["filter"]["bool"]["filter"][0] == {"prefix": {"number_norm": "146-"}}
    assert body["sort"][0] == "_score"
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]


@pytest.mark.parametrize(
    ("params", "window"),
    [
        ({"q": "ke hoach cai cach"}, 50),
        ({"q": "ke hoach cai cach", "page": 3, "page_size": 20}, 60),
        ({"q": "ke hoach cai cach", "page": 6, "page_size": 10}, 0),
        ({"q": "ke hoach cai cach", "sort": "newest"}, 0),
        ({"q": "hoach"}, 0),
        ({"q": "hoach hoach"}, 0),
        # One word typed with diacritics: spelled as typed first.
        ({"q": "hoạch"}, 50),
        ({"q": ""}, 0),
    ],
)
def test_title_window(params, window):
    query = SearchQuery(**params)
    assert title_window(query, parse_query(query.q)) == window


def test_window_body_and_its_highlights():
    query = SearchQuery(q="ke hoach 2020", page=2, page_size=10)
    body = build_search_body(query, window=50)
    assert (body["from"], body["size"]) == (0, 50)
    assert "highlight" not in body
    # Ordered by score alone: the window is rescored for closeness.
    assert "sort" not in body and "rescore" in body
    highlight = build_highlight_body(query, ["legal:22", "news:41"])
    assert highlight["size"] == 2
    assert highlight["_source"] is False
    assert highlight["query"]["bool"]["filter"] == [
        {"ids": {"values": ["legal:22", "news:41"]}}
    ]
    assert highlight["query"]["bool"]["must"] == body["query"]["bool"]["must"]
    assert highlight["highlight"]["pre_tags"] == ["<mark>"]


def test_filters_facets_and_kind_post_filter():
    body = build_search_body(
        SearchQuery(
            kind="legal",
            filters={"doc_type": ["quyet-dinh", "ke-hoach"], "year": ["2020"]},
            date_from=datetime.date(2020, 1, 1),
            facets=[KIND_FACET, "doc_type"],
            sort="newest",
        )
    )
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"facets.doc_type": ["quyet-dinh", "ke-hoach"]}} in filters
    assert {"terms": {"facets.year": ["2020"]}} in filters
    assert {"range": {"date": {"gte": "2020-01-01"}}} in filters
    # Tabs count all kinds: the kind filters hits (post_filter) and facets (filter
    # aggregation), not the kind counts.
    assert body["post_filter"] == {"term": {"kind": "legal"}}
    assert body["aggs"]["kinds"]["terms"]["field"] == "kind"
    assert body["aggs"]["of_kind"]["filter"] == {"term": {"kind": "legal"}}
    assert "facet:doc_type" in body["aggs"]["of_kind"]["aggs"]
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert "must" not in body["query"]["bool"]
    assert "highlight" not in body


def test_kind_without_tab_counts_is_a_plain_filter():
    body = build_search_body(
        SearchQuery(kind="news", facets=["category"], sort="oldest")
    )
    assert {"term": {"kind": "news"}} in body["query"]["bool"]["filter"]
    assert "post_filter" not in body
    assert body["aggs"] == {
        "facet:category": {"terms": {"field": "facets.category", "size": 500}}
    }
    assert body["sort"][0] == {"date": {"order": "asc", "missing": "_last"}}


def test_relaxed_query_uses_or():
    body = build_search_body(SearchQuery(q="dat dai x", operator="or"))
    sqs = body["query"]["bool"]["must"][0]["bool"]["must"][0]["simple_query_string"]
    assert sqs["default_operator"] == "or"


def test_suggest_body():
    body = build_suggest_body("ke hoa", kind="legal", limit=5)
    assert body["size"] == 5
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["fields"] == ["title.suggest", "number.suggest^2"]
    assert match["operator"] == "and"
    assert body["query"]["bool"]["filter"] == [{"term": {"kind": "legal"}}]


def test_mapping_defines_vietnamese_analyzers_per_field():
    from search.documents import build_index

    index = build_index("portal-legal-1").to_dict()
    analysis = index["settings"]["analysis"]
    assert analysis["analyzer"]["vi_folded"]["filter"] == ["lowercase", "asciifolding"]
    title = index["mappings"]["properties"]["title"]
    assert title["analyzer"] == "vi_text"
    assert title["fields"]["folded"]["analyzer"] == "vi_folded"
    assert title["fields"]["suggest"]["search_analyzer"] == "vi_folded"
    assert index["mappings"]["dynamic_templates"][0]["facets_as_keywords"][
        "mapping"
    ] == {"type": "keyword"}


def test_highlighted_fields_store_offsets_and_deep_pages_are_allowed():
    """Without offsets Elasticsearch analyses each hit again to highlight it and
    refuses a text over 1,000,000 characters; without a larger result window it
    refuses any page past the 10,000th result."""
    from search import forms
    from search.documents import build_index
    from search.engines.elasticsearch import HIGHLIGHT_FIELDS

    index = build_index("portal-legal-1").to_dict()
    properties = index["mappings"]["properties"]
    for path in HIGHLIGHT_FIELDS:
        field, subfield = path.split(".")
        assert properties[field]["fields"][subfield]["index_options"] == "offsets"
    window = index["settings"]["max_result_window"]
    assert window >= forms.MAX_PAGE * forms.MAX_PAGE_SIZE


def test_decomposed_text_is_composed_before_elasticsearch_folds_it():
    import unicodedata

    from search.documents import PortalDocument
    from search.engines.elasticsearch import build_suggest_body, query_string
    from tests.search.documents import doc

    typed = unicodedata.normalize("NFD", "Quyết định về đất đai")
    source = PortalDocument.from_indexed(doc(1, typed, typed, summary=typed))
    for name in ("title", "summary", "text"):
        assert source[name] == "Quyết định về đất đai"
    assert query_string(typed) == "Quyết định về đất đai"
    match = build_suggest_body(typed)["query"]["bool"]["must"][0]["multi_match"]
    assert match["query"] == "Quyết định về đất đai"


class RecordingClient:
    """Stands in for the cluster: records the indices each search reads."""

    def __init__(self):
        self.read: list[str] = []
        self.indices = self

    def options(self, **kwargs):
        return self

    def get_mapping(self, index, **kwargs):
        return {}

    def search(self, index, **kwargs):
        self.read.append(index)
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}


def test_a_search_of_one_kind_reads_its_index_alone(search_registry):
    """One index per kind: a list page or a suggestion of one kind opens that
    kind's shard alone; the tabs, counted over every kind, read them all."""
    engine = ElasticsearchSearchEngine(
        "default", {"URLS": ["http://127.0.0.1:9"], "INDEX": "p"}
    )
    engine.client = client = RecordingClient()
    every_kind = "p-legal,p-news,p-procedure,p-page"

    engine.search(SearchQuery(q="dat dai", kind="legal"))
    engine.search(SearchQuery(q="dat dai", kind="legal", facets=[KIND_FACET]))
    engine.search(SearchQuery(q="dat dai"))
    engine.suggest("dat", kind="news")
    assert client.read == ["p-legal", every_kind, every_kind, "p-news"]


def test_words_side_by_side_in_the_title_or_summary_score():
    clause = closeness_clause(parse_query("Quy hoạch tỉnh"))
    assert clause == {
        "multi_match": {
            "query": "quy hoach tinh",
            "type": "phrase",
            "fields": ["title.folded^2", "summary.folded"],
            "slop": 1,
        }
    }
    for q in ("hoach", "146 kh ubnd", '"quy hoach"', ""):
        assert closeness_clause(parse_query(q)) is None


def test_closeness_rescores_the_title_window_alone():
    # Scored over every match, the phrase read the positions of tens of
    # thousands of documents for common words: only the window is rescored.
    query = SearchQuery(q="quy hoạch")
    body = build_search_body(query, window=50)
    assert not clause_in(body, "multi_match")
    assert body["rescore"] == {
        "window_size": 50,
        "query": {"rescore_query": closeness_clause(parse_query("quy hoạch"))},
    }
    # The node refuses sort keys beside a rescore; in_sort_order breaks ties.
    assert "sort" not in body
    # Past the window (and for one word) nothing is rescored, in the usual order.
    for body in (
        build_search_body(query),
        build_search_body(SearchQuery(q="hoạch"), 50),
    ):
        assert "rescore" not in body
        assert body["sort"][0] == "_score"


def test_a_rescored_window_breaks_ties_newest_first_then_by_key():
    def hit(key, score, date=None):
        return {"_id": key, "_score": score, "_source": {"key": key, "date": date}}

    hits = [
        hit("a", 2.0, "2019-01-01"),
        hit("b", 3.0),
        hit("c", 2.0, "2020-05-01"),
        hit("d", 2.0),
        hit("e", 2.0, "2020-05-01"),
    ]
    assert [h["_id"] for h in in_sort_order(hits)] == ["b", "e", "c", "a", "d"]


def clause_in(body, name):
    text = body["query"]["bool"]["must"][0]["bool"]
    return [clause for clause in text["should"] if name in clause]


def test_misspelt_words_are_looked_up_then_matched_with_their_corrections():
    parsed = parse_query("Quy hoahc tuyne")
    suggest = typo_suggest_body(parsed)["suggest"]["typos"]
    # Only words of four letters or more, only those the index lacks.
    assert suggest["text"] == "hoahc tuyne"
    assert suggest["term"]["suggest_mode"] == "missing"
    assert suggest["term"]["max_edits"] == 1
    assert suggest["term"]["prefix_length"] == 0
    assert suggest["term"]["field"] == "all_text"
    assert (
        typo_suggest_body(parsed, current_mapping=False)["suggest"]["typos"]["term"][
            "field"
        ]
        == "text.folded"
    )
    for q in ("ban 2020", "146/KH-UBND", "tthc", "ke"):
        assert typo_suggest_body(parse_query(q)) == {}
    response = {
        "suggest": {
            "typos": [
                {"text": "hoahc", "options": [{"text": "hoach"}, {"text": "hoac"}]},
                {"text": "tuyne", "options": []},
            ]
        }
    }
    corrected = corrected_from(parsed, response)
    # A four-letter word is no correction: the word meant has five or more.
    assert corrected.corrections == (("hoahc", ("hoach",)),)
    assert corrected_from(parsed, {"suggest": {"typos": []}}) is None
    query = SearchQuery(q="Quy hoahc tuyne")
    body = build_search_body(query, parsed=corrected)
    matching = body["query"]["bool"]["must"][0]["bool"]["must"][0]
    assert matching["simple_query_string"]["query"] == "Quy (hoahc | hoach) tuyne"
    highlight = build_highlight_body(query, ["legal:1"], parsed=corrected)
    assert highlight["query"]["bool"]["must"] == body["query"]["bool"]["must"]
