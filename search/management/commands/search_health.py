"""Report each search engine's state, document counts and outbox backlog."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Max, Min
from django.utils import timezone

from search.engines import aliases, get_engine
from search.models import IndexRebuild, OutboxEntry


class Command(BaseCommand):
    help = "Show engine, index, document counts per kind and outbox backlog."

    def handle(self, *args, **options):
        healthy = True
        for alias in aliases():
            engine = get_engine(alias)
            health = engine.health()
            healthy &= health.ok
            state = self.style.SUCCESS("OK") if health.ok else self.style.ERROR("LỖI")
            self.stdout.write(f"[{alias}] {health.engine} — {state} — {health.detail}")
            if health.index:
                self.stdout.write(f"  chỉ mục: {health.index}")
            for kind, count in sorted(health.counts.items()):
                self.stdout.write(f"  {kind}: {count}")
            self.stdout.write(f"  tổng: {health.total}")
            queue = OutboxEntry.objects.filter(backend=alias).aggregate(
                n=Count("id"), oldest=Min("created_at"), attempts=Max("attempts")
            )
            self.stdout.write(
                f"  hàng đợi: {queue['n']}"
                + (
                    f" (cũ nhất {timezone.localtime(queue['oldest']):%d/%m/%Y %H:%M}, "
                    f"thử lại tối đa {queue['attempts']} lần)"
                    if queue["n"]
                    else ""
                )
            )
            rebuild = IndexRebuild.objects.filter(backend=alias).first()
            if rebuild:
                started = timezone.localtime(rebuild.started_at)
                self.stdout.write(
                    f"  đang dựng lại chỉ mục từ {started:%d/%m/%Y %H:%M}; "
                    "các cập nhật chờ đến khi xong"
                )
        if not healthy:
            raise CommandError("Có công cụ tìm kiếm không hoạt động.")
