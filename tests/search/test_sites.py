"""Search per site and province-wide: each document knows the Wagtail sites its
page is on; a member portal searches itself by default and the province's portal
everything, with a "Cổng" facet; the API takes the site as a parameter."""

import importlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

from portal.core.models import SectionPage
from portal.core.sites import create_member_site
from search import indexing, registry, service, sites
from search.engines.base import SITE_FACET, SearchQuery, SharedDocuments
from search.registry import IndexedDocument, Kind, SearchAdapter
from tests.factories import SectionPageFactory
from tests.search.conftest import reindex, site_facet, titles
from tests.search.documents import doc

pytestmark = pytest.mark.usefixtures("shared_portal")

MEMBER_NAME = "Cổng thông tin điện tử huyện Tiên Lữ"
MEMBER_HOST = "tienlu.localhost"
QUERY = "cam hoa nghe thuat"


# The contract: every engine filters and counts the sites ---------------------


def on_sites(document: IndexedDocument, *roots: str) -> IndexedDocument:
    return IndexedDocument(**{**document.__dict__, "sites": roots})


def test_every_engine_filters_and_counts_the_sites(engine):
    engine.index_bulk(
        [
            on_sites(doc(1, "Hội thi cắm hoa của tỉnh"), "3"),
            on_sites(doc(2, "Hội thi cắm hoa của huyện"), "8"),
            on_sites(doc(3, "Hội thi cắm hoa liên huyện"), "8", "9"),
            doc(4, "Hội thi cắm hoa không thuộc cổng nào"),
        ]
    )
    engine.refresh()

    def keys(**options):
        found = engine.search(SearchQuery(q="cam hoa", **options))
        return sorted(hit.key for hit in found.results), found

    assert keys(sites=["8"])[0] == ["legal:2", "legal:3"]
    assert keys(sites=["3", "9"])[0] == ["legal:1", "legal:3"]
    assert keys(sites=["404"])[0] == []
    everything, found = keys(facets=[SITE_FACET])
    assert everything == ["legal:1", "legal:2", "legal:3", "legal:4"]
    counts = {f.value: f.count for f in found.facets[SITE_FACET]}
    assert counts == {"3": 1, "8": 2, "9": 1}
    # The sites are no facet of the adapters': hits show those alone.
    assert SITE_FACET not in found.results[0].facets


def test_every_engine_adds_what_the_sites_show_from_elsewhere(engine):
    """A member site's search covers its own documents and, OR-ed with them,
    those of a kind it shows from other sites by facet values (any facet):
    never a document on no site, nor one of another kind."""
    engine.index_bulk(
        [
            on_sites(doc(1, "Hội thi cắm hoa của huyện", field="van-hoa"), "8"),
            on_sites(doc(2, "Hội thi cắm hoa của tỉnh", field="le-hoi"), "3"),
            on_sites(doc(3, "Hội thi cắm hoa của sở", field="the-thao"), "5"),
            on_sites(doc(4, "Hội thi cắm hoa xã khác", field="van-hoa"), "6"),
            doc(5, "Hội thi cắm hoa không thuộc cổng nào", field="le-hoi"),
            on_sites(doc(6, "Tin hội thi cắm hoa", field="le-hoi", kind="news"), "3"),
        ]
    )
    engine.refresh()

    def keys(*shared):
        found = engine.search(SearchQuery(q="cam hoa", sites=["8"], shared=shared))
        return sorted(hit.key for hit in found.results)

    assert keys() == ["legal:1"]
    by_field = SharedDocuments("legal", {"field": ["le-hoi"]})
    assert keys(by_field) == ["legal:1", "legal:2"]
    by_either = SharedDocuments("legal", {"field": ["le-hoi"], "year": ["2099"]})
    assert keys(by_either) == ["legal:1", "legal:2"]
    two_fields = SharedDocuments("legal", {"field": ["le-hoi", "the-thao"]})
    assert keys(two_fields) == ["legal:1", "legal:2", "legal:3"]
    assert keys(SharedDocuments("legal", {"field": []})) == ["legal:1"]
    # Other filters still apply to what is shared.
    found = engine.search(
        SearchQuery(
            q="cam hoa",
            sites=["8"],
            shared=[two_fields],
            filters={"field": ["the-thao"]},
        )
    )
    assert [hit.key for hit in found.results] == ["legal:3"]
    # Without sites the search covers everything: nothing to add.
    everything = engine.search(SearchQuery(q="cam hoa", shared=[by_field]))
    assert len(everything.results) == 6


# Which sites a page is on, and which a search covers --------------------------


def root(site_id, root_id, path, default=False):
    return sites.SiteRoot(
        site_id, root_id, path, f"Cổng {site_id}", f"h{site_id}", default
    )


ROOTS = [
    root(1, "3", "00010001", default=True),
    root(2, "8", "00010002"),
    root(3, "9", "000100020005"),
]


def test_a_page_is_on_every_site_whose_root_is_above_it():
    assert sites.sites_of_path("000100010007", ROOTS) == ("3",)
    assert sites.sites_of_path("0001000200050001", ROOTS) == ("8", "9")
    assert sites.sites_of_path("00010003", ROOTS) == ()
    assert sites.sites_of_path("", ROOTS) == ()


def test_a_member_site_searches_itself_unless_asked_otherwise():
    province = SimpleNamespace(is_default_site=True, root_page_id=3)
    member = SimpleNamespace(is_default_site=False, root_page_id=8)
    assert sites.scope([], province, ROOTS) == ((), [])
    assert sites.scope([], member, ROOTS) == (("8",), [])
    assert sites.scope([sites.EVERY_SITE], member, ROOTS) == ((), [])
    assert sites.scope(["h3", "1", "nowhere"], member, ROOTS) == (
        ("9", "3"),
        ["nowhere"],
    )
    # The hostname in any case, the chosen sites before EVERY_SITE.
    assert sites.scope(["all", "H2"], province, ROOTS) == (("8",), [])
    # With one site there is nothing to choose.
    assert sites.scope([], member, ROOTS[1:2]) == ((), [])


def test_no_adapter_may_offer_a_facet_named_like_the_sites(search_registry):
    class Clashing(SearchAdapter):
        kind = Kind("clash", "Clash")
        facets = {SITE_FACET: "Site"}

    with pytest.raises(ImproperlyConfigured):
        registry.register(type("ClashModel", (), {}), Clashing())


def test_the_migration_gives_old_entries_the_site_of_their_url():
    migration = importlib.import_module("search.migrations.0007_entry_sites")
    known = [("tienlu.localhost", 80, 8), ("tienlu.localhost", 8000, 9)]
    assert migration.site_of_url("/van-ban/1/", known, 3) == 3
    assert migration.site_of_url("http://tienlu.localhost/a/", known, 3) == 8
    assert migration.site_of_url("http://TIENLU.localhost:8000/a/", known, 3) == 9
    assert migration.site_of_url("https://elsewhere.vn/a/", known, 3) == 3


# The portal: pages on the province's and a member's site, on every engine -----


def publish(parent, title: str, slug: str) -> SectionPage:
    page = SectionPage(title=title, slug=slug, intro=title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def two_sites(portal, home, portal_engine):
    member = create_member_site(MEMBER_NAME, MEMBER_HOST)
    province_page = publish(home, "Hội thi cắm hoa nghệ thuật của tỉnh", "cam-hoa")
    member_page = publish(
        member.home, "Hội thi cắm hoa nghệ thuật của huyện", "cam-hoa-huyen"
    )
    reindex()
    return SimpleNamespace(
        province=portal.site,
        member=member.site,
        member_home=member.home,
        member_sections=member.sections,
        province_page=province_page,
        member_page=member_page,
    )


def test_a_member_site_searches_its_own_pages_by_default(client, two_sites):
    response = client.get("/tim-kiem/", {"q": QUERY}, HTTP_HOST=MEMBER_HOST)
    assert response.status_code == 200
    assert titles(response) == ["Hội thi cắm hoa nghệ thuật của huyện"]
    # No portal facet on a search of the member's own portal.
    assert site_facet(response.context["facets"]) == {}
    scopes = response.context["scopes"]
    assert [(s["label"], s["active"]) for s in scopes] == [
        (MEMBER_NAME, True),
        ("Toàn tỉnh", False),
    ]
    assert scopes[1]["url"] == "?q=cam+hoa+nghe+thuat&site=all"
    html = response.content.decode()
    assert 'aria-label="Phạm vi tìm kiếm"' in html


def test_the_whole_province_choice_searches_every_portal(client, two_sites):
    response = client.get(
        "/tim-kiem/", {"q": QUERY, "site": "all"}, HTTP_HOST=MEMBER_HOST
    )
    assert titles(response) == [
        "Hội thi cắm hoa nghệ thuật của huyện",
        "Hội thi cắm hoa nghệ thuật của tỉnh",
    ]
    assert [s["active"] for s in response.context["scopes"]] == [False, True]
    portals = site_facet(response.context["facets"])
    assert portals == {
        str(two_sites.province.pk): (two_sites.province.site_name, 1),
        str(two_sites.member.pk): (MEMBER_NAME, 1),
    }
    # A new search from the page keeps the choice.
    assert '<input type="hidden" name="site" value="all">' in response.content.decode()


def test_the_province_searches_everything_with_a_portal_facet(client, two_sites):
    response = client.get("/tim-kiem/", {"q": QUERY})
    assert len(titles(response)) == 2
    assert response.context["scopes"] == []
    facet = {f["name"]: f for f in response.context["facets"]}[SITE_FACET]
    assert str(facet["title"]) == "Cổng"
    item = next(i for i in facet["items"] if i["value"] == str(two_sites.member.pk))
    assert item["count"] == 1 and item["label"] == MEMBER_NAME

    chosen = client.get("/tim-kiem/" + item["url"])
    assert titles(chosen) == ["Hội thi cắm hoa nghệ thuật của huyện"]
    portals = site_facet(chosen.context["facets"])
    assert portals == {str(two_sites.member.pk): (MEMBER_NAME, 1)}


def test_the_api_takes_the_site_as_a_parameter(client, two_sites):
    def found(host="testserver", **params):
        response = client.get("/api/v1/search/", {"q": QUERY, **params}, HTTP_HOST=host)
        assert response.status_code == 200, response.json()
        body = response.json()
        return sorted(hit["url"] for hit in body["results"]), body["facets"]

    member_url = two_sites.member_page.get_url()
    province_url = two_sites.province_page.get_url()
    assert found(site=MEMBER_HOST)[0] == [member_url]
    assert found(site=str(two_sites.member.pk))[0] == [member_url]
    assert found(site=str(two_sites.province.pk))[0] == [province_url]
    assert found(host=MEMBER_HOST)[0] == [member_url]
    urls, facets = found(host=MEMBER_HOST, site="all")
    assert urls == sorted([member_url, province_url])
    assert {f["value"]: (f["label"], f["count"]) for f in facets[SITE_FACET]} == {
        str(two_sites.province.pk): (two_sites.province.site_name, 1),
        str(two_sites.member.pk): (MEMBER_NAME, 1),
    }

    refused = client.get("/api/v1/search/", {"q": QUERY, "site": "nowhere.vn"})
    assert refused.status_code == 400
    assert refused.json()["errors"]["site"] == ["Không có cổng này."]


def test_a_page_moved_to_another_sites_section_changes_site(client, two_sites):
    page = two_sites.province_page
    page.move(two_sites.member_sections[0], pos="last-child")
    reindex()

    def urls(site):
        found = service.search(SearchQuery(q=QUERY, sites=[site]))
        return sorted(hit.title for hit in found.results)

    member_root = str(two_sites.member.root_page_id)
    province_root = str(two_sites.province.root_page_id)
    assert urls(member_root) == [
        "Hội thi cắm hoa nghệ thuật của huyện",
        "Hội thi cắm hoa nghệ thuật của tỉnh",
    ]
    assert urls(province_root) == []
    response = client.get("/tim-kiem/", {"q": QUERY}, HTTP_HOST=MEMBER_HOST)
    assert len(titles(response)) == 2


def test_a_question_is_on_the_site_of_its_qa_page(portal, home):
    from tests.factories import QuestionFactory, QuestionIndexPageFactory

    question = QuestionFactory(index_page=QuestionIndexPageFactory(parent=home))
    adapter = registry.adapter_for(question)
    roots = sites.site_roots()
    assert question.index_page.path.startswith(home.path)
    assert sites.sites_of_path(adapter.tree_path(question), roots) == (
        str(Site.objects.get(is_default_site=True).root_page_id),
    )


@pytest.mark.django_db
def test_an_index_without_sites_is_searched_on_every_site_until_rebuilt(
    search_server, search_registry
):
    from tests.search.conftest import engine_on, install_earlier_index

    def version_2(mappings):
        del mappings["properties"]["sites"]
        mappings["_meta"] = {"portal_mapping": 2}
        return mappings

    engine = engine_on(search_server)
    try:
        engine.clear()
        install_earlier_index(engine, "legal", version_2)
        documents = [
            on_sites(doc(1, "Hội thi cắm hoa của tỉnh"), "3"),
            on_sites(doc(2, "Hội thi cắm hoa của huyện"), "8"),
        ]
        engine.index_bulk(documents)
        engine.refresh()

        def keys():
            found = engine.search(SearchQuery(q="cam hoa", kind="legal", sites=["8"]))
            return sorted(hit.key for hit in found.results)

        # Words still match on ALL_TEXT; the sites are not known yet.
        assert engine.current_mapping("legal")
        assert keys() == ["legal:1", "legal:2"]
        assert "search_rebuild" in engine.health().detail

        engine.rebuild(documents)
        assert keys() == ["legal:2"]
        assert "search_rebuild" not in engine.health().detail
    finally:
        engine.clear()
        engine.close()


def test_the_migration_fills_the_sites_of_existing_entries(portal):
    from django.apps import apps

    from search.models import FacetValue, IndexEntry

    member = create_member_site(MEMBER_NAME, MEMBER_HOST)
    IndexEntry.objects.all().delete()
    relative = IndexEntry.objects.create(
        key="page:1", kind="page", title="a", url="/a/"
    )
    absolute = IndexEntry.objects.create(
        key="page:2", kind="page", title="b", url=f"http://{MEMBER_HOST}/b/"
    )
    migration = importlib.import_module("search.migrations.0007_entry_sites")
    migration.fill_sites(apps, None)
    migration.fill_sites(apps, None)  # again: nothing twice

    placed = dict(
        FacetValue.objects.filter(name=SITE_FACET).values_list("entry_id", "value")
    )
    assert placed == {
        relative.pk: str(portal.site.root_page_id),
        absolute.pk: str(member.site.root_page_id),
    }


def test_with_one_site_a_search_reads_no_site_rows(client, db, monkeypatch):
    """The common installation: one site. The search page then needs no list
    of sites (Wagtail's cached site roots say there is one); with a second
    site it reads them."""
    read = []
    real = sites.site_roots
    monkeypatch.setattr(sites, "site_roots", lambda: read.append(1) or real())
    assert client.get("/tim-kiem/", {"q": "quyet dinh"}).status_code == 200
    assert read == []
    create_member_site(MEMBER_NAME, MEMBER_HOST)
    assert client.get("/tim-kiem/", {"q": "ke hoach"}).status_code == 200
    assert read


# A site given another root page -------------------------------------------------


def queued_keys() -> set[str]:
    from search.models import OutboxEntry

    return set(OutboxEntry.objects.values_list("key", flat=True))


def test_a_new_root_page_requeues_the_pages_of_both_roots(two_sites):
    """The member portal moves to a new home page: its pages of old are on no
    site any more, those under the new home on the member's, and so are the
    questions shown on them."""
    from wagtail.models import Page

    from tests.factories import QuestionFactory, QuestionIndexPageFactory

    root = Page.get_first_root_node()
    new_home = root.add_child(instance=SectionPage(title="Trang chủ mới", slug="moi"))
    new_home.save_revision().publish()
    moved_in = publish(new_home, "Hội thi cắm hoa nghệ thuật của xã", "cam-hoa-xa")
    question = QuestionFactory(
        index_page=QuestionIndexPageFactory(parent=two_sites.member_home)
    )
    reindex()
    assert queued_keys() == set()

    member = two_sites.member
    member.root_page = new_home
    member.save()
    key = registry.adapter_for(moved_in).key_for
    assert {key(moved_in), key(two_sites.member_page)} <= queued_keys()
    assert registry.adapter_for(question).key_for(question) in queued_keys()
    assert key(two_sites.province_page) not in queued_keys()
    reindex()

    def titles_on(root_id):
        found = service.search(SearchQuery(q=QUERY, sites=[str(root_id)]))
        return sorted(hit.title for hit in found.results)

    assert titles_on(new_home.pk) == ["Hội thi cắm hoa nghệ thuật của xã"]
    assert titles_on(two_sites.member_home.pk) == []

    # A new hostname changes no document's sites: nothing is queued.
    member.hostname = "tienlu-moi.localhost"
    member.save()
    assert queued_keys() == set()
    # A site deleted: its pages are on no site.
    member.delete()
    assert key(moved_in) in queued_keys()


def test_a_new_root_page_requeues_its_tree_in_a_few_queries_however_large(portal):
    """A portal moved onto another home page queues the pages under both in one
    query per page type: their sites changed, not what they say, so neither the
    pages nor what depends on them (a leader's press conferences) are read one by
    one, which for a province's hundred thousand documents would hold the
    webmaster's request for minutes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from search.models import OutboxEntry
    from tests.portal.leadership.conftest import (
        LeaderIndexPageFactory,
        LeaderPageFactory,
        PressConferencePageFactory,
    )

    def move_a_site_onto_leaders(count: int) -> int:
        home = SectionPageFactory(parent=Page.get_first_root_node())
        leaders = LeaderIndexPageFactory(parent=home, slug=f"lanh-dao-{count}")
        for _ in range(count):
            chair = LeaderPageFactory(parent=leaders)
            PressConferencePageFactory(parent=home, chair=chair)
        site = Site.objects.create(
            hostname=f"di-chuyen-{count}.localhost", root_page=portal.home
        )
        OutboxEntry.objects.all().delete()
        site.root_page = home
        with CaptureQueriesContext(connection) as queries:
            site.save()
        # The leaders, their conferences and the new home (a section page), under
        # each engine; the leaders' index is not searched.
        queued = OutboxEntry.objects.filter(key__in=search_keys(home)).count()
        assert queued == (2 * count + 1) * len(indexing.aliases())
        site.delete()  # Each move then sees as many sites (their roots are read).
        return len(queries)

    move_a_site_onto_leaders(1)  # What a first save reads once and keeps.
    assert move_a_site_onto_leaders(6) == move_a_site_onto_leaders(2)


def search_keys(page) -> list[str]:
    """The search keys of the indexed pages at and below `page`."""
    from search.signals import registered_pages_under

    return [
        registry.adapter_for(found).key_for(found)
        for found in registered_pages_under(page)
    ]


def test_one_request_reads_the_sites_once(db, django_assert_num_queries):
    """The search page asks for the sites for its scope, then for the names of
    the "Cổng" facet: within one request that is one query (issue 27)."""
    with django_assert_num_queries(1), sites.roots_read_once():
        first = sites.site_roots()
        assert sites.site_roots() == first
    # Outside a request's block every call reads them: a site added since shows.
    with django_assert_num_queries(2):
        sites.site_roots()
        sites.site_roots()
