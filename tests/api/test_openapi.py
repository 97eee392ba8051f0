"""The OpenAPI document of the search API, and schemathesis against it.

schemathesis generates requests from the document (valid and edge-case parameters,
Vietnamese text, long strings, odd filter values) and sends them to the site through
its WSGI application; every response must be documented and match its schema, and
none may be a server error.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from search.forms import MAX_PAGE_SIZE
from search.openapi import build_schema

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


# Driven through Hypothesis directly: schemathesis' own pytest loader
# (`schemathesis.pytest.from_fixture`) does not run under pytest 9.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(api_schema, mode):
    """Valid requests (positive) and requests that break the schema (negative) are
    answered as documented: 200 or a JSON 400, never a server error."""

    @given(case=api_schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=50,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def conforms(case):
        case.call_and_validate(checks=CHECKS)

    conforms()


def test_schema_is_served_as_json(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/search/", "/api/v1/search/suggest/"}
    assert document == build_schema()


def _parameters(document, path):
    return {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}


def test_schema_lists_what_the_search_api_accepts(client, db):
    document = client.get("/api/v1/openapi.json").json()
    parameters = _parameters(document, "/api/v1/search/")
    # The kinds the content apps registered, in the order of their tabs.
    assert parameters["type"]["schema"]["enum"] == [
        "",
        "legal",
        "news",
        "procedure",
        "qa",
        "budget",
        "statistics",
        "leader",
        "press",
        "plan",
        "project",
        "body",
        "page",
    ]
    assert "Questions and answers (`qa`)" in document["info"]["description"]
    assert parameters["page_size"]["schema"]["maximum"] == MAX_PAGE_SIZE == 100
    assert parameters["sort"]["schema"]["enum"] == ["", "relevance", "newest", "oldest"]
    # The filters the content apps registered, legal and procedures alike.
    for facet in ("doc_type", "body", "year", "status", "level", "online_level"):
        assert parameters[facet]["schema"]["type"] == "array", facet
    assert "Document type (legal)" in parameters["doc_type"]["description"]
    responses = document["paths"]["/api/v1/search/"]["get"]["responses"]
    assert set(responses) == {"200", "400"}
    results = document["components"]["schemas"]["SearchResults"]
    assert {"count", "results", "facets", "engine", "degraded"} <= set(
        results["required"]
    )
    hit = document["components"]["schemas"]["Hit"]
    assert {"type", "title", "url", "number", "snippet"} <= set(hit["required"])
    suggest = _parameters(document, "/api/v1/search/suggest/")
    assert set(suggest) == {"q", "type", "limit"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ke hoach 148"},
        {"q": "148 kh ubnd", "type": "legal", "doc_type": "ke-hoach"},
        {"type": "procedure", "level": "xa", "online_level": "toan-trinh"},
        {"type": "news", "sort": "newest", "page_size": 100},
        {"date_from": "01/01/2020", "date_to": "2020-12-31"},
    ],
)
def test_real_answers_match_the_schema(wsgi_app, api_schema, params):
    """Requests a citizen's app would make, on a portal with content, validate."""
    operation = api_schema["/api/v1/search/"]["GET"]
    case = operation.Case(query=params)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_an_invalid_request_is_a_documented_json_error(wsgi_app, api_schema):
    operation = api_schema["/api/v1/search/"]["GET"]
    response = operation.Case(query={"page_size": 1000}).call_and_validate(
        checks=CHECKS
    )
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]
