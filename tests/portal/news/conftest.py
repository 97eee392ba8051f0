import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.news.models import NewsIndexPage, NewsPage

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def news_root(demo):
    return NewsIndexPage.objects.get(slug="tin-tuc", depth=3)


@pytest.fixture
def category(news_root):
    """A fresh, empty category, so that tests count only their own news."""
    page = NewsIndexPage(title="Chuyển đổi số", slug="chuyen-doi-so")
    news_root.add_child(instance=page)
    page.save_revision().publish()
    return page


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
