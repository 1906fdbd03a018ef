"""Closed vocabularies: a cell must be one of the field's choices (or a known variant of one).

>>> from xiyuan.checks.fields import Rules
>>> check("在岗", Rules(vocabulary="on_duty"))
('在岗', [])
>>> check("休假中", Rules(vocabulary="on_duty"))[1][0].code
'vocab.invalid'
"""

from __future__ import annotations

import functools

from xiyuan.checks.fields import NO_RULES, Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import cell_text, squash


@functools.lru_cache(maxsize=None)
def _lookup(vocabulary: str) -> tuple[dict[str, str], str]:
    from xiyuan.intake import schema

    return schema.vocabulary_lookup(vocabulary), "、".join(schema.VOCABULARIES[vocabulary])


def check(raw: object, rules: Rules | None = None) -> tuple[str | None, list[Problem]]:
    rules = rules or NO_RULES
    if raw == "" or raw is None or rules.vocabulary is None:
        return None, []
    lookup, choices = _lookup(rules.vocabulary)
    value = lookup.get(squash(cell_text(raw)))
    if value is None:
        return None, [Problem("vocab.invalid", {"choices": choices})]
    return value, []


check_many = each(check)
