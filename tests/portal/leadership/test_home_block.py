"""Today's schedule on the home page (portal.leadership.blocks)."""

import datetime

import pytest
from django.utils.timezone import localdate
from wagtail.models import PageViewRestriction

from tests.portal.leadership.conftest import add_week

pytestmark = pytest.mark.django_db


def weekday_offset() -> int:
    return localdate().weekday()


def test_today_engagements_show_on_the_home_page(client, leadership):
    add_week(
        leadership.schedule,
        entries=[
            {
                "day": weekday_offset(),
                "start_time": datetime.time(14, 0),
                "content": "Tiếp công dân định kỳ",
                "leader": leadership.chairman,
                "place": "Trụ sở tiếp công dân tỉnh",
            },
            {
                "day": weekday_offset(),
                "start_time": datetime.time(8, 0),
                "content": "Họp giao ban tuần",
            },
        ],
    )
    html = client.get("/").content.decode()
    box = html.split('class="box today-schedule"')[1].split("</section>")[0]
    assert "Lịch công tác hôm nay" in box
    assert localdate().strftime("%d/%m/%Y") in box
    # In the day's order, with who and where.
    assert box.index("08:00") < box.index("Họp giao ban tuần") < box.index("14:00")
    assert "Hoàng Văn Chủ, Trụ sở tiếp công dân tỉnh" in box
    assert f'href="{leadership.schedule.url}"' in box
    # Inside the sidebar of the default arrangement.
    aside = html.split('<aside class="home-grid__aside"')[1]
    assert "today-schedule" in aside


def test_nothing_shows_on_a_day_without_engagements(client, leadership):
    other_day = (weekday_offset() + 1) % 7
    add_week(leadership.schedule, entries=[{"day": other_day, "content": "Hội nghị"}])
    # Nor from a week being prepared.
    draft = add_week(
        leadership.schedule,
        monday=localdate() - datetime.timedelta(days=weekday_offset() + 7),
    )
    draft.published = False
    draft.save()
    assert "today-schedule" not in client.get("/").content.decode()


def test_a_restricted_schedule_stays_off_the_home_page(client, leadership):
    add_week(
        leadership.schedule,
        entries=[{"day": weekday_offset(), "content": "Làm việc nội bộ"}],
    )
    PageViewRestriction.objects.create(
        page=leadership.schedule, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Làm việc nội bộ" not in client.get("/").content.decode()
