"""The Wagtail admin speaks Vietnamese to the portal's editors.

Wagtail's own Vietnamese catalogues translate only a small part of the admin, so the
catalogues of the ``portal.admin_vi`` app (listed before Wagtail's apps, they win over
theirs) supply the rest, and travel in the portal-kit wheel. These tests look at the screens an editor uses every day
and check the catalogues themselves: every placeholder and HTML tag of a msgid survives
in its translation, and no Wagtail string is left without a Vietnamese version.
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_factories
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import LibraryDocumentFactory

pytestmark = pytest.mark.usefixtures("shared_portal", "shared_core_pages")

ADMIN_CATALOGUE_DIR = Path(apps.get_app_config("admin_vi").path) / "locale"
PROJECT_CATALOGUES = sorted((ADMIN_CATALOGUE_DIR / "vi" / "LC_MESSAGES").glob("*.po"))
WAGTAIL_DIR = Path(wagtail.__file__).parent

# Attributes whose text a person reads or hears (screen readers, tooltips).
READABLE_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class _ReadableText(HTMLParser):
    """Collects what a person reads on a page: text nodes and readable attributes."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden_depth += 1
        for name, value in attrs:
            if name in READABLE_ATTRIBUTES and value and value.strip():
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth and data.strip():
            self.texts.append(" ".join(data.split()))


def readable_texts(response) -> list[str]:
    assert response.status_code == 200
    parser = _ReadableText()
    parser.feed(response.content.decode())
    return parser.texts


def assert_vietnamese(texts, expected, english):
    """Every expected Vietnamese phrase is shown and no English phrase is."""
    joined = "\n".join(texts)
    missing = [phrase for phrase in expected if phrase not in joined]
    assert not missing, f"Vietnamese text not shown: {missing}"
    leftovers = [phrase for phrase in english if phrase in texts]
    assert not leftovers, f"English text still shown: {leftovers}"


@pytest.fixture
def section(intro):
    """A published section with sub-pages (the copy screen offers to copy them)."""
    return intro.section


def test_login_page_is_vietnamese(db):
    texts = readable_texts(Client().get("/admin/login/"))
    assert_vietnamese(
        texts,
        expected=[
            "Đăng nhập trang quản trị",
            "Tên đăng nhập",
            "Mật khẩu",
            "Nhập mật khẩu",
            "Quên mật khẩu?",
            "Ghi nhớ đăng nhập",
            "Đăng nhập",
        ],
        english=["Sign in", "Sign in to Wagtail", "Password", "Forgotten password?"],
    )
    assert "Remember me" not in "\n".join(texts)


def test_wrong_password_is_explained_in_vietnamese(db, django_user_model):
    django_user_model.objects.create_user(username="bientap", password="dung-roi-123")
    response = Client().post(
        "/admin/login/", {"username": "bientap", "password": "sai-mat-khau"}
    )
    texts = readable_texts(response)
    assert "tên đăng nhập hoặc mật khẩu không đúng" in "\n".join(texts).lower()
    assert not any("didn't match" in text for text in texts)


def test_password_reset_page_is_vietnamese(db):
    texts = readable_texts(Client().get("/admin/password_reset/"))
    assert_vietnamese(
        texts,
        expected=[
            "Đặt lại mật khẩu",
            "Nhập địa chỉ email của bạn để đặt lại mật khẩu",
        ],
        english=["Reset your password", "Reset password"],
    )


def test_dashboard_and_main_menu_are_vietnamese(admin_client, portal):
    response = admin_client.get("/admin/")
    texts = readable_texts(response)
    assert_vietnamese(
        texts,
        expected=["Bảng điều khiển", "Tổng quan trang web", "Tài khoản"],
        english=["Dashboard", "Site summary", "Account"],
    )
    # The sidebar is drawn by JavaScript from JSON props; its labels come from
    # gettext on the server, so read them there.
    html = response.content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.DOTALL,
    )
    labels = set(re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props[1]))))
    labels = {json.loads(f'"{label}"') for label in labels}
    for label in ["Trang", "Hình ảnh", "Tài liệu", "Thiết lập", "Báo cáo", "Trợ giúp"]:
        assert label in labels
    for english in ["Pages", "Images", "Documents", "Settings", "Reports", "Help"]:
        assert english not in labels
    # Strings Wagtail hands to its JavaScript through wagtailConfig.
    config = re.search(
        r'<script id="wagtail-config" type="application/json">(.*?)</script>',
        html,
        re.DOTALL,
    )
    bulk_actions = json.loads(config[1])["STRINGS"]["BULK_ACTIONS"]
    assert bulk_actions["PAGE"]["SINGULAR"] == "Đã chọn 1 trang"
    assert bulk_actions["IMAGE"]["ALL_IN_LISTING"] == (
        "Đã chọn tất cả hình ảnh trong danh sách"
    )


def test_page_explorer_is_vietnamese(admin_client, portal):
    texts = readable_texts(admin_client.get(f"/admin/pages/{portal.home.id}/"))
    assert_vietnamese(
        texts,
        expected=[
            "Thêm trang con",
            "Sửa",
            "Di chuyển",
            "Sao chép",
            "Xóa",
            "Hủy xuất bản",
            "Lịch sử",
            "Sắp xếp thứ tự menu",
            "Thao tác hàng loạt",
            "Loại trang",
        ],
        english=[
            "Add child page",
            "Edit",
            "Move",
            "Copy",
            "Delete",
            "Unpublish",
            "History",
            "Sort menu order",
            "Bulk actions",
            "Page type",
            "Live",
        ],
    )


def test_section_page_editor_is_vietnamese(admin_client, section):
    texts = readable_texts(admin_client.get(f"/admin/pages/{section.id}/edit/"))
    assert_vietnamese(
        texts,
        expected=[
            "Lưu bản nháp",
            "Xuất bản",
            "Gửi duyệt",
            "Hủy xuất bản",
            "Nội dung",
            "Quảng bá",
            "Xem trước",
            "Trạng thái",
            "Bình luận",
            "Chưa đặt lịch xuất bản",
            "Đường dẫn (slug)",
            "Hiện trong menu",
        ],
        english=[
            "Save draft",
            "Publish",
            "Unpublish",
            "Content",
            "Promote",
            "Preview",
            "Status",
            "Comments",
            "No publishing schedule set",
            "Slug",
            "Show in menus",
        ],
    )
    assert not any(text.startswith("Submit to ") for text in texts)


def test_new_section_page_form_is_vietnamese(admin_client, portal):
    url = f"/admin/pages/add/core/sectionpage/{portal.home.id}/"
    texts = readable_texts(admin_client.get(url))
    assert_vietnamese(
        texts,
        expected=["Lưu bản nháp", "Xuất bản", "Tiêu đề trang"],
        english=["Save draft", "Publish", "Page title"],
    )


def test_unpublishing_asks_and_reports_in_vietnamese(admin_client, section):
    url = f"/admin/pages/{section.id}/unpublish/"
    assert_vietnamese(
        readable_texts(admin_client.get(url)),
        expected=[
            "Bạn có chắc muốn hủy xuất bản trang này không?",
            "Có, hủy xuất bản",
            "Không, giữ nguyên",
        ],
        english=["Yes, unpublish it", "No, don't unpublish"],
    )
    response = admin_client.post(url, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        "Đã hủy xuất bản trang &#x27;" + section.title in message
        for message in messages
    ), messages


@pytest.mark.parametrize(
    ("path", "expected", "english"),
    [
        (
            "/admin/pages/{section}/delete/",
            ["Bạn có chắc muốn xóa trang này không?", "Không, không xóa"],
            ["Are you sure you want to delete this page?", "No, don't delete"],
        ),
        (
            "/admin/pages/{section}/copy/",
            ["Tiêu đề mới", "Trang cha mới", "Sao chép cả các trang con"],
            ["New title", "New parent page", "Copy subpages"],
        ),
        (
            "/admin/pages/{section}/move/",
            ["Chọn trang cha mới cho trang này.", "Chọn trang khác"],
            ["Select a new parent for this page.", "Choose another page"],
        ),
        (
            "/admin/pages/{section}/history/",
            ["Lịch sử", "Lọc theo", "Đã xuất bản"],
            ["History", "Filter by", "Published"],
        ),
        (
            "/admin/users/",
            ["Người dùng", "Thêm người dùng", "Đăng nhập lần cuối"],
            ["Users", "Add a user", "Last login"],
        ),
        (
            "/admin/groups/new/",
            ["Quyền với trang", "Xuất bản mọi trang", "Quyền khác"],
            ["Page permissions", "Publish any page", "Other permissions"],
        ),
        (
            "/admin/redirects/add/",
            ["Chuyển hướng từ", "Vĩnh viễn", "Chuyển hướng tới trang"],
            ["Redirect from", "Permanent", "Redirect to a page"],
        ),
        (
            "/admin/workflows/list/",
            ["Quy trình duyệt", "Thêm quy trình duyệt"],
            ["Workflows", "Add a workflow"],
        ),
        (
            "/admin/reports/site-history/",
            ["Lịch sử trang web", "Tải về CSV"],
            ["Site history", "Download CSV"],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("/") else "",
)
def test_admin_screen_is_vietnamese(admin_client, section, path, expected, english):
    response = admin_client.get(path.format(section=section.id))
    assert_vietnamese(readable_texts(response), expected=expected, english=english)


def test_image_and_document_libraries_are_vietnamese(admin_client, db):
    # Libraries that hold something, so that sorting and bulk actions show.
    wagtail_factories.ImageFactory(title="Ảnh thử nghiệm")
    LibraryDocumentFactory()
    images = readable_texts(admin_client.get("/admin/images/"))
    assert_vietnamese(
        images,
        expected=["Hình ảnh", "Thêm hình ảnh", "Sắp xếp theo", "Thêm vào thư mục"],
        english=["Images", "Add an image", "Sort by", "Add to collection"],
    )
    documents = readable_texts(admin_client.get("/admin/documents/"))
    assert_vietnamese(
        documents,
        expected=["Tài liệu", "Thêm tài liệu"],
        english=["Documents", "Add a document"],
    )


def test_javascript_catalogue_is_vietnamese(admin_client):
    """Strings Wagtail's React code translates in the browser (djangojs domain)."""
    response = admin_client.get("/admin/jsi18n/")
    assert response.status_code == 200
    script = response.content.decode()
    for english, vietnamese in [
        ("Expand all", "Mở rộng tất cả"),
        ("Insert a block", "Chèn khối nội dung"),
        ("Page explorer", "Cây trang"),
        # Wagtail's own djangojs catalogue says "Tùy chỉnh"; the project one wins.
        ("Settings", "Thiết lập"),
    ]:
        assert f"{json.dumps(english)}: {json.dumps(vietnamese)}" in script


def test_project_catalogue_replaces_weak_upstream_translations():
    """Where Wagtail's own Vietnamese is wrong, the project catalogue wins."""
    with translation.override("vi"):
        assert translation.gettext("Settings") == "Thiết lập"
        assert translation.gettext("Submit for moderation") == "Gửi duyệt"
        assert translation.gettext("Unpublish") == "Hủy xuất bản"
        assert translation.gettext("Dashboard") == "Bảng điều khiển"


# The catalogues themselves.

PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?(?P<type>[sdifrxXeEgGc%])"
)
BRACE_PLACEHOLDER = re.compile(r"\{(\w*)\}")
HTML_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)")


def placeholders(text: str) -> Counter:
    """The placeholders and HTML tags of a message, as a multiset."""
    found = Counter()
    for match in PERCENT_PLACEHOLDER.finditer(text):
        if match["type"] == "%":
            continue
        found[f"%({match['name']}){match['type']}" if match["name"] else "%"] += 1
    for name in BRACE_PLACEHOLDER.findall(text):
        found[f"{{{name}}}"] += 1
    for closing, tag in HTML_TAG.findall(text):
        found[f"<{closing}{tag.lower()}>"] += 1
    return found


# Upstream slips the translation deliberately does not copy. Wagtail's plural of this
# message adds "This will also delete {{ descendant_count }} more child pages." although
# the template only shows it for pages *without* descendants ("... 0 more child pages").
PLACEHOLDERS_DROPPED_ON_PURPOSE = {
    "Deleting this page will also delete %(translation_count)s translation of this page.": {
        "%(descendant_count)s"
    },
}


def named(counter: Counter) -> set:
    return {key for key in counter if key != "%"}


def test_placeholder_helper_sees_every_kind():
    found = placeholders('<b>%(title)s</b> %s of {count} 100%% <a href="%(url)s">')
    assert found == Counter(
        {
            "<b>": 1,
            "</b>": 1,
            "%(title)s": 1,
            "%": 1,
            "{count}": 1,
            "<a>": 1,
            "%(url)s": 1,
        }
    )


@pytest.mark.parametrize("path", PROJECT_CATALOGUES, ids=lambda path: path.name)
def test_catalogue_header_and_completeness(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["Language"] == "vi"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert len(catalogue) > 0
    assert not catalogue.fuzzy_entries()
    assert not catalogue.untranslated_entries()
    assert not catalogue.obsolete_entries()
    for entry in catalogue:
        if entry.msgid_plural:
            # Vietnamese has one plural form: msgstr[0] serves every count.
            assert set(entry.msgstr_plural) == {0}, entry.msgid


@pytest.mark.parametrize("path", PROJECT_CATALOGUES, ids=lambda path: path.name)
def test_translations_keep_placeholders_and_tags(path):
    """A lost or renamed placeholder crashes the page or hides data; keep them all."""
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.msgid_plural:
            # msgstr[0] is used for every number, so it follows the plural msgid
            # ("%(counter)s pages"), which may name more than the singular ("1 page").
            source = placeholders(entry.msgid_plural)
            for dropped in PLACEHOLDERS_DROPPED_ON_PURPOSE.get(entry.msgid, ()):
                del source[dropped]
            translated = placeholders(entry.msgstr_plural[0])
            # Named placeholders may be dropped only if the singular lacks them too.
            ok = (
                named(translated) <= named(source) | named(placeholders(entry.msgid))
                and named(source) <= named(translated)
                and translated["%"] == source["%"]
                and {k: v for k, v in translated.items() if k.startswith("<")}
                == {k: v for k, v in source.items() if k.startswith("<")}
            )
        else:
            source = placeholders(entry.msgid)
            translated = placeholders(entry.msgstr)
            ok = translated == source
        if not ok:
            problems.append(f"{entry.msgid!r}: {dict(source)} != {dict(translated)}")
    assert not problems, "\n".join(problems)


def _english_catalogues():
    return sorted(WAGTAIL_DIR.glob("**/locale/en/LC_MESSAGES/*.po"))


def _translated_keys(path: Path) -> set:
    if not path.exists():
        return set()
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(path))
        if entry.translated() and "fuzzy" not in entry.flags
    }


def test_every_wagtail_string_has_a_vietnamese_translation():
    """After a Wagtail upgrade, new admin strings must be translated here too."""
    project = {path.stem: _translated_keys(path) for path in PROJECT_CATALOGUES}
    missing = []
    for english in _english_catalogues():
        domain = english.stem
        upstream = _translated_keys(
            english.parent.parent.parent / "vi" / "LC_MESSAGES" / english.name
        )
        for entry in polib.pofile(str(english)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or key in upstream or key in project.get(domain, set()):
                continue
            missing.append(f"{english.relative_to(WAGTAIL_DIR)}: {entry.msgid!r}")
    assert not missing, "Untranslated Wagtail strings:\n" + "\n".join(missing)


def _app_catalogues():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob("**/locale/vi/LC_MESSAGES/*.po")):
        parts = path.relative_to(root).parts
        if parts[0] not in {".venv", "var", "node_modules"} and not path.is_relative_to(
            ADMIN_CATALOGUE_DIR
        ):
            yield path


def test_project_catalogue_agrees_with_app_catalogues():
    """portal.admin_vi comes first and wins over every app, so a msgid an app also
    translates (e.g. "Skip to main content" in the public templates) must read the
    same in both, or the admin catalogue would silently change the app's wording."""
    project = {}
    for path in PROJECT_CATALOGUES:
        for entry in polib.pofile(str(path)):
            project[(path.name, entry.msgctxt, entry.msgid)] = (
                entry.msgstr or entry.msgstr_plural.get(0)
            )
    conflicts = []
    for path in _app_catalogues():
        for entry in polib.pofile(str(path)):
            key = (path.name, entry.msgctxt, entry.msgid)
            theirs = entry.msgstr or entry.msgstr_plural.get(0)
            if key in project and theirs and project[key] != theirs:
                conflicts.append(
                    f"{path}: {entry.msgid!r}: {theirs!r} != {project[key]!r}"
                )
    assert not conflicts, "\n".join(conflicts)
