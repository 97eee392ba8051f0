"""Plans and projects in the site-wide search, under tabs of their own."""

import datetime

from portal.planning.models import PlanPage, ProjectPage
from portal.planning.search_adapters import PlanSearchAdapter, ProjectSearchAdapter
from search import registry
from search.addresses import resolve

from .conftest import AreaFactory, PlanPageFactory


def test_adapters_are_registered_under_their_tabs():
    assert isinstance(registry.adapter_for(PlanPage), PlanSearchAdapter)
    assert isinstance(registry.adapter_for(ProjectPage), ProjectSearchAdapter)
    labels = {kind.name: str(kind.label) for kind in registry.kinds()}
    assert labels["plan"] == "Quy hoạch, kế hoạch"
    assert labels["project"] == "Dự án, đấu thầu"
    assert set(registry.facets("plan")) == {"kind", "field", "year", "status", "area"}


def test_document_of_a_plan(provincial_planning):
    adapter = registry.adapter_for(PlanPage)
    page = adapter.get_queryset().get(pk=provincial_planning.pk)
    document = adapter.to_document(page)
    assert document.key == f"plan:{page.pk}"
    assert resolve(document.url) == page.url
    assert document.number == "489/QĐ-TTg"
    assert document.date == datetime.date(2024, 6, 10)
    assert "Thủ tướng Chính phủ" in document.text
    assert "2021–2030, tầm nhìn đến năm 2050" in document.text
    assert dict(document.facets) == {
        "kind": ["quy-hoach"],
        "field": [page.sector.slug],
        "year": ["2024"],
        "status": ["dang-thuc-hien"],
        "area": ["toan-tinh"],
    }
    assert adapter.facet_labels("kind", ["quy-hoach"]) == {"quy-hoach": "Quy hoạch"}
    assert adapter.facet_labels("area", ["toan-tinh"]) == {"toan-tinh": "Toàn tỉnh"}


def test_document_of_a_project(road_project):
    adapter = registry.adapter_for(ProjectPage)
    document = adapter.to_document(adapter.get_queryset().get(pk=road_project.pk))
    assert document.key == f"project:{road_project.pk}"
    for text in (
        "Ban Quản lý dự án thử nghiệm",
        "Ngân sách tỉnh",
        "1.234.567.890 đồng",
        "Gói thầu số 05: Thi công xây dựng",
        "Liên danh nhà thầu thử nghiệm",
    ):
        assert text in document.text
    assert document.facets["kind"] == ["du-an"]
    assert document.facets["year"] == ["2025"]


def test_site_search_finds_them_without_diacritics(
    client, provincial_planning, road_project, commit
):
    commit()
    response = client.get("/tim-kiem/", {"q": "quy hoach tinh 2050"})
    assert response.status_code == 200
    tabs = {str(tab["label"]): tab for tab in response.context["tabs"]}
    assert tabs["Quy hoạch, kế hoạch"]["count"] == 1
    response = client.get("/tim-kiem/", {"q": "ngan sach tinh", "type": "project"})
    results = response.context["results"].results
    assert [result.url for result in results] == [road_project.url]
    html = response.content.decode()
    assert "Dự án, đấu thầu" in html


def test_search_facets_filter_plans(client, lists, provincial_planning, commit):
    PlanPageFactory(
        parent=lists.plans,
        title="Kế hoạch sử dụng đất huyện",
        areas=[AreaFactory(name="Huyện Văn Lâm")],
    )
    commit()
    response = client.get("/tim-kiem/", {"type": "plan", "area": "toan-tinh"})
    assert [r.url for r in response.context["results"].results] == [
        provincial_planning.url
    ]
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    labels = {item["value"]: item["label"] for item in facets["kind"]["items"]}
    assert labels["quy-hoach"] == "Quy hoạch"


def test_renaming_a_field_reindexes_its_pages(client, provincial_planning, commit):
    commit()
    sector = provincial_planning.sector
    sector.name = "Phát triển kinh tế - xã hội vùng"
    sector.save()
    commit()
    response = client.get("/tim-kiem/", {"q": "phat trien kinh te xa hoi vung"})
    assert provincial_planning.url in [
        result.url for result in response.context["results"].results
    ]
