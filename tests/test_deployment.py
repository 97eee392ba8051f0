"""The deployment files hold together: compose services and their wiring, nginx rules
that matter for privacy, the container health check against a running server."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_every_component(compose):
    services = compose["services"]
    assert set(services) >= {
        "db",
        "redis",
        "elasticsearch",
        "app",
        "search_sync",
        "nginx",
    }
    assert services["db"]["image"].startswith("postgres:")
    assert services["elasticsearch"]["image"].split(":")[-1].startswith("8.")
    es_env = services["elasticsearch"]["environment"]
    assert es_env["discovery.type"] == "single-node"
    assert es_env["xpack.security.enabled"] == "false"

    app_env = services["app"]["environment"]
    assert app_env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    assert app_env["DATABASE_URL"].startswith("postgres://")
    assert app_env["REDIS_URL"] == "redis://redis:6379/0"
    assert app_env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert "${SECRET_KEY:?" in app_env["SECRET_KEY"]  # refuses to start without one
    assert services["search_sync"]["command"][-2:] == ["search_sync", "--worker"]
    assert services["alerts"]["command"][2:4] == ["send_alerts", "--worker"]
    assert (
        services["search_sync"]["environment"]["ELASTICSEARCH_URL"]
        == (app_env["ELASTICSEARCH_URL"])
    )
    # nginx serves the volumes the app writes.
    nginx_volumes = " ".join(services["nginx"]["volumes"])
    assert "static:/srv/static" in nginx_volumes
    assert "media:/srv/media" in nginx_volumes
    assert "media:/app/var/media" in services["app"]["volumes"]


def test_nginx_never_serves_documents_from_disk():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"location \^~ /media/documents/ \{\s*return 404;", conf)
    assert "alias /srv/static/;" in conf
    assert "proxy_pass http://portal_app;" in conf
    assert "X-Forwarded-Proto" in conf


def test_dockerfile_is_slim_non_root_and_checks_health():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert re.search(r"^USER portal$", dockerfile, re.M)
    assert "collectstatic --noinput" in dockerfile
    assert 'CMD ["python", "deploy/healthcheck.py"]' in dockerfile
    assert (ROOT / "deploy" / "gunicorn.conf.py").exists()


def test_gunicorn_config_logs_json_lines():
    import json

    namespace: dict = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    sample = namespace["access_log_format"] % {
        "t": "[26/11/2026:08:00:00 +0700]",
        "{x-forwarded-for}i": "203.113.1.10",
        "m": "GET",
        "U": "/tin-tuc/",
        "q": "trang=2",
        "s": 200,
        "B": "5120",
        "M": 12,
        "{x-cache}o": "HIT",
        "a": "Mozilla/5.0",
    }
    assert json.loads(sample)["status"] == 200
    assert namespace["worker_class"] == "gthread"


def test_container_health_check_passes_against_a_server(live_server, db):
    port = live_server.url.rsplit(":", 1)[-1]
    env = {**os.environ, "PORT": port, "ALLOWED_HOSTS": "localhost"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "deploy" / "healthcheck.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_container_health_check_fails_when_nothing_answers():
    env = {**os.environ, "PORT": "9"}  # discard port: nothing listens there
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "deploy" / "healthcheck.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "unhealthy" in result.stderr
