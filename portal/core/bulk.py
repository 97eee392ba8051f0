"""Create many published pages at once, as the admin would have made them.

An import of 100,000 legal documents cannot afford Wagtail's path for one page (a
tree insert, three saves, a revision, a publish, each with its signals: about 40
queries a page). `BulkPageWriter` writes the same rows for a batch of pages in a
few queries per table:

- the `Page` rows (treebeard's materialized path and depth computed here, after
  the parent's last child; the parent's ``numchild`` raised once), then the rows of
  the specific model (and of any concrete model between), with the pointer set:
  Django's ``bulk_create`` refuses multi-table inheritance, so the base rows are
  inserted through the base model with their ids returned (SQLite >= 3.35 and
  PostgreSQL; not MySQL), the others with those ids;
- the child objects of each ``ParentalKey`` and the links of each
  ``ParentalManyToManyField`` set on the pages, as a save would commit them;
- one `Revision` per page (its content serialised by Wagtail), ``latest_revision``
  and ``live_revision`` pointing at it;
- the audit log an editor's "publish" in the add-page view leaves
  (``wagtail.create``, ``wagtail.edit`` with the revision, ``wagtail.publish``,
  sharing one uuid, as one request of the admin does);
- Wagtail's reference index and its admin search index (the backend's bulk add);
- the portal search's outbox entries for the pages and what depends on them
  (`search.indexing.enqueue_bulk`): ``search_sync`` then sends them in bulk;
- the content version, bumped once per batch (`portal.core.caching`).

No page signal is sent (``post_save``, ``page_published``): the list above is what
their receivers in the portal do. A page model whose ``save()`` computes something
(a slug, a folded text, denormalised columns) says so with two class methods, which
its ``save()`` calls too, so both paths run the same code:

``prepare_for_save(cls, objects)``
    before the rows are written: fill in computed columns;
``after_save(cls, objects)``
    once the rows, children and links are written (link other rows to them...).

A child model (of a ``ParentalKey``) may define ``prepare_for_save`` the same way;
it runs with the parent's id set. A page or child model that overrides ``save()``
without these hooks is refused (`ImproperlyConfigured`): its ``save()`` would
silently not run.

Using it (an importer)::

    with BulkPageWriter(index_page, user=user, batch_size=500) as writer:
        for row in rows:
            page = LegalDocumentPage(title=..., slug=..., number=..., doc_type=...)
            page.fields = [field_a, field_b]              # ParentalManyToManyField
            page.relations = [DocumentRelation(kind=..., target_number=...)]
            writer.add(page)
    writer.created   # how many pages were created

Pass unsaved instances of the specific model, with their own fields, foreign keys,
children and links set, and usually a slug (an empty slug is made from the title;
a slug a sibling already has gets a "-2", "-3"... suffix, as Wagtail does for a
generated slug). ``locale`` defaults to the parent's, ``owner`` to ``user``.
`add()` writes a batch each time ``batch_size`` pages are waiting, leaving the
pages of that batch (ids, paths, revisions set) to ``on_batch(pages)`` if given;
`flush()` (or leaving the ``with`` block without an error) writes the rest.
`write_batch(pages)` writes one batch now and returns it: an importer that records
its own progress calls it inside its transaction. Each batch runs in
``transaction.atomic()``: a batch is all written or not at all. Only the counts are
kept between batches, so memory stays flat whatever the number of pages.

Pages are validated by their caller (a form per row); this writes them, it does not
run ``full_clean()``. A page scheduled for later (``go_live_at`` in the future) is
refused: it would not be live.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import NotSupportedError, connections, models, router, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from portal.core.caching import bump_version

logger = logging.getLogger(__name__)

#: Code whose save() overrides are known to need nothing from a bulk write.
FRAMEWORK_MODULES = ("django.", "wagtail.", "modelcluster.", "treebeard.", "taggit.")


def check_bulk_ready(model: type[models.Model]) -> None:
    """Refuse a model whose own ``save()`` would be skipped by a bulk write."""
    for klass in model.__mro__:
        if klass in (Page, models.Model, ClusterableModel):
            break
        if klass.__module__.startswith(FRAMEWORK_MODULES):
            continue
        if "save" in vars(klass) and not hasattr(model, "prepare_for_save"):
            raise ImproperlyConfigured(
                f"{model.__name__} overrides save() ({klass.__qualname__}) without "
                "prepare_for_save/after_save class methods: a bulk write would skip "
                "what its save() computes (see portal.core.bulk)."
            )


def _insert(model, objs, fields, returning_fields=None, using=None) -> list:
    """INSERT the given columns of `objs` in as few statements as the database
    allows; the returned rows when `returning_fields` is given."""
    connection = connections[using]
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    returned: list = []
    for start in range(0, len(objs), size):
        rows = model._base_manager.using(using)._insert(
            objs[start : start + size],
            fields=fields,
            returning_fields=returning_fields,
            using=using,
        )
        if returning_fields:
            returned.extend(rows)
    return returned


def insert_values(model, rows: list[dict], using: str) -> None:
    """INSERT plain rows (attname -> value; a missing column gets its default)
    without building model instances: for the tables whose ids nobody reads
    back (log entries, references, links), where instances cost more than the
    insert. Values are prepared by their fields, as Django's own INSERT does."""
    if not rows:
        return
    connection = connections[using]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    quote = connection.ops.quote_name
    # Names from the model's metadata, quoted; the values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = []
    for row in rows:
        values = []
        for field in fields:
            value = row[field.attname] if field.attname in row else field.get_default()
            values.append(field.get_db_prep_save(value, connection))
        params.append(values)
    with connection.cursor() as cursor:
        for start in range(0, len(params), 2000):
            cursor.executemany(sql, params[start : start + 2000])


def insert_inherited(objs: Sequence[models.Model], using: str) -> None:
    """Insert instances of a multi-table model: the root model's rows with their
    ids returned, then each concrete model's own rows with its pointer set."""
    model = type(objs[0])
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotSupportedError(
            f"{connection.vendor} does not return ids from a bulk insert: "
            "bulk page writes need SQLite >= 3.35 or PostgreSQL."
        )
    chain = [*reversed(model._meta.get_parent_list()), model]
    root = chain[0]
    fields = [f for f in root._meta.local_concrete_fields if not f.primary_key]
    rows = _insert(
        root,
        list(objs),
        fields,
        returning_fields=root._meta.db_returning_fields,
        using=using,
    )
    pk_attname = root._meta.pk.attname
    for obj, row in zip(objs, rows, strict=True):
        setattr(obj, pk_attname, row[0])
        for klass in chain[1:]:
            for link in klass._meta.parents.values():
                if link is not None:
                    setattr(obj, link.attname, row[0])
        obj._state.adding = False
        obj._state.db = using
    for klass in chain[1:]:
        _insert(klass, list(objs), list(klass._meta.local_concrete_fields), using=using)


def _pending(instance, name: str) -> list | None:
    """The objects set on an unsaved instance's child relation or parental M2M,
    without touching the database (None when nothing was set)."""
    pending = getattr(instance, "_cluster_related_objects", {})
    if name not in pending:
        return None
    return list(pending[name])


def write_children(parents: Sequence[models.Model], using: str) -> None:
    """Commit the ``ParentalKey`` children and ``ParentalManyToManyField`` links
    set on saved `parents` (all of one model), as ``ClusterableModel.save()``
    would, a few queries per relation, children's children included."""
    model = type(parents[0])
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        child_model = relation.related_model
        fk_attname = relation.field.attname
        children = []
        for parent in parents:
            for child in _pending(parent, name) or ():
                setattr(child, fk_attname, parent.pk)
                fill_unset_relations(child)
                children.append(child)
        if not children:
            continue
        check_bulk_ready(child_model)
        if hasattr(child_model, "prepare_for_save"):
            child_model.prepare_for_save(children)
        child_model._base_manager.using(using).bulk_create(children, batch_size=500)
        if issubclass(child_model, ClusterableModel):
            write_children(children, using)
    for field in model._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        through = field.remote_field.through
        source = f"{field.m2m_field_name()}_id"
        target = f"{field.m2m_reverse_field_name()}_id"
        links = [
            {source: parent.pk, target: value.pk}
            for parent in parents
            for value in _pending(parent, field.name) or ()
        ]
        insert_values(through, links, using)


def fill_unset_relations(instance) -> None:
    """A new object has no children or links but those set on it: say so, so that
    serialising it or reading its references does not ask the database for each."""
    model = type(instance)
    if not issubclass(model, ClusterableModel):
        return
    pending = instance.__dict__.setdefault("_cluster_related_objects", {})
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if name not in pending:
            setattr(instance, name, [])
    for field in model._meta.get_fields():
        if isinstance(field, ParentalManyToManyField) and field.name not in pending:
            setattr(instance, field.name, [])


def _clear_pending(instance) -> None:
    """After the commit, relations read the database again, as after a save."""
    pending = getattr(instance, "_cluster_related_objects", None)
    if pending:
        pending.clear()


class BulkPageWriter:
    """Creates published pages under one parent, batch by batch (see the module)."""

    def __init__(
        self,
        parent: Page,
        *,
        user=None,
        batch_size: int = 500,
        on_batch: Callable[[list[Page]], None] | None = None,
    ):
        self.parent = parent
        self.user = user
        self.batch_size = batch_size
        self.on_batch = on_batch
        self.using = router.db_for_write(Page)
        self.created = 0
        self._waiting: list[Page] = []
        self._given_first_published: dict[int, object] = {}

    def __enter__(self) -> BulkPageWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.flush()

    def add(self, page: Page) -> None:
        self._waiting.append(page)
        if len(self._waiting) >= self.batch_size:
            self.flush()

    def add_many(self, pages: Iterable[Page]) -> None:
        for page in pages:
            self.add(page)

    def flush(self) -> None:
        if self._waiting:
            pages, self._waiting = self._waiting, []
            self.write_batch(pages)

    # One batch ------------------------------------------------------------------

    def write_batch(self, pages: list[Page]) -> list[Page]:
        """Write `pages` (unsaved, one specific model or several) in one
        transaction; returns them with their ids, paths and revisions set."""
        if not pages:
            return pages
        with transaction.atomic(using=self.using):
            now = timezone.now()
            parent = self._lock_parent()
            self._place(parent, pages, now)
            by_model: dict[type, list[Page]] = defaultdict(list)
            for page in pages:
                fill_unset_relations(page)
                by_model[type(page)].append(page)
            for model, group in by_model.items():
                check_bulk_ready(model)
                if hasattr(model, "prepare_for_save"):
                    model.prepare_for_save(group)
                insert_inherited(group, self.using)
                write_children(group, self.using)
                if hasattr(model, "after_save"):
                    model.after_save(group)
            Page.objects.using(self.using).filter(pk=parent.pk).update(
                numchild=F("numchild") + len(pages)
            )
            self.parent.numchild = parent.numchild + len(pages)
            revisions = self._write_revisions(pages, now)
            self._write_log(pages, revisions, now)
            self._write_references(pages)
            for model, group in by_model.items():
                self._index_for_admin(model, group)
            from search.indexing import enqueue_bulk

            enqueue_bulk(pages)
            bump_version()
        self._given_first_published.clear()
        for page in pages:
            _clear_pending(page)
        self.created += len(pages)
        if self.on_batch is not None:
            self.on_batch(pages)
        return pages

    def _lock_parent(self) -> Page:
        """The parent as stored now, locked (PostgreSQL) so that two writers under
        one parent cannot give two pages the same path."""
        return (
            Page.objects.using(self.using)
            .select_for_update()
            .only("path", "depth", "numchild", "url_path", "locale")
            .get(pk=self.parent.pk)
        )

    def _place(self, parent: Page, pages: list[Page], now) -> None:
        """Tree position, address, locale, owner and the state of a published page."""
        siblings = Page.objects.using(self.using).filter(
            path__startswith=parent.path, depth=parent.depth + 1
        )
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        position = Page._str2int(last[-Page.steplen :]) if last else 0
        self._set_slugs(siblings, pages)
        for page in pages:
            if page.pk is not None:
                raise ValueError(f"{page!r} is saved already")
            if page.go_live_at and page.go_live_at > now:
                raise ValueError(f"{page!r} is scheduled for later, not live")
            position += 1
            step = Page._int2str(position)
            if len(step) > Page.steplen:
                raise PathOverflow(f"No room for more children under {parent.path}")
            page.path = Page._get_path(parent.path, parent.depth + 1, position)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            if page.locale_id is None:
                page.locale_id = parent.locale_id
            if page.owner_id is None and self.user is not None:
                page.owner = self.user
            page.draft_title = page.title
            page.live = True
            page.expired = False
            page.has_unpublished_changes = False
            self._given_first_published[id(page)] = page.first_published_at
            page.first_published_at = page.first_published_at or now
            page.last_published_at = now
            page.latest_revision_created_at = now

    def _set_slugs(self, siblings, pages: list[Page]) -> None:
        """Slugs made from titles where missing, and unique among the siblings."""
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        for page in pages:
            if not page.slug:
                page.slug = slugify(page.title, allow_unicode=allow_unicode)
            if not page.slug:
                raise ValidationError({"slug": _("This field is required.")})
        wanted = {page.slug for page in pages}
        taken = set(siblings.filter(slug__in=wanted).values_list("slug", flat=True))
        used: set[str] = set()
        for page in pages:
            if page.slug in taken or page.slug in used:
                base, suffix = page.slug, 2
                clashes = set(
                    siblings.filter(slug__startswith=f"{base}-").values_list(
                        "slug", flat=True
                    )
                )
                while f"{base}-{suffix}" in clashes | used | taken:
                    suffix += 1
                page.slug = f"{base}-{suffix}"
            used.add(page.slug)

    def _write_revisions(self, pages: list[Page], now) -> list[Revision]:
        """One revision per page, its content as `save_revision()` serialises it
        when the admin creates and publishes a page (before publishing)."""
        base_type = ContentType.objects.get_for_model(Page)
        published = {
            "first_published_at": None,
            "last_published_at": None,
            "latest_revision_created_at": None,
        }
        revisions = []
        for page in pages:
            kept = {name: getattr(page, name) for name in published}
            for name, value in published.items():
                setattr(page, name, value)
            # A first publication date the caller chose (an old document's) is in
            # the revision too, as when an editor sets it before publishing.
            page.first_published_at = self._given_first_published.get(id(page))
            content = page.serializable_data()
            for name, value in kept.items():
                setattr(page, name, value)
            revisions.append(
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    user=self.user,
                    content=content,
                    object_str=str(page)[:255],
                    created_at=now,
                )
            )
        Revision.objects.using(self.using).bulk_create(revisions, batch_size=500)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
        # Each page's revision is its only one: found by the revisions' index.
        latest = Subquery(
            Revision.objects.filter(
                base_content_type=base_type,
                object_id=Cast(OuterRef("pk"), models.CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.using(self.using).filter(
            pk__in=[page.pk for page in pages]
        ).update(latest_revision_id=latest, live_revision_id=latest)
        return revisions

    def _write_log(self, pages: list[Page], revisions: list[Revision], now) -> None:
        entries = []
        user_id = self.user.pk if self.user is not None else None
        for page, revision in zip(pages, revisions, strict=True):
            content_type_id = ContentType.objects.get_for_model(
                page, for_concrete_model=False
            ).pk
            request_uuid = uuid.uuid4()
            # As the add-page view's "publish": the page saved (no revision yet),
            # its first revision, that revision published; one request, one uuid.
            for action, logged_revision in (
                ("wagtail.create", None),
                ("wagtail.edit", revision),
                ("wagtail.publish", revision),
            ):
                entries.append(
                    {
                        "content_type_id": content_type_id,
                        "label": page.get_admin_display_title(),
                        "action": action,
                        "timestamp": now,
                        "data": {},
                        "uuid": request_uuid,
                        "user_id": user_id,
                        "revision_id": logged_revision and logged_revision.pk,
                        "content_changed": True,
                        "deleted": False,
                        "page_id": page.pk,
                    }
                )
        insert_values(PageLogEntry, entries, self.using)

    def _write_references(self, pages: list[Page]) -> None:
        """Wagtail's reference index of the new pages: nothing to compare with, so
        every reference found is a new row (create_or_update_for_object, batched)."""
        rows = []
        for page in pages:
            if not ReferenceIndex.is_indexed(type(page)):
                continue
            content_type = ContentType.objects.get_for_model(
                page, for_concrete_model=False
            )
            base_content_type = ContentType.objects.get_for_model(
                page._meta.get_parent_list()[-1], for_concrete_model=False
            )
            for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            ):
                rows.append(
                    {
                        "content_type_id": content_type.pk,
                        "base_content_type_id": base_content_type.pk,
                        "object_id": str(page.pk),
                        "to_content_type_id": to_type,
                        "to_object_id": to_id,
                        "model_path": model_path,
                        "content_path": content_path,
                        "content_path_hash": ReferenceIndex._get_content_path_hash(
                            content_path
                        ),
                    }
                )
        insert_values(ReferenceIndex, rows, self.using)

    def _index_for_admin(self, model: type[Page], pages: list[Page]) -> None:
        """Wagtail's search index (the admin's page search), with the backend's
        bulk add; errors handled as Wagtail's own indexing does."""
        from modelsearch.backends import get_search_backends_with_name
        from modelsearch.index import class_is_indexed

        if not class_is_indexed(model):
            return
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, pages)
            except Exception:
                logger.exception("Could not add pages to the %r search backend", name)
                if not backend.catch_indexing_errors:
                    raise
