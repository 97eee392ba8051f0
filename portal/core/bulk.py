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
- a `ContentChange` per page (`portal.core.changes`), as a publish records;
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
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from portal.core.caching import bump_version
from portal.core.changes import record_published

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


#: Field classes whose value, when it is already a str, int, bool or None, is
#: what the database driver takes: Django's preparation would return it as is.
#: Exact classes, not subclasses (a subclass may prepare differently).
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
    models.CharField,
    models.SlugField,
    models.TextField,
    models.BooleanField,
)
PLAIN_VALUES = (str, int, bool, type(None))


def _is_plain(field) -> bool:
    target = field
    while target.remote_field is not None and isinstance(target, models.ForeignKey):
        target = target.target_field
    return type(target) in PLAIN_FIELDS


class RowWriter:
    """INSERTs rows of one table through the driver (``executemany`` on
    SQLite, ``COPY`` on PostgreSQL), for the bulk writes above Django's
    per-object SQL compiler (which costs several times the database's own work
    for rows of thirty columns).

    `fields` default to the model's local concrete fields, the auto-incremented
    primary key included: ids are reserved first (`reserve_ids`), so that the
    rows of other tables can point at them before anything is written. Values
    are prepared as Django's INSERT prepares them (``get_db_prep_save``), except
    plain values of plain fields, which it would return unchanged."""

    def __init__(self, model, using: str, fields=None):
        self.model = model
        self.using = using
        self.connection = connections[using]
        self.fields = list(fields or model._meta.local_concrete_fields)
        self.plain = [_is_plain(field) for field in self.fields]
        quote = self.connection.ops.quote_name
        # Names from the model's metadata, quoted; the values are parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in self.fields),
            ", ".join(["%s"] * len(self.fields)),
        )
        self.copy_sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in self.fields),
        )

    def prepare(self, values: list) -> list:
        connection = self.connection
        return [
            value
            if plain and type(value) in PLAIN_VALUES
            else field.get_db_prep_save(value, connection)
            for field, plain, value in zip(self.fields, self.plain, values, strict=True)
        ]

    def insert_objects(self, objs: Sequence[models.Model]) -> None:
        """INSERT the instances' values (``pre_save`` run, as a save would)."""
        fields = self.fields
        self.execute(
            [
                self.prepare([field.pre_save(obj, True) for field in fields])
                for obj in objs
            ]
        )

    def insert_dicts(self, rows: list[dict]) -> None:
        """INSERT plain rows (attname -> value; a missing column gets its
        default) without building model instances."""
        fields = self.fields
        self.execute(
            [
                self.prepare(
                    [
                        row[field.attname]
                        if field.attname in row
                        else field.get_default()
                        for field in fields
                    ]
                )
                for row in rows
            ]
        )

    def execute(self, params: list[list]) -> None:
        if not params:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "sqlite":
                # In-process: one prepared statement run per row is the fastest.
                for start in range(0, len(params), 2000):
                    cursor.executemany(self.sql, params[start : start + 2000])
                return
            if self.connection.vendor == "postgresql" and _psycopg3():
                # COPY: the rows streamed in one command, adapted by the driver
                # (Django's client-side binding would rewrite a many-row INSERT
                # in Python, most of the write).
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for values in params:
                        copy.write_row(values)
                return
            cursor.executemany(self.sql, params)


def _psycopg3() -> bool:
    """PostgreSQL through psycopg 3 (COPY and server-side parameters), not 2."""
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def reserve_ids(model, count: int, using: str) -> list[int] | None:
    """`count` new primary keys of `model`'s table, taken from its sequence as
    an INSERT would take them, or None where that is not known how (then the
    rows are inserted with their ids returned). Called inside the batch's
    transaction: on SQLite the write lock it then takes keeps the ids its own;
    on PostgreSQL ``nextval`` never gives a value twice."""
    pk = model._meta.pk
    if count == 0:
        return []
    connection = connections[using]
    table, column = model._meta.db_table, pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # AUTOINCREMENT: never an id of a deleted row, which its revisions
            # and log entries still name. Inserting explicit ids moves
            # sqlite_sequence on, as Django's own INSERTs do.
            # Names from the model's metadata, quoted; the value a parameter.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            sequence = cursor.fetchone()
            cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
            last = max(sequence[0] if sequence else 0, cursor.fetchone()[0] or 0)
            return list(range(last + 1, last + 1 + count))
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s))"
                " FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    return None


def insert_values(model, rows: list[dict], using: str) -> None:
    """INSERT plain rows (attname -> value; a missing column gets its default)
    without building model instances: for the tables whose ids nobody reads
    back (log entries, references, links), where instances cost more than the
    insert."""
    if rows:
        fields = [
            field
            for field in model._meta.concrete_fields
            if not (field.primary_key and isinstance(field, models.AutoField))
        ]
        RowWriter(model, using, fields).insert_dicts(rows)


def insert_objects(objs: Sequence[models.Model], using: str) -> None:
    """Insert new instances of a model (of several tables when it inherits
    another), their primary keys set: the root model's rows first, then each
    concrete model's own rows with its pointer set. Ids are reserved (see
    `reserve_ids`) or, where that is not known how, returned by the INSERT
    (SQLite >= 3.35 and PostgreSQL do both; MySQL neither)."""
    if not objs:
        return
    model = type(objs[0])
    chain = [*reversed(model._meta.get_parent_list()), model]
    root = chain[0]
    pk_attname = root._meta.pk.attname
    for obj in objs:
        # As a save: a related object assigned before it had its id lends it now.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    missing = [obj for obj in objs if getattr(obj, pk_attname) is None]
    # A primary key that is not auto-incremented has its value (a default) set.
    auto = isinstance(root._meta.pk, models.AutoField)
    ids = reserve_ids(root, len(missing), using) if auto else []
    if ids is None:
        _insert_returning(root, objs, using)
    else:
        for obj, pk in zip(missing, ids, strict=True):
            setattr(obj, pk_attname, pk)
        RowWriter(root, using).insert_objects(objs)
    for obj in objs:
        pk = getattr(obj, pk_attname)
        for klass in chain[1:]:
            for link in klass._meta.parents.values():
                if link is not None:
                    setattr(obj, link.attname, pk)
        obj._state.adding = False
        obj._state.db = using
    for klass in chain[1:]:
        RowWriter(klass, using).insert_objects(objs)


def _insert_returning(root, objs: Sequence[models.Model], using: str) -> None:
    """The root rows through Django's INSERT, the ids it returns set."""
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotSupportedError(
            f"{connection.vendor} does not return ids from a bulk insert: "
            "bulk page writes need SQLite >= 3.35 or PostgreSQL."
        )
    fields = [f for f in root._meta.local_concrete_fields if not f.primary_key]
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    pk_attname = root._meta.pk.attname
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        rows = root._base_manager.using(using)._insert(
            chunk,
            fields=fields,
            returning_fields=root._meta.db_returning_fields,
            using=using,
        )
        for obj, row in zip(chunk, rows, strict=True):
            setattr(obj, pk_attname, row[0])


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
        insert_objects(children, using)
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
                insert_objects(group, self.using)
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
            for group in by_model.values():
                record_published(group, parent.pk, new=True)
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
        insert_objects(revisions, self.using)
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
        index_for_admin(model, pages, new_entries=self._new_entries)

    @cached_property
    def _new_entries(self) -> NewEntries:
        return NewEntries(self.using)


def index_for_admin(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    new_entries: NewEntries | None = None,
) -> None:
    """Wagtail's search index (the admin's search) for many objects of one
    model, with each backend's bulk add: one pass over the index's title
    lengths for them all, where adding one by one makes a pass for each (on a
    large index, most of an import's updates). New objects go to Wagtail's
    database indexes through `new_entries` when given. Errors handled as
    Wagtail's own indexing does."""
    from modelsearch.backends import get_search_backends_with_name
    from modelsearch.index import class_is_indexed

    if not objs or not class_is_indexed(model):
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            writer = new_entries and new_entries.writer_for(backend)
            if writer is not None:
                writer.add_new(backend, model, objs)
            else:
                backend.add_bulk(model, objs)
        except Exception:
            logger.exception("Could not add objects to the %r search backend", name)
            if not backend.catch_indexing_errors:
                raise


class NewEntries:
    """The writers of new entries of Wagtail's database search backends, one
    per backend (their running totals kept across batches)."""

    def __init__(self, using: str):
        self.using = using
        self.writers: dict[int, NewSQLiteEntries | NewPostgresEntries] = {}

    def writer_for(self, backend):
        # By module name: a backend's module cannot be imported on another
        # database.
        for writer_class in (NewSQLiteEntries, NewPostgresEntries):
            if writer_class is NewPostgresEntries and not _psycopg3():
                continue  # psycopg 2: Wagtail's own bulk add
            if type(backend).__module__ == writer_class.backend_module:
                if id(backend) not in self.writers:
                    self.writers[id(backend)] = writer_class(self.using)
                return self.writers[id(backend)]
        return None


class NewSQLiteEntries:
    """Wagtail's SQLite search entries of new pages, as its backend's
    ``add_items`` writes them, at a fraction of its cost for a large import:

    - each page's search fields are read once, not once for each of the title,
      body and autocomplete columns (a rich text field is parsed each time);
    - ``title_norm`` (the average title length over the index, divided by this
      title's) is computed before the INSERT, from running totals taken once,
      instead of an average over the whole table and an UPDATE of the new rows
      (whose trigger rewrites their full-text rows) after every batch: the
      same value, without the work growing with the size of the index;
    - the pages are new, so nothing is looked up or updated.
    """

    backend_module = "modelsearch.backends.database.sqlite.sqlite"

    def __init__(self, using: str):
        self.using = using
        self.title_lengths: tuple[int, int] | None = None  # sum and count

    def _totals(self) -> tuple[int, int]:
        from modelsearch.backends.database.sqlite.sqlite import IndexEntry

        if self.title_lengths is None:
            table = connections[self.using].ops.quote_name(IndexEntry._meta.db_table)
            with connections[self.using].cursor() as cursor:
                cursor.execute(
                    # The table's name from the model's metadata, quoted.
                    "SELECT COALESCE(SUM(LENGTH(title)), 0), COUNT(*)"  # noqa: S608
                    f" FROM {table} WHERE LENGTH(title) > 0"
                )
                total, count = cursor.fetchone()
            self.title_lengths = (total, count)
        return self.title_lengths

    def add_new(self, backend, model: type[Page], pages: list[Page]) -> None:
        from modelsearch.backends.database.sqlite.sqlite import (
            IndexEntry,
            ObjectIndexer,
        )
        from modelsearch.index import AutocompleteField, SearchField
        from modelsearch.utils import get_content_type_pk

        if not model.get_search_fields():
            return
        content_type_id = get_content_type_pk(model)
        rows = []
        for page in pages:
            indexer = ObjectIndexer(page, backend)
            title, body, autocomplete = [], [], []
            for field in indexer.search_fields:
                for current, value in indexer.prepare_field(page, field):
                    if isinstance(current, SearchField):
                        (title if current.field_name == "title" else body).append(value)
                    elif isinstance(current, AutocompleteField):
                        autocomplete.append(value)
            rows.append(
                {
                    "content_type_id": content_type_id,
                    "object_id": str(page.pk),
                    "title": " ".join(title),
                    "body": " ".join(body),
                    "autocomplete": " ".join(autocomplete),
                }
            )
        total, count = self._totals()
        for row in rows:
            if row["title"]:
                total, count = total + len(row["title"]), count + 1
        self.title_lengths = (total, count)
        for row in rows:
            length = len(row["title"])
            row["title_norm"] = (total / count) / length if length else 1.0
        insert_values(IndexEntry, rows, self.using)


class NewPostgresEntries:
    """Wagtail's PostgreSQL search entries of new pages, the rows its
    backend's ``add_items`` writes (the same vectors, built by the same SQL),
    without its cost on a large import: each page's search fields read once
    rather than five times, no Django expression built and compiled per text,
    the rows sent with server-side parameters (psycopg's client-side binding
    rewrites a statement of thousands of parameters in Python), and
    ``title_norm`` set from running totals, for the new rows only."""

    backend_module = "modelsearch.backends.database.postgres.postgres"

    def __init__(self, using: str):
        self.using = using
        self.title_lengths: tuple[int, int] | None = None  # sum and count

    @staticmethod
    def vector(texts: list[tuple[str, str]], config) -> tuple[str, list]:
        """SQL and parameters of ``ObjectIndexer.as_vector(texts)``."""
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        if not texts:
            return "to_tsvector(COALESCE(%s, %s))", ["", ""]
        if config is None:
            part, params = "setweight(to_tsvector(COALESCE(%s, %s)), %s)", []
            for text, weight in texts:
                params += [text, "", weight]
        else:
            part = "setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)"
            params = []
            for text, weight in texts:
                params += [config, text, "", weight]
        return " || ".join([part] * len(texts)), params

    def add_new(self, backend, model, objs) -> None:
        import psycopg
        from modelsearch.backends.database.postgres.postgres import (
            IndexEntry,
            ObjectIndexer,
        )
        from modelsearch.index import AutocompleteField, SearchField
        from modelsearch.utils import get_content_type_pk

        if not model.get_search_fields():
            return
        content_type_id = get_content_type_pk(model)
        table = connections[self.using].ops.quote_name(IndexEntry._meta.db_table)
        by_sql: dict[str, list[list]] = defaultdict(list)
        for obj in objs:
            indexer = ObjectIndexer(obj, backend)
            title, body, autocomplete = [], [], []
            for field in indexer.search_fields:
                for current, weight, value in indexer.prepare_field(obj, field):
                    if isinstance(current, SearchField):
                        texts = title if current.field_name == "title" else body
                        texts.append((value, weight))
                    elif isinstance(current, AutocompleteField):
                        autocomplete.append((value, weight))
            vectors = [
                self.vector(title, indexer.config),
                self.vector(autocomplete, indexer.autocomplete_config),
                self.vector(body, indexer.config),
            ]
            sql = (
                f"INSERT INTO {table} (content_type_id, object_id, title,"  # noqa: S608
                " autocomplete, body, title_norm, title_text, body_text)"
                " VALUES (%s, %s, {}, {}, {}, 1.0, %s, %s)".format(
                    *(vector_sql for vector_sql, _params in vectors)
                )
            )
            by_sql[sql].append(
                [
                    content_type_id,
                    str(obj.pk),
                    *(param for _sql, params in vectors for param in params),
                    " ".join(t.strip() for t, _w in title if t.strip()),
                    " ".join(t.strip() for t, _w in body if t.strip()),
                ]
            )
        connection = connections[self.using]
        connection.ensure_connection()
        # Server-side parameters, one statement shape per executemany.
        with psycopg.Cursor(connection.connection) as cursor:
            for sql, rows in by_sql.items():
                cursor.executemany(sql, rows)
            self._set_title_norms(cursor, table, content_type_id, objs)

    def _set_title_norms(self, cursor, table, content_type_id, objs) -> None:
        """lavg / length(title), lavg over the whole index, as modelsearch's
        refresh after each add sets it on the new rows."""
        ids = [str(obj.pk) for obj in objs]
        new_rows = (
            " WHERE content_type_id = %s AND object_id = ANY(%s) AND length(title) > 0"
        )
        if self.title_lengths is None:
            cursor.execute(
                f"SELECT COALESCE(SUM(length(title)), 0), COUNT(*) FROM {table}"  # noqa: S608
                " WHERE length(title) > 0"
            )
            self.title_lengths = tuple(cursor.fetchone())
        else:
            cursor.execute(
                f"SELECT COALESCE(SUM(length(title)), 0), COUNT(*) FROM {table}"  # noqa: S608
                + new_rows,
                [content_type_id, ids],
            )
            added = cursor.fetchone()
            self.title_lengths = (
                self.title_lengths[0] + added[0],
                self.title_lengths[1] + added[1],
            )
        total, count = self.title_lengths
        if count:
            cursor.execute(
                f"UPDATE {table} SET title_norm = %s::float8 / length(title)"  # noqa: S608
                + new_rows,
                [total / count, content_type_id, ids],
            )
