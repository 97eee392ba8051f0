"""Docker health check: GET /healthz/ as the proxy would send it.

Standard library only. The Host header is the first of ALLOWED_HOSTS and the request
claims HTTPS (X-Forwarded-Proto) so that host validation and the HTTPS redirect of the
production settings answer as they do for real visitors.
"""

import os
import sys
import urllib.error
import urllib.request

port = os.environ.get("PORT", "8000")
host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
host = host.lstrip(".")
if host == "*":
    host = "localhost"
request = urllib.request.Request(  # noqa: S310 - a fixed loopback URL
    f"http://127.0.0.1:{port}/healthz/",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    sys.stderr.write(f"unhealthy: {error}\n")
    sys.exit(1)
