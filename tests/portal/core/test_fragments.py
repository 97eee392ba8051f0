"""Fragment caches keyed by the content version: fewer queries, never stale.

The page cache is off in the test settings, so these are the "uncached" pages of the
load targets (issue 8): the fragments every page shares are measured cold (empty
cache) and warm, and a change committed by an editor shows at once.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal.core import caching as content_cache
from portal.core.caching import fragments, version
from portal.core.models import NavigationSettings, PortalSettings
from portal.engagement.models import Poll
from portal.news.models import NewsIndexPage
from tests.factories import PollFactory, committed, set_main_menu

pytestmark = pytest.mark.usefixtures("shared_portal", "shared_core_pages")

#: Uncached pages, warm fragment caches (issue 8's targets: home 15, others 10): none,
#: routing included (portal.core.routing).
QUERY_LIMITS = {"home": 0, "notice": 0, "law": 0}


@pytest.fixture
def empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(portal, intro, empty_cache, commit):
    """The portal with the introduction section in its main menu, committed: the
    fragment caches skip what a transaction has not committed yet."""
    set_main_menu(portal.site, intro.section)
    commit()
    return portal.site


def show_only_this_portal_on_home(portal):
    """The home page lists news categories and polls of the whole database, not of
    its site alone: keep only the portal's categories and one poll of the test's, so
    that the query counts measure the test's own pages."""
    NewsIndexPage.objects.exclude(path__startswith=portal.home.path).update(
        show_on_home=False
    )
    Poll.objects.update(show_on_home_page=False)
    PollFactory(show_on_home_page=True)


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def without_tokens(html: str) -> str:
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+"', r'\1"', html)


@pytest.mark.parametrize("name", list(QUERY_LIMITS))
def test_pages_meet_the_query_targets_once_fragments_are_warm(
    client, site, portal, notice, law, commit, name, django_assert_max_num_queries
):
    url = {"home": portal.home, "notice": notice, "law": law}[name].url
    show_only_this_portal_on_home(portal)
    commit()
    client.get(url)  # Wagtail's own caches (site root paths, content types)
    version._set_new_versions()  # as after a commit: every fragment is cold
    cold, cold_html = count_queries(client, url)
    limit = QUERY_LIMITS[name]
    with django_assert_max_num_queries(limit):
        warm_html = client.get(url).content.decode()
    warm, _html = count_queries(client, url)
    assert warm < cold
    # Cold, the page does the work once, no more than before the fragment caches.
    assert cold <= 32
    # The cached parts are the same HTML as freshly rendered ones.
    assert without_tokens(warm_html) == without_tokens(cold_html)


def test_every_page_shares_header_menu_and_footer(client, site):
    client.get("/")
    # Another page reuses the header, menus and footer the home page cached: the
    # settings and the menus' page choosers are not queried again.
    with CaptureQueriesContext(connection) as captured:
        client.get("/gioi-thieu/")
    tables = " ".join(query["sql"] for query in captured)
    assert "core_portalsettings" not in tables
    assert "core_navigationsettings" not in tables


def test_menu_still_marks_the_current_section(client, site):
    client.get("/")
    html = client.get("/gioi-thieu/").content.decode()
    assert re.search(r'<a href="/gioi-thieu/" aria-current="page">', html)
    home = client.get("/").content.decode()
    assert '<a href="/" aria-current="page">' in home
    assert not re.search(r'<a href="/gioi-thieu/" aria-current="page">', home)


def test_published_news_shows_on_the_home_page_at_once(client, site, notice, commit):
    commit()
    client.get("/")
    client.get("/")  # warm
    article = notice  # the newest news
    with committed():
        article.title = "Tin mới nhất vừa xuất bản"
        article.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Tin mới nhất vừa xuất bản" in html
    # And on the article itself, its breadcrumb and its cached parts.
    article_html = client.get(article.url).content.decode()
    assert article_html.count("Tin mới nhất vừa xuất bản") >= 3


def test_settings_and_menus_change_at_once(client, site):
    client.get("/")
    client.get("/")
    with committed():
        portal = PortalSettings.for_site(site)
        portal.hotline = "1900 6868"
        portal.portal_name = "Cổng thông tin thử nghiệm"
        portal.save()
    html = client.get("/gioi-thieu/").content.decode()
    assert "1900 6868" in html
    assert "<title>" in html and "| Cổng thông tin thử nghiệm</title>" in html

    with committed():
        navigation = NavigationSettings.for_site(site)
        first = navigation.main_menu[0]
        first.value["title"] = "Mục đã đổi tên"
        navigation.save()
    assert "Mục đã đổi tên" in client.get("/").content.decode()


def test_legal_document_fragment_follows_a_published_change(client, site, law, commit):
    commit()
    client.get(law.url)
    with committed():
        law.title = "Luật thử nghiệm bộ nhớ đệm"
        law.save_revision().publish()
    assert "Luật thử nghiệm bộ nhớ đệm" in client.get(law.url).content.decode()


def test_uncommitted_changes_are_never_cached(client, site):
    """A transaction that changed content (and may roll back) renders from its own
    rows and stores nothing other requests would trust."""
    client.get("/gioi-thieu/")
    portal = PortalSettings.for_site(site)
    portal.hotline = "0999 000 111"
    portal.save()
    assert version.has_uncommitted_changes()
    assert "0999 000 111" in client.get("/gioi-thieu/").content.decode()
    # Nothing was stored under the new version: a rollback would leave no trace.
    current = content_cache.current_version()
    assert not [key for key in cache._cache if current in key]  # noqa: SLF001


def test_personal_parts_stay_out_of_fragments(client, site, commit):
    from django.test import Client

    PollFactory(show_on_home_page=True)
    commit()
    first = client.get("/").content.decode()
    other = Client().get("/").content.decode()
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    # The poll's form carries each visitor's own token, not a cached one.
    assert tokens.findall(first)
    assert tokens.findall(first) != tokens.findall(other)


def test_cached_fragment_tag(rf: RequestFactory, empty_cache, settings, commit):
    # The module's shared pages are not committed yet, and the fragment caches
    # store nothing while a transaction holds content changes: alone, this test
    # would render every time.
    commit()
    template = Template(
        '{% cached_fragment "thu" key %}{{ value }}{% endcached_fragment %}'
    )
    request = rf.get("/")
    render = lambda **values: template.render(  # noqa: E731
        Context({"request": request, **values})
    )
    assert render(key=1, value="một") == "một"
    assert render(key=1, value="hai") == "một"  # cached
    assert render(key=2, value="hai") == "hai"  # another key
    content_cache.bump_version()
    request = rf.get("/")
    assert render(key=1, value="ba") == "ba"  # a new content version

    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    assert render(key=2, value="bốn") == "bốn"  # off: always rendered

    with pytest.raises(TemplateSyntaxError):
        Template("{% cached_fragment %}{% endcached_fragment %}")


def test_a_cache_outage_renders_without_the_cache(client, site, monkeypatch):
    class BrokenCache:
        def __getattr__(self, name):
            raise ConnectionError("cache down")

    # The content version and the fragments are both out of reach.
    monkeypatch.setattr(version, "cache", BrokenCache())
    monkeypatch.setattr(fragments, "cache", BrokenCache())
    response = client.get("/")
    assert response.status_code == 200
    assert "Trang chủ" in response.content.decode()


def test_each_process_keeps_the_fragments_it_used(rf, empty_cache):
    """A fragment under a version never changes, so a process keeps its copy and
    asks the shared cache only for the version; a new version builds anew."""
    from django.core.cache import caches

    request = rf.get("/")
    builds = []
    build = lambda: builds.append(1) or "phần"  # noqa: E731
    assert content_cache.cached_value("thu", build, request=request) == "phần"
    key = fragments._fragment_key("thu", request, ())  # noqa: SLF001
    cache.delete(key)  # the shared cache lost it (evicted, or another server)
    assert content_cache.cached_value("thu", build, request=rf.get("/")) == "phần"
    assert len(builds) == 1
    assert caches["fragments"].get(key).value == "phần"

    content_cache.bump_version()
    assert content_cache.cached_value("thu", build, request=rf.get("/")) == "phần"
    assert len(builds) == 2
