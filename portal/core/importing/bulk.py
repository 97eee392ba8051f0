"""New pages of a batch written together (`portal.core.bulk.BulkPageWriter`).

An importer mixes `BulkCreation` in before `Importer`, calls `setup_bulk()`, and in
its `save()` hands a new page to `queue_new()` (which returns False when the page
must be saved now, on its own); its `after_batch()` calls `write_new()`, which
writes the queued pages in one go (tree, revision, log, reference index, admin
search entry, search outbox) and returns what it wrote. If the database refuses
the bulk write, the batch's new rows are saved one by one instead, so that a row
it refuses fails alone and the others are imported.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from portal.core.bulk import BulkPageWriter


class BulkCreation:
    def setup_bulk(self, parent, *, user=None, bulk: bool = True) -> None:
        #: New pages through the bulk writer; False saves each row on its own.
        self.bulk = bulk
        self.writer = BulkPageWriter(parent, user=user)
        self._one_by_one = not bulk
        self._queued: list[tuple[tuple, Any]] = []
        self._row_args: tuple = ()

    def import_batch(self, batch: list) -> None:
        # Nothing left from a batch that was rolled back (Ctrl-C).
        self._queued = []
        super().import_batch(batch)

    def save_row(self, row: int, key: str, data: Any, digest: str) -> None:
        self._row_args = (row, key, data, digest)
        super().save_row(row, key, data, digest)

    def queue_new(self, built: Any) -> bool:
        """Queue `built` (with its unsaved `page`) for the batch's bulk write;
        False when it must be saved now."""
        if self._one_by_one:
            return False
        self._queued.append((self._row_args, built))
        return True

    def before_bulk_write(self, queued: list[Any]) -> None:
        """Last changes to the queued pages (slugs chosen for the whole batch)."""

    def write_new(self) -> list[Any]:
        """Write the queued pages; returns the built objects written (empty when
        they were saved one by one after a refused bulk write)."""
        queued, self._queued = self._queued, []
        if not queued:
            return []
        built = [item for _args, item in queued]
        self.before_bulk_write(built)
        try:
            self.writer.write_batch([item.page for item in built])
        except (DatabaseError, ValidationError, ValueError):
            self.report.created -= len(queued)
            self._one_by_one = True
            try:
                for args, _item in queued:
                    self.save_row(*args)
            finally:
                self._one_by_one = not self.bulk
            return []
        return built
