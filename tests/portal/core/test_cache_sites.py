"""Caches with several member sites: a change invalidates the sites that can show it.

Site A is the test's default site ("testserver"), site B a member site on its own
hostname. What only one site shows (its section pages, its settings) leaves the
other's cached pages warm; what several may show (a shared page type, a snippet, an
image, a title or address other sites link to, a Site row) makes every site miss.
"""

from types import SimpleNamespace
from unittest import mock

import pytest
import wagtail_factories
from django.core.cache import cache, caches
from wagtail.models import Page, Site

from portal.core.caching import invalidation, version
from portal.core.models import NavigationSettings, PortalSettings
from tests.factories import (
    HomePageFactory,
    NewsPageFactory,
    SectionPageFactory,
    run_commit_callbacks,
    set_main_menu,
)

MEMBER_HOST = "huyen-a.localhost"


@pytest.fixture
def sites(settings, portal):
    """Site A (the province, default) and site B (a district), each with a section,
    and the page cache on."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    member_home = HomePageFactory(
        parent=Page.get_first_root_node(), title="Cổng huyện A", slug="huyen-a"
    )
    member_site = Site.objects.create(
        hostname=MEMBER_HOST, port=80, root_page=member_home, site_name="Huyện A"
    )
    # Made on a site's first visit otherwise, which is a change of its content.
    for site in (portal.site, member_site):
        PortalSettings.for_site(site)
        NavigationSettings.for_site(site)
    cache.clear()
    version._expected_sites.clear()
    yield SimpleNamespace(
        a=portal.site,
        a_home=portal.home,
        a_section=SectionPageFactory(
            parent=portal.home, title="Giới thiệu tỉnh", slug="gioi-thieu"
        ),
        news_index=portal.news,
        b=member_site,
        b_home=member_home,
        b_section=SectionPageFactory(
            parent=member_home, title="Giới thiệu huyện", slug="gioi-thieu"
        ),
    )
    cache.clear()
    version._expected_sites.clear()


def path_of(page) -> str:
    """The page's path on its own site (its URL is absolute with several sites)."""
    return page.get_url_parts()[2]


def on_a(client, url):
    return client.get(url)


def on_b(client, url):
    return client.get(url, HTTP_HOST=MEMBER_HOST)


def warm(client, sites):
    """Both sites' section pages cached, and checked to be hits."""
    for get, page in ((on_a, sites.a_section), (on_b, sites.b_section)):
        path = path_of(page)
        get(client, path)
        assert get(client, path)["X-Cache"] == "HIT"


def status(client, sites) -> tuple[str, str]:
    return (
        on_a(client, path_of(sites.a_section))["X-Cache"],
        on_b(client, path_of(sites.b_section))["X-Cache"],
    )


def edit_intro(page, intro: str) -> None:
    page.intro = intro
    page.save_revision().publish()


def test_each_page_is_found_on_its_own_site(client, sites):
    assert path_of(sites.a_section) == "/gioi-thieu/"
    assert path_of(sites.b_section) == "/gioi-thieu/"
    assert "Giới thiệu tỉnh" in on_a(client, "/gioi-thieu/").content.decode()
    assert "Giới thiệu huyện" in on_b(client, "/gioi-thieu/").content.decode()


def test_a_publish_on_one_site_leaves_the_other_warm(client, sites):
    warm(client, sites)
    edit_intro(sites.a_section, "Tỉnh có 10 huyện và 2 thành phố.")

    assert status(client, sites) == ("MISS", "HIT")
    assert "Tỉnh có 10 huyện" in on_a(client, "/gioi-thieu/").content.decode()
    assert "Tỉnh có 10 huyện" not in on_b(client, "/gioi-thieu/").content.decode()


def test_a_draft_saved_leaves_every_site_warm(client, sites):
    """Saving a draft changes nothing visitors see: no cached page misses."""
    warm(client, sites)
    sites.b_section.intro = "Bản nháp chưa xuất bản"
    sites.b_section.save_revision()
    assert status(client, sites) == ("HIT", "HIT")
    assert "Bản nháp" not in on_b(client, "/gioi-thieu/").content.decode()


@pytest.mark.parametrize("change", ["news", "image", "site", "title"])
def test_a_change_several_sites_may_show_makes_every_site_miss(client, sites, change):
    # An image added to the library shows nowhere yet (test_selective_invalidation);
    # one that exists may show on any site.
    image = wagtail_factories.ImageFactory(title="Ảnh dùng chung")
    run_commit_callbacks()
    warm(client, sites)
    if change == "news":  # the home pages list the news of every site
        NewsPageFactory(parent=sites.news_index, title="Tin mới của tỉnh")
    elif change == "image":
        image.title = "Ảnh dùng chung của tỉnh"
        image.save()
    elif change == "site":
        sites.b.site_name = "Huyện A (mới)"
        sites.b.save()
    else:  # other sites may link to it by its title
        sites.a_section.title = "Giới thiệu chung"
        sites.a_section.save_revision().publish()
    assert status(client, sites) == ("MISS", "MISS")


def test_a_title_shown_in_another_sites_menu_follows_at_once(client, sites):
    set_main_menu(sites.b, sites.a_section)
    on_b(client, "/gioi-thieu/")
    assert on_b(client, "/gioi-thieu/")["X-Cache"] == "HIT"

    sites.a_section.title = "Tỉnh Thử Nghiệm"
    sites.a_section.save_revision().publish()

    response = on_b(client, "/gioi-thieu/")
    assert response["X-Cache"] == "MISS"
    assert "Tỉnh Thử Nghiệm" in response.content.decode()


def test_a_site_setting_change_leaves_the_other_site_warm(client, sites):
    warm(client, sites)
    member_settings = PortalSettings.for_site(sites.b)
    member_settings.hotline = "0221 3868 686"
    member_settings.save()

    assert status(client, sites) == ("HIT", "MISS")
    assert "0221 3868 686" in on_b(client, "/gioi-thieu/").content.decode()


def test_moving_a_page_between_sites_invalidates_both(client, sites):
    moved = SectionPageFactory(
        parent=sites.a_section, title="Sơ đồ tổ chức", slug="so-do"
    )
    on_a(client, "/gioi-thieu/so-do/")
    warm(client, sites)

    moved.move(sites.b_section, pos="last-child")

    assert status(client, sites) == ("MISS", "MISS")
    assert "Sơ đồ tổ chức" not in on_a(client, "/gioi-thieu/").content.decode()
    assert "Sơ đồ tổ chức" in on_b(client, "/gioi-thieu/").content.decode()
    assert on_b(client, "/gioi-thieu/so-do/").status_code == 200


def test_views_outside_the_page_tree_follow_every_site(client, sites):
    """Search, feeds and APIs may show content of any site: any change counts."""
    on_b(client, "/robots.txt")
    assert on_b(client, "/robots.txt")["X-Cache"] == "HIT"
    edit_intro(sites.a_section, "Một thay đổi trên cổng tỉnh.")
    assert on_b(client, "/robots.txt")["X-Cache"] == "MISS"


def test_the_change_scope_follows_the_rule(sites):
    assert invalidation.sites_showing(sites.a_section) is None  # never saved here
    page = Page.objects.get(pk=sites.b_section.pk).specific
    invalidation._remember_page_before_save(type(page), page)
    page.intro = "Nội dung mới"
    assert invalidation.sites_showing(page) == {sites.b.pk}
    page.slug = "gioi-thieu-huyen"
    page.set_url_path(page.get_parent())
    assert invalidation.sites_showing(page) is None
    assert invalidation.sites_showing(PortalSettings.for_site(sites.a)) == {sites.a.pk}
    news = NewsPageFactory(parent=sites.news_index)
    invalidation._remember_page_before_save(type(news), news)
    assert invalidation.sites_showing(news) is None


def test_a_hit_costs_one_cache_round_trip(client, sites):
    """The shared, any and site versions, the site's pages tag and the page come
    in one get_many."""
    warm(client, sites)
    backend = caches["default"]
    with (
        mock.patch.object(backend, "get_many", wraps=backend.get_many) as get_many,
        mock.patch.object(backend, "get", wraps=backend.get) as get,
    ):
        assert on_b(client, "/gioi-thieu/")["X-Cache"] == "HIT"
    assert get_many.call_count == 1
    (keys,) = get_many.call_args.args
    assert len(keys) == 5
    # The local-memory cache answers get_many key by key: no get of its own.
    assert get.call_count == len(keys)
