"""The weekly work schedule: week view, filter, print, iCalendar feeds and the
one-form week in the admin."""

import datetime

import pytest
from django.utils.timezone import localdate
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.leadership.ics import escape_text, fold
from portal.leadership.models import ScheduleWeek
from portal.leadership.weeks import Week, monday_of

from .conftest import LeaderPageFactory, add_week

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.fixture
def week(leadership):
    deputy = LeaderPageFactory(
        parent=leadership.index, title="Phạm Thị Phó", slug="pham-thi-pho", order=2
    )
    today = localdate()
    week = add_week(
        leadership.schedule,
        entries=[
            {
                "day": today.weekday(),
                "start_time": datetime.time(8, 0),
                "end_time": datetime.time(11, 30),
                "content": "Giao ban lãnh đạo đầu tuần",
                "place": "Phòng họp số 1",
                "host": "Chủ tịch Ủy ban nhân dân tỉnh",
            },
            {
                "day": 1,
                "start_time": datetime.time(14, 0),
                "leader": leadership.chairman,
                "content": "Kiểm tra dự án đường, cầu; giải phóng mặt bằng",
                "place": "Huyện Văn Lâm",
                "participants": "Sở Xây dựng\nSở Tài chính",
                "preparing_unit": "Sở Xây dựng",
            },
            {
                "day": 3,
                "leader": deputy,
                "content": "Dự lễ khai giảng",
                "place": "Trường THPT chuyên",
            },
        ],
    )
    return week


def test_week_view_lists_the_days_and_marks_today(client, leadership, week):
    response = client.get(leadership.schedule.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Giao ban lãnh đạo đầu tuần" in html
    assert "Kiểm tra dự án đường, cầu; giải phóng mặt bằng" in html
    assert html.count('aria-current="date"') == 1
    today = localdate()
    assert f'id="day-{today:%Y%m%d}"' in html
    assert f"{today:%d/%m/%Y}" in html
    assert "Hôm nay" in html
    # A whole-leadership entry says so.
    assert "Tập thể lãnh đạo" in html


def test_week_navigation_is_in_the_address(client, leadership, week):
    this_week = Week.containing(localdate())
    next_week = this_week.shifted(1)
    response = client.get(leadership.schedule.url)
    html = response.content.decode()
    assert f"?tuan={next_week.slug}" in html
    assert f"?tuan={this_week.shifted(-1).slug}" in html
    later = client.get(leadership.schedule.url, {"tuan": next_week.slug})
    assert later.status_code == 200
    assert "Giao ban lãnh đạo đầu tuần" not in later.content.decode()
    assert "Tuần này chưa có lịch công tác." in later.content.decode()
    assert client.get(leadership.schedule.url, {"tuan": "2026-W99"}).status_code == 404


def test_filter_by_leader(client, leadership, week):
    response = client.get(leadership.schedule.url, {"lanh-dao": "hoang-van-chu"})
    html = response.content.decode()
    assert "Kiểm tra dự án đường" in html
    assert "Dự lễ khai giảng" not in html
    assert "Giao ban lãnh đạo đầu tuần" not in html
    assert "ics/hoang-van-chu/" in html
    assert client.get(leadership.schedule.url, {"lanh-dao": "ai-do"}).status_code == 404


def test_printable_week_is_a_table(client, leadership, week):
    response = client.get(leadership.schedule.url + "ban-in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<table" in html
    assert "Sở Xây dựng<br>Sở Tài chính" in html
    assert 'name="robots" content="noindex"' in html


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_ics_feed_for_all_and_per_leader(client, leadership, week):
    response = client.get(leadership.schedule.url + "ics/")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "TZID:Asia/Ho_Chi_Minh" in body
    assert body.count("BEGIN:VEVENT") == 3
    entry = week.entries.get(content__startswith="Kiểm tra")
    text = unfold(body)
    assert f"UID:lich-cong-tac-{entry.pk}@" in text
    day = entry.date.strftime("%Y%m%d")
    assert f"DTSTART;TZID=Asia/Ho_Chi_Minh:{day}T140000" in text
    assert "SUMMARY:Kiểm tra dự án đường\\, cầu\\; giải phóng mặt bằng" in text
    assert "Thành phần: Sở Xây dựng\\nSở Tài chính" in text
    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75, line
    # The same entry keeps its UID in the next download.
    again = unfold(client.get(leadership.schedule.url + "ics/").content.decode())
    assert f"UID:lich-cong-tac-{entry.pk}@" in again

    own = client.get(leadership.schedule.url + "ics/hoang-van-chu/")
    assert own.status_code == 200
    assert own.content.decode().count("BEGIN:VEVENT") == 1
    assert client.get(leadership.schedule.url + "ics/ai-do/").status_code == 404


def test_ics_text_rules():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "Lịch công tác tuần của lãnh đạo tỉnh " * 5
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert unfold(folded) == line


def week_form(schedule, monday, entries, **overrides):
    data = {
        "schedule": schedule.pk,
        "monday": monday.strftime("%Y-%m-%d"),
        "published": "on",
        "note": "",
        "entries": inline_formset(entries),
    }
    data.update(overrides)
    return nested_form_data(data)


def entry_row(day, start="08:00", **fields):
    return {
        "date": day.strftime("%Y-%m-%d"),
        "start_time": start,
        "end_time": fields.get("end_time", ""),
        "leader": fields.get("leader", ""),
        "content": fields.get("content", "Họp giao ban"),
        "place": fields.get("place", "Phòng họp số 1"),
        "participants": "",
        "host": "",
        "preparing_unit": "",
    }


def test_editor_enters_a_whole_week_in_one_form(admin_client, leadership):
    wednesday = monday_of(localdate()) + datetime.timedelta(days=9)
    response = admin_client.post(
        "/admin/snippets/leadership/scheduleweek/add/",
        week_form(
            leadership.schedule,
            wednesday,
            [
                entry_row(wednesday - datetime.timedelta(days=2), "07:30"),
                entry_row(
                    wednesday,
                    "14:00",
                    end_time="16:00",
                    leader=leadership.chairman.pk,
                    content="Tiếp công dân định kỳ",
                ),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    week = ScheduleWeek.objects.get(schedule=leadership.schedule)
    # Saved as its Monday, whichever day the editor typed.
    assert week.monday == monday_of(wednesday)
    assert [e.content for e in week.entries.order_by("date")] == [
        "Họp giao ban",
        "Tiếp công dân định kỳ",
    ]
    listing = admin_client.get(
        "/admin/snippets/leadership/scheduleweek/",
        {"schedule": leadership.schedule.pk},
    )
    assert listing.status_code == 200
    assert f"Tuần {week.monday.isocalendar().week}:" in listing.content.decode()


def test_week_form_refuses_a_day_of_another_week(admin_client, leadership):
    monday = monday_of(localdate())
    response = admin_client.post(
        "/admin/snippets/leadership/scheduleweek/add/",
        week_form(
            leadership.schedule,
            monday,
            [entry_row(monday + datetime.timedelta(days=8), "08:00")],
        ),
    )
    assert response.status_code == 200
    assert "Ngày này không thuộc tuần" in response.content.decode()
    assert not ScheduleWeek.objects.filter(schedule=leadership.schedule).exists()


def test_end_before_start_is_refused(admin_client, leadership):
    monday = monday_of(localdate())
    response = admin_client.post(
        "/admin/snippets/leadership/scheduleweek/add/",
        week_form(
            leadership.schedule, monday, [entry_row(monday, "10:00", end_time="09:00")]
        ),
    )
    assert response.status_code == 200
    assert "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()


def test_unpublished_week_is_not_shown(client, leadership, week):
    ScheduleWeek.objects.filter(pk=week.pk).update(published=False)
    html = client.get(leadership.schedule.url).content.decode()
    assert "Giao ban lãnh đạo đầu tuần" not in html


def test_editor_without_schedule_permissions_cannot_add_weeks(
    client, leadership, django_user_model
):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("btv-khac", password="x-123456789")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user)
    monday = monday_of(localdate())
    response = client.post(
        "/admin/snippets/leadership/scheduleweek/add/",
        week_form(leadership.schedule, monday, [entry_row(monday)]),
    )
    assert response.status_code in (302, 403)
    assert not ScheduleWeek.objects.filter(schedule=leadership.schedule).exists()
    assert client.get("/admin/lich-cong-tac/nhap/").status_code in (302, 403)


def test_schedule_and_its_feed_are_in_the_sitemap(client, leadership):
    body = client.get("/sitemap.xml").content.decode()
    assert "/lich-cong-tac/</loc>" in body
    assert "/lich-cong-tac/ics/</loc>" in body
    assert "/lanh-dao/hoang-van-chu/</loc>" in body


def test_the_schedule_sections_editors_enter_and_import_weeks(
    client, leadership, django_user_model
):
    import io

    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import GroupPagePermission

    call_command("bootstrap_permissions", stdout=io.StringIO())
    group = Group.objects.get(
        pk=GroupPagePermission.objects.filter(page=leadership.schedule)
        .values("group")
        .first()["group"]
    )
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_scheduleweek", "change_scheduleweek", "import_schedule"} <= codenames
    user = django_user_model.objects.create_user("btv-lich", password="x-123456789")
    user.groups.add(group)
    client.force_login(user)
    monday = monday_of(localdate())
    response = client.post(
        "/admin/snippets/leadership/scheduleweek/add/",
        week_form(leadership.schedule, monday, [entry_row(monday)]),
    )
    assert response.status_code == 302
    assert ScheduleWeek.objects.filter(schedule=leadership.schedule).exists()
    assert client.get("/admin/lich-cong-tac/nhap/").status_code == 200
    # The leaders' section's editors do not.
    leaders_group = Group.objects.get(
        pk=GroupPagePermission.objects.filter(page=leadership.index)
        .values("group")
        .first()["group"]
    )
    assert not leaders_group.permissions.filter(codename="add_scheduleweek").exists()


def test_week_view_queries_do_not_grow_with_entries(client, leadership, week):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(entries: int, weeks_ahead: int) -> int:
        monday = week.monday + datetime.timedelta(weeks=weeks_ahead)
        add_week(
            leadership.schedule,
            monday=monday,
            entries=[
                {"day": n % 7, "leader": leadership.chairman, "content": f"Việc {n}"}
                for n in range(entries)
            ],
        )
        params = {"tuan": Week(monday).slug}
        client.get(leadership.schedule.url, params)  # warm the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(leadership.schedule.url, params)
        assert response.content.decode().count('class="schedule-entry"') == entries
        return len(captured)

    assert queries_for(20, 2) == queries_for(1, 1)
