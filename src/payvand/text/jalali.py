"""Dates in Persian and English news: Jalali, Hijri-lunar and Gregorian, to ISO 8601.

Persian dates are read in the Solar Hijri (Jalali) calendar, written with month names
(«۲۸ دی ۱۴۰۰ - ۱۰:۵۸») or numerically («1400/10/28»); Hijri-lunar dates («۱۵ رمضان ۱۴۲۴») are
read with the tabular Islamic calendar (the observed calendar may differ by a day). Times without a
zone are Tehran time, resolved through the tz database (Iran kept daylight saving until 2022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

import jdatetime

from payvand.errors import InputError
from payvand.text import lexicon
from payvand.text.normalise import ascii_digits

TEHRAN = ZoneInfo("Asia/Tehran")
# The range over which conversions are supported and tested: 1300-01-01 SH to 1500-12-29 SH.
FIRST_JALALI_YEAR = 1300
LAST_JALALI_YEAR = 1500


class Calendar(StrEnum):
    JALALI = "jalali"
    HIJRI = "hijri"
    GREGORIAN = "gregorian"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text, with its position and, when given, the time of day."""

    start: int
    end: int
    day: date
    time: time | None
    calendar: Calendar

    def to_datetime(self, tz: ZoneInfo = TEHRAN) -> datetime | date:
        """An aware datetime when the text gave a time, else the bare date."""
        if self.time is None:
            return self.day
        return datetime.combine(self.day, self.time, tzinfo=self.time.tzinfo or tz)


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali date; InputError if no such day exists."""
    try:
        return jdatetime.date(year, month, day).togregorian()  # type: ignore[no-any-return]
    except ValueError as err:
        raise InputError(f"{year}/{month:02d}/{day:02d} is not a Jalali date: {err}") from err


def gregorian_to_jalali(day: date) -> tuple[int, int, int]:
    """The Jalali (year, month, day) of a Gregorian date."""
    jalali = jdatetime.date.fromgregorian(date=day)
    return int(jalali.year), int(jalali.month), int(jalali.day)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hijri-lunar date by the tabular (arithmetic) Islamic calendar."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        raise InputError(f"{year}/{month:02d}/{day:02d} is not a Hijri-lunar date")
    julian_day = (
        day
        + (295 * (month - 1) + 9) // 10  # ceil(29.5 * (month - 1))
        + 354 * (year - 1)
        + (3 + 11 * year) // 30
        + 1948439
        - 1
    )
    return date.fromordinal(julian_day - 1721424)


def _alt(words: dict[str, int] | frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_SAAT = "\u0633\u0627\u0639\u062a"  # «ساعت», o'clock
_TIME = (
    rf"(?:\s*(?:[-\u2013\u060c,|/]|{_SAAT}|at)?\s*(?P<hour>\d{{1,2}})[:\uff1a](?P<minute>\d{{2}})"
    r"(?::\d{2})?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?(?:\s*(?P<zone>GMT|UTC)\b)?)?"
)
_ZWNJ = "\u200c"
_MAH = "\u0645\u0627\u0647"  # «ماه», month
_SAL = "\u0633\u0627\u0644"  # «سال», year
_SHAMSI = "\u0634\u0645\u0633\u06cc"  # «شمسی», solar
_JALALI_WORDS = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?:{_ZWNJ}?\u0627\u0645)?\s+(?P<month>{_alt(lexicon.JALALI_MONTHS)})"
    rf"(?:[ {_ZWNJ}]?{_MAH})?\s*(?:{_SAL}\s*)?(?P<year>\d{{4}})(?!\d)"
    rf"(?:\s*(?:\u0647\u0640?\.?\s*\u0634\.?|{_SHAMSI}))?" + _TIME,
    re.IGNORECASE,
)
_HIJRI_WORDS = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_alt(lexicon.HIJRI_MONTHS)})\s*(?P<year>1[34]\d\d)(?!\d)"
)
_GREGORIAN_FA_WORDS = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_alt(lexicon.GREGORIAN_MONTHS_FA)})\s*(?:\u0633\u0627\u0644\s*)?(?P<year>(?:19|20)\d\d)(?!\d)"
)
_NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<year>\d{4})(?P<sep>[/\-.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/])"
    r"(?:(?:T|\s*[-\u2013\u060c,|]?\s*)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<tz>Z|[+\-]\d{2}:?\d{2})?)?"
)
_NUMERIC_DAY_FIRST = re.compile(
    r"(?<![\d/.\-])(?P<day>\d{1,2})(?P<sep>[/\-.])(?P<month>\d{1,2})(?P=sep)(?P<year>1[34]\d\d)(?![\d/])"
    + _TIME
)
# «20.10.2016», «05-02-2021», «20/10/2016»: a Gregorian day before its month, as European and
# Russian sites print it (a slashed date only when its day is above 12: month-first is as likely).
_NUMERIC_GREGORIAN_DAY_FIRST = re.compile(
    r"(?<![\w/.\-])(?P<day>\d{1,2})(?P<sep>[.\-])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d\d)(?![\d/.])"
    r"|(?<![\w/.\-])(?P<sday>1[3-9]|2\d|3[01])/(?P<smonth>\d{1,2})/"
    r"(?P<syear>(?:19|20)\d\d)(?![\d/.])"
)
_ENGLISH_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{_alt(lexicon.GREGORIAN_MONTHS_EN)})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"
    + _TIME,
    re.IGNORECASE,
)
_ENGLISH_DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_alt(lexicon.GREGORIAN_MONTHS_EN)})\.?,?\s+(?P<year>(?:19|20)\d\d)\b"
    + _TIME,
    re.IGNORECASE,
)


def _clock(match: re.Match[str]) -> time | None:
    hour_text = match.groupdict().get("hour")
    if hour_text is None:
        return None
    hour, minute = int(hour_text), int(match.group("minute"))
    ampm = (match.groupdict().get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    if match.groupdict().get("zone"):
        return time(hour, minute, tzinfo=UTC)  # "10:30 GMT": a time of its own zone
    return time(hour, minute)


# Every date pattern above holds a year of four digits in a row: a text without one has no date.
_YEAR_DIGITS = re.compile(r"\d{4}")


def find_dates(text: str) -> list[DateMatch]:
    """Every date expression in ``text`` (display or ASCII digits), in order of position.

    Impossible dates («۳۰ اسفند ۱۴۰۱», a common year) are skipped, not guessed.
    """
    if not _YEAR_DIGITS.search(text):
        return []  # every date pattern has a year of four digits
    digits = ascii_digits(text)  # one character for one: offsets stay valid
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], day: date, calendar: Calendar, clock: time | None) -> None:
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            return
        taken.append((start, end))
        found.append(DateMatch(start, end, day, clock, calendar))

    for match in _JALALI_WORDS.finditer(digits):
        year = int(match.group("year"))
        month = lexicon.JALALI_MONTHS[match.group("month")]
        if not FIRST_JALALI_YEAR <= year <= LAST_JALALI_YEAR:
            continue
        try:
            day = jalali_to_gregorian(year, month, int(match.group("day")))
        except InputError:
            continue
        add(match, day, Calendar.JALALI, _clock(match))
    for match in _HIJRI_WORDS.finditer(digits):
        try:
            day = hijri_to_gregorian(
                int(match.group("year")),
                lexicon.HIJRI_MONTHS[match.group("month")],
                int(match.group("day")),
            )
        except InputError:
            continue
        add(match, day, Calendar.HIJRI, None)
    for match in _GREGORIAN_FA_WORDS.finditer(digits):
        month = lexicon.GREGORIAN_MONTHS_FA[match.group("month")]
        try:
            day = date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            continue
        add(match, day, Calendar.GREGORIAN, None)
    for pattern in (_NUMERIC, _NUMERIC_DAY_FIRST):
        for match in pattern.finditer(digits):
            year, month_n, day_n = (
                int(match.group("year")),
                int(match.group("month")),
                int(match.group("day")),
            )
            try:
                if FIRST_JALALI_YEAR <= year <= LAST_JALALI_YEAR:
                    add(
                        match,
                        jalali_to_gregorian(year, month_n, day_n),
                        Calendar.JALALI,
                        _clock(match),
                    )
                elif 1900 <= year <= 2100:
                    add(match, date(year, month_n, day_n), Calendar.GREGORIAN, _clock(match))
            except (InputError, ValueError):
                continue
    for match in _NUMERIC_GREGORIAN_DAY_FIRST.finditer(digits):
        parts = [match.group(n) or match.group("s" + n) for n in ("year", "month", "day")]
        try:
            add(match, date(*map(int, parts)), Calendar.GREGORIAN, None)
        except ValueError:
            continue
    for pattern in (_ENGLISH_MONTH_FIRST, _ENGLISH_DAY_FIRST):
        for match in pattern.finditer(digits):
            month = lexicon.GREGORIAN_MONTHS_EN[match.group("month").lower()]
            try:
                day = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            add(match, day, Calendar.GREGORIAN, _clock(match))
    found.sort(key=lambda m: m.start)
    return found


def parse_date(text: str, *, tz: ZoneInfo = TEHRAN) -> datetime | date:
    """The one date ``text`` holds (an ISO 8601 string, a Jalali or English date phrase).

    Returns an aware datetime when a time is given, else a date. Raises InputError, naming the
    text, when there is no date in it.
    """
    stripped = ascii_digits(text.strip())
    try:
        parsed = datetime.fromisoformat(stripped.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        if len(stripped) <= 10:
            return parsed.date()
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    found = find_dates(text)
    if not found:
        raise InputError(
            f"'{text}' is not a date: give ISO 8601 (2022-01-18T10:58:00+03:30), a Jalali date "
            "(۲۸ دی ۱۴۰۰ - ۱۰:۵۸ or 1400/10/28) or an English date (January 18, 2022)"
        )
    return found[0].to_datetime(tz)
