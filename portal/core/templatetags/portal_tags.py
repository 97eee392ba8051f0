"""Template tags every portal template can use (registered as builtins)."""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page

from portal.core.blocks import link_href, link_title

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
def breadcrumb_pages(context):
    """Ancestors of the current page below the site root, for the breadcrumb."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(
        page.get_ancestors()
        .filter(depth__gt=2)
        .only("title", "url_path", "path", "depth")
    )


@register.filter
def menu_href(value) -> str:
    return link_href(value)


@register.filter
def menu_title(value) -> str:
    return link_title(value)


@register.simple_tag(takes_context=True)
def is_current(context, value) -> bool:
    """True when a menu link points at the current page or one of its ancestors."""
    request = context.get("request")
    href = link_href(value)
    if not request or not href or href in {"#", "/"}:
        return bool(request and href == "/" and request.path == "/")
    return request.path.startswith(href)
