"""Demo content of the legal app: the document list at /van-ban/ and the sample
documents of demo_data/van_ban_mau.csv (imported with the real importer)."""

from pathlib import Path

from portal.core.demo_utils import ensure_child

from .importing import LegalImporter
from .models import LegalDocumentIndexPage

SAMPLE_FILE = Path(__file__).resolve().parent / "demo_data" / "van_ban_mau.csv"


def ensure_index_page(home) -> LegalDocumentIndexPage:
    existing = home.get_children().filter(slug="van-ban").first()
    if existing is not None and not isinstance(
        existing.specific, LegalDocumentIndexPage
    ):
        if existing.get_children().exists():
            raise RuntimeError("/van-ban/ exists and is not a document list")
        # An empty placeholder section from an older demo: the list takes its place.
        existing.delete()
    return ensure_child(
        home,
        LegalDocumentIndexPage,
        "van-ban",
        title="Văn bản",
        intro=(
            "<p>Cơ sở dữ liệu văn bản quy phạm pháp luật và văn bản chỉ đạo điều hành "
            "của tỉnh và các văn bản của Trung ương liên quan. Tìm theo số ký hiệu, trích "
            "yếu, loại văn bản, cơ quan ban hành, lĩnh vực và tình trạng hiệu lực.</p>"
        ),
        search_description=(
            "Tra cứu văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành của Ủy ban "
            "nhân dân tỉnh Hưng Yên."
        ),
    )


def load_demo(command, home) -> None:
    index_page = ensure_index_page(home)
    report = LegalImporter(index_page, skip_existing=True).import_file(SAMPLE_FILE)
    for error in report.errors:
        command.stderr.write(f"  legal: {error}")
    command.stdout.write(
        f"  legal: trang Văn bản, {report.created} văn bản mới ({report.skipped} đã có)"
    )
