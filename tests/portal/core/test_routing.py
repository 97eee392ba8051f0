"""Routing in two queries (portal.core.routing): the same pages, 404s, sub-URLs and
view restrictions as Wagtail's own routing, and never a stale site or restriction."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from portal.core.caching import version
from portal.core.routing import (
    MAX_PREFETCHED_LEVELS,
    CachedSiteMiddleware,
    routed_parent,
)
from tests.factories import committed

pytestmark = pytest.mark.usefixtures("shared_portal", "shared_core_pages")

HOME_URL = "/"
OVERVIEW_URL = "/gioi-thieu/tong-quan/"
CATEGORY_URL = "/tin-tuc/thong-bao/"
NEWS_URL = "/tin-tuc/thong-bao/thong-bao-tuyen-dung-cong-chuc-nam-2020/"
DOCUMENT_URL = "/van-ban/80-2015-qh13/"


@pytest.fixture
def pages(portal, intro, notice, law, commit):
    """The conftest pages at every depth of the portal, committed. `commit` also
    replaces the content version after the test: the routes, sites and
    restrictions it cached must not outlive its rollback."""
    commit()
    return portal


def route(rf, url):
    """The page Wagtail serves for ``url``, its view restrictions, and the queries
    both cost, on a request that went through the site middleware."""
    request = rf.get(url)
    CachedSiteMiddleware(lambda request: None)(request)
    with CaptureQueriesContext(connection) as captured:
        page = Page.find_for_request(request, url)
        restrictions = list(page.get_view_restrictions())
    return page, restrictions, len(captured)


@pytest.mark.parametrize(
    "url, template",
    [
        (HOME_URL, "core/home_page.html"),
        (OVERVIEW_URL, "core/section_page.html"),
        (NEWS_URL, "news/news_page.html"),
        (DOCUMENT_URL, "legal/legal_document_page.html"),
        (CATEGORY_URL, "news/news_index_page.html"),
    ],
)
def test_pages_route_as_before(client, pages, url, template):
    response = client.get(url)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    page = response.context["page"]
    assert page.url == url
    # The routed page has all its fields (but those it never shows), and its parent
    # without a query.
    never_shown = set(getattr(page, "routing_deferred_fields", ()))
    assert page.get_deferred_fields() == never_shown
    parent = Page.objects.get(pk=page.pk).get_parent()
    with CaptureQueriesContext(connection) as captured:
        assert routed_parent(page).pk == parent.pk
    assert len(captured) == (0 if page.depth > 2 else 1)


def test_routing_costs_the_same_at_any_depth(rf, pages):
    version._set_new_versions()  # every cached route and field is cold
    route(rf, "/")  # the site and the restricted paths are cached
    # The home page: its fields. Below it: the pages on the path, then the fields
    # of the routed one. None for the site or the view restrictions; none at all
    # the next time in this content version.
    assert route(rf, "/")[1:] == ([], 0)
    for url in (CATEGORY_URL, NEWS_URL, DOCUMENT_URL, OVERVIEW_URL):
        page, restrictions, queries = route(rf, url)
        assert (page.url, restrictions, queries) == (url, [], 2)
        page, restrictions, queries = route(rf, url)
        assert (page.url, restrictions, queries) == (url, [], 0)
        assert routed_parent(page).url == url.rsplit("/", 2)[0] + "/"


def test_made_up_urls_fill_no_cache(client, pages):
    from django.core.cache import cache

    client.get("/tin-tuc/khong-co-1/")  # the error page's own fragments
    stored = len(cache._cache)  # noqa: SLF001
    for n in range(2, 6):
        assert client.get(f"/tin-tuc/khong-co-{n}/").status_code == 404
    assert len(cache._cache) == stored  # noqa: SLF001


def test_fields_never_shown_still_load_when_read(rf, pages, law):
    # What extraction from its attachments stores, without reading a file.
    type(law).objects.filter(pk=law.pk).update(
        extracted_text="Luật này quy định nguyên tắc ban hành văn bản."
    )
    page = route(rf, DOCUMENT_URL)[0]
    page = route(rf, DOCUMENT_URL)[0]
    assert "extracted_text" in page.get_deferred_fields()
    assert page.extracted_text == type(page).objects.get(pk=page.pk).extracted_text
    assert page.extracted_text.startswith("Luật này quy định")


def test_a_published_change_of_its_own_fields_shows_at_once(client, pages, notice):
    client.get(NEWS_URL)
    client.get(NEWS_URL)
    article = notice
    with committed():
        article.sapo = "Tóm tắt vừa sửa của bài viết"
        article.save_revision().publish()
    assert "Tóm tắt vừa sửa của bài viết" in client.get(NEWS_URL).content.decode()


def test_routable_sub_urls(client, pages):
    print_view = client.get(NEWS_URL + "ban-in/")
    assert print_view.status_code == 200
    assert "news/news_page_print.html" in [t.name for t in print_view.templates]
    assert client.get(CATEGORY_URL + "rss/").status_code == 200
    assert client.get(DOCUMENT_URL + "in/").status_code == 200


#: One portal answers them all (building it costs more than the requests).
UNKNOWN_URLS = [
    "/khong-co-trang-nay/",
    "/tin-tuc/khong-co/",
    NEWS_URL + "khong-co/",
    OVERVIEW_URL + "khong-co/",
    # A slug that exists, but below another parent.
    "/gioi-thieu/thong-bao/",
    "/" + "a/" * (MAX_PREFETCHED_LEVELS + 1),
]


def test_unknown_urls_are_404(client, pages):
    answers = {url: client.get(url).status_code for url in UNKNOWN_URLS}
    assert answers == dict.fromkeys(UNKNOWN_URLS, 404)


def test_unpublished_pages_are_404_but_their_children_are_not(client, pages, notice):
    category = notice.get_parent()
    category.live = False
    category.save(update_fields=["live"])
    assert client.get(CATEGORY_URL).status_code == 404
    # As with Wagtail's routing: a live page under a draft parent is served.
    assert client.get(NEWS_URL).status_code == 200


def test_a_page_with_a_route_of_its_own_keeps_it(client, pages, monkeypatch):
    from portal.core.models import SectionPage

    seen = []

    def route(self, request, path_components):
        seen.append((self.slug, list(path_components), self.get_deferred_fields()))
        return Page.route(self, request, path_components)

    monkeypatch.setattr(SectionPage, "route", route)
    assert client.get(OVERVIEW_URL).status_code == 200
    # It gets the rest of the path, with its fields loaded.
    assert seen[0] == ("gioi-thieu", ["tong-quan"], set())


@pytest.fixture
def restricted_section(pages, intro):
    section = intro.section
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=section,
            restriction_type=PageViewRestriction.PASSWORD,
            password="mat-khau",
        )
    return restriction


def test_a_restricted_section_asks_for_its_password(client, restricted_section):
    for url in ("/gioi-thieu/", OVERVIEW_URL):
        response = client.get(url)
        assert response.status_code == 200
        assert "wagtailcore/password_required.html" in [
            t.name for t in response.templates
        ]
        assert "no-cache" in response["Cache-Control"]
    # Other pages stay public and pay no restriction query.
    assert client.get(NEWS_URL).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(NEWS_URL)
    assert not [q for q in captured if "pageviewrestriction" in q["sql"]]


def test_a_restriction_applies_at_once_and_its_removal_too(client, pages, intro):
    client.get(OVERVIEW_URL)  # the restricted paths are cached
    section = intro.section
    group = Group.objects.create(name="Cán bộ")
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(group)
    response = client.get(OVERVIEW_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
    with committed():
        restriction.delete()
    assert client.get(OVERVIEW_URL).status_code == 200


def test_a_moved_page_leaves_its_restriction_behind(
    client, restricted_section, intro, portal
):
    with committed():
        intro.overview.move(portal.home, pos="last-child")
    assert client.get(OVERVIEW_URL)["Location"] == "/tong-quan/"
    response = client.get("/tong-quan/")
    assert response.status_code == 200
    assert "wagtailcore/password_required.html" not in [
        t.name for t in response.templates
    ]


def test_site_changes_apply_at_once(client, pages, intro):
    assert client.get("/", HTTP_HOST="cong.example.vn").status_code == 200
    with committed():
        Site.objects.create(
            hostname="cong.example.vn",
            port=80,
            root_page=intro.section,
            site_name="Phụ",
        )
    # The other site's root now answers for that host, the default site elsewhere.
    assert client.get("/tong-quan/", HTTP_HOST="cong.example.vn").status_code == 200
    assert client.get("/tong-quan/").status_code == 404
    assert client.get(OVERVIEW_URL).status_code == 200


def test_the_site_lookup_is_cached_by_content_version(client, pages):
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert not [q for q in captured if "wagtailcore_site" in q["sql"]]
    version._set_new_versions()
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert [q for q in captured if "wagtailcore_site" in q["sql"]]


def test_lists_leave_out_restricted_pages_at_once(client, pages, law):
    url = "/van-ban/?loai=luat"
    assert "80/2015/QH13" in client.get(url).content.decode()
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=law, restriction_type=PageViewRestriction.LOGIN
        )
    assert "80/2015/QH13" not in client.get(url).content.decode()
    with committed():
        restriction.delete()
    assert "80/2015/QH13" in client.get(url).content.decode()
