"""Vehicle plates (GA 36).

Noise removed first: full-width letters, lower case, spaces, "·" and "-". Trucks come from
every province, so no province is preferred.
"""

from __future__ import annotations

import re

from xiyuan.checks.fields import Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import half_width

PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
_S = "[0-9A-HJ-NP-Z]"  # a serial character: a digit or a letter other than I and O
_P = f"[{PROVINCES}]"
_ORDINARY = re.compile(f"{_P}[A-Z]{_S}{{5}}")
_NEW_ENERGY_SMALL = re.compile(f"{_P}[A-Z][A-HJK]{_S}[0-9]{{4}}")
_NEW_ENERGY_LARGE = re.compile(f"{_P}[A-Z][0-9]{{5}}[A-HJK]")
_CLASS = re.compile(f"{_P}[A-Z]{_S}{{4}}[挂学警领]")
_HK_MACAO = re.compile(f"粤Z{_S}{{4}}[港澳]")
_NOISE = re.compile(r"[\s·•.\-]")


def _ordinary_ok(plate: str) -> bool:
    # at most two of the five serial characters may be letters
    return sum(ch.isalpha() for ch in plate[2:]) <= 2


def compact(raw: str) -> str:
    return _NOISE.sub("", half_width(raw)).upper()


def check(raw: object, rules: Rules | None = None) -> tuple[str | None, list[Problem]]:
    """
    >>> check("闽C·12345")
    ('闽C12345', [Problem(code='plate.normalized', params={'fixed': '闽C12345'})])
    >>> check("C12345")[1][0].code
    'plate.province'
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    text = str(raw)
    plate = compact(text)
    problems = [Problem("plate.normalized", {"fixed": plate})] if plate != text else []
    if (
        (_ORDINARY.fullmatch(plate) and _ordinary_ok(plate))
        or _NEW_ENERGY_SMALL.fullmatch(plate)
        or _NEW_ENERGY_LARGE.fullmatch(plate)
        or _CLASS.fullmatch(plate)
        or _HK_MACAO.fullmatch(plate)
    ):
        return plate, problems
    if plate[:1] not in PROVINCES:
        return None, problems + [Problem("plate.province")]
    return None, problems + [Problem("plate.invalid")]


def is_valid(raw: object) -> bool:
    return check(raw)[0] is not None


check_many = each(check)
