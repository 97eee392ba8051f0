"""The Elasticsearch engine matches words on one folded field (ALL_TEXT) in indices
of this mapping version, and keeps searching indices built by an earlier version
on the fields they have until `search_rebuild` replaces them."""

import pytest

from search.documents import ALL_TEXT, MAPPING_VERSION, build_index
from search.engines.base import SearchQuery
from search.engines.elasticsearch import (
    TEXT_FIELDS,
    TITLE_FIELDS,
    build_highlight_body,
    build_search_body,
)
from tests.search.conftest import engine_on, install_earlier_index
from tests.search.documents import doc


def text_part(body):
    return body["query"]["bool"]["must"][0]["bool"]


@pytest.fixture
def no_vocabularies(search_registry):
    """No adapter names a type: "quyết định" is words to match (search.intent),
    and reading no vocabulary needs no database."""
    search_registry._registry.clear()


@pytest.mark.usefixtures("no_vocabularies")
def test_words_are_matched_on_one_field_and_the_title_adds_to_the_score():
    text = text_part(build_search_body(SearchQuery(q="quyết định đất đai")))
    matched = text["must"][0]["simple_query_string"]
    assert matched["fields"] == [ALL_TEXT]
    assert matched["default_operator"] == "and"
    title = [c for c in text["should"] if "simple_query_string" in c]
    assert title[0]["simple_query_string"]["fields"] == TITLE_FIELDS
    assert title[0]["simple_query_string"]["query"] == "quyết định đất đai"


@pytest.mark.usefixtures("no_vocabularies")
def test_an_earlier_index_is_searched_on_its_own_fields():
    query = SearchQuery(q="quyết định đất đai")
    for body in (
        build_search_body(query, current_mapping=False),
        build_highlight_body(query, ["legal:1"], current_mapping=False),
    ):
        text = text_part(body)
        assert text["must"][0]["simple_query_string"]["fields"] == TEXT_FIELDS
        assert all("simple_query_string" not in c for c in text["should"])


def test_the_mapping_fills_all_text_from_every_searched_field():
    mappings = build_index("portal-legal-1").to_dict()["mappings"]
    assert mappings["_meta"] == {"portal_mapping": MAPPING_VERSION}
    properties = mappings["properties"]
    for name in ("title", "summary", "text", "number", "related_numbers"):
        assert properties[name]["copy_to"] == ALL_TEXT
    assert properties[ALL_TEXT]["analyzer"] == "vi_folded"
    # The body with diacritics is matched through ALL_TEXT only.
    assert properties["text"]["index"] is False


def legacy_mapping(mappings):
    """What search/documents.py built before ALL_TEXT (mapping version 1)."""
    properties = mappings["properties"]
    del properties[ALL_TEXT]
    for field in properties.values():
        field.pop("copy_to", None)
    properties["text"]["index"] = True
    del mappings["_meta"]
    return mappings


@pytest.mark.django_db
def test_an_index_of_an_earlier_version_is_searched_until_it_is_rebuilt(
    search_server, search_registry
):
    engine = engine_on(search_server)
    try:
        engine.clear()
        install_earlier_index(engine, "legal", legacy_mapping)
        documents = [
            doc(
                1, "Quyết định về giá đất", "Bảng giá đất năm 2020", number="5/QĐ-UBND"
            ),
            doc(
                2,
                "Kế hoạch cải cách hành chính",
                "Nâng cao chất lượng phục vụ người dân trên đất nước",
            ),
        ]
        engine.index_bulk(documents)
        engine.refresh()

        assert not engine.current_mapping("legal")
        assert "search_rebuild" in engine.health().detail
        for q in ("gia dat", "giá đất", "5/QĐ-UBND"):
            found = engine.search(SearchQuery(q=q, kind="legal"))
            assert [hit.key for hit in found.results] == ["legal:1"], q

        engine.rebuild(documents)
        assert engine.current_mapping("legal")
        assert "search_rebuild" not in engine.health().detail
        for q in ("gia dat", "giá đất", "5/QĐ-UBND"):
            found = engine.search(SearchQuery(q=q, kind="legal"))
            assert [hit.key for hit in found.results] == ["legal:1"], q
        found = engine.search(SearchQuery(q="dat", kind="legal"))
        assert {hit.key for hit in found.results} == {"legal:1", "legal:2"}
    finally:
        engine.clear()
        engine.close()
