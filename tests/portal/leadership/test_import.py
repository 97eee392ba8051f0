"""A week of the schedule from a spreadsheet: the command and the admin upload,
through the portal's import framework."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.timezone import localdate

from portal.leadership.importing import ScheduleImporter
from portal.leadership.models import ScheduleEntry, ScheduleWeek
from portal.leadership.weeks import monday_of

pytestmark = pytest.mark.usefixtures("shared_portal")

HEADER = "ngay,bat_dau,ket_thuc,lanh_dao,noi_dung,dia_diem,thanh_phan,chu_tri,don_vi_chuan_bi"


def csv_week(monday):
    day = lambda n: (monday + datetime.timedelta(days=n)).strftime("%d/%m/%Y")  # noqa: E731
    return "\n".join(
        [
            HEADER,
            f'{day(0)},8:00,11h30,,"Giao ban lãnh đạo, đầu tuần",Phòng họp số 1,,Chủ tịch UBND tỉnh,Văn phòng',
            f"{day(1)},14h,,hoang van chu,Kiểm tra dự án,Huyện Văn Lâm,Sở Xây dựng,,Sở Xây dựng",
        ]
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_command_imports_a_week_and_a_second_run_changes_nothing(tmp_path, leadership):
    monday = monday_of(localdate())
    path = write(tmp_path, "lich.csv", csv_week(monday))
    out = io.StringIO()
    call_command(
        "import_schedule",
        str(path),
        parent=leadership.schedule.pk,
        no_progress=True,
        stdout=out,
    )
    assert "created: 2" in out.getvalue() or "tạo mới: 2" in out.getvalue()
    week = ScheduleWeek.objects.get(schedule=leadership.schedule, monday=monday)
    entries = list(week.entries.order_by("date"))
    assert entries[0].content == "Giao ban lãnh đạo, đầu tuần"
    assert entries[0].end_time == datetime.time(11, 30)
    assert entries[0].leader is None
    # The leader is found by name, with or without diacritics.
    assert entries[1].leader == leadership.chairman

    importer = ScheduleImporter(leadership.schedule)
    report = importer.import_file(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_changed_row_updates_its_entry(tmp_path, leadership):
    monday = monday_of(localdate())
    ScheduleImporter(leadership.schedule).import_file(
        write(tmp_path, "a.csv", csv_week(monday))
    )
    changed = csv_week(monday).replace("Huyện Văn Lâm", "Huyện Yên Mỹ")
    report = ScheduleImporter(leadership.schedule).import_file(
        write(tmp_path, "b.csv", changed)
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert (
        ScheduleEntry.objects.filter(
            week__schedule=leadership.schedule, place="Huyện Yên Mỹ"
        ).count()
        == 1
    )


def test_bad_rows_are_reported_and_the_good_ones_imported(tmp_path, leadership):
    monday = monday_of(localdate())
    text = "\n".join(
        [
            HEADER,
            f"{monday:%d/%m/%Y},8:00,,,Họp giao ban,,,,",
            "31/02/2026,8:00,,,Ngày không có thật,,,,",
            f"{monday:%d/%m/%Y},9:00,8:00,,Kết thúc trước khi bắt đầu,,,,",
            f"{monday:%d/%m/%Y},10:00,,Người Lạ,Lãnh đạo không có,,,,",
            f"{monday:%d/%m/%Y},,,,,,,,",
        ]
    )
    path = write(tmp_path, "loi.csv", text)
    with pytest.raises(CommandError):
        call_command(
            "import_schedule",
            str(path),
            parent=leadership.schedule.pk,
            no_progress=True,
            stdout=io.StringIO(),
            stderr=(err := io.StringIO()),
        )
    errors = err.getvalue()
    assert "3: ngay:" in errors
    assert "4: ket_thuc:" in errors
    assert "5: lanh_dao:" in errors and "Người Lạ" in errors
    assert "6: bat_dau:" in errors and "6: noi_dung:" in errors
    assert list(
        ScheduleEntry.objects.filter(week__schedule=leadership.schedule).values_list(
            "content", flat=True
        )
    ) == ["Họp giao ban"]


def xlsx_bytes(monday) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            monday + datetime.timedelta(days=2),
            "8:00",
            "",
            "Hoàng Văn Chủ",
            "Tiếp công dân",
            "Trụ sở",
            "",
            "",
            "",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_admin_upload_of_a_spreadsheet(admin_client, leadership):
    monday = monday_of(localdate()) + datetime.timedelta(weeks=1)
    upload = SimpleUploadedFile("lich.xlsx", xlsx_bytes(monday))
    response = admin_client.post(
        "/admin/lich-cong-tac/nhap/",
        {"schedule": leadership.schedule.pk, "file": upload},
    )
    assert response.status_code == 200
    assert response.context["report"].created == 1
    entry = ScheduleEntry.objects.get(week__schedule=leadership.schedule)
    assert entry.date == monday + datetime.timedelta(days=2)
    assert entry.leader == leadership.chairman


def test_admin_dry_run_saves_nothing_and_shows_row_errors(admin_client, leadership):
    monday = monday_of(localdate())
    text = csv_week(monday) + "\n99/99/2026,8:00,,,Sai ngày,,,,"
    response = admin_client.post(
        "/admin/lich-cong-tac/nhap/",
        {
            "schedule": leadership.schedule.pk,
            "file": SimpleUploadedFile("lich.csv", text.encode()),
            "dry_run": "on",
        },
    )
    html = response.content.decode()
    assert response.context["report"].created == 2
    assert "4: ngay:" in html or "dòng 4: ngay:" in html
    assert not ScheduleWeek.objects.filter(schedule=leadership.schedule).exists()


def test_admin_upload_refuses_another_file_type(admin_client, leadership):
    response = admin_client.post(
        "/admin/lich-cong-tac/nhap/",
        {
            "schedule": leadership.schedule.pk,
            "file": SimpleUploadedFile("lich.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 200
    assert "Hãy chọn tệp .csv hoặc .xlsx." in response.content.decode()


def test_full_import_lists_entries_the_file_no_longer_holds(tmp_path, leadership):
    monday = monday_of(localdate())
    ScheduleImporter(leadership.schedule).import_file(
        write(tmp_path, "a.csv", csv_week(monday))
    )
    only_first = "\n".join(csv_week(monday).splitlines()[:2])
    report = ScheduleImporter(leadership.schedule, full=True).import_file(
        write(tmp_path, "b.csv", only_first)
    )
    assert report.unchanged == 1
    assert len(report.missing) == 1
    assert report.missing[0].endswith(f"|14:00|{leadership.chairman.pk}")
