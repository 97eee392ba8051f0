from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms_blocks.blocks import LinkValue


class MenuLinkValue(LinkValue):
    """A menu link's address and text (`href`, `link_text`), as any link block's."""

    text_field = "title"


class MenuLinkBlock(blocks.StructBlock):
    """A link in a menu: to a page of the site, or to any address."""

    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the page title."),
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        max_length=500,
        help_text=_("Used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        template = "core/blocks/menu_link.html"
        preview_value = {"title": "Trang chủ", "url": "/"}
        value_class = MenuLinkValue


class MenuItemBlock(MenuLinkBlock):
    """A top-level menu entry with optional sub-entries."""

    children = blocks.ListBlock(MenuLinkBlock(), label=_("Sub-menu"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Menu item")
        preview_value = {"title": "Giới thiệu", "url": "/gioi-thieu/", "children": []}
