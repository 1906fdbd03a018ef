"""Cell-by-cell validation of one read sheet, a column at a time.

Each column is checked by the module for its kind (xiyuan.checks.fields); columns with few distinct
values (yes/no, vocabularies, counts, dates, enterprise names) are checked once per distinct
value. The clean values are kept beside the raw ones (`CheckedTable.clean`), None where a value
is empty or unusable, for the row checks, the cross-sheet checks and the typed records.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass, field

from xiyuan.intake import schema
from xiyuan.checks.fields import Rules, checks, dates
from xiyuan.checks.findings import Finding, Problem, make_finding
from xiyuan.intake.reader import SheetTable
from xiyuan.intake.schema import Field
from xiyuan.text import cell_text

CHECKS = checks()
PERSONAL_KINDS = (schema.ID_NUMBER, schema.PHONE)
_MULTI_SPLIT = re.compile(r"[、,，;；/\n\r]+")
# Kinds worth checking once per distinct value: ledgers repeat them row after row.
_MEMO_KINDS = {schema.YESNO, schema.VOCAB, schema.COUNT, schema.DATE, schema.DATETIME,
               schema.USCC, schema.PLATE}


@dataclass
class Options:
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class CheckedTable:
    table: SheetTable
    clean: dict[str, list] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def role(self):
        return self.table.role

    def add(self, code: str, index: int | None, key: str = "", value: object = "", **params) -> None:
        table = self.table
        row = table.rows[index] if index is not None else table.header_row
        item = table.role.field(key) if key and table.role.has(key) else None
        self.findings.append(make_finding(
            code, file=table.file, sheet=table.sheet, row=row, column=table.column_of(key),
            field=item.label if item else "", value=cell_text(value), params=params,
            personal=item is not None and item.kind in PERSONAL_KINDS,
        ))


def _checker(item: Field, options: Options):
    """The field's module from the registry, with the field's rules: (check, check_many)."""
    module = CHECKS[item.kind]
    rules = Rules.for_field(item, options.today)
    return functools.partial(module.check, rules=rules), functools.partial(module.check_many, rules=rules)


def _blank(raw) -> bool:
    return raw is None or raw == "" or (raw.__class__ is str and not raw.strip())


def _check_column(checked: CheckedTable, item: Field, raw_values, options: Options) -> list:
    """Check one column; return its clean values. Findings go to `checked`."""
    key = item.key
    if item.kind == schema.TEXT and not item.multi:
        # free text has nothing to check but presence; it is tidied when records are built
        clean = [v if v.__class__ is str and v.strip() else _text_or_none(v) for v in raw_values]
        if item.required_value:
            for index in [i for i, v in enumerate(clean) if v is None]:
                checked.add("required.missing", index, key, raw_values[index])
        return clean
    check, check_many = _checker(item, options)
    if item.kind in _MEMO_KINDS and not item.multi:
        # one check per distinct value, then a dictionary look-up per cell
        distinct = {raw: (None, ()) if _blank(raw) else check(raw) for raw in set(raw_values)}
        values = {raw: result[0] for raw, result in distinct.items()}
        clean = list(map(values.__getitem__, raw_values))
        bad = {raw for raw, result in distinct.items() if result[1]}
        flagged = [i for i, raw in enumerate(raw_values) if raw in bad] if bad else []
        problems = {i: distinct[raw_values[i]][1] for i in flagged}
    else:
        if item.multi:
            results = [_check_multi(check, raw) if raw != "" and raw is not None else (None, ()) for raw in raw_values]
        else:
            results = check_many(raw_values)
        clean = list(map(_first, results))
        problems = {i: result[1] for i, result in enumerate(results) if result[1]}
    for index, found in problems.items():
        for problem in found:
            checked.add(problem.code, index, key, raw_values[index], **problem.params)
    if item.required_value:  # empty, or only spaces: no value and nothing else said about it
        for index in [i for i, value in enumerate(clean) if value is None and i not in problems]:
            checked.add("required.missing", index, key, raw_values[index])
    return clean


_first = operator.itemgetter(0)


def _text_or_none(value) -> str | None:
    """A non-text cell in a text column as the clerk sees it; None when blank."""
    if value is None or (value.__class__ is str and not value.strip()):
        return None
    return cell_text(value)


def _check_multi(check, raw) -> tuple[list | None, list[Problem]]:
    """Several values in one cell: "张三、李四" or one per line."""
    parts = [p for p in _MULTI_SPLIT.split(raw) if p.strip()] if isinstance(raw, str) else [raw]
    values, problems = [], []
    for part in parts:
        value, found = check(part.strip() if isinstance(part, str) else part)
        values.append(value)
        problems.extend(found)
    return values, problems


def check_table(table: SheetTable, options: Options | None = None) -> CheckedTable:
    """Validate every cell of one sheet and the order of values within each row."""
    options = options or Options()
    checked = CheckedTable(table)
    for item in table.role.fields:
        if item.key in table.values:
            checked.clean[item.key] = _check_column(checked, item, table.values[item.key], options)
    row_checks = ROW_CHECKS.get(table.role.key)
    if row_checks:
        row_checks(checked)
    return checked


# --- order of values within a row -------------------------------------------------------


def _pairs(checked: CheckedTable, first: str, second: str):
    a, b = checked.clean.get(first), checked.clean.get(second)
    if a is None or b is None:
        return
    for index, (x, y) in enumerate(zip(a, b)):
        if x is not None and y is not None:
            yield index, x, y


def _arrival_rows(checked: CheckedTable) -> None:
    for index, departure, arrival in _pairs(checked, "departure", "arrival"):
        if dates.day_of(departure) > dates.day_of(arrival) or (
            dates.has_time(departure) and dates.has_time(arrival) and departure > arrival
        ):
            checked.add("order.departure_after_arrival", index, "departure", departure,
                        departure=cell_text(departure), arrival=cell_text(arrival))
    for index, test, arrival in _pairs(checked, "pre_test_time", "arrival"):
        if dates.as_datetime(test) > dates.as_datetime(arrival) and dates.day_of(test) != dates.day_of(arrival):
            checked.add("order.test_after_arrival", index, "pre_test_time", test,
                        test=cell_text(test), arrival=cell_text(arrival))


def _inspection_rows(checked: CheckedTable) -> None:
    for index, inspected, deadline in _pairs(checked, "inspection_date", "deadline"):
        if deadline < inspected:
            checked.add("order.deadline_before_inspection", index, "deadline", deadline,
                        deadline=deadline.isoformat(), inspection=inspected.isoformat())


def _event_rows(checked: CheckedTable) -> None:
    for index, declared, event in _pairs(checked, "declared", "event_date"):
        if declared > event:
            checked.add("order.declared_after_event", index, "declared", declared,
                        declared=declared.isoformat(), event=event.isoformat())


def _truck_rows(checked: CheckedTable) -> None:
    names = checked.clean.get("name") or []
    ids = checked.clean.get("id_number") or []
    phones = checked.clean.get("phone") or []
    for index in range(len(checked.table.rows)):
        counts = [len(col[index]) for col in (names, ids, phones) if col and col[index] is not None]
        if len(counts) == 3 and len(set(counts)) > 1:
            checked.add("occupants.count_mismatch", index, "name", checked.table.values["name"][index],
                        names=counts[0], ids=counts[1], phones=counts[2])


def _trip_rows(checked: CheckedTable) -> None:
    for index, back, left in _pairs(checked, "expected_return", "leave_date"):
        if back < left:
            checked.add("order.return_before_leave", index, "expected_return", back,
                        back=back.isoformat(), left=left.isoformat())


ROW_CHECKS = {
    "arrivals": _arrival_rows,
    "inspections": _inspection_rows,
    "events": _event_rows,
    "trucks": _truck_rows,
    "trips": _trip_rows,
}
