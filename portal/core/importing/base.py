"""The import loop both apps share: batches, duplicates, fingerprints, dry run.

An app's importer subclasses `Importer` and says only what its rows are and how a
row becomes content:

- `clean(row, raw)` checks one raw row and returns its clean data (raise `RowInvalid`);
- `key(data)` names the document the row is about (a procedure's code, a legal
  document's number and issuing body): two rows with one key in a file are a mistake;
- `build(row, data)` turns the clean data into an unsaved page with its relations;
- `save(row, built)` writes what `build` made and returns "created" or "updated".

`build` and `save` are apart so that a writer saving many pages at once can take
the pages of a whole batch from `build`.

Rows are saved in batches (`batch_size`), each in one transaction: a crash or
Ctrl-C leaves every finished batch saved, and the same file imported again finds
those rows unchanged by their fingerprint and goes on where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .content import TaxonomyCache, quiet_loggers
from .errors import RowError, RowInvalid
from .readers import Limits, Row, read_rows
from .report import OUTCOMES, ImportReport


def fingerprint(value: Any) -> str:
    """A digest of a row's normalised content: equal rows, equal fingerprints."""
    payload = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def batched(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class Importer:
    #: Kind of the documents in ImportRecord ("legal.document").
    kind: str = ""
    #: The schema's column names (a header in another case is read as them).
    columns: tuple[str, ...] = ()
    #: Columns a CSV or XLSX header must have.
    required_columns: tuple[str, ...] = ()
    #: Where a JSON object keeps the list of records ({"ThuTuc": [...]}).
    json_list_keys: tuple[str, ...] = ()
    #: The column a duplicate is reported on.
    key_column: str = ""
    limits = Limits()
    batch_size = 200
    #: Loggers of parsers that report damaged files themselves (the import says it
    #: in its report instead).
    quiet_loggers: tuple[str, ...] = ("pypdf",)

    def __init__(
        self,
        *,
        dry_run: bool = False,
        full: bool = False,
        batch_size: int | None = None,
        progress: Callable[[Iterable[Row]], Iterable[Row]] | None = None,
    ):
        self.dry_run = dry_run
        #: The file is the whole dataset: report documents it does not hold.
        self.full = full
        self.batch_size = batch_size or self.batch_size
        #: Wraps the rows to show progress (tqdm), or None.
        self.progress = progress or (lambda rows: rows)
        self.report = ImportReport(dry_run=dry_run)
        self.base_dir: Path | None = None
        self.taxonomies = TaxonomyCache()
        self._rows_by_key: dict[str, int] = {}

    # What an app says ----------------------------------------------------------------

    def clean(self, row: int, raw: dict[str, Any]) -> Any:
        raise NotImplementedError

    def key(self, data: Any) -> str:
        raise NotImplementedError

    def fingerprint(self, data: Any) -> str:
        return fingerprint(data)

    def stored_fingerprints(self, keys: list[str]) -> dict[str, str]:
        """The fingerprints of the last import of these keys, for the documents
        still on the portal."""
        raise NotImplementedError

    def build(self, row: int, data: Any, fingerprint: str) -> Any:
        raise NotImplementedError

    def save(self, row: int, built: Any) -> str:
        raise NotImplementedError

    def existing_keys(self) -> Iterable[str]:
        """Keys of the documents on the portal (for --full)."""
        return ()

    def after_batch(self) -> None:
        """Called inside a batch's transaction once its rows are saved."""

    def finish(self) -> None:
        """Called once every batch is done (not after Ctrl-C)."""

    # The loop ------------------------------------------------------------------------

    def import_file(self, path: Path) -> ImportReport:
        path = Path(path)
        rows = read_rows(
            path,
            columns=self.columns,
            required=self.required_columns,
            json_list_keys=self.json_list_keys,
            limits=self.limits,
        )
        return self.import_rows(rows, base_dir=path.resolve().parent)

    def import_rows(
        self, rows: Iterable[Row], base_dir: Path | None = None
    ) -> ImportReport:
        self.base_dir = base_dir
        try:
            with quiet_loggers(self.quiet_loggers):
                for batch in batched(self.progress(rows), self.batch_size):
                    self.import_batch(batch)
        except KeyboardInterrupt:
            self.report.interrupted = True
            return self.report
        if self.full:
            self.report.missing = sorted(
                key for key in self.existing_keys() if key not in self._rows_by_key
            )
        self.finish()
        return self.report

    def import_batch(self, batch: list[Row]) -> None:
        cleaned = []
        for row, raw in batch:
            try:
                if isinstance(raw, RowInvalid):
                    raise raw
                data = self.clean(row, raw)
                key = self.key(data)
                if key in self._rows_by_key:
                    raise RowInvalid.single(
                        row,
                        self.key_column,
                        _("“%(value)s” is already on row %(other)s")
                        % {
                            "value": self.display_key(data),
                            "other": self._rows_by_key[key],
                        },
                    )
                self._rows_by_key[key] = row
                cleaned.append((row, key, data))
            except RowInvalid as invalid:
                self.report.errors.extend(invalid.errors)
        stored = self.stored_fingerprints([key for _row, key, _data in cleaned])
        counts = {outcome: getattr(self.report, outcome) for outcome in OUTCOMES}
        warnings = len(self.report.warnings)
        try:
            with transaction.atomic():
                for row, key, data in cleaned:
                    digest = self.fingerprint(data)
                    if stored.get(key) == digest:
                        self.report.unchanged += 1
                        continue
                    self.save_row(row, key, data, digest)
                self.after_batch()
                if self.dry_run:
                    transaction.set_rollback(True)
                    self.taxonomies.clear()
        except KeyboardInterrupt:
            # The batch was rolled back: the report counts only what is saved.
            for outcome, count in counts.items():
                setattr(self.report, outcome, count)
            del self.report.warnings[warnings:]
            self.taxonomies.clear()
            raise

    def display_key(self, data: Any) -> str:
        return self.key(data)

    def save_row(self, row: int, key: str, data: Any, digest: str) -> None:
        try:
            with transaction.atomic():
                outcome = self.save(row, self.build(row, data, digest))
        except RowInvalid as invalid:
            self.row_failed(invalid.errors)
        except ValidationError as error:
            fields = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"*": error.messages}
            )
            self.row_failed(
                [
                    RowError(row, name, message)
                    for name, messages in fields.items()
                    for message in messages
                ]
            )
        except (DatabaseError, ValueError, OSError) as error:
            # What the checks did not foresee still fails one row, not the file.
            self.row_failed(
                [
                    RowError(
                        row,
                        "*",
                        _("cannot be saved: %(error)s") % {"error": str(error)[:200]},
                    )
                ]
            )
        else:
            self.taxonomies.row_saved()
            self.report.count(outcome)

    def row_failed(self, errors: list[RowError]) -> None:
        # The row's savepoint took back the taxonomy entries it created.
        self.taxonomies.forget_row()
        self.report.errors.extend(errors)
