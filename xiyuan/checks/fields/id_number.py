"""Resident ID numbers (居民身份证号码, GB 11643-1999).

We do the length, character, birth-date and check-character tests ourselves:
`stdnum.cn.ric.validate` rejects valid numbers whose county code is younger than the holder
(most of Jinjiang born before 1992), raises KeyError on some unknown counties and accepts
birth dates in the future. Its area table is used only to warn about unknown area codes.
"""

from __future__ import annotations

import datetime
import functools
import math
import re

from xiyuan.checks.fields import NO_RULES, Rules
from xiyuan.checks.findings import Problem
from xiyuan.text import squash

_SHAPE = re.compile(r"\d{17}[\dX]")

# Province-level prefixes in use (GB/T 2260), plus 81/82/83 for the residence permits of
# Hong Kong, Macao and Taiwan residents, which follow the same format.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)


def checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 over all 18 characters.

    The weights are 2^(17-i) mod 11, and 13 ≡ 2 (mod 11), so reading the number in base 13
    (with X as the base-13 digit A, worth 10) gives the weighted sum mod 11 in one C call.
    A number is valid when that sum is 1.
    """
    return int(number.replace("X", "A"), 13) % 11 == 1


@functools.lru_cache(maxsize=None)
def _birth_date(digits: str) -> datetime.date | None:
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


@functools.lru_cache(maxsize=None)
def area_known(prefix: str) -> bool:
    """Whether the 6-digit area code appears in any edition of the area-code table."""
    if prefix[:2] not in _PROVINCES:
        return False
    if prefix[:2] in ("71", "81", "82", "83"):
        return True
    from stdnum import numdb

    return any(props.get("county") for _, props in numdb.get("cn/loc").info(prefix))


_CHECK_CHARS = frozenset("0123456789X")


@functools.lru_cache(maxsize=None)
def _known_birth(head: str, today: datetime.date) -> bool:
    """Area code known and birth date real and past, for the first 14 characters."""
    born = _birth_date(head[6:14])
    return born is not None and 1900 <= born.year and born <= today and area_known(head[:6])


def birth_date(number: str) -> datetime.date | None:
    """The birth date encoded in a valid 18-character number."""
    return _birth_date(number[6:14])


_NONE: tuple = ()  # shared "no problems" result of the fast path; never mutated


def check(raw: object, rules: Rules | None = None) -> tuple[str | None, list[Problem]]:
    """
    >>> check("11010519491231002X")
    ('11010519491231002X', ())
    >>> [p.code for p in check("11010519491231002x")[1]]
    ['id_number.normalized']
    >>> check(3.50582199503151e+17)[1][0].code
    'id_number.stored_as_number'
    """
    today = (rules or NO_RULES).today or datetime.date.today()
    if raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit() and raw[17] in _CHECK_CHARS:
        # the common case - a clean, valid number - in as few steps as possible
        if _known_birth(raw[:14], today) and checksum_ok(raw):
            return raw, _NONE
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    problems: list[Problem] = []
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            return None, [Problem("id_number.chars")]
        digits = len(str(int(raw)))
        if digits >= 16:
            # Excel keeps 15 significant digits: the last three characters are gone.
            return None, [Problem("id_number.stored_as_number", {"shown": f"{float(raw):.5E}"})]
        raw = str(int(raw)) if float(raw).is_integer() else str(raw)
    text = str(raw)
    number = text if text.isascii() and text.isalnum() else squash(text)
    if number.endswith("x"):
        number = number[:-1] + "X"
    if number != text:
        problems.append(Problem("id_number.normalized", {"fixed": number}))
    if not number:
        return None, problems
    if len(number) != 18:
        if len(number) == 15 and number.isdigit():
            return None, problems + [Problem("id_number.old_format")]
        return None, problems + [Problem("id_number.length", {"length": len(number)})]
    if not _SHAPE.fullmatch(number):
        return None, problems + [Problem("id_number.chars")]
    born = _birth_date(number[6:14])
    if born is None or born.year < 1900:
        return None, problems + [Problem("id_number.birth_date", {"birth": number[6:14]})]
    if born > today:
        return None, problems + [Problem("id_number.birth_future", {"birth": born.isoformat()})]
    if not checksum_ok(number):
        return None, problems + [Problem("id_number.checksum")]
    if not area_known(number[:6]):
        problems.append(Problem("id_number.area_unknown", {"area": number[:6]}))
    return number, problems


# Every real month-day, 29 February included (leap years are checked separately).
_MONTH_DAYS = frozenset(
    f"{month:02d}{day:02d}" for month in range(1, 13)
    for day in range(1, (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31) + 1)
)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def check_many(values, rules: Rules | None = None) -> list[tuple[str | None, list[Problem]]]:
    """check() over a whole column. A clean valid number is settled in one comprehension of
    C-level string tests (shape; birth date as text between 19000101 and today, a real
    month-day; a known area) and the base-13 checksum; anything else goes through check()."""
    rules = rules or NO_RULES
    today = rules.today or datetime.date.today()
    latest = today.strftime("%Y%m%d")
    check_chars, month_days = _CHECK_CHARS, _MONTH_DAYS
    areas = {raw[:6] for raw in values if raw.__class__ is str}
    known = {area for area in areas if area_known(area)}
    fine = [
        raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit()
        and raw[17] in check_chars and "19000101" <= raw[6:14] <= latest and raw[10:14] in month_days
        and (raw[10:14] != "0229" or _leap(int(raw[6:10])))
        and raw[:6] in known and int(raw.replace("X", "A"), 13) % 11 == 1
        for raw in values
    ]
    return [(raw, _NONE) if ok else check(raw, rules) if raw != "" and raw is not None else (None, _NONE)
            for raw, ok in zip(values, fine)]


def is_valid(raw: object) -> bool:
    value, problems = check(raw)
    return value is not None


def mask(number: str) -> str:
    """First 6 and last 4 characters shown: 350582********123X."""
    if not number or len(number) < 10:
        return number or ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
