"""Typos (search.typos): one wrong, missing, extra or swapped letter in a word of
five letters or more finds the document when the words as typed find nothing,
on every engine; the words as typed always come first."""

import dataclasses

import pytest

from search import service
from search.engines.base import SearchQuery
from search.engines.database.dialects import PostgreSQL, SQLite
from search.query import parse_query
from search.registry import IndexedDocument
from search.typos import corrected, may_be_typo, neighbours

#: parse_query reads the registered vocabularies: the sample kinds only.
pytestmark = pytest.mark.usefixtures("search_registry")


def test_neighbours_are_one_edit_away_and_five_letters_long():
    assert "hoach" in neighbours("hoahc")  # swapped
    assert "tuyen" in neighbours("tuyn")  # missing
    assert "truong" in neighbours("truonng")  # extra
    assert "phuong" in neighbours("phuonh")  # wrong
    assert "hoac" not in neighbours("hoahc")  # the word meant is too short
    assert "hoahc" not in neighbours("hoahc")
    assert "hoach" not in neighbours("hoxxc")  # two edits
    assert all(len(word) >= 5 for word in neighbours("tuyn"))


def test_only_words_of_letters_may_be_typos():
    assert may_be_typo("tuyn")
    assert not may_be_typo("ban")
    assert not may_be_typo("2020")
    assert not may_be_typo("qh15")


def known_from(vocabulary):
    asked = []

    def known(words):
        words = set(words)
        asked.append(words)
        return words & vocabulary

    return known, asked


def test_only_the_words_the_index_does_not_hold_are_corrected():
    known, asked = known_from({"quy", "hoach", "tuyen", "dung", "duong"})
    parsed = corrected(parse_query("quy hoahc"), known)
    assert parsed.corrections == (("hoahc", ("hoach",)),)
    assert parsed.correction("hoahc") == ("hoach",)
    assert len(asked) == 1  # one look-up for the words and their neighbours
    # "dung" is indexed: it stays as typed, though "duong" is one letter away.
    parsed = corrected(parse_query("tuyne dung"), known)
    assert parsed.corrections == (("tuyne", ("tuyen",)),)
    assert corrected(parse_query("tuyen dung"), known) is None
    assert corrected(parse_query("xyzzyq"), known) is None  # nothing near


def test_numbers_and_abbreviations_are_never_corrected():
    known, asked = known_from({"nghiep"})
    assert corrected(parse_query("61/2018"), known) is None
    assert corrected(parse_query("tthc"), known) is None
    assert not asked


def test_corrections_are_alternatives_in_the_full_text_queries():
    parsed = dataclasses.replace(
        parse_query("quy hoahc cchc"), corrections=(("hoahc", ("hoach", "hoacs")),)
    )
    assert SQLite._expression(parsed, "and") == (
        '"quy" AND ("hoahc" OR "hoach" OR "hoacs") '
        'AND ("cchc" OR "cai cach hanh chinh")'
    )
    assert PostgreSQL._expression(parsed, "or") == (
        "'quy' | ('hoahc' | 'hoach' | 'hoacs') "
        "| ('cchc' | ('cai' <-> 'cach' <-> 'hanh' <-> 'chinh'))"
    )


def document(key: str, title: str) -> IndexedDocument:
    return IndexedDocument(
        key=f"legal:{key}", kind="legal", title=title, url=f"/{key}/"
    )


@pytest.fixture
def misspelt(engine):
    engine.index_bulk(
        [
            document("planning", "Luật Quy hoạch"),
            document("business", "Luật Doanh nghiệp"),
            document("recruit", "Nghị định về tuyển dụng công chức"),
            # A document's own typo is found by the word as typed, not the
            # other way round.
            document("typo", "Kế hoạc năm 2020"),
        ]
    )
    engine.refresh()
    if getattr(engine, "keeps_terms", False):
        engine.refresh_terms()
    return engine


def keys(engine, q: str, **params) -> list[str]:
    results = engine.search(SearchQuery(q=q, kind="legal", **params))
    return [hit.key.removeprefix("legal:") for hit in results.results]


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("quy hoahc", "planning"),
        ("doanh ngiep", "business"),
        ("luat doanh nghiepp", "business"),
        ("tuyne dung", "recruit"),
        ("tuyeen dung cong chuc", "recruit"),
        ("xyzzyq", None),
    ],
)
def test_one_letter_off_finds_the_document(misspelt, q, key):
    results = misspelt.search(SearchQuery(q=q, kind="legal"))
    assert [hit.key for hit in results.results] == ([f"legal:{key}"] if key else [])
    assert results.corrected is bool(key)


def test_the_word_found_is_highlighted(misspelt):
    results = misspelt.search(SearchQuery(q="quy hoahc", kind="legal"))
    assert "<mark>hoạch</mark>" in results.results[0].title_highlighted


def test_the_words_as_typed_come_before_any_correction(misspelt):
    # "hoac" is indexed: the document holding it is the only answer.
    assert keys(misspelt, "ke hoac") == ["typo"]
    assert keys(misspelt, "quy hoach") == ["planning"]
    assert not misspelt.search(SearchQuery(q="ke hoac")).corrected


def test_the_page_shows_corrections_before_relaxing(indexed):
    """The service relaxes to any word only when no correction finds a
    document with every word: "le hoi du khahc" is the festival, as typed
    but for one letter, not every text naming "hoi"."""
    results = service.search(SearchQuery(q="le hoi du khahc"))
    assert [hit.title for hit in results.results] == [
        "Lễ hội Phố Hiến thu hút đông đảo du khách"
    ]
    assert not results.relaxed
    relaxed = service.search(SearchQuery(q="le hoi xyzzyq"))
    assert relaxed.relaxed
    assert relaxed.results
