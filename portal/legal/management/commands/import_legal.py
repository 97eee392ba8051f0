"""Import legal documents from a CSV or JSON file.

    manage.py import_legal van_ban.csv [--dry-run] [--parent PAGE_ID] [--skip-existing]

The columns are documented in portal/legal/importing.py. Bad rows are reported as
"row N: field: reason" and skipped; the command exits with status 1 when any row
failed, 2 when the file cannot be read at all.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from tqdm import tqdm

from portal.legal.importing import ImportFileError, LegalImporter
from portal.legal.models import LegalDocumentIndexPage


class Command(BaseCommand):
    help = "Import legal documents from a CSV or JSON file (see portal/legal/importing.py)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, change nothing."
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the document list page (default: the first).",
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave documents already imported as they are instead of updating them.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(
        self,
        *args,
        file: Path,
        dry_run=False,
        parent=None,
        no_progress=False,
        skip_existing=False,
        **options,
    ):
        if not file.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        index_pages = LegalDocumentIndexPage.objects.all()
        index_page = (
            index_pages.filter(pk=parent).first() if parent else index_pages.first()
        )
        if index_page is None:
            raise CommandError(
                _("There is no document list page yet: create one (or run load_demo).")
            )

        def progress(rows, total):
            return tqdm(
                rows,
                total=total,
                unit=" " + pgettext("legal document", "documents"),
                disable=True if no_progress else None,
                file=sys.stderr,
            )

        importer = LegalImporter(
            index_page, dry_run=dry_run, skip_existing=skip_existing, progress=progress
        )
        try:
            report = importer.import_file(file)
        except ImportFileError as error:
            raise CommandError(
                f"Không đọc được tệp {file}: {error}", returncode=2
            ) from error

        summary = _(
            "Created %(created)d, updated %(updated)d, failed rows %(failed)d."
        ) % {
            "created": len(report.created),
            "updated": len(report.updated),
            "failed": len(report.failed_lines),
        }
        if dry_run:
            summary = _("[Dry run, nothing saved]") + " " + summary
        self.stdout.write(summary)
        for kind, names in report.new_taxonomies.items():
            self.stdout.write(
                _("New %(kind)s: %(names)s") % {"kind": kind, "names": ", ".join(names)}
            )
        if report.pending_relations:
            self.stdout.write(
                ngettext(
                    "%(count)d relation waits for a document not yet on the portal "
                    "(it links itself when that document is imported).",
                    "%(count)d relations wait for documents not yet on the portal "
                    "(they link themselves when those documents are imported).",
                    report.pending_relations,
                )
                % {"count": report.pending_relations}
            )
        for error in report.errors:
            self.stderr.write(str(error))
        for warning in report.warnings:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        if not report.ok:
            raise CommandError(
                ngettext(
                    "%(count)d row was skipped because of errors.",
                    "%(count)d rows were skipped because of errors.",
                    len(report.failed_lines),
                )
                % {"count": len(report.failed_lines)},
                returncode=1,
            )
