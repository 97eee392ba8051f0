"""A fresh database for the import benchmarks, with the portal's document list for
the legal ones."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def prepare(prefix: str):
    """`prepare_database`, and the document list page to add documents to."""
    prepare_database(prefix)
    from portal.core.demo import ensure_home_page
    from portal.legal.demo import ensure_index_page

    return ensure_index_page(ensure_home_page())


def prepare_database(prefix: str) -> Path:
    """Set up Django on DATABASE_URL, or on a new SQLite file in a temporary
    folder, and migrate it; returns the folder (for the benchmark's files)."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["PORTAL_VAR_DIR"] = str(workdir)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def drain_and_report() -> None:
    """Drain the search outbox as `search_sync` does and print its rate: to
    the engine of ELASTICSEARCH_URL when set, else the database engine."""
    import time

    from search import indexing
    from search.models import OutboxEntry

    print(f"outbox entries:     {OutboxEntry.objects.count()}")
    started, cpu_started = time.perf_counter(), time.process_time()
    report = indexing.drain(batch_size=500)
    indexing.maintain()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"search_sync:        {report.indexed} indexed, {report.failed} failed")
    print(f"search_sync time:   {elapsed:.1f} s")
    print(f"search_sync docs/s: {report.indexed / elapsed:.0f}")
    print(f"search_sync CPU:    {cpu:.1f} s ({report.indexed / cpu:.0f} docs/CPU-s)")
    print(f"peak memory (RSS):  {peak_rss_mb():.0f} MB (after search_sync)")
    print(f"load average:       {os.getloadavg()[0]:.2f}")
