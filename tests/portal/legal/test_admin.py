"""Editors and webmasters in the Wagtail admin, in Vietnamese."""

import datetime

from wagtail.models import Page

from portal.legal.models import DocumentType, LegalDocumentPage
from tests.factories import (
    DocumentTypeFactory,
    PublicBodyFactory,
    legal_document_form,
)


def test_snippets_are_editable_in_vietnamese(admin_client):
    DocumentTypeFactory(name="Kế hoạch")
    response = admin_client.get("/admin/snippets/legal/documenttype/")
    assert response.status_code == 200
    assert "Kế hoạch" in response.content.decode()
    response = admin_client.post(
        "/admin/snippets/legal/documenttype/add/", {"name": "Quy chế", "slug": ""}
    )
    assert response.status_code == 302
    assert DocumentType.objects.get(name="Quy chế").slug == "quy-che"


def test_renaming_a_type_shows_on_the_document(admin_client, client, make_document):
    plan_type = DocumentTypeFactory(name="Kế hoạch thử nghiệm")
    plan = make_document(number="147/KH-UBND", doc_type=plan_type)
    response = admin_client.post(
        f"/admin/snippets/legal/documenttype/edit/{plan_type.pk}/",
        {"name": "Kế hoạch hành động", "slug": plan_type.slug},
    )
    assert response.status_code == 302
    html = client.get(plan.url).content.decode()
    assert "Kế hoạch hành động" in html and "Kế hoạch thử nghiệm" not in html


def test_editor_form_is_in_vietnamese_with_inline_relations(admin_client, index_page):
    response = admin_client.get(
        f"/admin/pages/add/legal/legaldocumentpage/{index_page.pk}/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    for label in [
        "Số ký hiệu",
        "Trích yếu",
        "Cơ quan ban hành",
        "Quan hệ với văn bản khác",
        "Tệp đính kèm",
    ]:
        assert label in html, label


def test_create_a_document_in_the_admin(admin_client, index_page, make_document):
    index = index_page
    plan_type = DocumentTypeFactory(name="Kế hoạch")
    body = PublicBodyFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    basis = make_document(number="147/KH-UBND", doc_type=plan_type, issuing_body=body)
    data = legal_document_form(plan_type, body, relation_number="147 kh ubnd")
    response = admin_client.post(
        f"/admin/pages/add/legal/legaldocumentpage/{index.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = LegalDocumentPage.objects.get(number="300/KH-UBND")
    assert page.live and page.number_key == "300-kh-ubnd"
    assert page.relations.get().target == basis
    assert Page.objects.get(pk=page.pk).get_parent().pk == index.pk


def test_a_document_added_without_a_slug_takes_its_numbers(admin_client, index_page):
    """The slug field is on the promote tab; an editor who fills in the document
    and publishes gets the address of its number, as imported documents have."""
    plan_type = DocumentTypeFactory(name="Kế hoạch")
    body = PublicBodyFactory(name="Ủy ban nhân dân tỉnh Hưng Yên")
    add_url = f"/admin/pages/add/legal/legaldocumentpage/{index_page.pk}/"
    html = admin_client.get(add_url).content.decode()
    assert 'name="slug"' in html and 'name="slug" required' not in html
    data = legal_document_form(plan_type, body, number="301/KH-UBND", slug="")
    response = admin_client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = LegalDocumentPage.objects.get(number="301/KH-UBND")
    assert page.slug == "301-kh-ubnd"
    assert page.url.endswith("/301-kh-ubnd/")
    # A second document of that number (another body's) is told the slug is taken.
    other = PublicBodyFactory(name="Sở Tài chính")
    response = admin_client.post(
        add_url, legal_document_form(plan_type, other, number="301/KH-UBND", slug="")
    )
    assert response.status_code == 200
    assert "301-kh-ubnd" in response.content.decode()
    assert LegalDocumentPage.objects.filter(number="301/KH-UBND").count() == 1


def test_editor_sees_status_and_incoming_relations(admin_client, make_document):
    old = make_document(
        number="03/2020/QĐ-UBND", issued_date=datetime.date(2020, 1, 10)
    )
    make_document(
        number="16/2022/QĐ-UBND",
        issued_date=datetime.date(2022, 3, 1),
        relations=[("thay_the", "03/2020/QĐ-UBND")],
    )
    html = admin_client.get(f"/admin/pages/{old.pk}/edit/").content.decode()
    assert "Tình trạng hôm nay" in html and "Hết hiệu lực toàn bộ" in html
    assert "Văn bản tác động đến văn bản này" in html and "16/2022/QĐ-UBND" in html
