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
        """The finding as a circulated report shows it: every phone or ID number in its value and
        message masked (350582********123X, 138****1234), whatever column it was typed in; the
        clerk's own sheet keeps them."""
        loose = self.personal  # in an ID or phone cell, any long run of digits is (part of) one
        params = {key: mask_numbers(value, loose) if isinstance(value, str) else value
                  for key, value in self.params.items()}
        value = mask_numbers(str(self.value), loose) if self.value not in ("", None) else self.value
        params["value"] = value
        message = message_for(self.code, params) if self.personal else mask_numbers(self.message)
        if value == self.value and message == self.message:
            return self
        return dataclasses.replace(self, value=value, message=message, params=params)


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


# a run of digits (spaces, dashes, dots and brackets allowed inside) long enough to be a phone or
# an ID number, with an ID's closing X, standing on its own (not part of a credit code)
_SEPARATORS = " \\-.()（）\u3000"
_NUMBER = re.compile(rf"(?<![0-9０-９A-Za-z])[0-9０-９(（][0-9０-９{_SEPARATORS}]{{5,}}[0-9０-９Xx](?![0-9０-９A-Za-z])")


def mask_numbers(text: str, loose: bool = False) -> str:
    """Every phone or ID number in a text masked, whatever it was typed with: the first 3 (phones)
    or 6 (ID numbers) and the last 4 characters stay. `loose`: any run of 10 digits or more (the
    text comes from an ID or phone cell, where a wrong-length number is still someone's).

    >>> mask_numbers("已按“350582199503151234”校验"), mask_numbers("138 0595 1234")
    ('已按“350582********1234”校验', '138****1234')
    >>> mask_numbers("138.0595.1234、(139)05951234"), mask_numbers("第12行"), mask_numbers("91350582MA31XQ2B2X")
    ('138****1234、139****1234', '第12行', '91350582MA31XQ2B2X')
    >>> mask_numbers("离开时间2022-11-20 10:00晚于抵晋时间"), mask_numbers("0595-22345678")
    ('离开时间2022-11-20 10:00晚于抵晋时间', '********5678')

    Phones and ID numbers are masked by their own modules, so a person reads the same in the
    问题清单 as in the documents.
    """
    from xiyuan.checks.fields import id_number, phone

    def hide(match: re.Match) -> str:
        digits = re.sub(rf"[{_SEPARATORS}]", "", match.group())
        is_phone = len(digits) == 11 and digits[0] in "1０１" or len(digits) in (11, 12) and digits[0] in "0０"
        if len(digits) in (15, 18) and not is_phone:
            return id_number.mask(digits)
        if is_phone or loose and len(digits) >= 10:  # a number of the wrong length: only its last four
            return phone.mask(digits)
        return match.group()  # a date, a count: not personal

    return _NUMBER.sub(hide, text)
