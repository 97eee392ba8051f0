"""Spreadsheet exports that a spreadsheet program cannot be made to run.

A cell of a CSV file that starts with = + - @ (or a tab or carriage return
before one of them) is read by Excel and LibreOffice as a formula: a citizen who
writes `=cmd|' /C calc'!A0` as the subject of a message gets it run on the
computer of the editor who opens the export. Text that citizens or editors
typed is written with a leading apostrophe instead, which spreadsheets show as
the text itself; numbers, dates and booleans are left as they are. (Wagtail's
XLSX export already stores such cells as text.)
"""

from __future__ import annotations

from typing import Any

from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

#: What makes a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """`value` as a CSV cell that no spreadsheet evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a view with Wagtail's SpreadsheetExportMixin: CSV cells neutralised."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise(value)
        return value


class SafeExportIndexView(FormulaSafeExportMixin, IndexView):
    pass


class ExportingSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose CSV export is safe to open (see above): use it
    for every model that holds text typed by citizens or editors."""

    index_view_class = SafeExportIndexView
