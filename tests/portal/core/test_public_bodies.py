"""Public bodies (cơ quan, đơn vị): one model for the bodies that issue legal documents
and handle procedures, in the tree of the bodies they belong to."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from portal.core.models import PublicBody, PublicBodyKind
from portal.legal.models import LegalDocumentPage
from portal.procedures.models import ProcedurePage
from search.models import OutboxEntry
from search.registry import adapter_for
from tests.factories import LegalDocumentPageFactory, ProcedurePageFactory


@pytest.fixture
def province(db):
    return PublicBody.objects.create(
        name="Ủy ban nhân dân tỉnh Thử Nghiệm", kind=PublicBodyKind.PROVINCIAL
    )


@pytest.fixture
def department(province):
    return PublicBody.objects.create(
        name="Sở Thử Nghiệm",
        kind=PublicBodyKind.DEPARTMENT,
        parent=province,
        address="Số 1 đường Thử, thành phố Thử",
        phone="0221 000 000",
        email="sothunghiem@example.vn",
        website="https://sothunghiem.example.vn",
    )


def test_bodies_form_a_tree_without_loops(province, department):
    office = PublicBody.objects.create(name="Phòng Thử Nghiệm", parent=department)
    assert department.slug == "so-thu-nghiem"
    assert office.ancestors() == [department, province]
    assert list(province.children.all()) == [department]
    for body, parent in [(province, office), (office, office)]:
        body.parent = parent
        with pytest.raises(ValidationError) as error:
            body.full_clean()
        assert "parent" in error.value.message_dict
    province.parent = None
    province.full_clean()


def test_admin_adds_a_body_with_its_kind_parent_and_contacts(admin_client, province):
    response = admin_client.post(
        "/admin/snippets/core/publicbody/add/",
        {
            "name": "Sở Tư pháp tỉnh Thử Nghiệm",
            "slug": "",
            "kind": PublicBodyKind.DEPARTMENT,
            "parent": province.pk,
            "address": "Số 2 đường Thử",
            "phone": "0221 111 111",
            "email": "stp@example.vn",
            "website": "https://stp.example.vn",
            "sort_order": "0",
            # No texts in other languages (the inline's empty formset).
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    body = PublicBody.objects.get(slug="so-tu-phap-tinh-thu-nghiem")
    assert (body.parent, body.kind, body.email) == (
        province,
        "so-ban-nganh",
        "stp@example.vn",
    )
    listing = admin_client.get(
        "/admin/snippets/core/publicbody/", {"kind": "so-ban-nganh"}
    ).content.decode()
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in listing
    assert "Sở, ban, ngành" in listing
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm</a>" not in listing
    form = admin_client.get(
        f"/admin/snippets/core/publicbody/edit/{body.pk}/"
    ).content.decode()
    for label in ["Loại cơ quan", "Trực thuộc", "Trang thông tin điện tử", "Liên hệ"]:
        assert label in form, label


@pytest.fixture
def shared_pages(portal, department):
    """A document issued by the department and a procedure it handles."""
    document = LegalDocumentPageFactory(
        parent=portal.legal,
        number="55/QĐ-STN",
        title="Quyết định thử nghiệm của Sở Thử Nghiệm",
        slug="55-qd-stn",
        issuing_body=department,
        issued_date=datetime.date(2024, 3, 1),
    )
    procedure = ProcedurePageFactory(
        parent=portal.procedures,
        title="Thủ tục thử nghiệm của Sở Thử Nghiệm",
        level="tinh",
        implementing_agencies=[department],
        competent_authority=department,
    )
    return SimpleNamespace(document=document, procedure=procedure, portal=portal)


def test_one_body_issues_documents_and_handles_procedures(
    client, department, shared_pages
):
    document, procedure = shared_pages.document, shared_pages.procedure
    assert list(department.issued_documents.all()) == [document]
    assert list(department.implemented_procedures.all()) == [procedure]
    assert list(department.decided_procedures.all()) == [procedure]
    # Both lists filter by the body's slug, under the parameter they always had.
    documents = client.get(
        shared_pages.portal.legal.url, {"co-quan": department.slug}
    ).content.decode()
    assert "55/QĐ-STN" in documents
    assert "Sở Thử Nghiệm" in documents
    procedures = client.get(
        shared_pages.portal.procedures.url, {"co-quan": department.slug}
    ).content.decode()
    assert "Thủ tục thử nghiệm của Sở Thử Nghiệm" in procedures
    assert document.eli_url.startswith("/eli/vn/so-thu-nghiem/quyet-dinh/2024/")


def test_renaming_a_body_reindexes_its_documents_and_procedures(
    department, shared_pages
):
    document, procedure = shared_pages.document, shared_pages.procedure
    OutboxEntry.objects.all().delete()
    department.name = "Sở Thử Nghiệm và Đổi Tên"
    department.save()
    queued = set(OutboxEntry.objects.values_list("key", flat=True))
    assert {
        adapter_for(document).key_for(document),
        adapter_for(procedure).key_for(procedure),
    } <= queued
    renamed = {department.slug: "Sở Thử Nghiệm và Đổi Tên"}
    assert adapter_for(document).facet_labels("body", [department.slug]) == renamed
    assert adapter_for(procedure).facet_labels("agency", [department.slug]) == renamed


# Its subject is the demo: the public bodies load_demo classifies.
def test_demo_bodies_are_classified_in_a_tree(demo):
    commune = PublicBody.objects.get(slug="uy-ban-nhan-dan-cap-xa")
    assert commune.kind == PublicBodyKind.COMMUNE
    assert [body.slug for body in commune.ancestors()] == [
        "uy-ban-nhan-dan-cap-huyen",
        "uy-ban-nhan-dan-tinh-hung-yen",
    ]
    justice = PublicBody.objects.get(slug="so-tu-phap")
    assert (justice.kind, justice.parent.slug) == (
        PublicBodyKind.DEPARTMENT,
        "uy-ban-nhan-dan-tinh-hung-yen",
    )
    assert justice.website.startswith("https://")
    # The sample documents and procedures name no body the demo tree lacks.
    linked = set(
        LegalDocumentPage.objects.values_list("issuing_body__slug", flat=True)
    ) | set(ProcedurePage.objects.values_list("implementing_agencies__slug", flat=True))
    unclassified = PublicBody.objects.filter(slug__in=linked, kind="")
    assert not unclassified.exists(), list(unclassified)


def test_the_body_picker_searches_names_with_or_without_diacritics(
    admin_client, province, department
):
    PublicBody.objects.create(name="Sở Tài chính tỉnh Thử Nghiệm", parent=province)
    picker = admin_client.get("/admin/snippets/choose/core/publicbody/")
    assert picker.status_code == 200
    assert 'name="q"' in picker.json()["html"]

    def found(query):
        response = admin_client.get(
            "/admin/snippets/choose/core/publicbody/results/", {"q": query}
        )
        assert response.status_code == 200
        html = response.content.decode()
        return [
            body.name
            for body in PublicBody.objects.order_by("name")
            if body.name in html
        ]

    for query in ("Sở Tài chính tỉnh", "so tai chinh tinh", "SỞ TÀI CHÍNH TỈNH"):
        assert found(query) == ["Sở Tài chính tỉnh Thử Nghiệm"], query
    assert {"Sở Thử Nghiệm", "Ủy ban nhân dân tỉnh Thử Nghiệm"} <= set(
        found("thu nghiem")
    )
    assert found("không có cơ quan này") == []


def test_the_taxonomy_pickers_search_too(admin_client):
    from portal.legal.models import LegalField

    LegalField.objects.create(name="Đất đai")
    LegalField.objects.create(name="Giáo dục")
    response = admin_client.get(
        "/admin/snippets/choose/legal/legalfield/results/", {"q": "dat dai"}
    )
    html = response.content.decode()
    assert "Đất đai" in html and "Giáo dục" not in html
