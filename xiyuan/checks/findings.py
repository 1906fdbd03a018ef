"""Findings: every problem the tool reports is one typed, coded object.

A field check returns `Problem`s (a code and its parameters, nothing about where); the
validator places them in a sheet and cell and turns them into `Finding`s. The Chinese text of
each code lives in `checks/codes.py`, so one table says everything a clerk can be told.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from xiyuan.checks.codes import message_for, severity_of


class Problem(NamedTuple):
    """What a field check found, before it is placed in a file."""

    code: str
    params: dict = {}


@dataclass(frozen=True)
class Finding:
    file: str
    sheet: str
    cell: str
    row: int | None
    column: str
    field: str
    value: object
    severity: str
    code: str
    message: str
    params: dict = field(default_factory=dict, repr=False, compare=False)
    personal: bool = False  # the cell is an ID number or a phone: masked in anything that circulates

    def to_dict(self) -> dict:
        found = asdict(self)
        del found["params"], found["personal"]
        return found

    def masked(self) -> Finding:
        """The finding as a circulated report shows it: personal numbers in the value and the
        message masked (350582********123X, 138****1234); the clerk's own sheet keeps them."""
        if not self.personal:
            return self
        params = {key: mask_numbers(value) if isinstance(value, str) else value for key, value in self.params.items()}
        value = mask_numbers(str(self.value)) if self.value not in ("", None) else self.value
        params["value"] = value
        return dataclasses.replace(self, value=value, message=message_for(self.code, params), params=params)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def make_finding(
    code: str,
    *,
    file: str,
    sheet: str = "",
    row: int | None = None,
    column: str = "",
    field: str = "",
    value: object = "",
    params: dict | None = None,
    personal: bool = False,
) -> Finding:
    """Build a finding, rendering its message from the code's template."""
    params = dict(params or {})
    params.setdefault("field", field)
    params.setdefault("value", value)
    cell = f"{column}{row}" if column and row else ""
    return Finding(
        file=file,
        sheet=sheet,
        cell=cell,
        row=row,
        column=column,
        field=field,
        value=value,
        severity=severity_of(code),
        code=code,
        message=message_for(code, params),
        params=params,
        personal=personal,
    )


# a run of digits (spaces, dashes, full-width digits allowed inside) long enough to be a phone
# or an ID number, with an ID's closing X
_NUMBER = re.compile(r"[0-9０-９][0-9０-９ \-　]{5,}[0-9０-９Xx]")


def mask_numbers(text: str) -> str:
    """Every phone or ID number in a text masked, whatever spaces or dashes it was typed with:
    the first 3 (phones) or 6 (ID numbers) and the last 4 characters stay.

    >>> mask_numbers("已按“350582199503151234”校验"), mask_numbers("138 0595 1234")
    ('已按“350582********1234”校验', '138****1234')
    >>> mask_numbers("第12行")
    '第12行'
    """
    def hide(match: re.Match) -> str:
        digits = re.sub(r"[ \-　]", "", match.group())
        if len(digits) < 7:
            return match.group()
        keep = 6 if len(digits) >= 15 else 3
        if len(digits) - keep - 4 < 1:
            keep = max(0, len(digits) - 8)
        return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]

    return _NUMBER.sub(hide, text)


@dataclass
class FindingList:
    """Findings of one run, with the counts the summaries print."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    def extend(self, findings) -> None:
        self.items.extend(findings)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.items if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.items if f.severity == "warning")
