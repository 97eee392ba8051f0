"""Send queued index updates (the outbox) to the search engines, in bulk."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.engines import aliases


class Command(BaseCommand):
    help = "Drain the search outbox: index queued updates in bulk, with retries."

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=aliases(), help="Only this engine.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--retries",
            type=int,
            default=3,
            help="Retries per batch before backing off.",
        )
        parser.add_argument(
            "--worker", action="store_true", help="Keep running and poll the outbox."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between polls."
        )

    def handle(self, *args, **options):
        self._stop = False
        self._held: set[str] = set()
        if options["worker"]:
            signal.signal(signal.SIGTERM, self._request_stop)
            signal.signal(signal.SIGINT, self._request_stop)
        while True:
            report = indexing.drain(
                backend=options["backend"],
                batch_size=options["batch_size"],
                retries=options["retries"],
            )
            for alias in report.held:
                if not options["worker"] or alias not in self._held:
                    self.stdout.write(
                        f"Chỉ mục '{alias}' đang được dựng lại: các cập nhật "
                        "chờ đến khi xong."
                    )
            self._held = set(report.held)
            indexing.maintain(options["backend"])
            if report.processed or report.failed or not options["worker"]:
                self.stdout.write(
                    f"Đã lập chỉ mục {report.indexed}, đã xoá {report.deleted}, "
                    f"lỗi {report.failed}; còn chờ: {self._backlog_text()}"
                )
            if not options["worker"] and report.failed:
                # Cron and monitoring see the failure; the updates stay queued.
                raise CommandError(
                    "Có cập nhật chưa gửi được tới công cụ tìm kiếm; chúng vẫn "
                    "nằm trong hàng đợi và sẽ được gửi lại."
                )
            if not options["worker"] or self._stop:
                return
            time.sleep(options["interval"])
            if self._stop:
                return

    @staticmethod
    def _backlog_text() -> str:
        backlog = indexing.backlog()
        if not backlog:
            return "0"
        return ", ".join(f"{alias}: {count}" for alias, count in backlog.items())

    def _request_stop(self, signum, frame):
        self._stop = True
