"""search_sync, search_rebuild, search_health and the system check."""

import io

import pytest
from django.core.management import CommandError, call_command

from search import checks, indexing
from search.engines import reset_engines
from search.engines.base import EngineHealth
from search.engines.database import DatabaseSearchEngine
from search.models import IndexEntry, OutboxEntry
from tests.search.test_outbox import closed_port_url, publish_section


@pytest.fixture
def database_only(settings):
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.engines.database"}
    }
    yield
    reset_engines()


def test_sync_rebuild_and_health(home, database_only):
    page = publish_section(home, "Danh bạ điện thoại cơ quan", "danh-ba")
    out = io.StringIO()
    call_command("search_sync", stdout=out)
    assert "Đã lập chỉ mục 1" in out.getvalue()
    other = publish_section(home, "Sơ đồ tổ chức", "so-do-to-chuc")
    indexing.drain()
    assert not OutboxEntry.objects.exists()

    IndexEntry.objects.all().delete()
    call_command("search_rebuild", "--no-progress", stdout=out)
    # Every section of the site, built again from the pages.
    assert set(
        IndexEntry.objects.filter(kind="page").values_list("key", flat=True)
    ) == {
        f"page:{page.pk}",
        f"page:{other.pk}",
    }

    out = io.StringIO()
    call_command("search_health", stdout=out)
    report = out.getvalue()
    assert "[default] database — OK" in report
    assert "page:" in report
    assert "hàng đợi: 0" in report


def test_health_fails_and_check_warns_when_engine_unreachable(db, settings):
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [closed_port_url()],
            "TIMEOUT": 1,
        },
        "fallback": {"BACKEND": "search.engines.database"},
    }
    try:
        messages = checks.check_search_engines()
        assert [m.id for m in messages] == ["search.W001"]
        with pytest.raises(CommandError):
            call_command("search_health", stdout=io.StringIO())
        settings.PORTAL_SEARCH_BACKENDS = {"default": {"BACKEND": "no.such.engine"}}
        assert [m.id for m in checks.check_search_engines()] == ["search.E001"]
    finally:
        reset_engines()


def test_default_settings_pass_the_check(db):
    assert checks.check_search_engines() == []


class DownEngine(DatabaseSearchEngine):
    """An engine whose health says it is down."""

    def health(self):
        return EngineHealth(engine=self.name, ok=False, detail="refused")


class DownRemoteEngine(DownEngine):
    remote = True


@pytest.mark.parametrize(
    ("engine_class", "expected"),
    [(DownEngine, []), (DownRemoteEngine, ["search.W001"])],
)
def test_the_check_asks_the_health_of_remote_engines_only(
    db, settings, engine_class, expected
):
    """An engine in the site's database is up whenever the site is, and its
    tables may not exist yet when checks run (before `migrate`)."""
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {"BACKEND": f"{__name__}.{engine_class.__name__}"}
    }
    try:
        assert [m.id for m in checks.check_search_engines()] == expected
    finally:
        reset_engines()


def test_sync_and_health_say_when_updates_wait_for_a_rebuild(home, database_only):
    from search.models import IndexRebuild

    IndexRebuild.objects.create(backend="default")
    publish_section(home, "Danh bạ điện thoại cơ quan", "danh-ba")
    out = io.StringIO()
    call_command("search_sync", stdout=out)
    assert "Chỉ mục 'default' đang được dựng lại" in out.getvalue()
    assert "Đã lập chỉ mục 0" in out.getvalue()
    assert OutboxEntry.objects.exists()

    out = io.StringIO()
    call_command("search_health", stdout=out)
    assert "đang dựng lại chỉ mục từ" in out.getvalue()


def test_sync_fails_loudly_when_the_engine_is_down_and_keeps_the_updates(
    home, settings
):
    publish_section(home, "Lịch tiếp công dân", "lich-tiep-cong-dan")
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [closed_port_url()],
            "TIMEOUT": 1,
        }
    }
    reset_engines()
    queued = OutboxEntry.objects.count()
    out = io.StringIO()
    try:
        with pytest.raises(CommandError, match="vẫn nằm trong hàng đợi"):
            call_command("search_sync", stdout=out)
    finally:
        reset_engines()
    assert f"còn chờ: default: {queued}" in out.getvalue()
    assert OutboxEntry.objects.count() == queued
