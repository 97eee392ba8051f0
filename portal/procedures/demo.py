"""Demo content: the procedure list at /thu-tuc-hanh-chinh/ and a realistic sample of
provincial, district and commune procedures imported from demo_data/procedures.json
(the same format `manage.py import_procedures` reads). Form templates are generated
as small DOCX files, so that no binary lives in git."""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from portal.core.demo_utils import ensure_child
from portal.core.importing import read_rows
from search.text import vietnamese_slug

from .importer import ProcedureImporter
from .models import ProcedureIndexPage

DEMO_FILE = Path(__file__).resolve().parent / "demo_data" / "procedures.json"

#: Lines every declaration form (tờ khai) asks for, followed by dotted lines to fill.
FORM_LINES = [
    "Họ, chữ đệm, tên người yêu cầu:",
    "Ngày, tháng, năm sinh:",
    "Số định danh cá nhân:",
    "Nơi cư trú:",
    "Số điện thoại liên hệ:",
    "Nội dung đề nghị:",
]


def form_docx(title: str) -> bytes:
    """A one-page declaration form in the layout of Vietnamese administrative forms."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for text, bold in [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("", False),
        (title.upper(), True),
    ]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
    document.add_paragraph("Kính gửi: " + "." * 60)
    for line in FORM_LINES:
        document.add_paragraph(f"{line} " + "." * max(10, 70 - len(line)))
    document.add_paragraph(
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách "
        "nhiệm trước pháp luật về cam đoan của mình."
    )
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run("Làm tại ........, ngày ..... tháng ..... năm ......\n")
    signature.add_run("Người yêu cầu\n").bold = True
    signature.add_run("(Ký, ghi rõ họ, chữ đệm, tên)").italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ensure_form_documents(records) -> int:
    """A Wagtail document for every form template the sample names (idempotent)."""
    document_model = get_document_model()
    titles = {
        paper["MauDon"]
        for _row, record in records
        if isinstance(record, dict)
        for paper in record.get("ThanhPhanHoSo", [])
        if isinstance(paper, dict) and paper.get("MauDon")
    }
    created = 0
    for title in sorted(titles):
        if document_model.objects.filter(title=title).exists():
            continue
        filename = f"mau-{vietnamese_slug(title, max_length=80)}.docx"
        document = document_model(
            title=title, file=ContentFile(form_docx(title), name=filename)
        )
        # Size and hash, as the admin's upload form records them (the page shows
        # the size next to the download link).
        document._set_document_file_metadata()
        document.save()
        created += 1
    return created


def load_demo(command, home) -> None:
    index = ensure_child(
        home,
        ProcedureIndexPage,
        "thu-tuc-hanh-chinh",
        title="Thủ tục hành chính",
        intro=(
            "Tra cứu thủ tục hành chính cấp tỉnh, cấp huyện và cấp xã: trình tự, hồ sơ, "
            "thời hạn giải quyết, phí, lệ phí và nơi nộp hồ sơ trực tuyến."
        ),
        seo_title="Thủ tục hành chính - Dịch vụ công",
        search_description=(
            "Danh sách thủ tục hành chính áp dụng trên địa bàn tỉnh, lọc theo lĩnh vực, "
            "cấp thực hiện, cơ quan và mức độ dịch vụ công trực tuyến."
        ),
    )
    if not isinstance(index, ProcedureIndexPage):
        command.stdout.write(
            "  procedures: /thu-tuc-hanh-chinh/ đã có và không phải trang danh sách "
            "thủ tục; bỏ qua dữ liệu mẫu."
        )
        return
    records = list(
        read_rows(DEMO_FILE, json_list_keys=ProcedureImporter.json_list_keys)
    )
    forms = ensure_form_documents(records)
    report = ProcedureImporter(index).import_rows(records, base_dir=DEMO_FILE.parent)
    for error in report.errors:
        command.stderr.write(f"  procedures: {error}")
    command.stdout.write(
        f"  procedures: {report.created} thủ tục mới, {report.updated} cập nhật, "
        f"{report.unchanged} không đổi, {forms} mẫu đơn"
    )
