"""One number, any spelling; short URLs and ELI identifiers."""

import datetime

import pytest
from django.urls import reverse

from portal.core.models import PublicBody
from portal.legal.models import LegalDocumentPage
from tests.factories import DocumentTypeFactory, PublicBodyFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.mark.parametrize(
    "spelling",
    ["147/KH-UBND", "147/kh-ubnd", "147 KH UBND", "147/KH–UBND", " 147/KH - UBND "],
)
def test_number_spellings_find_the_same_document(make_document, spelling):
    plan = make_document(number="147/KH-UBND")
    make_document(number="147/KH-SNV")
    make_document(number="1470/KH-UBND")
    page = LegalDocumentPage.objects.by_number(spelling).get()
    assert page == plan
    assert page.number_key == "147-kh-ubnd"


def test_number_key_follows_the_number_on_save(make_document):
    doc = make_document(number="01/2020/QĐ-TN")
    assert doc.number_key == "01-2020-qd-tn"
    doc.number = "02/2020/QĐ-TN"
    doc.save()
    assert LegalDocumentPage.objects.get(pk=doc.pk).number_key == "02-2020-qd-tn"


def short_url(number_key):
    return reverse("legal:by_number", kwargs={"number_key": number_key})


@pytest.mark.parametrize("number", ["147/KH-UBND", "02/2020/QĐ-UBND"])
def test_short_url_redirects_to_the_page(client, make_document, number):
    doc = make_document(number=number)
    response = client.get(short_url(doc.number_key))
    assert response.status_code == 302
    assert response["Location"] == doc.url
    page = client.get(response["Location"])
    assert page.status_code == 200


def test_short_url_in_another_spelling_redirects_to_the_canonical_one(
    client, make_document
):
    make_document(number="147/KH-UBND")
    response = client.get(short_url("147-KH-UBND"))
    assert response.status_code == 301
    assert response["Location"] == short_url("147-kh-ubnd")


@pytest.mark.parametrize(
    "address", ["/van-ban/so/147%2FKH-UBND/", "/van-ban/so/147/KH-UBND/"]
)
def test_short_url_with_the_numbers_slash_redirects_to_the_canonical_one(
    client, make_document, address
):
    # A link built from the number as typed: the slash encoded or not.
    make_document(number="147/KH-UBND")
    response = client.get(address)
    assert response.status_code == 301
    assert response["Location"] == short_url("147-kh-ubnd")


def test_unknown_number_is_a_helpful_404(client, index_page):
    response = client.get(short_url("999-kh-ubnd"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy văn bản" in html
    assert 'name="q" value="999 KH UBND"' in html
    assert f'action="{index_page.url}"' in html


def test_same_number_from_two_bodies_offers_a_choice(client, make_document):
    other = PublicBody.objects.create(
        name="Ủy ban nhân dân tỉnh Khác", slug="ubnd-tinh-khac"
    )
    first = make_document(number="07/2021/QĐ-UBND")
    second = make_document(number="07/2021/QĐ-UBND", issuing_body=other)
    response = client.get(short_url("07-2021-qd-ubnd"))
    assert response.status_code == 200
    html = response.content.decode()
    assert first.url in html and second.url in html


def test_eli_resolves_like_the_short_url(client, make_document):
    page = make_document(
        number="147/KH-UBND",
        doc_type=DocumentTypeFactory(name="Kế hoạch"),
        issuing_body=PublicBodyFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm"),
        issued_date=datetime.date(2019, 12, 24),
    )
    assert page.eli_url == (
        "/eli/vn/uy-ban-nhan-dan-tinh-thu-nghiem/ke-hoach/2019/147-kh-ubnd/"
    )
    response = client.get(page.eli_url)
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert (
        client.get(
            "/eli/vn/uy-ban-nhan-dan-tinh-thu-nghiem/ke-hoach/2018/147-kh-ubnd/"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("year", ["99999999999999999999", "10000", "0"])
def test_eli_with_a_year_no_date_has_is_a_404(client, make_document, year):
    make_document(number="1/TN")
    response = client.get(f"/eli/vn/x/y/{year}/1/")
    assert response.status_code == 404
    assert "Không tìm thấy văn bản" in response.content.decode()


def test_unpublished_document_is_not_reachable_by_number(client, make_document):
    doc = make_document(number="77/2022/QĐ-TN", publish=False)
    assert client.get(short_url(doc.number_key)).status_code == 404
