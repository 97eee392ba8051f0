"""Addresses with several sites: what the search index stores names a site, not a
hostname, and what it serves, the feeds and the sitemap follow the Site rows."""

import pytest
from wagtail.models import Page, Site

from search import addresses, service
from search.engines.base import SearchQuery
from search.models import OutboxEntry
from search.registry import adapter_for
from tests.factories import HomePageFactory, NewsPageFactory, SectionPageFactory

pytestmark = pytest.mark.usefixtures("shared_portal")

WORD = "Khuecaudiemchuanh"


@pytest.fixture
def section(portal, commit):
    """A section of the default site ("testserver"), indexed."""
    page = SectionPageFactory(
        parent=portal.home, title="Giới thiệu", slug="gioi-thieu", intro=WORD
    )
    commit()
    return page


def found_url(word: str = WORD) -> str:
    (hit,) = service.search(SearchQuery(q=word)).results
    return hit.url


def add_member_site(hostname="huyen-a.localhost") -> Site:
    home = HomePageFactory(
        parent=Page.get_first_root_node(), title="Cổng huyện A", slug="huyen-a"
    )
    return Site.objects.create(hostname=hostname, port=80, root_page=home)


def test_the_index_stores_the_tree_path(section):
    document = adapter_for(type(section)).to_document(section)
    assert document.url == f"wagtail-page:{section.url_path}"
    assert section.url_path.endswith("/gioi-thieu/")


def test_resolving_follows_the_site_roots():
    address = "wagtail-page:/tinh/van-ban/so/146-kh-ubnd/"
    one_site = [("/tinh/", "https://tinh.vn")]
    assert addresses.resolve(address, one_site) == "/van-ban/so/146-kh-ubnd/"
    roots = [("/tinh/van-ban/", "https://vanban.tinh.vn"), *one_site]
    assert addresses.resolve(address, roots) == "https://vanban.tinh.vn/so/146-kh-ubnd/"
    assert addresses.resolve(address, [("/huyen/", "https://huyen.vn")]) == ""
    assert addresses.resolve("/tim-kiem/", roots) == "/tim-kiem/"
    assert addresses.resolve("https://khac.vn/a/", roots) == "https://khac.vn/a/"


def test_served_addresses_follow_a_new_site_and_a_new_hostname(portal, section):
    assert found_url() == "/gioi-thieu/"

    add_member_site()
    # Absolute now, as page.url is: a result may be shown on the other site.
    assert found_url() == "http://testserver/gioi-thieu/"

    portal.site.hostname = "tinh.example.vn"
    portal.site.port = 443
    portal.site.save()
    assert found_url() == "https://tinh.example.vn/gioi-thieu/"
    assert not OutboxEntry.objects.exists()  # a new hostname needs no reindex


def test_suggestions_follow_the_hostname_too(portal, section):
    add_member_site()
    portal.site.hostname = "tinh.example.vn"
    portal.site.save()
    urls = [s.url for s in service.suggest("Giới thiệu")]
    assert "http://tinh.example.vn/gioi-thieu/" in urls


def test_a_site_given_a_subtree_takes_its_pages_without_reindexing(
    portal, section, commit
):
    SectionPageFactory(parent=section, title="Huyện B", slug="huyen-b")
    commit()

    # The section becomes a member site's root: its pages move to that site,
    # at once, before any reindex; they are queued only for the sites their
    # documents name (search.signals.on_site_change).
    member = Site.objects.create(
        hostname="huyen-b.localhost", port=80, root_page=section
    )
    assert found_url() == "http://huyen-b.localhost/"
    assert found_url("Huyện B") == "http://huyen-b.localhost/huyen-b/"
    assert OutboxEntry.objects.filter(object_id=str(section.pk)).exists()
    OutboxEntry.objects.all().delete()

    member.root_page = HomePageFactory(parent=Page.get_first_root_node())
    member.save()
    assert found_url("Huyện B") == "http://testserver/gioi-thieu/huyen-b/"
    assert OutboxEntry.objects.filter(object_id=str(section.pk)).exists()


def test_feeds_and_sitemap_follow_a_new_hostname(client, portal):
    NewsPageFactory(parent=portal.news, title="Khai mạc lễ hội", slug="khai-mac")
    add_member_site()
    portal.site.hostname = "tinh.example.vn"
    portal.site.save()

    # Requests to an unknown host are served by the default site.
    feed = client.get(f"{portal.news.get_url_parts()[2]}rss/").content.decode()
    assert "http://tinh.example.vn/tin-tuc/khai-mac/" in feed
    assert "testserver" not in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://tinh.example.vn/tin-tuc/khai-mac/" in sitemap
