import logging
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Site

from portal.engagement import visits
from portal.engagement.client import hash_identity
from portal.engagement.middleware import OnlineCounterMiddleware
from portal.engagement.models import SiteVisits
from portal.engagement.online import (
    CacheOnlineCounter,
    RedisOnlineCounter,
    get_counter,
)
from portal.engagement.visits import host_of
from tests.factories import SectionPageFactory

from .conftest import BROWSER_UA

pytestmark = pytest.mark.usefixtures("shared_portal")

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_available() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.3).ping()
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture
def redis_counter():
    if not redis_available():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    counter = RedisOnlineCounter(REDIS_URL, prefix=f"test-online-{uuid.uuid4().hex}")
    yield counter
    counter.reset()


@pytest.fixture
def cache_counter():
    counter = CacheOnlineCounter(prefix=f"test-online-{uuid.uuid4().hex}")
    yield counter
    counter.reset()


@pytest.fixture(params=["cache", "redis"])
def counter(request):
    return request.getfixturevalue(f"{request.param}_counter")


def test_counts_distinct_visitors_in_the_window_and_new_visits(counter):
    now = time.time()
    assert counter.touch("an", now) is True
    assert counter.touch("binh", now + 1) is True
    # The same visitor again: not a new visitor, not a new visit.
    assert counter.touch("an", now + 2) is False
    assert counter.touch("an", now + 100) is False
    assert counter._online(now + 100) == 2

    # Five minutes after Bình's last request, only An (seen at +100) is online.
    assert counter._online(now + 302) == 1
    # Bình comes back after the window: a new visit.
    assert counter.touch("binh", now + 310) is True
    assert counter._online(now + 310) == 2
    assert counter._online(now + 1000) == 0


LOCAL = ("localhost", "80")
MEMBER = ("sotnmt.hungyen.example", "80")


@pytest.fixture
def member_site(portal):
    """A second site beside the portal's default one, as a member body's portal."""
    return Site.objects.create(hostname=MEMBER[0], port=80, root_page=portal.home)


def test_visit_totals_are_kept_per_site_in_the_database(
    counter, member_site, django_assert_num_queries
):
    now = time.time()
    counter.touch("an", now, host=LOCAL)
    counter.touch("binh", now, host=MEMBER)
    # Sites known: new visits are counted in memory, not written one by one.
    with django_assert_num_queries(0):
        for i in range(20):
            counter.touch(f"khach-{i}", now, host=LOCAL)
    assert not SiteVisits.objects.exists()
    assert counter.stats(now, host=LOCAL).total_visits == 21
    assert counter.stats(now, host=MEMBER).total_visits == 1

    counter.visits.flush()
    totals = dict(SiteVisits.objects.values_list("site__is_default_site", "total"))
    assert totals == {True: 21, False: 1}  # localhost is served by the default
    # A restart with a new, empty cache (or Redis): the totals remain.
    counter.reset()
    cache.clear()
    again = CacheOnlineCounter(prefix=f"test-online-{uuid.uuid4().hex}")
    assert again.touch("an", now, host=LOCAL) is True
    assert again.stats(now, host=LOCAL).total_visits == 22
    assert again.stats(now, host=MEMBER).total_visits == 1
    again.visits.flush()
    assert SiteVisits.objects.get(site__is_default_site=True).total == 22
    again.reset()


def test_visits_are_added_in_batches(cache_counter, db, monkeypatch):
    monkeypatch.setattr(visits, "FLUSH_VISITS", 5)
    now = time.time()
    for i in range(4):
        cache_counter.touch(f"khach-{i}", now, host=LOCAL)
    assert not SiteVisits.objects.exists()
    cache_counter.touch("khach-4", now, host=LOCAL)  # the fifth: one UPDATE
    assert SiteVisits.objects.get().total == 5
    # Or after FLUSH_SECONDS, whatever their number.
    monkeypatch.setattr(visits, "FLUSH_SECONDS", 0)
    cache_counter.touch("khach-5", now, host=LOCAL)
    assert SiteVisits.objects.get().total == 6


def test_a_failed_write_keeps_the_visits_for_the_next(cache_counter, db, monkeypatch):
    now = time.time()
    cache_counter.touch("an", now, host=LOCAL)
    real_add = SiteVisits.add
    monkeypatch.setattr(
        SiteVisits, "add", classmethod(lambda *a, **k: 1 / 0), raising=True
    )
    cache_counter.visits.flush()
    assert cache_counter.stats(now, host=LOCAL).total_visits == 1
    monkeypatch.setattr(SiteVisits, "add", real_add)
    cache_counter.visits.flush()
    assert SiteVisits.objects.get().total == 1


def test_the_total_kept_in_the_cache_before_carries_over(cache_counter, db):
    cache.set(cache_counter.visits_key, 1234, None)
    cache_counter.touch("an", time.time(), host=LOCAL)
    cache_counter.visits.flush()
    assert SiteVisits.objects.get().total == 1235


def test_hosts_not_allowed_are_not_counted(settings):
    settings.ALLOWED_HOSTS = ["hungyen.gov.vn"]
    request = RequestFactory().get("/", HTTP_HOST="attacker.example")
    assert host_of(request) is None
    # The port as Wagtail matches sites: the server's (request.get_port()).
    request = RequestFactory().get("/", HTTP_HOST="hungyen.gov.vn", SERVER_PORT="8443")
    assert host_of(request) == ("hungyen.gov.vn", "8443")


def test_a_process_skips_the_backend_for_a_visitor_it_just_counted(cache_counter):
    now = time.time()
    cache_counter.touch("an", now)
    calls = []
    cache_counter._touch = lambda visitor, at: calls.append(visitor) or False
    cache_counter.touch("an", now + 5)
    assert calls == []
    cache_counter.touch("an", now + 60)
    # What leaves the process is a keyed hash, never the address itself.
    assert calls == [hash_identity("an")]
    assert "an" not in calls[0]


def test_redis_down_never_breaks_and_backs_off(caplog):
    counter = RedisOnlineCounter("redis://127.0.0.1:1/0", timeout=0.05)
    with caplog.at_level(logging.WARNING, logger="portal.engagement.online"):
        assert counter.touch("an") is False
        assert counter.stats() is None
    assert "Redis unavailable" in caplog.text
    # While backing off, no connection is even attempted.
    counter.client = None  # would raise AttributeError if used
    assert counter.touch("binh") is False
    assert counter._online(time.time()) is None


def test_middleware_counts_a_browser_and_footer_shows_it(browser, portal):
    section = SectionPageFactory(parent=portal.home)
    html = browser.get(portal.home.url).content.decode()
    assert "1 người đang online" in html
    assert "Tổng lượt truy cập: 1" in html
    # A second page view by the same person changes nothing.
    html = browser.get(section.url).content.decode()
    assert "1 người đang online" in html


def test_footer_with_real_redis(browser, portal, settings):
    if not redis_available():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    settings.REDIS_URL = REDIS_URL
    settings.ENGAGEMENT_ONLINE_PREFIX = f"test-online-{uuid.uuid4().hex}"
    get_counter.cache_clear()
    try:
        assert isinstance(get_counter(), RedisOnlineCounter)
        html = browser.get(portal.home.url).content.decode()
        assert "1 người đang online" in html
    finally:
        get_counter().reset()


def test_pages_render_when_redis_is_down(browser, portal, settings):
    section = SectionPageFactory(parent=portal.home)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    get_counter.cache_clear()
    response = browser.get(portal.home.url)
    assert response.status_code == 200
    assert "người đang online" not in response.content.decode()
    assert browser.get(section.url).status_code == 200


@pytest.mark.parametrize(
    ("path", "user_agent", "counted"),
    [
        ("/", BROWSER_UA, True),
        ("/tin-tuc/", BROWSER_UA, True),
        (
            "/",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            False,
        ),
        ("/", "Mozilla/5.0 (compatible; bingbot/2.0)", False),
        ("/", "curl/8.5.0", False),
        ("/", "python-requests/2.32", False),
        ("/", "", False),
        ("/static/core/css/portal.css", BROWSER_UA, False),
        ("/media/images/a.jpg", BROWSER_UA, False),
        ("/admin/", BROWSER_UA, False),
        ("/documents/1/du-thao.docx", BROWSER_UA, False),
        ("/api/v2/pages/", BROWSER_UA, False),
        ("/favicon.ico", BROWSER_UA, False),
    ],
)
def test_middleware_ignores_bots_assets_and_admin(path, user_agent, counted):
    middleware = OnlineCounterMiddleware(lambda request: None)
    request = RequestFactory().get(path, HTTP_USER_AGENT=user_agent)
    assert middleware.counts(request) is counted


def test_middleware_ignores_posts_and_prefetches():
    middleware = OnlineCounterMiddleware(lambda request: None)
    factory = RequestFactory()
    assert not middleware.counts(factory.post("/", HTTP_USER_AGENT=BROWSER_UA))
    assert not middleware.counts(
        factory.get("/", HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_PURPOSE="prefetch")
    )


def test_middleware_survives_a_broken_counter(monkeypatch, browser, portal):
    class Broken:
        def touch(self, visitor):
            raise RuntimeError("boom")

        def stats(self):
            return None

    monkeypatch.setattr("portal.engagement.middleware.get_counter", Broken)
    assert browser.get(portal.home.url).status_code == 200
