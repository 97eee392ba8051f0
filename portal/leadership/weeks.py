"""ISO weeks as the schedule's addresses say them: ``?tuan=2026-W49``."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    """Monday to Sunday."""

    monday: datetime.date

    @classmethod
    def containing(cls, day: datetime.date) -> Week:
        return cls(monday_of(day))

    @classmethod
    def parse(cls, value: str | None, default: datetime.date) -> Week | None:
        """The week `value` names (2026-W49), the week of `default` when empty,
        None when it names no week."""
        if not value:
            return cls.containing(default)
        match = _WEEK.match(value.strip())
        if match is None:
            return None
        year, number = int(match[1]), int(match[2])
        try:
            return cls(datetime.date.fromisocalendar(year, number, 1))
        except ValueError:
            return None

    @property
    def days(self) -> list[datetime.date]:
        return [self.monday + datetime.timedelta(days=n) for n in range(7)]

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def slug(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def shifted(self, weeks: int) -> Week:
        return Week(self.monday + datetime.timedelta(weeks=weeks))

    def __contains__(self, day: datetime.date) -> bool:
        return self.monday <= day <= self.sunday
