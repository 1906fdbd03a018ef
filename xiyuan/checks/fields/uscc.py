"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

`stdnum.cn.uscc` insists that characters 3-8 are digits and so rejects real codes of village
collectives (N2…) and other departments (Y1…); this module checks only what the standard
fixes: 18 characters from the code alphabet and the MOD 31 check character.
"""

from __future__ import annotations

import re

from xiyuan.checks.fields import Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import squash

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(f"[{ALPHABET}]{{18}}")


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def check(raw: object, rules: Rules | None = None) -> tuple[str | None, list[Problem]]:
    """
    >>> first17 = "91350582MA31ABCD2"
    >>> check(first17 + check_character(first17))[1]
    []
    >>> check(first17 + ("0" if check_character(first17) != "0" else "1"))[1][0].code
    'uscc.checksum'
    >>> check("91350582MA2XN0K1")[1][0].code
    'uscc.length'
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    problems: list[Problem] = []
    text = str(raw)
    code = squash(text).upper()
    if code != text:
        problems.append(Problem("uscc.normalized", {"fixed": code}))
    if len(code) != 18:
        return None, problems + [Problem("uscc.length", {"length": len(code)})]
    if not _SHAPE.fullmatch(code):
        bad = "".join(sorted({ch for ch in code if ch not in _VALUE}))
        return None, problems + [Problem("uscc.chars", {"bad": bad})]
    if check_character(code[:17]) != code[17]:
        return None, problems + [Problem("uscc.checksum")]
    return code, problems


def is_valid(raw: object) -> bool:
    return check(raw)[0] is not None


check_many = each(check)
