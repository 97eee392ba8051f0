"""Elasticsearch mappings (elasticsearch.dsl) with the Vietnamese analyzers.

Analyzers are defined on the fields, not as index defaults, so that every
Elasticsearch 8/9 cluster (and OpenSearch-compatible test servers) applies them
at index and at search time:

- `vi_text`: standard tokenizer + lowercase, diacritics kept: an exact match
  ("Quyết định") scores on this field and on the folded one, so it ranks higher;
- `vi_folded`: the same plus `asciifolding` (which folds "đ" to "d", unlike NFD), on
  the `.folded` sub-fields: "quyet dinh" finds "Quyết định";
- `vi_autocomplete`: `vi_folded` plus edge n-grams, on the `.suggest` sub-fields,
  searched with `vi_folded`: "ke hoa" completes "Kế hoạch" at any word.
"""

from __future__ import annotations

from typing import Any

from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Keyword,
    MetaField,
    Object,
    Text,
    analyzer,
    token_filter,
)

from search.query import words
from search.registry import IndexedDocument
from search.text import compose, normalise_document_number

edge_ngram = token_filter("vi_edge_ngram", "edge_ngram", min_gram=1, max_gram=20)
vi_text = analyzer("vi_text", tokenizer="standard", filter=["lowercase"])
vi_folded = analyzer(
    "vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"]
)
vi_autocomplete = analyzer(
    "vi_autocomplete",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", edge_ngram],
)


#: Changes with the mapping's fields. An index built before a change is still
#: searched the way its fields allow (see ElasticsearchSearchEngine.current_mapping)
#: until `search_rebuild` replaces it.
MAPPING_VERSION = 3
#: The first version whose indices have ALL_TEXT (version 1 is searched on
#: its fields one by one).
ALL_TEXT_VERSION = 2
#: The first version whose indices hold each document's sites (SITES): an
#: older index is searched on every site until it is rebuilt.
SITES_VERSION = 3
#: The keyword field of the root page ids of a document's sites
#: (IndexedDocument.sites), filtered on and counted as the SITE_FACET.
SITES = "sites"
#: Every searchable word of a document, folded, in one field (copy_to): a query
#: matches and is scored on this one field, and only the title's fields add to
#: the score. Scoring seven fields for each of tens of thousands of matches of a
#: common word cost the node about twice as much.
ALL_TEXT = "all_text"


#: Deepest result a search may ask for (search.forms: MAX_PAGE pages of
#: MAX_PAGE_SIZE): beyond index.max_result_window (10,000 by default)
#: Elasticsearch refuses the request.
MAX_RESULT_WINDOW = 100_000


def _text(index: bool = True, **subfields) -> Text:
    # Offsets stored for the highlighted sub-field: without them Elasticsearch
    # analyses each hit's text again to highlight it, and refuses texts longer
    # than index.highlight.max_analyzed_offset (1,000,000 characters) — a
    # scanned plan's extracted attachments can be longer.
    return Text(
        analyzer=vi_text,
        index=index,
        copy_to=ALL_TEXT,
        fields={
            "folded": Text(analyzer=vi_folded, index_options="offsets"),
            **subfields,
        },
    )


class PortalDocument(Document):
    """One IndexedDocument; one index per kind uses this mapping."""

    key = Keyword()
    kind = Keyword()
    title = _text(
        raw=Keyword(ignore_above=256),
        suggest=Text(analyzer=vi_autocomplete, search_analyzer=vi_folded),
    )
    url = Keyword(index=False)
    summary = _text()
    #: Matched through all_text and highlighted from text.folded: the body with
    #: its diacritics is never searched on its own, so it is not indexed.
    text = _text(index=False)
    number = Keyword(
        copy_to=ALL_TEXT,
        fields={
            "text": Text(analyzer=vi_folded),
            "suggest": Text(analyzer=vi_autocomplete, search_analyzer=vi_folded),
        },
    )
    #: normalise_document_number(number): the exact-number match.
    number_norm = Keyword()
    related_numbers = Text(analyzer=vi_folded, copy_to=ALL_TEXT)
    all_text = Text(analyzer=vi_folded)
    date = Date()
    #: Facet name -> slugs; every facet is a keyword field (see dynamic_templates).
    facets = Object(dynamic=True)
    sites = Keyword()
    extra = Object(enabled=False)

    class Meta:
        meta = MetaField({"portal_mapping": MAPPING_VERSION})
        dynamic_templates = MetaField(
            [
                {
                    "facets_as_keywords": {
                        "path_match": "facets.*",
                        "mapping": {"type": "keyword"},
                    }
                }
            ]
        )

    @classmethod
    def from_indexed(cls, document: IndexedDocument) -> PortalDocument:
        return cls(
            meta={"id": document.key},
            **{**document_source(document), "date": document.date},
        )


def document_source(document: IndexedDocument) -> dict[str, Any]:
    """What is stored for one IndexedDocument, as plain JSON-ready values: the
    bulk requests send this (a PortalDocument per document cost more than the
    rest of the request's preparation)."""
    return {
        "key": document.key,
        "kind": document.kind,
        "title": compose(document.title),
        "url": document.url,
        "summary": compose(document.summary),
        "text": compose(document.text),
        "number": compose(document.number) or None,
        "number_norm": normalise_document_number(document.number) or None,
        "related_numbers": [" ".join(words(n)) for n in document.related_numbers],
        "date": document.date.isoformat() if document.date else None,
        "facets": {name: list(values) for name, values in document.facets.items()},
        SITES: list(document.sites),
        "extra": dict(document.extra),
    }


def build_index(
    name: str, shards: int = 1, replicas: int = 0, **settings: Any
) -> Index:
    index = Index(name)
    index.settings(
        number_of_shards=shards,
        number_of_replicas=replicas,
        max_result_window=MAX_RESULT_WINDOW,
        **settings,
    )
    index.document(PortalDocument)
    return index
