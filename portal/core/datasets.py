"""The datasets the portal publishes as open data (dữ liệu mở).

Each content app registers what it holds, in its AppConfig.ready, without the open
data catalogue knowing the app (as search adapters do)::

    from portal.core.datasets import register_dataset

    register_dataset(
        "thu-tuc-hanh-chinh",
        _("Administrative procedures"),
        _("Every published procedure: code, name, field, level."),
        rows_callable=procedure_rows,          # () -> iterable of dicts
        columns=[("code", _("Code")), ("title", _("Name"))],
        updated_callable=last_procedure_change,  # () -> datetime | None
    )

Rows are generated from the live data each time they are asked for, one at a time,
so that a large table streams (`csv_chunks`, `json_chunks`) instead of being built in
memory. Only what is published and public belongs in a dataset.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.text import capfirst

from search.addresses import PREFIX, resolve, root_urls

from .absolute_urls import root_url
from .exports import neutralise

#: A dataset's name: its address in the catalogue (`<name>.csv`).
_DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
#: Excel reads a UTF-8 CSV file as such only when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"
#: Rows written per chunk of a streamed download.
ROWS_PER_CHUNK = 200

Row = Mapping[str, object]


@dataclass(frozen=True)
class Dataset:
    """One table the portal publishes."""

    #: Lower-case letters, digits and hyphens: the file name of its downloads.
    name: str
    #: Lazy translations.
    title: str
    description: str
    #: () -> the rows, each a mapping of column name to a str, number, date or None.
    rows_callable: Callable[[], Iterable[Row]]
    #: (name, label) of each column, in order: the keys of the JSON rows and the
    #: headings of the CSV file.
    columns: Sequence[tuple[str, str]]
    #: () -> when its data last changed (None when it holds nothing yet).
    updated_callable: Callable[[], datetime.datetime | datetime.date | None]

    @property
    def column_names(self) -> list[str]:
        return [name for name, _label in self.columns]

    def rows(self) -> Iterable[Row]:
        return self.rows_callable()

    def updated(self) -> datetime.datetime | datetime.date | None:
        return self.updated_callable()


_registry: dict[str, Dataset] = {}


def register_dataset(
    name: str,
    title: str,
    description: str,
    rows_callable: Callable[[], Iterable[Row]],
    columns: Sequence[tuple[str, str]],
    updated_callable: Callable[[], datetime.datetime | datetime.date | None],
) -> Dataset:
    """Add a dataset to the catalogue. Registering a name again replaces it (an
    app's ready() may run twice in tests); the columns must be named uniquely."""
    if not _DATASET_NAME.match(name):
        raise ImproperlyConfigured(
            f"A dataset's name is lower-case letters, digits and hyphens: not {name!r}."
        )
    names = [column for column, _label in columns]
    if not names or len(set(names)) != len(names):
        raise ImproperlyConfigured(
            f"The dataset {name!r} needs at least one column and unique column names."
        )
    dataset = Dataset(
        name, title, description, rows_callable, tuple(columns), updated_callable
    )
    _registry[name] = dataset
    return dataset


def datasets() -> list[Dataset]:
    """Every registered dataset, in the order the apps registered them."""
    return list(_registry.values())


def get_dataset(name: str) -> Dataset | None:
    return _registry.get(name)


def unregister_dataset(name: str) -> None:
    """Take a dataset out of the catalogue (a site that does not publish it)."""
    _registry.pop(name, None)


# --- Cells -----------------------------------------------------------------------------


def json_value(value: object) -> object:
    """A cell as JSON: dates in ISO 8601, decimals as numbers."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def csv_value(value: object) -> object:
    """A cell as CSV: text no spreadsheet runs as a formula (portal.core.exports)."""
    value = json_value(value)
    if value is None:
        return ""
    return neutralise(value)


def csv_chunks(
    columns: Sequence[tuple[str, str]], rows: Iterable[Row]
) -> Iterator[str]:
    """A CSV file (UTF-8 with its byte order mark, for Excel) in chunks: a heading
    row of the column labels, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow([capfirst(str(label)) for _name, label in columns])
    names = [name for name, _label in columns]
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_value(row.get(name)) for name in names])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(head: Mapping[str, object], columns_key: Sequence[str], rows):
    """A JSON object in chunks: `head`'s members, then "rows" as a list of
    objects with the `columns_key` members, streamed."""
    text = json.dumps(dict(head), ensure_ascii=False)
    yield text[:-1] + (', "rows": [' if head else '"rows": [')
    for count, row in enumerate(rows):
        item = {name: json_value(row.get(name)) for name in columns_key}
        yield ("," if count else "") + json.dumps(item, ensure_ascii=False)
    yield "]}"


# --- Addresses of pages in rows ---------------------------------------------------------


def page_url_builder() -> Callable[[str], str]:
    """url_path -> the page's absolute URL, for many rows without a query per row
    (the site roots are read once)."""
    roots = root_urls()
    host = root_url() if len(roots) == 1 else ""

    def build(url_path: str) -> str:
        found = resolve(PREFIX + url_path, roots)
        return host + found if found.startswith("/") else found

    return build
