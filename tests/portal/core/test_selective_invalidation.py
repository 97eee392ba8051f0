"""A publish invalidates what shows the change and leaves the rest warm.

The page cache and the fragment caches on, as in production. "Warm" is checked
twice: the page cache answers HIT, and a visitor the page cache does not serve (a
cookie) gets the page without a query, from the fragment caches.
"""

import datetime
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from portal.core import caching
from portal.core.caching import fragments
from portal.legal.models import DocumentRelation
from portal.news.models import NewsCitedDocument, NewsPage
from portal.procedures.models import LegalBasis
from tests.factories import (
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    run_commit_callbacks,
)

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.fixture
def cached(settings, portal):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    cache.clear()
    category = NewsIndexPageFactory(
        parent=portal.news, title="Cải cách hành chính", slug="cai-cach"
    )
    plan = LegalDocumentPageFactory(
        parent=portal.legal,
        number="146/KH-TN",
        title="Kế hoạch cải cách hành chính năm 2020",
    )
    other = LegalDocumentPageFactory(
        parent=portal.legal, number="12/2019/QĐ-TN", title="Quyết định về phí"
    )
    article = NewsPageFactory(
        parent=category,
        title="Hội nghị triển khai công tác năm 2020",
        sapo="Sáng nay, tỉnh tổ chức hội nghị.",
    )
    run_commit_callbacks()
    yield portal, category, plan, other, article
    cache.clear()


def visit(client, page_or_url):
    url = getattr(page_or_url, "url", page_or_url)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def warm(client, *pages):
    for page in pages:
        visit(client, page)
        assert visit(client, page)["X-Cache"] == "HIT"


def with_cookie() -> Client:
    """A visitor the page cache never serves: pages come from the fragments."""
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    return client


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    run_commit_callbacks()


def publish_citing(category, title: str, slug: str) -> NewsPage:
    """A new news item citing the plan (146/KH-TN), published."""
    citing = NewsPage(
        title=title,
        slug=slug,
        sapo="Các sở triển khai kế hoạch.",
        publication_date=timezone.now(),
        cited_documents=[NewsCitedDocument(number="146/KH-TN", label="Kế hoạch")],
    )
    category.add_child(instance=citing)
    citing.save_revision().publish()
    run_commit_callbacks()
    return citing


def test_publishing_news_leaves_legal_documents_warm(
    client, cached, django_assert_num_queries
):
    portal, category, plan, other, article = cached
    reader = with_cookie()
    warm(client, plan, other, article, category, portal.home)
    visit(reader, plan)

    publish(article, sapo="Chiều nay, tỉnh tổng kết công tác cải cách.")

    # The documents: still cached whole, and their parts too.
    assert visit(client, plan)["X-Cache"] == "HIT"
    assert visit(client, other)["X-Cache"] == "HIT"
    with django_assert_num_queries(0):
        visit(reader, plan)
    # What shows the news item shows the change at once.
    for page in (article, category, portal.home):
        response = visit(client, page)
        assert response["X-Cache"] == "MISS"
        assert "tổng kết công tác cải cách" in response.content.decode(), page


def test_a_new_news_item_shows_at_once_and_documents_stay_warm(client, cached):
    portal, category, plan, other, _article = cached
    warm(client, plan, category, portal.home)

    fresh = NewsPageFactory(
        parent=category, title="Tỉnh công bố chỉ số cải cách hành chính"
    )
    run_commit_callbacks()

    assert visit(client, plan)["X-Cache"] == "HIT"
    for page in (category, portal.home):
        assert fresh.title in visit(client, page).content.decode()
    assert fresh.title in visit(client, f"{category.url}rss/").content.decode()


def test_news_citing_a_document_shows_on_it_and_no_other(client, cached):
    portal, category, plan, other, _article = cached
    warm(client, plan, other)

    citing = publish_citing(
        category, "Triển khai Kế hoạch cải cách hành chính", "trien-khai-ke-hoach"
    )

    response = visit(client, plan)
    assert response["X-Cache"] == "MISS"
    assert citing.title in response.content.decode()
    assert visit(client, other)["X-Cache"] == "HIT"

    # It stops citing it: the document drops it at once.
    citing = NewsPage.objects.get(pk=citing.pk)
    citing.cited_documents = [
        NewsCitedDocument(number="12/2019/QĐ-TN", label="Quyết định")
    ]
    publish(citing)
    assert citing.title not in visit(client, plan).content.decode()
    assert citing.title in visit(client, other).content.decode()


def test_a_document_shows_a_new_relation_and_procedure_at_once(client, cached):
    portal, _category, plan, other, article = cached
    # Drafts first: the factories also make document types and bodies, which are
    # shown everywhere.
    amending = LegalDocumentPageFactory(
        parent=portal.legal,
        live=False,
        number="20/KH-TN",
        title="Kế hoạch sửa đổi kế hoạch cải cách",
        relations=[DocumentRelation(kind="sua_doi_bo_sung", target_number="146/KH-TN")],
    )
    procedure = ProcedurePageFactory(
        parent=portal.procedures,
        live=False,
        title="Thủ tục theo kế hoạch cải cách",
        legal_bases=[LegalBasis(number="146/KH-TN", title="Kế hoạch")],
    )
    run_commit_callbacks()
    warm(client, plan, other, article)

    publish(amending)
    publish(procedure)

    html = visit(client, plan).content.decode()
    assert amending.number in html
    assert procedure.title in html
    assert visit(client, other)["X-Cache"] == "HIT"
    assert visit(client, article)["X-Cache"] == "HIT"


def test_a_documents_change_shows_on_news_citing_it(client, cached):
    portal, category, plan, _other, _article = cached
    citing = publish_citing(category, "Bài viết dẫn kế hoạch", "bai-viet-dan-ke-hoach")
    warm(client, citing)

    publish(plan, issued_date=datetime.date(2019, 12, 24))
    # Neither its title nor its address changed, but the news item shows the
    # document as it is now (its type, its link): it is built again.
    assert visit(client, citing)["X-Cache"] == "MISS"


def test_a_title_change_shows_everywhere(client, cached):
    portal, category, plan, other, article = cached
    warm(client, plan, portal.home)
    publish(category, title="Cải cách hành chính công")
    # Breadcrumbs, menus and lists show titles: every page of the site misses.
    assert visit(client, plan)["X-Cache"] == "MISS"
    assert "Cải cách hành chính công" in visit(client, article).content.decode()


def test_an_unpublished_news_item_leaves_every_list(client, cached):
    portal, category, plan, _other, article = cached
    warm(client, category, portal.home)
    article.unpublish()
    run_commit_callbacks()
    for page in (category, portal.home):
        assert article.title not in visit(client, page).content.decode()
    assert client.get(article.url).status_code == 404


# --- the rules underneath ---------------------------------------------------------


def test_a_part_built_from_a_tag_changed_meanwhile_is_not_kept(rf, db):
    """A tag named while building, whose version was made after the build began,
    may stand for rows the build read before that change committed."""
    request = rf.get("/")
    builds = []

    def build():
        builds.append(1)
        caching.bump_tags(["page:999001"])  # a publish commits meanwhile
        run_commit_callbacks()
        caching.depends_on("page:999001", request=request)
        return "phần"

    caching.cached_value("race", build, request=request, depends=())
    caching.cached_value("race", build, request=rf.get("/"), depends=())
    assert len(builds) == 2

    # Versions tell the millisecond they were made: let the clock pass one.
    time.sleep(0.005)
    later = rf.get("/")

    def steady():
        builds.append(1)
        caching.depends_on("page:999001", request=later)
        return "phần"

    caching.cached_value("steady", steady, request=later, depends=())
    caching.cached_value("steady", steady, request=rf.get("/"), depends=())
    assert len(builds) == 3


def test_a_part_misses_when_a_tag_it_named_changes(rf, db):
    builds = []

    def build():
        builds.append(1)
        return "phần"

    tags = (fragments.page_tag(999002),)
    caching.cached_value("tagged", build, request=rf.get("/"), depends=tags)
    caching.cached_value("tagged", build, request=rf.get("/"), depends=tags)
    assert len(builds) == 1
    caching.bump_tags([fragments.page_tag(999003)])  # another page
    run_commit_callbacks()
    caching.cached_value("tagged", build, request=rf.get("/"), depends=tags)
    assert len(builds) == 1
    caching.bump_tags(tags)
    run_commit_callbacks()
    caching.cached_value("tagged", build, request=rf.get("/"), depends=tags)
    assert len(builds) == 2


def test_a_page_hit_reads_its_tags_with_the_versions(client, cached):
    """The tags a cached page was built from come in the same round trip as the
    versions and the page."""
    from unittest import mock

    from django.core.cache import caches

    _portal, _category, plan, _other, _article = cached
    warm(client, plan)
    backend = caches["default"]
    with mock.patch.object(backend, "get_many", wraps=backend.get_many) as get_many:
        assert visit(client, plan)["X-Cache"] == "HIT"
    assert get_many.call_count == 1
    (keys,) = get_many.call_args.args
    assert any(key.endswith(f"page:{plan.pk}") for key in keys)
    assert any(key.endswith("cites:146-kh-tn") for key in keys)


# --- search results ---------------------------------------------------------------


def test_search_results_follow_the_index(client, cached):
    portal, *_rest = cached
    url = "/tim-kiem/?q=thuy+loi+noi+dong"
    visit(client, url)
    assert visit(client, url)["X-Cache"] == "HIT"

    found = LegalDocumentPageFactory(
        parent=portal.legal, number="77/KH-TN", title="Kế hoạch thủy lợi nội đồng"
    )
    run_commit_callbacks()  # the commit drains the outbox into the engine

    response = visit(client, url)
    assert response["X-Cache"] == "MISS"
    assert found.number in response.content.decode()


def test_results_shown_before_the_engine_refreshes_are_not_kept(client, cached):
    """A near-real-time engine shows a write at its next refresh: until then, the
    results page is shown but not kept."""
    from portal.core.caching import invalidation

    url = "/tim-kiem/?q=ke+hoach"
    invalidation._on_index_changed(None, visible_after=2.0)  # noqa: SLF001
    run_commit_callbacks()
    assert visit(client, url)["X-Cache"] == "MISS"
    assert visit(client, url)["X-Cache"] == "MISS"


def test_a_file_added_to_the_library_leaves_pages_warm(client, cached):
    """An editor uploads the image of the news item they are about to publish: no
    page shows it yet, so none misses; the API's list of images shows it."""
    import wagtail_factories

    portal, _category, plan, _other, article = cached
    warm(client, plan, article, portal.home)
    visit(client, "/api/v2/images/")
    image = wagtail_factories.ImageFactory(title="Ảnh hội nghị cải cách")
    run_commit_callbacks()
    for page in (plan, article, portal.home):
        assert visit(client, page)["X-Cache"] == "HIT"
    assert "Ảnh hội nghị cải cách" in visit(client, "/api/v2/images/").content.decode()

    image.title = "Ảnh hội nghị cải cách hành chính"
    image.save()  # a file pages may show: every page
    run_commit_callbacks()
    assert visit(client, plan)["X-Cache"] == "MISS"


def test_a_cache_outage_while_checking_tags_builds_the_part(rf, db):
    """The shared cache goes down in the middle of a request: a part whose tags
    cannot be checked is built again, not an error page."""
    from unittest import mock

    from django.core.cache import cache as shared

    def build():
        caching.depends_on("page:999004", request=rf.get("/"))
        return "phần"

    caching.cached_value("outage", build, request=rf.get("/"), depends=())
    entry = fragments.VersionedEntry("outage", request=rf.get("/"), depends=())
    with mock.patch.object(shared, "get_many", side_effect=ConnectionError):
        assert entry.get() is None
    assert entry.key is None  # and nothing is stored from this request
