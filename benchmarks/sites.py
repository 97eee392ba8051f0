"""Routing and page throughput with many member sites, against one site.

    .venv/bin/python benchmarks/sites.py [--sites 200] [--requests 1000] [--rounds 9]

Issue 23 asks that one installation serve the province and its member sites with
the same figures as one site (within 10%). In-process, through the whole middleware
stack (Django's test client; the page, fragment, routing and Site caches as in
production, on the local-memory cache, or on Redis when REDIS_URL is set), on a new
SQLite database (or DATABASE_URL):

1. builds the province's site: a home page and sections three levels deep;
2. measures, with the province's site alone,
   "routing": a section three levels down with the page cache off and the fragment
   caches warm (the Site lookup, the route, the page's fields and the fragments all
   come from the caches: what an uncached page costs besides its template), and
   "cached page": the same URL with the page cache on (every request a hit);
3. adds ``--sites`` member sites, each a home page with the same sections on its
   own hostname (``huyen-001.localhost``…), and measures again on the province's
   host and on the member hosts in turn (each request another site);
4. repeats 2 and 3 ``--rounds`` times, taking the member sites' Site records away
   and back between them (their pages stay), so that one site and many are
   measured alternately under the same conditions;
5. prints requests/s (the median of the rounds of each figure's fastest batch of
   200 requests) and each figure against the one site's, "ok" when none is more
   than 10% below it; and the Python function calls per request, the work done,
   which no noise touches.

Run it on a quiet machine. Even there a shared virtual machine's speed varies by
more than 10% from one second to the next (a pure-Python loop does), which is why
each figure is its fastest batch rather than its average.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.legal_database import prepare_database  # noqa: E402

PROVINCE_HOST = "localhost"
SECTION_SLUGS = ("gioi-thieu", "co-cau-to-chuc", "so-ban-nganh")
TOLERANCE = 0.10
BATCH = 200  # requests timed together
COUNTED = 50  # requests whose function calls are counted
MODES = ("routing", "cached page")


def build_tree(parent, title: str, slug: str):
    """A home page under ``parent`` with sections three levels deep below it."""
    from portal.core.models import HomePage, SectionPage

    home = parent.add_child(instance=HomePage(title=title, slug=slug))
    page = home
    for level, section_slug in enumerate(SECTION_SLUGS, start=1):
        page = page.add_child(
            instance=SectionPage(title=f"Chuyên mục cấp {level}", slug=section_slug)
        )
    return home


def province_site():
    from wagtail.models import Page, Site

    root = Page.get_first_root_node()
    home = build_tree(root, "Cổng thông tin điện tử tỉnh", "tinh")
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    site.hostname, site.port, site.root_page = PROVINCE_HOST, 80, home
    site.site_name = home.title
    site.save()
    return site


def add_member_sites(count: int) -> list[str]:
    from wagtail.models import Page

    root = Page.get_first_root_node()
    hosts = []
    for number in range(1, count + 1):
        host = f"huyen-{number:03d}.localhost"
        build_tree(root, f"Cổng thông tin huyện {number}", f"huyen-{number:03d}")
        hosts.append(host)
    return hosts


def set_member_sites(hosts: list[str], present: bool) -> None:
    """Give the member portals' home pages their Site records, or take them away
    (through the ORM, so that every cache a site change clears is cleared)."""
    from wagtail.models import Page, Site

    if not present:
        for site in Site.objects.filter(hostname__in=hosts):
            site.delete()
        return
    homes = dict(
        Page.objects.filter(slug__in=[host.split(".")[0] for host in hosts])
        .filter(depth=2)
        .values_list("slug", "pk")
    )
    for host in hosts:
        Site.objects.create(
            hostname=host,
            port=80,
            root_page_id=homes[host.split(".")[0]],
            site_name=host,
        )


class Requester:
    """Calls the WSGI application as a server would, a request at a time.

    Not Django's test client: each of its requests connects signal receivers
    whose ``weakref.finalize`` records are never released (Django 5.2), so a
    process slows down by the request and whichever figure is measured last
    looks the slowest. Like the test client, it keeps the one database
    connection across requests.
    """

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections
        from django.test import RequestFactory

        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.handler = WSGIHandler()
        self.factory = RequestFactory()

    def get(self, path: str, host: str) -> int:
        environ = self.factory.get(path, HTTP_HOST=host).environ
        response = self.handler(environ, lambda status, headers: None)
        status = response.status_code
        response.close()
        return status


def requests_per_second(
    hosts: list[str], path: str, requests: int
) -> tuple[float, float]:
    """Requests/s for ``path`` over ``hosts`` in turn, after warm-up passes (two at
    least, so that the page cache, when on, has stored every host's page; and some
    fifty requests, so that one host is not measured colder than many).

    The rate of the fastest of ``requests // BATCH`` batches: on a shared machine
    even a loop of arithmetic varies by more than 10% from one second to the
    next, and the fastest batch is the figure the neighbours disturbed least.
    Returns it with the function calls per request.
    """
    client = Requester()
    for _ in range(max(2, -(-50 // len(hosts)))):
        for host in hosts:
            status = client.get(path, host)
            if status != 200:
                raise SystemExit(f"{host}{path} answered {status}")
    best = 0.0
    for batch in range(max(1, requests // BATCH)):
        started = time.perf_counter()
        for number in range(batch * BATCH, (batch + 1) * BATCH):
            client.get(path, hosts[number % len(hosts)])
        best = max(best, BATCH / (time.perf_counter() - started))
    return best, calls_per_request(client, hosts, path)


def calls_per_request(client: Requester, hosts: list[str], path: str) -> float:
    """Python function calls per request: the work done, which the machine's
    noise does not touch (what grows with the number of sites shows here)."""
    import cProfile

    profile = cProfile.Profile()
    profile.enable()
    for number in range(COUNTED):
        client.get(path, hosts[number % len(hosts)])
    profile.disable()
    return sum(entry.callcount for entry in profile.getstats()) / COUNTED


def measure(hosts: list[str], requests: int) -> dict[str, float]:
    from django.conf import settings

    path = "/" + "".join(f"{slug}/" for slug in SECTION_SLUGS)
    figures = {}
    for mode, seconds in zip(MODES, (0, 60), strict=True):
        settings.PORTAL_PAGE_CACHE_SECONDS = seconds
        figures[mode], figures[f"{mode} calls"] = requests_per_second(
            hosts, path, requests
        )
    return figures


def median_figures(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {mode: statistics.median(r[mode] for r in rounds) for mode in rounds[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=200, help="member sites")
    parser.add_argument("--requests", type=int, default=1000, help="per figure")
    parser.add_argument("--rounds", type=int, default=9, help="median of")
    args = parser.parse_args(argv)

    prepare_database("portal-bench-sites-")
    from django.conf import settings

    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 3600
    print(f"Cache: {settings.CACHES['default']['BACKEND']}", flush=True)

    province_site()
    print(f"Adding {args.sites} member portals' pages…", flush=True)
    members = add_member_sites(args.sites)
    one, province, in_turn = [], [], []
    for number in range(1, args.rounds + 1):
        print(f"Round {number} of {args.rounds}…", flush=True)
        set_member_sites(members, present=False)
        one.append(measure([PROVINCE_HOST], args.requests))
        set_member_sites(members, present=True)
        province.append(measure([PROVINCE_HOST], args.requests))
        in_turn.append(measure(members, args.requests))
        print(
            "  routing {:.0f} / {:.0f} / {:.0f}, cached {:.0f} / {:.0f} / {:.0f}".format(
                *(r[-1]["routing"] for r in (one, province, in_turn)),
                *(r[-1]["cached page"] for r in (one, province, in_turn)),
            ),
            flush=True,
        )
    one_site = median_figures(one)
    rows = [
        ("1 site, province", one_site),
        (f"{args.sites + 1} sites, province", median_figures(province)),
        (f"{args.sites + 1} sites, members in turn", median_figures(in_turn)),
    ]

    print(
        f"\n{'':32} {'routing req/s':>14} {'cached req/s':>14}  vs 1 site"
        "    calls/request (routing / cached)"
    )
    worst = more_work = 0.0
    for label, figures in rows:
        ratios = [figures[mode] / one_site[mode] for mode in MODES]
        # Slower is what matters; faster than one site is the machine's noise.
        worst = max(worst, *(1 - ratio for ratio in ratios))
        more_work = max(
            more_work,
            *(
                figures[f"{mode} calls"] / one_site[f"{mode} calls"] - 1
                for mode in MODES
            ),
        )
        print(
            f"{label:32} {figures['routing']:14.0f} {figures['cached page']:14.0f}"
            f"  {' / '.join(f'{ratio:.0%}' for ratio in ratios):>9}"
            f"    {' / '.join(format(figures[f'{mode} calls'], ',.0f') for mode in MODES)}"
        )
    # How far one site's own rounds are apart: a difference smaller than that
    # cannot be told from the machine's noise.
    noise = max(
        (max(r[mode] for r in one) - min(r[mode] for r in one)) / one_site[mode]
        for mode in MODES
    )
    print(
        f"\nWork per request: at most {more_work:+.1%} against one site's"
        f" ({'ok' if more_work <= TOLERANCE else 'more than ' + format(TOLERANCE, '.0%')})"
    )
    if worst <= TOLERANCE:
        verdict = "ok"
    elif worst <= noise:
        verdict = (
            f"{worst:.0%} slower, inside the {noise:.0%} that one site's own"
            " rounds lie apart: the machine's noise"
        )
    else:
        verdict = f"{worst:.0%} slower"
    print(
        f"Requests/s: no figure more than {TOLERANCE:.0%} below one site's: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
