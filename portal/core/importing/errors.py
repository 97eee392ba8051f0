"""What goes wrong in an import: the whole file, or one row of it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a row's problem): exit status 2."""


@dataclass
class RowError:
    """One problem of one row, shown as "row N: field: reason" in Vietnamese.

    Rows are numbered as a user sees them: the spreadsheet row of a CSV or XLSX file
    (the header is row 1; a cell spanning several lines keeps the row one row), the
    position of the object in a JSON list.
    """

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s: %(field)s: %(reason)s") % {
            "row": self.row,
            "field": self.field,
            "reason": self.reason,
        }


class RowInvalid(Exception):
    """Raised by a row's cleaning or saving: the row is skipped, the file goes on."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors

    @classmethod
    def single(cls, row: int, field: str, reason: str) -> RowInvalid:
        return cls([RowError(row, field, reason)])
