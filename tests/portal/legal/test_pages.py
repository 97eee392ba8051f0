"""The list page with its filters and the detail page a citizen reads."""

import json
import re

import pytest

from portal.legal.models import LegalDocumentIndexPage, LegalDocumentPage

PLAN_URL = "/van-ban/146-kh-ubnd/"


def jsonld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def result_numbers(html):
    table = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return re.findall(r'<td data-label="Số ký hiệu"><a href="[^"]+">([^<]+)</a>', table)


def test_plan_page_shows_metadata_status_relations(client, demo):
    response = client.get(PLAN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "146/KH-UBND",
        "Kế hoạch cải cách hành chính nhà nước năm 2020 tỉnh Hưng Yên",
        "Ủy ban nhân dân tỉnh Hưng Yên",
        "Nguyễn Văn Phóng, Chủ tịch",
        "24/12/2019",
        "Cải cách hành chính",
        "Tình trạng hiệu lực: Còn hiệu lực",
        "<h3>Căn cứ</h3>",
        '<a href="/van-ban/30c-nq-cp/">30c/NQ-CP</a>',
        '<a href="/van-ban/225-qd-ttg/">225/QĐ-TTg</a>',
        "<h3>Được hướng dẫn bởi</h3>",
        "Quá trình hiệu lực",
    ]:
        assert text in html, text
    # Other apps' sections and the page-end slot are rendered.
    assert html.index("Toàn văn") < html.index("</article>")


def test_plan_page_jsonld_is_valid_legislation(client, demo):
    data = jsonld(client.get(PLAN_URL).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "146/KH-UBND"
    assert data["legislationDate"] == "2019-12-24"
    assert data["legislationType"] == "Kế hoạch"
    assert data["legislationPassedBy"]["name"] == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["@id"].endswith(
        "/eli/vn/uy-ban-nhan-dan-tinh-hung-yen/ke-hoach/2019/146-kh-ubnd/"
    )
    bases = {item["legislationIdentifier"] for item in data["isBasedOn"]}
    assert {"30c/NQ-CP", "225/QĐ-TTg", "1149/QĐ-BNV"} <= bases


def test_replaced_document_jsonld_is_not_in_force(client, demo):
    data = jsonld(client.get("/van-ban/30c-nq-cp/").content.decode())
    assert data["legislationLegalForce"] == "https://schema.org/NotInForce"
    replacement = jsonld(client.get("/van-ban/76-nq-cp/").content.decode())
    assert replacement["legislationChanges"][0]["legislationIdentifier"] == "30c/NQ-CP"


def test_jsonld_cannot_break_out_of_its_script(client, make_document):
    doc = make_document(title="Quyết định </script><script>alert(1)</script>")
    html = client.get(doc.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert jsonld(html)["name"] == "Quyết định </script><script>alert(1)</script>"


def test_print_view(client, demo):
    response = client.get(PLAN_URL + "in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "146/KH-UBND" in html and "noindex" in html and "site-header" not in html


def test_attachment_with_size_type_and_inline_viewer(client, demo):
    html = client.get(PLAN_URL).content.decode()
    assert re.search(r"\(PDF, [\d,.]+\s(KB|bytes|byte)\)", html)
    # The viewer is closed and holds no file: nothing is downloaded until the
    # reader opens it (legal.js makes the viewer then).
    viewer = re.search(r'<details class="legal-pdf"[^>]*>', html).group(0)
    assert 'data-pdf-src="/documents/' in viewer and " open" not in viewer
    assert "<object" not in html and "<iframe" not in html
    assert "legal/js/legal.js" in html
    assert "Tải tệp về" in html


def test_list_page_filters_by_every_facet(client, demo):
    cases = {
        "loai=nghi-dinh": {"61/2018/NĐ-CP", "107/2021/NĐ-CP", "45/2020/NĐ-CP"},
        "co-quan=quoc-hoi": {"80/2015/QH13", "63/2020/QH14", "77/2015/QH13"},
        "linh-vuc=tu-phap": {
            "80/2015/QH13",
            "63/2020/QH14",
            "34/2016/NĐ-CP",
            "154/2020/NĐ-CP",
        },
        "nam=2011": {"30c/NQ-CP"},
        "hieu-luc=het-hieu-luc-toan-bo": {
            "30c/NQ-CP",
            "01/2020/QĐ-UBND",
            "12/2019/QĐ-UBND",
        },
        "nguoi-ky=nguyen-van-phong": {
            "19/KH-UBND",
            "146/KH-UBND",
            "01/2020/QĐ-UBND",
            "08/CT-UBND",
        },
        "nhom=qppl&co-quan=uy-ban-nhan-dan-tinh-hung-yen&nam=2020": {"01/2020/QĐ-UBND"},
    }
    for query, expected in cases.items():
        html = client.get(f"/van-ban/?{query}").content.decode()
        numbers = set(result_numbers(html))
        if query.startswith("loai=nghi-dinh"):
            assert expected <= numbers, query
            assert all("NĐ-CP" in n for n in numbers), query
        else:
            assert numbers == expected, query


def test_number_in_any_spelling_comes_first(client, demo):
    # The search engine also finds the documents that cite it, after it.
    for query in ("146 kh ubnd", "kh 146", "146/KH-UBND"):
        html = client.get("/van-ban/", {"q": query}).content.decode()
        assert result_numbers(html)[0] == "146/KH-UBND", query


def test_text_filter_without_diacritics(client, demo):
    html = client.get(
        "/van-ban/?q=ke hoach cai cach hanh chinh nam 2020"
    ).content.decode()
    numbers = result_numbers(html)
    assert "146/KH-UBND" in numbers and "19/KH-UBND" not in numbers
    html = client.get("/van-ban/?q=Kế hoạch cải cách").content.decode()
    assert {"146/KH-UBND", "19/KH-UBND"} <= set(result_numbers(html))


def test_facet_counts_follow_the_other_filters(client, demo):
    html = client.get("/van-ban/?co-quan=quoc-hoi").content.decode()
    assert '<option value="luat">Luật (3)</option>' in html
    assert "Nghị định (" not in html.split('name="loai"')[1].split("</select>")[0]


def test_sort_and_pagination(client, demo):
    index = LegalDocumentIndexPage.objects.get(slug="van-ban")
    index.per_page = 5
    index.save_revision().publish()
    newest = result_numbers(client.get("/van-ban/").content.decode())
    assert newest[0] == "25/2026/QĐ-UBND" and len(newest) == 5
    oldest = result_numbers(client.get("/van-ban/?sap-xep=cu-nhat").content.decode())
    assert oldest[0] == "30c/NQ-CP"
    page2 = client.get("/van-ban/?sap-xep=cu-nhat&page=2").content.decode()
    assert not set(result_numbers(page2)) & set(oldest)
    assert 'href="?sap-xep=cu-nhat&amp;page=3"' in page2
    # A link shared with the page parameter's old name shows the same page, and
    # the links on it use the new name alone.
    shared = client.get("/van-ban/?sap-xep=cu-nhat&trang=2").content.decode()
    assert result_numbers(shared) == result_numbers(page2)
    assert 'href="?sap-xep=cu-nhat&amp;page=3"' in shared
    assert "trang=" not in shared


@pytest.mark.parametrize(
    "query",
    [
        "nam=abc",
        "page=9999",
        "page=-1",
        "trang=abc",
        "hieu-luc=khong-co",
        "q=" + "x" * 5000,
        "loai=%00",
    ],
)
def test_bad_parameters_never_fail(client, demo, query):
    assert client.get(f"/van-ban/?{query}").status_code == 200


def test_no_result_offers_help(client, demo):
    html = client.get("/van-ban/?q=khong-co-van-ban-nay").content.decode()
    assert "Không có văn bản nào phù hợp." in html
    assert "/tim-kiem/?q=khong-co-van-ban-nay" in html


@pytest.mark.parametrize("per_page", [5, 100])
def test_list_query_count_is_bounded(
    client, demo, django_assert_max_num_queries, per_page
):
    index = LegalDocumentIndexPage.objects.get(slug="van-ban")
    index.per_page = per_page
    index.save_revision().publish()
    url = "/van-ban/?linh-vuc=cai-cach-hanh-chinh&q=ke+hoach&sap-xep=cu-nhat"
    client.get(url)  # warm caches (site root, settings, the search engine's columns)
    # 22 for the list and its facets, and 3 for the search engine's text match
    # (matching ids, their rank, their keys).
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200


def test_detail_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    client.get(PLAN_URL)  # warm the fragment caches (portal.core.caching)
    with django_assert_max_num_queries(0):  # route, fields and parts are cached
        assert client.get(PLAN_URL).status_code == 200


def test_home_page_lists_new_documents(client, demo):
    html = client.get("/").content.decode()
    assert "Văn bản mới" in html and 'href="/van-ban/25-2026-qd-ubnd/"' in html


def test_every_demo_document_renders(client, demo):
    for page in LegalDocumentPage.objects.live():
        assert client.get(page.url).status_code == 200, page.number


def test_other_apps_can_add_sections_to_a_document(client, demo):
    from wagtail import hooks

    def related_procedures(context):
        return f"<section><h2>Thủ tục hành chính liên quan</h2>{context['page'].number}</section>"

    with hooks.register_temporarily("portal_legal_document_end", related_procedures):
        html = client.get(PLAN_URL).content.decode()
    assert "<section><h2>Thủ tục hành chính liên quan</h2>146/KH-UBND</section>" in html


def test_pdf_is_served_inline_for_the_viewer(client, demo):
    html = client.get(PLAN_URL).content.decode()
    url = re.search(r'data-pdf-src="([^"]+)"', html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")


def test_filtered_list_query_count_once_counts_are_cached(
    client, demo, django_assert_max_num_queries
):
    url = "/van-ban/?loai=quyet-dinh"
    client.get(url)  # counts and facets cached for this content version and day
    # Routing (2) and the page of documents.
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_cached_counts_follow_a_published_document(client, demo, make_document):
    from tests.portal.core.test_fragments import committed

    def counts(html):
        heading = re.search(r'legal-results__count"[^>]*>\s*([^<]+)<', html)
        option = re.search(r'value="quyet-dinh"[^>]*>Quyết định \((\d+)\)', html)
        return heading.group(1).strip(), int(option.group(1))

    url = "/van-ban/?loai=quyet-dinh"
    before = counts(client.get(url).content.decode())
    client.get(url)
    with committed():
        make_document(title="Quyết định vừa ban hành")
    after = counts(client.get(url).content.decode())
    assert after[1] == before[1] + 1
    assert after[0] != before[0]
    assert "Quyết định vừa ban hành" in client.get(url).content.decode()


def test_a_chosen_value_without_documents_stays_chosen(client, demo):
    """Another filter may leave a chosen value nothing: the form keeps it, so that
    filtering again does not drop it unseen."""
    html = client.get(
        "/van-ban/?loai=luat&co-quan=uy-ban-nhan-dan-tinh-hung-yen"
    ).content.decode()
    assert "0 văn bản" in html
    types = html.split('name="loai"')[1].split("</select>")[0]
    assert '<option value="luat" selected>' in types


def test_related_documents_heading_is_not_repeated_inside(client, demo):
    html = client.get(PLAN_URL).content.decode()
    section = html[html.index('id="legal-relations-heading"') :]
    section = section[: section.index("</section>")]
    assert "<h3>Văn bản liên quan</h3>" not in section
    assert "<h3>" in section


def test_documents_feed_and_where_it_is_announced(client, demo):
    import feedparser

    response = client.get("/van-ban/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Cổng thông tin điện tử tỉnh Hưng Yên – Văn bản mới"
    assert len(feed.entries) == min(30, LegalDocumentPage.objects.live().count())
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert (
        any("146/KH-UBND" in entry.title for entry in feed.entries)
        or len(feed.entries) == 30
    )
    link = '<link rel="alternate" type="application/rss+xml" title="Văn bản mới (RSS)" href="/van-ban/rss/">'
    home = client.get("/").content.decode()
    assert link in home
    assert 'type="application/rss+xml" title="Tin tức - Sự kiện (RSS)"' in home
    assert link in client.get("/van-ban/").content.decode()
    # Not on every page.
    assert link not in client.get(PLAN_URL).content.decode()
