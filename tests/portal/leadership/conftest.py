import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import factory
import pytest
from django.utils.timezone import localdate

from portal.leadership.models import (
    LeaderIndexPage,
    LeaderPage,
    PressConferencePage,
    PressIndexPage,
    PressReleasePage,
    ScheduleEntry,
    SchedulePage,
    ScheduleWeek,
)
from portal.leadership.weeks import monday_of
from tests.factories import PublicBodyFactory, PublishedPageFactory

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class LeaderIndexPageFactory(PublishedPageFactory):
    title = "Lãnh đạo"
    slug = "lanh-dao"

    class Meta:
        model = LeaderIndexPage


class LeaderPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    slug = factory.Sequence(lambda n: f"nguyen-van-thu-{n}")
    position = "Phó Chủ tịch Ủy ban nhân dân tỉnh"

    class Meta:
        model = LeaderPage


class SchedulePageFactory(PublishedPageFactory):
    title = "Lịch công tác"
    slug = "lich-cong-tac"

    class Meta:
        model = SchedulePage


class PressIndexPageFactory(PublishedPageFactory):
    title = "Báo chí"
    slug = "hop-bao"

    class Meta:
        model = PressIndexPage


class PressReleasePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Thông cáo báo chí số {n}")
    slug = factory.Sequence(lambda n: f"thong-cao-{n}")

    class Meta:
        model = PressReleasePage


class PressConferencePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Họp báo thường kỳ {n}")
    slug = factory.Sequence(lambda n: f"hop-bao-{n}")
    place = "Hội trường Văn phòng Ủy ban nhân dân tỉnh"
    topics = "Tình hình kinh tế - xã hội"
    start = factory.LazyFunction(
        lambda: datetime.datetime(2026, 12, 4, 15, 0, tzinfo=VIETNAM)
    )

    class Meta:
        model = PressConferencePage


@pytest.fixture
def leadership(portal):
    """The test portal's leaders list, schedule and press page, with one leader."""
    body = PublicBodyFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    index = LeaderIndexPageFactory(parent=portal.home)
    chairman = LeaderPageFactory(
        parent=index,
        title="Hoàng Văn Chủ",
        slug="hoang-van-chu",
        position="Chủ tịch Ủy ban nhân dân tỉnh",
        public_body=body,
        order=1,
        phone="0221 3863 001",
        email="chutich@example.vn",
        responsibilities="<p>Phụ trách chung, quy hoạch và ngân sách.</p>",
    )
    return SimpleNamespace(
        portal=portal,
        body=body,
        index=index,
        chairman=chairman,
        schedule=SchedulePageFactory(parent=portal.home),
        press=PressIndexPageFactory(parent=portal.home),
    )


def add_week(schedule, monday=None, entries=()):
    """A week of `schedule` (this week by default) with entries given as dicts of
    ScheduleEntry fields; `day` is the offset from Monday."""
    monday = monday or monday_of(localdate())
    week = ScheduleWeek.objects.create(schedule=schedule, monday=monday)
    for order, fields in enumerate(entries):
        fields = dict(fields)
        day = fields.pop("day", 0)
        ScheduleEntry.objects.create(
            week=week,
            sort_order=order,
            date=monday + datetime.timedelta(days=day),
            start_time=fields.pop("start_time", datetime.time(8, 0)),
            **fields,
        )
    return week
