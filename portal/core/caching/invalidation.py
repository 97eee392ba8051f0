"""What replaces which content version: every change of what public pages show.

Pages, snippets and site settings always count; so do the models in
`DEFAULT_DEPENDENCIES`, those named in ``PORTAL_PAGE_CACHE_MODELS`` and those a content
app declares with `register_dependency`. `connect_signals` (called in the core app's
``ready()``) wires the bumps to their saves, deletes and Wagtail's publishing signals.

Which sites a change invalidates (`sites_showing`; None means every site). Correctness
comes first: when a change may show on a site, that site is invalidated.

* A page belongs to the site(s) whose root page it is under (tree path prefix;
  nested site roots give several). A save or publish of a page invalidates only those
  sites when nothing about it shows elsewhere: its page type is not shown on other
  sites (`shown_on_other_sites`, below) and its title, address (``url_path``) and
  being live did not change. Other sites' menus, rich text and page choosers link to
  it by title and address, so a change of those, an unpublish, a move or a delete
  invalidates every site; so does a page under no site's root.
* A page type is shown on other sites unless its class says
  ``shown_on_other_sites = False``: news, legal documents, procedures and the index
  pages are listed or searched across the whole installation (the home pages'
  lists, a legal document's procedures), so by default a change to one of them
  invalidates every site. A type only its own site lists (the home page, sections)
  opts out; a type a later change lists across sites must opt back in.
* A site setting (`BaseSiteSetting`) belongs to its site.
* Everything else is shared and invalidates every site: snippets (polls, menus'
  targets, taxonomy and public bodies), generic settings, images, documents, Site
  rows (they decide which site a host leads to, and every page's address), view
  restrictions and any declared dependency, unless it was declared with the sites
  each of its changes shows on (a news item syndicated to a portal: that portal).

Views outside the page tree (search, feeds, APIs) may show content of every site:
the page cache keys them by the version every change replaces
(`portal.core.caching.pages`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string

from .version import bump_sites, bump_version

#: Models whose changes show on public pages besides pages, snippets and settings:
#: "app_label.ModelName" strings; content apps may extend it with
#: ``PORTAL_PAGE_CACHE_MODELS`` in settings or call `register_dependency`.
DEFAULT_DEPENDENCIES = [
    "wagtailcore.Site",
    # Which languages have a tree, and which tree a prefix leads to.
    "wagtailcore.Locale",
    get_image_model_string(),
    get_document_model_string(),
    "wagtailsearchpromotions.SearchPromotion",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
]

_extra_dependencies: set[type] = set()
#: Per declared model: the sites a change of one instance shows on (see
#: `register_dependency`).
_dependency_sites: dict[type, Callable[[Any], Iterable[int] | None]] = {}
#: Per model class: does a change to it invalidate cached pages? (filled lazily)
_is_content_model: dict[type, bool] = {}


def register_dependency(
    model: type, sites: Callable[[Any], Iterable[int] | None] | None = None
) -> None:
    """Declare that saving or deleting ``model`` changes what public pages show.

    ``sites(instance)`` names the sites a change of ``instance`` shows on (None: every
    site); without it, every change of the model invalidates every site.
    """
    _extra_dependencies.add(model)
    if sites is not None:
        _dependency_sites[model] = sites
    _is_content_model.clear()


def _dependency_models() -> set[type]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    labels = [*DEFAULT_DEPENDENCIES, *getattr(settings, "PORTAL_PAGE_CACHE_MODELS", [])]
    models = {*_extra_dependencies, get_image_model(), get_document_model()}
    for label in labels:
        try:
            models.add(apps.get_model(label))
        except LookupError:
            continue
    return models


def is_content_model(model: type) -> bool:
    if model not in _is_content_model:
        _is_content_model[model] = _shows_on_pages(model)
    return _is_content_model[model]


def _shows_on_pages(model: type) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, Page | BaseSiteSetting | BaseGenericSetting):
        return True
    if model in get_snippet_models():
        return True
    return any(issubclass(model, dependency) for dependency in _dependency_models())


#: What a site-local page was before a save: its tree path, title, address and
#: being live (see `_remember_page_before_save`).
BEFORE_SAVE_ATTR = "_portal_cache_before_save"


def shown_on_other_sites(model: type) -> bool:
    """May pages of this type show on sites other than their own? (see above)"""
    return getattr(model, "shown_on_other_sites", True)


def sites_of_paths(*paths: str) -> set[int] | None:
    """The sites whose root page is at or above any of these tree paths; None (every
    site) when there is none."""
    from wagtail.models import Site

    sites = {
        site_id
        for site_id, root_path in Site.objects.values_list("pk", "root_page__path")
        if any(path.startswith(root_path) for path in paths)
    }
    return sites or None


def sites_showing(instance) -> set[int] | None:
    """The sites a change of ``instance`` may show on; None for every site."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Page

    if isinstance(instance, BaseSiteSetting):
        return {instance.site_id}
    if type(instance) in _dependency_sites:
        sites = _dependency_sites[type(instance)](instance)
        return None if sites is None else set(sites)
    if not isinstance(instance, Page) or shown_on_other_sites(type(instance)):
        return None
    before = getattr(instance, BEFORE_SAVE_ATTR, None)
    if before is None:  # a new page, or one saved without our pre_save
        return None
    path, title, url_path, live = before
    if (title, url_path, live) != (instance.title, instance.url_path, instance.live):
        return None
    return sites_of_paths(path, instance.path)


def _remember_page_before_save(sender, instance, raw=False, **kwargs):
    """Read what a site-local page was, to tell whether other sites show the change."""
    from wagtail.models import Page

    if raw or not issubclass(sender, Page) or shown_on_other_sites(sender):
        return
    if instance.pk is None:
        return
    before = (
        Page.objects.filter(pk=instance.pk)
        .values_list("path", "title", "url_path", "live")
        .first()
    )
    setattr(instance, BEFORE_SAVE_ATTR, before)


def _on_model_change(sender, instance=None, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata
    if not is_content_model(sender):
        return
    if kwargs.get("signal") is post_delete and sender not in _dependency_sites:
        bump_version()  # a deleted page's links and lists change on every site
    else:
        bump_sites(sites_showing(instance))


def _on_published(sender, instance=None, **kwargs):
    """Publishing saves what it publishes (post_save has bumped); a page's publish
    is scoped the same way, anything else invalidates every site."""
    bump_sites(sites_showing(instance))


def connect_signals() -> None:
    """Wire the version bump to every change of public content (called in ready())."""
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    # Publishing saves the page, but an unpublish or a move need not save every
    # descendant, and snippets with draft state publish without a plain save.
    for signal in (page_published, published):
        signal.connect(_on_published, dispatch_uid=f"portal_page_cache_{id(signal)}")
    for signal in (page_unpublished, unpublished, post_page_move):
        signal.connect(bump_version, dispatch_uid=f"portal_page_cache_{id(signal)}")
    pre_save.connect(
        _remember_page_before_save, dispatch_uid="portal_page_cache_before_save"
    )
    post_save.connect(_on_model_change, dispatch_uid="portal_page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="portal_page_cache_delete")
