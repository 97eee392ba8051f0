"""What readers see in news lists, on the home page and on an article."""

import json
import re

import pytest
from django.utils import timezone

from portal.news import wagtail_hooks
from portal.news.models import NEWS_PER_PAGE, NewsAttachment, NewsPage

PLAN_URL = (
    "/tin-tuc/cai-cach-hanh-chinh/ban-hanh-ke-hoach-cai-cach-hanh-chinh-nam-2020/"
)


def titles_in(html):
    return re.findall(r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_category_lists_its_news_newest_first_and_paginates(
    client, category, make_news
):
    for day in range(1, NEWS_PER_PAGE + 3):
        make_news(category, f"Tin số {day:02d}", day=(2020, 3, day))

    first = client.get(category.url).content.decode()
    titles = titles_in(first)
    assert titles[0] == f"Tin số {NEWS_PER_PAGE + 2:02d}"
    assert len(titles) == NEWS_PER_PAGE
    assert '<span aria-current="page">1</span>' in first
    assert '<a href="?page=2" rel="next">Trang sau</a>' in first

    second = client.get(category.url + "?page=2").content.decode()
    assert titles_in(second) == ["Tin số 02", "Tin số 01"]
    # A page number out of range or not a number still shows news, never an error.
    assert client.get(category.url + "?page=99").status_code == 200
    assert client.get(category.url + "?page=abc").status_code == 200


def test_category_without_news_says_so(client, category):
    html = client.get(category.url).content.decode()
    assert "Chưa có tin nào trong mục này." in html


def test_top_news_page_lists_all_categories_and_cross_listed_news(
    client, news_root, category, make_news
):
    html = client.get(news_root.url).content.decode()
    for name in ("Tin hoạt động", "Cải cách hành chính", "Thông báo", "Chuyển đổi số"):
        assert name in html
    assert "Thông báo tuyển dụng công chức năm 2020" in html

    other = news_root.get_children().get(slug="thong-bao").specific
    news = make_news(other, "Triển khai ứng dụng chuyển đổi số cấp xã")
    news.extra_categories.add(category)
    news.save_revision().publish()
    assert "Triển khai ứng dụng chuyển đổi số cấp xã" in titles_in(
        client.get(category.url).content.decode()
    )


def test_monthly_archive(client, category, make_news):
    make_news(category, "Tin tháng Ba", day=(2020, 3, 10))
    make_news(category, "Tin tháng Tư", day=(2020, 4, 10))

    html = client.get(category.url).content.decode()
    assert f'href="{category.url}2020/04/"' in html
    assert "Tháng 04/2020" in html

    archive = client.get(f"{category.url}2020/03/").content.decode()
    assert titles_in(archive) == ["Tin tháng Ba"]
    assert "tháng 03/2020" in archive
    assert client.get(f"{category.url}2020/13/").status_code == 404


def test_home_page_shows_featured_story_and_latest_by_category(client, demo):
    html = client.get("/").content.decode()
    assert "Tin tiêu điểm" in html
    top = html.split('class="home-news-top__featured"')[1].split("</article>")[0]
    assert "Ban hành Kế hoạch cải cách hành chính tỉnh Hưng Yên năm 2020" in top
    for category in ("Tin hoạt động", "Kinh tế - Xã hội", "Văn hóa - Xã hội"):
        assert re.search(rf'home-news-\d+"><a href="[^"]+">{category}</a>', html)
    assert "Nhãn lồng Hưng Yên vào vụ thu hoạch" in html


def test_home_page_shows_newest_news_when_none_is_featured(client, demo, make_news):
    NewsPage.objects.update(featured=False)
    category = NewsPage.objects.get(slug="le-hoi-van-hoa-pho-hien").get_parent()
    make_news(category, "Tin mới nhất hôm nay", day=(2030, 1, 1))
    html = client.get("/").content.decode()
    top = html.split('class="home-news-top__featured"')[1].split("</article>")[0]
    assert "Tin mới nhất hôm nay" in top


def test_article_shows_lead_byline_citation_and_related_news(client, demo):
    response = client.get(PLAN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="news-article__sapo">Ngày 24/12/2019' in html
    assert "<picture>" in html and 'type="image/webp"' in html
    assert "Thu Hà" in html and "Nguồn: Sở Nội vụ" in html
    # The legal document's own page when the legal app has it, else its short URL.
    plan = NewsPage.objects.get(slug="ban-hanh-ke-hoach-cai-cach-hanh-chinh-nam-2020")
    href = plan.cited_document_links()[0]["url"]
    assert href.startswith("/van-ban/")
    assert f'<a href="{href}">Nội dung chi tiết của Kế hoạch 146/KH-UBND</a>' in html
    related = html.split('id="related-news-title"')[1]
    assert "Tin liên quan" in html
    assert "Trung tâm Phục vụ hành chính công tiếp nhận" in related
    assert html.rstrip().endswith("</html>")


def test_article_lists_attachments_with_type_and_size(
    client, demo, category, make_news
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Toàn văn kế hoạch",
        file=ContentFile(b"%PDF-1.4\n" + b"0" * 3000, name="ke-hoach.pdf"),
    )
    page = make_news(category, "Tin có tệp đính kèm")
    page.attachments = [NewsAttachment(document=document, title="")]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Tệp đính kèm" in html
    assert f'href="{document.url}" download>Toàn văn kế hoạch</a>' in html
    assert re.search(r"\(PDF, 2[,.]9\xa0KB\)", html)


def test_open_graph_and_twitter_meta(client, demo):
    html = client.get(PLAN_URL).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:title" content="Ban hành Kế hoạch cải cách hành chính tỉnh '
        'Hưng Yên năm 2020">' in html
    )
    assert re.search(
        r'<meta property="og:image" content="http://testserver/[^"]+">', html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:section" content="Cải cách hành chính">' in html


def json_ld_of(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_news_article_json_ld(client, demo):
    data = json_ld_of(client.get(PLAN_URL).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Ban hành Kế hoạch cải cách hành chính")
    assert data["datePublished"] == "2019-12-24T16:30:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Thu Hà"}
    assert data["publisher"]["name"] == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert data["image"][0].startswith("http://testserver/media/images/")
    assert data["articleSection"] == "Cải cách hành chính"
    assert "kế hoạch" in data["keywords"]


def test_json_ld_cannot_be_broken_out_of(client, category, make_news):
    page = make_news(
        category, "Tiêu đề </script><script>alert(1)</script>", sapo="A & B <b>"
    )
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld_of(html)
    assert data["headline"] == "Tiêu đề </script><script>alert(1)</script>"
    assert data["description"] == "A & B <b>"
    assert data["author"]["@type"] == "Organization"
    assert "image" not in data


def test_print_view(client, demo):
    response = client.get(PLAN_URL + "ban-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<h1>Ban hành Kế hoạch cải cách hành chính tỉnh Hưng Yên năm 2020</h1>" in html
    )
    assert "Nội dung chi tiết của Kế hoạch 146/KH-UBND" in html
    assert 'class="main-nav' not in html
    assert '<meta name="robots" content="noindex">' in html


def test_news_citing_a_legal_document_on_its_page(demo, rf):
    """The legal app's detail page renders the slot with its page in context."""

    class LegalDocument:
        number_key = "146-kh-ubnd"

    html = wagtail_hooks.news_citing_document(
        {"page": LegalDocument(), "request": rf.get("/")}
    )
    assert "Tin liên quan" in html
    assert "Ban hành Kế hoạch cải cách hành chính tỉnh Hưng Yên năm 2020" in html
    assert "Hội nghị tổng kết công tác năm 2019" in html
    assert "Nhãn lồng" not in html

    class Uncited:
        number_key = "999-qd-ubnd"

    assert wagtail_hooks.news_citing_document({"page": Uncited()}) == ""
    assert wagtail_hooks.news_citing_document({"page": None}) == ""


def test_expired_news_is_hidden_at_once(client, category, make_news):
    page = make_news(category, "Thông báo đã hết hạn")
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert "Thông báo đã hết hạn" not in client.get(category.url).content.decode()


@pytest.mark.parametrize("path", ["/tin-tuc/", "/tin-tuc/cai-cach-hanh-chinh/"])
def test_category_page_runs_a_bounded_number_of_queries(
    client, demo, path, make_news, django_assert_max_num_queries
):
    category = NewsPage.objects.get(slug="le-hoi-van-hoa-pho-hien").get_parent()
    category = category.get_parent().get_children().get(slug="cai-cach-hanh-chinh")
    for day in range(1, 13):
        make_news(category, f"Tin số {day}", day=(2021, 1, day), tags=["thử nghiệm"])
    client.get(path)  # warm the site and settings caches like a running server
    with django_assert_max_num_queries(25):
        assert client.get(path).status_code == 200


def test_news_page_runs_a_bounded_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.get(PLAN_URL)  # warm the fragment caches (portal.core.caching)
    # Its route, fields and parts are cached (portal.core.routing, portal.core.caching).
    with django_assert_max_num_queries(0):
        assert client.get(PLAN_URL).status_code == 200


def test_home_page_runs_a_bounded_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.get("/")  # warm the fragment caches (portal.core.caching)
    with django_assert_max_num_queries(0):
        assert client.get("/").status_code == 200


def test_category_sidebar_leads_to_the_other_categories(client, demo):
    html = client.get("/tin-tuc/thong-bao/").content.decode()
    sidebar = html.split('id="news-categories-title"')[1].split("</nav>")[0]
    assert 'href="/tin-tuc/tin-hoat-dong/">Tin hoạt động</a>' in sidebar
    assert 'href="/tin-tuc/thong-bao/" aria-current="page">Thông báo</a>' in sidebar


def test_citation_of_a_document_not_on_the_portal_links_its_short_url(
    client, category, make_news
):
    from portal.news.models import NewsCitedDocument

    page = make_news(category, "Tin dẫn văn bản chưa đăng")
    page.cited_documents = [
        NewsCitedDocument(number="15/2020/QĐ-UBND", label=""),
        NewsCitedDocument(number="07/TB-XYZ", label="Thông báo"),
    ]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert (
        '<a href="/van-ban/so/15-2020-qd-ubnd/">Nội dung chi tiết của văn bản '
        "15/2020/QĐ-UBND</a>" in html
    )
    assert (
        '<a href="/van-ban/so/07-tb-xyz/">Nội dung chi tiết của Thông báo '
        "07/TB-XYZ</a>" in html
    )
