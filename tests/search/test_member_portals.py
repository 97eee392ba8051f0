"""A member portal's search covers the province-wide documents its list shows (its
issuing bodies and fields chosen), on every engine, in its results, facets, API and
ranking. The member portals and documents are those of the legal app's tests, made
once for the module."""

import pytest
from wagtail.models import Site

from search import service, sites
from search.engines.base import SharedDocuments
from tests.portal.legal.test_member_portals import (
    KIM_DONG_HOST,
    TIEN_LU_HOST,
    bodies,
    documents,
    listed,
    members,
    shared_members,
)
from tests.search.conftest import reindex, site_facet, titles

pytestmark = pytest.mark.usefixtures("shared_portal")

__all__ = ["bodies", "documents", "members", "shared_members"]


@pytest.fixture
def chosen(portal_engine, members, documents, bodies):
    """Tiên Lữ's list shows the province's own documents and those of the field
    "Đất đai thử" besides its own."""
    index = members["tien-lu"].documents
    index.show_bodies = [bodies["tinh"]]
    index.show_fields = [documents["field"]]
    index.save_revision().publish()
    reindex()
    return index


SHOWN_ON_TIEN_LU = [
    "Quyết định chung của tỉnh",
    "Quyết định riêng của Tiên Lữ",
    "Quyết định đất đai của xã",
]


def test_a_member_site_searches_the_province_wide_documents_it_shows(
    client, chosen, members
):
    response = client.get(
        "/tim-kiem/", {"q": "quyet dinh", "type": "legal"}, HTTP_HOST=TIEN_LU_HOST
    )
    assert titles(response) == SHOWN_ON_TIEN_LU
    # "Toàn tỉnh" still searches every portal.
    everything = client.get(
        "/tim-kiem/",
        {"q": "quyet dinh", "type": "legal", "site": "all"},
        HTTP_HOST=TIEN_LU_HOST,
    )
    assert "Quyết định riêng của Kim Động" in titles(everything)
    # Another member portal chose nothing: its own documents only.
    kim_dong = client.get(
        "/tim-kiem/", {"q": "quyet dinh", "type": "legal"}, HTTP_HOST=KIM_DONG_HOST
    )
    assert titles(kim_dong) == ["Quyết định riêng của Kim Động"]


def test_the_api_on_a_member_site_covers_what_it_shows(client, chosen, members):
    def api(host, **params):
        response = client.get(
            "/api/v1/search/",
            {"q": "quyet dinh", "type": "legal", **params},
            HTTP_HOST=host,
        )
        assert response.status_code == 200, response.json()
        return sorted(hit["title"] for hit in response.json()["results"])

    # Asked on the member portal: what its own search shows.
    assert api(TIEN_LU_HOST) == SHOWN_ON_TIEN_LU
    # A portal chosen by name is its own documents, as the "Cổng" facet counts
    # them, wherever it is asked.
    for host in (TIEN_LU_HOST, "localhost"):
        assert api(host, site=TIEN_LU_HOST) == ["Quyết định riêng của Tiên Lữ"]


def test_a_portal_chosen_from_the_facet_shows_as_many_as_its_count(
    client, chosen, members
):
    everything = client.get("/tim-kiem/", {"q": "quyet dinh", "type": "legal"})
    site_id = str(members["tien-lu"].site.pk)
    _label, count = site_facet(everything.context["facets"])[site_id]
    chosen_one = client.get(
        "/tim-kiem/", {"q": "quyet dinh", "type": "legal", "site": site_id}
    )
    assert titles(chosen_one) == ["Quyết định riêng của Tiên Lữ"]
    assert chosen_one.context["results"].count == count


def test_a_member_lists_search_ranks_what_the_site_shows(
    client, chosen, members, documents
):
    html = listed(client, chosen, TIEN_LU_HOST, "?q=quyet+dinh")
    for title in SHOWN_ON_TIEN_LU:
        assert title in html, title
    assert "Quyết định riêng của Kim Động" not in html
    # The ranking asked of the engine is the site's, not the province's best.
    member = members["tien-lu"].site
    ranked = service.ranked_object_ids("quyet dinh", "legal", site=member)
    assert sorted(ranked) == sorted(
        str(documents[key].pk) for key in ("tinh", "tien-lu", "dat-dai")
    )


def test_kinds_of_bodies_chosen_are_searched_as_their_bodies(
    chosen, members, documents
):
    chosen.show_kinds = ["trung-uong"]
    chosen.save_revision().publish()
    member = members["tien-lu"].site
    ranked = service.ranked_object_ids("nghi dinh chinh phu", "legal", site=member)
    assert ranked == [str(documents["chinh-phu"].pk)]
    kim_dong = members["kim-dong"].site
    assert (
        service.ranked_object_ids("nghi dinh chinh phu", "legal", site=kim_dong) == []
    )


def test_a_member_sites_scope_costs_a_few_queries(
    members, documents, chosen, django_assert_num_queries
):
    """The sites, then the chosen bodies and fields of the site's lists: the
    same few queries however many sites and documents there are."""
    with django_assert_num_queries(4):
        root_ids, shared = sites.searched_from(members["tien-lu"].site)
    assert root_ids == (str(members["tien-lu"].site.root_page_id),)
    body = documents["tinh"].issuing_body.slug
    assert shared == (
        SharedDocuments("legal", {"body": (body,), "field": ("dat-dai-thu",)}),
    )
    # The province's site searches everything: nothing to read.
    province = Site.objects.get(is_default_site=True)
    with django_assert_num_queries(0):
        assert sites.searched_from(province) == ((), ())
