"""The database engine's index tables and the durable outbox of index updates."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexEntry(models.Model):
    """One indexed document, as the database engine stores it.

    The full-text index lives beside it: an FTS5 table `search_fts` (rowid = id) on
    SQLite, a weighted `search_vector` tsvector column with a GIN index on PostgreSQL
    (both created by the initial migration, both over text folded in Python).
    """

    key = models.CharField(_("key"), max_length=191, unique=True)
    kind = models.CharField(_("kind"), max_length=20, db_index=True)
    title = models.TextField(_("title"))
    url = models.CharField(_("URL"), max_length=500)
    number = models.CharField(_("number"), max_length=100, blank=True)
    #: normalise_document_number(number): the exact-number match.
    number_norm = models.CharField(max_length=100, blank=True, db_index=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    facets = models.JSONField(default=dict, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("index entry")
        verbose_name_plural = _("index entries")
        indexes = [models.Index(fields=["kind", "date"], name="search_entry_kind_date")]

    def __str__(self):
        return self.key


class FacetValue(models.Model):
    """One facet value of one entry, which the columns each process keeps
    (search.engines.database.columns) are loaded from."""

    entry = models.ForeignKey(
        IndexEntry, on_delete=models.CASCADE, related_name="facet_values"
    )
    name = models.CharField(max_length=50)
    value = models.CharField(max_length=191)

    class Meta:
        db_table = "search_facet"
        indexes = [
            models.Index(fields=["name", "value", "entry"], name="search_facet_nve"),
            models.Index(fields=["entry", "name", "value"], name="search_facet_env"),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class IndexState(models.Model):
    """The database engine's index version: a token every write to the index
    replaces in its own transaction, so that each process knows when the columns
    it keeps in memory (search.engines.database.columns) are out of date."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        db_table = "search_state"

    def __str__(self):
        return self.token


class IndexTerm(models.Model):
    """PostgreSQL: the entries holding one frequent word, as a bitmap over entry
    ids from `base` (search.engines.database.terms); the empty term holds every entry the
    bitmaps were computed from."""

    term = models.CharField(max_length=100, primary_key=True)
    base = models.BigIntegerField()
    bits = models.BinaryField()

    class Meta:
        db_table = "search_term"

    def __str__(self):
        return self.term


class OutboxEntry(models.Model):
    """An index update waiting for an engine, written in the content's transaction.

    `search_sync` drains the outbox; a row is removed only once its engine has
    accepted the update, so an engine that is down loses nothing.
    """

    INDEX = "index"
    DELETE = "delete"
    ACTIONS = [(INDEX, _("index")), (DELETE, _("delete"))]

    #: Alias in PORTAL_SEARCH_BACKENDS this update is for.
    backend = models.CharField(_("engine"), max_length=50)
    action = models.CharField(_("action"), max_length=10, choices=ACTIONS)
    key = models.CharField(_("key"), max_length=191)
    #: "app_label.model_name" and primary key of the object to (re)index.
    model = models.CharField(_("model"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    available_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        db_table = "search_outbox"
        ordering = ["id"]
        verbose_name = _("index update")
        verbose_name_plural = _("index updates")
        indexes = [
            models.Index(fields=["backend", "available_at"], name="search_outbox_due"),
            # The later rows of a key a drain sends (search.indexing).
            models.Index(fields=["backend", "key"], name="search_outbox_key"),
        ]

    def __str__(self):
        return f"{self.backend}: {self.action} {self.key}"


class IndexRebuild(models.Model):
    """A full rebuild running for one engine.

    Meanwhile `search_sync` leaves that engine's queued updates alone: a rebuild
    may have read a document before its change, and an update sent to the old
    index would vanish when the new one replaces it. The updates are sent once
    the rebuild ends.
    """

    backend = models.CharField(_("engine"), max_length=50, unique=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        db_table = "search_rebuild"
        verbose_name = _("index rebuild")
        verbose_name_plural = _("index rebuilds")

    def __str__(self):
        return f"{self.backend}: {self.started_at:%d/%m/%Y %H:%M}"
