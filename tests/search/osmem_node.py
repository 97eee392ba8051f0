"""Test-only transport node for osmem-server.

The official client sends `application/vnd.elasticsearch+json; compatible-with=8`,
which osmem-server (an OpenSearch-compatible test server) refuses with 406. This node
rewrites those media types to plain `application/json`; nothing else changes, so the
client, its DSL and the bulk helpers run exactly as in production.
"""

from elastic_transport import Urllib3HttpNode

_REWRITTEN = ("accept", "content-type")


def _plain(value: str) -> str:
    media_type = value.split(";", 1)[0].strip()
    return media_type.replace("vnd.elasticsearch+", "")


class OsmemCompatibleNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in list(headers):
                if name.lower() in _REWRITTEN:
                    headers[name] = _plain(headers[name])
        return super().perform_request(
            method, target, body=body, headers=headers, **kwargs
        )
