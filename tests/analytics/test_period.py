"""Period bounds: Gregorian and Jalali days, months and years; whole periods as FROM..TO."""

from __future__ import annotations

from datetime import date

import pytest

from payvand.analytics.period import Period, parse_bound, parse_period, parse_period_range
from payvand.errors import InputError


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2022-01-18", False, date(2022, 1, 18)),  # ISO day
        ("2022-01-18T10:58:00+03:30", False, date(2022, 1, 18)),  # ISO date-time: its day
        ("1400/10/28", False, date(2022, 1, 18)),  # Jalali day, numeric
        ("۱۴۰۰/۱۰/۲۸", False, date(2022, 1, 18)),  # Jalali day, Persian digits
        ("1400-10-28", False, date(2022, 1, 18)),  # Jalali day with dashes (a year below 1700)
        ("1400-01-01", True, date(2021, 3, 21)),  # 1 Farvardin 1400, as a start or an end
        ("۱۳۹۹-۱۲-۳۰", False, date(2021, 3, 20)),  # Esfand 30 of a leap year, Persian digits
        ("۲۸ دی ۱۴۰۰", False, date(2022, 1, 18)),  # Jalali day, month name
        ("2022", False, date(2022, 1, 1)),  # Gregorian year as a start
        ("2022", True, date(2022, 12, 31)),  # and as an end
        ("2024-02", True, date(2024, 2, 29)),  # Gregorian month, leap year
        ("1400", False, date(2021, 3, 21)),  # Jalali year: 1 Farvardin 1400
        ("1400", True, date(2022, 3, 20)),  # to 29 Esfand 1400 (a common year)
        ("1399", True, date(2021, 3, 20)),  # 30 Esfand 1399 (a leap year)
        ("1400/10", False, date(2021, 12, 22)),  # 1 Dey 1400
        ("1400/10", True, date(2022, 1, 20)),  # 30 Dey 1400
        ("1401/06", True, date(2022, 9, 22)),  # 31 Shahrivar 1401
    ],
)
def test_bounds(text: str, end: bool, expected: date) -> None:
    assert parse_bound(text, end=end) == expected


@pytest.mark.parametrize(
    "text", ["garbage", "2022-13", "1400/13", "", "1400-12-30", "1400-13-01", "1400-01/01"]
)
def test_bad_bounds_name_the_field(text: str) -> None:
    with pytest.raises(InputError, match="field 'to'"):
        parse_bound(text or " ", field="to")


def test_a_period_contains_its_ends_and_not_unknown_days() -> None:
    period = parse_period("2022", "2022")
    assert period == Period(date(2022, 1, 1), date(2022, 12, 31))
    assert period.contains(date(2022, 1, 1))
    assert period.contains(date(2022, 12, 31))
    assert not period.contains(date(2023, 1, 1))
    assert not period.contains(None)
    assert Period().contains(None)


def test_ranges() -> None:
    assert parse_period_range("2021..2022", field="a") == Period(
        date(2021, 1, 1), date(2022, 12, 31)
    )
    assert parse_period_range("..1400", field="a") == Period(None, date(2022, 3, 20))
    assert parse_period_range("1401", field="a") == Period(date(2022, 3, 21), date(2023, 3, 20))


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InputError, match="swap"):
        parse_period("2023", "2022")
