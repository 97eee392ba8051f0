"""Feeds, related news, slugs, the publishing workflow and scheduled publishing."""

import datetime
import io
import re
from types import SimpleNamespace

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset

from portal.core.models import PortalSettings
from portal.news.demo import REVIEWERS_GROUP
from portal.news.models import (
    NewsPage,
    NewsRelatedLink,
    vietnamese_slug_formatters,
)
from portal.news.search_adapters import NewsSearchAdapter
from search.text import vietnamese_slug
from tests.factories import (
    DocumentTypeFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
)

pytestmark = pytest.mark.usefixtures("shared_portal")


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def notices(news_root, make_news):
    """A "Thông báo" category with two notices, and news in another category."""
    category = NewsIndexPageFactory(parent=news_root, title="Thông báo")
    activities = NewsIndexPageFactory(parent=news_root, title="Tin hoạt động")
    return SimpleNamespace(
        category=category,
        hiring=make_news(
            category,
            "Thông báo tuyển dụng công chức năm 2020",
            day=(2020, 7, 1),
            sapo="Ủy ban nhân dân tỉnh thông báo tuyển dụng công chức năm 2020.",
            tags=["tuyển dụng", "thông báo"],
        ),
        reception=make_news(
            category, "Thông báo lịch tiếp công dân quý III năm 2020", day=(2020, 6, 1)
        ),
        exams=make_news(
            activities,
            "Kỳ thi tốt nghiệp trung học phổ thông diễn ra an toàn, nghiêm túc",
            day=(2020, 8, 10),
        ),
        harvest=make_news(activities, "Nhãn lồng vào vụ thu hoạch", day=(2020, 7, 20)),
    )


def test_rss_feed_of_all_news_is_valid_rss(client, portal, news_root, notices):
    settings = PortalSettings.for_site(portal.site)
    settings.portal_name = "Cổng thông tin điện tử tỉnh Thử Nghiệm"
    settings.save()
    response, feed = parse_feed(client, news_root.url + "rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.title == "Cổng thông tin điện tử tỉnh Thử Nghiệm – Tin tức"
    titles = [entry.title for entry in feed.entries]
    # Newest first, with absolute links and dates.
    assert titles == [
        notices.exams.title,
        notices.harvest.title,
        notices.hiring.title,
        notices.reception.title,
    ]
    assert feed.entries[0].link == f"http://testserver{notices.exams.url}"
    assert feed.entries[0].published_parsed[:3] == (2020, 8, 10)


def test_atom_feed_of_a_category_is_valid_atom(client, notices):
    response, feed = parse_feed(client, notices.category.url + "atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    titles = {entry.title for entry in feed.entries}
    assert titles == {notices.hiring.title, notices.reception.title}
    entry = feed.entries[0]
    assert entry.title == notices.hiring.title
    assert entry.summary.startswith("Ủy ban nhân dân tỉnh thông báo tuyển dụng")
    assert {tag.term for tag in entry.tags} >= {"tuyển dụng", "thông báo"}


def test_category_pages_announce_their_feeds(client, notices):
    url = notices.category.url
    html = client.get(url).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Thông báo (RSS)" '
        f'href="{url}rss/">' in html
    )
    assert 'type="application/atom+xml"' in html


def test_feed_runs_a_bounded_number_of_queries(
    client, news_root, notices, django_assert_max_num_queries
):
    client.get(news_root.url + "rss/")
    with django_assert_max_num_queries(12):
        client.get(news_root.url + "rss/")


# Related news ---------------------------------------------------------------


@pytest.fixture
def related_setup(news_root, category, make_news):
    other = NewsIndexPageFactory(parent=news_root, title="Y tế", slug="y-te")
    page = make_news(category, "Số hóa hồ sơ", day=(2020, 5, 10), tags=["số hóa"])
    return {
        "page": page,
        "sibling_old": make_news(category, "Tin cùng mục cũ", day=(2020, 1, 1)),
        "sibling_new": make_news(category, "Tin cùng mục mới", day=(2020, 6, 1)),
        "same_tag": make_news(
            other, "Bệnh viện số hóa bệnh án", day=(2020, 4, 1), tags=["số hóa"]
        ),
        "unrelated": make_news(other, "Tiêm chủng mở rộng", day=(2020, 7, 1)),
        "draft": make_news(category, "Bản nháp cùng mục", publish=False),
    }


def test_related_news_share_a_tag_or_category_newest_first(related_setup):
    page = related_setup["page"]
    related = [news.title for news in page.get_related_news()]
    assert related == [
        "Tin cùng mục mới",
        "Bệnh viện số hóa bệnh án",
        "Tin cùng mục cũ",
    ]


def test_related_news_chosen_by_the_editor_win(related_setup, client):
    page = related_setup["page"]
    page.related_links = [
        NewsRelatedLink(related_page=related_setup["unrelated"]),
        NewsRelatedLink(related_page=related_setup["sibling_old"]),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    assert [news.title for news in page.get_related_news()] == [
        "Tiêm chủng mở rộng",
        "Tin cùng mục cũ",
    ]
    html = client.get(page.url).content.decode()
    assert "Tiêm chủng mở rộng" in html.split('id="related-news-title"')[1]


def test_new_news_appears_among_related_news_of_its_siblings(
    related_setup, make_news, category
):
    fresh = make_news(category, "Tin vừa đăng", day=(2020, 8, 1))
    assert related_setup["sibling_old"].get_related_news()[0] == fresh


# Slugs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Kế hoạch cải cách hành chính", "ke-hoach-cai-cach-hanh-chinh"),
        ("Đường Điện Biên Phủ được mở rộng", "duong-dien-bien-phu-duoc-mo-rong"),
        # Punctuation separates words, as in the document's own number key.
        ("Quyết định 01/2020/QĐ-UBND", "quyet-dinh-01-2020-qd-ubnd"),
        ("Tin tức_“nóng” – Q.1", "tin-tuc-nong-q-1"),
    ],
)
def test_slug_from_vietnamese_title(title, slug):
    assert vietnamese_slug(title) == slug
    # The admin's slug field makes the same slug in the browser: its formatters,
    # then its own clean-up (lower case, hyphens collapsed, none at the end).
    formatted = title
    for pattern, replacement in vietnamese_slug_formatters():
        formatted = re.sub(pattern, replacement, formatted)
    browser_slug = re.sub(r"[-\s]+", "-", formatted.lower()).rstrip("-")
    assert browser_slug == slug


def test_a_saved_page_gets_the_same_slug(category):
    page = NewsPage(title="Quyết định 01/2020/QĐ-UBND", sapo="Tóm tắt.", slug="")
    category.add_child(instance=page)
    assert page.slug == "quyet-dinh-01-2020-qd-ubnd"


def test_empty_slug_is_made_from_the_title(category):
    page = NewsPage(title="Đẩy mạnh cải cách hành chính", sapo="Tóm tắt.", slug="")
    category.add_child(instance=page)
    assert page.slug == "day-manh-cai-cach-hanh-chinh"
    twin = NewsPage(title="Đẩy mạnh cải cách hành chính", sapo="Tóm tắt.", slug="")
    category.add_child(instance=twin)
    assert twin.slug == "day-manh-cai-cach-hanh-chinh-2"
    # Saving again keeps a page's own slug; a third twin takes the next number.
    twin.save()
    assert twin.slug == "day-manh-cai-cach-hanh-chinh-2"
    third = NewsPage(title="Đẩy mạnh cải cách hành chính", sapo="Tóm tắt.", slug="")
    category.add_child(instance=third)
    assert third.slug == "day-manh-cai-cach-hanh-chinh-3"


def test_admin_form_numbers_a_slug_already_taken(admin_client, category):
    title = "Hội nghị trực tuyến toàn tỉnh"
    category.add_child(instance=NewsPage(title=title, sapo="Tóm tắt.", slug=""))
    url = f"/admin/pages/add/news/newspage/{category.pk}/"
    response = admin_client.post(
        url, admin_news_form(title, **{"action-publish": "publish"})
    )
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(
        NewsPage.objects.filter(title=title).values_list("slug", flat=True)
    ) == [
        "hoi-nghi-truc-tuyen-toan-tinh",
        "hoi-nghi-truc-tuyen-toan-tinh-2",
    ]


def test_admin_slug_field_knows_vietnamese_letters():
    replacements = {base: pattern for pattern, base in vietnamese_slug_formatters()}
    for base, letters in {"a": "ắặẫ", "d": "đĐ", "o": "ồợ", "u": "ữ", "e": "ế"}.items():
        for letter in letters:
            assert letter in replacements[base]


def test_editor_creates_news_in_the_admin(admin_client, category):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    url = f"/admin/pages/add/news/newspage/{category.pk}/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Hội nghị đối thoại với doanh nghiệp",
            "slug": "",
            "sapo": "Lãnh đạo tỉnh đối thoại, tháo gỡ khó khăn cho doanh nghiệp.",
            "body": streamfield(
                [
                    ("heading", {"text": "Kiến nghị", "level": "h2", "anchor": ""}),
                    (
                        "paragraph",
                        rich_text("<p>Nhiều kiến nghị được trả lời ngay.</p>"),
                    ),
                ]
            ),
            "author": "Minh Anh",
            "source": "",
            "publication_date": "2020-09-01 08:00",
            "tags": "doanh nghiệp, đối thoại",
            "attachments": inline_formset([]),
            "cited_documents": inline_formset(
                [{"number": "146/KH-UBND", "label": "Kế hoạch"}]
            ),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = NewsPage.objects.get(title="Hội nghị đối thoại với doanh nghiệp")
    assert page.slug == "hoi-nghi-doi-thoai-voi-doanh-nghiep"
    assert page.cited_documents.get().number_key == "146-kh-ubnd"
    assert {tag.name for tag in page.tags.all()} == {"doanh nghiệp", "đối thoại"}


# Workflow -------------------------------------------------------------------


def test_workflow_moves_news_from_draft_to_review_to_published(
    client, news_root, news_workflow, category, make_news, django_user_model
):
    editor = django_user_model.objects.create_user("bientap", password="x")
    reviewer = django_user_model.objects.create_user("nguoiduyet", password="x")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))

    # Biên tập: the editor writes a draft.
    page = make_news(category, "Tin chờ duyệt", publish=False)
    assert not page.live
    assert client.get(f"{category.url}{page.slug}/").status_code == 404

    # Duyệt: submitted, it waits for the reviewers' group.
    state = page.get_workflow().start(page, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    assert task_state.task.name == "Duyệt tin"
    task = task_state.task.specific
    # Only the reviewers' group may approve or reject.
    assert {action[0] for action in task.get_actions(page, reviewer)} >= {
        "approve",
        "reject",
    }
    assert task.get_actions(page, editor) == []
    page.refresh_from_db()
    assert not page.live

    # Xuất bản: the reviewer approves and the news is published.
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert "Tin chờ duyệt" in client.get(category.url).content.decode()
    assert "Tin chờ duyệt" in client.get(news_root.url + "rss/").content.decode()


def test_rejected_news_stays_unpublished(
    news_workflow, category, make_news, django_user_model
):
    editor = django_user_model.objects.create_user("bientap2", password="x")
    reviewer = django_user_model.objects.create_user("nguoiduyet2", password="x")
    page = make_news(category, "Tin bị trả lại", publish=False)
    state = page.get_workflow().start(page, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject")
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live


# Scheduled publishing -------------------------------------------------------


def test_scheduled_news_is_hidden_until_due(client, news_root, category, make_news):
    go_live = timezone.now() + datetime.timedelta(days=2)
    page = make_news(category, "Tin hẹn giờ", publish=False, go_live_at=go_live)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert page.publication_date == go_live
    url = f"{category.url}{page.slug}/"
    assert client.get(url).status_code == 404
    assert "Tin hẹn giờ" not in client.get(category.url).content.decode()
    assert "Tin hẹn giờ" not in client.get(news_root.url + "rss/").content.decode()

    # When the time comes, Wagtail's scheduler publishes it.
    due = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.get_latest_revision()
    revision.approved_go_live_at = due
    revision.content["go_live_at"] = due.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live
    assert page.url == url
    assert client.get(url).status_code == 200
    assert "Tin hẹn giờ" in client.get(category.url).content.decode()


def test_news_is_unpublished_when_it_expires(client, category, make_news):
    page = make_news(category, "Thông báo có thời hạn")
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get(f"{category.url}{page.slug}/").status_code == 404
    assert "Thông báo có thời hạn" not in client.get(category.url).content.decode()


# Search ---------------------------------------------------------------------


def test_search_document_of_a_news_item(article):
    from search import registry

    page = article.page
    page.body = [("paragraph", RichText("<p>Sáu nhóm nhiệm vụ trọng tâm.</p>"))]
    page.save_revision().publish()
    page.refresh_from_db()
    adapter = registry.adapter_for(page)
    assert isinstance(adapter, NewsSearchAdapter)
    document = adapter.to_document(page)
    assert document.kind == "news"
    assert document.key == f"news:{page.pk}"
    assert document.summary.startswith("Ngày 24/12/2019")
    assert "Sáu nhóm nhiệm vụ" in document.text
    assert document.date == datetime.date(2019, 12, 24)
    assert document.facets["category"] == ["cai-cach-hanh-chinh"]
    assert document.facets["year"] == ["2019"]
    assert "cai-cach-hanh-chinh" in document.facets["tag"]
    assert document.extra["category"] == "Cải cách hành chính"
    assert document.extra["image"].endswith(".webp")
    assert "246/KH-TN" in document.related_numbers
    assert adapter.facet_labels("category", ["cai-cach-hanh-chinh"]) == {
        "cai-cach-hanh-chinh": "Cải cách hành chính"
    }
    assert page in adapter.get_queryset()


def test_drafts_are_not_indexed(category, make_news):
    draft = make_news(category, "Bản nháp", publish=False)
    adapter = NewsSearchAdapter()
    assert adapter.to_document(draft) is None
    assert draft not in adapter.get_queryset()


# Previews and revisions -----------------------------------------------------


def admin_news_form(title, **extra):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "sapo": "Bản xem trước của biên tập viên.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Nội dung đang soạn.</p>"))]
            ),
            "author": "",
            "source": "",
            "publication_date": "2020-09-01 08:00",
            "tags": "",
            "attachments": inline_formset([]),
            "cited_documents": inline_formset([{"number": "146/KH-UBND", "label": ""}]),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_editor_previews_a_new_news_item(admin_client, portal, category):
    LegalDocumentPageFactory(
        parent=portal.legal,
        number="146/KH-UBND",
        doc_type=DocumentTypeFactory(name="Kế hoạch"),
    )
    url = f"/admin/pages/add/news/newspage/{category.pk}/preview/"
    response = admin_client.post(url, admin_news_form("Tin đang soạn thảo"))
    assert response.json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    assert "<h1>Tin đang soạn thảo</h1>" in html
    assert "Nội dung đang soạn." in html
    # The cited plan is resolved from the legal documents: its type names the link.
    assert "Nội dung chi tiết của Kế hoạch 146/KH-UBND" in html
    assert not NewsPage.objects.filter(title="Tin đang soạn thảo").exists()


def test_editor_previews_changes_and_compares_revisions(
    admin_client, category, make_news
):
    page = make_news(category, "Tiếp công dân định kỳ tháng 6")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    form = admin_news_form("Tiếp công dân định kỳ tháng 6/2020", slug=page.slug)
    assert admin_client.post(url, form).json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    assert "<h1>Tiếp công dân định kỳ tháng 6/2020</h1>" in html
    page.refresh_from_db()
    assert page.title == "Tiếp công dân định kỳ tháng 6"

    old_revision = page.latest_revision
    page.title = "Tiếp công dân định kỳ tháng 6/2020"
    new_revision = page.save_revision()
    compare = admin_client.get(
        f"/admin/pages/{page.pk}/revisions/compare/{old_revision.pk}...{new_revision.pk}/"
    )
    assert compare.status_code == 200
    assert "tháng 6/2020" in compare.content.decode()


def test_a_preview_shows_the_parts_added_in_the_form_not_those_stored(
    admin_client, category, make_news
):
    # Stored without citations or chosen related news: the public page reads
    # which parts it has from the database, a preview from the form.
    page = make_news(category, "Tiếp công dân định kỳ tháng 7")
    chosen = make_news(category, "Tin được chọn", day=(2019, 1, 1))
    make_news(category, "Tin mới hơn cùng mục", day=(2021, 1, 1))
    url = f"/admin/pages/{page.pk}/edit/preview/"
    form = admin_news_form(
        page.title,
        slug=page.slug,
        related_links=inline_formset([{"related_page": chosen.pk}]),
    )
    assert admin_client.post(url, form).json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    citations = html.split('class="news-article__citations"')[1].split("</ul>")[0]
    assert "146/KH-UBND" in citations
    related = html.split('id="related-news-title"')[1]
    assert "Tin được chọn" in related
    assert "Tin mới hơn cùng mục" not in related


def test_renamed_category_reindexes_its_news(notices):
    dependants = set(NewsSearchAdapter().dependants(notices.category))
    assert dependants == {notices.hiring, notices.reception}
