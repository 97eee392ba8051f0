"""Signal receivers that put index updates in the outbox, in the same transaction as
the content change. Connected in SearchConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing
from search.models import OutboxEntry
from search.registry import adapter_for, registered

#: Objects read and prepared together (SearchAdapter.prepare_many).
BATCH = 500


def _dependants(instance) -> list:
    found = []
    for adapter in registered().values():
        if any(isinstance(instance, model) for model in adapter.depends_on):
            found.extend(adapter.dependants(instance))
    return found


def on_save(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.app_label == "search":
        return
    if adapter_for(sender) is not None:
        indexing.enqueue(instance)
    for dependant in _dependants(instance):
        indexing.enqueue(dependant)


def on_delete(sender, instance, **kwargs):
    if sender._meta.app_label == "search":
        return
    adapter = adapter_for(sender)
    if adapter is not None:
        indexing.enqueue_key(
            adapter.key_for(instance),
            OutboxEntry.DELETE,
            model=indexing.model_label(instance),
            object_id=str(instance.pk),
        )
    for dependant in _dependants(instance):
        indexing.enqueue(dependant)


def on_publish_change(sender, instance, **kwargs):
    if adapter_for(sender) is not None:
        indexing.enqueue(instance)


def registered_pages_under(page: Page) -> Iterator[Page]:
    """Every page at and below `page` whose type the search indexes, as its
    own class with only its id read (what queueing it needs): one query per
    page type."""
    subtree = Page.objects.descendant_of(page, inclusive=True)
    # No ordering: Page's (by path) would make every row distinct.
    types = subtree.order_by().values_list("content_type", flat=True).distinct()
    for content_type_id in types:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or adapter_for(model) is None:
            continue
        yield from model.objects.filter(
            pk__in=subtree.filter(content_type_id=content_type_id).values("pk")
        ).only("pk")


def shown_under(paths: Iterable[str]) -> Iterator[models.Model]:
    """Every indexed object that is not a page but is shown on a page at or
    below one of the tree `paths` (a question on its index page): its sites
    and address follow that page's (SearchAdapter.tree_path). Read through
    each such adapter's queryset: trees change seldom."""
    paths = tuple(path for path in paths if path)
    if not paths:
        return
    for model, adapter in registered().items():
        if issubclass(model, Page):
            continue
        objs = adapter.get_queryset().iterator(chunk_size=BATCH)
        while batch := list(islice(objs, BATCH)):
            adapter.prepare_many(batch)
            yield from (
                obj for obj in batch if adapter.tree_path(obj).startswith(paths)
            )


def enqueue_subtree(page: Page) -> int:
    """Queue every registered page at and below `page`, and what is shown on
    them (their URL or privacy may have changed), in one insert, and send them
    after the commit as an edit is."""
    objects = [*registered_pages_under(page), *shown_under([page.path])]
    queued = indexing.enqueue_bulk(objects, dependants=False)
    if queued:
        indexing.sync_after_commit()
    return queued


def _remember_site_root(sender, instance, raw=False, **kwargs):
    """The root page a Site had before this save (see `on_site_change`)."""
    previous = None
    if not raw and instance.pk is not None:
        previous = (
            Site.objects.filter(pk=instance.pk)
            .values_list("root_page_id", flat=True)
            .first()
        )
    instance._search_previous_root_id = previous


def on_site_change(sender, instance, created=False, raw=False, **kwargs):
    """A site made or given another root page: the pages under its old and new
    roots are on other sites now (IndexedDocument.sites), so they are queued
    again, in one insert. A new hostname or name changes no document: the
    index names sites by their root and resolves addresses when read."""
    if raw:
        return
    previous = getattr(instance, "_search_previous_root_id", None)
    if not created and previous == instance.root_page_id:
        return
    enqueue_trees({previous, instance.root_page_id} - {None})


def on_site_delete(sender, instance, **kwargs):
    """A site deleted: its pages are on one site fewer."""
    enqueue_trees({instance.root_page_id})


def enqueue_trees(root_ids: set[int]) -> int:
    """Queue every registered page under the pages `root_ids`, and what is
    shown on them, each once."""
    pages: dict[int, Page] = {}
    roots = list(Page.objects.filter(pk__in=root_ids))
    for root in roots:
        pages.update((page.pk, page) for page in registered_pages_under(root))
    shown = list(shown_under(root.path for root in roots))
    # No drain in the admin's request: a whole site's pages go at the bulk
    # speed of `search_sync`, which sends what the outbox holds. Only their
    # sites changed, which no other document repeats: no dependants.
    return indexing.enqueue_bulk([*pages.values(), *shown], dependants=False)


def on_move(sender, instance, **kwargs):
    enqueue_subtree(instance)


def on_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue_subtree(page)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="search_on_save")
    post_delete.connect(on_delete, dispatch_uid="search_on_delete")
    page_published.connect(on_publish_change, dispatch_uid="search_on_publish")
    page_unpublished.connect(on_publish_change, dispatch_uid="search_on_unpublish")
    post_page_move.connect(on_move, dispatch_uid="search_on_move")
    pre_save.connect(_remember_site_root, sender=Site, dispatch_uid="search_site_root")
    post_save.connect(on_site_change, sender=Site, dispatch_uid="search_site_saved")
    post_delete.connect(on_site_delete, sender=Site, dispatch_uid="search_site_gone")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{id(signal)}",
        )
