"""Dates and times as people type them in a spreadsheet's cells, read the same way
by every import. A value that cannot be read raises ValueError with a message the
row report shows as is."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{1,2})\s*(?:[:hHgG]\s*(\d{2})?)?(?:\s*(?:phút|p))?")
_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")


def parse_date(value: str, *, iso: bool = False) -> datetime.date:
    """A day written dd/mm/yyyy (as the readers give an Excel date, too); with
    `iso`, yyyy-mm-dd as well."""
    text = value.strip()
    if match := _DAY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif iso and (match := _ISO_DAY.fullmatch(text)):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(
            _("expected a date as dd/mm/yyyy, got “%(value)s”") % {"value": value}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a real date") % {"value": value}
        ) from None


def parse_time(value: str) -> datetime.time:
    """8:00, 08h00, 8h, 14g30, and the 08:00:00 a spreadsheet cell may give."""
    text = value.strip()
    if _SECONDS.fullmatch(text):
        text = text[:-3]
    match = _TIME.fullmatch(text)
    hour = int(match[1]) if match else 99
    minute = int(match[2] or 0) if match else 0
    if hour > 23 or minute > 59:
        raise ValueError(
            _("expected a time such as 8:00 or 14h30, got “%(value)s”")
            % {"value": value}
        )
    return datetime.time(hour, minute)
