"""Mobile and landline numbers (China).

phonenumbers does the judging; two traps are handled before it sees a value: a phone stored
as a number arrives as 13805951234.0 (or 1.3805951234E+10 as text), and a bare 7-8 digit
local number would be taken as a Tianjin number. The plain 11-digit mobile - nearly every
cell - is matched against phonenumbers' own CN mobile pattern without a full parse.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import PhoneNumberType

from xiyuan.checks.fields import Rules
from xiyuan.checks.findings import Problem
from xiyuan.text import half_width

_META = phonenumbers.PhoneMetadata.metadata_for_region("CN")
_MOBILE = re.compile(_META.mobile.national_number_pattern)
_SEPARATORS = re.compile(r"[\s\-()（）.·]")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
_COUNTRY = re.compile(r"^(\+86|0086|86)(?=1\d{10}$)")

QUANZHOU_AREA = "0595"


def is_mobile(digits: str) -> bool:
    return len(digits) == 11 and _MOBILE.fullmatch(digits) is not None


@functools.lru_cache(maxsize=4096)
def _landline(digits: str) -> str | None:
    """A valid fixed-line number formatted as 0595-12345678, or None."""
    try:
        parsed = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    if phonenumbers.number_type(parsed) not in (
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    area, _, rest = national.partition(" ")
    return f"{area}-{rest.replace(' ', '')}"


def check(raw: object, rules: Rules | None = None) -> tuple[str | None, list[Problem]]:
    """
    >>> check("138 0595 1234")[0], check(13805951234.0)[0]
    ('13805951234', '13805951234')
    >>> check("22345678")[1][0].code
    'phone.no_area_code'
    """
    if raw.__class__ is str and len(raw) == 11 and _MOBILE.fullmatch(raw):
        return raw, ()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    if isinstance(raw, float):
        if not raw.is_integer():
            return None, [Problem("phone.invalid")]
        raw = str(int(raw))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    text = str(raw)
    if len(text) == 11 and _MOBILE.fullmatch(text):
        return text, []
    problems: list[Problem] = []
    plain = half_width(text).strip()
    if _SCIENTIFIC.fullmatch(plain):
        # "1.3805951234E+10": Excel's display of a number, copied as text.
        plain = str(int(float(plain)))
    digits = _COUNTRY.sub("", _SEPARATORS.sub("", plain))
    if not digits.isdigit():
        return None, [Problem("phone.invalid")]
    if plain != text or _COUNTRY.match(plain) or any(ch.isspace() for ch in plain):
        problems.append(Problem("phone.normalized", {"fixed": digits}))
    if is_mobile(digits):
        return digits, problems
    if len(digits) == 11 and digits.startswith("1"):
        return None, problems + [Problem("phone.mobile_invalid")]
    if len(digits) in (9, 10, 11) and digits.startswith(QUANZHOU_AREA[1:]) and _landline("0" + digits):
        return _landline("0" + digits), problems + [Problem("phone.lost_zero", {"fixed": _landline("0" + digits)})]
    if len(digits) in (7, 8) and not digits.startswith("0"):
        return digits, problems + [Problem("phone.no_area_code")]
    if digits.startswith("0"):
        landline = _landline(digits)
        if landline:
            return landline, problems
    return None, problems + [Problem("phone.invalid")]


def check_many(values, rules: Rules | None = None) -> list[tuple[str | None, list[Problem]]]:
    """check() over a whole column; a plain 11-digit mobile costs one pattern match."""
    match = _MOBILE.fullmatch
    return [(raw, ()) if raw.__class__ is str and len(raw) == 11 and match(raw)
            else check(raw) if raw != "" and raw is not None else (None, ())
            for raw in values]


def is_valid(raw: object) -> bool:
    return check(raw)[0] is not None


def mask(number: str) -> str:
    """138****1234 for mobiles; for landlines the last four digits only."""
    if not number:
        return ""
    digits = number.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    return "*" * (len(number) - 4) + number[-4:]
