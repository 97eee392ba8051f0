"""The mail queue's health: what waits, what failed, which addresses are suspended.

Exits with status 1 when mail has waited longer than --max-age minutes (default
60) or mail was given up in the last day, so that monitoring can call it.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.mail import queue_health


class Command(BaseCommand):
    help = "Report the outgoing mail queue, failures and suspended addresses."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=60, help="minutes")

    def handle(self, *args, max_age=60, **options):
        health = queue_health()
        oldest = health["oldest_queued"]
        waited = (timezone.now() - oldest) if oldest else datetime.timedelta(0)
        self.stdout.write(
            _(
                "Queued: %(queued)d (retrying: %(retrying)d). Sent: %(sent)d. "
                "Given up: %(failed)d. Dropped: %(dropped)d. "
                "Suspended addresses: %(suspended_addresses)d."
            )
            % health
        )
        if oldest:
            self.stdout.write(
                _("Oldest queued mail waits since %(when)s.")
                % {"when": timezone.localtime(oldest).strftime("%d/%m/%Y %H:%M")}
            )
        if health["paused"]:
            self.stdout.write(_("Sending is paused."))
        problems = []
        if waited > datetime.timedelta(minutes=max_age) and not health["paused"]:
            problems.append(_("mail has waited too long"))
        if health["failed_recently"]:
            problems.append(_("mail was given up in the last day"))
        if problems:
            self.stderr.write(
                _("Problem: %(problems)s") % {"problems": "; ".join(problems)}
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(_("OK")))
