"""Compile every .po catalogue of the project to .mo, in pure Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine with only
Python may lack; polib does the same job. Only stale catalogues are rewritten.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIPPED_DIRS = {".venv", "node_modules", ".git", "var"}


class Command(BaseCommand):
    help = "Compile the project's .po translation files to .mo (no gettext needed)."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in self.catalogues(Path(settings.BASE_DIR)):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"{compiled} translation catalogue(s) compiled.")

    def catalogues(self, root: Path):
        for path in root.rglob("locale/*/LC_MESSAGES/*.po"):
            if not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
                yield path
