from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payvand.errors import InputError
from payvand.text.jalali import (
    TEHRAN,
    Calendar,
    find_dates,
    gregorian_to_jalali,
    hijri_to_gregorian,
    jalali_to_gregorian,
    parse_date,
)

# Jalali -> Gregorian, including the leap-year edges of Esfand.
CONVERSIONS = [
    ((1400, 10, 28), date(2022, 1, 18)),  # the seed's publication date
    ((1402, 2, 20), date(2023, 5, 10)),
    ((1403, 1, 1), date(2024, 3, 20)),  # Nowruz 1403
    ((1403, 12, 30), date(2025, 3, 20)),  # Esfand 30 in the leap year 1403
    ((1399, 12, 30), date(2021, 3, 20)),  # Esfand 30 in the leap year 1399
    ((1374, 1, 1), date(1995, 3, 21)),
]


@pytest.mark.parametrize(("jalali", "gregorian"), CONVERSIONS)
def test_jalali_to_gregorian(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert gregorian_to_jalali(gregorian) == jalali


def test_esfand_30_in_a_common_year_is_rejected() -> None:
    with pytest.raises(InputError, match="1404/12/30 is not a Jalali date"):
        jalali_to_gregorian(1404, 12, 30)


@given(st.dates(min_value=date(1921, 3, 21), max_value=date(2121, 3, 20)))
def test_round_trip_over_the_supported_range(day: date) -> None:
    assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day


PHRASES = [
    # the seed's header: Jalali with Persian digits and a time; Tehran was at +03:30 in January 2022
    ("۲۸ دی ۱۴۰۰ - ۱۰:۵۸", datetime(2022, 1, 18, 10, 58, tzinfo=TEHRAN)),
    ("تاریخ انتشار : ۲۸ دی ۱۴۰۰ - ۱۰:۵۸", datetime(2022, 1, 18, 10, 58, tzinfo=TEHRAN)),
    ("1400/10/28", date(2022, 1, 18)),  # numeric Jalali
    ("۱۴۰۲/۰۲/۲۰", date(2023, 5, 10)),
    ("20/02/1402", date(2023, 5, 10)),  # day first
    ("سه‌شنبه ۲ خرداد ۱۴۰۲ ساعت ۱۰:۱۵", datetime(2023, 5, 23, 10, 15, tzinfo=TEHRAN)),
    ("۱۸ دی‌ماه ۱۴۰۱", date(2023, 1, 8)),
    ("۱۵ رمضان ۱۴۲۴", date(2003, 11, 10)),  # Hijri-lunar, tabular calendar
    ("January 18, 2022", date(2022, 1, 18)),
    # Gregorian day first, as European and Russian sites print it
    ("20.10.2016", date(2016, 10, 20)),
    ("05-02-2021", date(2021, 2, 5)),
    ("20/10/2016", date(2016, 10, 20)),  # a slashed one only when the day cannot be a month
    ("18 Jan 2022 - 10:58", datetime(2022, 1, 18, 10, 58, tzinfo=TEHRAN)),
    ("Tuesday, May 23, 2023 at 10:15 AM", datetime(2023, 5, 23, 10, 15, tzinfo=TEHRAN)),
    ("2023-05-10", date(2023, 5, 10)),
    (
        "2022-01-18T10:58:00+03:30",
        datetime(2022, 1, 18, 10, 58, tzinfo=timezone(timedelta(hours=3, minutes=30))),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_tehran_offset_follows_the_tz_database() -> None:
    # Iran kept daylight saving until 2022 and dropped it from 2023.
    summer_2021 = parse_date("۱۰ تیر ۱۴۰۰ - ۱۲:۰۰")
    summer_2023 = parse_date("۱۰ تیر ۱۴۰۲ - ۱۲:۰۰")
    assert isinstance(summer_2021, datetime)
    assert isinstance(summer_2023, datetime)
    assert summer_2021.utcoffset() == timedelta(hours=4, minutes=30)
    assert summer_2023.utcoffset() == timedelta(hours=3, minutes=30)


@pytest.mark.parametrize("text", ["10/11/2016", "v1.10.2016", "31.02.2016"])
def test_ambiguous_or_impossible_numeric_dates_are_no_dates(text: str) -> None:
    assert find_dates(text) == []


def test_a_date_without_a_year_is_not_a_date() -> None:
    assert find_dates("روز ۲۸ دی‌ماه برگزار شد") == []


def test_find_dates_gives_positions_and_calendar() -> None:
    text = "نشست در ۲۸ دی ۱۴۰۰ و دیدار در January 5, 2023 برگزار شد"
    found = find_dates(text)
    assert [(text[m.start : m.end], m.calendar) for m in found] == [
        ("۲۸ دی ۱۴۰۰", Calendar.JALALI),
        ("January 5, 2023", Calendar.GREGORIAN),
    ]
    assert found[0].time is None
    assert found[0].to_datetime() == date(2022, 1, 18)


def test_parse_date_names_the_bad_text() -> None:
    with pytest.raises(InputError, match="'دیروز' is not a date"):
        parse_date("دیروز")


def test_hijri_month_bounds() -> None:
    with pytest.raises(InputError):
        hijri_to_gregorian(1445, 13, 1)


def test_time_of_day_is_kept() -> None:
    match = find_dates("۲۸ دی ۱۴۰۰ - ۱۰:۵۸")[0]
    assert match.time == time(10, 58)


def test_a_time_in_gmt_or_utc_keeps_its_zone() -> None:
    (updated,) = find_dates("Updated: Jan 12, 2023 10:30 GMT")
    assert updated.to_datetime() == datetime(2023, 1, 12, 10, 30, tzinfo=UTC)
    (printed,) = find_dates("۲۸ دی ۱۴۰۰ - ۱۰:۵۸")  # no zone written: Tehran's
    assert printed.to_datetime() == datetime(2022, 1, 18, 10, 58, tzinfo=TEHRAN)
