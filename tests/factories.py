"""Factories for the portal's content: taxonomies, public bodies and published pages.

Page factories take a `parent` (an index page of the `portal` fixture tree in
tests/conftest.py, or any page that may hold them) and publish what they create, so a
test builds exactly the documents, news and procedures it asserts on.
"""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

import factory
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
)

from portal.core.home import default_sections
from portal.core.models import HomePage, PublicBody, PublicBodyKind, SectionPage
from portal.legal.models import (
    DocumentRelation,
    DocumentType,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalField,
    Signer,
)
from portal.news.models import NewsIndexPage, NewsPage
from portal.procedures.models import (
    Audience,
    ProcedureChannel,
    ProcedureField,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
)


class TaxonomyFactory(DjangoModelFactory):
    """A snippet with a unique Vietnamese name; its slug comes from the name on save."""

    class Meta:
        abstract = True
        django_get_or_create = ("name",)


class PublicBodyFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử Nghiệm {n}")
    kind = PublicBodyKind.COMMUNE
    parent = None

    class Meta:
        model = PublicBody


class DocumentTypeFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Loại văn bản {n}")

    class Meta:
        model = DocumentType


class LegalFieldFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực văn bản {n}")

    class Meta:
        model = LegalField


class SignerFactory(DjangoModelFactory):
    """Signers may share a name; the slug tells them apart."""

    name = "Nguyễn Văn Thử"
    slug = factory.Sequence(lambda n: f"nguyen-van-thu-{n}")
    default_position = "Chủ tịch"

    class Meta:
        model = Signer


class ProcedureFieldFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực thủ tục {n}")

    class Meta:
        model = ProcedureField


class AudienceFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Đối tượng {n}")

    class Meta:
        model = Audience


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Adds the page under `parent` and publishes a first revision, as an editor's
    "Publish" does (first_published_at, latest revision, live); `live=False` leaves a
    draft that was never published."""

    class Meta:
        abstract = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        page = super()._create_instance(model_class, parent, kwargs)
        if page.live:
            page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class HomePageFactory(PublishedPageFactory):
    title = "Cổng thông tin điện tử tỉnh Thử Nghiệm"
    slug = factory.Sequence(lambda n: f"trang-chu-thu-nghiem-{n}")
    #: The arrangement a new home page gets (portal.core.home).
    sections = factory.LazyFunction(default_sections)

    class Meta:
        model = HomePage


class SectionPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")

    class Meta:
        model = SectionPage


class LegalDocumentIndexPageFactory(PublishedPageFactory):
    title = "Văn bản"
    slug = "van-ban"

    class Meta:
        model = LegalDocumentIndexPage


class LegalDocumentPageFactory(PublishedPageFactory):
    """A published decision. `fields=[...]` and `relations=[DocumentRelation(...)]` are
    set on the page before it is saved, as the admin form does."""

    title = factory.Sequence(lambda n: f"Quyết định thử nghiệm số {n}")
    slug = factory.Sequence(lambda n: f"thu-nghiem-{n}")
    number = factory.Sequence(lambda n: f"{900 + n}/QĐ-TN")
    doc_type = factory.SubFactory(DocumentTypeFactory, name="Quyết định")
    issuing_body = factory.SubFactory(
        PublicBodyFactory,
        name="Ủy ban nhân dân tỉnh Thử Nghiệm",
        kind=PublicBodyKind.PROVINCIAL,
    )
    issued_date = datetime.date(2020, 1, 1)

    class Meta:
        model = LegalDocumentPage


def relation(kind, target_number, partial=False, until=None, **kwargs):
    """One unsaved relation for LegalDocumentPageFactory(relations=[...])."""
    return DocumentRelation(
        kind=kind, target_number=target_number, partial=partial, until=until, **kwargs
    )


class NewsIndexPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Tin thử nghiệm {n}")
    slug = factory.Sequence(lambda n: f"tin-thu-nghiem-{n}")

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Bản tin thử nghiệm số {n}")
    slug = factory.Sequence(lambda n: f"ban-tin-thu-nghiem-{n}")
    sapo = "Tóm tắt của bản tin thử nghiệm."
    publication_date = factory.LazyFunction(timezone.now)

    class Meta:
        model = NewsPage


class ProcedureIndexPageFactory(PublishedPageFactory):
    title = "Thủ tục hành chính"
    slug = "thu-tuc-hanh-chinh"

    class Meta:
        model = ProcedureIndexPage


class ProcedurePageFactory(PublishedPageFactory):
    """A published commune-level procedure with two steps and one counter channel;
    pass `steps=`, `channels=`, `implementing_agencies=`... to replace them."""

    title = "Thủ tục thử nghiệm"
    slug = factory.Sequence(lambda n: f"thu-tuc-thu-nghiem-{n}")
    code = factory.Sequence(lambda n: f"9.{n:06d}")
    field = factory.SubFactory(ProcedureFieldFactory, name="Lĩnh vực thử nghiệm")
    level = "xa"
    online_level = "toan-trinh"
    implementing_agencies = factory.LazyFunction(
        lambda: [PublicBodyFactory(name="Ủy ban nhân dân cấp xã")]
    )
    steps = factory.LazyFunction(
        lambda: [
            ProcedureStep(sort_order=n, title=title)
            for n, title in enumerate(["Nộp hồ sơ", "Nhận kết quả"])
        ]
    )
    channels = factory.LazyFunction(
        lambda: [
            ProcedureChannel(
                sort_order=0, channel="truc-tiep", time_limit="03 ngày làm việc"
            )
        ]
    )

    class Meta:
        model = ProcedurePage


def legal_document_form(doc_type, issuing_body, relation_number="", **overrides):
    """What the admin's add-page form of a legal document posts ("publish"), with
    one relation naming `relation_number` when given; `overrides` replace fields."""
    from wagtail.test.utils.form_data import rich_text

    data = {
        "number": "300/KH-UBND",
        "title": "Kế hoạch tạo trong trang quản trị",
        "slug": "300-kh-ubnd",
        "doc_type": doc_type.pk,
        "issuing_body": issuing_body.pk,
        "signer_position": "",
        "issued_date": "01/02/2024",
        "effective_date": "",
        "expiry_date": "",
        "gazette_number": "",
        "gazette_date": "",
        "scope": "tinh",
        "group": "chi-dao-dieu-hanh",
        "body": rich_text("<p>Nội dung kế hoạch.</p>"),
        "status_override": "",
        "status_override_reason": "",
        "action-publish": "publish",
    }
    for prefix, total in (
        ("attachments", 0),
        ("relations", int(bool(relation_number))),
    ):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(total),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    if relation_number:
        data |= {
            "relations-0-kind": "can_cu",
            "relations-0-target": "",
            "relations-0-target_number": relation_number,
            "relations-0-note": "",
            "relations-0-ORDER": "1",
            "relations-0-DELETE": "",
            "relations-0-id": "",
        }
    data.update(overrides)
    return data


def build_portal():
    """A home page with the index pages the apps need, all published, as the root of
    the default site (the test client's "testserver"). The demo's pages stay in the
    database but out of the site, so a test sees only the pages it builds."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="testserver", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = home.title
    site.save()
    return SimpleNamespace(
        site=site,
        home=home,
        legal=LegalDocumentIndexPageFactory(parent=home),
        news=NewsIndexPageFactory(parent=home, title="Tin tức", slug="tin-tuc"),
        procedures=ProcedureIndexPageFactory(parent=home),
    )


def forget_site_roots():
    """A rolled-back test restores the site's root page without the signal that
    clears Wagtail's cached list of site roots; the next test must not see ours."""
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)


# --- engagement pages, questions, drafts, polls ---

from portal.engagement.models import (  # noqa: E402
    ContactPage,
    DraftComment,
    DraftIndexPage,
    DraftPage,
    Poll,
    PollOption,
    Question,
    QuestionIndexPage,
    QuestionTopic,
)
from portal.engagement.models.contact import standard_form_fields  # noqa: E402


class ContactPageFactory(PublishedPageFactory):
    """A published contact page with the usual five fields (standard_form_fields);
    `form_fields=[]` leaves a page without a form."""

    title = "Liên hệ"
    slug = factory.Sequence(lambda n: f"lien-he-thu-nghiem-{n}")
    subject = "Liên hệ"
    form_fields = factory.LazyFunction(standard_form_fields)

    class Meta:
        model = ContactPage


class QuestionIndexPageFactory(PublishedPageFactory):
    title = "Hỏi đáp"
    slug = factory.Sequence(lambda n: f"hoi-dap-thu-nghiem-{n}")

    class Meta:
        model = QuestionIndexPage


class QuestionTopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực hỏi đáp {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-hoi-dap-{n}")

    class Meta:
        model = QuestionTopic
        django_get_or_create = ("slug",)


class QuestionFactory(DjangoModelFactory):
    """A question answered and published; `pending=True` leaves it awaiting an
    answer, as a citizen sends it."""

    topic = factory.SubFactory(QuestionTopicFactory)
    asker_name = "Nguyễn Văn Hỏi"
    asker_email = factory.Sequence(lambda n: f"nguoi-hoi-{n}@example.vn")
    title = factory.Sequence(lambda n: f"Câu hỏi thử nghiệm số {n}")
    question = "Xin hỏi hồ sơ gồm những giấy tờ gì?"
    answer = "<p>Hồ sơ gồm đơn đề nghị và bản sao giấy tờ tùy thân.</p>"
    answered_by = "Sở Tư pháp"
    status = Question.Status.PUBLISHED

    class Meta:
        model = Question

    class Params:
        pending = factory.Trait(
            answer="", answered_by="", status=Question.Status.PENDING
        )


class DraftIndexPageFactory(PublishedPageFactory):
    title = "Lấy ý kiến dự thảo"
    slug = factory.Sequence(lambda n: f"lay-y-kien-thu-nghiem-{n}")

    class Meta:
        model = DraftIndexPage


class DraftPageFactory(PublishedPageFactory):
    """A draft open for comment since five days ago, for another fifty-five;
    `ended=True` makes one whose consultation closed a month ago."""

    title = factory.Sequence(lambda n: f"Dự thảo Quyết định thử nghiệm số {n}")
    slug = factory.Sequence(lambda n: f"du-thao-thu-nghiem-{n}")
    summary = "Dự thảo quy định thử nghiệm, lấy ý kiến Nhân dân."
    drafting_agency = "Sở Tư pháp"
    consultation_start = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=5)
    )
    consultation_deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=55)
    )

    class Meta:
        model = DraftPage

    class Params:
        ended = factory.Trait(
            consultation_start=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=90)
            ),
            consultation_deadline=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=30)
            ),
        )


class DraftCommentFactory(DjangoModelFactory):
    name = "Nguyễn Văn Góp Ý"
    email = "gopy@example.vn"
    comment = "Đề nghị làm rõ phạm vi điều chỉnh."
    status = DraftComment.Status.APPROVED

    class Meta:
        model = DraftComment


class PollFactory(DjangoModelFactory):
    """An open poll with two options."""

    question = factory.Sequence(lambda n: f"Bạn đánh giá thế nào về cổng số {n}?")
    show_on_home_page = False

    class Meta:
        model = Poll
        skip_postgeneration_save = True

    @factory.post_generation
    def options(poll, create, labels, **kwargs):
        for sort_order, label in enumerate(labels or ["Tốt", "Chưa tốt"]):
            PollOption.objects.create(poll=poll, label=label, sort_order=sort_order)


# --- added for legal/search/api tests ---


class LibraryDocumentFactory(wagtail_factories.DocumentFactory):
    """A file of Wagtail's document library: a one-page PDF with `text` on it, or
    with `docx=True` a Word file of that paragraph."""

    class Params:
        text = "Toan van cua van ban thu nghiem"
        docx = False

    title = factory.Sequence(lambda n: f"Tệp thử nghiệm {n}")
    file = factory.LazyAttributeSequence(
        lambda o, n: _library_file(f"tep-thu-nghiem-{n}", o.text, o.docx)
    )
    # What Wagtail's upload form records and the attachment lists show.
    file_size = factory.LazyAttribute(lambda o: o.file.size)


def _library_file(stem, text, docx):
    import io

    from django.core.files.base import ContentFile

    if not docx:
        from portal.legal.pdf_utils import simple_pdf

        return ContentFile(simple_pdf([text]), name=f"{stem}.pdf")
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return ContentFile(buffer.getvalue(), name=f"{stem}.docx")


def pdf_attachment(text="Toan van cua van ban thu nghiem", **kwargs):
    """One unsaved PDF attachment for LegalDocumentPageFactory(attachments=[...])."""
    from portal.legal.models import LegalAttachment

    return LegalAttachment(document=LibraryDocumentFactory(text=text), **kwargs)


@contextmanager
def committed():
    """Run what a commit of the changes made inside the block would run, as
    `run_commit_callbacks` does for all the test's changes so far."""
    start = len(connection.run_on_commit)
    yield
    _run_callbacks_from(start)


def _run_callbacks_from(start: int) -> None:
    # What the callbacks do may ask for more (the search sync's drain replaces the
    # search results' cache tag): run those too.
    for _round in range(5):
        pending = connection.run_on_commit[start:]
        if not pending:
            return
        del connection.run_on_commit[start:]
        for _savepoints, callback, _robust in pending:
            callback()


def run_commit_callbacks():
    """Run what committing the test's changes so far would run (the content
    version's second bump, the search indexing), and forget it: the test's
    transaction is never committed, and until then the fragment caches are
    bypassed and the search engine holds none of the test's content."""
    _run_callbacks_from(0)


# --- menus ---

from portal.core.models import NavigationSettings  # noqa: E402


def page_link(page):
    """A menu link to `page` under the page's own title."""
    return {"title": "", "page": page, "url": ""}


def set_main_menu(site, *pages):
    """Make the site's main menu one item per page, each listing the page's live
    children, as a webmaster builds it; return the saved menus."""
    navigation = NavigationSettings.for_site(site)
    navigation.main_menu = [
        (
            "item",
            {
                **page_link(page),
                "children": [page_link(child) for child in page.get_children().live()],
            },
        )
        for page in pages
    ]
    navigation.save()
    return navigation
