"""Dates and date-times in every form ledgers hold them.

Real date cells arrive as date/datetime. Text arrives as typed: 2022-11-15, 2022/11/15,
2022.11.15, 2022年11月15日, 20221115, 11月15日 (no year: a warning, read in the reference
year), with a time such as 8:30, 08:30:00, 8时30分, 下午3点. A number is either an Excel
serial in a General cell (a warning, read as that day) or a decimal such as 11.1 - which
Excel made out of "11.10" or "11.1": the day can no longer be known, so it is an error.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from xiyuan.checks.fields import NO_RULES, Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import half_width

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EARLIEST_PLAUSIBLE = dt.date(2020, 1, 1)  # no ledger of this epidemic holds an earlier date
FIRST_USABLE, LAST_USABLE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)  # rules add days and years to dates
# Serials of 2000-01-01 .. 2060-12-31: a bare number in that range is a date in a General cell.
_SERIAL_MIN, _SERIAL_MAX = 36526, 58804

_SEP = r"\s*[-/.年]\s*"
_TIME = (
    r"(?:\s*(?P<ampm>上午|下午|晚上|凌晨|中午|早上)?\s*(?P<hour>\d{1,2})\s*[:：时点]\s*"
    r"(?P<minute>\d{1,2})?\s*(?:[:：分]\s*(?P<second>\d{1,2})?\s*秒?)?)?"
)
_FULL = re.compile(rf"(?P<year>\d{{4}}){_SEP}(?P<month>\d{{1,2}}){_SEP.replace('年', '月')}(?P<day>\d{{1,2}})\s*[日号]?\s*[T ]?{_TIME}")
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:\s*(?P<hour>\d{2}):?(?P<minute>\d{2}))?")
_NO_YEAR = re.compile(rf"(?P<month>\d{{1,2}})\s*[-/.月]\s*(?P<day>\d{{1,2}})\s*[日号]?{_TIME}")


def _hour(hour: int, ampm: str | None) -> int:
    if ampm in ("下午", "晚上") and hour < 12:
        return hour + 12
    if ampm == "中午" and hour < 11:
        return hour + 12
    return hour


def _build(year, month, day, hour=None, minute=None, second=None, ampm=None):
    """A date or datetime from matched parts, or None when they name no real day or time."""
    try:
        day_value = dt.date(int(year), int(month), int(day))
        if hour is None:
            return day_value
        return dt.datetime(
            day_value.year, day_value.month, day_value.day,
            _hour(int(hour), ampm), int(minute or 0), int(second or 0),
        )
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def _parse_text(text: str, year: int) -> tuple[object, str | None]:
    """(value, problem code) for a text cell; cached because ledgers repeat dates a lot."""
    text = half_width(text).strip()
    for pattern in (_FULL, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            value = _build(parts["year"], parts["month"], parts["day"], parts.get("hour"),
                           parts.get("minute"), parts.get("second"), parts.get("ampm"))
            return value, None if value is not None else "date.invalid"
    match = _NO_YEAR.fullmatch(text)
    if match:
        parts = match.groupdict()
        value = _build(year, parts["month"], parts["day"], parts["hour"], parts["minute"],
                       parts["second"], parts["ampm"])
        return value, "date.no_year" if value is not None else "date.invalid"
    return None, "date.invalid"


def _nearest_year(value, reference: dt.date):
    """The same month and day in the year before or after, if that is nearer to `reference`."""
    best = value
    for year in (reference.year - 1, reference.year + 1):
        try:
            other = value.replace(year=year)
        except ValueError:  # 29 February
            continue
        if abs((day_of(other) - reference).days) < abs((day_of(best) - reference).days):
            best = other
    return best


def from_serial(serial: float) -> dt.datetime:
    return EXCEL_EPOCH + dt.timedelta(days=serial)


def check(raw: object, rules: Rules | None = None) -> tuple[dt.date | dt.datetime | None, list[Problem]]:
    """Read a date (rules.with_time False) or a date and optional time (True).

    A date written without a year is put in the year that brings it nearest to the day of the
    check (rules.today, default today): on 2023-01-03, "12月29日" means 2022-12-29. With
    rules.today given, a date far from it (before 2020, more than a year ahead) is implausible.

    >>> check("2022年11月15日")
    (datetime.date(2022, 11, 15), [])
    >>> check(11.1)[1][0].code
    'date.decimal'
    >>> value, [problem] = check("12月29日", Rules(today=dt.date(2023, 1, 3)))
    >>> value, problem.code
    (datetime.date(2022, 12, 29), 'date.no_year')
    """
    rules = rules or NO_RULES
    value, problems = _read(raw, rules.with_time, rules.today or dt.date.today())
    day = day_of(value)
    if day is not None and not (FIRST_USABLE <= day <= LAST_USABLE):  # 9999-12-31: no rule can count from it
        return None, problems + [Problem("date.out_of_range", {"read_as": day.isoformat()})]
    if rules.today is not None:
        day = day_of(value)
        latest = rules.today + dt.timedelta(days=366)
        if day is not None and not (EARLIEST_PLAUSIBLE <= day <= latest):
            problems = problems + [Problem("date.implausible", {
                "read_as": day.isoformat(), "earliest": EARLIEST_PLAUSIBLE.isoformat(), "latest": latest.isoformat()})]
    return value, problems


def _read(raw: object, with_time: bool, reference: dt.date) -> tuple[dt.date | dt.datetime | None, list[Problem]]:
    year = reference.year
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    if isinstance(raw, dt.datetime):
        if with_time:
            return raw, []
        return raw.date(), []
    if isinstance(raw, dt.date):
        return raw, []
    if isinstance(raw, dt.time):
        return None, [Problem("date.time_only")]
    if isinstance(raw, bool):
        return None, [Problem("date.invalid")]
    if isinstance(raw, (int, float)):
        number = float(raw)
        if number.is_integer() and 19000101 <= number <= 20991231:
            value, code = _parse_text(str(int(number)), year)
            return (value, []) if value is not None else (None, [Problem(code)])
        if _SERIAL_MIN <= number <= _SERIAL_MAX:
            value = from_serial(number)
            if not with_time or number.is_integer():
                value = value.date()
            return value, [Problem("date.serial", {"read_as": str(value)[:16]})]
        if not number.is_integer() and 1 <= number < 13:
            return None, [Problem("date.decimal")]
        return None, [Problem("date.invalid")]
    value, code = _parse_text(str(raw), year)
    if value is None:
        return None, [Problem(code)]
    if isinstance(value, dt.datetime) and not with_time:
        value = value.date()
    if code == "date.no_year":
        value = _nearest_year(value, reference)
        return value, [Problem(code, {"year": value.year})]
    return value, []


def day_of(value: dt.date | dt.datetime | None) -> dt.date | None:
    """The calendar day of a date or date-time."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    """A date as its midnight, to compare with date-times; a date-time as it is.

    >>> as_datetime(dt.date(2022, 11, 5))
    datetime.datetime(2022, 11, 5, 0, 0)
    """
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)


def has_time(value: object) -> bool:
    return isinstance(value, dt.datetime)


check_many = each(check)
