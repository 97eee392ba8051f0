"""Import legal documents from a CSV or JSON file.

    manage.py import_legal van_ban.csv [--dry-run] [--parent PAGE_ID]

The columns are documented in portal/legal/importing.py. Bad rows are reported as
"row N: field: reason" and skipped; the command exits with status 1 when any row
failed, 2 when the file cannot be read at all.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.legal.importing import ImportFileError, LegalImporter
from portal.legal.models import LegalDocumentIndexPage


class Command(BaseCommand):
    help = "Import legal documents from a CSV or JSON file (see portal/legal/importing.py)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, change nothing."
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="ID of the document list page (default: the first).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(
        self,
        *args,
        file: Path,
        dry_run=False,
        parent=None,
        no_progress=False,
        **options,
    ):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        index_pages = LegalDocumentIndexPage.objects.all()
        index_page = (
            index_pages.filter(pk=parent).first() if parent else index_pages.first()
        )
        if index_page is None:
            raise CommandError(
                "Chưa có trang danh sách văn bản: tạo trang đó (hoặc chạy load_demo) trước."
            )

        def progress(rows, total):
            return tqdm(
                rows,
                total=total,
                unit=" văn bản",
                disable=True if no_progress else None,
                file=sys.stderr,
            )

        importer = LegalImporter(index_page, dry_run=dry_run, progress=progress)
        try:
            report = importer.import_file(file)
        except ImportFileError as error:
            raise CommandError(
                f"Không đọc được tệp {file}: {error}", returncode=2
            ) from error

        prefix = "[Chạy thử, không lưu] " if dry_run else ""
        self.stdout.write(
            f"{prefix}Tạo mới {len(report.created)}, cập nhật {len(report.updated)}, "
            f"lỗi {len(report.failed_lines)} dòng."
        )
        for kind, names in report.new_taxonomies.items():
            self.stdout.write(f"Đã thêm {kind}: {', '.join(names)}")
        if report.pending_relations:
            self.stdout.write(
                f"{report.pending_relations} quan hệ chờ văn bản chưa có trên cổng "
                "(tự liên kết khi văn bản đó được nhập)."
            )
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(
                f"{len(report.failed_lines)} dòng bị bỏ qua vì lỗi.", returncode=1
            )
