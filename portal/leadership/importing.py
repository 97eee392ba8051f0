"""A week (or several) of the work schedule from a spreadsheet, through the
portal's import framework (portal.core.importing): the same rows, checks, dry run
and "row N: column: reason" report as the other imports.

Columns (CSV in UTF-8 or the first sheet of an XLSX file, one entry a row)::

    ngay            date, dd/mm/yyyy (required)
    bat_dau         start, 8:00, 08h00 or 14h30 (required)
    ket_thuc        end, same forms (optional)
    lanh_dao        the leader's name as on their page; empty: the whole leadership
    noi_dung        what the engagement is (required)
    dia_diem        place
    thanh_phan      participants
    chu_tri         who chairs it
    don_vi_chuan_bi the unit that prepares it

An entry is known by its schedule, day, start and leader: the same row imported
again is unchanged, a row with new content updates it.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from portal.core.importing import (
    Importer,
    ImportRecords,
    RowError,
    RowInvalid,
    parse_date,
    parse_time,
)
from search.text import fold

from .models import LeaderPage, ScheduleEntry, SchedulePage, ScheduleWeek
from .weeks import monday_of

COLUMNS = (
    "ngay",
    "bat_dau",
    "ket_thuc",
    "lanh_dao",
    "noi_dung",
    "dia_diem",
    "thanh_phan",
    "chu_tri",
    "don_vi_chuan_bi",
)
REQUIRED = ("ngay", "bat_dau", "noi_dung")


@dataclass(frozen=True)
class EntryData:
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time | None
    leader_id: int | None
    content: str
    place: str
    participants: str
    host: str
    preparing_unit: str


class ScheduleImporter(Importer):
    kind = "leadership.schedule"
    columns = COLUMNS
    required_columns = REQUIRED
    key_column = "bat_dau"
    batch_size = 200

    def __init__(self, schedule: SchedulePage, **options):
        super().__init__(**options)
        self.schedule = schedule
        self.records = ImportRecords(self.kind, ScheduleEntry)
        self.leaders = self._leaders_by_name()
        self._weeks: dict[datetime.date, ScheduleWeek] = {}

    def _leaders_by_name(self) -> dict[str, int]:
        """The leaders of the schedule's site, by folded name."""
        site = self.schedule.get_site()
        pages = LeaderPage.objects.all()
        if site is not None:
            pages = pages.descendant_of(site.root_page)
        return {fold(title): pk for pk, title in pages.values_list("pk", "title")}

    def clean(self, row: int, raw: dict[str, Any]) -> EntryData:
        values = {name: str(raw.get(name) or "").strip() for name in COLUMNS}
        errors: list[RowError] = []

        def check(column, reader):
            try:
                return reader(values[column]) if values[column] else None
            except ValueError as error:
                errors.append(RowError(row, column, str(error)))
                return None

        for column in REQUIRED:
            if not values[column]:
                errors.append(RowError(row, column, _("is required")))
        day = check("ngay", partial(parse_date, iso=True))
        start = check("bat_dau", parse_time)
        end = check("ket_thuc", parse_time)
        if start and end and end <= start:
            errors.append(
                RowError(row, "ket_thuc", _("The end must be after the start."))
            )
        leader_id = None
        if values["lanh_dao"]:
            leader_id = self.leaders.get(fold(values["lanh_dao"]))
            if leader_id is None:
                errors.append(
                    RowError(
                        row,
                        "lanh_dao",
                        _("no leader page is named “%(name)s”")
                        % {"name": values["lanh_dao"]},
                    )
                )
        if errors:
            raise RowInvalid(errors)
        return EntryData(
            date=day,
            start_time=start,
            end_time=end,
            leader_id=leader_id,
            content=values["noi_dung"],
            place=values["dia_diem"],
            participants=values["thanh_phan"],
            host=values["chu_tri"],
            preparing_unit=values["don_vi_chuan_bi"],
        )

    def key(self, data: EntryData) -> str:
        return (
            f"{self.schedule.pk}|{data.date.isoformat()}|"
            f"{data.start_time:%H:%M}|{data.leader_id or '*'}"
        )

    def display_key(self, data: EntryData) -> str:
        return f"{data.date:%d/%m/%Y} {data.start_time:%H:%M}"

    def stored_fingerprints(self, keys: list[str]) -> dict[str, str]:
        return self.records.fingerprints(keys)

    def existing_keys(self):
        """Entries of this schedule an import made (for --full)."""
        from portal.core.models import ImportRecord

        return (
            ImportRecord.objects.filter(
                kind=self.kind, key__startswith=f"{self.schedule.pk}|"
            )
            .values_list("key", flat=True)
            .iterator()
        )

    def week_for(self, day: datetime.date) -> ScheduleWeek:
        monday = monday_of(day)
        if monday not in self._weeks:
            self._weeks[monday], _created = ScheduleWeek.objects.get_or_create(
                schedule=self.schedule, monday=monday
            )
        return self._weeks[monday]

    def build(self, row: int, data: EntryData, fingerprint: str):
        entry = (
            ScheduleEntry.objects.filter(
                week__schedule=self.schedule,
                date=data.date,
                start_time=data.start_time,
                leader_id=data.leader_id,
            ).first()
            or ScheduleEntry()
        )
        for name, value in asdict(data).items():
            setattr(entry, name, value)
        entry.week = self.week_for(data.date)
        return entry, self.key(data), fingerprint

    def save(self, row: int, built) -> str:
        entry, key, digest = built
        outcome = "updated" if entry.pk else "created"
        entry.full_clean(exclude=["week", "leader"])
        entry.save()
        self.records.store(key, digest, entry.pk)
        return outcome

    def after_batch(self) -> None:
        # A rolled-back dry run took the weeks it made with it.
        if self.dry_run:
            self._weeks.clear()
