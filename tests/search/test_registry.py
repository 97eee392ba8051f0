"""The search knows the kinds of content, their tabs and their vocabularies only
from the adapters that registered: here the sample documents' (documents.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from search.forms import SearchForm
from search.openapi import build_schema
from search.registry import Kind
from tests.search import documents as docs
from tests.search.documents import KindTestAdapter, LegalTestAdapter

REPORTS = Kind("report", "Báo cáo tổng hợp", order=15)


class ReportModel:
    pass


def test_kinds_are_those_registered_in_their_order(search_registry):
    assert search_registry.kind_names() == ["legal", "news", "procedure", "page"]
    search_registry.register(ReportModel, KindTestAdapter(REPORTS))
    assert search_registry.kind_names() == [
        "legal",
        "report",
        "news",
        "procedure",
        "page",
    ]
    assert search_registry.get_kind("report") is REPORTS
    assert search_registry.get_kind("nothing") is None


def test_kinds_of_equal_order_keep_their_registration_order(search_registry):
    first, second = Kind("zeta", "Z", order=15), Kind("alpha", "A", order=15)
    search_registry.register(type("Z", (), {}), KindTestAdapter(first))
    search_registry.register(type("A", (), {}), KindTestAdapter(second))
    assert search_registry.kind_names()[1:3] == ["zeta", "alpha"]


def test_several_models_share_a_kind(search_registry):
    """A second app's pages under the same tab: one kind, its facets merged."""

    class Drafts(KindTestAdapter):
        facets = {"year": "Năm"}

    drafts = Drafts(docs.PAGES)
    search_registry.register(type("DraftModel", (), {}), drafts)
    assert search_registry.kind_names().count("page") == 1
    assert drafts in search_registry.adapters_for_kind("page")
    assert len(search_registry.adapters_for_kind("page")) == 2
    assert search_registry.facets("page") == {"year": "Năm"}


def test_two_kinds_of_one_name_are_refused(search_registry):
    other_pages = Kind("page", "Trang khác", order=90)
    with pytest.raises(ImproperlyConfigured, match="'page'"):
        search_registry.register(ReportModel, KindTestAdapter(other_pages))


def test_an_adapter_without_a_kind_is_refused(search_registry):
    class NoKind(KindTestAdapter):
        pass

    adapter = NoKind(None)
    with pytest.raises(ImproperlyConfigured, match="Kind"):
        search_registry.register(ReportModel, adapter)


@pytest.mark.parametrize("name", ["", "Legal", "bao-cao", "1st", "x" * 21])
def test_a_kind_name_fits_urls_keys_and_index_names(name):
    with pytest.raises(ValueError, match="kind's name"):
        Kind(name, "Nhãn")


def test_vocabularies_come_through_the_registry(search_registry):
    assert search_registry.vocabulary("doc_type")["quyet-dinh"] == ["Quyết định"]
    assert search_registry.vocabulary("doc_type", kind="news") == {}
    # A facet without one is labelled by the adapter's facet_labels.
    assert search_registry.vocabulary("status") == {}
    assert search_registry.facet_labels(
        "legal", "status", ["con-hieu-luc", "khac"]
    ) == {"con-hieu-luc": "Còn hiệu lực", "khac": "khac"}


def test_vocabularies_of_several_adapters_are_merged(search_registry):
    class MoreTypes(LegalTestAdapter):
        DOC_TYPES = {"quyet-dinh": ["QĐ", "Quyết định"], "cong-van": ["Công văn"]}

    search_registry.register(ReportModel, MoreTypes())
    vocabulary = search_registry.vocabulary("doc_type", kind="legal")
    assert vocabulary["quyet-dinh"] == ["Quyết định", "QĐ"]
    assert vocabulary["cong-van"] == ["Công văn"]


def test_facet_values_are_labelled_from_the_vocabulary(client, indexed):
    response = client.get("/tim-kiem/", {"type": "legal"})
    doc_types = response.context["results"].facets["doc_type"]
    assert {f.value: f.label for f in doc_types}["ke-hoach"] == "Kế hoạch"


def test_a_registered_kind_is_a_tab_a_choice_and_an_api_type(
    client, indexed, search_registry
):
    indexed.index_bulk([docs.doc(7, "Báo cáo kinh tế xã hội quý III", kind="report")])
    search_registry.register(ReportModel, KindTestAdapter(REPORTS))

    response = client.get("/tim-kiem/", {"q": "kinh te xa hoi"})
    tabs = {str(tab["label"]): tab for tab in response.context["tabs"]}
    assert tabs["Báo cáo tổng hợp"]["count"] == 1
    assert tabs["Báo cáo tổng hợp"]["url"] == "?q=kinh+te+xa+hoi&type=report"
    assert "Báo cáo tổng hợp" in response.content.decode()

    assert ("report", "Báo cáo tổng hợp") in SearchForm({}).fields["type"].choices
    found = client.get("/api/v1/search/", {"q": "kinh te", "type": "report"}).json()
    assert [hit["type"] for hit in found["results"]] == ["report"]
    assert client.get("/api/v1/search/suggest/", {"type": "report"}).status_code == 200
    assert client.get("/api/v1/search/suggest/", {"type": "bao"}).status_code == 400

    schema = build_schema()
    parameters = schema["paths"]["/api/v1/search/"]["get"]["parameters"]
    [kind] = [p for p in parameters if p["name"] == "type"]
    assert kind["schema"]["enum"] == [
        "",
        "legal",
        "report",
        "news",
        "procedure",
        "page",
    ]
    assert "Báo cáo tổng hợp (`report`)" in schema["info"]["description"]
