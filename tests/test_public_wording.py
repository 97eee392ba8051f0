"""The public pages keep each app's own Vietnamese wording.

The admin catalogue (the portal.admin_vi app, listed first) translates Wagtail's admin
and wins over every other app catalogue: among the apps, the one listed first in
INSTALLED_APPS wins. An app that reuses a generic English msgid ("Number", "Summary",
"Field", "Next", "Tag"...) with its own meaning therefore silently shows someone else's
wording ("Số" for "Số ký hiệu", "Tiếp" for "Trang sau") unless the msgid carries a
message context. These tests render the pages a citizen reads and look for the labels
the templates mean to show.
"""

import copy
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from portal.news.models import NEWS_PER_PAGE
from tests.factories import (
    ContactPageFactory,
    DraftIndexPageFactory,
    DraftPageFactory,
    LegalDocumentPageFactory,
    LegalFieldFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    QuestionFactory,
    QuestionIndexPageFactory,
    run_commit_callbacks,
)


class _ReadableText(HTMLParser):
    """Text nodes and the attributes a person reads or hears, one item each."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-label"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value and value.strip():
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def readable(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _ReadableText()
    parser.feed(response.content.decode())
    return parser.texts


def assert_wording(texts, expected, unwanted=()):
    """Every expected label is shown as a whole text or attribute; none of the
    unwanted ones (the admin's wording of the same English word) is."""
    missing = [label for label in expected if label not in texts]
    assert not missing, f"labels not shown: {missing}"
    shown = [label for label in unwanted if label in texts]
    assert not shown, f"admin wording shown on a public page: {shown}"


# The Wagtail admin's wording of the generic msgids the public templates also use.
ADMIN_PAGINATION = ["Trước", "Tiếp", "Trang"]
ADMIN_FIELD = ["Trường", "Trường:"]


@pytest.fixture(scope="module")
def shared_pages(shared_portal, shared_db):
    """`pages`, built once for the module (see tests/conftest.py's `shared_db`)."""
    with shared_db.unblock():
        return build_pages(shared_portal)


@pytest.fixture
def pages(shared_pages, portal, commit):
    """A copy of the module's pages (`build_pages`) for one test."""
    return copy.deepcopy(shared_pages)


def build_pages(portal):
    """What each public page needs to show all its parts: eleven documents and
    eleven procedures (three pages of five), a page and more of news, a question
    with its answer, a draft open for comment and a contact form; all indexed."""
    for index in (portal.legal, portal.procedures):
        index.per_page = 5
        index.save_revision().publish()
    field = LegalFieldFactory(name="Nội vụ")
    documents = [
        LegalDocumentPageFactory(parent=portal.legal, fields=[field]) for _ in range(11)
    ]
    procedures = ProcedurePageFactory.create_batch(11, parent=portal.procedures)
    news = NewsPageFactory.create_batch(NEWS_PER_PAGE + 1, parent=portal.news)
    article = news[0]
    article.tags.add("cải cách hành chính")
    article.save_revision().publish()
    qa_page = QuestionIndexPageFactory(parent=portal.home)
    question = QuestionFactory(index_page=qa_page)
    draft = DraftPageFactory(parent=DraftIndexPageFactory(parent=portal.home))
    contact = ContactPageFactory(parent=portal.home)
    run_commit_callbacks()  # indexed for search, as after the editors' commits
    return SimpleNamespace(
        portal=portal,
        document=documents[0],
        procedure=procedures[0],
        article=article,
        qa_page=qa_page,
        question=question,
        draft=draft,
        contact=contact,
    )


def test_home_page(client, pages):
    assert_wording(
        readable(client, pages.portal.home.url),
        expected=[
            "Tin mới nhất",
            "Văn bản mới",
            "Tất cả văn bản",
            "Thủ tục hành chính",
        ],
    )


def test_legal_list_and_its_pagination(client, pages):
    texts = readable(client, pages.portal.legal.url + "?trang=2")
    assert_wording(
        texts,
        expected=[
            "Số ký hiệu",
            "Trích yếu",
            "Lĩnh vực",
            "Năm ban hành",
            "Nhóm văn bản",
            "Sắp xếp theo",
            "Danh sách văn bản",
            "Phân trang",
            "Trang trước",
            "Trang sau",
        ],
        unwanted=["Số", "Tóm tắt", "Năm", "Nhóm", "Tài liệu", *ADMIN_FIELD]
        + ADMIN_PAGINATION,
    )
    assert "11 văn bản" in texts


def test_legal_document(client, pages):
    assert_wording(
        readable(client, pages.document.url),
        expected=[
            "Số ký hiệu",
            "Trích yếu",
            "Lĩnh vực",
            "Nhóm văn bản",
            "Quá trình hiệu lực",
        ],
        unwanted=["Số", "Tóm tắt", "Nhóm", "Dòng thời gian", *ADMIN_FIELD],
    )


def test_news_index_and_article(client, pages):
    assert_wording(
        readable(client, pages.portal.news.url),
        expected=["Phân trang", "Trang sau"],
        unwanted=ADMIN_PAGINATION,
    )
    assert_wording(
        readable(client, pages.article.url),
        expected=["Từ khóa:", "Bản in"],
        unwanted=["Thẻ:", "Thẻ"],
    )


def test_procedure_list_and_page(client, pages):
    assert_wording(
        readable(client, pages.portal.procedures.url + "?trang=2"),
        expected=[
            "Lĩnh vực",
            "Áp dụng bộ lọc",
            "Phân trang",
            "Trang trước",
            "Trang sau",
        ],
        unwanted=ADMIN_FIELD + ADMIN_PAGINATION,
    )
    assert_wording(
        readable(client, pages.procedure.url),
        expected=["Lĩnh vực", "Mã thủ tục"],
        unwanted=ADMIN_FIELD,
    )


def test_questions_and_answers(client, pages):
    assert_wording(
        readable(client, pages.qa_page.url),
        expected=["Lĩnh vực", "Họ và tên:", "Lĩnh vực:", "Gửi câu hỏi"],
        unwanted=ADMIN_FIELD,
    )
    assert_wording(
        readable(client, pages.question.get_url()),
        expected=["Lĩnh vực:", "Câu hỏi", "Trả lời"],
        unwanted=ADMIN_FIELD,
    )


def test_draft_open_for_comments(client, pages):
    assert_wording(
        readable(client, pages.draft.url),
        expected=["Gửi ý kiến góp ý", "Nội dung góp ý:", "Họ và tên:"],
        unwanted=["Bình luận", "Bản nháp"],
    )


def test_search_results(client, pages):
    assert_wording(
        readable(client, reverse("search") + "?q=thu+nghiem"),
        expected=["Văn bản", "Tin tức", "Trang thông tin", "Trang sau"],
        unwanted=ADMIN_PAGINATION,
    )


def test_contact_form(client, pages):
    assert_wording(
        readable(client, pages.contact.url),
        expected=["Họ và tên:", "Tiêu đề:", "Nội dung:"],
        unwanted=["Tiêu đề email:", "Tên:"],
    )


# The catalogues themselves.


def _app_catalogues():
    """(app label, path) of every app's catalogue, in INSTALLED_APPS order: the
    order in which Django lets one app's translation hide another's."""
    for config in apps.get_app_configs():
        for path in sorted(Path(config.path).glob("locale/vi/LC_MESSAGES/*.po")):
            if Path(settings.BASE_DIR) in path.parents and ".venv" not in path.parts:
                yield config.label, path


def test_apps_do_not_hide_each_others_wording():
    """Two apps translating the same (context, msgid) differently: only the first
    one's wording would ever be shown. Give one of them a context."""
    seen = {}
    conflicts = []
    for label, path in _app_catalogues():
        for entry in polib.pofile(str(path)):
            text = entry.msgstr or entry.msgstr_plural.get(0)
            if not text:
                continue
            key = (path.name, entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != text:
                first, theirs = seen[key]
                conflicts.append(
                    f"{entry.msgid!r} (context {entry.msgctxt!r}): {first} says "
                    f"{theirs!r}, {label} says {text!r}"
                )
            seen.setdefault(key, (label, text))
    assert seen, "no app catalogue found"
    assert not conflicts, "\n".join(conflicts)
