"""Re-queue for search the documents whose validity status changed because a date
passed (a document took effect or expired, or an amending or replacing document took
effect). The status itself is always computed when a page is shown; only the search
index keeps a copy, which this command refreshes, and the change history records
the new status for the documents' followers (portal.legal.changes).

Run it once a day, shortly after midnight (Asia/Ho_Chi_Minh), e.g. in cron::

    5 0 * * *  cd /srv/portal && .venv/bin/python manage.py legal_refresh_status

It remembers the last day it covered, so a missed day is caught up on the next run;
`--since dd/mm/yyyy` covers an explicit period and `--dry-run` only lists.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.changes import write as write_changes
from portal.legal.changes import status_changes
from portal.legal.models import StatusRefreshRun
from portal.legal.status_refresh import documents_with_status_change, requeue_for_search


def parse_date(value: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("Invalid date: %(value)s (use dd/mm/yyyy)") % {"value": value})


class Command(BaseCommand):
    help = "Re-queue for search the legal documents whose status changed with the date."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=parse_date, help="dd/mm/yyyy (exclusive)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, since=None, dry_run=False, **options):
        today = timezone.localdate()
        if since is None:
            last = StatusRefreshRun.objects.order_by("-ran_for").first()
            since = last.ran_for if last else today - datetime.timedelta(days=1)
        pages = documents_with_status_change(since, today)
        for page in pages:
            self.stdout.write(f"  {page.number}: {page.status_label}")
        if dry_run:
            self.stdout.write(
                _("%(count)d documents would be indexed again.") % {"count": len(pages)}
            )
            return
        requeue_for_search(pages)
        write_changes(status_changes([page.pk for page in pages], today))
        StatusRefreshRun.objects.create(ran_for=today, requeued=len(pages))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d documents queued for indexing (%(since)s to %(today)s).")
                % {
                    "count": len(pages),
                    "since": f"{since:%d/%m/%Y}",
                    "today": f"{today:%d/%m/%Y}",
                }
            )
        )
