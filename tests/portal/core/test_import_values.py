"""Dates and times as people type them in an import's cells (portal.core.importing),
read alike by the legal-document and the schedule imports."""

import datetime

import pytest

from portal.core.importing import parse_date, parse_time


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("05/03/2024", datetime.date(2024, 3, 5)),
        ("5/3/2024", datetime.date(2024, 3, 5)),
        (" 31/12/2019 ", datetime.date(2019, 12, 31)),
    ],
)
def test_dates_as_dd_mm_yyyy(text, day):
    assert parse_date(text) == day
    assert parse_date(text, iso=True) == day


def test_iso_dates_only_where_asked():
    assert parse_date("2024-03-05", iso=True) == datetime.date(2024, 3, 5)
    with pytest.raises(ValueError, match="dd/mm/yyyy.*“2024-03-05”"):
        parse_date("2024-03-05")


@pytest.mark.parametrize("text", ["05-03-2024", "5/3/24", "mùng 5 tháng 3", ""])
def test_other_spellings_say_the_expected_form(text):
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_date(text, iso=True)


@pytest.mark.parametrize("text", ["31/02/2024", "2024-13-01"])
def test_days_that_do_not_exist_are_named(text):
    with pytest.raises(ValueError, match=f"“{text}” không phải là ngày có thật"):
        parse_date(text, iso=True)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("8:00", datetime.time(8, 0)),
        ("08h30", datetime.time(8, 30)),
        ("14h", datetime.time(14, 0)),
        ("14g30", datetime.time(14, 30)),
        ("07:30:00", datetime.time(7, 30)),
    ],
)
def test_times_as_people_write_them(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["25:00", "8:75", "9 giờ", "sáng", ""])
def test_times_that_cannot_be_read_say_the_expected_form(text):
    with pytest.raises(ValueError, match="8:00 hoặc 14h30"):
        parse_time(text)
