"""Reading an import file row by row: CSV, JSON and XLSX, never the whole file at once.

`read_rows(path, columns=..., required=...)` yields `(row number, data)` pairs, where
data is a dict of column to value for the good rows and a `RowInvalid` for a row the
reader could already tell is broken (a cell too long, a NUL character, a row that
swallowed the next ones through an unclosed quote): the importer reports it and goes
on. A file that cannot be read at all raises `ImportFileError`.

CSV and XLSX values are strings (dates of an Excel cell as dd/mm/yyyy); JSON keeps its
values (objects and lists too), checked the same way for NUL characters and lengths.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .errors import ImportFileError, RowError, RowInvalid

#: Python's csv module refuses a field longer than this by default (131,072).
CSV_DEFAULT_FIELD_LIMIT = 128 * 1024
SUFFIXES = (".csv", ".json", ".xlsx")


@dataclass(frozen=True)
class Limits:
    """How large a file, a row and a cell may be (characters for rows and cells)."""

    max_file_bytes: int = 2 * 1024**3
    #: A row (a JSON object) larger than this cannot be read: it fails as a whole.
    max_row_chars: int = 8 * 1024 * 1024
    #: A longer cell makes its row fail, with the row number and the column.
    max_cell_chars: int = CSV_DEFAULT_FIELD_LIMIT


Row = tuple[int, "dict[str, Any] | RowInvalid"]


def read_rows(
    path: Path,
    *,
    columns: Iterable[str] = (),
    required: Iterable[str] = (),
    json_list_keys: Iterable[str] = (),
    limits: Limits | None = None,
) -> Iterator[Row]:
    """The rows of a .csv, .json or .xlsx file, one at a time.

    `columns` are the schema's column names: a header spelled in another case is
    read as them. `required` columns must be in the header of a CSV or XLSX file.
    A JSON file holds a list of objects, or an object with the list under one of
    `json_list_keys` (e.g. {"ThuTuc": [...]}).
    """
    limits = limits or Limits()
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(_("File not found: %(path)s") % {"path": path})
    if path.stat().st_size > limits.max_file_bytes:
        raise ImportFileError(
            _("the file is larger than %(size)s MB")
            % {"size": limits.max_file_bytes // (1024 * 1024)}
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, limits)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".json":
        yield from _json_rows(path, tuple(json_list_keys), limits)
        return
    else:
        raise ImportFileError(
            _("Unsupported file type %(suffix)s: use .csv, .json or .xlsx.")
            % {"suffix": suffix or "?"}
        )
    yield from _tabular(rows, list(columns), list(required), limits)


# --------------------------------------------------------------------------------------
# Checks every format shares


def _check_value(
    row: int, column: str, value: Any, limits: Limits, errors: list[RowError]
) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            errors.append(RowError(row, column, _("contains a NUL character")))
        if len(value) > limits.max_cell_chars:
            errors.append(
                RowError(
                    row,
                    column,
                    _("is longer than %(max)s characters")
                    % {"max": limits.max_cell_chars},
                )
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_value(row, f"{column}.{key}", item, limits, errors)
    elif isinstance(value, list):
        for position, item in enumerate(value, start=1):
            _check_value(row, f"{column}[{position}]", item, limits, errors)


def _tabular(
    rows: Iterator[tuple[int, list[str] | RowInvalid]],
    columns: list[str],
    required: list[str],
    limits: Limits,
) -> Iterator[Row]:
    """Header row first, then dicts of the non-blank rows, checked cell by cell."""
    canonical = {column.lower(): column for column in columns}
    first = next(rows, None)
    if isinstance(first and first[1], RowInvalid):
        raise ImportFileError(str(first[1]))
    if first is None or not any(cell.strip() for cell in first[1]):
        raise ImportFileError(_("the file is empty"))
    header = [canonical.get(cell.strip().lower(), cell.strip()) for cell in first[1]]
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(
            _("missing columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    for number, values in rows:
        if isinstance(values, RowInvalid):
            yield number, values
            continue
        if not any(value.strip() for value in values):
            continue
        errors: list[RowError] = []
        if len(values) != len(header):
            errors.append(
                RowError(
                    number,
                    "*",
                    _(
                        "the row has %(count)s cells, the header %(expected)s: "
                        'is a quote (") left open, or a comma not quoted?'
                    )
                    % {"count": len(values), "expected": len(header)},
                )
            )
        for column, value in zip(header, values, strict=False):
            _check_value(number, column, value, limits, errors)
            if "\n" in value and _holds_a_row(value, len(header)):
                errors.append(
                    RowError(
                        number,
                        column,
                        _(
                            "the cell holds a line that looks like a whole row: "
                            'is a quote (") left open before it?'
                        ),
                    )
                )
        if errors:
            yield number, RowInvalid(errors)
        else:
            yield number, dict(zip(header, values, strict=False))


def _holds_a_row(value: str, width: int) -> bool:
    """Whether a multi-line cell holds a line with as many cells as a row.

    An unclosed quote makes the reader take the following rows into one cell, until
    the next quote; those rows keep their commas, so a line of the cell splits into
    as many cells as the header has. Text written in a cell rarely does (a
    paragraph with exactly that many commas, outside quotes).
    """
    if width < 3:
        return False
    for line in value.splitlines()[1:]:
        if line.count(",") >= width - 1:
            cells = next(csv.reader([line]), [])
            if len(cells) == width:
                return True
    return False


# --------------------------------------------------------------------------------------
# CSV


def _decoded_lines(handle) -> Iterator[str]:
    """The file's lines as text, UTF-8 with or without a BOM; a byte that is not
    UTF-8 stops the import with the line where it is."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    for line_number, raw in enumerate(handle, start=1):
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _(
                    "the file is not UTF-8 text (line %(line)s, byte %(column)s): "
                    "save it as “CSV UTF-8”"
                )
                % {"line": line_number, "column": error.start + 1}
            ) from error
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("the file is not UTF-8 text (it ends in the middle of a character)")
        ) from error


def _sniff_delimiter(first_line: str) -> str:
    """ "," as the portal writes; ";" or a tab when the header uses those (Excel
    in a locale with a decimal comma, as Vietnamese, saves with ";")."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(
    path: Path, limits: Limits
) -> Iterator[tuple[int, list[str] | RowInvalid]]:
    """(spreadsheet row, cells): the header is row 1, a record is one row however
    many lines its cells span."""
    previous = csv.field_size_limit()
    # Read a long cell whole and let the row fail on its own (a cell over csv's
    # limit would otherwise stop the whole file); only a cell past the row limit
    # stays unreadable, and fails alone too.
    csv.field_size_limit(limits.max_row_chars)
    try:
        with path.open("rb") as handle:
            lines = _decoded_lines(handle)
            first = next(lines, "")
            delimiter = _sniff_delimiter(first)

            def all_lines():
                yield first
                yield from lines

            reader = csv.reader(all_lines(), delimiter=delimiter)
            number = 0
            while True:
                number += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    if number == 1:
                        raise ImportFileError(str(error)) from error
                    yield (
                        number,
                        RowInvalid.single(
                            number,
                            "*",
                            _("the row is larger than %(max)s characters")
                            % {"max": limits.max_row_chars},
                        ),
                    )
                    continue
                yield number, cells
    finally:
        csv.field_size_limit(previous)


# --------------------------------------------------------------------------------------
# XLSX


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            value = value.date()
        else:
            return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The first sheet, row by row (openpyxl's read-only mode streams it)."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as error:
        raise ImportFileError(
            _(
                "reading .xlsx files needs the openpyxl library: "
                "install portal-kit[imports]"
            )
        ) from error
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ImportFileError(_("the file is not an Excel workbook (.xlsx)")) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("the file is empty"))
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


# --------------------------------------------------------------------------------------
# JSON


class _JsonStream:
    """Decodes the values of a JSON file one at a time from a growing buffer."""

    CHUNK = 1024 * 1024

    def __init__(self, handle, limits: Limits):
        self.lines = _decoded_chunks(handle, self.CHUNK)
        self.limits = limits
        self.buffer = ""
        self.position = 0
        self.eof = False
        self.newlines_before = 0
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self.eof:
            return False
        # Drop what is decoded, keeping line numbers for messages.
        consumed = self.buffer[: self.position]
        self.newlines_before += consumed.count("\n")
        self.buffer = self.buffer[self.position :]
        self.position = 0
        chunk = next(self.lines, None)
        if chunk is None:
            self.eof = True
            return False
        self.buffer += chunk
        return True

    def peek(self) -> str:
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in (
                " \t\r\n"
            ):
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._more():
                return ""

    def expect(self, character: str) -> None:
        if self.peek() != character:
            self.fail(_("expected “%(char)s”") % {"char": character})
        self.position += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                if self.eof:
                    self.fail(error.msg, error.pos)
                if len(self.buffer) - self.position > self.limits.max_row_chars:
                    self.fail(
                        _("an object is larger than %(max)s characters")
                        % {"max": self.limits.max_row_chars}
                    )
                self._more()  # at the end, the next decoding says where it failed
                continue
            # A number at the very end of the buffer may go on in the next chunk.
            if end == len(self.buffer) and not self.eof and self._more():
                continue
            self.position = end
            return value

    def fail(self, message: str, position: int | None = None):
        position = self.position if position is None else position
        line = self.newlines_before + self.buffer.count("\n", 0, position) + 1
        raise ImportFileError(
            _("Invalid JSON at line %(line)s: %(message)s")
            % {"line": line, "message": message}
        )


def _decoded_chunks(handle, size: int) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    while True:
        raw = handle.read(size)
        try:
            text = decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("the file is not UTF-8 text (byte %(offset)s)")
                % {"offset": offset + error.start + 1}
            ) from error
        if not raw:
            return
        offset += len(raw)
        yield text


def _json_rows(path: Path, list_keys: tuple[str, ...], limits: Limits) -> Iterator[Row]:
    not_a_list = _(
        "a JSON import file must hold a list of objects, or an object with the "
        "list under %(keys)s"
    ) % {"keys": ", ".join(f"“{key}”" for key in list_keys) or "-"}
    with path.open("rb") as handle:
        stream = _JsonStream(handle, limits)
        start = stream.peek()
        if start == "":
            raise ImportFileError(_("the file is empty"))
        if start == "{":
            # {"ThuTuc": [...], ...}: find the list without reading the rest whole.
            stream.expect("{")
            while True:
                if stream.peek() == "}":
                    raise ImportFileError(not_a_list)
                key = stream.value()
                stream.expect(":")
                if key in list_keys and stream.peek() == "[":
                    break
                stream.value()
                if stream.peek() == ",":
                    stream.position += 1
        elif start != "[":
            raise ImportFileError(not_a_list)
        stream.expect("[")
        if stream.peek() == "]":
            return
        number = 0
        while True:
            number += 1
            item = stream.value()
            if not isinstance(item, dict):
                yield (
                    number,
                    RowInvalid.single(
                        number, "*", _("a record must be an object with named fields")
                    ),
                )
            else:
                errors: list[RowError] = []
                for key, value in item.items():
                    _check_value(number, str(key), value, limits, errors)
                yield number, RowInvalid(errors) if errors else item
            separator = stream.peek()
            if separator == "]":
                return
            stream.expect(",")
