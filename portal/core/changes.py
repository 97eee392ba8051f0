"""The content's change history: what was published, withdrawn or changed, and when.

Each publish, unpublish and bulk write of a page (portal.core.bulk) records a
`ContentChange`; a content app adds what its pages' changes mean beyond that (a
legal document's validity, a document acting on another) through two optional hooks
on its page model:

``followers_hear_of_updates = True`` (a class attribute)
    a republished page is news to its followers (a procedure's fees or steps
    changed); otherwise only its first publish is;
``change_topics(self) -> list[str]``
    what the page's changes are about besides the page and its parent (which every
    row names: "page:<id>"), e.g. "procedure-field:7"; no query, or one at most;
``published_changes(cls, pages) -> list[ContentChange]`` (a class method)
    further rows once `pages` are published: on other pages too (the document a
    new decision replaces). Rows with a `dedupe` key already recorded are skipped,
    so that publishing again says nothing twice.

Rows carry *topics*, which followers subscribe to (portal.alerts); their ids order
them, so a reader keeps the last id it has seen. They are not personal data and are
kept `PORTAL_CHANGES_KEEP_DAYS` days (60 by default), enough for weekly digests
delayed by an outage.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KEEP_DAYS = 60


class ContentChange(models.Model):
    class Action(models.TextChoices):
        NEW = "new", pgettext_lazy("content change", "Published")
        UPDATED = "updated", _("Updated")
        REMOVED = "removed", _("Withdrawn")
        STATUS = "status", _("Validity changed")
        RELATION = "relation", _("Acted on by another document")

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    #: What the change is about ("page:12", "procedure-field:7"): see the module.
    topics = models.JSONField(default=list)
    #: What a reader needs besides the page: a relation's kind, acting document and
    #: date; a status's code.
    detail = models.JSONField(default=dict, blank=True)
    #: Set on rows that must be recorded once whatever republishes them.
    dedupe = models.CharField(max_length=160, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.page_id}"


def page_topic(page_id: int) -> str:
    return f"page:{page_id}"


def topic(prefix: str, pk) -> str:
    """A topic of something other than a page, e.g. topic("procedure-field", 7)."""
    return f"{prefix}:{pk}"


#: prefix -> function of a primary key giving what the topic is called (None: no
#: such thing), for those a content app lets citizens follow (`register_topic`).
_DESCRIBED: dict[str, object] = {}


def register_topic(prefix: str, describe) -> None:
    """Let citizens follow topics "prefix:<pk>"; `describe(pk)` names one."""
    _DESCRIBED[prefix] = describe


def describe_topic(value: str) -> str | None:
    """What a followable topic is called, or None when nobody may follow it (an
    unknown prefix, a page that is not live, a deleted item)."""
    prefix, _sep, pk = value.partition(":")
    if not pk.isdigit():
        return None
    if prefix == "page":
        from wagtail.models import Page

        page = Page.objects.live().filter(pk=int(pk)).first()
        return page.title if page is not None else None
    describe = _DESCRIBED.get(prefix)
    return describe(int(pk)) if describe is not None else None


def change_for(
    page, action: str, parent_id: int | None, *, detail: dict | None = None, now=None
) -> ContentChange:
    """An unsaved row for `page` (its topics from its model's hook)."""
    topics = [page_topic(page.pk)]
    if parent_id:
        topics.append(page_topic(parent_id))
    hook = getattr(page, "change_topics", None)
    if hook is not None:
        topics.extend(hook())
    if action == ContentChange.Action.UPDATED and not getattr(
        page, "followers_hear_of_updates", False
    ):
        # A news article or a document edited again is no news: recorded, but
        # about nothing anybody follows.
        topics = []
    return ContentChange(
        occurred_at=now or timezone.now(),
        page_id=page.pk,
        action=action,
        topics=list(dict.fromkeys(topics)),
        detail=detail or {},
    )


def write(rows: Sequence[ContentChange]) -> int:
    """Store `rows`; a row whose `dedupe` key is recorded already is left out."""
    if not rows:
        return 0
    keys = [row.dedupe for row in rows if row.dedupe]
    known = (
        set(
            ContentChange.objects.filter(dedupe__in=keys).values_list(
                "dedupe", flat=True
            )
        )
        if keys
        else set()
    )
    fresh, seen = [], set()
    for row in rows:
        if row.dedupe:
            if row.dedupe in known or row.dedupe in seen:
                continue
            seen.add(row.dedupe)
        fresh.append(row)
    ContentChange.objects.bulk_create(fresh, batch_size=500)
    return len(fresh)


def record_published(pages: Sequence, parent_id: int | None, *, new: bool) -> int:
    """Rows for `pages` (of one model) just published under `parent_id`, and those
    their model's `published_changes` adds."""
    if not pages:
        return 0
    now = timezone.now()
    action = ContentChange.Action.NEW if new else ContentChange.Action.UPDATED
    rows = [change_for(page, action, parent_id, now=now) for page in pages]
    hook = getattr(type(pages[0]), "published_changes", None)
    if hook is not None:
        rows.extend(hook(list(pages)))
    return write(rows)


def _parent_id(page) -> int | None:
    from wagtail.models import Page

    steplen = Page.steplen
    if not page.path or len(page.path) <= steplen:
        return None
    return (
        Page.objects.filter(path=page.path[:-steplen]).values_list("pk", flat=True)
    ).first()


def _on_published(sender, instance, **kwargs):
    # Wagtail sets both dates to the same instant on a page's first publish.
    new = instance.first_published_at == instance.last_published_at
    record_published([instance], _parent_id(instance), new=new)


def _on_unpublished(sender, instance, **kwargs):
    write([change_for(instance, ContentChange.Action.REMOVED, _parent_id(instance))])


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_on_published, dispatch_uid="portal_changes_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="portal_changes_unpublished")


def since(last_id: int, up_to: int | None = None) -> models.QuerySet:
    changes = ContentChange.objects.filter(pk__gt=last_id)
    if up_to is not None:
        changes = changes.filter(pk__lte=up_to)
    return changes


def last_id() -> int:
    return ContentChange.objects.aggregate(models.Max("pk"))["pk__max"] or 0


def prune(now: datetime.datetime | None = None) -> int:
    """Delete rows older than the kept days; returns how many."""
    days = getattr(settings, "PORTAL_CHANGES_KEEP_DAYS", KEEP_DAYS)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _ = ContentChange.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


def describe(change: ContentChange, page) -> str:
    """What changed, in a few words for a reader ("Bị thay thế bởi 31/2024/QH15
    từ 01/08/2024"): from the page's model (``describe_change(change)``) when it
    says more than the kind of change."""
    hook = getattr(page, "describe_change", None)
    text = hook(change) if hook is not None else ""
    if text:
        return text
    if change.action == ContentChange.Action.NEW:
        return str(_("Newly published"))
    if change.action == ContentChange.Action.UPDATED:
        return str(_("Updated"))
    return str(change.get_action_display())


def topics_of(rows: Iterable[ContentChange]) -> dict[str, list[int]]:
    """Topic -> ids of the rows naming it."""
    found: dict[str, list[int]] = {}
    for row in rows:
        for topic in row.topics:
            found.setdefault(topic, []).append(row.pk)
    return found
