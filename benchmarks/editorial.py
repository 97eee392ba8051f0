"""The editors of benchmarks/load.py's editorial mode: a publish every few seconds.

    python benchmarks/editorial.py --interval 3      # with load.py's environment

Each round edits the summary (sapo) of one of the province's latest news items and
publishes it, as an editor correcting an article does, taking the items in turn;
every fourth round publishes a new news item in the same category instead, as
an editor announcing a decision does. Publishing goes through Wagtail's revisions,
so the caches are invalidated exactly as an editor's publish invalidates them.
Stops on SIGTERM or SIGINT and prints how many it published.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interval", type=float, default=3.0, help="seconds")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load_settings")
    import django

    django.setup()
    from django.utils import timezone
    from wagtail.models import Site

    from portal.news.models import NewsPage

    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))

    province = Site.objects.get(is_default_site=True).root_page
    latest = list(
        NewsPage.objects.live()
        .descendant_of(province)
        .filter(locale_id=province.locale_id)
        .order_by("-first_published_at")[:5]
    )
    if not latest:
        print("editorial: no news to edit")
        return 1
    edits = creations = 0
    round_number = 0
    while not stopping:
        time.sleep(args.interval)
        if stopping:
            break
        round_number += 1
        stamp = timezone.localtime().strftime("%H:%M:%S")
        if round_number % 4 == 0:
            category = latest[0].get_parent()
            news = NewsPage(
                title=f"Thông báo của Văn phòng Ủy ban nhân dân tỉnh lúc {stamp}",
                slug=f"thong-bao-van-phong-{int(time.time() * 1000)}",
                sapo="Văn phòng Ủy ban nhân dân tỉnh thông báo kết quả phiên họp.",
                publication_date=timezone.now(),
            )
            category.add_child(instance=news)
            news.save_revision().publish()
            creations += 1
        else:
            news = NewsPage.objects.get(pk=latest[round_number % len(latest)].pk)
            base = news.sapo.split(" (cập nhật lúc ")[0]
            news.sapo = f"{base} (cập nhật lúc {stamp})"
            news.save_revision().publish()
            edits += 1
    print(f"editorial: {edits} edits and {creations} new news items published")
    return 0


if __name__ == "__main__":
    sys.exit(main())
