"""Alerts benchmark: confirmed subscriptions matched against a day of changes.

    .venv/bin/python benchmarks/alerts.py [--documents 20000] [--day 500]
                                          [--subscriptions 10000]

Issue 24 asks that matching 10,000 confirmed subscriptions against a day of 500
changed documents take at most 60 s on SQLite, identical saved searches matched
once and searches restricted to the changed documents, and that sending use one
pooled SMTP connection. On a new SQLite database (or DATABASE_URL):

1. imports ``--documents`` generated legal documents (benchmarks/import_legal.py's
   generator, through the importer) and indexes them (the database engine);
2. imports a day of ``--day`` new documents, a quarter of them amending,
   replacing or guiding documents of step 1, and indexes them;
3. adds ``--subscriptions`` confirmed daily subscriptions from the day before,
   held by 70% as many addresses: 40% saved searches (words with and without
   diacritics, some with a type or field; about 2,000 distinct), 20% filtered
   document lists (about 300 distinct), 40% single documents;
4. times one run of the alerts as `send_alerts` does: matching, then writing
   and queueing the mails, then sending them to an SMTP server on this machine
   (aiosmtpd, in a thread; it counts the connections it was given).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import legal_database  # noqa: E402
from benchmarks.import_legal import FIELDS, SUBJECTS, TYPES, generate  # noqa: E402

WORDS = [
    "đất đai",
    "dat dai",
    "chuyển đổi số",
    "chuyen doi so",
    "ngân sách",
    "ngan sach",
    "giáo dục phổ thông",
    "giao thong nong thon",
    "dịch bệnh",
    "tổ chức bộ máy",
    "nông nghiệp",
    "quy hoạch",
    "hỗ trợ sản xuất",
    "quyet dinh",
    "ke hoach",
]


def import_file(index_page, path: Path) -> None:
    from portal.legal.importing import LegalImporter

    LegalImporter(index_page).import_file(path)
    from search import indexing

    indexing.drain(batch_size=500)
    indexing.maintain()


def day_file(path: Path, base: int, count: int, seed: int = 24) -> None:
    """`count` new documents numbered after the base ones, a quarter of them
    acting on base documents."""
    generate(path, base + count, seed=seed)
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    numbers = [row[0] for row in body[:base]]
    rng = random.Random(seed)
    day = body[base:]
    for index, row in enumerate(day):
        row[0] = f"{base + index + 1}/2026/QĐ-UBND"
        row[7] = "05/12/2026"
        row[8] = ""
        kinds = ("sua_doi_bo_sung", "thay_the", "huong_dan")
        row[14] = f"{rng.choice(kinds)}:{rng.choice(numbers)}" if index % 4 == 0 else ""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *day])


def subscriptions(count: int, index_page, seed: int = 7) -> tuple[int, int]:
    """Confirmed daily subscriptions due now; returns (addresses, subscriptions)."""
    from urllib.parse import urlencode

    from django.utils import timezone
    from django.utils.text import slugify

    from portal.alerts.models import Frequency, Subscriber, Subscription
    from portal.core.changes import last_id
    from portal.legal.models import LegalDocumentPage

    rng = random.Random(seed)
    now = timezone.now()
    addresses = max(1, int(count * 0.7))
    Subscriber.objects.bulk_create(
        Subscriber(email=f"nguoi{i}@example.vn") for i in range(addresses)
    )
    subscriber_ids = list(Subscriber.objects.values_list("pk", flat=True))
    document_ids = list(LegalDocumentPage.objects.values_list("pk", flat=True))
    type_slugs = [slugify(name) for name, _code in TYPES]
    field_slugs = [slugify(name) for name in FIELDS]
    searches = []
    for _ in range(2000):
        params = {"q": rng.choice(WORDS) + " " + rng.choice(SUBJECTS).split()[-1]}
        if rng.random() < 0.5:
            params["type"] = "legal"
            if rng.random() < 0.5:
                params["field"] = rng.choice(field_slugs)
        searches.append(urlencode(params))
    lists = []
    for _ in range(300):
        params = {"linh-vuc": rng.choice(field_slugs)}
        if rng.random() < 0.5:
            params["loai"] = rng.choice(type_slugs)
        if rng.random() < 0.3:
            params["q"] = rng.choice(WORDS)
        lists.append(urlencode(params))
    head = last_id()
    rows, seen = [], set()
    while len(rows) < count:
        subscriber = rng.choice(subscriber_ids)
        draw = rng.random()
        if draw < 0.4:
            fields = {"kind": Subscription.Kind.SEARCH, "query": rng.choice(searches)}
        elif draw < 0.6:
            fields = {
                "kind": Subscription.Kind.LIST,
                "page_id": index_page.pk,
                "query": rng.choice(lists),
            }
        else:
            document = rng.choice(document_ids)
            fields = {
                "kind": Subscription.Kind.TOPIC,
                "page_id": document,
                "topic": f"page:{document}",
            }
        subscription = Subscription(
            subscriber_id=subscriber,
            label="benchmark",
            frequency=Frequency.DAILY,
            confirmed_at=now,
            last_change=head,
            next_due_at=now,
            **fields,
        )
        subscription.signature = subscription_signature(subscription)
        if (subscriber, subscription.signature) in seen:
            continue
        seen.add((subscriber, subscription.signature))
        rows.append(subscription)
    Subscription.objects.bulk_create(rows, batch_size=1000)
    return addresses, len(rows)


def subscription_signature(subscription) -> str:
    from portal.alerts.models import signature_of

    return signature_of(
        subscription.kind,
        subscription.site_id,
        subscription.page_id,
        subscription.topic,
        subscription.query,
    )


class Sink:
    """An SMTP server that accepts every mail and counts connections."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_EHLO(self, server, session, envelope, hostname, responses):
                sink.connections += 1
                session.host_name = hostname
                return responses

            async def handle_DATA(self, server, session, envelope):
                sink.messages += 1
                return "250 OK"

        self.messages = 0
        self.connections = 0
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--day", type=int, default=500)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    args = parser.parse_args()

    index_page = legal_database.prepare("alerts-bench-")
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from portal.alerts import matching, sending
    from portal.core.changes import ContentChange
    from portal.core.mail import OutgoingMail, send_queued

    print(f"database:           {connection.vendor}")
    work = Path(tempfile.mkdtemp(prefix="alerts-bench-files-"))
    started = time.perf_counter()
    generate(work / "base.csv", args.documents)
    import_file(index_page, work / "base.csv")
    print(
        f"base documents:     {args.documents} "
        f"({time.perf_counter() - started:.0f} s to import and index)"
    )
    addresses, count = subscriptions(args.subscriptions, index_page)
    print(f"subscriptions:      {count} confirmed, daily, {addresses} addresses")
    day_file(work / "day.csv", args.documents, args.day)
    before = ContentChange.objects.count()
    import_file(index_page, work / "day.csv")
    print(
        f"day of changes:     {args.day} new documents, "
        f"{ContentChange.objects.count() - before} change rows"
    )

    now = timezone.now() + matching.SETTLE * 2
    started = time.perf_counter()
    head = matching.settled_head(now)
    due = matching.due(now, head)
    matched = matching.match_all(due, head)
    match_seconds = time.perf_counter() - started
    hearing = sum(1 for found in matched.found.values() if found)
    print(f"due:                {len(due)} ({matched.distinct} distinct)")
    print(f"matching:           {match_seconds:.1f} s")
    print(f"subscriptions hit:  {hearing}")

    started = time.perf_counter()
    if os.environ.get("PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        queued = profiler.runcall(sending.queue_alerts, due, matched, now)
        profiler.dump_stats(os.environ["PROFILE"])
    else:
        queued = sending.queue_alerts(due, matched, now)
    print(f"mails written:      {queued} in {time.perf_counter() - started:.1f} s")

    with Sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        started = time.perf_counter()
        if os.environ.get("PROFILE_SEND"):
            import cProfile

            profiler = cProfile.Profile()
            report = profiler.runcall(send_queued, limit=queued + 10)
            profiler.dump_stats(os.environ["PROFILE_SEND"])
        else:
            report = send_queued(limit=queued + 10)
        elapsed = time.perf_counter() - started
        print(
            f"sending:            {report.sent} sent, {report.failed} failed in "
            f"{elapsed:.1f} s ({report.sent / elapsed if elapsed else 0:.0f}/s) "
            f"over {sink.connections} SMTP connection(s)"
        )
    left = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count()
    print(f"left in the queue:  {left}")
    print(f"load average:       {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
