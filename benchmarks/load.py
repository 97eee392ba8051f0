"""Load benchmark: the portal under gunicorn on PostgreSQL, with and without the page cache.

    .venv/bin/python benchmarks/load.py                   # defaults below
    .venv/bin/python benchmarks/load.py --duration 5 --connections 32

What it does, all on loopback and bounded in time:

1. creates (if needed) a dedicated PostgreSQL database (``--database-url``, default
   ``postgres://postgres@127.0.0.1:5432/portal_bench``), migrates it, loads the demo
   and collects static files with the production settings;
2. finds URLs that exist in the demo: the home page, the first news article, the
   legal-document list with the first filter its form offers, and a search; missing
   ones are skipped;
3. counts SQL queries per page in-process (``CaptureQueriesContext``, page cache off,
   second request so that per-process start-up work is not counted and the fragment
   caches are warm, as on a running server);
4. starts gunicorn once per mode with production's settings
   (``deploy/gunicorn.conf.py``: gthread workers with keep-alive, as behind nginx):
   "cold" (every request meets the page, fragment, routing and Site caches empty,
   as the first visitor after a publish does; ``--cold``), "cache off" (the page
   cache off, the other caches warm), "cache on" (the page cache on) and
   "editorial" (the page cache on while benchmarks/editorial.py publishes news
   every ``--editorial`` seconds, as editors do on a working day; its table
   column "hits" is the share of responses the page cache answered),
   both with Redis when ``REDIS_URL`` or a local Redis answers (the fragment caches
   need it), and loads each URL for ``--duration`` seconds with ``wrk``
   (``apt-get install -y wrk``) or, without it, a bounded Python load generator;
5. prints a table with requests/s, p95 latency and queries, against the targets.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"

#: Targets from the issue: cached pages, uncached article/document pages, queries.
TARGET_CACHED_RPS = 2000
TARGET_UNCACHED_RPS = 200
TARGET_P95_MS = 100
TARGET_QUERIES = {"home": 15}
DEFAULT_TARGET_QUERIES = 10

WRK_P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors=%d p95_us=%d duration_us=%d\\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(95), summary.duration))
end
"""

#: The same, counting the page cache's answers (X-Cache) in every wrk thread.
WRK_HITS_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; misses = 0 end
function response(status, headers, body)
  local answer = headers["X-Cache"]
  if answer == "HIT" then hits = hits + 1 elseif answer == "MISS" then
    misses = misses + 1 end
end
""" + WRK_P95_SCRIPT.replace(
    "done = function(summary, latency, requests)",
    """\
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); m = m + thread:get("misses")
  end
  io.write(string.format("HITS hits=%d misses=%d\\n", h, m))""",
)


@dataclass
class Target:
    name: str
    path: str
    queries: int | None = None
    #: The same count with the caches empty (a new content version).
    cold_queries: int | None = None


@dataclass
class Measurement:
    requests_per_second: float
    p95_ms: float
    errors: int
    cache_header: str = ""
    #: The share of responses the page cache answered (editorial mode).
    hit_ratio: float | None = None


@dataclass
class Row:
    target: Target
    results: dict[str, Measurement] = field(default_factory=dict)


# --- environment ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), 0.5):
            return url
    except OSError:
        return ""


def base_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            "PORTAL_PAGE_CACHE_SECONDS": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def ensure_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"Unusable database name: {name!r}")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            print(f"Tạo cơ sở dữ liệu {name}…")
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict[str, str]) -> None:
    print("Chuẩn bị: migrate, load_demo, collectstatic…", flush=True)
    manage(env, "compile_translations")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")


# --- URLs and query counts (in-process) ------------------------------------------------


def discover_targets(env: dict[str, str], search_query: str) -> list[Target]:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.apps import apps
    from django.test import Client
    from wagtail.models import Site

    client = Client(HTTP_HOST="127.0.0.1")
    targets = [Target("home", "/")]
    province = Site.objects.get(is_default_site=True).root_page

    news_model = _model(apps, "news", "NewsPage")
    if news_model is not None:
        # The province's own Vietnamese news (the demo has member portals' news
        # and English news too, on other addresses).
        article = (
            news_model.objects.live()
            .descendant_of(province)
            .order_by("-first_published_at")
            .first()
        )
        if article is not None:
            targets.append(Target("news page", urlsplit(article.url).path))

    document_model = _model(apps, "legal", "LegalDocumentPage")
    if document_model is not None:
        document = document_model.objects.live().first()
        if document is not None:
            targets.append(Target("document page", urlsplit(document.url).path))
    list_path = "/van-ban/"
    response = client.get(list_path)
    if response.status_code == 200:
        targets.append(
            Target("document list + filter", list_path + first_filter(response))
        )

    search_path = "/tim-kiem/?" + urlencode({"q": search_query})
    if client.get(search_path).status_code == 200:
        targets.append(Target("search", search_path))
    if client.get("/en/").status_code == 200:
        targets.append(Target("English home", "/en/"))

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.core.caching.version import bump_version

    for target in targets:
        client.get(target.path)  # warm per-process caches and fragment caches
        with CaptureQueriesContext(connection) as captured:
            status = client.get(target.path).status_code
        target.queries = len(captured) if status == 200 else None
        bump_version()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(target.path).status_code
        target.cold_queries = len(captured) if status == 200 else None
    return targets


def _model(apps, app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def first_filter(response) -> str:
    """The first choice of the first <select> in the list's filter form, as a query
    string: whatever the legal app names its filters, this is one a visitor uses."""
    html = response.content.decode()
    for select in re.finditer(
        r"<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", html, re.S
    ):
        for value in re.findall(r"<option[^>]*value=\"([^\"]+)\"", select.group(2)):
            if value:
                return "?" + urlencode({select.group(1): value})
    return ""


# --- load generation --------------------------------------------------------------------


def run_wrk(
    url: str, duration: int, connections: int, threads: int, count_hits: bool = False
) -> Measurement:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_HITS_SCRIPT if count_hits else WRK_P95_SCRIPT)
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "5s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 30,
        ).stdout
    finally:
        os.unlink(script.name)
    match = re.search(
        r"BENCH requests=(\d+) errors=(\d+) p95_us=(\d+) duration_us=(\d+)", output
    )
    if not match:
        raise RuntimeError(f"Unexpected wrk output:\n{output}")
    requests, errors, p95_us, duration_us = (int(g) for g in match.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    measurement = Measurement(requests / (duration_us / 1e6), p95_us / 1000, errors)
    answers = re.search(r"HITS hits=(\d+) misses=(\d+)", output)
    if answers:
        hits, misses = (int(g) for g in answers.groups())
        measurement.hit_ratio = hits / (hits + misses) if hits + misses else None
    return measurement


def run_python(url: str, duration: int, connections: int) -> Measurement:
    """Keep-alive HTTP/1.1 clients in threads, for a fixed time; bounded and simple
    (the GIL makes it far weaker than wrk: figures are a lower bound)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    errors = [0]
    answers = {"HIT": 0, "MISS": 0}
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        local: list[float] = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
                answer = response.getheader("X-Cache")
                if answer in answers:
                    with lock:
                        answers[answer] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=5
                )
                continue
            local.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(local)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 10)
    elapsed = time.monotonic() - started
    if not latencies:
        return Measurement(0.0, float("nan"), errors[0])
    p95 = (
        statistics.quantiles(latencies, n=100)[94]
        if len(latencies) > 1
        else latencies[0]
    )
    answered = sum(answers.values())
    return Measurement(
        len(latencies) / elapsed,
        p95 * 1000,
        errors[0],
        hit_ratio=answers["HIT"] / answered if answered else None,
    )


class Editors:
    """benchmarks/editorial.py in the background: a publish every few seconds."""

    def __init__(self, env: dict[str, str], interval: float):
        self.env = env
        self.interval = interval
        self.process: subprocess.Popen | None = None
        self.report = ""

    def __enter__(self) -> Editors:
        self.process = subprocess.Popen(
            [PYTHON, "benchmarks/editorial.py", "--interval", str(self.interval)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.report = (self.process.communicate(timeout=30)[0] or "").strip()
        except subprocess.TimeoutExpired:
            self.process.kill()


def probe(url: str) -> str:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = connection.getresponse()
    response.read()
    connection.close()
    return f"{response.status} {response.getheader('X-Cache') or '-'}"


# --- gunicorn ---------------------------------------------------------------------------


class Gunicorn:
    """gunicorn as production runs it: deploy/gunicorn.conf.py (gthread workers,
    keep-alive, the JSON access log, which goes to /dev/null here but is still
    written), with the bind address, workers and threads given here."""

    def __init__(self, env: dict[str, str], workers: int | None, threads: int | None):
        self.port = free_port()
        self.env = dict(env)
        self.env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        self.env["GUNICORN_LOG_LEVEL"] = "warning"
        if workers:
            self.env["GUNICORN_WORKERS"] = str(workers)
        if threads:
            self.env["GUNICORN_THREADS"] = str(threads)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "portal.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            try:
                probe(self.url("/healthz/"))
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- report ---------------------------------------------------------------------------


def verdict(row: Row) -> str:
    notes = []
    limit = TARGET_QUERIES.get(row.target.name, DEFAULT_TARGET_QUERIES)
    if row.target.queries is not None and row.target.queries > limit:
        notes.append(f"queries>{limit}")
    cached = row.results.get("cache on")
    if cached and cached.requests_per_second < TARGET_CACHED_RPS:
        notes.append(f"cached<{TARGET_CACHED_RPS}/s")
    uncached = row.results.get("cache off")
    if uncached and row.target.name in {"news page", "document page"}:
        if uncached.requests_per_second < TARGET_UNCACHED_RPS:
            notes.append(f"uncached<{TARGET_UNCACHED_RPS}/s")
        if uncached.p95_ms > TARGET_P95_MS:
            notes.append(f"p95>{TARGET_P95_MS}ms")
    return "ok" if not notes else ", ".join(notes)


def print_table(rows: list[Row], modes: list[str], generator: str) -> None:
    header = ["page", "SQL", "SQL cold"]
    for mode in modes:
        header += [f"{mode} req/s", f"{mode} p95 ms", f"{mode} err"]
        if mode == "editorial":
            header += ["hits"]
    header += ["X-Cache", "targets"]
    table = [header]
    for row in rows:
        line = [
            row.target.name,
            "-" if row.target.queries is None else str(row.target.queries),
            "-" if row.target.cold_queries is None else str(row.target.cold_queries),
        ]
        for mode in modes:
            m = row.results.get(mode)
            line += (
                [f"{m.requests_per_second:,.0f}", f"{m.p95_ms:.1f}", str(m.errors)]
                if m
                else ["-", "-", "-"]
            )
            if mode == "editorial":
                ratio = m.hit_ratio if m else None
                line += ["-" if ratio is None else f"{ratio:.0%}"]
        line += [
            row.results[modes[-1]].cache_header if modes[-1] in row.results else "-"
        ]
        line += [verdict(row)]
        table.append(line)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print()
    print(f"Load generator: {generator}")
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)))
        if index == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for row in rows:
        print(f"  {row.target.name}: {row.target.path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--workers", type=int, help="default: deploy/gunicorn.conf.py's (2 × CPUs + 1)"
    )
    parser.add_argument(
        "--threads", type=int, help="default: deploy/gunicorn.conf.py's (2)"
    )
    parser.add_argument("--search", default="ke hoach", help="search query")
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--python-load", action="store_true", help="don't use wrk")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="also measure every page with its caches empty (the first visitor"
        " after a publish)",
    )
    parser.add_argument(
        "--editorial",
        type=float,
        default=0,
        metavar="SECONDS",
        help="also measure with the page cache on while editors publish news every"
        " SECONDS (benchmarks/editorial.py), reporting the page cache's hit ratio",
    )
    parser.add_argument(
        "--without-site-cache",
        action="store_true",
        help="drop portal.core.routing.CachedSiteMiddleware, to measure what it buys",
    )
    args = parser.parse_args(argv)
    args.duration = max(1, min(args.duration, 60))

    static_root = ROOT / "var" / "bench-static"
    env = base_env(args.database_url, static_root)
    redis = redis_url()
    if redis:
        # Both modes share Redis: "cache off" turns off the page cache only, so it
        # measures uncached pages as they run in production, with the fragment
        # caches (menus, footer, home lists) that need a cache shared by workers.
        env["REDIS_URL"] = redis
        env["PORTAL_FRAGMENT_CACHE_SECONDS"] = "3600"
    else:
        print("No Redis: fragment caches stay off (PORTAL_FRAGMENT_CACHE_SECONDS=0).")
    if not args.database_url.startswith("postgres"):
        print("The benchmark measures PostgreSQL: pass --database-url postgres://…")
        return 2
    ensure_database(args.database_url)
    if not args.skip_prepare:
        prepare(env)

    targets = discover_targets(env, args.search)
    wrk = None if args.python_load else shutil.which("wrk")
    generator = (
        f"wrk ({args.connections} connections, {args.duration} s per URL)"
        if wrk
        else f"Python threads ({args.connections} connections, {args.duration} s per URL;"
        " install wrk for real figures: apt-get install -y wrk)"
    )
    if args.without_site_cache:
        env["BENCH_WITHOUT_SITE_CACHE"] = "1"
        print("Without CachedSiteMiddleware: Wagtail looks the Site up per request.")
    modes = (
        ["cold", "cache off", "cache on"] if args.cold else ["cache off", "cache on"]
    )
    if args.editorial > 0:
        modes.append("editorial")
    rows = [Row(target) for target in targets]
    for mode in modes:
        mode_env = dict(env)
        if mode in ("cache on", "editorial"):
            mode_env["PORTAL_PAGE_CACHE_SECONDS"] = "60"
        if mode == "cold":
            mode_env["BENCH_COLD"] = "1"
        print(
            f"\n== gunicorn, {mode}"
            + (f" (Redis {redis})" if redis else "")
            + f": {args.workers or 'default'} workers"
            + f" × {args.threads or 'default'} threads (deploy/gunicorn.conf.py)",
            flush=True,
        )
        editors = Editors(mode_env, args.editorial) if mode == "editorial" else None
        with (
            Gunicorn(mode_env, args.workers, args.threads) as server,
            editors or contextlib.nullcontext(),
        ):
            for row in rows:
                url = server.url(row.target.path)
                for _ in range(3):  # fill the cache when it is on
                    probe(url)
                status = probe(url)
                if wrk:
                    # One second unmeasured: every worker compiles its templates and
                    # fills its caches once, then serves thousands of requests.
                    run_wrk(url, 1, args.connections, 2)
                    result = run_wrk(
                        url,
                        args.duration,
                        args.connections,
                        2,
                        count_hits=mode == "editorial",
                    )
                else:
                    result = run_python(url, args.duration, args.connections)
                result.cache_header = status
                row.results[mode] = result
                hits = (
                    ""
                    if result.hit_ratio is None or mode != "editorial"
                    else f", {result.hit_ratio:.0%} hits"
                )
                print(
                    f"  {row.target.name:<24} {result.requests_per_second:>9,.0f} req/s"
                    f"  p95 {result.p95_ms:7.1f} ms  ({status}{hits})",
                    flush=True,
                )
        if editors is not None and editors.report:
            print(f"  {editors.report}", flush=True)
    print_table(rows, modes, generator)
    return 0


if __name__ == "__main__":
    sys.exit(main())
