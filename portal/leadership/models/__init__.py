"""Leaders, their weekly work schedule (lịch công tác), the spokesperson and the
press (thông cáo báo chí, họp báo): what Decree 42/2022/NĐ-CP asks a portal to
publish about who leads and how they speak to the public."""

from .leaders import LeaderIndexPage, LeaderPage
from .press import (
    PressConferenceAttachment,
    PressConferencePage,
    PressIndexPage,
    PressReleaseAttachment,
    PressReleasePage,
)
from .schedule import ScheduleEntry, SchedulePage, ScheduleWeek

__all__ = [
    "LeaderIndexPage",
    "LeaderPage",
    "PressConferenceAttachment",
    "PressConferencePage",
    "PressIndexPage",
    "PressReleaseAttachment",
    "PressReleasePage",
    "ScheduleEntry",
    "SchedulePage",
    "ScheduleWeek",
]
