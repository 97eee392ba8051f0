from portal.core.models import PublicBody
from portal.procedures.models import ProcedureField, ProcedurePage
from portal.procedures.search_adapters import ProcedureSearchAdapter
from search import registry
from search.addresses import resolve
from tests.factories import ProcedureFieldFactory, PublicBodyFactory


def test_adapter_is_registered():
    adapter = registry.adapter_for(ProcedurePage)
    assert isinstance(adapter, ProcedureSearchAdapter)
    assert registry.adapters_for_kind("procedure") == [adapter]
    assert set(adapter.facets) == {
        "field",
        "level",
        "agency",
        "online_level",
        "channel",
    }


def test_document_of_a_procedure(make_procedure):
    adapter = registry.adapter_for(ProcedurePage)
    page = make_procedure(
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        code="9.009994",
        field_name="Xây dựng",
        level="huyen",
        online_level="mot-phan",
        agencies=["Phòng Kinh tế - Hạ tầng cấp huyện thử nghiệm"],
        intro="Cấp phép xây dựng nhà ở riêng lẻ tại đô thị.",
        papers=[{"name": "Đơn đề nghị cấp giấy phép xây dựng"}],
        steps=["Nộp hồ sơ", "Thẩm định và kiểm tra thực địa", "Trả kết quả"],
        channels=[
            ("truc-tiep", "15 ngày", "Lệ phí 75.000 đồng/giấy phép"),
            ("truc-tuyen", "15 ngày", ""),
            ("buu-chinh", "15 ngày", ""),
        ],
        bases=[("16/2021/NĐ-CP", "Nghị định quy định chi tiết về xây dựng")],
    )
    document = adapter.to_document(adapter.get_queryset().get(pk=page.pk))
    assert document.key == f"procedure:{page.pk}"
    assert document.kind == "procedure"
    assert document.title == "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
    assert resolve(document.url) == page.url
    assert document.number == "9.009994"
    assert "nhà ở riêng lẻ" in document.summary
    assert "Đơn đề nghị cấp giấy phép xây dựng" in document.text
    assert "Thẩm định và kiểm tra thực địa" in document.text
    assert "Lệ phí 75.000 đồng/giấy phép" in document.text
    assert document.related_numbers == ["16/2021/NĐ-CP"]
    assert document.date is not None
    assert dict(document.facets) == {
        "field": [page.field.slug],
        "level": ["huyen"],
        "agency": [page.implementing_agencies.get().slug],
        "online_level": ["mot-phan"],
        "channel": ["truc-tiep", "truc-tuyen", "buu-chinh"],
    }
    assert dict(document.extra) == {
        "code": "9.009994",
        "level": "Cấp huyện",
        "online_level": "Một phần",
    }


def test_queryset_holds_live_procedures_in_few_queries(
    make_procedure, django_assert_max_num_queries
):
    adapter = registry.adapter_for(ProcedurePage)
    pages = [
        make_procedure(
            agencies=[f"Cơ quan thử nghiệm {n}", "Ủy ban nhân dân cấp xã"],
            papers=[{"name": f"Giấy tờ {n}"}],
        )
        for n in range(5)
    ]
    with django_assert_max_num_queries(12):
        documents = [adapter.to_document(page) for page in adapter.get_queryset()]
    assert len(documents) == ProcedurePage.objects.live().count()
    assert {page.code for page in pages} <= {document.number for document in documents}
    page = pages[0]
    page.unpublish()
    assert not adapter.get_queryset().filter(pk=page.pk).exists()


def test_facet_labels(db):
    adapter = registry.adapter_for(ProcedurePage)
    field = ProcedureFieldFactory(name="Hộ tịch")
    agency = PublicBodyFactory(name="Sở Tư pháp")
    assert adapter.facet_labels("level", ["xa", "tinh"]) == {
        "xa": "Cấp xã",
        "tinh": "Cấp tỉnh",
    }
    assert adapter.facet_labels("channel", ["buu-chinh"]) == {
        "buu-chinh": "Dịch vụ bưu chính công ích"
    }
    assert adapter.facet_labels("field", [field.slug, "khong-co"]) == {
        field.slug: "Hộ tịch",
        "khong-co": "khong-co",
    }
    assert adapter.facet_labels("agency", [agency.slug]) == {agency.slug: "Sở Tư pháp"}


def test_renamed_taxonomy_names_the_procedures_to_reindex(make_procedure):
    adapter = registry.adapter_for(ProcedurePage)
    assert ProcedureField in adapter.depends_on
    first = make_procedure(field_name="Chứng thực thử nghiệm")
    second = make_procedure(field_name="Chứng thực thử nghiệm")
    make_procedure(field_name="Hộ tịch thử nghiệm")
    field = ProcedureField.objects.get(name="Chứng thực thử nghiệm")
    assert set(adapter.dependants(field)) == {first, second}
    justice = make_procedure(agencies=["Sở Tư pháp thử nghiệm"])
    agency = PublicBody.objects.get(name="Sở Tư pháp thử nghiệm")
    assert set(adapter.dependants(agency)) == {justice}
