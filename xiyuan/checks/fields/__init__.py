"""One module per kind of value found in a ledger, in the manner of python-stdnum.

Every module offers the same two functions:

- `check(raw, rules=None) -> (value, problems)`: `value` is the normalised value (None when the
  raw value cannot be used), `problems` lists `Problem`s. An empty raw value gives
  `(None, [])`: whether a field may be empty is the validator's business.
- `check_many(values, rules=None)`: `check` over a whole column (a module may make the common
  case faster; results are the same).

`rules` says what a field allows beyond its kind: the day of the check, whether a time is
expected, a count's range, a vocabulary. `CHECKS` maps each kind of field (intake.schema) to
its module, so the validator has one way to check any column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    today: dt.date | None = None  # the day of the check: birth dates, dates without a year, plausible range
    with_time: bool = False  # a date field that may hold a time
    minimum: int = 0  # counts
    maximum: int | None = None
    vocabulary: str | None = None  # a key of intake.schema.VOCABULARIES

    @classmethod
    def for_field(cls, field, today: dt.date) -> Rules:
        from xiyuan.intake import schema

        return cls(today=today, with_time=field.kind == schema.DATETIME, minimum=field.minimum,
                   maximum=field.maximum, vocabulary=field.key if field.kind == schema.VOCAB else None)


NO_RULES = Rules()


def each(check):
    """The plain check_many of a module: its check on every non-empty cell."""

    def check_many(values, rules: Rules | None = None):
        return [check(raw, rules) if raw != "" and raw is not None else (None, ()) for raw in values]

    return check_many


def checks() -> dict:
    """Kind of field -> its module."""
    from xiyuan.checks.fields import count, dates, free_text, id_number, phone, plate, uscc, vocab, yesno
    from xiyuan.intake import schema

    return {schema.TEXT: free_text, schema.ID_NUMBER: id_number, schema.USCC: uscc, schema.PHONE: phone,
            schema.PLATE: plate, schema.DATE: dates, schema.DATETIME: dates, schema.YESNO: yesno,
            schema.COUNT: count, schema.VOCAB: vocab}
