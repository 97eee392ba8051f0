"""The import framework: readers, limits, row numbers, batches and fingerprints."""

import datetime
import sys

import pytest

from portal.core.importing import (
    Importer,
    ImportFileError,
    ImportRecords,
    Limits,
    RowInvalid,
    read_rows,
    readers,
)
from portal.core.models import ImportRecord, PublicBody


def rows_of(path, **kwargs):
    return list(read_rows(path, **kwargs))


def errors_of(rows):
    return [
        str(error)
        for _n, data in rows
        if isinstance(data, RowInvalid)
        for error in data.errors
    ]


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


# CSV -------------------------------------------------------------------------------


def test_csv_with_or_without_bom_and_rows_numbered_as_spreadsheet_rows(tmp_path):
    text = 'Ma,Ten\n1,"một\nhai"\n\n2,ba\n'
    for content in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        rows = rows_of(write(tmp_path, "a.csv", content), columns=["ma", "ten"])
        # The two-line cell keeps its row row 2; the blank row 3 is skipped.
        assert rows == [
            (2, {"ma": "1", "ten": "một\nhai"}),
            (4, {"ma": "2", "ten": "ba"}),
        ]


def test_csv_saved_by_excel_with_semicolons(tmp_path):
    rows = rows_of(write(tmp_path, "a.csv", "ma;ten\n1;một, hai\n"))
    assert rows == [(2, {"ma": "1", "ten": "một, hai"})]


def test_a_file_not_in_utf8_says_where(tmp_path):
    # "2,Công văn" as Excel's plain "CSV" saves it on a Vietnamese Windows.
    content = "ma,ten\n1,đúng\n".encode() + b"2,C\xf4ng v\xe3n\n"
    with pytest.raises(ImportFileError, match=r"UTF-8 \(dòng 3, byte \d+\)"):
        rows_of(write(tmp_path, "a.csv", content))


def test_missing_columns_and_empty_files_are_file_errors(tmp_path):
    with pytest.raises(ImportFileError, match="thiếu cột: ten"):
        rows_of(write(tmp_path, "a.csv", "ma\n1\n"), required=["ma", "ten"])
    with pytest.raises(ImportFileError, match="tệp rỗng"):
        rows_of(write(tmp_path, "b.csv", ""))
    with pytest.raises(ImportFileError, match="Không hỗ trợ loại tệp .txt"):
        rows_of(write(tmp_path, "c.txt", "ma\n"))


def test_a_cell_over_the_csv_field_limit_fails_its_row_only(tmp_path):
    long = "x" * (readers.CSV_DEFAULT_FIELD_LIMIT + 1)
    path = write(tmp_path, "a.csv", f'ma,noi_dung\n1,ngắn\n2,"{long}"\n3,ngắn\n')
    rows = rows_of(path)
    assert [number for number, _data in rows] == [2, 3, 4]
    assert errors_of(rows) == ["dòng 3: noi_dung: dài quá 131072 ký tự"]
    assert rows[2] == (4, {"ma": "3", "noi_dung": "ngắn"})


def test_a_row_past_the_row_limit_fails_alone(tmp_path):
    path = write(tmp_path, "a.csv", "ma,noi_dung\n1," + "x" * 50 + "\n2,ngắn\n")
    rows = rows_of(path, limits=Limits(max_row_chars=20, max_cell_chars=10))
    assert errors_of(rows) == ["dòng 2: *: dòng dài quá 20 ký tự"]
    assert rows[1] == (3, {"ma": "2", "noi_dung": "ngắn"})


def test_nul_characters_fail_their_row(tmp_path):
    rows = rows_of(write(tmp_path, "a.csv", "ma,ten\n1,a\x00b\n2,c\n"))
    assert errors_of(rows) == ["dòng 2: ten: chứa ký tự NUL"]
    assert rows[1] == (3, {"ma": "2", "ten": "c"})


def test_an_unclosed_quote_that_swallows_rows_is_reported(tmp_path):
    # Row 3 opens a quote that the quote of row 5 closes: rows 4 and 5 end up in
    # one cell of row 3, which keeps its number of cells.
    path = write(
        tmp_path,
        "a.csv",
        'ma,ten,ngay\n1,một,01/01/2024\n2,"hai,02/01/2024\n3,ba,03/01/2024\n'
        '4,"bốn",04/01/2024\n5,năm,05/01/2024\n',
    )
    rows = rows_of(path)
    assert errors_of(rows) == [
        'dòng 3: ten: ô chứa một dòng trông như cả một hàng: có dấu nháy kép (") '
        "chưa đóng ở trước?"
    ]
    assert rows[-1] == (4, {"ma": "5", "ten": "năm", "ngay": "05/01/2024"})


def test_an_unclosed_quote_to_the_end_of_the_file_is_reported(tmp_path):
    path = write(
        tmp_path, "a.csv", 'ma,ten,ngay\n1,"một,01/01/2024\n2,hai,02/01/2024\n'
    )
    [(number, invalid)] = rows_of(path)
    assert number == 2
    assert "dòng có 2 ô, dòng tiêu đề có 3" in str(invalid)


def test_a_multiline_text_cell_is_not_taken_for_a_swallowed_row(tmp_path):
    path = write(
        tmp_path,
        "a.csv",
        'ma,ten,ngay,loai\n1,"Điều 1.\nĐiều 2, khoản 1 và 2, khoản 3",x,y\n',
    )
    assert errors_of(rows_of(path)) == []


# JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [3, 1024 * 1024])
def test_json_is_read_object_by_object(tmp_path, monkeypatch, chunk):
    # Tiny chunks: every value crosses a chunk boundary somewhere.
    monkeypatch.setattr(readers._JsonStream, "CHUNK", chunk)
    path = write(
        tmp_path,
        "a.json",
        '\ufeff{"meta": {"n": [1, 2]}, "ThuTuc": [{"Ma": "1.000123", "So": 12345},'
        ' "chữ", {"Ma": "2"}], "sau": true}'.encode(),
    )
    rows = rows_of(path, json_list_keys=["ThuTuc"])
    assert rows[0] == (1, {"Ma": "1.000123", "So": 12345})
    assert errors_of(rows) == [
        "dòng 2: *: mỗi bản ghi phải là một đối tượng có các trường được đặt tên"
    ]
    assert rows[2] == (3, {"Ma": "2"})


def test_json_errors_say_the_line(tmp_path):
    path = write(tmp_path, "a.json", '[\n{"a": 1},\n{"a": }\n]')
    with pytest.raises(ImportFileError, match="JSON không hợp lệ ở dòng 3"):
        rows_of(path)
    with pytest.raises(ImportFileError, match="danh sách đối tượng"):
        rows_of(write(tmp_path, "b.json", '{"khac": []}'), json_list_keys=["ThuTuc"])


def test_json_nested_values_are_checked(tmp_path):
    path = write(tmp_path, "a.json", '[{"Buoc": [{"Ten": "a\\u0000"}]}]')
    assert errors_of(rows_of(path)) == ["dòng 1: Buoc[1].Ten: chứa ký tự NUL"]


# XLSX ------------------------------------------------------------------------------


def test_xlsx_first_sheet_with_excel_dates(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["SO_KY_HIEU", "ngay", "so"])
    sheet.append(["1/QĐ", datetime.datetime(2024, 3, 5), 12.0])
    sheet.append([None, None, None])
    sheet.append(["2/QĐ", "06/03/2024", 2.5])
    workbook.create_sheet("khác").append(["bỏ qua"])
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    rows = rows_of(path, columns=["so_ky_hieu"], required=["so_ky_hieu"])
    assert rows == [
        (2, {"so_ky_hieu": "1/QĐ", "ngay": "05/03/2024", "so": "12"}),
        (4, {"so_ky_hieu": "2/QĐ", "ngay": "06/03/2024", "so": "2.5"}),
    ]


def test_xlsx_without_openpyxl_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportFileError, match=r"cài portal-kit\[imports\]"):
        rows_of(write(tmp_path, "a.xlsx", b"PK"))


def test_a_damaged_workbook_is_a_file_error(tmp_path):
    pytest.importorskip("openpyxl")
    with pytest.raises(ImportFileError, match="không phải sổ tính Excel"):
        rows_of(write(tmp_path, "a.xlsx", b"not a zip"))


# The loop --------------------------------------------------------------------------


class BodyImporter(Importer):
    """Public bodies from a CSV of names: the smallest importer there is."""

    kind = "tests.body"
    columns = ("ten",)
    required_columns = ("ten",)
    key_column = "ten"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.records = ImportRecords(self.kind, PublicBody)

    def clean(self, row, raw):
        name = raw["ten"].strip()
        if name == "lỗi":
            raise RowInvalid.single(row, "ten", "không hợp lệ")
        return {"name": name, "note": raw.get("ghi_chu", "")}

    def key(self, data):
        return PublicBody.slug_for(data["name"])

    def stored_fingerprints(self, keys):
        return self.records.fingerprints(keys)

    def build(self, row, data, fingerprint):
        body = PublicBody.objects.filter(slug=self.key(data)).first()
        created = body is None
        body = body or PublicBody(name=data["name"])
        return body, created, fingerprint

    def save(self, row, built):
        body, created, fingerprint = built
        body.save()
        self.records.store(PublicBody.slug_for(body.name), fingerprint, body.pk)
        return "created" if created else "updated"

    def existing_keys(self):
        return PublicBody.objects.filter(name__startswith="Sở thử").values_list(
            "slug", flat=True
        )


def body_file(tmp_path, names, note=""):
    lines = "".join(f"{name},{note}\n" for name in names)
    return write(tmp_path, "co_quan.csv", "ten,ghi_chu\n" + lines)


def interrupt_after(count):
    def progress(rows):
        for position, row in enumerate(rows):
            if position == count:
                raise KeyboardInterrupt
            yield row

    return progress


@pytest.mark.django_db
def test_an_interrupted_import_keeps_finished_batches_and_resumes(tmp_path):
    names = [f"Sở thử {n}" for n in range(1, 8)]
    path = body_file(tmp_path, names)
    report = BodyImporter(batch_size=2, progress=interrupt_after(5)).import_file(path)
    # Rows 1-4 made two batches; the fifth was read into a batch never saved.
    assert report.interrupted and report.created == 4
    assert PublicBody.objects.filter(name__in=names).count() == 4

    report = BodyImporter(batch_size=2).import_file(path)
    assert (report.unchanged, report.created) == (4, 3)
    assert PublicBody.objects.filter(name__in=names).count() == 7


class InterruptedImporter(BodyImporter):
    def save(self, row, built):
        if built[0].name == "Sở thử 4":
            raise KeyboardInterrupt
        return super().save(row, built)


@pytest.mark.django_db
def test_ctrl_c_while_saving_rolls_back_the_batch_and_its_counts(tmp_path):
    names = [f"Sở thử {n}" for n in range(1, 6)]
    path = body_file(tmp_path, names)
    report = InterruptedImporter(batch_size=2).import_file(path)
    assert report.interrupted and report.created == 2
    assert PublicBody.objects.filter(name__in=names).count() == 2
    assert BodyImporter(batch_size=2).import_file(path).created == 3


@pytest.mark.django_db
def test_the_same_key_twice_fails_the_second_row(tmp_path):
    path = body_file(tmp_path, ["Sở thử A", "lỗi", "sở thử a"])
    report = BodyImporter().import_file(path)
    assert [str(error) for error in report.errors] == [
        "dòng 3: ten: không hợp lệ",
        "dòng 4: ten: “so-thu-a” đã có ở dòng 2",
    ]
    assert report.created == 1


@pytest.mark.django_db
def test_unchanged_rows_are_not_written_and_changed_ones_are(tmp_path):
    BodyImporter().import_file(body_file(tmp_path, ["Sở thử A", "Sở thử B"]))
    report = BodyImporter().import_file(body_file(tmp_path, ["Sở thử A", "Sở thử B"]))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    report = BodyImporter().import_file(body_file(tmp_path, ["Sở thử A"], "mới"))
    assert (report.updated, report.unchanged) == (1, 0)
    record = ImportRecord.objects.get(kind="tests.body", key="so-thu-a")
    assert record.object_id == PublicBody.objects.get(name="Sở thử A").pk


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path):
    report = BodyImporter(dry_run=True, batch_size=1).import_file(
        body_file(tmp_path, ["Sở thử A", "Sở thử B"])
    )
    assert report.created == 2
    assert not PublicBody.objects.filter(name__startswith="Sở thử").exists()
    assert not ImportRecord.objects.filter(kind="tests.body").exists()


@pytest.mark.django_db
def test_full_reports_what_the_file_does_not_hold(tmp_path):
    BodyImporter().import_file(body_file(tmp_path, ["Sở thử A", "Sở thử B"]))
    report = BodyImporter(full=True).import_file(body_file(tmp_path, ["Sở thử A"]))
    assert report.missing == ["so-thu-b"]
    assert PublicBody.objects.filter(name="Sở thử B").exists()
