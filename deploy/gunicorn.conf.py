"""gunicorn settings for the portal container; every value can be overridden by env."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(
    os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1))
)
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Load the application once in the master: workers are forked ready (and share its
# memory), so recycling one costs a fork, not a second of imports. Nothing opens a
# connection at import time (database, Redis, search are all opened lazily).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Recycle workers now and then so that a slow leak never takes the portal down. Not
# too often: with the page cache a worker serves some 400 requests a second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Heartbeat files in memory, not on the container's overlay disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108
# Only the nginx container sets X-Forwarded-*; trust it and nobody else.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# One JSON object per line, like the application's own logs.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%({x-forwarded-for}i)s", '
    '"method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "cache": "%({x-cache}o)s", '
    '"user_agent": "%(a)s"}'
)
