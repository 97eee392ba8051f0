"""Menu links resolve their address and text as every link block of the site does."""

from django.template import Context, Template
from wagtail.models import Page

from portal.core.blocks import MenuItemBlock, MenuLinkBlock


def render(value) -> str:
    return Template("{% menu_href value %}|{{ value|menu_title }}").render(
        Context({"value": value})
    )


def test_a_menu_link_to_a_page_or_an_address(db):
    page = Page.objects.get(depth=1)
    block = MenuLinkBlock()
    to_page = block.to_python({"title": "", "page": page.pk, "url": "/khac/"})
    assert render(to_page) == f"{page.url or '#'}|{page.title}"
    to_address = block.to_python(
        {"title": "Sơ đồ cổng", "page": None, "url": "/sitemap.xml"}
    )
    assert render(to_address) == "/sitemap.xml|Sơ đồ cổng"
    assert render(block.to_python({"title": "Chưa có", "url": ""})) == "#|Chưa có"


def test_menu_items_and_their_children_are_menu_links(db):
    item = MenuItemBlock().to_python(
        {
            "title": "",
            "url": "/gioi-thieu/",
            "children": [{"title": "Lịch sử", "url": "/lich-su/"}],
        }
    )
    assert render(item) == "/gioi-thieu/|/gioi-thieu/"
    assert render(item["children"][0]) == "/lich-su/|Lịch sử"
