"""The database engine's writes, prepared: documents turned into the rows the
index stores, chunk by chunk (folded texts, facet rows, JSON), in a thread ahead
of the writer where that pays (see prepared_chunks)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from search.query import words
from search.registry import SITE_FACET, IndexedDocument
from search.text import fold, normalise_document_number

CHUNK_SIZE = 500
ENTRY_COLUMNS = (
    "key, kind, title, url, number, number_norm, summary, body, date, facets, extra"
)


def folded_numbers(numbers: Iterable[str]) -> str:
    return " ".join(" ".join(words(n)) for n in numbers if n)


@dataclass
class Chunk:
    """Documents turned into the rows the index stores: pure Python work, which
    on PostgreSQL is done for the next chunk in a thread while the database
    writes the current one (see prepared_chunks)."""

    keys: list[str]
    #: search_entry rows (ENTRY_COLUMNS), date as a datetime.date.
    rows: list[tuple]
    #: Folded title, summary, text, own number and related numbers of each row.
    folded: list[tuple[str, str, str, str, str]]
    #: (key, facet name, value) of every facet value, the sites as SITE_FACET's.
    facets: list[tuple[str, str, str]]


def prepare(documents: list[IndexedDocument]) -> Chunk:
    by_key = {document.key: document for document in documents}
    return Chunk(
        keys=list(by_key),
        rows=[
            (
                d.key,
                d.kind,
                d.title,
                d.url,
                d.number,
                normalise_document_number(d.number),
                d.summary,
                d.text,
                d.date,
                json.dumps({name: list(values) for name, values in d.facets.items()}),
                json.dumps(dict(d.extra)),
            )
            for d in by_key.values()
        ],
        folded=[
            (
                fold(d.title),
                fold(d.summary),
                fold(d.text),
                folded_numbers([d.number]),
                folded_numbers(d.related_numbers),
            )
            for d in by_key.values()
        ],
        facets=[
            (key, name, value)
            for key, d in by_key.items()
            for name, values in [*d.facets.items(), (SITE_FACET, d.sites)]
            for value in dict.fromkeys(values)
        ],
    )


def prepared_chunks(
    documents: Iterable[IndexedDocument], ahead: bool
) -> Iterator[Chunk]:
    """The documents in prepared chunks of CHUNK_SIZE, with `ahead` the next one
    prepared in a thread while the caller writes the current one.

    The documents are read in the caller's thread (they may come from the
    database); only _prepare runs in the helper thread, which the GIL leaves
    free while the caller waits on the database. Worth it only where a chunk is
    written in a few long round trips: a writer waiting on many short ones
    would wait for the GIL after each."""
    iterator = iter(documents)
    chunks = iter(lambda: list(itertools.islice(iterator, CHUNK_SIZE)), [])
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None) if ahead else None
    if second is None:  # one chunk (a page published), or not ahead
        yield prepare(first)
        for chunk in chunks:
            yield prepare(chunk)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index") as pool:
        pending = pool.submit(prepare, first)
        for chunk in itertools.chain([second], chunks):
            following = pool.submit(prepare, chunk)
            yield pending.result()
            pending = following
        yield pending.result()
