"""The trade's abbreviations (search.abbreviations): each one stands for its
words on every engine, as civil servants and citizens type it."""

import pytest

from search.abbreviations import ABBREVIATIONS, TYPE_SYMBOLS
from search.engines.base import SearchQuery
from search.query import parse_query
from search.registry import IndexedDocument
from search.text import fold

#: Query understanding reads the registered adapters' vocabularies
#: (search.intent): the sample adapters', which need no database.
pytestmark = pytest.mark.usefixtures("search_registry")


@pytest.mark.parametrize(("abbreviation", "meaning"), sorted(ABBREVIATIONS.items()))
def test_each_abbreviation_stands_for_its_words(abbreviation, meaning):
    parsed = parse_query(abbreviation.upper())
    assert parsed.terms == (abbreviation,)
    assert parsed.expansion(abbreviation) == tuple(fold(meaning).split())
    # Only acronyms: a word of the language must never be taken for one.
    assert " " not in abbreviation
    assert abbreviation == fold(abbreviation)


@pytest.mark.parametrize(
    ("typed", "abbreviation"),
    [("CĐS", "cds"), ("HĐND", "hdnd"), ("NĐ", "nd"), ("QĐ", "qd"), ("TTg", "ttg")],
)
def test_abbreviations_typed_with_their_letter_d_or_in_mixed_case(typed, abbreviation):
    assert parse_query(typed).expansion(abbreviation)


def test_types_named_in_numbers_are_their_symbols():
    assert TYPE_SYMBOLS["nghi dinh"] == "nd"
    assert TYPE_SYMBOLS["quyet dinh"] == "qd"
    assert TYPE_SYMBOLS["ke hoach"] == "kh"
    assert parse_query("nghị định 15").number_parts == ("15", "nd")


def test_words_are_not_abbreviations():
    assert parse_query("cai cach hanh chinh").expansions == ()


def spelled_out(abbreviation: str, meaning: str) -> IndexedDocument:
    return IndexedDocument(
        key=f"legal:{abbreviation}",
        kind="legal",
        title=f"Tài liệu về {meaning}",
        url=f"/van-ban/{abbreviation}/",
    )


def test_every_abbreviation_finds_the_document_spelling_it_out(engine):
    """One test per engine over the whole list, listing every entry that missed."""
    engine.index_bulk(
        [
            spelled_out(abbreviation, meaning)
            for abbreviation, meaning in ABBREVIATIONS.items()
        ]
    )
    engine.refresh()
    if getattr(engine, "keeps_terms", False):
        engine.refresh_terms()
    missed = []
    for abbreviation in ABBREVIATIONS:
        results = engine.search(SearchQuery(q=abbreviation.upper(), kind="legal"))
        keys = [hit.key for hit in results.results]
        if f"legal:{abbreviation}" not in keys:
            missed.append(f"{abbreviation.upper()}: {keys[:3]}")
    assert not missed, "\n".join(missed)
