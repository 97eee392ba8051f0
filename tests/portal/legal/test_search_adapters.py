"""What the site search receives for legal documents."""

import datetime

from portal.legal.models import DocumentType, LegalDocumentPage, LegalField, Signer
from search import registry


def test_adapter_is_registered():
    adapter = registry.adapter_for(LegalDocumentPage)
    assert adapter is not None and adapter.kind.name == "legal"
    assert set(adapter.facets) == {
        "doc_type",
        "body",
        "field",
        "year",
        "status",
        "signer",
        "group",
    }
    assert str(adapter.facets["doc_type"]) == "Loại văn bản"


def test_document_for_the_plan(demo):
    adapter = registry.adapter_for(LegalDocumentPage)
    page = adapter.get_queryset().get(number="146/KH-UBND")
    doc = adapter.to_document(page)
    assert doc.key == f"legal:{page.pk}" and doc.kind == "legal"
    assert doc.title == "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên"
    assert doc.url == "/van-ban/146-kh-ubnd/"
    assert doc.number == "146/KH-UBND"
    assert doc.date == datetime.date(2019, 12, 24)
    assert "Cải cách thủ tục hành chính" in doc.text  # the body
    assert "Cai cach hanh chinh nha nuoc nam 2020" in doc.text  # the attached PDF
    assert {"30c/NQ-CP", "225/QĐ-TTg", "1149/QĐ-BNV", "02/HD-SNV"} <= set(
        doc.related_numbers
    )
    assert doc.facets == {
        "doc_type": ["ke-hoach"],
        "body": ["uy-ban-nhan-dan-tinh-hung-yen"],
        "field": [
            "cai-cach-hanh-chinh",
            "cong-nghe-thong-tin",
            "kiem-soat-thu-tuc-hanh-chinh",
        ],
        "year": ["2019"],
        "status": ["con-hieu-luc"],
        "signer": ["nguyen-van-phong"],
        "group": ["chi-dao-dieu-hanh"],
    }
    assert doc.extra == {
        "doc_type": "Kế hoạch",
        "issuing_body": "Ủy ban nhân dân tỉnh Hưng Yên",
        "issued_date": "2019-12-24",
        "status": "con-hieu-luc",
        "status_label": "Còn hiệu lực",
    }


def test_replaced_document_status_in_the_index(demo):
    adapter = registry.adapter_for(LegalDocumentPage)
    doc = adapter.to_document(adapter.get_queryset().get(number="30c/NQ-CP"))
    assert doc.facets["status"] == ["het-hieu-luc-toan-bo"]
    assert doc.extra["status_label"] == "Hết hiệu lực toàn bộ"


def test_bulk_documents_in_bounded_queries(demo, django_assert_max_num_queries):
    adapter = registry.adapter_for(LegalDocumentPage)
    with django_assert_max_num_queries(10):
        documents = [adapter.to_document(page) for page in adapter.get_queryset()]
    assert len(documents) >= 20


def test_facet_labels_one_query_per_facet(demo, django_assert_num_queries):
    adapter = registry.adapter_for(LegalDocumentPage)
    with django_assert_num_queries(1):
        labels = adapter.facet_labels("doc_type", ["ke-hoach", "luat", "khong-co"])
    assert labels == {"ke-hoach": "Kế hoạch", "luat": "Luật", "khong-co": "khong-co"}
    with django_assert_num_queries(0):
        assert adapter.facet_labels("status", ["het-hieu-luc-mot-phan"]) == {
            "het-hieu-luc-mot-phan": "Hết hiệu lực một phần"
        }
        assert adapter.facet_labels("group", ["qppl"]) == {
            "qppl": "Văn bản quy phạm pháp luật"
        }
        assert adapter.facet_labels("year", ["2019"]) == {"2019": "2019"}


def test_document_types_and_bodies_are_vocabularies(demo, django_assert_num_queries):
    """What a query may name, for query understanding; the search labels these
    facets from them, in one query each."""
    with django_assert_num_queries(1):
        bodies = registry.vocabulary("body")
    assert bodies["uy-ban-nhan-dan-tinh-hung-yen"] == ["Ủy ban nhân dân tỉnh Hưng Yên"]
    assert registry.vocabulary("doc_type", kind="legal")["quyet-dinh"] == ["Quyết định"]
    assert registry.vocabulary("year", kind="legal") == {}
    with django_assert_num_queries(1):
        labels = registry.facet_labels("legal", "doc_type", ["ke-hoach", "khong-co"])
    assert labels == {"ke-hoach": "Kế hoạch", "khong-co": "khong-co"}


def test_renaming_a_snippet_reindexes_its_documents(demo):
    adapter = registry.adapter_for(LegalDocumentPage)
    assert DocumentType in adapter.depends_on and Signer in adapter.depends_on
    plan_type = DocumentType.objects.get(slug="ke-hoach")
    numbers = {page.number for page in adapter.dependants(plan_type)}
    assert {"146/KH-UBND", "19/KH-UBND"} == numbers
    field = LegalField.objects.get(slug="tu-phap")
    assert "80/2015/QH13" in {page.number for page in adapter.dependants(field)}


def test_a_document_change_reindexes_the_documents_it_acts_on(demo):
    adapter = registry.adapter_for(LegalDocumentPage)
    replacement = LegalDocumentPage.objects.get(number="76/NQ-CP")
    assert {page.number for page in adapter.dependants(replacement)} == {"30c/NQ-CP"}


def test_drafts_are_not_indexed(make_document):
    adapter = registry.adapter_for(LegalDocumentPage)
    draft = make_document(publish=False)
    assert adapter.to_document(draft) is None
    assert not adapter.get_queryset().filter(pk=draft.pk).exists()
