"""The news sections of the home page (portal.news.blocks): their options, and the
home page they show the news of."""

from wagtail.models import Page

from portal.core.home import SectionsBlock
from tests.factories import HomePageFactory, NewsIndexPageFactory


def render(page, sections, rf) -> str:
    block = SectionsBlock()
    return block.render(
        block.to_python(sections), {"page": page, "request": rf.get("/")}
    )


def test_the_top_story_is_the_newest_featured_with_as_many_beside_it_as_asked(
    rf, portal, category, make_news
):
    make_news(category, "Tin cũ nổi bật", day=(2024, 1, 1), featured=True)
    for day in range(2, 6):
        make_news(category, f"Tin ngày {day}", day=(2024, 1, day))
    html = render(portal.home, [{"type": "news_top", "value": {"count": 2}}], rf)
    featured = html.split('class="home-news-top__featured"')[1].split("</article>")[0]
    assert "Tin cũ nổi bật" in featured
    latest = html.split('class="home-news-top__latest"')[1]
    assert "Tin ngày 5" in latest and "Tin ngày 4" in latest
    assert "Tin ngày 3" not in latest


def test_the_top_story_may_come_from_one_category(rf, portal, category, make_news):
    other = NewsIndexPageFactory(parent=portal.news, title="Thông báo")
    make_news(category, "Tin chuyển đổi số", day=(2024, 1, 2))
    make_news(other, "Thông báo mới nhất", day=(2024, 1, 3))
    sections = [{"type": "news_top", "value": {"count": 4, "index": category.pk}}]
    html = render(portal.home, sections, rf)
    assert "Tin chuyển đổi số" in html
    assert "Thông báo mới nhất" not in html


def test_news_by_category_shows_the_chosen_ones_in_their_order(
    rf, portal, category, make_news
):
    other = NewsIndexPageFactory(
        parent=portal.news, title="Thông báo", show_on_home=False
    )
    make_news(category, "Tin chuyển đổi số", day=(2024, 1, 2))
    make_news(other, "Thông báo lịch nghỉ", day=(2024, 1, 3))
    default = render(
        portal.home, [{"type": "news_categories", "value": {"categories": []}}], rf
    )
    # By default the categories marked to show on the home page.
    assert "Tin chuyển đổi số" in default
    assert "Thông báo lịch nghỉ" not in default
    chosen = render(
        portal.home,
        [
            {
                "type": "news_categories",
                "value": {"categories": [other.pk, category.pk], "count": 1},
            }
        ],
        rf,
    )
    assert chosen.index("Thông báo lịch nghỉ") < chosen.index("Tin chuyển đổi số")


def test_a_home_page_outside_the_sites_roots_shows_its_own_news(rf, portal, make_news):
    """The English home at /en/ is a translation of the site's root, beside it in
    the tree: its sections show the news under it, not the root's."""
    english = HomePageFactory(parent=Page.get_first_root_node(), sections=[])
    english_news = NewsIndexPageFactory(parent=english, title="News", slug="news")
    make_news(english_news, "Investment news", day=(2024, 1, 2))
    make_news(portal.news, "Tin của trang chủ tiếng Việt", day=(2024, 1, 3))
    html = render(english, [{"type": "news_top", "value": {"count": 4}}], rf)
    assert "Investment news" in html
    assert "Tin của trang chủ tiếng Việt" not in html
