"""Whole counts: headcounts, visitors a day, vaccine doses, reminders.

"50人", "约50名", "1,200" are read as numbers and reported so the clerk can tidy the cell;
12.5 people or a negative count cannot be guessed and are errors.
"""

from __future__ import annotations

import re

from xiyuan.checks.fields import NO_RULES, Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import squash

_DECORATED = re.compile(r"(?:约|共|计)?(\d+)(?:人次|人|名|次|剂|个|家)?")


def check(raw: object, rules: Rules | None = None) -> tuple[int | None, list[Problem]]:
    """
    >>> check("约50人")[0], check(12.5)[1][0].code, check(3, Rules(minimum=5))[1][0].code
    (50, 'count.not_integer', 'count.out_of_range')
    """
    rules = rules or NO_RULES
    minimum, maximum = rules.minimum, rules.maximum
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    problems: list[Problem] = []
    if isinstance(raw, bool):
        return None, [Problem("count.invalid")]
    if isinstance(raw, (int, float)):
        if not float(raw).is_integer():
            return None, [Problem("count.not_integer")]
        number = int(raw)
    else:
        text = squash(str(raw)).replace(",", "")
        if re.fullmatch(r"-?\d+", text):
            number = int(text)
        elif re.fullmatch(r"-?\d+\.\d+", text):
            if not float(text).is_integer():
                return None, [Problem("count.not_integer")]
            number = int(float(text))
        else:
            match = _DECORATED.fullmatch(text)
            if not match:
                return None, [Problem("count.invalid")]
            number = int(match.group(1))
            problems.append(Problem("count.normalized", {"fixed": number}))
    if number < minimum:
        return None, problems + [Problem("count.negative" if number < 0 else "count.out_of_range",
                                         {"minimum": minimum, "maximum": maximum})]
    if maximum is not None and number > maximum:
        return number, problems + [Problem("count.implausible", {"maximum": maximum})]
    return number, problems


check_many = each(check)
