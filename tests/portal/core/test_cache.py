"""The anonymous page cache: fast for visitors, never stale, never shared with editors."""

import copy
import re
import sys
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.core.cache import cache
from django.test import Client
from django.utils.module_loading import import_string
from wagtail.models import Page

from portal.core import caching as page_cache
from portal.core.caching import pages
from portal.core.caching.redis import RedisCache
from portal.core.models import NavigationSettings, PortalSettings, SectionPage
from tests.factories import SectionPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.fixture(scope="module")
def shared_sections(shared_portal, shared_db):
    """An "about" section of three pages, the section and its first page in the
    main menu, built once for the module."""
    with shared_db.unblock():
        about = SectionPageFactory(
            parent=shared_portal.home, title="Giới thiệu", slug="gioi-thieu"
        )
        sections = SimpleNamespace(
            site=shared_portal.site,
            home=shared_portal.home,
            about=about,
            overview=SectionPageFactory(
                parent=about, title="Tổng quan về tỉnh", slug="tong-quan"
            ),
            history=SectionPageFactory(
                parent=about, title="Lịch sử - Văn hóa", slug="lich-su-van-hoa"
            ),
            structure=SectionPageFactory(
                parent=about, title="Cơ cấu tổ chức", slug="co-cau-to-chuc"
            ),
        )
        navigation = NavigationSettings.for_site(shared_portal.site)
        navigation.main_menu = [
            (
                "item",
                {
                    "title": "",
                    "page": about,
                    "url": "",
                    "children": [{"title": "", "page": sections.overview, "url": ""}],
                },
            )
        ]
        navigation.save()
    return sections


@pytest.fixture
def cached(settings, portal, shared_sections):
    """The page cache on, over the module's sections (a copy for each test)."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield copy.deepcopy(shared_sections)
    cache.clear()


CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def get(client, url="/", **extra):
    """The response and its HTML, with the visitor's own CSRF tokens blanked out."""
    response = client.get(url, **extra)
    return response, CSRF_VALUE.sub(r'\1"', response.content.decode())


def publish_title(page: Page, title: str) -> None:
    page.title = title
    page.save_revision().publish()


def test_second_anonymous_visit_is_a_hit(client, cached, django_assert_num_queries):
    first, first_html = get(client)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second, second_html = get(client)
    assert second["X-Cache"] == "HIT"
    assert second_html == first_html
    # Headers added outside the cache (security) are still sent on a hit.
    assert second["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in second


def test_published_change_is_visible_at_once(client, cached):
    about = cached.about.url
    get(client, about)
    assert get(client, about)[0]["X-Cache"] == "HIT"

    publish_title(cached.overview, "Tổng quan tỉnh Hưng Yên")

    response, html = get(client, about)
    assert response["X-Cache"] == "MISS"
    assert "Tổng quan tỉnh Hưng Yên" in html
    # The home page's menu shows it too: every page was invalidated, not just one.
    assert "Tổng quan tỉnh Hưng Yên" in get(client, "/")[1]


def test_unpublished_page_disappears_at_once(client, cached):
    history = cached.history.url
    assert "Lịch sử - Văn hóa" in get(client, cached.about.url)[1].split('id="main"')[1]
    assert get(client, history)[0].status_code == 200
    assert get(client, history)[0]["X-Cache"] == "HIT"
    cached.history.unpublish()
    assert get(client, history)[0].status_code == 404
    section_main = get(client, cached.about.url)[1].split('id="main"')[1]
    assert "Lịch sử - Văn hóa" not in section_main


def test_deleted_and_moved_pages_update_at_once(client, cached):
    assert "Cơ cấu tổ chức" in get(client, cached.about.url)[1]
    cached.structure.delete()
    assert "Cơ cấu tổ chức" not in get(client, cached.about.url)[1]

    target = SectionPageFactory(parent=cached.home, title="Chuyên mục mới")
    get(client, target.url)
    old_url = cached.overview.url
    cached.overview.move(target, pos="last-child")
    assert "Tổng quan về tỉnh" in get(client, target.url)[1]
    # Wagtail leaves a redirect at the old address, never the cached old page.
    old_address = get(client, old_url)[0]
    assert old_address.status_code == 301
    assert old_address["Location"] == f"{target.url}tong-quan/"


def test_site_setting_change_is_visible_at_once(client, cached):
    get(client)
    settings = PortalSettings.for_site(cached.site)
    settings.hotline = "1900 6868"
    settings.save()
    response, html = get(client)
    assert response["X-Cache"] == "MISS"
    assert "1900 6868" in html


def test_snippet_and_declared_models_bump_the_version(cached):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model

    assert page_cache.is_content_model(get_image_model())
    assert page_cache.is_content_model(SectionPage)
    assert page_cache.is_content_model(PortalSettings)
    # Redirects are answered before pages render and do not change page content.
    assert not page_cache.is_content_model(Redirect)

    image = wagtail_factories.ImageFactory(title="Ảnh thử bộ nhớ đệm")
    version = page_cache.current_version()
    image.title = "Ảnh đã sửa"
    image.save()
    assert page_cache.current_version() != version

    # A rendition made while a page renders is not a content change.
    version = page_cache.current_version()
    image.get_rendition("fill-100x100")
    assert page_cache.current_version() == version


def test_logged_in_editor_never_gets_or_fills_the_cache(admin_client, cached):
    client = Client()
    anonymous_html = get(client)[1]
    assert get(client)[0]["X-Cache"] == "HIT"

    editor_response, editor_html = get(admin_client)
    assert editor_response["X-Cache"] == "MISS"
    assert editor_html != anonymous_html  # the editor's page has Wagtail's user bar
    # An editor's page never lands in the cache for visitors.
    assert get(client)[1] == anonymous_html


@pytest.mark.parametrize(
    ("cookie", "served_from_cache"),
    [
        ("sessionid", False),
        ("messages", False),  # a flash message ("Đã gửi câu hỏi") must show
        ("da_binh_chon", False),
        ("csrftoken", True),
        ("_ga", True),
    ],
)
def test_cookies_that_personalise_bypass_the_cache(
    client, cached, cookie, served_from_cache
):
    get(client)
    client.cookies[cookie] = "gia-tri"
    expected = "HIT" if served_from_cache else "MISS"
    assert get(client)[0]["X-Cache"] == expected


@pytest.mark.urls("tests.portal.core.cache_urls")
@pytest.mark.parametrize("url", ["/thu/cookie/", "/thu/rieng-tu/"])
def test_cookies_and_private_pages_are_not_stored(client, cached, url):
    first = client.get(url)
    assert first.status_code == 200
    client.cookies.clear()
    second = client.get(url)
    assert second["X-Cache"] == "MISS"


@pytest.mark.urls("tests.portal.core.cache_urls")
def test_form_token_of_one_visitor_never_reaches_another(client, cached, settings):
    import re

    from django.test import Client

    def token(response):
        return re.search(rb'value="([^"]+)"', response.content).group(1).decode()

    first = client.get("/thu/bieu-mau/")
    assert first["X-Cache"] == "MISS"

    visitor = Client(enforce_csrf_checks=True)
    second = visitor.get("/thu/bieu-mau/")
    # The page with a form is shared, but never the first visitor's token.
    assert second["X-Cache"] == "HIT"
    assert token(second) != token(first)
    assert "__portal_csrf_token__" not in second.content.decode()
    assert settings.CSRF_COOKIE_NAME in second.cookies
    # The token filled in from the cache is a working one.
    posted = visitor.post("/thu/bieu-mau/", {"csrfmiddlewaretoken": token(second)})
    assert posted.status_code == 200
    # A visitor who already has a CSRF cookie keeps its secret.
    secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
    third = visitor.get("/thu/bieu-mau/")
    assert third["X-Cache"] == "HIT"
    assert visitor.cookies[settings.CSRF_COOKIE_NAME].value == secret
    posted = visitor.post("/thu/bieu-mau/", {"csrfmiddlewaretoken": token(third)})
    assert posted.status_code == 200


@pytest.mark.urls("tests.portal.core.cache_urls")
def test_query_strings_head_and_ttl(client, cached, settings):
    from tests.portal.core.cache_urls import counter_view

    a = client.get("/thu/dem/?trang=1").content
    b = client.get("/thu/dem/?trang=2").content
    assert a != b  # each query string is its own entry
    assert client.get("/thu/dem/?trang=1").content == a
    head = client.head("/thu/dem/?trang=1")
    assert head["X-Cache"] == "HIT"
    calls = counter_view.calls
    client.post("/thu/dem/?trang=1")  # POST always reaches the view
    assert counter_view.calls == calls + 1


def test_health_check_is_never_cached(client, cached):
    client.get("/healthz/")
    assert client.get("/healthz/")["X-Cache"] == "MISS"


def test_disabled_when_seconds_is_zero(client, cached, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    get(client)
    response = get(client)[0]
    assert "X-Cache" not in response


def test_cache_outage_serves_fresh_pages(client, cached, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pages.cache, "get_many", broken)
    response = client.get("/")
    assert response.status_code == 200


def test_process_local_cache_is_flagged_in_production(settings):
    settings.DEBUG = False
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    assert [w.id for w in page_cache.check_shared_cache(None)] == ["portal.W010"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert page_cache.check_shared_cache(None) == []


def test_a_site_without_the_page_cache_middleware_is_not_flagged(settings):
    """A host project that did not add the middleware caches no page."""
    settings.DEBUG = False
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    assert [w.id for w in page_cache.check_shared_cache(None)] == ["portal.W010"]
    settings.MIDDLEWARE = [
        entry
        for entry in settings.MIDDLEWARE
        if entry != "portal.core.caching.pages.AnonymousPageCacheMiddleware"
    ]
    assert page_cache.check_shared_cache(None) == []


@pytest.mark.parametrize(
    ("old_path", "new"),
    [
        (
            "portal.core.cache.AnonymousPageCacheMiddleware",
            pages.AnonymousPageCacheMiddleware,
        ),
        ("portal.core.cache.cached_value", page_cache.cached_value),
        ("portal.core.redis_cache.RedisCache", RedisCache),
    ],
)
def test_settings_naming_the_old_modules_keep_working(monkeypatch, old_path, new):
    """A site's own settings may name the modules the caching package replaced."""
    module_name = old_path.rsplit(".", 1)[0]
    monkeypatch.delitem(sys.modules, module_name, raising=False)
    with pytest.warns(DeprecationWarning, match="portal.core.caching"):
        assert import_string(old_path) is new
