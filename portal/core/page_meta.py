"""What a public page tells search engines and social networks about itself: the meta
description, the canonical address and the OpenGraph tags.

One template prints them for every page (``core/includes/page_meta.html``, from the
``{% page_meta %}`` tag in ``base.html``); pages feed it through `PageMetaMixin`:
the editor's "search description" when there is one, else what the page type derives
(`PageMetaMixin.meta_summary`). Views that are not a page (a poll, the search page),
or show one part of a page (an answered question), put a `PageMeta` (or a mapping of
its fields) in their context as ``page_meta``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags
from wagtail.models import Page, Site

from .absolute_urls import absolute_url

#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160

#: How social networks crop a shared link's picture (1.91:1).
SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"


def plain_text(value: str | None) -> str:
    """Text without markup, entities decoded, whitespace collapsed."""
    if not value:
        return ""
    # A space before each tag keeps "<p>a</p><p>b</p>" two words.
    return " ".join(html.unescape(strip_tags(str(value).replace("<", " <"))).split())


def summarise(value: str | None, length: int = DESCRIPTION_LENGTH) -> str:
    """Plain text of at most ``length`` characters, cut at a word boundary."""
    text = plain_text(value)
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def describe(description: str | None, title: str, site_name: str) -> str:
    """The description given, summarised; without one, the title and the portal's
    name, so that every page has one."""
    fallback = f"{title} – {site_name}" if site_name else title
    return summarise(description) or summarise(fallback)


@dataclass(frozen=True)
class PageMeta:
    """What the head of a page says about it; ``url`` and ``image_url`` are
    absolute (see portal.core.absolute_urls)."""

    title: str
    description: str
    url: str
    type: str = "website"
    site_name: str = ""
    image_url: str = ""
    image_width: int | None = None
    image_height: int | None = None


class PageMetaMixin:
    """For page models: what their head says (see `PageMeta`). Override
    `meta_summary` (the text when the editor gave no search description),
    `meta_title`, `meta_image` or ``og_type``."""

    #: OpenGraph type: "article" for what has an author and a date.
    og_type = "website"

    def meta_title(self) -> str:
        return self.seo_title or self.title

    def meta_summary(self) -> str:
        """The page's own words about itself, markup allowed (it is stripped)."""
        return getattr(self, "intro", "") or ""

    def meta_image(self):
        """A rendition to show beside a shared link, or None."""
        return None

    def meta_description(self, name: str = "") -> str:
        """The editor's search description, else `meta_summary`, else the title
        and the portal's ``name``: every page has one."""
        return describe(
            plain_text(self.search_description) or plain_text(self.meta_summary()),
            self.meta_title(),
            name,
        )

    def page_meta(self, site: Site | None = None) -> PageMeta:
        """``site``: the page's Site when the caller has it (the request's)."""
        name = site_name(site or self.get_site())
        image = self.meta_image()
        return PageMeta(
            title=self.meta_title(),
            description=self.meta_description(name),
            url=absolute_url(self),
            type=self.og_type,
            site_name=name,
            image_url=absolute_url(image.url, site=self) if image is not None else "",
            image_width=getattr(image, "width", None),
            image_height=getattr(image, "height", None),
        )


def site_name(site: Site | None) -> str:
    """The Site's name, else the portal's name in its settings; in another
    language, the portal's name in that language."""
    if site is None:
        return ""
    from .locales import setting_texts

    texts = setting_texts("core.PortalSettingsTranslation", site)
    if texts:  # another language's pages: the portal's name in it
        return texts["portal_name"]
    if site.site_name:
        return site.site_name
    from .models import PortalSettings

    return PortalSettings.for_site(site).portal_name


def page_meta_for(page: Page, site: Site | None = None) -> PageMeta:
    """`PageMeta` of any page, including page types without `PageMetaMixin`."""
    if isinstance(page, PageMetaMixin):
        return page.page_meta(site)
    name = site_name(site or page.get_site())
    title = page.seo_title or page.title
    return PageMeta(
        title=title,
        description=describe(page.search_description, title, name),
        url=absolute_url(page),
        site_name=name,
    )


def view_meta(
    request, title: str, path: str, description: str = "", **kwargs: Any
) -> PageMeta:
    """`PageMeta` of a view that is not a page, at ``path`` (or an absolute
    address) on the request's Site; without a description, its title and the
    portal's name."""
    site = Site.find_for_request(request)
    name = site_name(site)
    return PageMeta(
        title=str(title),
        description=describe(description, str(title), name),
        url=absolute_url(path, site=site),
        site_name=name,
        **kwargs,
    )


def from_mapping(request, values: dict) -> PageMeta:
    """`PageMeta` from a view of a library that knows nothing of this module (the
    search page): ``{"title", "description", "path"}``."""
    return view_meta(
        request,
        title=values.get("title", ""),
        description=values.get("description", ""),
        path=values.get("path", "/"),
    )
