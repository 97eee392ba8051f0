"""manage.py import_procedures FILE: import procedures from a JSON or CSV export."""

import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from portal.procedures.importer import (
    ImportFileError,
    ProcedureImporter,
    read_records,
)
from portal.procedures.models import ProcedureIndexPage

FORMAT_HELP = textwrap.dedent(
    """
    Imports administrative procedures in the shape of the national procedure
    database's export (see portal/procedures/IMPORT.md for a full example).

    JSON: a list of objects, or {"ThuTuc": [...]}. Fields of each object:
      MaTTHC (required)     procedure code, e.g. "1.001193"; records are matched by it
      TenTTHC (required)    name of the procedure
      LinhVuc (required)    field, e.g. "Hộ tịch" (created when new)
      CapThucHien (req.)    "Cấp Tỉnh", "Cấp Huyện" or "Cấp Xã"
      MoTa                  short summary
      CoQuanThucHien        list of implementing agencies
      CoQuanCoThamQuyen     competent authority
      CoQuanPhoiHop         list of coordinating agencies
      DoiTuongThucHien      list, e.g. ["Công dân Việt Nam", "Tổ chức"]
      TrinhTuThucHien       list of steps: text, or {"TenBuoc", "NoiDung"}
      CachThucThucHien      list of {"HinhThuc": "Trực tiếp" | "Trực tuyến" |
                            "Dịch vụ bưu chính công ích", "ThoiHanGiaiQuyet" (req.),
                            "PhiLePhi", "MoTa"}
      ThanhPhanHoSo         list of {"TenGiayTo" (req.), "SoBanChinh", "SoBanSao",
                            "MauDon": title of the form document, "TepMauDon": form
                            file relative to FILE, uploaded when no document has
                            that title, "GhiChu"}
      SoLuongHoSo           e.g. "01 bộ"
      YeuCauDieuKien        requirements and conditions
      KetQuaThucHien        result
      CanCuPhapLy           list of {"SoKyHieu" (req.), "TrichYeu"} or numbers
      MucDoDVC              "Toàn trình", "Một phần" or "Chỉ cung cấp thông tin"
                            (old "Mức độ 4/3/2" are accepted)
      DuongDanNopHoSo       address to submit online

    CSV (UTF-8, header row with the same names): list cells hold one item per
    line (simple lists may also use ";"); structured items give their parts in
    the order above separated by "|", e.g. a CachThucThucHien line
    "Trực tiếp | 03 ngày làm việc | Lệ phí 8.000 đồng".

    Rows are reported as "row N: field: reason"; N is the position of the object in
    a JSON list, or the spreadsheet row in a CSV file (the header is row 1).
    Bad rows are skipped, the others imported; the command exits with status 1 when
    any row failed.
    """
)


class Command(BaseCommand):
    help = FORMAT_HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON or CSV file to import")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change, writing nothing.",
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the procedure list page to import under (default: the first).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        parent = self.parent_page(options["parent"])
        try:
            records = list(read_records(path))
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        importer = ProcedureImporter(
            parent, base_dir=path.resolve().parent, dry_run=options["dry_run"]
        )
        progress = tqdm(
            records,
            desc=_("Importing procedures"),
            unit=_("row"),
            disable=True if options["no_progress"] else None,
            # The raw stream: OutputWrapper would end every redraw with a newline.
            file=self.stderr._out,
        )
        for row, raw in progress:
            importer.import_row(row, raw)
        report = importer.report

        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(str(warning)))
        for error in report.errors:
            self.stderr.write(str(error))
        summary = _(
            "%(prefix)screated: %(created)s, updated: %(updated)s, "
            "unchanged: %(unchanged)s, failed rows: %(failed)s"
        ) % {
            "prefix": _("Dry run, nothing saved. Would be ")
            if options["dry_run"]
            else "",
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "failed": report.failed_rows,
        }
        self.stdout.write(summary)
        if report.errors:
            raise CommandError(
                _("%(count)s row(s) could not be imported.")
                % {"count": report.failed_rows}
            )

    def parent_page(self, page_id):
        pages = ProcedureIndexPage.objects.all()
        if page_id:
            pages = pages.filter(pk=page_id)
        parent = pages.order_by("path").first()
        if parent is None:
            raise CommandError(
                _("No procedure list page to import under: create one first.")
            )
        return parent
