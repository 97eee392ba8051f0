"""One rule for absolute addresses (portal.core.absolute_urls): canonical links,
og:url, JSON-LD, the sitemap, feeds, the API and the robots file all take them from
the page's Site, whatever host the request came in on, and agree with each other."""

import json
import re

import feedparser
import pytest
from wagtail.models import Site

from portal.core.absolute_urls import absolute_url, root_url
from portal.legal.models import LegalDocumentPage
from portal.news.models import NewsIndexPage, NewsPage
from portal.procedures.models import ProcedurePage

PUBLIC = "https://hungyen.example.vn"
#: A host the site does not know (a proxy, an IP address): Wagtail serves the default
#: site there, and no address printed may say it.
SERVING_HOST = "10.0.0.7:8000"


@pytest.fixture(autouse=True)
def forget_site_root_paths():
    """Wagtail caches every site's root path and root URL outside the database:
    the sites these tests change must not outlive their rolled-back transaction."""
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture
def public_site(demo):
    """The demo site under its public name, on HTTPS (port 443)."""
    site = demo.site
    site.hostname, site.port = "hungyen.example.vn", 443
    site.save()
    return site


@pytest.fixture
def visitor(client):
    client.defaults["HTTP_HOST"] = SERVING_HOST
    return client


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def json_ld(html):
    match = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_the_helper_needs_no_request(public_site):
    news = NewsPage.objects.live().first()
    assert absolute_url(news) == f"{PUBLIC}{news.url}"
    assert absolute_url("/van-ban/so/146-kh-ubnd/", site=news) == (
        f"{PUBLIC}/van-ban/so/146-kh-ubnd/"
    )
    assert absolute_url("/sitemap.xml") == f"{PUBLIC}/sitemap.xml"  # default site
    assert absolute_url("https://cdn.example.vn/a.jpg", site=news) == (
        "https://cdn.example.vn/a.jpg"
    )
    assert root_url(public_site) == root_url(news) == PUBLIC


def test_news_canonical_og_url_and_json_ld_agree(public_site, visitor):
    news = NewsPage.objects.live().exclude(hero_image=None).first()
    html = page_html(visitor, news)
    address = f"{PUBLIC}{news.url}"
    assert canonical(html) == address
    assert f'<meta property="og:url" content="{address}">' in html
    assert re.search(rf'<meta property="og:image" content="{PUBLIC}/[^"]+">', html)
    data = json_ld(html)
    assert data["url"] == data["mainEntityOfPage"]["@id"] == address
    assert data["image"][0].startswith(f"{PUBLIC}/")
    assert SERVING_HOST not in html


def test_legal_document_canonical_and_json_ld_agree(public_site, visitor):
    document = LegalDocumentPage.objects.live().get(number_key="146-kh-ubnd")
    html = page_html(visitor, document)
    assert canonical(html) == f"{PUBLIC}{document.url}"
    data = json_ld(html)
    assert data["url"] == f"{PUBLIC}{document.url}"
    assert data["@id"] == f"{PUBLIC}{document.eli_url}"
    assert f"{PUBLIC}/van-ban/so/146-kh-ubnd/" in html  # the permanent address
    assert SERVING_HOST not in html
    printed = visitor.get(document.url + "in/").content.decode()
    assert canonical(printed) == f"{PUBLIC}{document.url}"


def test_procedure_canonical_and_json_ld_agree(public_site, visitor):
    procedure = ProcedurePage.objects.live().first()
    html = page_html(visitor, procedure)
    assert canonical(html) == json_ld(html)["url"] == f"{PUBLIC}{procedure.url}"


def test_sitemap_and_robots_use_the_site(public_site, visitor):
    locations = re.findall(
        r"<loc>([^<]+)</loc>", visitor.get("/sitemap.xml").content.decode()
    )
    assert locations
    assert all(location.startswith(f"{PUBLIC}/") for location in locations)
    news = NewsPage.objects.live().first()
    assert f"{PUBLIC}{news.url}" in locations
    robots = visitor.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots


@pytest.mark.parametrize("feed", ["rss/", "atom/"])
def test_news_feeds_use_the_site(public_site, visitor, feed):
    index = NewsIndexPage.objects.live().get(slug="tin-tuc")
    parsed = feedparser.parse(visitor.get(index.url + feed).content)
    assert parsed.feed.link == f"{PUBLIC}{index.url}"
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith(f"{PUBLIC}/")
        assert entry.id == entry.link
    if feed == "atom/":
        self_link = next(link for link in parsed.feed.links if link.rel == "self")
        assert self_link.href == f"{PUBLIC}{index.url}atom/"


def test_legal_documents_feed_uses_the_site(public_site, visitor):
    parsed = feedparser.parse(visitor.get("/van-ban/rss/").content)
    assert parsed.feed.link == f"{PUBLIC}/van-ban/"
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith(f"{PUBLIC}/van-ban/")
        assert entry.id == entry.link


def test_search_feed_uses_the_site(public_site, visitor):
    parsed = feedparser.parse(visitor.get("/tim-kiem/atom/?q=ke+hoach").content)
    assert parsed.feed.link.startswith(f"{PUBLIC}/tim-kiem/")
    assert parsed.entries
    assert all(entry.link.startswith(f"{PUBLIC}/") for entry in parsed.entries)


def test_api_addresses_use_the_site(public_site, visitor):
    news = NewsPage.objects.live().first()
    detail = visitor.get(f"/api/v2/pages/{news.pk}/").json()
    assert detail["meta"]["detail_url"] == f"{PUBLIC}/api/v2/pages/{news.pk}/"
    assert detail["meta"]["html_url"] == f"{PUBLIC}{news.url}"
    listing = visitor.get("/api/v2/documents/").json()
    assert listing["items"]
    for item in listing["items"]:
        assert item["meta"]["detail_url"].startswith(f"{PUBLIC}/api/v2/documents/")
        assert item["meta"]["download_url"].startswith(f"{PUBLIC}/")


def test_each_site_gives_its_own_pages_their_address(demo, visitor):
    """A second site (a member portal) rooted at a section of the tree: its pages
    say its own address, the others the default site's."""
    news_index = NewsIndexPage.objects.live().get(slug="tin-tuc")
    Site.objects.create(
        hostname="tintuc.example.vn", port=443, root_page=news_index, site_name="Tin"
    )
    article = NewsPage.objects.live().descendant_of(news_index).first()
    assert absolute_url(article).startswith("https://tintuc.example.vn/")
    document = LegalDocumentPage.objects.live().first()
    assert absolute_url(document).startswith(root_url(demo.site) + "/")
