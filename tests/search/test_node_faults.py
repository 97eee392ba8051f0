"""Faults on a real search node that these tests start, kill, pause and start again
(tests/search/node.py): what editors publish is never lost, visitors always get an
answer, and a rebuild cut short leaves the live index alone."""

import dataclasses
import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from elasticsearch.dsl import Index, Text

from search import documents, indexing, service
from search.engines import get_engine, reset_engines
from search.engines.base import EngineUnavailable, SearchQuery
from search.engines.elasticsearch import ElasticsearchSearchEngine
from search.models import IndexEntry, OutboxEntry
from tests.search.conftest import elasticsearch_with_database_fallback
from tests.search.documents import ALL
from tests.search.node import OwnNode, missing
from tests.search.test_outbox import publish_section

pytestmark = pytest.mark.skipif(bool(missing()), reason=missing() or "")


@pytest.fixture(scope="module")
def own_node(tmp_path_factory):
    node = OwnNode(tmp_path_factory.mktemp("own-search-node"))
    node.start()
    yield node
    node.stop()


@pytest.fixture
def running(own_node):
    """The module's node, up and answering at the start of each test."""
    if own_node.process is None or own_node.process.poll() is not None:
        own_node.start()
    own_node.resume()
    yield own_node
    own_node.resume()


@pytest.fixture
def node_with_fallback(settings, running):
    with elasticsearch_with_database_fallback(
        settings,
        running.url,
        f"faults-{uuid.uuid4().hex[:8]}",
        # Longer than a visitor's 0.75 s: a node just started answers its first
        # searches slowly while its JVM warms up, the more so on a machine busy
        # with other tests; what these tests check is the fallback, not latency.
        TIMEOUT=5,
        BULK_TIMEOUT=10,
    ):
        yield running


def page_count_on_the_node() -> int:
    engine = get_engine("default")
    engine.refresh()
    return engine.client.count(index=engine.alias_for("page"))["count"]


# On the demo: the rebuild reads the pages from parallel_bulk's threads, each on its
# own connection, and on SQLite those are locked out by a test's uncommitted pages;
# the demo's are committed at the start of the session.
def test_node_killed_while_editors_publish(demo, client, node_with_fallback):
    call_command(
        "search_rebuild", "--backend", "default", "--no-progress", stdout=io.StringIO()
    )
    indexed_before = page_count_on_the_node()
    assert indexed_before == IndexEntry.objects.filter(kind="page").count()

    node_with_fallback.kill()
    OutboxEntry.objects.all().delete()
    pages = [
        publish_section(demo.home, f"Thông báo lịch cắt điện đợt {n}", f"cat-dien-{n}")
        for n in range(1, 8)
    ]
    keys = {f"page:{page.pk}" for page in pages}
    report = indexing.drain(retries=0, retry_delay=0)
    assert report.failed
    # The node missed every update and the outbox kept each of them.
    assert {e.key for e in OutboxEntry.objects.filter(backend="default")} >= keys

    # Visitors still get pages and search, from the database, with the notice.
    assert client.get("/").status_code == 200
    response = client.get("/tim-kiem/", {"q": "lich cat dien", "type": "page"})
    assert response.status_code == 200
    assert "tìm kiếm dự phòng" in response.content.decode()
    assert {h.key for h in response.context["results"].results} == keys
    data = client.get("/api/v1/search/", {"q": "lich cat dien"}).json()
    assert (data["backend"], data["degraded"]) == ("database", True)

    # The node comes back; search_sync delivers every update it missed.
    node_with_fallback.start()
    service.reset_health_memo()
    OutboxEntry.objects.update(available_at=timezone.now())
    call_command("search_sync", stdout=io.StringIO())
    assert not OutboxEntry.objects.filter(backend="default").exists()
    assert page_count_on_the_node() == indexed_before + len(keys)
    found = service.search(SearchQuery(q="lich cat dien", kind="page", page_size=50))
    assert not found.degraded
    assert {h.key for h in found.results} == keys
    data = client.get("/api/v1/search/", {"q": "lich cat dien", "type": "page"}).json()
    assert (data["backend"], data["degraded"]) == ("elasticsearch", False)
    assert data["count"] == len(keys)


def sample_engine(node, prefix) -> ElasticsearchSearchEngine:
    """An engine that waits for the node like the suite's others (conftest's
    engine_on): the first search of a node just started again opens every
    index it recovers, which on a busy machine takes longer than a visitor's
    0.75 s (test_a_hung_node_costs_one_timeout_then_none is about that)."""
    return ElasticsearchSearchEngine(
        "default",
        {
            "URLS": [node.url],
            "INDEX": prefix,
            "TIMEOUT": 10,
            "BULK_TIMEOUT": 10,
            "RETRIES": 0,
        },
    )


def test_node_killed_in_the_middle_of_a_rebuild(running, search_registry):
    prefix = f"rebuild-{uuid.uuid4().hex[:8]}"
    engine = sample_engine(running, prefix)
    engine.rebuild(ALL)
    live = engine.client.indices.get_alias(name=engine.alias_for("legal"))

    many = [
        dataclasses.replace(doc, key=f"{doc.key}-copy{n}")
        for n in range(120)
        for doc in ALL
    ]

    def documents_then_crash():
        for n, document in enumerate(many):
            if n == 700:
                running.kill()
            yield document

    with pytest.raises(EngineUnavailable):
        engine.rebuild(documents_then_crash())

    running.start()
    engine = sample_engine(running, prefix)
    # The alias still names the old index, whole.
    assert engine.client.indices.get_alias(name=engine.alias_for("legal")) == live
    found = engine.search(SearchQuery(q="ke hoach cai cach", page_size=50))
    assert found.count
    assert not any("-copy" in hit.key for hit in found.results)

    # The next rebuild succeeds and leaves one index per kind: the unfinished
    # one, which could not be deleted while the node was down, goes too.
    assert engine.rebuild(ALL) == len(ALL)
    left = engine.client.indices.get(index=f"{prefix}-*")
    assert len(left) == len(search_registry.kind_names())
    engine.clear()


def test_a_mapping_the_node_refuses_fails_the_rebuild_clearly(
    db, settings, monkeypatch, running
):
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [running.url],
            "INDEX": f"refused-{uuid.uuid4().hex[:8]}",
        }
    }
    reset_engines()

    class Refused(documents.PortalDocument):
        title = Text(analyzer="no_such_analyzer")

    def refused(name, **kwargs):
        index = Index(name)
        index.document(Refused)
        return index

    monkeypatch.setattr("search.engines.elasticsearch.build_index", refused)
    try:
        with pytest.raises(CommandError, match="no_such_analyzer"):
            call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    finally:
        reset_engines()


def test_a_hung_node_costs_one_timeout_then_none(db, node_with_fallback):
    engine = get_engine("default")
    engine.rebuild(ALL)
    assert not service.search(SearchQuery(q="ke hoach")).degraded

    node_with_fallback.pause()
    found = service.search(SearchQuery(q="ke hoach cai cach"))
    assert found.degraded and found.engine == "fallback"

    # Another worker process knows at once, from the shared cache: it does not
    # send its visitors' searches to the hung node.
    service._primary_down_until.clear()
    asked = []
    original = engine._search
    engine._search = lambda body: asked.append(body) or original(body)
    assert service.search(SearchQuery(q="ke hoach")).degraded
    assert asked == []
    engine._search = original

    node_with_fallback.resume()
    service.reset_health_memo()
    assert not service.search(SearchQuery(q="ke hoach")).degraded
    engine.clear()
