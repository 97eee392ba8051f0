import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from portal.procedures import importer
from portal.procedures.models import ProcedurePage

pytestmark = pytest.mark.usefixtures("shared_portal")


def record(code="7.000001", **overrides):
    data = {
        "MaTTHC": code,
        "TenTTHC": "Cấp giấy phép khai thác nước mặt",
        "LinhVuc": "Tài nguyên nước",
        "CapThucHien": "Cấp Tỉnh",
        "CoQuanThucHien": ["Sở Tài nguyên và Môi trường"],
        "CoQuanCoThamQuyen": "Ủy ban nhân dân tỉnh",
        "DoiTuongThucHien": ["Tổ chức", "Doanh nghiệp"],
        "TrinhTuThucHien": [
            {
                "TenBuoc": "Nộp hồ sơ",
                "NoiDung": "Tại Trung tâm Phục vụ hành chính công.",
            },
            "Thẩm định hồ sơ",
        ],
        "CachThucThucHien": [
            {
                "HinhThuc": "Trực tiếp",
                "ThoiHanGiaiQuyet": "30 ngày",
                "PhiLePhi": "Phí thẩm định 600.000 đồng",
            },
            {"HinhThuc": "trực tuyến", "ThoiHanGiaiQuyet": "30 ngày"},
        ],
        "ThanhPhanHoSo": [
            {"TenGiayTo": "Đơn đề nghị cấp phép", "SoBanChinh": "1", "SoBanSao": 0}
        ],
        "SoLuongHoSo": "02 bộ",
        "CanCuPhapLy": [
            {"SoKyHieu": "28/2023/QH15", "TrichYeu": "Luật Tài nguyên nước"},
            "02/2023/NĐ-CP",
        ],
        "MucDoDVC": "Mức độ 3",
        "DuongDanNopHoSo": "https://dichvucong.gov.vn/",
    }
    data.update(overrides)
    return data


def write_json(tmp_path, records, name="thu-tuc.json"):
    path = tmp_path / name
    path.write_text(
        json.dumps({"ThuTuc": records}, ensure_ascii=False), encoding="utf-8"
    )
    return path


@pytest.fixture
def run(procedure_index):
    """Run the command into the test's own index page: (succeeded, out, err)."""

    def run_import(path, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                "import_procedures",
                str(path),
                "--no-progress",
                f"--parent={procedure_index.pk}",
                *args,
                stdout=out,
                stderr=err,
            )
        except CommandError as error:
            return False, out.getvalue(), err.getvalue() + str(error)
        return True, out.getvalue(), err.getvalue()

    return run_import


def test_import_creates_a_complete_procedure(run, procedure_index, tmp_path):
    ok, out, _err = run(write_json(tmp_path, [record()]))
    assert ok
    assert "tạo mới: 1" in out
    page = ProcedurePage.objects.get(code="7.000001")
    assert page.live and page.get_parent().pk == procedure_index.pk
    assert page.field.name == "Tài nguyên nước" and page.field.slug == "tai-nguyen-nuoc"
    assert page.level == "tinh" and page.online_level == "mot-phan"
    assert page.competent_authority.name == "Ủy ban nhân dân tỉnh"
    assert [a.name for a in page.audiences.all()] == ["Doanh nghiệp", "Tổ chức"]
    assert [s.title for s in page.steps.all()] == ["Nộp hồ sơ", "Thẩm định hồ sơ"]
    assert [(c.channel, c.fee) for c in page.channels.all()] == [
        ("truc-tiep", "Phí thẩm định 600.000 đồng"),
        ("truc-tuyen", ""),
    ]
    assert [(b.number, b.number_key) for b in page.legal_bases.all()] == [
        ("28/2023/QH15", "28-2023-qh15"),
        ("02/2023/NĐ-CP", "02-2023-nd-cp"),
    ]


def test_reimport_is_idempotent_by_code(run, procedure_index, tmp_path):
    path = write_json(tmp_path, [record()])
    run(path)
    page = ProcedurePage.objects.get(code="7.000001")
    revisions = page.revisions.count()

    ok, out, _err = run(path)
    assert ok and "không đổi: 1" in out
    assert ProcedurePage.objects.filter(code="7.000001").count() == 1
    assert page.revisions.count() == revisions

    changed = record(TenTTHC="Cấp lại giấy phép khai thác nước mặt", ThanhPhanHoSo=[])
    ok, out, _err = run(write_json(tmp_path, [changed]))
    assert ok and "cập nhật: 1" in out
    page = ProcedurePage.objects.get(code="7.000001")
    assert page.title == "Cấp lại giấy phép khai thác nước mặt"
    assert page.url.endswith("-7-000001/")  # the address did not change
    assert page.dossier_items.count() == 0
    assert page.steps.count() == 2  # replaced, not duplicated


def test_demo_import_is_idempotent(demo):
    # The demo is the subject: load_demo imports its procedures once.
    before = ProcedurePage.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert ProcedurePage.objects.count() == before
    assert "0 thủ tục mới, 0 cập nhật" in out.getvalue()


def test_broken_rows_are_reported_and_the_rest_imported(run, procedure_index, tmp_path):
    records = [
        record("7.000001"),
        record("", TenTTHC=""),
        record("7.000003", CapThucHien="Cấp Bộ"),
        record(
            "7.000004",
            CachThucThucHien=[{"HinhThuc": "Fax", "ThoiHanGiaiQuyet": "1 ngày"}],
        ),
        "không phải một thủ tục",
        record("7.000006", ThanhPhanHoSo=[{"TenGiayTo": "Đơn", "SoBanChinh": "hai"}]),
        record("7.000001"),
        record("7.000008"),
    ]
    ok, out, err = run(write_json(tmp_path, records))
    assert not ok
    assert "dòng 2: MaTTHC: bắt buộc phải có" in err
    assert "dòng 2: TenTTHC: bắt buộc phải có" in err
    assert 'dòng 3: CapThucHien: không rõ cấp "Cấp Bộ"' in err
    assert 'dòng 4: CachThucThucHien[1]: không rõ cách thức "Fax"' in err
    assert "dòng 5: *:" in err
    assert "dòng 6: ThanhPhanHoSo[1].SoBanChinh: phải là số nguyên" in err
    assert "dòng 7: MaTTHC: “7.000001” đã có ở dòng 1" in err
    assert "6 dòng không nhập được" in err
    assert "tạo mới: 2" in out
    assert set(
        ProcedurePage.objects.filter(code__startswith="7.").values_list(
            "code", flat=True
        )
    ) == {
        "7.000001",
        "7.000008",
    }


def test_dry_run_writes_nothing(run, procedure_index, tmp_path):
    existing = ProcedurePage.objects.get(code="1.001193")
    records = [
        record("7.000001"),
        {**record("1.001193"), "TenTTHC": "Đăng ký khai sinh (sửa)"},
        record(""),
    ]
    ok, out, err = run(write_json(tmp_path, records), "--dry-run")
    assert not ok
    assert "Chạy thử" in out
    assert "tạo mới: 1, cập nhật: 1" in out
    assert "dòng 3: MaTTHC" in err
    assert not ProcedurePage.objects.filter(code="7.000001").exists()
    existing.refresh_from_db()
    assert existing.title == "Đăng ký khai sinh"


def test_csv_import(run, procedure_index, tmp_path):
    path = tmp_path / "thu-tuc.csv"
    path.write_text(
        "MaTTHC,TenTTHC,LinhVuc,CapThucHien,CoQuanThucHien,TrinhTuThucHien,CachThucThucHien,ThanhPhanHoSo,CanCuPhapLy,MucDoDVC\n"
        '7.100001,Cấp giấy phép đào đường,Giao thông,Cấp Huyện,"Phòng Kinh tế - Hạ tầng; Ủy ban nhân dân cấp huyện",'
        '"Nộp hồ sơ | Tại Bộ phận Một cửa\nNhận kết quả",'
        '"Trực tiếp | 07 ngày làm việc | Không\nDịch vụ bưu chính công ích | 07 ngày làm việc",'
        '"Đơn đề nghị | 1 | 0\nBản vẽ vị trí | 0 | 2 | | Khổ A3",'
        '"12/2017/QH14 | Luật Quy hoạch",Toàn trình\n'
        "7.100002,Thủ tục lỗi,Giao thông,Cấp Xã,,,,,,Mức độ 9\n",
        encoding="utf-8-sig",
    )
    ok, out, err = run(path)
    assert not ok
    # Numbered as the spreadsheet row, although the first record spans four lines.
    assert 'dòng 3: MucDoDVC: không rõ mức độ "Mức độ 9"' in err
    page = ProcedurePage.objects.get(code="7.100001")
    assert page.level == "huyen" and page.online_level == "toan-trinh"
    assert [a.name for a in page.implementing_agencies.all()] == [
        "Phòng Kinh tế - Hạ tầng",
        "Ủy ban nhân dân cấp huyện",
    ]
    assert [(s.title, s.description) for s in page.steps.all()] == [
        ("Nộp hồ sơ", "Tại Bộ phận Một cửa"),
        ("Nhận kết quả", ""),
    ]
    assert [c.channel for c in page.channels.all()] == ["truc-tiep", "buu-chinh"]
    papers = [(p.name, p.originals, p.copies, p.note) for p in page.dossier_items.all()]
    assert papers == [("Đơn đề nghị", 1, 0, ""), ("Bản vẽ vị trí", 0, 2, "Khổ A3")]


def test_form_files_are_uploaded_once(run, procedure_index, tmp_path):
    (tmp_path / "mau").mkdir()
    (tmp_path / "mau" / "don.docx").write_bytes(b"PK\x03\x04 mau don")
    paper = {
        "TenGiayTo": "Đơn",
        "MauDon": "Mẫu đơn khai thác nước",
        "TepMauDon": "mau/don.docx",
    }
    path = write_json(
        tmp_path,
        [record(ThanhPhanHoSo=[paper]), record("7.000002", ThanhPhanHoSo=[paper])],
    )
    ok, _out, _err = run(path)
    assert ok
    documents = get_document_model().objects.filter(title="Mẫu đơn khai thác nước")
    assert documents.count() == 1
    item = ProcedurePage.objects.get(code="7.000002").dossier_items.get()
    assert item.form == documents.get()


def test_form_files_outside_the_import_folder_are_refused(
    run, procedure_index, tmp_path
):
    folder = tmp_path / "nhap"
    folder.mkdir()
    (tmp_path / "bi-mat.docx").write_bytes(b"secret")
    paper = {"TenGiayTo": "Đơn", "MauDon": "Mẫu lạ", "TepMauDon": "../bi-mat.docx"}
    ok, _out, err = run(write_json(folder, [record(ThanhPhanHoSo=[paper])]))
    assert not ok
    assert (
        "dòng 1: ThanhPhanHoSo[1].TepMauDon: không tìm thấy tệp: ../bi-mat.docx" in err
    )
    assert not get_document_model().objects.filter(title="Mẫu lạ").exists()


def test_missing_form_document_is_a_warning(run, procedure_index, tmp_path):
    paper = {"TenGiayTo": "Đơn", "MauDon": "Mẫu chưa có"}
    ok, _out, err = run(write_json(tmp_path, [record(ThanhPhanHoSo=[paper])]))
    assert ok
    assert (
        'Cảnh báo: dòng 1: ThanhPhanHoSo[1].MauDon: chưa có tài liệu "Mẫu chưa có"'
        in err
    )
    assert ProcedurePage.objects.get(code="7.000001").dossier_items.get().form is None


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("{not json", "a.json", "JSON không hợp lệ ở dòng 1"),
        ('{"khac": 1}', "a.json", "danh sách đối tượng"),
        ("a,b\n1,2\n", "a.csv", "thiếu cột: MaTTHC"),
        ("x", "a.xlsx", "không phải sổ tính Excel"),
        ("x", "a.txt", "Không hỗ trợ loại tệp .txt"),
    ],
)
def test_unreadable_files_are_a_clear_error(
    run, procedure_index, tmp_path, content, name, message
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    ok, _out, err = run(path)
    assert not ok and message in err


def test_missing_file_is_a_clear_error(run, procedure_index, tmp_path):
    ok, _out, err = run(tmp_path / "khong-co.json")
    assert not ok and "Không tìm thấy tệp" in err


def test_help_documents_the_format(capsys):
    with pytest.raises(SystemExit):
        call_command("import_procedures", "--help")
    help_text = capsys.readouterr().out
    for name in (
        "MaTTHC",
        "CachThucThucHien",
        "ThanhPhanHoSo",
        "CanCuPhapLy",
        "--dry-run",
    ):
        assert name in help_text


@pytest.mark.parametrize("language", ["json", "csv"])
def test_examples_in_import_md_work(run, procedure_index, tmp_path, language):
    text = (Path(importer.__file__).parent / "IMPORT.md").read_text(encoding="utf-8")
    example = text.split(f"```{language}\n")[1].split("```")[0]
    path = tmp_path / f"vi-du.{language}"
    path.write_text(example, encoding="utf-8")
    ok, out, err = run(path)
    assert ok, err
    assert "dòng lỗi: 0" in out


def imported_procedure(page):
    """A procedure as the reader and the admin see it, without ids and times."""
    from wagtail.models import PageLogEntry
    from wagtail.search.models import IndexEntry as WagtailIndexEntry

    from search.models import OutboxEntry

    def rows(manager, *names):
        return [tuple(getattr(item, name) for name in names) for item in manager.all()]

    skip = {"id", "page_ptr_id", "path", "url_path", "translation_key"}
    skip |= {"latest_revision_id", "live_revision_id", "first_published_at"}
    skip |= {"last_published_at", "latest_revision_created_at"}
    return {
        "page": {
            field.attname: getattr(page, field.attname)
            for field in ProcedurePage._meta.concrete_fields
            if field.attname not in skip
        },
        "address": page.url_path.rsplit("/", 2)[-2],
        "agencies": rows(page.implementing_agencies, "name"),
        "audiences": sorted(rows(page.audiences, "name")),
        "steps": rows(page.steps, "sort_order", "title", "description"),
        "channels": rows(page.channels, "channel", "time_limit", "fee"),
        "papers": rows(page.dossier_items, "sort_order", "name", "originals"),
        "bases": rows(page.legal_bases, "number", "number_key", "title"),
        "revision": page.live_revision.as_object().search_text,
        "published": PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision=page.live_revision
        ).count(),
        "admin search": WagtailIndexEntry.objects.filter(
            object_id=str(page.pk)
        ).count(),
        "outbox": OutboxEntry.objects.filter(object_id=str(page.pk)).exists(),
    }


def test_bulk_import_makes_the_procedures_one_by_one_import_makes(
    procedure_index, tmp_path
):
    """New procedures are written together by the bulk page writer; saved one by
    one (Wagtail's add_child and publish) the same file gives the same pages."""
    from search.models import OutboxEntry

    path = write_json(tmp_path, [record(), record("7.000002", TenTTHC="Gia hạn")])
    made = {}
    for bulk in (False, True):
        OutboxEntry.objects.all().delete()
        procedures = importer.ProcedureImporter(procedure_index, bulk=bulk)
        report = procedures.import_file(path)
        assert (report.created, report.errors) == (2, [])
        pages = ProcedurePage.objects.child_of(procedure_index).order_by("code")
        made[bulk] = [imported_procedure(page) for page in pages]
        for page in pages:
            page.delete()
    assert made[True] == made[False]
    first = made[True][0]
    assert first["steps"] and first["bases"] and first["papers"]
    assert first["published"] == first["admin search"] == 1 and first["outbox"]
    assert first["page"]["search_text"].startswith("cap giay phep")
