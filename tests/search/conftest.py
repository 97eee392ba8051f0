"""Engines for the contract suite: the database engine on the test database (SQLite,
or PostgreSQL when DATABASE_URL says so), and the Elasticsearch engine against
osmem-server (in memory, no Java) and against the real search node named by
PORTAL_TEST_SEARCH_NODE (`make search-node`; .ci/run starts one).

The suite's own variable, not ELASTICSEARCH_URL: that one makes the node the
portal's main engine, and every write-then-read test would wait for its refresh.
"""

import contextlib
import os
import uuid
from types import SimpleNamespace

import pytest
from django.db import connection

from search import indexing, service
from search.engines import get_engine, reset_engines
from search.engines.base import SITE_FACET
from search.engines.database import DatabaseSearchEngine
from search.engines.elasticsearch import ElasticsearchSearchEngine
from tests.search.documents import ALL, sample_adapters

#: The real node's URL, e.g. http://127.0.0.1:9200.
SEARCH_NODE = os.environ.get("PORTAL_TEST_SEARCH_NODE", "")
#: The servers the Elasticsearch engine's tests run against.
SEARCH_SERVERS = ["osmem", "node"] if SEARCH_NODE else ["osmem"]

ENGINES = ["database", *(f"elasticsearch-{server}" for server in SEARCH_SERVERS)]
if connection.vendor == "postgresql":
    # The same engine matching frequent words from bitmaps (search.engines.database.terms):
    # here every word of the sample documents has one.
    ENGINES.insert(1, "database-bitmaps")

_announced: set[str] = set()


def announce(config, key: str, line: str) -> None:
    """Name the server a group of tests runs against, once, in the test report."""
    if key in _announced:
        return
    _announced.add(key)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter and capture:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n[search] {line}")


def _open_server(request, name: str) -> SimpleNamespace:
    """An OpenSearch-compatible server for the Elasticsearch engine, with an
    index prefix of the test's own: osmem-server (a clone per test), or the real
    node, whose indices under that prefix are deleted after the test."""
    if name == "osmem":
        osmem_server = request.getfixturevalue("osmem_server")
        clone = request.getfixturevalue("osmem_clone")
        announce(
            request.config,
            "osmem",
            f"Elasticsearch engine against osmem-server {osmem_server.version} "
            f"(OpenSearch-compatible, in memory) at {osmem_server.url}",
        )
        return SimpleNamespace(name="osmem", url=clone.url, prefix="test")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    probe = ElasticsearchSearchEngine("default", {"URLS": [SEARCH_NODE]})
    announce(
        request.config,
        "node",
        f"Elasticsearch engine against the search node at {SEARCH_NODE}: "
        f"{probe.health().detail}",
    )
    request.node.user_properties.append(("search_node", SEARCH_NODE))

    def delete_indices():
        probe.client.indices.delete(
            index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True
        )
        probe.close()

    request.addfinalizer(delete_indices)
    return SimpleNamespace(name="node", url=SEARCH_NODE, prefix=prefix)


@pytest.fixture(params=SEARCH_SERVERS)
def search_server(request):
    """See _open_server: each test that takes it runs once per server."""
    return _open_server(request, request.param)


@contextlib.contextmanager
def elasticsearch_with_database_fallback(settings, url: str, index: str, **params):
    """The portal's engines as a deployment with a cluster has them: the
    Elasticsearch engine at `url`, the database engine as the fallback."""
    from search import service
    from search.engines import reset_engines

    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [url],
            "INDEX": index,
            "RETRIES": 0,
            **params,
        },
        "fallback": {"BACKEND": "search.engines.database"},
    }
    reset_engines()
    service.reset_health_memo()
    try:
        yield
    finally:
        service.reset_health_memo()
        reset_engines()


def install_earlier_index(engine, kind: str, earlier) -> None:
    """Put under `kind`'s alias an index whose mapping `earlier(mappings)`
    turns into what an earlier version of search/documents.py built."""
    from search.documents import build_index

    alias = engine.alias_for(kind)
    index = build_index(f"{alias}-1").to_dict()
    engine.client.indices.create(
        index=f"{alias}-1",
        settings=index["settings"],
        mappings=earlier(index["mappings"]),
    )
    engine.client.indices.put_alias(index=f"{alias}-1", name=alias)
    engine._known_aliases.add(alias)


def engine_on(server, **params) -> ElasticsearchSearchEngine:
    return ElasticsearchSearchEngine(
        "default",
        {"URLS": [server.url], "INDEX": server.prefix, "TIMEOUT": 10, **params},
    )


@pytest.fixture
def engine(request, db, search_registry):
    name = request.param
    if name in ("database", "database-bitmaps"):
        if connection.vendor == "sqlite":
            version = connection.Database.sqlite_version
        else:
            version = f"{connection.pg_version // 10000}.{connection.pg_version % 100}"
        announce(
            request.config,
            f"database-{connection.vendor}",
            f"database engine on {connection.vendor} {version}",
        )
        params = {"FREQUENT_TERMS": 1} if name == "database-bitmaps" else {}
        instance = DatabaseSearchEngine("default", params)
    else:
        instance = engine_on(_open_server(request, name.removeprefix("elasticsearch-")))
    instance.clear()
    yield instance
    instance.close()


@pytest.fixture
def filled(engine):
    engine.index_bulk(ALL)
    engine.refresh()
    if getattr(engine, "keeps_terms", False):
        engine.refresh_terms()
    return engine


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def search_registry():
    """The registry holding only the sample documents' kinds during one test:
    what the search shows comes from these, not from the portal's apps."""
    from search import registry

    saved = dict(registry._registry)
    registry._registry.clear()
    for adapter in sample_adapters():
        registry.register(type(f"{adapter.kind.name}Model", (), {}), adapter)
    yield registry
    registry._registry.clear()
    registry._registry.update(saved)


@pytest.fixture
def indexed(db, search_registry):
    """The default (database) engine holding the sample documents only."""
    from search.engines import get_engine
    from search.service import reset_health_memo

    reset_health_memo()
    engine = get_engine("default")
    engine.clear()
    engine.index_bulk(ALL)
    return engine


@pytest.fixture
def home(portal):
    """The home page of the test's own portal, whose pages are indexed already:
    the outbox then holds only what the test changes."""
    from search import indexing

    indexing.drain()
    return portal.home


# The portal's search on every engine (tests/search/test_sites.py and
# test_member_portals.py) ------------------------------------------------------


@pytest.fixture(params=["database", *(f"elasticsearch-{s}" for s in SEARCH_SERVERS)])
def portal_engine(request, settings, home):
    """The portal's search on one engine (with the database as the fallback
    beside a cluster), holding what the test publishes after this."""
    if request.param == "database":
        settings.PORTAL_SEARCH_BACKENDS = {
            "default": {"BACKEND": "search.engines.database"}
        }
        reset_engines()
        service.reset_health_memo()
        yield request.param
        reset_engines()
        return
    server = _open_server(request, request.param.removeprefix("elasticsearch-"))
    with elasticsearch_with_database_fallback(
        settings, server.url, f"{server.prefix}-sites"
    ):
        yield request.param


def reindex():
    indexing.drain()
    for alias in ("default", "fallback"):
        if alias in service.aliases():
            get_engine(alias).refresh()


def titles(response) -> list[str]:
    return sorted(hit.title for hit in response.context["results"].results)


def site_facet(facets) -> dict[str, tuple[str, int]]:
    found = {f["name"]: f for f in facets}.get(SITE_FACET)
    if not found:
        return {}
    return {i["value"]: (i["label"], i["count"]) for i in found["items"]}
