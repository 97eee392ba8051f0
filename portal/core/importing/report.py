"""The outcome of an import, what the commands print."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import RowError

#: What can happen to a row that passed its checks.
OUTCOMES = ("created", "updated", "unchanged", "skipped")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    #: Rows whose content is the same as when they were last imported: not written.
    unchanged: int = 0
    #: Rows the importer was told to leave alone (e.g. --skip-existing).
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: Imported rows with a problem worth a look (an attachment that cannot be read).
    warnings: list[RowError] = field(default_factory=list)
    #: With --full: keys of the documents on the portal that the file does not hold.
    missing: list[str] = field(default_factory=list)
    dry_run: bool = False
    #: Stopped by Ctrl-C: every finished batch is saved, the next run goes on.
    interrupted: bool = False

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def failed_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors
