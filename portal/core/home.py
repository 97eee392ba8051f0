"""The home page's sections: blocks the content apps provide, arranged by editors.

A content app offers its sections (the latest news, the newest documents, the
procedure finder...) by registering a ``register_portal_home_blocks`` hook that
returns ``(name, block)`` pairs; the core never imports a content app. The blocks are
looked up when first used, not when the models load, and `HomeSectionsField`
deconstructs without them, so the migrations are the same whichever apps a site
installs. A stored block of an app that is no longer installed is skipped.

Each block renders what it shows on the home page it is placed on (the page being
rendered, or in the admin's block preview the site's home), and a section that is the
same for every visitor goes through the fragment cache, keyed by that page and the
block's id: a warm home page queries nothing for it (`SectionsBlock.render_basic`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks, hooks
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from cms_blocks.blocks import BASE_STREAM_BLOCKS, LinkListBlock, LinkTargetBlock

from .caching import cached_fragment

#: The hook content apps register to offer home page blocks.
HOOK = "register_portal_home_blocks"
#: The admin's preview of a home block: the portal's and the apps' stylesheets.
PREVIEW_TEMPLATE = "core/blocks/home_preview.html"


class HomeBlock(blocks.StructBlock):
    """A section of a home page drawn from the portal's content.

    Subclasses set ``template`` and implement `section_context`: what the template
    shows on ``home``, or None when there is nothing to show (the section is then
    left out). ``Meta.home_place`` ("top", "main" or "aside") and
    ``Meta.home_order`` put the block in the default arrangement of new home pages
    (`default_sections`); without them a block is only offered to editors.
    """

    #: The same HTML for every visitor: cached per content version, page and block.
    #: Blocks that show per-visitor state (a poll's "already answered") set False.
    cacheable = True

    class Meta:
        preview_template = PREVIEW_TEMPLATE
        preview_value = {}
        home_place = None
        home_order = 0

    def section_context(self, value, home: Page, request) -> dict | None:
        raise NotImplementedError

    def cache_vary(self) -> tuple:
        """What else the section's HTML depends on (the day, for example)."""
        return ()

    def render(self, value, context=None):
        context = dict(context or {})
        home = home_page_of(context)
        if home is None:
            return ""
        section = self.section_context(value, home, context.get("request"))
        if section is None:
            return ""
        return super().render(value, {**context, **section, "home": home})

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        # The page the head hooks see (stylesheets the home page loads).
        context["page"] = home_page_of(context)
        return context


def count_block(label, default: int, maximum: int, minimum: int = 1):
    """How many items a home block lists, within bounds editors cannot overrun."""
    return blocks.IntegerBlock(
        label=label, default=default, min_value=minimum, max_value=maximum
    )


def home_page_of(context) -> Page | None:
    """The page a home block renders on: the page shown, else (the admin's block
    preview) the home page of the request's site."""
    page = context.get("page")
    if isinstance(page, Page):
        return page
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.specific if site is not None else None


def registered_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks content apps offer, in the order the apps registered them."""
    found: dict[str, blocks.Block] = {}
    for hook in hooks.get_hooks(HOOK):
        for name, block in hook():
            if name in found or name in CORE_BLOCK_NAMES:
                raise ImproperlyConfigured(
                    f"Two home page blocks are called {name!r}: rename one in the "
                    f"{HOOK} hook that registers it."
                )
            found[name] = block
    return list(found.items())


class LazyStreamBlock(blocks.StreamBlock):
    """A StreamBlock whose child blocks come from `child_block_list`, looked up on
    first use (after every app's hooks are registered) rather than at import."""

    def child_block_list(self) -> Iterable[tuple[str, blocks.Block]]:
        raise NotImplementedError

    @property
    def child_blocks(self) -> dict[str, blocks.Block]:
        resolved = self.__dict__.get("_resolved_child_blocks")
        if resolved is None:
            resolved = {}
            for name, block in self.child_block_list():
                block.set_name(name)
                resolved[name] = block
            self.__dict__["_resolved_child_blocks"] = resolved
        return resolved

    @child_blocks.setter
    def child_blocks(self, value) -> None:
        # StreamBlock.__init__ sets the declared blocks; these are resolved instead.
        self.__dict__.pop("_resolved_child_blocks", None)

    def bulk_to_python(self, values):
        # Lazily, as a top-level stream: a column's blocks are read only if
        # rendered (StreamBlock's own reads every chosen page of every block).
        return [self.to_python(value) for value in values]

    def render_basic(self, value, context=None):
        """Each block as StreamBlock renders it, home sections through the fragment
        cache: a warm section is found by its id without reading the stored value
        (no query for the pages or snippets it names)."""
        context = context or {}
        parts = []
        for index, raw in enumerate(value.raw_data):
            block = self.child_blocks.get(raw["type"])
            if block is None:  # an app removed since the value was read
                continue

            def render(index=index):
                return value[index].render(context)

            html = render_section(block, raw.get("id"), render, context)
            if html.strip():
                parts.append((html, raw["type"]))
        # As StreamBlock wraps its children.
        return format_html_join("\n", '<div class="block-{1}">{0}</div>', parts)


def render_section(
    block: blocks.Block, block_id: str | None, render: Callable[[], str], context
) -> str:
    """``render()``, through the fragment cache for a home section the same for
    every visitor, keyed by the page it is on and its id in the stream."""
    home = context.get("page")
    if not (
        isinstance(block, HomeBlock)
        and block.cacheable
        and block_id
        and isinstance(home, Page)
    ):
        return render()
    return cached_fragment(
        f"home:{block.name}",
        render,
        request=context.get("request"),
        vary=(home.pk, block_id, *block.cache_vary()),
    )


class ColumnBlock(LazyStreamBlock):
    """One column of the home page: the apps' sections and free content."""

    def child_block_list(self):
        return [*registered_blocks(), *section_content_blocks()]

    class Meta:
        required = False


class ColumnsBlock(blocks.StructBlock):
    """The main column and the sidebar, side by side on wide screens."""

    def __init__(self, local_blocks=None, **kwargs):
        # Columns of their own: each resolves its blocks when first used.
        columns = [
            ("main", ColumnBlock(label=_("Main column"))),
            ("aside", ColumnBlock(label=_("Sidebar"))),
        ]
        super().__init__([*columns, *(local_blocks or [])], **kwargs)

    class Meta:
        icon = "grip"
        label = _("Main column and sidebar")
        description = _("A main column and a sidebar, each with its own blocks.")
        template = "core/blocks/home_columns.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "main": [("paragraph", "<p>Nội dung cột chính.</p>")],
            "aside": [("paragraph", "<p>Nội dung cột bên.</p>")],
        }


class SectionLinkBlock(LinkTargetBlock):
    """A page of the portal (or any address) with a line about it."""

    description = blocks.TextBlock(
        label=pgettext_lazy("home page section link", "Description"), required=False
    )


class SectionLinksBlock(LinkListBlock):
    """Links to sections of the portal, each with a line about it."""

    links = blocks.ListBlock(SectionLinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        label = _("Links to sections")
        description = _("A titled list of pages of the portal, with a line on each.")
        template = "core/blocks/section_links.html"
        preview_value = {"title": "Chuyên mục", "links": []}


def section_content_blocks() -> list[tuple[str, blocks.Block]]:
    """The core's blocks: links to sections and the free content of any page."""
    return [("section_links", SectionLinksBlock()), *BASE_STREAM_BLOCKS]


CORE_BLOCK_NAMES = frozenset(
    {"columns", "section_links", *(name for name, _block in BASE_STREAM_BLOCKS)}
)


class SectionsBlock(LazyStreamBlock):
    """The home page's sections: full width blocks and two columns."""

    def child_block_list(self):
        return [
            *registered_blocks(),
            ("columns", ColumnsBlock()),
            *section_content_blocks(),
        ]


class HomeSectionsField(StreamField):
    """The home page's `SectionsBlock`, deconstructed without its blocks: they
    depend on the installed apps, which a migration must not."""

    def __init__(self, block_types=None, **kwargs):
        kwargs.pop("block_lookup", None)
        super().__init__(SectionsBlock(), **kwargs)

    def deconstruct(self):
        name, path, _args, kwargs = models.Field.deconstruct(self)
        return name, path, [], kwargs


def block_data(name: str, block: blocks.Block, value=None) -> dict:
    """A block in the stored form of a stream (what `StreamField` accepts raw)."""
    if value is None:
        value = block.get_prep_value(block.get_default())
    return {"type": name, "value": value, "id": str(uuid.uuid4())}


def default_sections(main_extra: Iterable[dict] = ()) -> list[dict]:
    """The arrangement of a new home page: the installed apps' sections where
    their blocks say (``Meta.home_place``), ``main_extra`` at the end of the main
    column. In the stored form, for ``HomePage(sections=...)``."""
    placed: dict[str, list[tuple[int, dict]]] = {"top": [], "main": [], "aside": []}
    for name, block in registered_blocks():
        place = getattr(block.meta, "home_place", None)
        if place in placed:
            placed[place].append(
                (getattr(block.meta, "home_order", 0), block_data(name, block))
            )

    def ordered(place):
        return [data for _order, data in sorted(placed[place], key=lambda x: x[0])]

    columns = {"main": [*ordered("main"), *main_extra], "aside": ordered("aside")}
    return [*ordered("top"), block_data("columns", ColumnsBlock(), columns)]
