"""Free text (names, addresses, remarks): nothing to check but presence; tidied of stray spaces.

>>> check("  晋江市 鑫盛鞋业 ")
('晋江市 鑫盛鞋业', [])
>>> check(12)
('12', [])
"""

from __future__ import annotations

from xiyuan.checks.fields import Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import cell_text, tidy


def check(raw: object, rules: Rules | None = None) -> tuple[str | None, list[Problem]]:
    if raw == "" or raw is None:
        return None, []
    text = tidy(raw) if raw.__class__ is str else cell_text(raw)
    return (text or None), []


check_many = each(check)
