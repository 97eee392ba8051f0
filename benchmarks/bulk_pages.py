"""Bulk page writer benchmark: creates N generated legal documents with
`portal.core.bulk.BulkPageWriter` into a fresh database, prints pages per second and
peak memory, then drains the search outbox as `search_sync` does and prints its rate.

    .venv/bin/python benchmarks/bulk_pages.py                  # 20,000 documents
    .venv/bin/python benchmarks/bulk_pages.py --count 2000 --batch-size 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5439/bulk_bench \
        .venv/bin/python benchmarks/bulk_pages.py --count 100000

Without DATABASE_URL it uses a temporary SQLite file; the portal search engine is
the database engine unless settings say otherwise. The documents are the ones
benchmarks/import_legal.py generates (same vocabularies, up to three relations to
earlier documents, one to three fields), built in memory as an importer would
build them from its rows: what is measured is the writer, not a file reader.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import legal_database  # noqa: E402
from benchmarks.import_legal import (  # noqa: E402
    BODIES,
    FIELDS,
    KINDS,
    SIGNERS,
    SUBJECTS,
    TYPES,
)


def vocabularies():
    from portal.core.models import PublicBody
    from portal.legal.models import DocumentType, LegalField, Signer

    def entry(model, name, **extra):
        instance, _created = model.objects.get_or_create(
            slug=model.slug_for(name), defaults={"name": name, **extra}
        )
        return instance

    return {
        "types": [(entry(DocumentType, name), code) for name, code in TYPES],
        "bodies": [(entry(PublicBody, name), code) for name, code in BODIES],
        "signers": [
            (entry(Signer, name, default_position=position), position)
            for name, position in SIGNERS
        ],
        "fields": [entry(LegalField, name) for name in FIELDS],
    }


def documents(count: int, vocabulary, seed: int = 2019):
    """Unsaved LegalDocumentPages, one at a time (nothing kept but their numbers)."""
    from portal.legal.models import DocumentRelation, LegalDocumentPage

    rng = random.Random(seed)
    numbers: list[str] = []
    for index in range(count):
        doc_type, code = rng.choice(vocabulary["types"])
        body, body_code = rng.choice(vocabulary["bodies"])
        signer, position = rng.choice(vocabulary["signers"])
        year = 2010 + index % 15
        number = f"{index + 1}/{year}/{code}-{body_code}"
        subject = rng.choice(SUBJECTS)
        issued = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        paragraphs = "".join(
            f"<p>Điều {n}. {subject.capitalize()} theo quy định của pháp luật hiện "
            "hành.</p>"
            for n in range(1, rng.randint(3, 8))
        )
        page = LegalDocumentPage(
            title=f"{doc_type.name} về việc {subject} năm {year}",
            slug=f"{index + 1}-{year}-{code}-{body_code}".lower(),
            number=number,
            doc_type=doc_type,
            issuing_body=body,
            signer=signer,
            signer_position=position,
            issued_date=issued,
            effective_date=issued + datetime.timedelta(days=10)
            if rng.random() < 0.5
            else None,
            scope="tinh",
            group=rng.choice(["qppl", "chi-dao-dieu-hanh"]),
            body=paragraphs,
        )
        page.fields = rng.sample(vocabulary["fields"], rng.randint(1, 3))
        page.relations = [
            DocumentRelation(
                kind=rng.choice(KINDS), target_number=rng.choice(numbers), sort_order=n
            )
            for n in range(rng.randint(0, 3) if numbers else 0)
        ]
        numbers.append(number)
        yield page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--no-sync", action="store_true", help="Leave the outbox undrained."
    )
    args = parser.parse_args()

    index_page = legal_database.prepare("bulk-bench-")
    from django.db import connection
    from tqdm import tqdm

    from portal.core.bulk import BulkPageWriter
    from portal.legal.models import LegalDocumentPage
    from search.models import OutboxEntry

    existing = LegalDocumentPage.objects.count()
    vocabulary = vocabularies()
    OutboxEntry.objects.all().delete()

    progress = tqdm(total=args.count, unit=" văn bản", file=sys.stderr)
    started, cpu_started = time.perf_counter(), time.process_time()
    with BulkPageWriter(
        index_page,
        batch_size=args.batch_size,
        on_batch=lambda pages: progress.update(len(pages)),
    ) as writer:
        writer.add_many(documents(args.count, vocabulary))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    progress.close()
    write_rss = legal_database.peak_rss_mb()

    print(f"database:           {connection.vendor}")
    print(f"pages created:      {writer.created}")
    print(f"documents in db:    {LegalDocumentPage.objects.count() - existing}")
    print(f"time:               {elapsed:.1f} s")
    print(f"pages/s:            {writer.created / elapsed:.0f}")
    # On a machine shared with other work, the figure the load does not change.
    print(f"CPU time:           {cpu:.1f} s ({writer.created / cpu:.0f} pages/CPU-s)")
    print(f"peak memory (RSS):  {write_rss:.0f} MB")
    if not args.no_sync:
        legal_database.drain_and_report()


if __name__ == "__main__":
    main()
