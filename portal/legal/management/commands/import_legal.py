"""Import legal documents from a CSV, XLSX or JSON file.

    manage.py import_legal van_ban.csv [--dry-run] [--parent PAGE_ID] [--skip-existing]
                                       [--full] [--batch-size N]

The columns are documented in portal/legal/importing.py. Bad rows are reported as
"row N: field: reason" and skipped; the command exits with status 1 when any row
failed, 2 when the file cannot be read at all, 130 when interrupted (the finished
batches are saved: run it again to go on).
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portal.core.importing.command import ImportCommand
from portal.legal.importing import LegalImporter
from portal.legal.models import LegalDocumentIndexPage


class Command(ImportCommand):
    help = (
        "Import legal documents from a CSV, XLSX or JSON file "
        "(see portal/legal/importing.py)."
    )
    parent_model = LegalDocumentIndexPage

    @property
    def progress_label(self):
        return pgettext("legal document", "documents")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave documents already imported as they are instead of updating them.",
        )

    def no_parent_message(self):
        return _("There is no document list page yet: create one (or run load_demo).")

    def make_importer(self, parent, options, progress):
        return LegalImporter(
            parent,
            dry_run=options["dry_run"],
            skip_existing=options["skip_existing"],
            full=options["full"],
            batch_size=options["batch_size"],
            progress=progress,
        )

    def write_details(self, importer, report):
        if importer.pending_relations:
            self.stdout.write(
                ngettext(
                    "%(count)d relation waits for a document not yet on the portal "
                    "(it links itself when that document is imported).",
                    "%(count)d relations wait for documents not yet on the portal "
                    "(they link themselves when those documents are imported).",
                    importer.pending_relations,
                )
                % {"count": importer.pending_relations}
            )
