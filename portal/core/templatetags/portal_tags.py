"""Template tags every portal template can use (registered as builtins)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page, Site

from portal.core import caching as content_cache
from portal.core import locales
from portal.core.page_meta import PageMeta, from_mapping, page_meta_for
from portal.core.pagination import elided_page_range
from portal.core.routing import routed_ancestors

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_hooks(context, hook_name: str):
    """Render what content apps registered for a slot of the layout.

    Apps register ``@hooks.register("portal_<slot>")`` functions that take the template
    context and return HTML, so that the core layout never imports a content app.
    """
    parts = [fn(context) for fn in hooks.get_hooks(f"portal_{hook_name}")]
    return mark_safe("".join(part for part in parts if part))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_meta(context):
    """The meta description, canonical link and OpenGraph tags of the page shown
    (see portal.core.page_meta): from ``page_meta`` in the context when a view set
    it, else from ``page``, cached with the page's content."""
    request = context.get("request")
    meta = context.get("page_meta")
    if isinstance(meta, dict):
        meta = from_mapping(request, meta)
    if isinstance(meta, PageMeta):
        return render_to_string("core/includes/page_meta.html", {"meta": meta})
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    site = Site.find_for_request(request) if request is not None else None
    return content_cache.cached_fragment(
        "page_meta",
        lambda: render_to_string(
            "core/includes/page_meta.html", {"meta": page_meta_for(page, site)}
        ),
        request=request,
        vary=(page.pk,),
        depends=(content_cache.page_tag(page.pk),),
    )


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context):
    """Ancestors of the current page below the site root, for the breadcrumb: the
    pages routing went through (no query), else read from the tree."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    routed = routed_ancestors(page)
    if routed is not None:
        return [ancestor for ancestor in routed if ancestor.depth > 2]
    return list(
        page.get_ancestors()
        .filter(depth__gt=2)
        .only("title", "url_path", "path", "depth")
    )


@register.simple_tag(takes_context=True)
def portal_identity(context):
    """``{% portal_identity as portal %}``: the site's `PortalSettings` in the
    page's language (portal.core.locales)."""
    return locales.portal_identity(context["request"])


@register.simple_tag(takes_context=True)
def footer_menu(context) -> list:
    """The footer menu's links in the page's language."""
    return locales.navigation(context["request"]).footer_menu


@register.simple_tag(takes_context=True)
def footer_menu_items(context) -> list[dict]:
    """The footer menu as plain links (``href``, ``title``), resolved with the main
    menu (`menu_links`)."""
    return menu_links(context.get("request"))["footer"]


@register.simple_tag
def home_url() -> str:
    """The home page of the active language: "/" or "/en/"."""
    return locales.language_prefix()


@register.simple_tag
def open_graph_locale() -> str:
    return locales.OPEN_GRAPH_LOCALES.get(locales.active_language(), "vi_VN")


@register.simple_tag
def is_default_language() -> bool:
    return locales.active_language() == locales.default_language()


@register.simple_tag(takes_context=True)
def language_switch(context) -> list:
    """``{% language_switch as languages %}``: the other languages' version of the
    current page, or their home page (`portal.core.locales.counterparts`)."""
    request = context.get("request")
    page = context.get("page")
    return locales.counterparts(page if isinstance(page, Page) else None, request)


@register.simple_tag
def page_links(page) -> list:
    """``{% page_links page_obj as numbers %}``: the page numbers to link to, with
    the paginator's ellipsis where some are left out."""
    return elided_page_range(page)


def _href(value, request) -> str:
    return value.href_for(request) or "#"


@register.simple_tag(takes_context=True)
def menu_href(context, value) -> str:
    """``{% menu_href link %}``: the address of a menu link (a `MenuLinkValue`) on
    the current site (a path, or a full URL to another site); "#" when it has none."""
    return _href(value, context.get("request"))


@register.filter
def menu_title(value) -> str:
    return value.link_text


@register.simple_tag(takes_context=True)
def is_current(context, value) -> bool:
    """True when a menu link points at the current page or one of its ancestors."""
    request = context.get("request")
    href = _href(value, request)
    if not request or not href or href in {"#", "/"}:
        return bool(request and href == "/" and request.path == "/")
    return request.path.startswith(href)


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, depends=None):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.depends = depends

    def render(self, context):
        name = self.name.resolve(context)
        vary = tuple(expression.resolve(context) for expression in self.vary)
        return content_cache.cached_fragment(
            f"tag:{name}",
            lambda: self.nodelist.render(context),
            request=context.get("request"),
            vary=vary,
            depends=self.resolve_depends(context),
        )

    def resolve_depends(self, context):
        if self.depends is None:
            return None
        value = self.depends.resolve(context)
        if value == "structure":
            return content_cache.STRUCTURE
        if isinstance(value, str):
            return tuple(value.split())
        return tuple(value or ())


@register.tag("cached_fragment")
def do_cached_fragment(parser, token):
    """Cache a part of a template until the content changes.

    ``{% cached_fragment "footer" %}…{% endcached_fragment %}``; further arguments
    are what else the part varies with, e.g. ``{% cached_fragment "crumbs" page.pk %}``.
    The key also holds the content version, the site and the language, so a publish
    shows at once (see portal.core.caching). A last ``depends=…`` names the tags it is
    built from (a list, or a string of tags; ``depends="structure"``: the site's
    structure, settings and snippets alone); without it, any page change on the site
    rebuilds it. Keep personal things out of it: CSRF tokens, the visitor's own
    state, anything read from ``request.GET``.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' needs a fragment name, e.g. {{% {bits[0]} \"footer\" %}}"
        )
    depends = None
    if bits[-1].startswith("depends="):
        depends = parser.compile_filter(bits.pop()[len("depends=") :])
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        depends,
    )


def _raw_links(stream) -> list[dict]:
    """A menu's links as their stored values, without reading their pages."""
    raw = getattr(stream, "raw_data", stream) or []
    return [item["value"] for item in raw]


def _raw_children(link: dict) -> list[dict]:
    """A menu item's sub-entries as stored, in ListBlock's format or its older one."""
    return [
        child["value"]
        if isinstance(child, dict) and child.get("type") == "item"
        else child
        for child in link.get("children") or []
    ]


def menu_links(request) -> dict[str, list[dict]]:
    """The main menu (with sub-entries) and the footer menu as plain links,
    ``{"main": [...], "footer": [...]}``, resolved once per content version.

    Read from the menus' stored values, with one query for the pages of both (their
    title and tree path: what a link shows): iterating the StreamFields would read
    the pages of each level of each menu with a query of all their columns. The
    addresses are Wagtail's (``page.get_url(request)``), as `MenuLinkValue` gives
    them.
    """

    def build():
        if request is None:
            return {"main": [], "footer": []}
        menus = locales.navigation(request)
        main = _raw_links(menus.main_menu)
        footer = _raw_links(menus.footer_menu)
        links = [*main, *footer]
        for item in main:
            links.extend(_raw_children(item))
        page_ids = {link["page"] for link in links if link.get("page")}
        pages = (
            Page.objects.only("title", "url_path").in_bulk(page_ids) if page_ids else {}
        )

        def resolve(link: dict) -> dict:
            page = pages.get(link.get("page"))
            href = (page.get_url(request=request) if page else link.get("url")) or ""
            title = link.get("title") or (page.title if page else link.get("url"))
            return {"href": href or "#", "title": title or ""}

        return {
            "main": [
                {
                    **resolve(item),
                    "children": [resolve(child) for child in _raw_children(item)],
                }
                for item in main
            ],
            "footer": [resolve(link) for link in footer],
        }

    return content_cache.cached_value(
        "menus", build, request=request, depends=content_cache.STRUCTURE
    )


@register.simple_tag(takes_context=True)
def main_menu_items(context) -> list[dict]:
    """The main menu as plain links (`menu_links`).

    Rendered per request from this list, so that the current section can be marked
    (``aria-current``) without a cache entry per page.
    """
    return menu_links(context.get("request"))["main"]


@register.simple_tag(takes_context=True)
def is_current_href(context, href: str) -> bool:
    """True when a menu link points at the current page or one of its ancestors."""
    request = context.get("request")
    if not request or not href or href == "#":
        return False
    if href in ("/", locales.language_prefix()):
        return request.path == href
    return request.path.startswith(href)
