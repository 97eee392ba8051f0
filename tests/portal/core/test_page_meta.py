"""Every public page says what it is to search engines and social networks in one
way (portal.core.page_meta): one meta description, one canonical link and the
OpenGraph tags, with the page's absolute address on its Site."""

import html as html_lib
import re

import pytest
import wagtail_factories
from django.core.cache import caches
from django.urls import reverse

from portal.core.page_meta import DESCRIPTION_LENGTH, summarise
from tests import factories

pytestmark = pytest.mark.usefixtures("shared_portal")

SITE = "http://testserver"
#: A title an editor or a citizen could type, quotes and markup included.
HOSTILE = 'Tiêu đề "trích dẫn" <script>alert(1)</script>'


@pytest.fixture(autouse=True)
def fresh_renditions():
    """Wagtail caches renditions by image id, and a rolled-back test's image id
    comes back in the next test with another file."""
    caches["renditions"].clear()


def republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def answered_question(portal):
    page = factories.QuestionIndexPageFactory(parent=portal.home)
    question = factories.QuestionFactory(index_page=page, title=HOSTILE)
    return f"{page.url}{question.pk}/"


def draft(portal):
    index = factories.DraftIndexPageFactory(parent=portal.home)
    return factories.DraftPageFactory(parent=index, title=HOSTILE, summary="Tóm tắt.")


def poll_view(name):
    def build(portal):
        poll = factories.PollFactory(question=HOSTILE)
        return reverse(f"engagement:{name}", args=[poll.pk])

    return build


def child(factory, parent: str):
    return lambda portal: factory(parent=getattr(portal, parent), title=HOSTILE)


def renamed(index: str):
    return lambda portal: republish(getattr(portal, index), title=HOSTILE)


#: Each builds one kind of public page titled HOSTILE: a page, or a view's path.
PAGES = {
    "home": renamed("home"),
    "section": child(factories.SectionPageFactory, "home"),
    "legal_document_list": renamed("legal"),
    "legal_document": child(factories.LegalDocumentPageFactory, "legal"),
    "news_list": renamed("news"),
    "news": lambda portal: factories.NewsPageFactory(
        parent=portal.news, title=HOSTILE, hero_image=wagtail_factories.ImageFactory()
    ),
    "procedure_list": renamed("procedures"),
    "procedure": child(factories.ProcedurePageFactory, "procedures"),
    "contact": child(factories.ContactPageFactory, "home"),
    "questions": child(factories.QuestionIndexPageFactory, "home"),
    "answered_question": answered_question,
    "drafts": child(factories.DraftIndexPageFactory, "home"),
    "draft": draft,
    "poll": poll_view("poll_detail"),
    "poll_results": poll_view("poll_results"),
    "search": lambda portal: reverse("search"),
    "site_map": lambda portal: reverse("site_map"),
}
ARTICLES = {"legal_document", "news"}


def head_of(html: str) -> str:
    return html.split("</head>", 1)[0]


def served_head(client, page) -> str:
    return head_of(client.get(page.url).content.decode())


def tags(head: str, pattern: str) -> list[str]:
    return re.findall(pattern, head)


def meta_property(head: str, name: str) -> list[str]:
    return [
        html_lib.unescape(value)
        for value in tags(head, rf'<meta property="{name}" content="([^"]*)">')
    ]


@pytest.mark.parametrize("kind", PAGES)
def test_every_public_page_has_one_description_canonical_and_open_graph(
    client, portal, kind
):
    built = PAGES[kind](portal)
    path = built if isinstance(built, str) else built.url
    og_type = "article" if kind in ARTICLES else "website"
    response = client.get(path)
    assert response.status_code == 200
    head = head_of(response.content.decode())
    address = f"{SITE}{path}"

    descriptions = tags(head, r'<meta name="description" content="([^"]*)">')
    assert len(descriptions) == 1
    assert descriptions[0].strip()
    assert len(html_lib.unescape(descriptions[0])) <= DESCRIPTION_LENGTH
    assert tags(head, r'<link rel="canonical" href="([^"]*)">') == [address]
    assert meta_property(head, "og:url") == [address]
    assert meta_property(head, "og:type") == [og_type]
    assert meta_property(head, "og:locale") == ["vi_VN"]
    assert meta_property(head, "og:site_name") == [portal.site.site_name]
    assert len(meta_property(head, "og:title")) == 1
    assert meta_property(head, "og:description") == [html_lib.unescape(descriptions[0])]
    if kind not in {"search", "site_map"}:
        # The title is there, escaped: no attribute broken, no script run.
        assert HOSTILE in meta_property(head, "og:title")[0]
        assert "<script>alert" not in head
        assert "&lt;script&gt;" in head and "&quot;trích dẫn&quot;" in head


def test_news_share_image_is_an_absolute_rendition(client, portal):
    image = wagtail_factories.ImageFactory(file__width=1600, file__height=1000)
    page = factories.NewsPageFactory(parent=portal.news, hero_image=image)
    head = served_head(client, page)
    (address,) = meta_property(head, "og:image")
    assert address.startswith(f"{SITE}/")
    assert address != f"{SITE}{image.file.url}"  # a rendition, not the upload
    assert "/images/" in address
    assert meta_property(head, "og:image:width") == ["1200"]
    assert meta_property(head, "og:image:height") == ["630"]
    # News add what only an article has, once, beside the shared tags.
    assert len(meta_property(head, "article:published_time")) == 1
    assert len(tags(head, r'<meta name="twitter:card"')) == 1


def test_a_page_without_image_has_no_og_image(client, portal):
    page = factories.LegalDocumentPageFactory(parent=portal.legal)
    head = served_head(client, page)
    assert meta_property(head, "og:image") == []


def test_legal_document_description_names_type_number_and_summary(client, portal):
    page = factories.LegalDocumentPageFactory(
        parent=portal.legal,
        number="146/KH-UBND",
        title="Kế hoạch cải cách hành chính năm 2027",
    )
    head = served_head(client, page)
    (description,) = meta_property(head, "og:description")
    assert description == (
        "Quyết định số 146/KH-UBND ngày 01/01/2020 của Ủy ban nhân dân tỉnh Thử "
        "Nghiệm: Kế hoạch cải cách hành chính năm 2027"
    )
    assert meta_property(head, "og:title") == [
        "146/KH-UBND Kế hoạch cải cách hành chính năm 2027"
    ]


def test_procedure_description_names_its_field(client, portal):
    page = factories.ProcedurePageFactory(parent=portal.procedures)
    head = served_head(client, page)
    (description,) = meta_property(head, "og:description")
    assert "Lĩnh vực thử nghiệm" in description and page.title in description


def test_the_editors_search_description_wins(client, portal):
    page = factories.SectionPageFactory(
        parent=portal.home,
        intro="Giới thiệu dài.",
        search_description="Mô tả do biên tập viên viết.",
    )
    head = served_head(client, page)
    assert meta_property(head, "og:description") == ["Mô tả do biên tập viên viết."]


def test_rich_text_summary_is_plain_and_cut_on_a_word():
    text = "<p>Một <b>hai</b> &amp; ba</p><p>bốn</p> " + "năm sáu bảy " * 30
    summary = summarise(text)
    assert summary.startswith("Một hai & ba bốn năm")
    assert "<" not in summary
    assert len(summary) <= DESCRIPTION_LENGTH
    assert summary.endswith("…")
    assert summary[:-1].split()[-1] in {"năm", "sáu", "bảy"}  # a whole word
