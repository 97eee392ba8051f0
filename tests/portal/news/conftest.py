import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import wagtail_factories

from portal.core.models import PortalSettings
from portal.news.demo import ensure_workflow
from portal.news.models import NewsCitedDocument, NewsPage
from tests.factories import LegalDocumentPageFactory, NewsIndexPageFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def news_root(portal):
    """The portal's top news page ("Tin tức"), which holds the categories."""
    return portal.news


@pytest.fixture
def category(news_root):
    """A fresh, empty category, so that tests count only their own news."""
    return NewsIndexPageFactory(
        parent=news_root, title="Chuyển đổi số", slug="chuyen-doi-so"
    )


@pytest.fixture
def make_news():
    """Publish a news item: make_news(parent, "Tiêu đề", day=(2020, 5, 1), tags=[...])."""

    def make(parent, title, day=(2020, 5, 1), tags=(), publish=True, **fields):
        fields.setdefault("sapo", f"Tóm tắt: {title}.")
        page = NewsPage(
            title=title,
            publication_date=datetime.datetime(*day, 9, 0, tzinfo=TZ),
            **fields,
        )
        page.tags.add(*tags)
        if not publish:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def article(portal, news_root, make_news):
    """A featured article of the "Cải cách hành chính" category as an editor writes
    one: photo, author, source, tags, a legal document it cites (on the portal) and a
    news item related to it by a tag."""
    settings = PortalSettings.for_site(portal.site)
    settings.owner_name = "Ủy ban nhân dân tỉnh Thử Nghiệm"
    settings.save()
    reform = NewsIndexPageFactory(
        parent=news_root, title="Cải cách hành chính", slug="cai-cach-hanh-chinh"
    )
    plan = LegalDocumentPageFactory(
        parent=portal.legal,
        title="Kế hoạch cải cách hành chính năm 2020",
        number="246/KH-TN",
    )
    page = NewsPage(
        title="Ban hành Kế hoạch cải cách hành chính tỉnh năm 2020",
        slug="ban-hanh-ke-hoach-cai-cach-hanh-chinh-nam-2020",
        sapo="Ngày 24/12/2019, Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách.",
        publication_date=datetime.datetime(2019, 12, 24, 16, 30, tzinfo=TZ),
        hero_image=wagtail_factories.ImageFactory(title="Hội nghị cải cách"),
        author="Thu Hà",
        source="Sở Nội vụ",
        featured=True,
        cited_documents=[NewsCitedDocument(number=plan.number, label="Kế hoạch")],
    )
    page.tags.add("kế hoạch", "cải cách hành chính")
    reform.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    related = make_news(
        reform,
        "Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ trực tuyến",
        day=(2019, 12, 20),
        tags=["kế hoạch"],
    )
    return SimpleNamespace(page=page, category=reform, plan=plan, related=related)


@pytest.fixture
def news_workflow(news_root):
    """The publishing workflow (draft, review by the reviewers' group, publish) on
    the portal's news section, as the kit sets it up."""
    return ensure_workflow(news_root)
