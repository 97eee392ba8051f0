"""Nothing lost: index updates go through the outbox in the content's transaction,
and an engine that stops mid-way loses none of them."""

import socket

import pytest
from django.utils import timezone
from elasticsearch import Elasticsearch

from portal.core.models import SectionPage
from search import addresses, indexing, service
from search.engines import get_engine, reset_engines
from search.engines.base import SearchQuery
from search.models import IndexEntry, OutboxEntry
from tests.search.conftest import elasticsearch_with_database_fallback

pytestmark = pytest.mark.usefixtures("shared_portal")


def publish_section(parent, title, slug, body_text="") -> SectionPage:
    page = SectionPage(title=title, slug=slug, intro=body_text)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def database_only(settings):
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.engines.database"}
    }
    service.reset_health_memo()
    yield
    reset_engines()


def test_publish_queues_in_the_same_transaction(portal, home, database_only):
    from tests.factories import NewsPageFactory

    news = NewsPageFactory(
        parent=portal.news, title="Thông báo lịch tiếp công dân tháng 12"
    )
    indexing.drain()
    OutboxEntry.objects.all().delete()
    page = publish_section(home, "Lịch tiếp công dân tháng 12", "lich-tiep-cong-dan")
    queued = OutboxEntry.objects.filter(key=f"page:{page.pk}")
    assert queued.exists()
    assert {e.action for e in queued} == {OutboxEntry.INDEX}

    report = indexing.drain()
    assert report.indexed == 1
    assert not OutboxEntry.objects.exists()
    # A news item mentions "lịch tiếp công dân" too: among pages only the new one
    # matches, and site-wide it is the only page among the matches.
    found = service.search(SearchQuery(q="lich tiep cong dan", kind="page"))
    assert [hit.url for hit in found.results] == [page.url]
    everywhere = service.search(SearchQuery(q="lich tiep cong dan", page_size=50))
    assert [(h.kind, h.url) for h in everywhere.results if h.kind == "page"] == [
        ("page", page.url)
    ]
    assert ("news", news.url) in [(h.kind, h.url) for h in everywhere.results]


def test_unpublish_move_and_delete_reach_the_index(home, database_only):
    page = publish_section(home, "Quy chế làm việc của Ủy ban", "quy-che-lam-viec")
    other = publish_section(home, "Văn phòng Ủy ban", "van-phong")
    indexing.drain()
    assert IndexEntry.objects.filter(key=f"page:{page.pk}").exists()

    page.move(other, pos="last-child")
    indexing.drain()
    entry = IndexEntry.objects.get(key=f"page:{page.pk}")
    # Stored with its site, not a hostname (search.addresses); served as page.url.
    assert entry.url.startswith(addresses.PREFIX)
    assert addresses.resolve(entry.url) == "/van-phong/quy-che-lam-viec/"

    page.refresh_from_db()
    page.unpublish()
    indexing.drain()
    assert not IndexEntry.objects.filter(key=f"page:{page.pk}").exists()

    other.delete()
    indexing.drain()
    assert not IndexEntry.objects.filter(key=f"page:{other.pk}").exists()
    assert not OutboxEntry.objects.exists()


def test_a_moved_section_is_queued_in_one_insert_however_large(home, database_only):
    """Moving a section queues the pages under it in one insert, however many
    they are (the section's own save queues it as any save does), and they
    reach the index at their new address."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def move_a_section(pages: int) -> int:
        section = publish_section(home, "Phòng Tổ chức", f"phong-to-chuc-{pages}")
        children = [
            publish_section(section, f"Thông báo tuyển dụng {n}", f"tuyen-dung-{n}")
            for n in range(pages)
        ]
        other = publish_section(home, "Văn phòng Ủy ban", f"van-phong-{pages}")
        indexing.drain()
        with CaptureQueriesContext(connection) as queries:
            section.move(other, pos="last-child")
        indexing.drain()
        for page in [section, *children]:
            entry = IndexEntry.objects.get(key=f"page:{page.pk}")
            assert addresses.resolve(entry.url).startswith(
                f"/van-phong-{pages}/phong-to-chuc-{pages}/"
            )
        assert not OutboxEntry.objects.exists()
        return sum('INTO "search_outbox"' in q["sql"] for q in queries)

    assert move_a_section(5) == move_a_section(1)


def test_private_pages_are_not_indexed(home, database_only):
    from wagtail.models import PageViewRestriction

    page = publish_section(home, "Tài liệu nội bộ phòng họp", "noi-bo")
    indexing.drain()
    assert IndexEntry.objects.filter(key=f"page:{page.pk}").exists()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    indexing.drain()
    assert not IndexEntry.objects.filter(key=f"page:{page.pk}").exists()


def test_sync_after_commit_indexes_at_once(
    home, database_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = publish_section(home, "Đường dây nóng phản ánh", "duong-day-nong")
    assert IndexEntry.objects.filter(key=f"page:{page.pk}").exists()
    assert not OutboxEntry.objects.filter(key=f"page:{page.pk}").exists()


@pytest.fixture
def elasticsearch_with_fallback(settings, search_server):
    with elasticsearch_with_database_fallback(
        settings, search_server.url, f"{search_server.prefix}-outbox", TIMEOUT=2
    ):
        yield search_server


def test_engine_stopped_mid_way_loses_nothing(home, elasticsearch_with_fallback):
    OutboxEntry.objects.all().delete()
    pages = [
        publish_section(home, f"Thông báo kết luận số {n} của Chủ tịch", f"tb-{n}")
        for n in range(1, 6)
    ]
    keys = {f"page:{p.pk}" for p in pages}
    assert OutboxEntry.objects.filter(backend="default", key__in=keys).count() >= 5
    assert OutboxEntry.objects.filter(backend="fallback", key__in=keys).count() >= 5

    engine = get_engine("default")
    working_client = engine.client
    sent = []
    original = engine.index_bulk

    def index_then_stop(documents):
        stored = original(documents)
        sent.extend(d.key for d in documents)
        # The cluster goes away after the first batch.
        engine.client = Elasticsearch(
            closed_port_url(),
            request_timeout=1,
            max_retries=0,
        )
        return stored

    engine.index_bulk = index_then_stop
    report = indexing.drain(batch_size=2, retries=1, retry_delay=0)
    assert report.failed > 0
    assert sent
    assert set(sent) < keys
    waiting = OutboxEntry.objects.filter(backend="default")
    # Every update not accepted yet is still queued (an update of a document sent
    # in the first batch may be too: it is sent again, harmlessly).
    assert {e.key for e in waiting} >= keys - set(sent)
    # The refused batch waits for its backoff; the rest was not even tried.
    refused = [e for e in waiting if e.attempts]
    assert refused
    assert all(e.attempts == 1 and e.last_error for e in refused)
    assert all(e.available_at > timezone.now() for e in refused)
    # The fallback engine is up to date.
    assert not OutboxEntry.objects.filter(backend="fallback").exists()

    # Meanwhile public search answers from the fallback, and says so.
    found = service.search(SearchQuery(q="thong bao ket luan chu tich", page_size=50))
    assert found.degraded
    assert found.engine == "fallback"
    assert {h.key for h in found.results} >= keys

    # The cluster is back; once the backoff has passed, the rest goes through.
    engine.client = working_client
    engine.index_bulk = original
    service.reset_health_memo()
    OutboxEntry.objects.update(available_at=timezone.now())
    report = indexing.drain()
    assert report.failed == 0
    assert not OutboxEntry.objects.exists()
    engine.refresh()
    found = service.search(SearchQuery(q="thong bao ket luan chu tich", page_size=50))
    assert not found.degraded
    assert found.engine == "default"
    assert {h.key for h in found.results} == keys


def test_search_survives_an_unreachable_engine(client, settings, db, search_registry):
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [closed_port_url()],
            "TIMEOUT": 1,
            "RETRIES": 0,
        },
        "fallback": {"BACKEND": "search.engines.database"},
    }
    service.reset_health_memo()
    try:
        response = client.get("/tim-kiem/", {"q": "ke hoach"})
        assert response.status_code == 200
        assert "tìm kiếm dự phòng" in response.content.decode()
        data = client.get("/api/v1/search/", {"q": "ke hoach"}).json()
        assert data["degraded"] is True
        assert data["engine"] == "fallback"
        assert data["backend"] == "database"

        # Without a fallback: an empty answer with the notice, still no 500.
        settings.PORTAL_SEARCH_BACKENDS = {
            "default": settings.PORTAL_SEARCH_BACKENDS["default"]
        }
        service.reset_health_memo()
        response = client.get("/tim-kiem/", {"q": "ke hoach"})
        assert response.status_code == 200
        assert response.context["results"].degraded
        assert client.get("/api/v1/search/suggest/", {"q": "ke"}).status_code == 200
    finally:
        service.reset_health_memo()
        reset_engines()


def test_taxonomy_change_reindexes_dependants(home, database_only):
    """A renamed snippet (here a Group stands for a taxonomy) re-queues the
    documents whose facets it changes, through adapter.depends_on."""
    from django.contrib.auth.models import Group

    from portal.core.search_adapters import SectionPageAdapter
    from search import registry

    page = publish_section(home, "Sổ tay thủ tục", "so-tay")

    class DependentAdapter(SectionPageAdapter):
        depends_on = (Group,)

        def dependants(self, changed):
            return [page]

    saved = dict(registry._registry)
    registry._registry[SectionPage] = DependentAdapter()
    try:
        indexing.drain()
        group = Group.objects.create(name="Lĩnh vực đất đai")
        assert OutboxEntry.objects.filter(key=f"page:{page.pk}").exists()
        indexing.drain()
        group.delete()
        assert OutboxEntry.objects.filter(
            key=f"page:{page.pk}", action=OutboxEntry.INDEX
        ).exists()
    finally:
        registry._registry.clear()
        registry._registry.update(saved)


def test_legal_reindex_request_queues_the_documents(portal, home, database_only):
    """legal_refresh_status sends reindex_requested when dates pass; the pages go
    through the outbox like any edit, and reach the index."""
    from portal.legal.status_refresh import requeue_for_search
    from tests.factories import LegalDocumentPageFactory

    pages = [LegalDocumentPageFactory(parent=portal.legal) for _n in range(3)]
    indexing.drain()
    assert (
        IndexEntry.objects.filter(key__in=[f"legal:{p.pk}" for p in pages]).count() == 3
    )
    OutboxEntry.objects.all().delete()
    IndexEntry.objects.filter(key__in=[f"legal:{p.pk}" for p in pages]).delete()
    assert requeue_for_search(pages) == 3
    queued = {e.key for e in OutboxEntry.objects.filter(action=OutboxEntry.INDEX)}
    assert queued == {f"legal:{p.pk}" for p in pages}
    indexing.drain()
    assert IndexEntry.objects.filter(key__in=queued).count() == 3


def test_updates_wait_while_the_engine_is_rebuilt(home, database_only, monkeypatch):
    """A rebuild reads a page, the page changes, search_sync runs, then the
    rebuild replaces the index: the change must still reach the new index."""
    page = publish_section(home, "Lịch tiếp công dân quý một", "lich-tiep")
    indexing.drain()
    read_everything = indexing.all_documents
    during = []

    def documents_then_a_change():
        documents = list(read_everything())  # the page as it was
        page.title = "Lịch tiếp công dân quý hai"
        page.save_revision().publish()
        during.append(indexing.drain())
        during.append(OutboxEntry.objects.filter(key=f"page:{page.pk}").count())
        yield from documents

    monkeypatch.setattr(indexing, "all_documents", documents_then_a_change)
    indexing.rebuild("default")
    assert during[0].held == ["default"] and during[0].processed == 0
    assert during[1] >= 1

    # The update outlived the rebuild and was sent to the new index at its end.
    assert not indexing.rebuilding("default")
    assert not OutboxEntry.objects.filter(key=f"page:{page.pk}").exists()
    assert IndexEntry.objects.get(key=f"page:{page.pk}").title.endswith("quý hai")


def test_a_rebuild_that_died_does_not_hold_updates_for_ever(home, database_only):
    from search.models import IndexRebuild

    IndexRebuild.objects.create(
        backend="default", started_at=timezone.now() - indexing.REBUILD_LIMIT * 2
    )
    page = publish_section(home, "Thông báo tuyển dụng", "tuyen-dung")
    report = indexing.drain()
    assert report.held == [] and report.indexed == 1
    assert IndexEntry.objects.filter(key=f"page:{page.pk}").exists()


def test_a_document_queued_by_many_batches_is_sent_once(home, database_only):
    """A bulk import queues a related document once per batch naming it: the
    drain sends it once and clears every row that only asked for that."""
    pages = [publish_section(home, f"Trang số {n}", f"trang-so-{n}") for n in range(3)]
    indexing.drain()
    OutboxEntry.objects.all().delete()
    first, second, third = pages
    for page in (first, second, first, third, first):
        indexing.enqueue_bulk([page])
    engine = get_engine("default")
    sent = []
    original = engine.index_bulk
    engine.index_bulk = lambda documents: (
        sent.extend(d.key for d in documents),
        original(documents),
    )
    try:
        report = indexing.drain(batch_size=2)
    finally:
        engine.index_bulk = original
    assert sorted(sent) == sorted(f"page:{page.pk}" for page in pages)
    assert report.indexed == 3
    assert not OutboxEntry.objects.exists()


def test_a_removal_queued_later_is_still_sent(home, database_only):
    page = publish_section(home, "Trang sẽ gỡ", "trang-se-go")
    other = publish_section(home, "Trang ở lại", "trang-o-lai")
    indexing.drain()
    OutboxEntry.objects.all().delete()
    indexing.enqueue_bulk([page, other])
    page.unpublish()  # queues the removal after the index row
    indexing.enqueue_bulk([other])
    indexing.drain(batch_size=2)
    assert not IndexEntry.objects.filter(key=f"page:{page.pk}").exists()
    assert IndexEntry.objects.filter(key=f"page:{other.pk}").exists()
    assert not OutboxEntry.objects.exists()


def test_an_index_row_after_a_later_removal_is_kept(home, database_only):
    """Index, remove, index again (a key whose object came back: an id a
    database gave again): the last index row must not go with the first
    batch, or the removal sent after it would leave a live page out."""
    page = publish_section(home, "Trang gỡ rồi đăng lại", "trang-dang-lai")
    other = publish_section(home, "Trang bên cạnh", "trang-ben-canh")
    indexing.drain()
    OutboxEntry.objects.all().delete()
    indexing.enqueue_bulk([page, other])
    indexing.enqueue_key(
        f"page:{page.pk}",
        OutboxEntry.DELETE,
        model="core.sectionpage",
        object_id=str(page.pk),
    )
    indexing.enqueue_bulk([page])
    indexing.drain(batch_size=2)
    assert IndexEntry.objects.filter(key=f"page:{page.pk}").exists()
    assert not OutboxEntry.objects.exists()
