"""What the site search receives for legal documents."""

import datetime

from portal.legal.models import DocumentType, LegalDocumentPage, Signer
from search import registry
from search.addresses import resolve
from tests.factories import DocumentTypeFactory, LegalFieldFactory


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


def test_document_for_the_plan(library):
    adapter = registry.adapter_for(LegalDocumentPage)
    page = adapter.get_queryset().get(pk=library.plan.pk)
    doc = adapter.to_document(page)
    assert doc.key == f"legal:{page.pk}" and doc.kind == "legal"
    assert doc.title == "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Thử Nghiệm"
    assert resolve(doc.url) == page.url
    assert doc.number == "148/KH-UBND"
    assert doc.date == datetime.date(2019, 12, 24)
    assert "Đẩy mạnh cải cách thủ tục hành chính" in doc.text  # the body
    assert "Cai cach hanh chinh nha nuoc nam 2020" in doc.text  # the attached PDF
    # What it rests on, and what acts on it.
    assert set(doc.related_numbers) == {
        "31/NQ-CP",
        "226/QĐ-TTg",
        "1150/QĐ-BNV",
        "03/HD-SNV",
    }
    assert doc.facets == {
        "doc_type": ["ke-hoach"],
        "body": [library.province.slug],
        "field": [library.reform.slug],
        "year": ["2019"],
        "status": ["con-hieu-luc"],
        "signer": [library.signer.slug],
        "group": ["chi-dao-dieu-hanh"],
    }
    assert doc.extra == {
        "doc_type": "Kế hoạch",
        "issuing_body": "Ủy ban nhân dân tỉnh Thử Nghiệm",
        "issued_date": "2019-12-24",
        "status": "con-hieu-luc",
        "status_label": "Còn hiệu lực",
    }


def test_replaced_document_status_in_the_index(library):
    adapter = registry.adapter_for(LegalDocumentPage)
    doc = adapter.to_document(library.docs["31/NQ-CP"])
    assert doc.facets["status"] == ["het-hieu-luc-toan-bo"]
    assert doc.extra["status_label"] == "Hết hiệu lực toàn bộ"


def test_bulk_documents_in_bounded_queries(library, django_assert_max_num_queries):
    adapter = registry.adapter_for(LegalDocumentPage)
    # 7: with Wagtail's i18n, its list of site roots (cached, emptied when a page
    # is saved) also reads the roots' translations.
    with django_assert_max_num_queries(7):
        pages = list(adapter.get_queryset())
        adapter.prepare_many(pages)
        documents = [adapter.to_document(page) for page in pages]
    by_number = {document.number: document for document in documents}
    assert set(library.docs) <= set(by_number)
    # The same document as one read on its own, relations and fields included.
    for page in library.docs.values():
        alone = LegalDocumentPage.objects.get(pk=page.pk)
        assert by_number[page.number] == adapter.to_document(alone)
    assert by_number["148/KH-UBND"].related_numbers


def test_facet_labels_one_query_per_facet(library, django_assert_num_queries):
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


def test_document_types_and_bodies_are_vocabularies(library, django_assert_num_queries):
    """What a query may name, for query understanding; the search labels these
    facets from them, in one query each."""
    with django_assert_num_queries(1):
        bodies = registry.vocabulary("body")
    assert bodies[library.province.slug] == ["Ủy ban nhân dân tỉnh Thử Nghiệm"]
    assert registry.vocabulary("doc_type", kind="legal")["quyet-dinh"] == ["Quyết định"]
    with django_assert_num_queries(1):
        labels = registry.facet_labels("legal", "doc_type", ["ke-hoach", "khong-co"])
    assert labels == {"ke-hoach": "Kế hoạch", "khong-co": "khong-co"}


def test_renaming_a_snippet_reindexes_its_documents(make_document, signer):
    adapter = registry.adapter_for(LegalDocumentPage)
    assert DocumentType in adapter.depends_on and Signer in adapter.depends_on
    plan_type = DocumentTypeFactory(name="Kế hoạch thử nghiệm")
    field = LegalFieldFactory(name="Tư pháp thử nghiệm")
    first = make_document(number="147/KH-UBND", doc_type=plan_type)
    second = make_document(number="22/KH-UBND", doc_type=plan_type, fields=[field])
    other = make_document(signer=signer)
    assert set(adapter.dependants(plan_type)) == {first, second}
    assert set(adapter.dependants(field)) == {second}
    assert set(adapter.dependants(signer)) == {other}


def test_a_document_change_reindexes_the_documents_it_acts_on(library):
    adapter = registry.adapter_for(LegalDocumentPage)
    replacement = library.docs["78/NQ-CP"]
    assert {page.number for page in adapter.dependants(replacement)} == {"31/NQ-CP"}


def test_drafts_are_not_indexed(make_document):
    adapter = registry.adapter_for(LegalDocumentPage)
    draft = make_document(publish=False)
    assert adapter.to_document(draft) is None
    assert not adapter.get_queryset().filter(pk=draft.pk).exists()


def test_validities_years_and_relations_are_named_without_a_query(
    db, django_assert_num_queries
):
    """What query understanding reads besides types and bodies (search.intent):
    validities by their Vietnamese labels, years by themselves, and the
    relations a query may ask for."""
    with django_assert_num_queries(0):
        statuses = registry.vocabulary("status", kind="legal")
        years = registry.vocabulary("year", kind="legal")
        relations = registry.relation_vocabulary()
    assert statuses["con-hieu-luc"] == ["Còn hiệu lực"]
    assert statuses["het-hieu-luc-toan-bo"] == ["Hết hiệu lực toàn bộ"]
    assert years["2013"] == ["2013"] and "1944" not in years
    assert relations == {
        "relation_huong_dan": ["Hướng dẫn"],
        "relation_sua_doi_bo_sung": ["Sửa đổi, bổ sung"],
        "relation_thay_the": ["Thay thế"],
        "relation_bai_bo": ["Bãi bỏ, hủy bỏ"],
        "relation_dinh_chi": ["Đình chỉ"],
    }


def test_a_document_holds_the_numbers_it_acts_on_by_relation(library):
    """The facets a relation query ranks by: normalised numbers, by kind; a
    document's basis ("căn cứ") is no relation a query asks for."""
    adapter = registry.adapter_for(LegalDocumentPage)
    replacement = adapter.to_document(library.docs["78/NQ-CP"])
    assert replacement.facets["relation_thay_the"] == ["31-nq-cp"]
    plan = adapter.to_document(library.plan)
    assert not [name for name in plan.facets if name.startswith("relation_")]


def test_the_search_page_finds_the_replacing_document_first(client, library):
    """Through the portal's adapter and the default engine, as a citizen asks."""
    from search import indexing

    indexing.drain()
    for q in ("văn bản thay thế nghị quyết 31", "thay the 31/NQ-CP"):
        results = client.get("/tim-kiem/", {"q": q}).context["results"]
        assert results.results[0].number == "78/NQ-CP", q
