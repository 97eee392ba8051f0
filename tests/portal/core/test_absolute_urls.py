"""One rule for absolute addresses (portal.core.absolute_urls): canonical links,
og:url, JSON-LD, the sitemap, feeds, the API and the robots file all take them from
the page's Site, whatever host the request came in on, and agree with each other."""

import json
import re
from types import SimpleNamespace

import feedparser
import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.models import Site

from portal.core.absolute_urls import absolute_url, root_url
from tests.factories import (
    LegalDocumentPageFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    run_commit_callbacks,
)

pytestmark = pytest.mark.usefixtures("shared_portal")

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
def public_site(portal):
    """The portal's site under its public name, on HTTPS (port 443), with a news
    item (with its photo), a legal document, a procedure and a file; all indexed."""
    site = portal.site
    site.hostname, site.port = "hungyen.example.vn", 443
    site.save()
    content = SimpleNamespace(
        site=site,
        home=portal.home,
        news_index=portal.news,
        legal_index=portal.legal,
        news=NewsPageFactory(
            parent=portal.news,
            title="Kế hoạch chuyển đổi số",
            hero_image=wagtail_factories.ImageFactory(),
        ),
        document=LegalDocumentPageFactory(
            parent=portal.legal,
            title="Kế hoạch cải cách hành chính năm 2020",
            number="146/KH-UBND",
        ),
        procedure=ProcedurePageFactory(parent=portal.procedures),
        file=wagtail_factories.DocumentFactory(title="Toàn văn kế hoạch"),
    )
    run_commit_callbacks()  # indexed for search, as after the editors' commits
    return content


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
    news = public_site.news
    assert absolute_url(news) == f"{PUBLIC}{news.url}"
    assert absolute_url("/van-ban/so/146-kh-ubnd/", site=news) == (
        f"{PUBLIC}/van-ban/so/146-kh-ubnd/"
    )
    assert absolute_url("/sitemap.xml") == f"{PUBLIC}/sitemap.xml"  # default site
    assert absolute_url("https://cdn.example.vn/a.jpg", site=news) == (
        "https://cdn.example.vn/a.jpg"
    )
    assert root_url(public_site.site) == root_url(news) == PUBLIC


def test_news_canonical_og_url_and_json_ld_agree(public_site, visitor):
    news = public_site.news
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
    document = public_site.document
    html = page_html(visitor, document)
    assert canonical(html) == f"{PUBLIC}{document.url}"
    data = json_ld(html)
    assert data["url"] == f"{PUBLIC}{document.url}"
    assert data["@id"] == f"{PUBLIC}{document.eli_url}"
    permanent = reverse("legal:by_number", args=[document.number_key])
    assert f"{PUBLIC}{permanent}" in html  # the permanent address
    assert SERVING_HOST not in html
    printed = visitor.get(document.url + "in/").content.decode()
    assert canonical(printed) == f"{PUBLIC}{document.url}"


def test_procedure_canonical_and_json_ld_agree(public_site, visitor):
    procedure = public_site.procedure
    html = page_html(visitor, procedure)
    assert canonical(html) == json_ld(html)["url"] == f"{PUBLIC}{procedure.url}"


def test_sitemap_and_robots_use_the_site(public_site, visitor):
    locations = re.findall(
        r"<loc>([^<]+)</loc>", visitor.get("/sitemap.xml").content.decode()
    )
    assert locations
    assert all(location.startswith(f"{PUBLIC}/") for location in locations)
    news = public_site.news
    assert f"{PUBLIC}{news.url}" in locations
    robots = visitor.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots


@pytest.mark.parametrize("feed", ["rss/", "atom/"])
def test_news_feeds_use_the_site(public_site, visitor, feed):
    index = public_site.news_index
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
    index = public_site.legal_index.url
    parsed = feedparser.parse(visitor.get(index + "rss/").content)
    assert parsed.feed.link == f"{PUBLIC}{index}"
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith(f"{PUBLIC}{index}")
        assert entry.id == entry.link


def test_search_feed_uses_the_site(public_site, visitor):
    search = reverse("search")
    parsed = feedparser.parse(
        visitor.get(reverse("search_feed"), {"q": "ke hoach"}).content
    )
    assert parsed.feed.link.startswith(f"{PUBLIC}{search}")
    assert parsed.entries
    assert all(entry.link.startswith(f"{PUBLIC}/") for entry in parsed.entries)


def test_api_addresses_use_the_site(public_site, visitor):
    news = public_site.news
    detail = visitor.get(f"/api/v2/pages/{news.pk}/").json()
    assert detail["meta"]["detail_url"] == f"{PUBLIC}/api/v2/pages/{news.pk}/"
    assert detail["meta"]["html_url"] == f"{PUBLIC}{news.url}"
    listing = visitor.get("/api/v2/documents/").json()
    assert listing["items"]
    for item in listing["items"]:
        assert item["meta"]["detail_url"].startswith(f"{PUBLIC}/api/v2/documents/")
        assert item["meta"]["download_url"].startswith(f"{PUBLIC}/")


def test_each_site_gives_its_own_pages_their_address(portal, visitor):
    """A second site (a member portal) rooted at a section of the tree: its pages
    say its own address, the others the default site's."""
    Site.objects.create(
        hostname="tintuc.example.vn", port=443, root_page=portal.news, site_name="Tin"
    )
    article = NewsPageFactory(parent=portal.news)
    assert absolute_url(article).startswith("https://tintuc.example.vn/")
    document = LegalDocumentPageFactory(parent=portal.legal)
    assert absolute_url(document).startswith(root_url(portal.site) + "/")
