"""What turning rows into pages needs in every app: taxonomy look-ups, slugs, the
file types the admin accepts, fingerprints kept in ImportRecord, quiet parsers."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import models


class TaxonomyCache:
    """Taxonomy entries (document types, bodies, fields) by name, created when new.

    Names are compared through `Taxonomy.slug_for` (without case or diacritics), so
    "Hộ tịch" and "hộ tịch" are one entry. Entries created by a row that then fails
    are forgotten with `forget_row()`: its savepoint took them back.
    """

    def __init__(self):
        self._entries: dict[tuple[type, str], models.Model] = {}
        self._created_in_row: list[tuple[type, str]] = []
        #: Names of the entries created, by verbose name plural of their model.
        self.created: dict[str, list[str]] = {}

    def get(self, model, name: str, **defaults):
        slug = model.slug_for(name)
        entry = self._entries.get((model, slug))
        if entry is not None:
            return entry
        entry = model.objects.filter(slug=slug).first()
        if entry is None:
            entry = model.objects.create(name=name, slug=slug, **defaults)
            self._created_in_row.append((model, slug))
            names = self.created.setdefault(str(model._meta.verbose_name_plural), [])
            if name not in names:
                names.append(name)
        self._entries[(model, slug)] = entry
        return entry

    def row_saved(self) -> None:
        self._created_in_row = []

    def forget_row(self) -> None:
        for entry in self._created_in_row:
            self._entries.pop(entry, None)
        self._created_in_row = []

    def clear(self) -> None:
        """After a batch rolled back (a dry run): the entries it made are gone."""
        self._entries.clear()
        self._created_in_row = []


def unique_child_slug(parent, *candidates: str) -> str:
    """The first candidate no child of `parent` has, else the first with "-2",
    "-3"..."""
    siblings = parent.get_children()
    for candidate in candidates:
        if candidate and not siblings.filter(slug=candidate).exists():
            return candidate
    base = candidates[0]
    counter = 2
    while siblings.filter(slug=f"{base}-{counter}").exists():
        counter += 1
    return f"{base}-{counter}"


def allowed_document_extensions() -> set[str] | None:
    """The extensions Wagtail's document upload accepts (WAGTAILDOCS_EXTENSIONS),
    or None when the setting leaves every type allowed."""
    extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if extensions is None:
        return None
    return {extension.lower().lstrip(".") for extension in extensions}


def document_type_allowed(path: Path | str) -> bool:
    allowed = allowed_document_extensions()
    return allowed is None or Path(path).suffix.lower().lstrip(".") in allowed


class ImportRecords:
    """Fingerprints kept in `ImportRecord` for one kind of document."""

    def __init__(self, kind: str, model: type[models.Model]):
        self.kind = kind
        self.model = model

    def fingerprints(self, keys: list[str]) -> dict[str, str]:
        from portal.core.models import ImportRecord

        if not keys:
            return {}
        records = list(
            ImportRecord.objects.filter(kind=self.kind, key__in=keys).values_list(
                "key", "fingerprint", "object_id"
            )
        )
        # A document deleted in the admin since is imported again.
        alive = set(
            self.model._default_manager.filter(
                pk__in=[object_id for _key, _digest, object_id in records]
            ).values_list("pk", flat=True)
        )
        return {key: digest for key, digest, object_id in records if object_id in alive}

    def store(self, key: str, digest: str, object_id: int) -> None:
        from portal.core.models import ImportRecord

        ImportRecord.objects.update_or_create(
            kind=self.kind,
            key=key,
            defaults={"fingerprint": digest, "object_id": object_id},
        )

    def store_many(self, records: list[tuple[str, str, int]]) -> None:
        """`store` for many (key, fingerprint, object id), in one statement: a key
        recorded before (its document since deleted) takes the new values."""
        from portal.core.models import ImportRecord

        ImportRecord.objects.bulk_create(
            [
                ImportRecord(
                    kind=self.kind, key=key, fingerprint=digest, object_id=object_id
                )
                for key, digest, object_id in records
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=["fingerprint", "object_id", "imported_at"],
        )


@contextmanager
def quiet_loggers(names: Iterable[str]) -> Iterator[None]:
    """Silence parsers that log or warn about a damaged file (pypdf prints its
    tracebacks to stderr): the import reports the file in its own words."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
