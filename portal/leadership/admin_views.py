"""Import a week of the work schedule from a spreadsheet in the admin: the same
importer and row report as `manage.py import_schedule`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from portal.core.importing import ImportFileError

from .importing import COLUMNS, ScheduleImporter
from .models import SchedulePage

IMPORT_PERMISSION = "leadership.import_schedule"
#: A week is a few dozen rows: a larger upload is not a schedule.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")


class ScheduleImportForm(forms.Form):
    schedule = forms.ModelChoiceField(
        label=_("Schedule"), queryset=SchedulePage.objects.order_by("path")
    )
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("One entry per row; the first row names the columns."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file, save nothing"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def can_import(user) -> bool:
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def import_schedule(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = ScheduleImportForm(request.POST or None, request.FILES or None)
    report = file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = ScheduleImporter(
            form.cleaned_data["schedule"].specific,
            dry_run=form.cleaned_data["dry_run"],
        )
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"lich-cong-tac{suffix}"
            with path.open("wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            try:
                report = importer.import_file(path)
            except ImportFileError as error:
                file_error = str(error)
    return TemplateResponse(
        request,
        "leadership/admin/import_schedule.html",
        {
            "form": form,
            "report": report,
            "file_error": file_error,
            "columns": COLUMNS,
        },
    )
