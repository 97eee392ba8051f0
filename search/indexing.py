"""The outbox: index updates recorded in the content's own transaction, drained in
bulk to every configured engine.

A content change (publish, unpublish, delete, move, a renamed taxonomy) writes one
OutboxEntry per engine alias inside the same transaction, so the update is as
durable as the change itself. `drain()` (the `search_sync` command, and right after
each commit when PORTAL_SEARCH_SYNC_ON_COMMIT is on) sends the due entries in bulk
and deletes them only once the engine has accepted them; a failure leaves them in
place with a growing delay (exponential backoff).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, router, transaction
from django.dispatch import Signal
from django.utils import timezone

from search.engines import aliases, get_engine
from search.engines.base import SearchEngineError
from search.models import IndexRebuild, OutboxEntry
from search.registry import IndexedDocument, SearchAdapter, adapter_for, adapters
from search.sites import SiteRoot, site_roots, sites_of_path

logger = logging.getLogger(__name__)

#: Delay before the n-th retry of an entry: 2**n seconds, at most MAX_BACKOFF.
MAX_BACKOFF = 600
#: A rebuild mark older than this is from a rebuild that died: drains go on.
REBUILD_LIMIT = datetime.timedelta(hours=6)
#: After a rebuild, queued updates older than its start by this much are dropped
#: (the rebuild read their documents); younger ones are sent again, since their
#: content may have committed after the rebuild read it.
SETTLE = datetime.timedelta(minutes=5)


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(2**attempts, MAX_BACKOFF))


def model_label(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


# Queueing ---------------------------------------------------------------------


def enqueue(obj: models.Model, action: str = OutboxEntry.INDEX) -> int:
    """Queue (re)indexing or removal of `obj` for every engine; returns rows made."""
    adapter = adapter_for(obj)
    if adapter is None:
        return 0
    return enqueue_key(
        adapter.key_for(obj), action, model=model_label(obj), object_id=str(obj.pk)
    )


def enqueue_key(key: str, action: str, model: str = "", object_id: str = "") -> int:
    rows = [
        OutboxEntry(
            backend=alias, action=action, key=key, model=model, object_id=object_id
        )
        for alias in aliases()
    ]
    OutboxEntry.objects.bulk_create(rows)
    sync_after_commit()
    return len(rows)


def enqueue_many(objects: Iterable[models.Model]) -> int:
    return sum(enqueue(obj) for obj in objects)


def enqueue_bulk(objects: Sequence[models.Model], *, dependants: bool = True) -> int:
    """Queue many new or changed objects, and what depends on them, in one insert.

    The same entries the save signal writes for each object (see
    `search.signals.on_save`), for a bulk write that bypasses the signals. No drain
    is scheduled after the commit: `search_sync` (or `drain()`) sends them in
    batches, at the engine's bulk speed. Returns the rows made.

    `dependants=False` queues the objects alone: for a change of where they are
    shown (their sites, their address) rather than of what they say, which the
    documents of others do not repeat.
    """
    queued: list[models.Model] = []
    for adapter in adapters() if dependants else ():
        changed = [obj for obj in objects if isinstance(obj, tuple(adapter.depends_on))]
        if changed:
            queued.extend(adapter.dependants_of_many(changed))
    queued = [*objects, *queued]
    rows = []
    seen: set[str] = set()
    backends = aliases()
    now = timezone.now()
    for obj in queued:
        adapter = adapter_for(obj)
        if adapter is None:
            continue
        key = adapter.key_for(obj)
        if key in seen:
            continue
        seen.add(key)
        label, object_id = model_label(obj), str(obj.pk)
        rows += [(alias, key, label, object_id) for alias in backends]
    _insert_entries(rows, now)
    return len(rows)


def _insert_entries(rows: list[tuple[str, str, str, str]], now) -> None:
    """INSERT new index entries (engine, key, model, id) in one statement per
    few thousand: a large import queues hundreds of thousands, where building
    an OutboxEntry for each and Django's INSERT cost more than the write."""
    if not rows:
        return
    connection = transaction.get_connection(router.db_for_write(OutboxEntry))
    fields = [
        OutboxEntry._meta.get_field(name)
        for name in (
            "backend",
            "action",
            "key",
            "model",
            "object_id",
            "created_at",
            "available_at",
            "attempts",
            "last_error",
        )
    ]
    stamp = fields[5].get_db_prep_save(now, connection)
    quote = connection.ops.quote_name
    # Names from the model's metadata, quoted; the values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(OutboxEntry._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        (backend, OutboxEntry.INDEX, key, label, object_id, stamp, stamp, 0, "")
        for backend, key, label, object_id in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 2000):
            cursor.executemany(sql, params[start : start + 2000])


#: Sent when a drain wrote updates to an engine, with ``alias`` and
#: ``visible_after`` (seconds until searches see them): what caches search results
#: (a site's page cache) may then replace them.
index_changed = Signal()


def _drain_after_commit() -> None:
    try:
        drain(retries=0, skip_resting=True)
    except Exception:  # noqa: BLE001 - the outbox keeps the updates
        logger.exception("Search sync after commit failed; search_sync will retry")


def sync_after_commit() -> None:
    """Drain right after the commit, in this process, best effort: the outbox
    keeps anything this misses for `search_sync`. One drain per transaction."""
    if not getattr(settings, "PORTAL_SEARCH_SYNC_ON_COMMIT", True):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback[1] is _drain_after_commit for callback in connection.run_on_commit
    ):
        return
    transaction.on_commit(_drain_after_commit)


# Draining ---------------------------------------------------------------------


@dataclass
class DrainReport:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    #: Engines whose updates wait for a rebuild to end.
    held: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.indexed + self.deleted

    def __iadd__(self, other: DrainReport) -> DrainReport:
        self.indexed += other.indexed
        self.deleted += other.deleted
        self.failed += other.failed
        self.held += other.held
        return self


def _resolve(
    entries: list[OutboxEntry],
) -> tuple[list[IndexedDocument], list[str], list[int]]:
    """Documents to index and keys to delete for the newest entry of each key;
    ids of entries that could not be turned into a document."""
    latest: dict[str, OutboxEntry] = {}
    for entry in entries:
        latest[entry.key] = entry
    wanted: dict[str, dict[str, OutboxEntry]] = defaultdict(dict)
    deletes: list[str] = []
    for key, entry in latest.items():
        if entry.action == OutboxEntry.DELETE or not entry.model:
            deletes.append(key)
        else:
            wanted[entry.model][entry.object_id] = entry
    documents: list[IndexedDocument] = []
    broken: list[int] = []
    roots = site_roots() if wanted else []
    for label, by_id in wanted.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            deletes += [entry.key for entry in by_id.values()]
            continue
        adapter = adapter_for(model)
        if adapter is None:
            deletes += [entry.key for entry in by_id.values()]
            continue
        # Only what the adapter says belongs (live, public) is indexed.
        objs = list(adapter.get_queryset().filter(pk__in=list(by_id)))
        adapter.prepare_many(objs)
        found = {str(obj.pk): obj for obj in objs}
        for object_id, entry in by_id.items():
            obj = found.get(object_id)
            if obj is None:
                deletes.append(entry.key)
                continue
            try:
                document = _document(adapter, obj, roots)
            except Exception:  # noqa: BLE001 - one broken object must not block others
                logger.exception(
                    "Could not build the search document for %s", entry.key
                )
                broken.append(entry.pk)
                continue
            if document is None:
                deletes.append(entry.key)
            else:
                documents.append(document)
    return documents, deletes, broken


def drain_backend(
    alias: str,
    batch_size: int = 500,
    retries: int = 3,
    retry_delay: float = 0.5,
    now: datetime.datetime | None = None,
) -> DrainReport:
    """Send every due entry of one engine, batch by batch; none while the
    engine is being rebuilt (see IndexRebuild)."""
    report = DrainReport()
    engine = get_engine(alias)
    last_id = 0
    while True:
        moment = now or timezone.now()
        if rebuilding(alias, moment):
            report.held.append(alias)
            return report
        entries = list(
            OutboxEntry.objects.filter(
                backend=alias, available_at__lte=moment, pk__gt=last_id
            ).order_by("pk")[:batch_size]
        )
        if not entries:
            return report
        last_id = entries[-1].pk
        later = _later_duplicates(alias, entries, moment)
        documents, deletes, broken = _resolve(entries)
        error: Exception | None = None
        for attempt in range(retries + 1):
            try:
                if documents:
                    engine.index_bulk(documents)
                if deletes:
                    engine.delete(deletes)
            except SearchEngineError as exc:
                error = exc
                if attempt < retries:
                    time.sleep(retry_delay * 2**attempt)
                continue
            error = None
            break
        ids = [entry.pk for entry in entries]
        if error is not None:
            logger.warning(
                "Search engine %r refused %d updates: %s", alias, len(ids), error
            )
            _postpone(entries, str(error))
            report.failed += len(entries)
            # The engine is down: the rest of the queue would fail the same way.
            return report
        done = [pk for pk in ids if pk not in set(broken)]
        failed_keys = broken_keys(entries, broken)
        done += [pk for key, pk in later if key not in failed_keys]
        for start in range(0, len(done), 500):
            OutboxEntry.objects.filter(pk__in=done[start : start + 500]).delete()
        if broken:
            _postpone([e for e in entries if e.pk in set(broken)], "to_document failed")
            report.failed += len(broken)
        report.indexed += len(documents)
        report.deleted += len(deletes)
        if documents or deletes:
            index_changed.send(
                sender=type(engine), alias=alias, visible_after=engine.visible_after
            )


def _later_duplicates(
    alias: str, entries: list[OutboxEntry], moment
) -> list[tuple[str, int]]:
    """(key, id) of the due entries queued after this batch that only ask to
    index again a document this batch indexes: the documents are read after
    these rows were committed, so sending them covers these too. A bulk import
    queues a document once per batch that relates to it; without this, a drain
    sends it that many times. A key with a later removal keeps all its rows."""
    latest = {entry.key: entry.action for entry in entries}
    keys = {key for key, action in latest.items() if action == OutboxEntry.INDEX}
    if not keys:
        return []
    later: dict[str, list[int]] = defaultdict(list)
    removed: set[str] = set()
    last_id = entries[-1].pk
    keys_list = sorted(keys)
    for start in range(0, len(keys_list), 500):
        for pk, key, action in OutboxEntry.objects.filter(
            backend=alias,
            available_at__lte=moment,
            pk__gt=last_id,
            key__in=keys_list[start : start + 500],
        ).values_list("pk", "key", "action"):
            if action == OutboxEntry.INDEX:
                later[key].append(pk)
            else:
                removed.add(key)
    return [(key, pk) for key, pks in later.items() if key not in removed for pk in pks]


def broken_keys(entries: list[OutboxEntry], broken: list[int]) -> set[str]:
    failed = set(broken)
    return {entry.key for entry in entries if entry.pk in failed}


def _postpone(entries: list[OutboxEntry], error: str) -> None:
    now = timezone.now()
    for entry in entries:
        entry.attempts += 1
        entry.available_at = now + backoff(entry.attempts)
        entry.last_error = error[:2000]
    OutboxEntry.objects.bulk_update(entries, ["attempts", "available_at", "last_error"])


def drain(
    backend: str | None = None,
    batch_size: int = 500,
    retries: int = 3,
    retry_delay: float = 0.5,
    skip_resting: bool = False,
) -> DrainReport:
    from search.service import primary_is_resting

    report = DrainReport()
    for alias in [backend] if backend else aliases():
        if skip_resting and primary_is_resting(alias):
            continue
        report += drain_backend(alias, batch_size, retries, retry_delay)
    return report


def maintain(backend: str | None = None) -> None:
    """Each engine's upkeep after writes (SearchEngine.maintain); an engine
    that fails is logged and the others go on."""
    for alias in [backend] if backend else aliases():
        try:
            get_engine(alias).maintain()
        except SearchEngineError as error:
            logger.warning("Search engine %r upkeep failed: %s", alias, error)


def backlog(alias: str | None = None) -> dict[str, int]:
    rows = OutboxEntry.objects.all()
    if alias:
        rows = rows.filter(backend=alias)
    return {
        row["backend"]: row["n"]
        for row in rows.values("backend")
        .order_by("backend")
        .annotate(n=models.Count("id"))
    }


# Full rebuilds ------------------------------------------------------------------


def count_indexable() -> int:
    return sum(adapter.get_queryset().count() for adapter in adapters())


def all_documents(chunk_size: int = 500) -> Iterator[IndexedDocument]:
    """Every document the registered adapters want indexed."""
    roots = site_roots()
    for adapter in adapters():
        objects = adapter.get_queryset().iterator(chunk_size=chunk_size)
        while chunk := list(itertools.islice(objects, chunk_size)):
            adapter.prepare_many(chunk)
            yield from _documents(adapter, chunk, roots)


@functools.cache
def _default_locale_id(language_code: str) -> int | None:
    from wagtail.models import Locale

    return (
        Locale.objects.filter(language_code=language_code)
        .values_list("pk", flat=True)
        .first()
    )


def forget_locales(**kwargs) -> None:
    """Locale rows changed: read the default one again."""
    _default_locale_id.cache_clear()


def in_another_language(obj: models.Model) -> bool:
    """A page of a tree in another language than the site's (Wagtail i18n, the
    ``/en/`` section): the search serves the site's own language, LANGUAGE_CODE
    (its analysis and query understanding are Vietnamese), so such pages are not
    indexed."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None or not hasattr(obj, "translation_key"):
        return False
    default = _default_locale_id(settings.LANGUAGE_CODE)
    return default is not None and locale_id != default


def _document(
    adapter: SearchAdapter, obj: models.Model, roots: list[SiteRoot]
) -> IndexedDocument | None:
    """The adapter's document for `obj`, with the sites its page is on
    (search.sites) unless the adapter named them; None for what another
    language's tree holds (`in_another_language`)."""
    if in_another_language(obj):
        return None
    document = adapter.to_document(obj)
    if document is None or document.sites:
        return document
    sites = sites_of_path(adapter.tree_path(obj), roots)
    return dataclasses.replace(document, sites=sites) if sites else document


def _documents(adapter, objs, roots) -> Iterator[IndexedDocument]:
    for obj in objs:
        try:
            document = _document(adapter, obj, roots)
        except Exception:  # noqa: BLE001 - log and go on with the others
            logger.exception("Could not build the search document for %r", obj)
            continue
        if document is not None:
            yield document


def rebuilding(alias: str, now: datetime.datetime | None = None) -> bool:
    moment = now or timezone.now()
    return IndexRebuild.objects.filter(
        backend=alias, started_at__gt=moment - REBUILD_LIMIT
    ).exists()


def rebuild(alias: str, progress=None) -> int:
    """Rebuild one engine from the database. Its queued updates wait meanwhile
    (drain_backend); those older than the rebuild (by SETTLE) are then
    redundant and dropped, and the others are sent at once."""
    started = timezone.now()
    IndexRebuild.objects.update_or_create(
        backend=alias, defaults={"started_at": started}
    )
    try:
        engine = get_engine(alias)
        stored = engine.rebuild(all_documents(), progress=progress)
        engine.optimize()
        OutboxEntry.objects.filter(
            backend=alias, created_at__lt=started - SETTLE
        ).delete()
    finally:
        IndexRebuild.objects.filter(backend=alias).delete()
    # The new index answers now (rebuilt indices are refreshed before the swap).
    index_changed.send(sender=type(engine), alias=alias, visible_after=0.0)
    drain_backend(alias)
    return stored
