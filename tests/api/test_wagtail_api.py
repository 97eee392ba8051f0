"""Wagtail's read-only API v2 at /api/v2/: pages by type, live ones only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.legal.models import LegalDocumentPage
from portal.news.models import NewsPage

pytestmark = pytest.mark.usefixtures("shared_portal")


def _items(client, **params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("page_type", "model"),
    [("legal.LegalDocumentPage", LegalDocumentPage), ("news.NewsPage", NewsPage)],
)
def test_pages_filtered_by_type(client, portal, content, page_type, model):
    data = _items(client, type=page_type, limit=100, fields="-detail_url")
    live = model.objects.live().public().descendant_of(portal.home)
    assert data["meta"]["total_count"] == live.count() > 0
    assert {item["id"] for item in data["items"]} == set(
        live.values_list("pk", flat=True)
    )
    assert {item["meta"]["type"] for item in data["items"]} == {page_type}


def test_legal_document_by_slug_with_its_url(client, portal, content):
    plan = content.plan
    data = _items(client, type="legal.LegalDocumentPage", slug=plan.slug)
    [item] = data["items"]
    assert item["id"] == plan.pk
    assert item["title"] == plan.title
    assert item["meta"]["html_url"] == f"http://testserver{plan.url}"
    detail = client.get(f"/api/v2/pages/{item['id']}/").json()
    assert detail["meta"]["type"] == "legal.LegalDocumentPage"
    assert detail["meta"]["parent"]["id"] == portal.legal.pk
    assert detail["meta"]["parent"]["meta"]["html_url"] == (
        f"http://testserver{portal.legal.url}"
    )


def test_unpublished_pages_are_not_listed(client, content):
    news = content.news[0]
    assert client.get(f"/api/v2/pages/{news.pk}/").status_code == 200
    news.unpublish()
    data = _items(client, type="news.NewsPage", limit=100)
    assert news.pk not in {item["id"] for item in data["items"]}
    assert client.get(f"/api/v2/pages/{news.pk}/").status_code == 404


def test_newest_news_first(client, content):
    data = _items(client, type="news.NewsPage", order="-first_published_at", limit=5)
    dates = [item["meta"]["first_published_at"] for item in data["items"]]
    assert len(dates) == 5
    assert dates == sorted(dates, reverse=True)
    assert data["items"][0]["id"] == content.newest.pk


@pytest.mark.parametrize(
    "params",
    [
        {"type": "khong.TonTai"},
        {"type": "legal.LegalDocumentPage", "limit": "abc"},
        {"type": "news.NewsPage", "order": "khong_co_truong"},
        {"fields": "khong_co_truong"},
    ],
)
def test_bad_requests_are_json_errors(client, portal, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert response.json()["message"]


def test_the_root_lists_the_endpoints(client, portal):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    endpoints = response.json()
    assert set(endpoints) == {"pages", "images", "documents"}
    for url in endpoints.values():
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_beyond_any_database_is_a_400(client, portal, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": "99999999999999999999"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "offset không được lớn hơn 9223372036854775807"
    )
    # The largest offset the database stores is an empty page, not an error.
    largest = client.get(f"/api/v2/{endpoint}/", {"offset": str(2**63 - 1)})
    assert largest.status_code == 200
    assert largest.json()["items"] == []


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("query", [" ", "", "\t"])
def test_an_empty_search_is_a_400(client, portal, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/", {"search": query})
    assert response.status_code == 400
    assert response.json()["message"] == "Chưa nhập từ khóa tìm kiếm."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"type": "legal.LegalDocumentPage", "issued_date": "2020-02-30"},
            "2020-02-30 không phải là giá trị hợp lệ của issued_date",
        ),
        (
            {"type": "news.NewsPage", "publication_date": "hôm qua"},
            "hôm qua không phải là giá trị hợp lệ của publication_date",
        ),
        (
            {"type": "legal.LegalDocumentPage", "doc_type": "9" * 20},
            "doc_type không được lớn hơn 9223372036854775807",
        ),
        ({"id": "9" * 20}, "id không được lớn hơn 9223372036854775807"),
    ],
)
def test_field_filters_check_their_values(client, portal, params, message):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_field_filters_still_filter(client, content):
    document = content.plan
    data = _items(
        client,
        type="legal.LegalDocumentPage",
        issued_date=document.issued_date.isoformat(),
        doc_type=document.doc_type_id,
    )
    assert [item["id"] for item in data["items"]] == [document.pk]
    data = _items(
        client, type="legal.LegalDocumentPage", doc_type=content.amended.doc_type_id
    )
    assert {item["id"] for item in data["items"]} == {
        content.amended.pk,
        content.amending.pk,
    }


def test_legal_document_fields(client, content):
    """What a document says about itself: number, type, issuer, dates, validity,
    relations both ways (published documents only) and attachments."""
    amended = LegalDocumentPage.objects.get(pk=content.amended.pk)
    data = client.get(f"/api/v2/pages/{amended.pk}/").json()
    assert data["number"] == "81/2015/QH13"
    assert data["doc_type"] == {"name": "Luật", "slug": "luat"}
    assert data["issuing_body"] == {
        "name": "Quốc hội",
        "slug": amended.issuing_body.slug,
    }
    assert data["issued_date"] == "2015-06-22"
    assert data["effective_date"] == "2016-07-01"
    assert data["status"] == {
        "code": amended.status_code,
        "label": amended.status_label,
        "legal_force": amended.legal_force,
    }
    assert data["eli_url"] == f"http://testserver{amended.eli_url}"
    short_url = reverse("legal:by_number", kwargs={"number_key": "81-2015-qh13"})
    assert data["permanent_url"] == f"http://testserver{short_url}"
    incoming = {relation["number"]: relation for relation in data["incoming_relations"]}
    assert set(incoming) == {"64/2020/QH14"}
    amending = incoming["64/2020/QH14"]
    assert amending["label"] == "Được sửa đổi, bổ sung bởi"
    assert (
        amending["document"]["html_url"] == f"http://testserver{content.amending.url}"
    )

    acting = content.amending
    outgoing = client.get(f"/api/v2/pages/{acting.pk}/").json()["relations"]
    assert {
        (relation["kind"], relation["number"], relation["document"]["id"])
        for relation in outgoing
    } == {("sua_doi_bo_sung", "81/2015/QH13", amended.pk)}

    # A relation to a document not published: its number, never its draft title.
    amended.unpublish()
    outgoing = client.get(f"/api/v2/pages/{acting.pk}/").json()["relations"]
    [to_draft] = [r for r in outgoing if r["number"] == "81/2015/QH13"]
    assert to_draft["document"] is None


def test_legal_document_attachments(client, content):
    document = content.plan
    attachment = document.attachments.first()
    data = client.get(f"/api/v2/pages/{document.pk}/").json()
    assert data["attachments"][0]["title"] == attachment.display_title
    assert data["attachments"][0]["document"]["meta"]["download_url"].startswith(
        "http://testserver/"
    )
    # Every field of a page of documents: the status, vocabularies and attachments
    # come with the rows; only the relations, each way, cost a query per document.
    queries = {}
    for limit in (5, 20):
        with CaptureQueriesContext(connection) as captured:
            listing = _items(
                client, type="legal.LegalDocumentPage", fields="*", limit=limit
            )
        assert all(item["status"]["code"] for item in listing["items"])
        queries[limit] = len(captured)
    # (plus the attachments' files, once some row has one)
    assert queries[20] - queries[5] <= 2 * 15 + 1


def test_news_fields(client, content):
    news = content.newest
    data = client.get(f"/api/v2/pages/{news.pk}/").json()
    assert data["sapo"] == news.sapo
    assert data["publication_date"].startswith(str(news.publication_date.year))
    assert data["hero_image"]["id"] == news.hero_image_id
    assert data["hero_image_thumbnail"]["url"]
    assert {block["type"] for block in data["body"]} <= {
        name for name, _block in NewsPage.body.field.stream_block.child_blocks.items()
    }
    assert data["body"]
    assert set(data["tags"]) == {"cải cách hành chính", "hội nghị"}
    [citation] = data["cited_documents"]
    short_url = reverse("legal:by_number", kwargs={"number_key": "148-kh-ubnd"})
    assert citation["permanent_url"] == f"http://testserver{short_url}"


def test_procedure_fields(client, content):
    procedure = content.procedure
    data = client.get(f"/api/v2/pages/{procedure.pk}/").json()
    assert data["code"] == procedure.code
    assert data["field"] == {"name": procedure.field.name, "slug": procedure.field.slug}
    assert data["level"] == procedure.level
    assert [step["title"] for step in data["steps"]] == [
        step.title for step in procedure.steps.all()
    ]
    assert {channel["channel"] for channel in data["channels"]} == {
        channel.channel for channel in procedure.channels.all()
    }
    assert len(data["dossier_items"]) == procedure.dossier_items.count()
    bases = {basis["number"]: basis for basis in data["legal_bases"]}
    assert len(bases) == procedure.legal_bases.count()
    for basis in procedure.resolved_legal_bases():
        expected = f"http://testserver{basis.url}" if basis.url else None
        assert bases[basis.number]["url"] == expected
    # The basis the legal app publishes links to it; the other does not.
    short_url = reverse("legal:by_number", kwargs={"number_key": "148-kh-ubnd"})
    assert bases["148/KH-UBND"]["url"] == f"http://testserver{short_url}"
    assert bases["999/2099/NĐ-CP"]["url"] is None
