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
