"""Findings: every problem the tool reports is one typed, coded object.

A field check returns `Problem`s (a code and its parameters, nothing about where); the
validator places them in a sheet and cell and turns them into `Finding`s. The Chinese text of
each code lives in `checks/codes.py`, so one table says everything a clerk can be told.
"""

from __future__ import annotations

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

    def to_dict(self) -> dict:
        return asdict(self)

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
    )


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
