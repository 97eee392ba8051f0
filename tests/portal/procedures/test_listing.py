import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.procedures.models import ProcedurePage

URL = "/thu-tuc-hanh-chinh/"


def listed(html: str) -> list[str]:
    return re.findall(r'class="procedure-card__title"><a href="([^"]+)"', html)


def facet_counts(html: str, param: str) -> dict[str, int]:
    pattern = (
        rf'name="{param}" value="([^"]+)"(?: checked)?>\s*<label[^>]*>[^<]*'
        r'<span class="facet__count">\((\d+)\)'
    )
    return {value: int(count) for value, count in re.findall(pattern, html)}


def test_list_shows_every_procedure_with_filters(client, procedure_index):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    total = ProcedurePage.objects.live().count()
    assert len(listed(html)) == min(total, procedure_index.per_page)
    assert f"{total} thủ tục" in html
    for legend in ("Lĩnh vực", "Cấp thực hiện", "Cơ quan", "Mức độ"):
        assert legend in html


def test_commune_and_fully_online_filter_lists_only_those(client, procedure_index):
    html = client.get(URL, {"cap": "xa", "muc-do": "toan-trinh"}).content.decode()
    urls = listed(html)
    expected = ProcedurePage.objects.live().filter(
        level="xa", online_level="toan-trinh"
    )
    assert expected.count() >= 2
    assert sorted(urls) == sorted(page.url for page in expected)
    assert "/thu-tuc-hanh-chinh/dang-ky-khai-sinh-1-001193/" in urls
    # The other levels are not listed, whatever their online level.
    assert "/thu-tuc-hanh-chinh/dang-ky-ket-hon-1-000894/" not in urls


def test_counts_tell_how_many_each_choice_gives(client, procedure_index):
    html = client.get(URL, {"cap": "xa"}).content.decode()
    live = ProcedurePage.objects.live()
    # Counts of another filter are computed within cấp xã…
    online = facet_counts(html, "muc-do")
    assert (
        online["toan-trinh"]
        == live.filter(level="xa", online_level="toan-trinh").count()
    )
    assert (
        online["thong-tin"] == live.filter(level="xa", online_level="thong-tin").count()
    )
    # …and the counts of the level filter ignore the level chosen, so that the other
    # levels still say how many they would give.
    levels = facet_counts(html, "cap")
    assert levels == {
        level: live.filter(level=level).count() for level in ("tinh", "huyen", "xa")
    }
    channels = facet_counts(html, "cach-thuc")
    assert (
        channels["truc-tiep"]
        == live.filter(level="xa", channels__channel="truc-tiep").count()
    )
    agencies = facet_counts(html, "co-quan")
    assert (
        agencies["uy-ban-nhan-dan-cap-xa"]
        == live.filter(
            level="xa", implementing_agencies__slug="uy-ban-nhan-dan-cap-xa"
        ).count()
    )


def test_filter_by_field_agency_and_channel(client, procedure_index):
    html = client.get(URL, {"linh-vuc": "xay-dung"}).content.decode()
    assert listed(html) and all("giay-phep" in url for url in listed(html))
    html = client.get(URL, {"co-quan": "so-tu-phap"}).content.decode()
    assert listed(html) == [
        "/thu-tuc-hanh-chinh/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam-nguoi-nuoc-ngoai-dang-cu-tru-tai-viet-nam-2-000488/"
    ]
    html = client.get(URL, {"cach-thuc": "buu-chinh", "cap": "tinh"}).content.decode()
    expected = ProcedurePage.objects.live().filter(
        level="tinh", channels__channel="buu-chinh"
    )
    assert sorted(listed(html)) == sorted(page.url for page in expected)


def test_values_of_one_filter_are_alternatives(client, procedure_index):
    html = client.get(URL + "?cap=xa&cap=tinh&page=1").content.decode()
    expected = ProcedurePage.objects.live().filter(level__in=["xa", "tinh"])
    assert f"{expected.count()} thủ tục" in html


@pytest.mark.parametrize(
    "query",
    ["cap giay phep xay dung", "Cấp giấy phép xây dựng", "CAP GIAY PHEP  xay dung"],
)
def test_search_ignores_diacritics(client, procedure_index, query):
    urls = listed(client.get(URL, {"q": query}).content.decode())
    assert (
        "/thu-tuc-hanh-chinh/cap-giay-phep-xay-dung-moi-doi-voi-nha-o-rieng-le-1-009994/"
        in urls
    )
    # The search engine also matches the body (e.g. a repair permit whose steps
    # speak of building permits), ranked after every procedure named so.
    named = [url for url in urls if "giay-phep-xay-dung" in url]
    assert len(named) == 3
    assert urls[: len(named)] == named


def test_search_by_code_and_with_filters(client, procedure_index):
    assert listed(client.get(URL, {"q": "1.001193"}).content.decode()) == [
        "/thu-tuc-hanh-chinh/dang-ky-khai-sinh-1-001193/"
    ]
    html = client.get(URL, {"q": "dang ky khai sinh", "cap": "huyen"}).content.decode()
    assert listed(html) == [
        "/thu-tuc-hanh-chinh/dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai-1-001695/"
    ]
    # The search box keeps the filters, and the filter form keeps the words.
    assert 'type="hidden" name="cap" value="huyen"' in html
    assert 'type="hidden" name="q" value="dang ky khai sinh"' in html


def test_nothing_found_and_bad_input_never_fail(client, procedure_index):
    html = client.get(URL, {"q": "khong co thu tuc nao nhu vay"}).content.decode()
    assert "Không có thủ tục nào phù hợp" in html
    for params in (
        {"q": "x" * 5000},
        {"page": "abc"},
        {"page": "99999"},
        {"trang": "abc"},
        {"cap": "khong-ton-tai", "muc-do": "<script>"},
        {"co-quan": "khong-ton-tai"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</header>")[1]


def test_unknown_shared_filter_value_can_be_removed(client, procedure_index):
    html = client.get(URL, {"co-quan": "co-quan-da-giai-the"}).content.decode()
    assert "0 thủ tục" in html
    assert 'value="co-quan-da-giai-the" checked' in html


def test_pagination_keeps_the_filters(client, procedure_index):
    procedure_index.per_page = 5
    procedure_index.save()
    first = client.get(URL, {"cap": "xa"}).content.decode()
    assert len(listed(first)) == 5
    assert 'href="?cap=xa&amp;page=2"' in first
    second = client.get(URL, {"cap": "xa", "page": 2}).content.decode()
    assert listed(second) and not set(listed(second)) & set(listed(first))
    assert 'aria-current="page">2<' in second
    # The page parameter's old name, in links shared before, still works.
    shared = client.get(URL, {"cap": "xa", "trang": 2}).content.decode()
    assert listed(shared) == listed(second)


def test_list_query_count_is_bounded(
    client, procedure_index, make_procedure, django_assert_max_num_queries, settings
):
    # Adding procedures bypasses the fragment caches (uncommitted changes): compare
    # like with like, everything rendered.
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    with django_assert_max_num_queries(30):
        client.get(URL, {"cap": "xa", "muc-do": "toan-trinh", "q": "dang ky"})
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for number in range(12):
        make_procedure(
            f"Thủ tục bổ sung {number}",
            agencies=[f"Cơ quan {number}", "Ủy ban nhân dân cấp xã"],
            channels=[("truc-tiep", "01 ngày", ""), ("truc-tuyen", "01 ngày", "")],
        )
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    # More procedures, more agencies: the same number of queries.
    assert len(after.captured_queries) == len(before.captured_queries)


def test_search_without_any_engine_matches_in_the_database(
    client, procedure_index, settings
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
        urls = listed(client.get(URL, {"q": "cap giay phep xay dung"}).content.decode())
    finally:
        service.reset_health_memo()
        reset_engines()
    assert urls and all("giay-phep-xay-dung" in url for url in urls)


def test_a_procedure_of_two_chosen_agencies_is_listed_once(
    client, procedure_index, make_procedure
):
    page = make_procedure(
        "Thủ tục hai cơ quan", agencies=["Sở Thử Nghiệm", "Phòng Thử Nghiệm"]
    )
    html = client.get(
        URL, {"co-quan": ["so-thu-nghiem", "phong-thu-nghiem"]}
    ).content.decode()
    assert listed(html) == [page.url]
    assert "1 thủ tục" in html
    counts = facet_counts(html, "co-quan")
    assert counts["so-thu-nghiem"] == counts["phong-thu-nghiem"] == 1


def test_counts_are_cached_until_the_content_changes(
    client, procedure_index, django_assert_max_num_queries
):
    client.get(URL, {"cap": "xa"})  # counts and facets cached for this version
    # Routing, the page of procedures and their agencies.
    with django_assert_max_num_queries(4):
        assert client.get(URL, {"cap": "xa"}).status_code == 200
