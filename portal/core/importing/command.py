"""The management command around an importer: the same options, output and exit
status for every import.

Exit status: 0 every row imported (or unchanged), 1 some rows failed (the others are
imported), 2 the file cannot be read at all (nothing imported), 130 stopped by Ctrl-C
(every finished batch is saved: run the command again to go on).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from .base import Importer
from .errors import ImportFileError
from .report import ImportReport

EXIT_ROWS_FAILED = 1
EXIT_FILE_UNREADABLE = 2
EXIT_INTERRUPTED = 130
#: With --full, how many of the documents missing from the file are listed by key.
MISSING_LISTED = 50


class ImportCommand(BaseCommand):
    #: The page model imported under (--parent, default the first in the tree).
    parent_model = None
    #: Label of the progress bar.
    progress_label = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV, JSON or XLSX file to import")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change, writing nothing.",
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the list page to import under (default: the first).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="The file is the whole dataset: list the documents on the portal "
            "that it does not hold (they are not deleted).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Rows saved per transaction (default 200); an interrupted import "
            "keeps every finished batch.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def no_parent_message(self) -> str:
        raise NotImplementedError

    def make_importer(self, parent, options, progress) -> Importer:
        raise NotImplementedError

    def write_details(self, importer: Importer, report: ImportReport) -> None:
        """What an app adds to the summary (new taxonomy entries, relations...)."""

    def parent_page(self, page_id):
        pages = self.parent_model.objects.all()
        if page_id:
            pages = pages.filter(pk=page_id)
        parent = pages.order_by("path").first()
        if parent is None:
            raise CommandError(self.no_parent_message())
        return parent

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(
                _("File not found: %(path)s") % {"path": path},
                returncode=EXIT_FILE_UNREADABLE,
            )
        parent = self.parent_page(options["parent"])

        def progress(rows):
            return tqdm(
                rows,
                desc=self.progress_label,
                unit=" " + _("row"),
                disable=True if options["no_progress"] else None,
                # The raw stream: OutputWrapper would end every redraw with a newline.
                file=self.stderr._out,
            )

        importer = self.make_importer(parent, options, progress)
        try:
            report = importer.import_file(path)
        except ImportFileError as error:
            raise CommandError(
                _("Cannot read the file %(path)s: %(error)s")
                % {"path": path, "error": error},
                returncode=EXIT_FILE_UNREADABLE,
            ) from error
        self.write_report(importer, report)

    def write_report(self, importer: Importer, report: ImportReport) -> None:
        for error in report.errors:
            self.stderr.write(str(error))
        for warning in report.warnings:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        summary = _(
            "created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
            "skipped: %(skipped)s, failed rows: %(failed)s"
        ) % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.skipped,
            "failed": report.failed_rows,
        }
        if report.dry_run:
            summary = _("Dry run, nothing saved. Would be %(summary)s") % {
                "summary": summary
            }
        self.stdout.write(summary)
        for kind, names in importer.taxonomies.created.items():
            self.stdout.write(
                _("New %(kind)s: %(names)s") % {"kind": kind, "names": ", ".join(names)}
            )
        self.write_details(importer, report)
        if report.missing:
            self.stdout.write(
                ngettext(
                    "%(count)s document on the portal is not in the file "
                    "(nothing was deleted):",
                    "%(count)s documents on the portal are not in the file "
                    "(nothing was deleted):",
                    len(report.missing),
                )
                % {"count": len(report.missing)}
            )
            for key in report.missing[:MISSING_LISTED]:
                self.stdout.write(f"  {key}")
            if len(report.missing) > MISSING_LISTED:
                self.stdout.write("  …")
        if report.interrupted:
            raise CommandError(
                _(
                    "Interrupted: every finished batch is saved; run the same "
                    "command again to go on."
                ),
                returncode=EXIT_INTERRUPTED,
            )
        if report.errors:
            raise CommandError(
                ngettext(
                    "%(count)s row could not be imported.",
                    "%(count)s rows could not be imported.",
                    report.failed_rows,
                )
                % {"count": report.failed_rows},
                returncode=EXIT_ROWS_FAILED,
            )
