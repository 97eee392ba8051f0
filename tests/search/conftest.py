"""Engines for the contract suite: the database engine on the test database (SQLite,
or PostgreSQL when DATABASE_URL says so), Elasticsearch against osmem-server, and
against a real cluster when ELASTICSEARCH_URL is set."""

import os
import uuid

import pytest
from django.db import connection

from search.engines.database import DatabaseSearchEngine
from search.engines.elasticsearch import ElasticsearchSearchEngine
from tests.search.documents import ALL
from tests.search.osmem_node import OsmemCompatibleNode

ENGINES = ["database", "elasticsearch-osmem"]
if connection.vendor == "postgresql":
    # The same engine matching frequent words from bitmaps (search.engines.terms):
    # here every word of the sample documents has one.
    ENGINES.insert(1, "database-bitmaps")
if os.environ.get("ELASTICSEARCH_URL"):
    ENGINES.append("elasticsearch-cluster")

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


def osmem_engine(url: str, prefix: str = "test") -> ElasticsearchSearchEngine:
    return ElasticsearchSearchEngine(
        "default",
        {
            "URLS": [url],
            "INDEX": prefix,
            "TIMEOUT": 10,
            "OPTIONS": {"node_class": OsmemCompatibleNode},
        },
    )


@pytest.fixture
def engine(request, db):
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
    elif name == "elasticsearch-osmem":
        osmem_server = request.getfixturevalue("osmem_server")
        clone = request.getfixturevalue("osmem_clone")
        announce(
            request.config,
            name,
            f"Elasticsearch engine against osmem-server {osmem_server.version} "
            f"(OpenSearch-compatible, in memory) at {osmem_server.url}",
        )
        instance = osmem_engine(clone.url)
    else:
        url = os.environ["ELASTICSEARCH_URL"]
        instance = ElasticsearchSearchEngine(
            "default", {"URLS": [url], "INDEX": f"test-{uuid.uuid4().hex[:8]}"}
        )
        announce(
            request.config,
            name,
            f"Elasticsearch engine against {url}: {instance.health().detail}",
        )
    instance.clear()
    yield instance
    if name == "elasticsearch-cluster":
        instance.clear()
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


class LegalTestAdapter:
    """A stand-in for the legal app's adapter: facets and their labels."""

    kind = "legal"
    facets = {
        "doc_type": "Loại văn bản",
        "body": "Cơ quan ban hành",
        "field": "Lĩnh vực",
        "year": "Năm",
        "status": "Tình trạng hiệu lực",
        "signer": "Người ký",
    }
    depends_on = ()
    LABELS = {"ke-hoach": "Kế hoạch", "quyet-dinh": "Quyết định", "bao-cao": "Báo cáo"}

    def facet_labels(self, facet, values):
        return {v: self.LABELS.get(v, v) for v in values}

    def key_for(self, obj):
        return f"legal:{obj.pk}"


@pytest.fixture
def search_registry():
    """The registry holding only the test legal adapter during one test."""
    from search import registry

    saved = dict(registry._registry)
    registry._registry.clear()
    registry._registry[type("LegalTestModel", (), {})] = LegalTestAdapter()
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
