"""Statistics: indicators with values by year or quarter, a chart and a table each,
and their values as CSV files a spreadsheet opens safely."""

import csv
import io
import json
import re

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.disclosure.models import IndicatorPage

#: Whatever the number of indicators (site, page, indicators, values, chrome).
QUERIES_OF_THE_LIST = 14


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_editor_creates_an_indicator_with_quarterly_values(admin_client, statistics):
    data = nested_form_data(
        {
            "title": "Chỉ số sản xuất công nghiệp",
            "slug": "chi-so-san-xuat-cong-nghiep",
            "field": "Kinh tế",
            "unit": "%",
            "source": "Thống kê tỉnh",
            "decimals": 1,
            "intro": "",
            "body": streamfield([]),
            "values": inline_formset(
                [
                    {"year": 2025, "quarter": 1, "value": "109.6"},
                    {"year": 2024, "quarter": "", "value": "110.2"},
                    {"year": 2024, "quarter": 4, "value": "111"},
                ]
            ),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(
        f"/admin/pages/add/disclosure/indicatorpage/{statistics.pk}/", data
    )
    assert response.status_code == 302
    page = IndicatorPage.objects.child_of(statistics).get()
    # Quarters before their year, in time order.
    assert [value.label for value in page.ordered_values()] == [
        "Quý IV/2024",
        "2024",
        "Quý I/2025",
    ]


def test_the_same_quarter_twice_is_refused(admin_client, statistics):
    data = nested_form_data(
        {
            "title": "Chỉ số giá tiêu dùng",
            "slug": "cpi",
            "field": "Giá cả",
            "unit": "%",
            "source": "",
            "decimals": 2,
            "intro": "",
            "body": streamfield([]),
            "values": inline_formset(
                [
                    {"year": 2025, "quarter": 1, "value": "103.1"},
                    {"year": 2025, "quarter": 1, "value": "103.2"},
                ]
            ),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(
        f"/admin/pages/add/disclosure/indicatorpage/{statistics.pk}/", data
    )
    assert response.status_code == 200
    assert "Kỳ này đã được nhập hai lần." in response.content.decode()


def test_an_indicator_page_shows_chart_table_and_dataset_json_ld(
    client, make_indicator
):
    page = make_indicator(
        "Dân số trung bình",
        [(2023, None, "1313.9"), (2024, None, "1325.25")],
        source="Thống kê tỉnh",
        decimals=1,
    )
    html = client.get(page.url).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<script" not in svg
    assert "Dân số trung bình (nghìn người)</title>" in svg
    assert "1.313,9" in html and "1.325,2" in html
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data["@type"] == "Dataset"
    assert data["variableMeasured"]["unitText"] == "nghìn người"
    assert data["distribution"][0]["contentUrl"].endswith(page.url + "csv/")


def test_an_indicators_csv_is_utf8_with_bom_and_formula_safe(client, make_indicator):
    page = make_indicator(
        '=HYPERLINK("http://x")',
        [(2024, 2, "12.5")],
        field="Kinh tế",
        unit="%",
        source="+Nguồn lạ",
    )
    response = client.get(page.url + "csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    heading, row = csv_rows(response)
    assert heading[0] == "Chỉ tiêu"
    assert row[0] == '\'=HYPERLINK("http://x")'
    assert row[3:7] == ["Quý II/2024", "2024", "2", "12.5"]
    assert row[7] == "'+Nguồn lạ"


def test_the_statistics_page_lists_indicators_by_field_and_downloads_all(
    client, statistics, make_indicator
):
    make_indicator("Dân số trung bình", [(2024, None, "1325.2")], field="Dân số")
    make_indicator("Tăng trưởng GRDP", [(2024, None, "8.12")], field="Đầu tư", unit="%")
    html = client.get(statistics.url).content.decode()
    assert html.index("<h2") < html.index("Dân số trung bình")
    assert "1.325,2" in html and "8,1" in html
    only = client.get(statistics.url, {"linh-vuc": "dau-tu"}).content.decode()
    assert "Tăng trưởng GRDP" in only and "Dân số trung bình" not in only

    rows = csv_rows(client.get(statistics.url + "csv/"))
    assert [row[0] for row in rows[1:]] == ["Dân số trung bình", "Tăng trưởng GRDP"]


def test_a_draft_indicator_is_neither_listed_nor_downloaded(
    client, statistics, make_indicator
):
    draft = make_indicator("Chỉ tiêu nháp", [(2024, None, "1")])
    draft.unpublish()
    assert "Chỉ tiêu nháp" not in client.get(statistics.url).content.decode()
    rows = csv_rows(client.get(statistics.url + "csv/"))
    assert rows[1:] == []


def test_search_finds_indicators_under_statistics(client, make_indicator, commit):
    from search import indexing

    page = make_indicator("Thu nhập bình quân đầu người", [(2024, None, "6190")])
    commit()
    indexing.drain()
    response = client.get("/tim-kiem/", {"q": "thu nhap binh quan"})
    hits = [hit for hit in response.context["results"].results if hit.url == page.url]
    assert [hit.kind for hit in hits] == ["statistics"]
    assert "Thống kê" in response.content.decode()


def test_the_statistics_list_reads_the_values_in_one_query(
    client, statistics, make_indicator, django_assert_max_num_queries
):
    for number in range(6):
        make_indicator(f"Chỉ tiêu {number}", [(2024, None, "1"), (2025, 1, "2")])
    client.get(statistics.url)  # warms the site's caches
    with django_assert_max_num_queries(QUERIES_OF_THE_LIST) as queries:
        client.get(statistics.url + "?linh-vuc=dan-so")
    assert not [
        q for q in queries.captured_queries if "disclosure_indicatorvalue" in q["sql"]
    ][1:]
