from portal.core.models import PublicBody
from portal.procedures.models import ProcedureField, ProcedurePage
from portal.procedures.search_adapters import ProcedureSearchAdapter
from search import registry


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


def test_document_of_a_procedure(demo):
    adapter = registry.adapter_for(ProcedurePage)
    page = adapter.get_queryset().get(code="1.009994")
    document = adapter.to_document(page)
    assert document.key == f"procedure:{page.pk}"
    assert document.kind == "procedure"
    assert document.title == "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
    assert document.url == page.url
    assert document.number == "1.009994"
    assert "nhà ở riêng lẻ" in document.summary
    assert "Đơn đề nghị cấp giấy phép xây dựng" in document.text
    assert "Thẩm định và kiểm tra thực địa" in document.text
    assert "Lệ phí 75.000 đồng/giấy phép" in document.text
    assert "15/2021/NĐ-CP" in document.related_numbers
    assert document.date is not None
    assert dict(document.facets) == {
        "field": ["xay-dung"],
        "level": ["huyen"],
        "agency": ["phong-kinh-te-ha-tang-cap-huyen"],
        "online_level": ["mot-phan"],
        "channel": ["truc-tiep", "truc-tuyen", "buu-chinh"],
    }
    assert dict(document.extra) == {
        "code": "1.009994",
        "level": "Cấp huyện",
        "online_level": "Một phần",
    }


def test_queryset_holds_live_procedures_in_few_queries(
    demo, django_assert_max_num_queries
):
    adapter = registry.adapter_for(ProcedurePage)
    with django_assert_max_num_queries(12):
        documents = [adapter.to_document(page) for page in adapter.get_queryset()]
    assert len(documents) == ProcedurePage.objects.live().count()
    page = ProcedurePage.objects.live().first()
    page.unpublish()
    assert not adapter.get_queryset().filter(pk=page.pk).exists()


def test_facet_labels(demo):
    adapter = registry.adapter_for(ProcedurePage)
    assert adapter.facet_labels("level", ["xa", "tinh"]) == {
        "xa": "Cấp xã",
        "tinh": "Cấp tỉnh",
    }
    assert adapter.facet_labels("channel", ["buu-chinh"]) == {
        "buu-chinh": "Dịch vụ bưu chính công ích"
    }
    assert adapter.facet_labels("field", ["ho-tich", "khong-co"]) == {
        "ho-tich": "Hộ tịch",
        "khong-co": "khong-co",
    }
    assert adapter.facet_labels("agency", ["so-tu-phap"]) == {
        "so-tu-phap": "Sở Tư pháp"
    }


def test_renamed_taxonomy_names_the_procedures_to_reindex(demo):
    adapter = registry.adapter_for(ProcedurePage)
    assert ProcedureField in adapter.depends_on
    field = ProcedureField.objects.get(slug="chung-thuc")
    assert {p.code for p in adapter.dependants(field)} == set(
        ProcedurePage.objects.live().filter(field=field).values_list("code", flat=True)
    )
    agency = PublicBody.objects.get(slug="so-tu-phap")
    assert {p.code for p in adapter.dependants(agency)} == {"2.000488"}
