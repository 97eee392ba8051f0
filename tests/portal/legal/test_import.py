"""manage.py import_legal: good rows in, bad rows reported, never duplicated."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from portal.legal.models import (
    AttachmentText,
    DocumentRelation,
    DocumentType,
    LegalDocumentPage,
    Signer,
    Status,
)
from portal.legal.pdf_utils import simple_pdf

pytestmark = pytest.mark.usefixtures("shared_portal")

HEADER = (
    "so_ky_hieu,trich_yeu,loai_van_ban,co_quan_ban_hanh,nguoi_ky,chuc_vu,linh_vuc,"
    "ngay_ban_hanh,ngay_hieu_luc,ngay_het_hieu_luc,pham_vi,nhom,noi_dung,tep_dinh_kem,quan_he\n"
)
GOOD_1 = (
    "101/2024/QĐ-UBND,Quyết định thử nghiệm nhập một,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,"
    "Lê Thị Nhập,Phó Chủ tịch,Đất đai;Môi trường mới,05/01/2024,15/01/2024,,Toàn tỉnh,QPPL,"
    '"Điều 1. Nội dung.\n\nĐiều 2. Hiệu lực.",tep/a.pdf,thay_the:13/2019/QĐ-UBND;can_cu:999/2023/NĐ-CP\n'
)
BAD_MISSING = (
    ",Thiếu số ký hiệu,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,,,,05/01/2024,,,,,,,\n"
)
BAD_DATE = "102/2024/QĐ-UBND,Ngày sai,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,,,,31/02/2024,,,,,,,\n"
BAD_KIND = (
    "103/2024/QĐ-UBND,Quan hệ sai,Quyết định,Ủy ban nhân dân tỉnh Hưng Yên,,,,01/02/2024,,,,,,,"
    "gop_y:147/KH-UBND\n"
)
GOOD_2 = (
    "999/2023/NĐ-CP,Nghị định thử nghiệm nhập sau,Nghị định mới,Chính phủ,,,,01/12/2023,,,"
    "Toàn quốc,QPPL,,,\n"
)


@pytest.fixture
def import_dir(tmp_path):
    (tmp_path / "tep").mkdir()
    (tmp_path / "tep" / "a.pdf").write_bytes(
        simple_pdf(["Quyet dinh thu nghiem nhap mot"])
    )
    return tmp_path


def write_csv(directory, *rows, name="van_ban.csv"):
    path = directory / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def run(index_page):
    """Run the command into the test's own document list: (exit code, out, err)."""

    def run_import(path, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                "import_legal",
                str(path),
                "--no-progress",
                f"--parent={index_page.pk}",
                *args,
                stdout=out,
                stderr=err,
            )
            code = 0
        except CommandError as error:
            code = error.returncode
        return code, out.getvalue(), err.getvalue()

    return run_import


def test_good_rows_are_imported_and_bad_rows_reported(
    run, make_document, index_page, import_dir
):
    old = make_document(number="13/2019/QĐ-UBND", issued_date=datetime.date(2019, 5, 2))
    path = write_csv(import_dir, GOOD_1, BAD_MISSING, BAD_DATE, BAD_KIND, GOOD_2)
    code, out, err = run(path)
    assert code == 1
    # Spreadsheet rows: GOOD_1 is row 2 although its cell spans three lines.
    assert "dòng 3: so_ky_hieu: bắt buộc" in err
    assert "dòng 4: ngay_ban_hanh: “31/02/2024” không phải là ngày có thật" in err
    assert "dòng 5: quan_he: loại quan hệ không hợp lệ “gop_y”" in err
    assert "tạo mới: 2, cập nhật: 0" in out and "dòng lỗi: 3" in out
    assert "Nghị định mới" in out and "Lê Thị Nhập" in out  # new taxonomies listed

    page = LegalDocumentPage.objects.get(number="101/2024/QĐ-UBND")
    assert page.live and page.title == "Quyết định thử nghiệm nhập một"
    assert page.get_parent().pk == index_page.pk
    # Published as an editor would have: a live revision, logged, nothing pending.
    assert page.live_revision_id == page.latest_revision_id is not None
    assert not page.has_unpublished_changes and page.first_published_at
    assert page.get_latest_revision_as_object().number == "101/2024/QĐ-UBND"
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert page.signer.name == "Lê Thị Nhập" and page.signer_position == "Phó Chủ tịch"
    assert sorted(f.name for f in page.fields.all()) == ["Môi trường mới", "Đất đai"]
    assert page.body == "<p>Điều 1. Nội dung.</p><p>Điều 2. Hiệu lực.</p>"
    assert page.scope == "tinh" and page.group == "qppl"
    # The attachment is stored and its text extracted.
    attachment = page.attachments.get()
    assert AttachmentText.objects.get(document=attachment.document).status == "ok"
    assert "Quyet dinh thu nghiem nhap mot" in page.extracted_text
    # The relation to a document imported later in the same file linked itself.
    later = LegalDocumentPage.objects.get(number="999/2023/NĐ-CP")
    assert DocumentRelation.objects.get(source=page, kind="can_cu").target == later
    # The document it replaces is now out of force because of this one.
    old = LegalDocumentPage.objects.get(pk=old.pk)
    assert old.status == Status.OUT_OF_FORCE
    assert not LegalDocumentPage.objects.filter(
        number__in=["102/2024/QĐ-UBND", "103/2024/QĐ-UBND"]
    ).exists()


def test_import_sends_page_published(run, import_dir):
    from wagtail.signals import page_published

    published = []

    def receiver(sender, instance, **kwargs):
        published.append(instance.number)

    page_published.connect(receiver)
    try:
        run(write_csv(import_dir, GOOD_2))
        run(write_csv(import_dir, GOOD_2))  # unchanged: not published again
        run(write_csv(import_dir, GOOD_2.replace("thử nghiệm", "đã sửa")))
    finally:
        page_published.disconnect(receiver)
    assert published == ["999/2023/NĐ-CP", "999/2023/NĐ-CP"]


def test_reimport_updates_and_never_duplicates(run, import_dir):
    path = write_csv(import_dir, GOOD_1, GOOD_2)
    assert run(path)[0] == 0
    count = LegalDocumentPage.objects.count()
    types = DocumentType.objects.count()
    changed = GOOD_1.replace(
        "Quyết định thử nghiệm nhập một", "Quyết định thử nghiệm (đã sửa)"
    )
    # The same number typed differently is the same document.
    changed = changed.replace("101/2024/QĐ-UBND", "101/2024/qđ–ubnd", 1)
    path = write_csv(import_dir, changed, GOOD_2)
    code, out, _err = run(path)
    assert code == 0 and "tạo mới: 0, cập nhật: 1, không đổi: 1" in out
    assert LegalDocumentPage.objects.count() == count
    assert DocumentType.objects.count() == types
    page = LegalDocumentPage.objects.get(number_key="101-2024-qd-ubnd")
    assert page.title == "Quyết định thử nghiệm (đã sửa)"
    assert page.relations.count() == 2
    assert page.attachments.count() == 1


def test_same_number_other_body_is_another_document(run, import_dir):
    other = GOOD_2.replace("Chính phủ", "Bộ Thử nghiệm")
    assert run(write_csv(import_dir, GOOD_2, other))[0] == 0
    assert LegalDocumentPage.objects.filter(number_key="999-2023-nd-cp").count() == 2


def test_dry_run_changes_nothing(run, import_dir):
    before = (
        LegalDocumentPage.objects.count(),
        DocumentType.objects.count(),
        Signer.objects.count(),
    )
    code, out, err = run(write_csv(import_dir, GOOD_1, BAD_DATE), "--dry-run")
    assert code == 1 and "Chạy thử" in out and "dòng 3: ngay_ban_hanh" in err
    after = (
        LegalDocumentPage.objects.count(),
        DocumentType.objects.count(),
        Signer.objects.count(),
    )
    assert before == after


def test_json_import_uses_the_same_keys(run, make_document, tmp_path):
    cited = make_document(number="147/KH-UBND")
    path = tmp_path / "van_ban.json"
    path.write_text(
        json.dumps(
            [
                {
                    "so_ky_hieu": "201/KH-UBND",
                    "trich_yeu": "Kế hoạch nhập từ JSON",
                    "loai_van_ban": "Kế hoạch",
                    "co_quan_ban_hanh": "Ủy ban nhân dân tỉnh Hưng Yên",
                    "ngay_ban_hanh": "01/03/2024",
                    "quan_he": "lien_quan:147/KH-UBND",
                },
                {
                    "so_ky_hieu": "202/KH-UBND",
                    "trich_yeu": "",
                    "ngay_ban_hanh": "1/3/2024",
                },
                "not an object",
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, _out, err = run(path)
    assert code == 1
    assert "dòng 2: trich_yeu: bắt buộc" in err and "dòng 3: *:" in err
    page = LegalDocumentPage.objects.get(number="201/KH-UBND")
    assert page.relations.get().target == cited


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00broken", "UTF-8"),
        (b"so_ky_hieu,trich_yeu\n1,2\n", "thiếu cột"),
        (b"", "rỗng"),
    ],
)
def test_unreadable_file_is_a_clear_error(run, index_page, tmp_path, content, message):
    path = tmp_path / "hong.csv"
    path.write_bytes(content)
    code, _out, err = run(path)
    assert code == 2
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_legal",
            str(path),
            "--no-progress",
            f"--parent={index_page.pk}",
            stdout=io.StringIO(),
        )


def test_rows_are_numbered_as_spreadsheet_rows(run, tmp_path):
    # A cell of three lines keeps its row one row, as in a spreadsheet.
    multiline = GOOD_2.replace(",,,\n", ',"dòng một\ndòng hai\ndòng ba",,\n', 1)
    path = write_csv(tmp_path, multiline, BAD_DATE)
    _code, _out, err = run(path)
    assert "dòng 3: ngay_ban_hanh" in err


def test_missing_attachment_and_self_relation_are_row_errors(run, tmp_path):
    row = GOOD_1.replace("tep/a.pdf", "tep/khong-co.pdf").replace(
        "thay_the:13/2019/QĐ-UBND", "thay_the:101/2024/QĐ-UBND"
    )
    _code, _out, err = run(write_csv(tmp_path, row))
    assert "dòng 2: tep_dinh_kem: không tìm thấy tệp: tep/khong-co.pdf" in err
    assert "dòng 2: quan_he: văn bản không thể có quan hệ với chính nó" in err


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_unreadable_attachment_is_a_warning_and_the_row_is_kept(
    run, import_dir, dry_run
):
    (import_dir / "tep" / "a.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all")
    args = ["--dry-run"] if dry_run else []
    code, _out, err = run(write_csv(import_dir, GOOD_1), *args)
    assert code == 0
    assert "Cảnh báo: dòng 2: tep_dinh_kem: a.pdf: " in err
    imported = LegalDocumentPage.objects.filter(number="101/2024/QĐ-UBND").exists()
    assert imported is not dry_run


def test_pending_relations_are_those_of_the_file(run, import_dir):
    run(write_csv(import_dir, GOOD_1))  # cites 999/2023/NĐ-CP, not on the portal
    row = GOOD_1.replace("101/2024", "102/2024").replace(
        "thay_the:13/2019/QĐ-UBND;can_cu:999/2023/NĐ-CP", ""
    )
    _code, out, _err = run(write_csv(import_dir, row, name="sau.csv"))
    assert "quan hệ chờ" not in out


def test_a_dry_run_calls_a_file_over_the_limit_too_large(run, import_dir, settings):
    from portal.legal.models import ExtractionStatus

    settings.LEGAL_EXTRACTION_MAX_BYTES = 100
    _code, _out, err = run(write_csv(import_dir, GOOD_1), "--dry-run")
    assert f"a.pdf: {ExtractionStatus.TOO_LARGE.label}" in err
