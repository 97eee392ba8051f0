"""The JSON search API."""

import pytest

from tests.search import documents as docs


def test_search_api_shape(client, indexed):
    data = client.get("/api/v1/search/", {"q": "146 kh ubnd"}).json()
    assert set(data) >= {"count", "results", "facets", "engine", "degraded"}
    first = data["results"][0]
    assert first["type"] == "legal"
    assert first["title"] == docs.PLAN_146.title
    assert first["url"] == docs.PLAN_146.url
    assert first["number"] == "146/KH-UBND"
    assert "snippet" in first
    assert data["engine"] == "default"
    assert data["backend"] == "database"
    assert data["degraded"] is False
    assert data["corrected"] is False
    assert {f["value"]: f["count"] for f in data["facets"]["type"]} == {
        "legal": 1,
        "news": 1,
    }


def test_search_api_says_when_a_typo_was_corrected(client, indexed):
    data = client.get("/api/v1/search/", {"q": "le hoi du khahc"}).json()
    assert data["corrected"] is True
    assert data["relaxed"] is False
    assert data["count"] == 1


def test_search_api_filters_and_labels(client, indexed):
    data = client.get(
        "/api/v1/search/",
        {"type": "legal", "doc_type": ["ke-hoach", "bao-cao"], "sort": "newest"},
    ).json()
    assert data["count"] == 2
    assert [r["number"] for r in data["results"]] == ["146/BC-UBND", "146/KH-UBND"]
    labels = {f["value"]: f["label"] for f in data["facets"]["doc_type"]}
    assert labels["ke-hoach"] == "Kế hoạch"


def test_procedure_number_is_its_code(client, indexed):
    data = client.get("/api/v1/search/", {"q": "dang ky dat dai", "type": "procedure"})
    assert data.json()["results"][0]["number"] == "1.004227"


def test_page_size_limit_and_pagination(client, indexed):
    data = client.get("/api/v1/search/", {"page_size": 100}).json()
    assert data["count"] == len(docs.ALL)
    page = client.get("/api/v1/search/", {"page_size": 3, "page": 3}).json()
    assert len(page["results"]) == 2
    assert page["num_pages"] == 3


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 101},
        {"page_size": 0},
        {"page": -1},
        {"type": "video"},
        {"sort": "best"},
        {"date_from": "2020-13-01"},
        {"date_from": "2021-01-01", "date_to": "2020-01-01"},
        {"q": "a" * 201},
    ],
)
def test_bad_parameters_answer_400_json(client, indexed, params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]
    assert body["errors"]


def test_suggest_api(client, indexed):
    data = client.get("/api/v1/search/suggest/", {"q": "146/KH"}).json()
    assert data["suggestions"][0] == {
        "title": docs.PLAN_146.title,
        "url": docs.PLAN_146.url,
        "type": "legal",
        "number": "146/KH-UBND",
    }
    assert client.get("/api/v1/search/suggest/", {"q": ""}).json()["suggestions"] == []
    assert (
        client.get("/api/v1/search/suggest/", {"limit": "x", "q": "a"}).status_code
        == 400
    )
    assert (
        client.get("/api/v1/search/suggest/", {"type": "x", "q": "a"}).status_code
        == 400
    )


def test_head_answers_and_other_methods_are_refused_without_a_csrf_page(indexed):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.head("/api/v1/search/", {"q": "dat dai"}).status_code == 200
    assert client.post("/api/v1/search/", {"q": "dat dai"}).status_code == 405
    assert client.post("/api/v1/search/suggest/", {"q": "ke"}).status_code == 405
