"""Real documents, real queries (tests/search/relevance.py): on every engine, the
document a citizen means comes first."""

import pytest

from search.engines.base import SearchQuery
from search.text import fold
from tests.search import relevance


@pytest.fixture
def legal_database(engine):
    engine.index_bulk(relevance.DOCUMENTS)
    engine.refresh()
    if getattr(engine, "keeps_terms", False):
        engine.refresh_terms()
    return engine


def test_the_document_meant_comes_first(legal_database):
    """One test per engine over the whole set, so that a failure lists every
    query that missed, with what came first instead."""
    missed = []
    for q, number in relevance.QUERIES:
        results = legal_database.search(SearchQuery(q=q, kind="legal"))
        first = results.results[0].number if results.results else None
        if first != number:
            missed.append(f"{q!r}: {first} instead of {number}")
    assert not missed, "\n".join(missed)


def test_a_title_typed_in_full_finds_its_document_first(legal_database):
    """With its diacritics or without, as a citizen copies or types it."""
    missed = []
    for document in relevance.DOCUMENTS:
        for q in (document.title, fold(document.title)):
            results = legal_database.search(SearchQuery(q=q, kind="legal"))
            if not results.results or results.results[0].key != document.key:
                first = results.results[0].title if results.results else None
                missed.append(f"{q!r}: {first!r}")
    assert not missed, "\n".join(missed)
