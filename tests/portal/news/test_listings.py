"""What readers see in news lists, on the home page and on an article."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.news import wagtail_hooks
from portal.news.models import (
    NEWS_PER_PAGE,
    NewsAttachment,
    NewsCitedDocument,
    NewsPage,
)
from tests.factories import NewsIndexPageFactory, run_commit_callbacks

pytestmark = pytest.mark.usefixtures("shared_portal")


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
    other = NewsIndexPageFactory(parent=news_root, title="Thông báo", slug="thong-bao")
    make_news(other, "Thông báo tuyển dụng công chức năm 2020")
    html = client.get(news_root.url).content.decode()
    for name in ("Thông báo", "Chuyển đổi số"):
        assert name in html
    assert "Thông báo tuyển dụng công chức năm 2020" in html

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


def test_home_page_shows_featured_story_and_latest_by_category(
    client, portal, news_root, make_news
):
    sections = {
        name: NewsIndexPageFactory(parent=news_root, title=name)
        for name in ("Tin hoạt động", "Kinh tế - Xã hội", "Văn hóa - Xã hội")
    }
    featured = make_news(
        sections["Tin hoạt động"],
        "Tin tiêu điểm của tỉnh",
        day=(2031, 1, 1),
        featured=True,
    )
    newer = make_news(
        sections["Kinh tế - Xã hội"], "Nhãn lồng vào vụ thu hoạch", day=(2031, 1, 2)
    )
    make_news(sections["Văn hóa - Xã hội"], "Lễ hội văn hóa", day=(2031, 1, 3))
    html = client.get(portal.home.url).content.decode()
    assert "Tin tiêu điểm" in html
    top = html.split('class="home-news-top__featured"')[1].split("</article>")[0]
    assert featured.title in top  # featured, though not the newest
    assert newer.title not in top
    for category in sections.values():
        assert re.search(
            rf'home-news-\d+"><a href="{category.url}">{category.title}</a>', html
        )
    assert newer.title in html


def test_home_page_shows_newest_news_when_none_is_featured(
    client, portal, category, make_news
):
    NewsPage.objects.update(featured=False)
    make_news(category, "Tin cũ hơn", day=(2029, 12, 31))
    make_news(category, "Tin mới nhất hôm nay", day=(2030, 1, 1))
    html = client.get(portal.home.url).content.decode()
    top = html.split('class="home-news-top__featured"')[1].split("</article>")[0]
    assert "Tin mới nhất hôm nay" in top


def test_article_shows_lead_byline_citation_and_related_news(client, article):
    response = client.get(article.page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="news-article__sapo">Ngày 24/12/2019' in html
    assert "<picture>" in html and 'type="image/webp"' in html
    assert "Thu Hà" in html and "Nguồn: Sở Nội vụ" in html
    # The legal document's own page when the legal app has it, else its short URL.
    href = article.page.cited_document_links()[0]["url"]
    assert href == article.plan.url
    assert f'<a href="{href}">Nội dung chi tiết của Kế hoạch 246/KH-TN</a>' in html
    related = html.split('id="related-news-title"')[1]
    assert "Tin liên quan" in html
    assert article.related.title in related
    assert html.rstrip().endswith("</html>")


def test_article_lists_attachments_with_type_and_size(client, category, make_news):
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


def test_open_graph_and_twitter_meta(client, article):
    html = client.get(article.page.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.page.title}">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/[^"]+">', html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:section" content="Cải cách hành chính">' in html


def json_ld_of(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_news_article_json_ld(client, article):
    data = json_ld_of(client.get(article.page.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.page.title
    assert data["datePublished"] == "2019-12-24T16:30:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Thu Hà"}
    assert data["publisher"]["name"] == "Ủy ban nhân dân tỉnh Thử Nghiệm"
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


def test_print_view(client, article):
    response = client.get(article.page.url + "ban-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{article.page.title}</h1>" in html
    assert "Nội dung chi tiết của Kế hoạch 246/KH-TN" in html
    assert 'class="main-nav' not in html
    assert '<meta name="robots" content="noindex">' in html


def test_news_citing_a_legal_document_on_its_page(article, make_news, rf):
    """The legal app's detail page renders the slot with its page in context."""
    also_citing = make_news(
        article.category,
        "Hội nghị tổng kết công tác năm 2019",
        cited_documents=[NewsCitedDocument(number="246/KH-TN", label="")],
    )

    class LegalDocument:
        number_key = "246-kh-tn"

    html = wagtail_hooks.news_citing_document(
        {"page": LegalDocument(), "request": rf.get("/")}
    )
    assert "Tin liên quan" in html
    assert article.page.title in html
    assert also_citing.title in html
    assert article.related.title not in html  # related by a tag, citing nothing

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


@pytest.mark.parametrize("listing", ["top", "category"])
def test_category_page_runs_a_bounded_number_of_queries(
    client, news_root, category, listing, make_news, django_assert_max_num_queries
):
    for day in range(1, 13):
        make_news(category, f"Tin số {day}", day=(2021, 1, day), tags=["thử nghiệm"])
    path = {"top": news_root, "category": category}[listing].url
    client.get(path)  # warm the site and settings caches like a running server
    with django_assert_max_num_queries(25):
        assert client.get(path).status_code == 200


def test_news_page_runs_a_bounded_number_of_queries(
    client, article, django_assert_max_num_queries
):
    run_commit_callbacks()  # fragments are cached only for committed content
    url = article.page.url
    client.get(url)  # warm the fragment caches (portal.core.caching)
    # Its route, fields and parts are cached (portal.core.routing, portal.core.caching).
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200


def test_home_page_runs_a_bounded_number_of_queries(
    client, portal, article, django_assert_max_num_queries
):
    run_commit_callbacks()  # fragments are cached only for committed content
    client.get(portal.home.url)  # warm the fragment caches (portal.core.caching)
    with django_assert_max_num_queries(0):
        assert client.get(portal.home.url).status_code == 200


def test_category_sidebar_leads_to_the_other_categories(client, news_root):
    activities = NewsIndexPageFactory(
        parent=news_root, title="Tin hoạt động", slug="tin-hoat-dong"
    )
    notices = NewsIndexPageFactory(
        parent=news_root, title="Thông báo", slug="thong-bao"
    )
    html = client.get(notices.url).content.decode()
    sidebar = html.split('id="news-categories-title"')[1].split("</nav>")[0]
    assert f'href="{activities.url}">Tin hoạt động</a>' in sidebar
    assert f'href="{notices.url}" aria-current="page">Thông báo</a>' in sidebar


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
    short_url = reverse("legal:by_number", args=["15-2020-qd-ubnd"])
    assert (
        f'<a href="{short_url}">Nội dung chi tiết của văn bản 15/2020/QĐ-UBND</a>'
        in html
    )
    short_url = reverse("legal:by_number", args=["07-tb-xyz"])
    assert (
        f'<a href="{short_url}">Nội dung chi tiết của Thông báo 07/TB-XYZ</a>' in html
    )
