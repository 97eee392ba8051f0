"""An iCalendar (RFC 5545) feed of schedule entries, written by hand: the format
is small, and the kit needs only VEVENTs in one fixed-offset time zone.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character; TEXT values escape backslash, semicolon, comma and newline (3.3.11);
times are local to Asia/Ho_Chi_Minh, declared once in a VTIMEZONE (Việt Nam has
kept UTC+7 without daylight saving since 1975)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

TZID = "Asia/Ho_Chi_Minh"
PRODID = "-//Portal kit//Lich cong tac//VI"
FOLD_OCTETS = 75

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, each continuation
    starting with one space (RFC 5545 3.1), never inside a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = [], 0, FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            # The leading space of a continuation line counts towards its 75.
            current, size, limit = [], 0, FOLD_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _local(day: datetime.date, time: datetime.time) -> str:
    return datetime.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def event_lines(entry, host: str, stamp: str) -> list[str]:
    summary = entry.content.strip().splitlines()[0] if entry.content.strip() else ""
    details = [entry.content.strip()]
    if entry.leader_id:
        details.append(_("Leader: %(name)s") % {"name": entry.leader.title})
    if entry.host:
        details.append(_("Chaired by: %(name)s") % {"name": entry.host})
    if entry.participants:
        details.append(_("Participants: %(names)s") % {"names": entry.participants})
    if entry.preparing_unit:
        details.append(_("Prepared by: %(unit)s") % {"unit": entry.preparing_unit})
    lines = [
        "BEGIN:VEVENT",
        f"UID:lich-cong-tac-{entry.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={TZID}:{_local(entry.date, entry.start_time)}",
    ]
    if entry.end_time:
        lines.append(f"DTEND;TZID={TZID}:{_local(entry.date, entry.end_time)}")
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if entry.place:
        lines.append(f"LOCATION:{escape_text(entry.place)}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(details))}")
    lines.append("END:VEVENT")
    return lines


def calendar(entries: Iterable, *, name: str, host: str) -> str:
    """The VCALENDAR text of `entries` (ScheduleEntry with their leader)."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for entry in entries:
        lines += event_lines(entry, host, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
