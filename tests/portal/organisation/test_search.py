"""Bodies and contacts in the site-wide search, under "Cơ quan, đơn vị"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import PublicBody
from portal.organisation.models import PublicContact
from search import registry, service
from search.engines.base import SearchQuery
from search.signals import shown_under


def test_bodies_and_contacts_are_one_tab(db):
    kind = registry.get_kind("body")
    assert str(kind.label) == "Cơ quan, đơn vị"
    assert {
        type(adapter).__name__ for adapter in registry.adapters_for_kind("body")
    } == {
        "PublicBodyAdapter",
        "PublicContactAdapter",
    }
    assert registry.adapter_for(PublicBody) and registry.adapter_for(PublicContact)


def test_search_finds_a_body_and_an_official_without_diacritics(
    client, pages, bodies, commit
):
    commit()
    found = service.search(SearchQuery(q="so tu phap thu nghiem", kind="body"))
    urls = [hit.url for hit in found.results]
    assert "/gioi-thieu/co-cau-to-chuc/co-quan/so-tu-phap-tinh-thu-nghiem/" in urls
    # A body outside every chart has no page: it is not found.
    found = service.search(SearchQuery(q="Bộ Thử Nghiệm", kind="body"))
    assert "Bộ Thử Nghiệm" not in [hit.title for hit in found.results]

    found = service.search(SearchQuery(q="le van duc", kind="body"))
    (hit,) = found.results
    assert hit.url == f"/danh-ba/#lien-he-{bodies.contact.pk}"
    # The public search page shows the tab.
    html = client.get("/tim-kiem/", {"q": "so tu phap"}).content.decode()
    assert "Cơ quan, đơn vị" in html


def test_renaming_a_body_updates_its_result(pages, bodies, commit):
    commit()
    bodies.department.name = "Sở Tư pháp và Hộ tịch tỉnh Thử Nghiệm"
    bodies.department.save()
    commit()
    (hit,) = [
        hit
        for hit in service.search(SearchQuery(q="ho tich", kind="body")).results
        if "co-quan" in hit.url
    ]
    assert hit.title == "Sở Tư pháp và Hộ tịch tỉnh Thử Nghiệm"


def test_a_trees_bodies_are_placed_in_a_few_queries_however_many(pages, bodies):
    """Requeuing a site's tree (a site made or given another root) finds the
    chart page of every body in one pass over the charts, not one per body."""

    def queries_for_tree() -> tuple[int, list]:
        """The queries of requeuing the portal's tree, and what it requeues."""
        with CaptureQueriesContext(connection) as context:
            found = list(shown_under([pages.portal.home.path]))
        return len(context.captured_queries), found

    queries_for_tree()  # Wagtail's and the portal's caches of sites
    few, found = queries_for_tree()
    assert {bodies.department, bodies.contact} <= set(found)
    assert bodies.central not in found
    PublicBody.objects.bulk_create(
        PublicBody(name=f"Phòng thử {n}", slug=f"phong-thu-{n}", parent=bodies.office)
        for n in range(30)
    )
    many, found = queries_for_tree()
    assert len([obj for obj in found if isinstance(obj, PublicBody)]) == 4 + 30
    assert many == few
