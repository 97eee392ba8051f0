"""manage.py import_schedule FILE: a week of the leaders' work schedule from a
CSV or XLSX file (columns: see portal/leadership/importing.py)."""

from django.utils.translation import gettext as _

from portal.core.importing.command import ImportCommand
from portal.leadership import importing
from portal.leadership.importing import ScheduleImporter
from portal.leadership.models import SchedulePage


class Command(ImportCommand):
    help = importing.__doc__
    parent_model = SchedulePage

    @property
    def progress_label(self):
        return _("Importing the work schedule")

    def no_parent_message(self):
        return _("No work schedule page to import into: create one first.")

    def make_importer(self, parent, options, progress):
        return ScheduleImporter(
            parent,
            dry_run=options["dry_run"],
            full=options["full"],
            batch_size=options["batch_size"],
            progress=progress,
        )
