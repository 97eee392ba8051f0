"""HTTP nodes that let the official Elasticsearch client talk to OpenSearch too.

The 8.x client sends `application/vnd.elasticsearch+json; compatible-with=8`,
which OpenSearch refuses (406), and it refuses any answer without the header
`X-Elastic-Product: Elasticsearch`, which OpenSearch never sends. The two REST
APIs the engine uses (index and alias management, bulk, search with aggregations
and highlights, count) are otherwise the same, so rewriting those two things lets
one engine, one client and one DSL serve both.

- `ElasticsearchNode`: the client's own node, unchanged (Elasticsearch 8 and 9).
- `OpenSearchNode`: plain JSON media types out, the product header in.
- `DetectingNode` (the default): asks the server `GET /` once, on its first
  request, and then behaves as one of the two. No request is made before the
  engine is used, so a portal starts while its cluster is down.

Pick one with the engine's DISTRIBUTION parameter ("auto", "elasticsearch",
"opensearch"; ELASTICSEARCH_DISTRIBUTION in the portal's settings).
"""

from __future__ import annotations

import json

from elastic_transport import HttpHeaders, Urllib3HttpNode

#: What GET / says in version.distribution; Elasticsearch says nothing there.
OPENSEARCH = "opensearch"
ELASTICSEARCH = "elasticsearch"
AUTO = "auto"
DISTRIBUTIONS = (AUTO, ELASTICSEARCH, OPENSEARCH)

_MEDIA_TYPE_HEADERS = ("accept", "content-type")
_PRODUCT_HEADER = "X-Elastic-Product"


def plain_media_type(value: str) -> str:
    """`application/vnd.elasticsearch+x-ndjson; compatible-with=8` as the
    `application/x-ndjson` OpenSearch understands."""
    return value.split(";", 1)[0].strip().replace("vnd.elasticsearch+", "")


def distribution_of(info: dict) -> str:
    """The distribution named by a cluster's answer to GET /."""
    version = info.get("version") or {}
    if version.get("distribution") == OPENSEARCH:
        return OPENSEARCH
    return ELASTICSEARCH


class ElasticsearchNode(Urllib3HttpNode):
    """The official client's node as it is."""


class OpenSearchNode(Urllib3HttpNode):
    """Rewrites what the Elasticsearch client says and expects for OpenSearch."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = HttpHeaders(headers)
            for name in list(headers):
                if name.lower() in _MEDIA_TYPE_HEADERS:
                    headers[name] = plain_media_type(headers[name])
        response = super().perform_request(
            method, target, body=body, headers=headers, **kwargs
        )
        if _PRODUCT_HEADER not in response.meta.headers:
            response.meta.headers[_PRODUCT_HEADER] = "Elasticsearch"
        return response


class DetectingNode(OpenSearchNode):
    """Behaves as `ElasticsearchNode` or `OpenSearchNode`, as the server's
    answer to GET / says, asked once on the node's first request (again after a
    failed attempt: a server that was down may be either when it comes back)."""

    def __init__(self, config):
        super().__init__(config)
        #: Set by the first answer to go by. Threads starting at once may each
        #: ask (harmless); none waits for another's question, which a hung
        #: server would make as long as every timeout in the queue.
        self.distribution: str | None = None

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        distribution = self.distribution or self._detect(headers, kwargs)
        if distribution == OPENSEARCH:
            return super().perform_request(
                method, target, body=body, headers=headers, **kwargs
            )
        return Urllib3HttpNode.perform_request(
            self, method, target, body=body, headers=headers, **kwargs
        )

    def _detect(self, headers, kwargs) -> str:
        # The request's own headers (credentials among them), asking for plain
        # JSON, which both understand. A connection error propagates as the
        # request's own would.
        probe = HttpHeaders(headers or {})
        for name in list(probe):
            if name.lower() in _MEDIA_TYPE_HEADERS:
                del probe[name]
        probe["accept"] = "application/json"
        response = Urllib3HttpNode.perform_request(
            self, "GET", "/", headers=probe, **kwargs
        )
        if not 200 <= response.meta.status < 300:
            # No answer to go by (an authentication failure, a proxy's error
            # page): the official path reports it; ask again next time.
            return ELASTICSEARCH
        try:
            info = json.loads(response.body)
        except ValueError:
            info = None
        self.distribution = distribution_of(info if isinstance(info, dict) else {})
        return self.distribution


NODE_CLASSES = {
    AUTO: DetectingNode,
    ELASTICSEARCH: ElasticsearchNode,
    OPENSEARCH: OpenSearchNode,
}


def node_class_for(distribution: str) -> type[Urllib3HttpNode]:
    try:
        return NODE_CLASSES[(distribution or AUTO).lower()]
    except KeyError:
        raise ValueError(
            f"Unknown search distribution {distribution!r}: "
            f"one of {', '.join(DISTRIBUTIONS)}"
        ) from None
