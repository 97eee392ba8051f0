"""Send the e-mail alerts that are due, then the rest of the mail queue.

From cron, every few minutes (alerts "at once" go out on the next run; daily and
weekly ones at PORTAL_ALERTS_HOUR, 7:00 by default)::

    */5 * * * *  cd /srv/portal && .venv/bin/python manage.py send_alerts

or as a long-running worker (systemd, a container) that runs every --interval
seconds until stopped::

    manage.py send_alerts --worker --interval 60

Killed at any point and run again, it sends what was not sent (portal.alerts.sending).
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.translation import gettext as _

from portal.alerts.sending import run


class Command(BaseCommand):
    help = "Match the due e-mail alerts, queue them and send the mail queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker", action="store_true", help="Run again every --interval seconds."
        )
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument(
            "--no-send", action="store_true", help="Queue the alerts, send nothing."
        )

    def handle(self, *args, worker=False, interval=60.0, no_send=False, **options):
        if not worker:
            self.report(run(send=not no_send))
            return
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            close_old_connections()
            try:
                report = run(send=not no_send)
            except DatabaseError as error:
                self.stderr.write(_("Alerts run failed: %(error)s") % {"error": error})
            else:
                if report.queued or (report.sent and report.sent.sent):
                    self.report(report)
            waited = 0.0
            while waited < interval and not stopping:
                time.sleep(min(1.0, interval))
                waited += 1.0

    def report(self, report):
        sent = report.sent
        self.stdout.write(
            _(
                "%(due)d subscriptions due (%(distinct)d distinct), %(postponed)d "
                "postponed, %(queued)d alerts queued, %(expired)d unconfirmed "
                "subscriptions deleted."
            )
            % vars(report)
        )
        if sent is None:
            return
        if sent.paused:
            self.stdout.write(_("Sending is paused: the mail waits in the queue."))
            return
        self.stdout.write(
            _(
                "%(sent)d mails sent, %(failed)d failed (will retry), %(refused)d refused."
            )
            % {"sent": sent.sent, "failed": sent.failed, "refused": sent.refused}
        )
