"""The same mistake gives the same behaviour in import_legal and import_procedures.

Each hostile input of issue 21 runs through both commands: the bad row is reported as
"row N: field: reason" in Vietnamese, the good rows are imported, the exit status
says what happened, and no traceback reaches the user.
"""

import csv
import io
import json
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from portal.legal.importing import LegalImporter
from portal.legal.models import LegalDocumentPage
from portal.legal.pdf_utils import simple_pdf
from portal.procedures.importer import ProcedureImporter
from portal.procedures.models import ProcedurePage

pytestmark = pytest.mark.usefixtures("shared_portal")


def legal_row(n, **overrides):
    return {
        "so_ky_hieu": f"{n}/2025/QĐ-UBND",
        "trich_yeu": f"Quyết định thử nghiệm số {n}",
        "loai_van_ban": "Quyết định",
        "co_quan_ban_hanh": "Ủy ban nhân dân tỉnh Hưng Yên",
        "ngay_ban_hanh": "05/01/2025",
        "noi_dung": f"Điều 1. Nội dung {n}.",
        **overrides,
    }


def procedure_row(n, **overrides):
    return {
        "MaTTHC": f"9.{n:06d}",
        "TenTTHC": f"Thủ tục thử nghiệm số {n}",
        "LinhVuc": "Hộ tịch",
        "CapThucHien": "Cấp Xã",
        "MoTa": f"Mô tả {n}.",
        **overrides,
    }


LEGAL = SimpleNamespace(
    name="legal",
    command="import_legal",
    importer=LegalImporter,
    parent=lambda portal: portal.legal,
    row=legal_row,
    key="so_ky_hieu",
    title="trich_yeu",
    text="noi_dung",
    number=lambda n: f"{n}/2025/QĐ-UBND",
    pages=lambda: LegalDocumentPage.objects.filter(number__endswith="/2025/QĐ-UBND"),
    number_of=lambda page: page.number,
    # An attachment of a JSON row.
    attach=lambda row, name: {**row, "tep_dinh_kem": name},
)
PROCEDURES = SimpleNamespace(
    name="procedures",
    command="import_procedures",
    importer=ProcedureImporter,
    parent=lambda portal: portal.procedures,
    row=procedure_row,
    key="MaTTHC",
    title="TenTTHC",
    text="MoTa",
    number=lambda n: f"9.{n:06d}",
    pages=lambda: ProcedurePage.objects.filter(code__startswith="9."),
    number_of=lambda page: page.code,
    attach=lambda row, name: {
        **row,
        "ThanhPhanHoSo": [{"TenGiayTo": "Đơn", "MauDon": "Mẫu lạ", "TepMauDon": name}],
    },
)


@pytest.fixture(params=[LEGAL, PROCEDURES], ids=lambda kind: kind.name)
def kind(request):
    return request.param


@pytest.fixture
def run(kind, portal):
    """Run the kind's command into the test's portal: (exit status, out, err)."""

    def run_import(path, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                kind.command,
                str(path),
                "--no-progress",
                f"--parent={kind.parent(portal).pk}",
                *args,
                stdout=out,
                stderr=err,
            )
            code = 0
        except CommandError as error:
            code = error.returncode
            err.write(str(error))
        assert "Traceback" not in out.getvalue() + err.getvalue()
        return code, out.getvalue(), err.getvalue()

    return run_import


def write_csv(tmp_path, rows, name="nhap.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_json(tmp_path, rows, name="nhap.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def imported(kind):
    return sorted(kind.number_of(page) for page in kind.pages())


def test_a_cell_over_the_csv_field_limit_fails_its_row_only(kind, run, tmp_path):
    rows = [kind.row(1), kind.row(2), kind.row(3)]
    rows[1][kind.text] = "Điều 1. " + "x" * 131_072
    code, _out, err = run(write_csv(tmp_path, rows))
    assert code == 1
    assert f"dòng 3: {kind.text}: dài quá 131072 ký tự" in err
    assert imported(kind) == [kind.number(1), kind.number(3)]


@pytest.mark.parametrize("writer", [write_csv, write_json], ids=["csv", "json"])
def test_a_nul_byte_fails_its_row_only(kind, run, tmp_path, writer):
    rows = [kind.row(1), kind.row(2), kind.row(3)]
    rows[1][kind.title] = "Tên có\x00ký tự NUL"
    code, _out, err = run(writer(tmp_path, rows))
    assert code == 1
    row = 3 if writer is write_csv else 2  # the header is row 1 of a CSV file
    assert f"dòng {row}: {kind.title}: chứa ký tự NUL" in err
    assert imported(kind) == [kind.number(1), kind.number(3)]


@pytest.mark.parametrize("extension", ["html", "svg"])
def test_files_the_admin_upload_refuses_are_row_errors(kind, run, tmp_path, extension):
    (tmp_path / f"mau.{extension}").write_text("<script>alert(1)</script>")
    rows = [kind.attach(kind.row(1), f"mau.{extension}"), kind.row(2)]
    code, _out, err = run(write_json(tmp_path, rows))
    assert code == 1
    assert f"loại tệp không được phép: mau.{extension}" in err
    assert err.startswith("dòng 1: ")
    assert imported(kind) == [kind.number(2)]
    assert (
        not get_document_model().objects.filter(file__endswith=f".{extension}").exists()
    )


def test_the_same_number_twice_fails_the_second_row(kind, run, tmp_path):
    rows = [kind.row(1), kind.row(2), kind.row(1)]
    rows[2][kind.title] = "Lần thứ hai"
    code, out, err = run(write_csv(tmp_path, rows))
    assert code == 1
    assert f"dòng 4: {kind.key}: “{kind.number(1)}” đã có ở dòng 2" in err
    assert "tạo mới: 2" in out
    assert not kind.pages().filter(title="Lần thứ hai").exists()


def test_an_unclosed_quote_is_reported_on_the_row_that_swallows(kind, run, tmp_path):
    def line(values):
        return ",".join(values.values())

    rows = [kind.row(n) for n in range(1, 6)]
    header = ",".join(rows[0])
    broken = dict(rows[1], **{kind.title: '"' + rows[1][kind.title]})
    closing = dict(rows[3], **{kind.title: f'"{rows[3][kind.title]}"'})
    text = "\n".join(
        [header, line(rows[0]), line(broken), line(rows[2]), line(closing)]
        + [line(rows[4])]
    )
    path = tmp_path / "nhap.csv"
    path.write_text(text + "\n", encoding="utf-8")
    code, _out, err = run(path)
    assert code == 1
    assert f"dòng 3: {kind.title}: ô chứa một dòng trông như cả một hàng" in err
    # The rows it swallowed are not imported as a garbled title either.
    assert imported(kind) == [kind.number(1), kind.number(5)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nhap.csv", b"s\xf4,t\xean\n1,2\n", "không phải văn bản UTF-8 (dòng 1"),
        ("khong-co.csv", None, "Không tìm thấy tệp"),
        ("nhap.json", b'[{"a": 1},', "JSON không hợp lệ"),
    ],
)
def test_an_unreadable_file_exits_with_status_2(
    kind, run, tmp_path, name, content, message
):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, _out, err = run(path)
    assert code == 2 and message in err


def test_a_second_import_of_the_same_file_writes_nothing(kind, run, tmp_path):
    rows = [kind.row(n) for n in range(1, 4)]
    assert run(write_csv(tmp_path, rows))[0] == 0
    revisions = {page.pk: page.revisions.count() for page in kind.pages()}

    code, out, _err = run(write_csv(tmp_path, rows))
    assert code == 0 and "tạo mới: 0, cập nhật: 0, không đổi: 3" in out
    assert {page.pk: page.revisions.count() for page in kind.pages()} == revisions

    rows[1][kind.title] = "Tên đã sửa"
    code, out, _err = run(write_csv(tmp_path, rows))
    assert "cập nhật: 1, không đổi: 2" in out
    changed = kind.pages().get(title="Tên đã sửa")
    # Only that document has a new revision: its history shows the change.
    assert {page.pk: page.revisions.count() for page in kind.pages()} == {
        **revisions,
        changed.pk: revisions[changed.pk] + 1,
    }


def test_full_lists_documents_missing_from_the_file(kind, run, tmp_path):
    run(write_csv(tmp_path, [kind.row(n) for n in range(1, 4)]))
    code, out, _err = run(write_csv(tmp_path, [kind.row(1), kind.row(2)]), "--full")
    assert code == 0
    assert "không có trong tệp (không xóa gì)" in out
    assert kind.pages().count() == 3


def test_an_interrupted_import_resumes(kind, portal, tmp_path):
    path = write_csv(tmp_path, [kind.row(n) for n in range(1, 6)])

    def interrupted(rows):
        for position, row in enumerate(rows):
            if position == 3:
                raise KeyboardInterrupt
            yield row

    parent = kind.parent(portal)
    report = kind.importer(parent, batch_size=2, progress=interrupted).import_file(path)
    assert report.interrupted and imported(kind) == [kind.number(1), kind.number(2)]
    report = kind.importer(parent, batch_size=2).import_file(path)
    assert (report.unchanged, report.created, report.errors) == (2, 3, [])
    assert len(imported(kind)) == 5


def test_xlsx_with_the_columns_of_the_csv(kind, run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime

    rows = [kind.row(1), kind.row(2)]
    workbook = openpyxl.Workbook()
    workbook.active.append(list(rows[0]))
    for row in rows:
        values = list(row.values())
        if kind is LEGAL:  # an Excel date cell, not text
            values[list(row).index("ngay_ban_hanh")] = datetime.datetime(2025, 1, 5)
        workbook.active.append(values)
    path = tmp_path / "nhap.xlsx"
    workbook.save(path)
    code, out, err = run(path)
    assert code == 0, err
    assert imported(kind) == [kind.number(1), kind.number(2)]
    if kind is LEGAL:
        page = kind.pages().get(number=kind.number(1))
        assert page.issued_date == datetime.date(2025, 1, 5)


def test_a_corrupt_pdf_is_a_warning_and_pypdf_stays_quiet(
    portal, tmp_path, capfd, caplog
):
    (tmp_path / "hong.pdf").write_bytes(
        simple_pdf(["Van ban"])[:200] + b"\nxref\ngarbage\ntrailer\n<< >>\n%%EOF"
    )
    rows = [LEGAL.attach(legal_row(1), "hong.pdf"), legal_row(2)]
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_legal",
        str(write_json(tmp_path, rows)),
        "--no-progress",
        f"--parent={portal.legal.pk}",
        stdout=out,
        stderr=err,
    )
    assert "Cảnh báo: dòng 1: tep_dinh_kem: hong.pdf: " in err.getvalue()
    assert imported(LEGAL) == [LEGAL.number(1), LEGAL.number(2)]
    # Neither pypdf nor the extraction logged its traceback or warned.
    assert [record for record in caplog.records if record.levelname != "DEBUG"] == []
    captured = capfd.readouterr()
    assert captured.err == "" and "Traceback" not in captured.out
