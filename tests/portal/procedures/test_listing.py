import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import PublicBody
from portal.procedures.models import ProcedureField, ProcedurePage


def listed(html: str) -> list[str]:
    return re.findall(r'class="procedure-card__title"><a href="([^"]+)"', html)


def facet_counts(html: str, param: str) -> dict[str, int]:
    pattern = (
        rf'name="{param}" value="([^"]+)"(?: checked)?>\s*<label[^>]*>[^<]*'
        r'<span class="facet__count">\((\d+)\)'
    )
    return {value: int(count) for value, count in re.findall(pattern, html)}


def live_in(index):
    return ProcedurePage.objects.live().child_of(index)


def test_list_shows_every_procedure_with_filters(client, procedure_index, catalogue):
    response = client.get(procedure_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    total = len(catalogue.pages)
    assert total < procedure_index.per_page
    assert sorted(listed(html)) == sorted(page.url for page in catalogue.pages.values())
    assert f"{total} thủ tục" in html
    for legend in ("Lĩnh vực", "Cấp thực hiện", "Cơ quan", "Mức độ"):
        assert legend in html


def test_commune_and_fully_online_filter_lists_only_those(
    client, procedure_index, catalogue
):
    html = client.get(
        procedure_index.url, {"cap": "xa", "muc-do": "toan-trinh"}
    ).content.decode()
    pages = catalogue.pages
    # The other levels are not listed, whatever their online level (9.000894).
    assert sorted(listed(html)) == sorted(
        pages[code].url for code in ("9.001193", "9.000656", "9.000658")
    )


def test_counts_tell_how_many_each_choice_gives(client, procedure_index, catalogue):
    html = client.get(procedure_index.url, {"cap": "xa"}).content.decode()
    live = live_in(procedure_index)
    # Counts of another filter are computed within cấp xã…
    online = facet_counts(html, "muc-do")
    assert online == {"toan-trinh": 3, "mot-phan": 2, "thong-tin": 2}
    assert (
        online["toan-trinh"]
        == live.filter(level="xa", online_level="toan-trinh").count()
    )
    # …and the counts of the level filter ignore the level chosen, so that the other
    # levels still say how many they would give.
    levels = facet_counts(html, "cap")
    assert levels == {"tinh": 3, "huyen": 4, "xa": 7}
    channels = facet_counts(html, "cach-thuc")
    assert channels["truc-tiep"] == 7
    commune = PublicBody.objects.get(name="Ủy ban nhân dân cấp xã")
    agencies = facet_counts(html, "co-quan")
    assert agencies[commune.slug] == 7


def test_filter_by_field_agency_and_channel(client, procedure_index, catalogue):
    url = procedure_index.url
    building = ProcedureField.objects.get(name="Xây dựng")
    html = client.get(url, {"linh-vuc": building.slug}).content.decode()
    assert sorted(listed(html)) == sorted(
        page.url for page in [*catalogue.permits, catalogue.repair]
    )
    justice = PublicBody.objects.get(name="Sở Tư pháp")
    html = client.get(url, {"co-quan": justice.slug}).content.decode()
    assert listed(html) == [catalogue.pages["9.000488"].url]
    html = client.get(url, {"cach-thuc": "buu-chinh", "cap": "tinh"}).content.decode()
    assert sorted(listed(html)) == sorted(
        catalogue.pages[code].url for code in ("9.009996", "9.000488")
    )


def test_values_of_one_filter_are_alternatives(client, procedure_index, catalogue):
    html = client.get(procedure_index.url + "?cap=xa&cap=tinh&page=1").content.decode()
    assert "10 thủ tục" in html
    assert len(listed(html)) == 10


@pytest.mark.parametrize(
    "query",
    ["cap giay phep xay dung", "Cấp giấy phép xây dựng", "CAP GIAY PHEP  xay dung"],
)
def test_search_ignores_diacritics(client, procedure_index, catalogue, query):
    urls = listed(client.get(procedure_index.url, {"q": query}).content.decode())
    # The search engine also matches the body (the repair permit whose steps
    # speak of building permits), ranked after every procedure named so.
    named = {page.url for page in catalogue.permits}
    assert set(urls[: len(named)]) == named
    assert catalogue.repair.url in urls[len(named) :]


def test_search_by_code_and_with_filters(client, procedure_index, catalogue):
    url = procedure_index.url
    assert listed(client.get(url, {"q": "9.001193"}).content.decode()) == [
        catalogue.birth.url
    ]
    html = client.get(url, {"q": "dang ky khai sinh", "cap": "huyen"}).content.decode()
    assert listed(html) == [catalogue.pages["9.001695"].url]
    # The search box keeps the filters, and the filter form keeps the words.
    assert 'type="hidden" name="cap" value="huyen"' in html
    assert 'type="hidden" name="q" value="dang ky khai sinh"' in html


def test_nothing_found_and_bad_input_never_fail(client, procedure_index, catalogue):
    url = procedure_index.url
    html = client.get(url, {"q": "khong co thu tuc nao nhu vay"}).content.decode()
    assert "Không có thủ tục nào phù hợp" in html
    for params in (
        {"q": "x" * 5000},
        {"page": "abc"},
        {"page": "99999"},
        {"trang": "abc"},
        {"cap": "khong-ton-tai", "muc-do": "<script>"},
        {"co-quan": "khong-ton-tai"},
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</header>")[1]


def test_unknown_shared_filter_value_can_be_removed(client, procedure_index, catalogue):
    html = client.get(
        procedure_index.url, {"co-quan": "co-quan-da-giai-the"}
    ).content.decode()
    assert "0 thủ tục" in html
    assert 'value="co-quan-da-giai-the" checked' in html


def test_pagination_keeps_the_filters(client, procedure_index, catalogue, commit):
    url = procedure_index.url
    procedure_index.per_page = 5
    procedure_index.save()
    commit()
    first = client.get(url, {"cap": "xa"}).content.decode()
    assert len(listed(first)) == 5
    assert 'href="?cap=xa&amp;page=2"' in first
    second = client.get(url, {"cap": "xa", "page": 2}).content.decode()
    assert len(listed(second)) == 2 and not set(listed(second)) & set(listed(first))
    assert 'aria-current="page">2<' in second
    # The page parameter's old name, in links shared before, still works.
    shared = client.get(url, {"cap": "xa", "trang": 2}).content.decode()
    assert listed(shared) == listed(second)


def test_list_query_count_is_bounded(
    client,
    procedure_index,
    catalogue,
    make_procedure,
    django_assert_max_num_queries,
    settings,
):
    url = procedure_index.url
    # Adding procedures bypasses the fragment caches (uncommitted changes): compare
    # like with like, everything rendered.
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    with django_assert_max_num_queries(30):
        client.get(url, {"cap": "xa", "muc-do": "toan-trinh", "q": "dang ky"})
    # What a process looks up once (the site and its root paths, after an earlier
    # test of the module changed them) is not what this test compares.
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(12):
        make_procedure(
            f"Thủ tục bổ sung {number}",
            agencies=[f"Cơ quan {number}", "Ủy ban nhân dân cấp xã"],
            channels=[("truc-tiep", "01 ngày", ""), ("truc-tuyen", "01 ngày", "")],
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    # More procedures, more agencies: the same number of queries.
    assert len(after.captured_queries) == len(before.captured_queries)


def test_search_without_any_engine_matches_in_the_database(
    client, procedure_index, catalogue, settings
):
    import socket

    from search import service
    from search.engines import reset_engines

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.PORTAL_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engines.elasticsearch",
            "URLS": [f"http://127.0.0.1:{port}"],
            "TIMEOUT": 1,
            "RETRIES": 0,
        }
    }
    service.reset_health_memo()
    try:
        urls = listed(
            client.get(
                procedure_index.url, {"q": "cap giay phep xay dung"}
            ).content.decode()
        )
    finally:
        service.reset_health_memo()
        reset_engines()
    assert sorted(urls) == sorted(page.url for page in catalogue.permits)


def test_a_procedure_of_two_chosen_agencies_is_listed_once(
    client, procedure_index, make_procedure
):
    page = make_procedure(
        "Thủ tục hai cơ quan", agencies=["Sở Thử Nghiệm", "Phòng Thử Nghiệm"]
    )
    html = client.get(
        procedure_index.url, {"co-quan": ["so-thu-nghiem", "phong-thu-nghiem"]}
    ).content.decode()
    assert listed(html) == [page.url]
    assert "1 thủ tục" in html
    counts = facet_counts(html, "co-quan")
    assert counts["so-thu-nghiem"] == counts["phong-thu-nghiem"] == 1


def test_counts_are_cached_until_the_content_changes(
    client, procedure_index, catalogue, django_assert_max_num_queries
):
    url = procedure_index.url
    client.get(url, {"cap": "xa"})  # counts and facets cached for this version
    # Routing, the page of procedures and their agencies.
    with django_assert_max_num_queries(4):
        response = client.get(url, {"cap": "xa"})
    assert response.status_code == 200
    assert len(listed(response.content.decode())) == 7
