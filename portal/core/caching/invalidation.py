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

**A page's content alone.** Most publishes change what one page says and no more:
its title, address, place in the tree, language links and being in menus stay as
they were (`STRUCTURAL_FIELDS`), or the page is new and in no menu and no other
language (a news item published for the first time). Such a change replaces no
site version, only dependency tags (`portal.core.caching.version`): the page's own
(`page_tag`), its parent's, its type's (lists of that type, `type_tag`), those its
class names in ``invalidation_tags()`` before and after the change (a news item:
the legal documents it cites), the pages tags of the sites that show it, and the
any version. Fragments and pages that name their dependencies and none of these
stay warm; the others depend on every page of their site and miss. Saving a draft
(`DRAFT_FIELDS` only) changes nothing public and replaces nothing.

**Search results** follow the search index, which catches up a moment after the
content (the outbox is drained after the commit, and a near-real-time engine shows
writes at its next refresh). A drain replaces `SEARCH_TAG`, stamped with the moment
searches will see it: what shows results (every view outside the page tree, a list
with words typed) depends on it, and is not kept while the engine catches up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string

from .fragments import page_tag, type_tag
from .version import (
    ALL_PAGES_TAG,
    SEARCH_TAG,
    bump_sites,
    bump_tags,
    bump_version,
    site_pages_tag,
)

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


#: What a page was before a save: its `STRUCTURAL_FIELDS` and what its class's
#: ``invalidation_tags()`` named (see `_remember_page_before_save`).
BEFORE_SAVE_ATTR = "_portal_cache_before_save"

#: Page fields whose change shows beyond the page itself: in menus, links,
#: breadcrumbs, addresses, other languages' switches.
STRUCTURAL_FIELDS = (
    "path",
    "title",
    "slug",
    "url_path",
    "live",
    "show_in_menus",
    "locale_id",
    "translation_key",
    "alias_of_id",
    "content_type_id",
)

#: Page fields a draft save writes: nothing public.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
        "comments",
    }
)


def shown_on_other_sites(model: type) -> bool:
    """May pages of this type show on sites other than their own? (see above)"""
    return getattr(model, "shown_on_other_sites", True)


def site_root_paths() -> list[tuple[int, str]]:
    """Each site's id and the tree path of its root page, in one query."""
    from wagtail.models import Site

    return list(Site.objects.values_list("pk", "root_page__path"))


def sites_of_paths(*paths: str, roots=None) -> set[int] | None:
    """The sites whose root page is at or above any of these tree paths; None (every
    site) when there is none. `roots`: `site_root_paths()`, when already read."""
    sites = {
        site_id
        for site_id, root_path in (site_root_paths() if roots is None else roots)
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
    before, _tags = getattr(instance, BEFORE_SAVE_ATTR, (None, ()))
    if before is None or _structural_change(instance, before):
        return None
    return sites_of_paths(before["path"], instance.path)


def _structural_change(page, before: dict) -> bool:
    """Does the change show beyond the page's own content (see the module doc)?"""
    changed = {
        name for name in STRUCTURAL_FIELDS if before[name] != getattr(page, name)
    }
    if changed == {"live"} and page.live:
        return _goes_live_beyond_lists(page)
    return bool(changed)


def _goes_live_beyond_lists(page) -> bool:
    """A page going live shows in its parent's and its type's lists; beyond them
    when it is in the menus or another language's switch leads to it."""
    from wagtail.models import Page

    return (
        page.show_in_menus
        or Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .exists()
    )


def _invalidation_tags(page) -> set[str]:
    tags = getattr(page, "invalidation_tags", None)
    return set(tags()) if callable(tags) else set()


def _remember_page_before_save(sender, instance, raw=False, update_fields=None, **kw):
    """Read what a page was, to tell whether the change shows beyond it."""
    from wagtail.models import Page

    if raw or not issubclass(sender, Page) or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    before = Page.objects.filter(pk=instance.pk).values(*STRUCTURAL_FIELDS).first()
    tags = set()
    if before is not None and callable(getattr(instance, "invalidation_tags", None)):
        stored = sender._default_manager.filter(pk=instance.pk).first()
        tags = _invalidation_tags(stored) if stored is not None else set()
    setattr(instance, BEFORE_SAVE_ATTR, (before, tags))


def _on_page_change(instance, update_fields=None) -> None:
    """A page saved: its site versions when the change shows beyond the page, else
    the tags of what shows its content."""
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    before, before_tags = getattr(instance, BEFORE_SAVE_ATTR, (None, set()))
    if before is None:
        if not instance.live:
            return  # a new draft: nothing public yet
        if _goes_live_beyond_lists(instance):
            bump_version()
            return
    elif _structural_change(instance, before):
        bump_sites(sites_showing(instance))
        return
    roots = site_root_paths()
    sites = None
    if not shown_on_other_sites(type(instance)):
        sites = sites_of_paths(instance.path, roots=roots)
    if sites is None:
        sites = {site_id for site_id, _path in roots}
    tags = {
        page_tag(instance.pk),
        type_tag(type(instance)),
        ALL_PAGES_TAG,
        *(site_pages_tag(site_id) for site_id in sites),
        *before_tags,
        *_invalidation_tags(instance),
    }
    parent_path = instance.path[: -instance.steplen]
    if parent_path:
        from wagtail.models import Page

        parent = Page.objects.filter(path=parent_path).values_list("pk", flat=True)
        tags.update(page_tag(pk) for pk in parent)
    bump_tags(tags)


def _on_model_change(sender, instance=None, **kwargs):
    from wagtail.models import Page

    if kwargs.get("raw"):
        return  # loaddata
    if not is_content_model(sender):
        return
    if kwargs.get("created") and _is_library_file(sender):
        # A file just added to the image or document library shows on no page
        # until a page, snippet or setting chooses it (that change invalidates
        # them); only the API's lists of files (keyed by the any version) show it.
        bump_tags([type_tag(sender)])
        return
    if kwargs.get("signal") is post_delete and sender not in _dependency_sites:
        bump_version()  # a deleted page's links and lists change on every site
    elif isinstance(instance, Page):
        _on_page_change(instance, kwargs.get("update_fields"))
    else:
        bump_sites(sites_showing(instance))


def _is_library_file(model: type) -> bool:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return issubclass(model, get_image_model() | get_document_model())


def _on_published(sender, instance=None, **kwargs):
    """Publishing saves what it publishes, and the save has invalidated what it
    changed (a page's save, as above); what published without a save we can read
    invalidates every site showing it."""
    from wagtail.models import Page

    if isinstance(instance, Page) and hasattr(instance, BEFORE_SAVE_ATTR):
        return
    bump_sites(sites_showing(instance))


def _on_index_changed(sender, visible_after: float = 0.0, **kwargs):
    """A search engine's index changed: what shows search results is replaced once
    searches see the change (until then it is shown but not kept)."""
    bump_tags([SEARCH_TAG], settles_in=visible_after + 0.5 if visible_after else 0.0)


def connect_signals() -> None:
    """Wire the version bump to every change of public content (called in ready())."""
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    from search.indexing import index_changed

    # Publishing saves the page, but an unpublish or a move need not save every
    # descendant, and snippets with draft state publish without a plain save.
    for signal in (page_published, published):
        signal.connect(_on_published, dispatch_uid=f"portal_page_cache_{id(signal)}")
    for signal in (page_unpublished, unpublished, post_page_move):
        signal.connect(bump_version, dispatch_uid=f"portal_page_cache_{id(signal)}")
    pre_save.connect(
        _remember_page_before_save, dispatch_uid="portal_page_cache_before_save"
    )
    index_changed.connect(_on_index_changed, dispatch_uid="portal_page_cache_search")
    post_save.connect(_on_model_change, dispatch_uid="portal_page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="portal_page_cache_delete")
