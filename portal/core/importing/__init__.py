"""The import framework: files of rows (CSV, JSON, XLSX) into pages, the same way in
every app. See `base.Importer` for what an app writes and `command.ImportCommand`
for the management command around it."""

from .base import Importer, batched, fingerprint
from .content import (
    ImportRecords,
    TaxonomyCache,
    allowed_document_extensions,
    document_type_allowed,
    quiet_loggers,
    unique_child_slug,
)
from .errors import ImportFileError, RowError, RowInvalid
from .readers import Limits, read_rows
from .report import ImportReport
from .values import parse_date, parse_time

__all__ = [
    "ImportFileError",
    "ImportRecords",
    "ImportReport",
    "Importer",
    "Limits",
    "RowError",
    "RowInvalid",
    "TaxonomyCache",
    "allowed_document_extensions",
    "batched",
    "document_type_allowed",
    "fingerprint",
    "parse_date",
    "parse_time",
    "quiet_loggers",
    "read_rows",
    "unique_child_slug",
]
