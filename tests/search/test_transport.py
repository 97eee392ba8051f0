"""One client for Elasticsearch and OpenSearch: the nodes of search.engines.transport
against small HTTP servers that answer as each product does."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import AuthenticationException, Elasticsearch

from search.engines.elasticsearch import ElasticsearchSearchEngine
from search.engines.transport import (
    DetectingNode,
    ElasticsearchNode,
    OpenSearchNode,
    node_class_for,
    plain_media_type,
)

ROOT = {
    "elasticsearch": {"version": {"number": "8.19.3", "build_flavor": "default"}},
    "opensearch": {"version": {"number": "2.19.4", "distribution": "opensearch"}},
}


EMPTY_SEARCH = {"hits": {"total": {"value": 0}, "hits": []}}


class Product(ThreadingHTTPServer):
    """Answers GET / and GET /_count as `product` does, and keeps the media types
    and credentials it was sent. OpenSearch refuses Elasticsearch's own media
    types with 406, as a real node does."""

    def __init__(self, product: str, password: str = "", search_delay: float = 0):
        self.product = product
        self.password = password
        self.search_delay = search_delay
        self.requests: list[tuple[str, str, str]] = []
        super().__init__(("127.0.0.1", 0), ProductHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ProductHandler(BaseHTTPRequestHandler):
    server: Product

    def log_message(self, *args):
        pass

    def do_GET(self):
        accept = self.headers.get("accept", "")
        self.server.requests.append(
            (self.path, accept, self.headers.get("authorization", ""))
        )
        if length := int(self.headers.get("content-length") or 0):
            self.rfile.read(length)
        if self.server.password and self.server.password not in self.headers.get(
            "authorization", ""
        ):
            return self.answer(401, {"error": "security_exception"})
        if self.server.product == "opensearch" and "vnd.elasticsearch" in accept:
            return self.answer(406, {"error": "Content-Type header is not supported"})
        if self.path == "/":
            return self.answer(200, ROOT[self.server.product])
        if "_search" in self.path:
            time.sleep(self.server.search_delay)
            return self.answer(200, EMPTY_SEARCH)
        if "_mapping" in self.path:
            return self.answer(200, {})  # no index here
        return self.answer(200, {"count": 7})

    do_POST = do_GET

    def do_HEAD(self):
        # Index and alias existence: none here.
        self.send_response(404)
        self.send_header("Content-Length", "0")
        if self.server.product == "elasticsearch":
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.end_headers()

    def answer(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.server.product == "elasticsearch":
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def servers():
    started = []

    def start(product, **kwargs):
        server = Product(product, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def client(url, node_class=DetectingNode, **kwargs):
    return Elasticsearch(url, node_class=node_class, max_retries=0, **kwargs)


def test_plain_media_types():
    assert (
        plain_media_type("application/vnd.elasticsearch+json; compatible-with=8")
        == "application/json"
    )
    assert (
        plain_media_type("application/vnd.elasticsearch+x-ndjson; compatible-with=8")
        == "application/x-ndjson"
    )
    assert plain_media_type("application/json") == "application/json"


def test_the_official_client_alone_cannot_talk_to_opensearch(servers):
    opensearch = servers("opensearch")
    with pytest.raises(Exception, match="406|not supported|unknown product"):
        client(opensearch.url, node_class=ElasticsearchNode).count(index="x")


def test_detected_opensearch_gets_plain_json(servers):
    opensearch = servers("opensearch")
    es = client(opensearch.url)
    assert es.count(index="x")["count"] == 7
    assert es.count(index="x")["count"] == 7
    paths = [path for path, _accept, _auth in opensearch.requests]
    # Asked once, then every request in OpenSearch's terms.
    assert paths.count("/") == 1
    assert all(
        "vnd.elasticsearch" not in accept for _p, accept, _a in opensearch.requests
    )


def test_detected_elasticsearch_keeps_the_official_path(servers):
    elasticsearch = servers("elasticsearch")
    es = client(elasticsearch.url)
    assert es.count(index="x")["count"] == 7
    count_requests = [r for r in elasticsearch.requests if r[0] != "/"]
    assert count_requests
    assert all("compatible-with=8" in accept for _p, accept, _a in count_requests)


def test_detection_carries_the_credentials_and_retries_after_a_refusal(servers):
    opensearch = servers("opensearch", password="")
    opensearch.password = "c2VjcmV0"  # base64 of "secret", as basic auth sends it
    with pytest.raises(AuthenticationException):
        client(opensearch.url, basic_auth=("admin", "wrong")).count(index="x")
    es = client(opensearch.url, basic_auth=("admin", "secret"))
    assert es.count(index="x")["count"] == 7
    probes = [auth for path, _accept, auth in opensearch.requests if path == "/"]
    assert probes[-1].startswith("Basic ")


def test_a_distribution_can_be_forced(servers):
    assert node_class_for("opensearch") is OpenSearchNode
    assert node_class_for("elasticsearch") is ElasticsearchNode
    assert node_class_for("") is DetectingNode
    with pytest.raises(ValueError, match="solr"):
        node_class_for("solr")
    opensearch = servers("opensearch")
    assert client(opensearch.url, node_class=OpenSearchNode).count()["count"] == 7
    assert not any(path == "/" for path, _a, _b in opensearch.requests)


def test_the_engine_reports_the_distribution_it_talks_to(servers):
    engine = ElasticsearchSearchEngine(
        "default", {"URLS": [servers("opensearch").url], "TIMEOUT": 2}
    )
    health = engine.health()
    assert health.ok
    assert health.detail == "opensearch 2.19.4"
    forced = ElasticsearchSearchEngine(
        "default",
        {"URLS": [servers("opensearch").url], "DISTRIBUTION": "elasticsearch"},
    )
    assert not forced.health().ok


def test_a_busy_node_is_not_taken_for_a_hung_one(
    servers, settings, db, search_registry
):
    """A search that takes longer than TIMEOUT on a node that still answers: the
    fallback answers that search, and the next one goes to the node again."""
    from search import service
    from search.engines import reset_engines
    from search.engines.base import SearchQuery

    busy = servers("opensearch", search_delay=1.5)
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [busy.url],
            "TIMEOUT": 0.5,
        },
        "fallback": {"BACKEND": "search.engines.database"},
    }
    reset_engines()
    service.reset_health_memo()
    try:
        found = service.search(SearchQuery(q="ke hoach"))
        assert found.degraded and found.engine == "fallback"
        assert not service.primary_is_resting()
        searches = [path for path, _a, _b in busy.requests if "_search" in path]
        assert len(searches) == 1  # never retried: the visitor waits once
        busy.search_delay = 0
        found = service.search(SearchQuery(q="ke hoach"))
        assert not found.degraded and found.engine == "default"
    finally:
        service.reset_health_memo()
        reset_engines()
