"""Relations entered once, shown from both sides; pending numbers link themselves."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.legal.models import DocumentRelation, LegalDocumentPage

pytestmark = pytest.mark.usefixtures("shared_portal")


def test_relation_is_shown_on_both_documents(client, make_document):
    basis = make_document(number="30/2018/NĐ-TN", title="Nghị định gốc thử nghiệm")
    acting = make_document(
        title="Quyết định hướng dẫn thử nghiệm",
        relations=[("huong_dan", "30/2018/NĐ-TN")],
    )
    acting_html = client.get(acting.url).content.decode()
    assert "<h3>Hướng dẫn</h3>" in acting_html
    assert f'<a href="{basis.url}">30/2018/NĐ-TN</a>' in acting_html
    basis_html = client.get(basis.url).content.decode()
    assert "<h3>Được hướng dẫn bởi</h3>" in basis_html
    assert f'<a href="{acting.url}">{acting.number}</a>' in basis_html


def test_pending_relation_links_itself_when_the_document_arrives(client, make_document):
    acting = make_document(relations=[("can_cu", "55/2020/NĐ-CP")])
    relation = DocumentRelation.objects.get(source=acting)
    assert relation.target is None
    html = client.get(acting.url).content.decode()
    assert "55/2020/NĐ-CP" in html and "chưa có trên cổng" in html

    # Typed differently: lower case, spaces and an en dash.
    target = make_document(number="55/2020/nđ–cp")
    relation.refresh_from_db()
    assert relation.target_id == target.pk
    assert acting.pk in [
        r.source_id
        for r in LegalDocumentPage.objects.get(pk=target.pk).incoming_relations_live
    ]


def test_relation_to_a_deleted_document_falls_back_to_its_number(make_document):
    target = make_document(number="56/2020/QĐ-TN")
    acting = make_document(relations=[("thay_the", "56/2020/QĐ-TN")])
    relation = DocumentRelation.objects.get(source=acting)
    assert relation.target_id == target.pk
    target.delete()
    relation.refresh_from_db()
    assert relation.target is None
    assert relation.target_number == "56/2020/QĐ-TN"


def test_relation_needs_a_target_and_not_itself(make_document):
    doc = make_document()
    with pytest.raises(ValidationError):
        DocumentRelation(source=doc, kind="can_cu").clean()
    with pytest.raises(ValidationError):
        DocumentRelation(source=doc, kind="can_cu", target=doc).clean()


def test_replaced_document_links_to_its_replacement(client, make_document):
    old = make_document(
        number="03/2020/QĐ-UBND", issued_date=datetime.date(2020, 1, 10)
    )
    new = make_document(
        number="16/2022/QĐ-UBND",
        issued_date=datetime.date(2022, 3, 1),
        relations=[("thay_the", "03/2020/QĐ-UBND")],
    )
    html = client.get(old.url).content.decode()
    assert "Hết hiệu lực toàn bộ" in html
    status_box = html.split('id="legal-status-heading"')[1].split("</section>")[0]
    assert "Bị thay thế bởi" in status_box
    assert f'href="{new.url}"' in status_box


def test_relation_to_a_draft_shows_the_number_without_a_link(
    client, index_page, make_document
):
    draft = make_document(number="57/2020/QĐ-TN", publish=False)
    acting = make_document(relations=[("can_cu", "57/2020/QĐ-TN")])
    assert DocumentRelation.objects.get(source=acting).target_id == draft.pk
    html = client.get(acting.url).content.decode()
    assert "57/2020/QĐ-TN" in html and "chưa có trên cổng" in html
    assert f'href="{index_page.url}{draft.slug}/"' not in html


def test_duplicate_signer_slug_is_a_form_error_not_a_crash(admin_client):
    from portal.legal.models import Signer

    Signer.objects.create(name="Trần Văn Trùng")
    response = admin_client.post(
        "/admin/snippets/legal/signer/add/",
        {"name": "Trần Văn Trùng", "slug": "", "default_position": ""},
    )
    assert response.status_code == 200
    assert Signer.objects.filter(name="Trần Văn Trùng").count() == 1
