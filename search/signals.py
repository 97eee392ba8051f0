"""Signal receivers that put index updates in the outbox, in the same transaction as
the content change. Connected in SearchConfig.ready()."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing
from search.models import OutboxEntry
from search.registry import adapter_for, registered


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


def enqueue_subtree(page: Page) -> int:
    """Queue every registered page at and below `page` (their URL or privacy
    may have changed)."""
    queued = 0
    subtree = Page.objects.descendant_of(page, inclusive=True)
    for content_type_id in subtree.values_list("content_type", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or adapter_for(model) is None:
            continue
        for obj in model.objects.filter(
            pk__in=subtree.filter(content_type_id=content_type_id).values("pk")
        ):
            queued += indexing.enqueue(obj)
    return queued


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
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{id(signal)}",
        )
