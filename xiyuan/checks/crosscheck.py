"""Checks across rows and sheets: duplicates, unknown enterprises, headcounts, stray tests.

They run on the clean values of `validate.check_table`, within one workbook, except the
same-person-in-two-enterprises check, which runs across every workbook of the run (the
subdistrict sees all communities at once).
"""

from __future__ import annotations

import functools
from collections import Counter

from xiyuan.text import squash
from xiyuan.checks.validate import CheckedTable
from xiyuan.intake.schema import LEFT_JOB

# Enterprise references that must name a row of 企业台账 in the same workbook.
_MUST_KNOW_ENTERPRISE = ("employees", "inspections", "events")


@functools.lru_cache(maxsize=65536)
def enterprise_key(name: object) -> str:
    """How enterprise names are compared: no spaces, half-width brackets.

    Cached: a workbook names a few hundred enterprises over a hundred thousand rows."""
    return squash(str(name)) if name else ""


def _by_role(tables: list[CheckedTable]) -> dict[str, CheckedTable]:
    found: dict[str, CheckedTable] = {}
    for checked in tables:
        found.setdefault(checked.role.key, checked)
    return found


def check_workbook(tables: list[CheckedTable]) -> None:
    """Add cross-row and cross-sheet findings of one workbook to its tables."""
    by_role = _by_role(tables)
    enterprises = by_role.get("enterprises")
    if enterprises:
        _duplicate_enterprises(enterprises)
    if "employees" in by_role:
        _duplicate_ids(by_role["employees"])
    if enterprises:
        known = {enterprise_key(n) for n in enterprises.clean.get("enterprise", []) if n}
        known |= {c for c in enterprises.clean.get("uscc", []) if c}
        for role in _MUST_KNOW_ENTERPRISE:
            if role in by_role:
                _unknown_enterprises(by_role[role], known)
        if "employees" in by_role:
            _headcounts(enterprises, by_role["employees"])
    if "tests" in by_role:
        _stray_tests(by_role["tests"], [by_role[r] for r in ("employees", "arrivals", "trucks") if r in by_role])


def _duplicate_enterprises(checked: CheckedTable) -> None:
    first_name: dict[str, int] = {}
    first_code: dict[str, int] = {}
    names = checked.clean.get("enterprise", [])
    codes = checked.clean.get("uscc", [None] * len(names))
    rows = checked.table.rows
    for index, (name, code) in enumerate(zip(names, codes)):
        key = enterprise_key(name)
        if key:
            if key in first_name:
                checked.add("duplicate.enterprise", index, "enterprise", name,
                            other_row=rows[first_name[key]])
            else:
                first_name[key] = index
        if code:
            if code in first_code:
                other = first_code[code]
                if enterprise_key(names[other]) != key:
                    checked.add("duplicate.uscc", index, "uscc", code, other_row=rows[other],
                                other=names[other] or "")
            else:
                first_code[code] = index


def _duplicate_ids(checked: CheckedTable) -> None:
    """The same ID twice: an error within one enterprise, a warning across two."""
    ids = checked.clean.get("id_number")
    if not ids:
        return
    names = checked.clean.get("enterprise") or [None] * len(ids)
    repeated = {number for number, times in Counter(ids).items() if times > 1 and number is not None}
    if not repeated:
        return
    first: dict[str, int] = {}
    rows = checked.table.rows
    for index in [i for i, number in enumerate(ids) if number in repeated]:
        number = ids[index]
        other = first.setdefault(number, index)
        if other == index:
            continue
        if enterprise_key(names[other]) == enterprise_key(names[index]):
            checked.add("duplicate.id_in_sheet", index, "id_number", number, other_row=rows[other])
        else:
            checked.add("duplicate.person_two_enterprises", index, "id_number", number,
                        other_place=f"第{rows[other]}行", other=names[other] or "", this=names[index] or "")


def people_across_workbooks(employee_tables: list[CheckedTable]) -> None:
    """The same person employed in two workbooks (two communities): a warning on the later."""
    if len(employee_tables) < 2:
        return
    first: dict[str, tuple[CheckedTable, int]] = {}
    for checked in employee_tables:
        ids = checked.clean.get("id_number") or []
        names = checked.clean.get("enterprise") or [None] * len(ids)
        local: set[str] = set()
        for index, number in enumerate(ids):
            if number is None or number in local:
                local.add(number)
                continue
            local.add(number)
            if number in first:
                other_table, other_index = first[number]
                if other_table is checked:
                    continue
                other_names = other_table.clean.get("enterprise") or []
                other_name = other_names[other_index] if other_names else ""
                checked.add("duplicate.person_two_enterprises", index, "id_number", number,
                            other_place=f"《{other_table.table.file}》第{other_table.table.rows[other_index]}行",
                            other=other_name or "", this=names[index] or "")
        for index, number in enumerate(ids):
            if number is not None:
                first.setdefault(number, (checked, index))


def _unknown_enterprises(checked: CheckedTable, known: set[str]) -> None:
    """One finding per unknown enterprise name, at its first row, with how many rows use it."""
    names = checked.clean.get("enterprise")
    if not names:
        return
    counts: Counter = Counter()
    for name, times in Counter(names).items():  # distinct names first: a few hundred, not every row
        counts[enterprise_key(name)] += times
    unknown = {name for name in set(names) if name and enterprise_key(name) not in known}
    if not unknown:
        return
    reported: set[str] = set()
    for index in [i for i, name in enumerate(names) if name in unknown]:
        name = names[index]
        key = enterprise_key(name)
        if key in reported:
            continue
        reported.add(key)
        checked.add("cross.unknown_enterprise", index, "enterprise", name, rows=counts[key])


def _headcounts(enterprises: CheckedTable, employees: CheckedTable) -> None:
    names = employees.clean.get("enterprise") or []
    status = employees.clean.get("on_duty") or [None] * len(names)
    listed: Counter = Counter()
    for (name, state), times in Counter(zip(names, status)).items():
        if name and state != LEFT_JOB:
            listed[enterprise_key(name)] += times
    declared_counts = enterprises.clean.get("employees") or []
    seen: set[str] = set()
    for index, (name, declared) in enumerate(zip(enterprises.clean.get("enterprise", []), declared_counts)):
        if not name or declared is None or enterprise_key(name) in seen:
            continue  # a duplicate row is reported as such, not counted again
        seen.add(enterprise_key(name))
        count = listed.get(enterprise_key(name), 0)
        if count != declared:
            enterprises.add("cross.headcount_mismatch", index, "employees", declared,
                            declared=declared, listed=count)


def _stray_tests(tests: CheckedTable, people: list[CheckedTable]) -> None:
    known: set[str] = set()
    for checked in people:
        for value in checked.clean.get("id_number") or []:
            if isinstance(value, list):
                known.update(v for v in value if v)
            elif value:
                known.add(value)
    for index, number in enumerate(tests.clean.get("id_number") or []):
        if number and number not in known:
            tests.add("cross.test_unknown_id", index, "id_number", number)
