"""manage.py import_procedures FILE: import procedures from a JSON, CSV or XLSX
export."""

import textwrap

from django.utils.translation import gettext as _

from portal.core.importing.command import ImportCommand
from portal.procedures.importer import ProcedureImporter
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

    CSV (UTF-8, header row with the same names) or XLSX (first sheet, the same
    header row): list cells hold one item per line (simple lists may also use
    ";"); structured items give their parts in the order above separated by "|",
    e.g. a CachThucThucHien line "Trực tiếp | 03 ngày làm việc | Lệ phí 8.000 đồng".

    Rows are reported as "row N: field: reason"; N is the position of the object in
    a JSON list, or the spreadsheet row in a CSV or XLSX file (the header is row
    1). Bad rows are skipped, the others imported. A record whose content did not
    change since its last import is reported unchanged and not written. Exit
    status: 0 all rows fine, 1 some rows failed, 2 the file cannot be read, 130
    interrupted (finished batches are saved: run it again to go on).
    """
)


class Command(ImportCommand):
    help = FORMAT_HELP
    parent_model = ProcedureIndexPage

    @property
    def progress_label(self):
        return _("Importing procedures")

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def no_parent_message(self):
        return _("No procedure list page to import under: create one first.")

    def make_importer(self, parent, options, progress):
        return ProcedureImporter(
            parent,
            dry_run=options["dry_run"],
            full=options["full"],
            batch_size=options["batch_size"],
            progress=progress,
        )
