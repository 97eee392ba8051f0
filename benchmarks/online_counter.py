"""How much the online counter middleware adds to each request.

    .venv/bin/python benchmarks/online_counter.py [--requests 20000]

Measures the middleware around a view that does nothing, so the figures are the
middleware's own cost: with the Django cache backend (local memory), with Redis at
127.0.0.1:6379 (skipped if unreachable), and with Redis down. Two traffic shapes:
"returning" (2,000 visitors browsing, the usual case: most requests hit the
per-process memory) and "all new" (every request from a new visitor: the worst case,
one backend round trip each).
"""

import argparse
import logging
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from portal.engagement import middleware as middleware_module  # noqa: E402
from portal.engagement.middleware import OnlineCounterMiddleware  # noqa: E402
from portal.engagement.online import (  # noqa: E402
    CacheOnlineCounter,
    RedisOnlineCounter,
)

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


def build_requests(count: int, visitors: int, offset: int = 0) -> list:
    factory = RequestFactory()
    requests = []
    for i in range(count):
        n = offset + i % visitors
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        requests.append(
            factory.get("/tin-tuc/", REMOTE_ADDR=address, HTTP_USER_AGENT=UA)
        )
    return requests


def per_request_us(handler, requests, rounds: int = 3) -> list[float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for request in requests:
            handler(request)
        timings.append((time.perf_counter() - start) / len(requests) * 1e6)
    return timings


def measure(label: str, counter, requests_returning, rounds_new) -> None:
    response = HttpResponse()

    def view(request):
        return response

    baseline = statistics.median(per_request_us(view, requests_returning))
    middleware_module.get_counter = lambda: counter
    handler = OnlineCounterMiddleware(view)
    counter.local.clear()
    returning_rounds = per_request_us(handler, requests_returning)
    # The first round meets every visitor for the first time in this process.
    first = returning_rounds[0] - baseline
    returning = statistics.median(returning_rounds) - baseline
    counter.local.clear()
    stats = counter.stats()
    # Each round of "all new" uses visitors never seen before.
    new_timings = []
    for requests_new in rounds_new:
        start = time.perf_counter()
        for request in requests_new:
            handler(request)
        new_timings.append((time.perf_counter() - start) / len(requests_new) * 1e6)
    all_new = statistics.median(new_timings) - baseline
    print(
        f"{label:<34} first round: {first:7.2f}   returning: {returning:6.2f}   "
        f"all new: {all_new:7.2f} µs/request   ({stats})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()

    returning = build_requests(args.requests, visitors=2_000)
    per_round = min(args.requests, 5_000)
    new = [
        build_requests(per_round, visitors=per_round, offset=100_000 + r * per_round)
        for r in range(3)
    ]
    print(
        f"{args.requests} requests from 2,000 visitors, 3 rounds (median shown as "
        "'returning'), then 3 rounds of never-seen visitors; view cost subtracted; "
        f"load average {os.getloadavg()[0]:.1f}"
    )

    prefix = f"bench-online-{uuid.uuid4().hex}"
    measure("cache (local memory)", CacheOnlineCounter(prefix=prefix), returning, new)

    redis_counter = RedisOnlineCounter(args.redis_url, prefix=prefix)
    try:
        redis_counter.client.ping()
    except Exception as error:  # noqa: BLE001
        print(f"{'redis':<28} skipped: {error}")
    else:
        try:
            measure(f"redis ({args.redis_url})", redis_counter, returning, new)
        finally:
            redis_counter.reset()

    # Nothing listens on port 1: the first request waits for the refusal, then the
    # counter backs off and later requests skip Redis.
    logging.getLogger("portal.engagement.online").setLevel(logging.ERROR)
    down = RedisOnlineCounter("redis://127.0.0.1:1/0", prefix=prefix, timeout=0.2)
    measure("redis down (backing off)", down, returning, new)


if __name__ == "__main__":
    main()
