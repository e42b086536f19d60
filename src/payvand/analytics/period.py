"""Periods of time for the views: bounds given as Gregorian or Jalali dates, years or months.

A bound is a full date (``2022-01-18``, ``1400/10/28``, or a Jalali date with the month's
Persian name, as :func:`payvand.text.jalali.parse_date` reads it), a month (``2022-01``,
``1400/10``) or a year (``2022``, ``1400``). Years below 1700 are Jalali. A month or a year as
the start of a period means its first day, as the end its last day. ``2021..2022`` or
``1399..1400/06`` write a whole period in one string (for ``compare``); either side may be empty.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from payvand.errors import InputError
from payvand.text.jalali import jalali_to_gregorian, parse_date
from payvand.text.normalise import ascii_digits

_FIRST_GREGORIAN_YEAR = 1700
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_DAY = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")


def _jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    try:
        jalali_to_gregorian(year, 12, 30)
    except InputError:
        return 29
    return 30


def parse_bound(text: str, *, end: bool = False, field: str = "from") -> date:
    """The first (or, with ``end``, the last) day that ``text`` names; InputError if none."""
    value = ascii_digits(text.strip())
    year_match = _YEAR.fullmatch(value)
    month_match = _MONTH.fullmatch(value)
    try:
        if year_match:
            year = int(year_match.group(1))
            if year >= _FIRST_GREGORIAN_YEAR:
                return date(year, 12, 31) if end else date(year, 1, 1)
            if end:
                return jalali_to_gregorian(year, 12, _jalali_month_length(year, 12))
            return jalali_to_gregorian(year, 1, 1)
        day_match = _DAY.fullmatch(value)
        if day_match and int(day_match.group(1)) < _FIRST_GREGORIAN_YEAR:
            # 1400-01-01 and 1400/01/01 alike are Jalali, as a year or a month below 1700 is
            year, month, day = (int(day_match.group(i)) for i in (1, 3, 4))
            return jalali_to_gregorian(year, month, day)
        if month_match:
            year, month = int(month_match.group(1)), int(month_match.group(2))
            if year >= _FIRST_GREGORIAN_YEAR:
                last = calendar.monthrange(year, month)[1]
                return date(year, month, last if end else 1)
            if not 1 <= month <= 12:
                raise ValueError(f"there is no month {month}")
            day = _jalali_month_length(year, month) if end else 1
            return jalali_to_gregorian(year, month, day)
        parsed = parse_date(text)
    except (InputError, ValueError) as err:
        raise InputError(
            f"'{text}' is not a date: give a Gregorian or Jalali date (2022-01-18, 1400/10/28), "
            "a month (2022-01, 1400/10) or a year (2022, 1400)",
            field=field,
        ) from err
    return parsed.date() if isinstance(parsed, datetime) else parsed


@dataclass(frozen=True, slots=True)
class Period:
    """The days from ``start`` to ``end``, both included; an open side is unbounded."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise InputError(
                f"the period starts ({self.start}) after it ends ({self.end}); swap the dates"
            )

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def contains(self, day: date | None) -> bool:
        """Whether ``day`` falls in the period; an unknown day falls only in the open period."""
        if not self.bounded:
            return True
        if day is None:
            return False
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day > self.end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else ""
        return f"{start}..{self.end.isoformat() if self.end else ''}"


def parse_period(
    start: str | None = None, end: str | None = None, *, field: str = "from"
) -> Period:
    """The period from two optional bounds (the ``from`` and ``to`` of a request)."""
    return Period(
        parse_bound(start, field=field) if start else None,
        parse_bound(end, end=True, field="to" if field == "from" else field) if end else None,
    )


def parse_period_range(text: str, *, field: str) -> Period:
    """A period written as one string: ``FROM..TO`` (either side may be empty), or one year,
    month or day, which stands for all of it."""
    if ".." in text:
        start, _, end = text.partition("..")
        return parse_period(start.strip() or None, end.strip() or None, field=field)
    if not text.strip():
        raise InputError(
            "the period is empty: give FROM..TO, a year, a month or a day", field=field
        )
    return Period(parse_bound(text, field=field), parse_bound(text, end=True, field=field))
