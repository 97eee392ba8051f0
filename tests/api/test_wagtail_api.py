"""Wagtail's read-only API v2 at /api/v2/: pages by type, live ones only."""

import pytest

from portal.legal.models import LegalDocumentPage
from portal.news.models import NewsPage


def _items(client, **params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("page_type", "model"),
    [("legal.LegalDocumentPage", LegalDocumentPage), ("news.NewsPage", NewsPage)],
)
def test_pages_filtered_by_type(client, demo, page_type, model):
    data = _items(client, type=page_type, limit=100, fields="-detail_url")
    live = model.objects.live().public()
    assert data["meta"]["total_count"] == live.count() > 0
    assert {item["id"] for item in data["items"]} == set(
        live.values_list("pk", flat=True)
    )
    assert {item["meta"]["type"] for item in data["items"]} == {page_type}


def test_legal_document_by_slug_with_its_url(client, demo):
    data = _items(client, type="legal.LegalDocumentPage", slug="146-kh-ubnd")
    [item] = data["items"]
    assert (
        item["title"] == "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên"
    )
    assert item["meta"]["html_url"].endswith("/van-ban/146-kh-ubnd/")
    detail = client.get(f"/api/v2/pages/{item['id']}/").json()
    assert detail["meta"]["type"] == "legal.LegalDocumentPage"
    assert detail["meta"]["parent"]["meta"]["html_url"].endswith("/van-ban/")


def test_unpublished_pages_are_not_listed(client, demo):
    news = NewsPage.objects.live().first()
    news.unpublish()
    data = _items(client, type="news.NewsPage", limit=100)
    assert news.pk not in {item["id"] for item in data["items"]}
    assert client.get(f"/api/v2/pages/{news.pk}/").status_code == 404


def test_newest_news_first(client, demo):
    data = _items(client, type="news.NewsPage", order="-first_published_at", limit=5)
    dates = [item["meta"]["first_published_at"] for item in data["items"]]
    assert len(dates) == 5
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"type": "khong.TonTai"},
        {"type": "legal.LegalDocumentPage", "limit": "abc"},
        {"type": "news.NewsPage", "order": "khong_co_truong"},
        {"fields": "khong_co_truong"},
    ],
)
def test_bad_requests_are_json_errors(client, demo, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert response.json()["message"]
