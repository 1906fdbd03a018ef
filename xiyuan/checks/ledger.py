"""Typed records: the ledger model the policy rules and documents work on.

Built from the clean values of checked tables (`validate.CheckedTable`): a value the
validator could not use is None here, so the rules never see raw cell text. Each record
knows where it came from (file, sheet, Excel row) so every result can point back to it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from xiyuan.intake.schema import TEXT
from xiyuan.text import tidy
from xiyuan.checks.validate import CheckedTable

When = dt.date | dt.datetime | None


@dataclass(frozen=True)
class Source:
    file: str
    sheet: str
    row: int


@dataclass
class Enterprise:
    source: Source
    community: str | None = None
    enterprise: str | None = None
    uscc: str | None = None
    address: str | None = None
    legal_rep: str | None = None
    officer: str | None = None
    officer_phone: str | None = None
    liaison: str | None = None
    employees: int | None = None
    daily_visitors: int | None = None
    frequent_traffic: bool | None = None
    buffer_zone: bool | None = None
    white_list: bool | None = None
    plan: bool | None = None
    emergency_plan: bool | None = None
    task_group: bool | None = None
    epidemic_free: str | None = None
    sentinel: bool | None = None
    temp_scan: bool | None = None
    delivery_point: bool | None = None
    itinerary_ledger: bool | None = None
    health_monitor: bool | None = None
    mass_testing: bool | None = None
    key_post_protection: bool | None = None
    outsourced_loop: bool | None = None
    disinfection: bool | None = None
    fewer_gatherings: bool | None = None
    remark: str | None = None


@dataclass
class Employee:
    source: Source
    enterprise: str | None = None
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    post: str | None = None
    outsourced: bool | None = None
    co_residents: str | None = None
    residence: str | None = None
    vaccine_doses: int | None = None
    on_duty: str | None = None
    remark: str | None = None


@dataclass
class Arrival:
    source: Source
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    person_type: str | None = None
    enterprise: str | None = None
    origin_type: str | None = None
    origin: str | None = None
    departure: When = None
    arrival: When = None
    declared: When = None
    pre_test_time: When = None
    pre_test_result: str | None = None
    business: bool | None = None
    reported: dt.date | None = None
    remark: str | None = None


@dataclass
class Occupant:
    name: str | None
    id_number: str | None
    phone: str | None
    pre_test_time: When = None
    pre_test_result: str | None = None
    vaccination: str | None = None


@dataclass
class Truck:
    source: Source
    plate: str | None = None
    enterprise: str | None = None
    planned_arrival: When = None
    route: str | None = None
    entry_mode: str | None = None
    history_7d: str | None = None
    name: list | None = None
    id_number: list | None = None
    phone: list | None = None
    declared: When = None
    pre_test_time: list | None = None  # per occupant, or one for the whole crew
    pre_test_result: list | None = None
    vaccination: list | None = None
    remark: str | None = None

    @property
    def occupants(self) -> list[Occupant]:
        """One entry per occupant; lists of unequal length are padded with None, and a test or
        vaccination given once stands for every occupant."""
        columns = [self.name or [], self.id_number or [], self.phone or []]
        size = max(len(c) for c in columns)
        padded = [c + [None] * (size - len(c)) for c in columns]
        per_person = []
        for values in (self.pre_test_time, self.pre_test_result, self.vaccination):
            values = list(values or [])
            per_person.append(values * size if len(values) == 1 else values + [None] * (size - len(values)))
        return [Occupant(*values) for values in zip(*padded, *per_person)]

    @property
    def test_time(self) -> When:
        """The crew's 48-hour test time when all agree (or the only one given)."""
        times = {t for t in self.pre_test_time or () if t is not None}
        return next(iter(times)) if len(times) == 1 else None


def merge_crew_rows(trucks: list[Truck]) -> list[Truck]:
    """A crew written one person per row - the plate, enterprise and arrival repeated or in
    merged cells - is one truck: consecutive rows with the same plate and planned arrival."""
    merged: list[Truck] = []
    for truck in trucks:
        last = merged[-1] if merged else None
        if (last is not None and truck.plate and truck.plate == last.plate
                and truck.planned_arrival == last.planned_arrival):
            first_size = len(last.occupants)
            for key in ("name", "id_number", "phone"):
                setattr(last, key, (getattr(last, key) or [None] * first_size) + (getattr(truck, key) or [None]))
            for key in ("pre_test_time", "pre_test_result", "vaccination"):
                mine = [getattr(o, key) for o in last.occupants[:first_size]]
                theirs = [getattr(o, key) for o in truck.occupants]
                setattr(last, key, mine + theirs)
        else:
            merged.append(dataclasses.replace(truck))
    return merged


@dataclass
class Event:
    source: Source
    event_name: str | None = None
    enterprise: str | None = None
    event_date: dt.date | None = None
    size: int | None = None
    participant_origin: str | None = None
    declared: dt.date | None = None
    approval_result: str | None = None  # 已批准, 审批中, 未批准
    plan: bool | None = None
    emergency_plan: bool | None = None
    remark: str | None = None


@dataclass
class Inspection:
    source: Source
    inspection_date: dt.date | None = None
    enterprise: str | None = None
    inspector: str | None = None
    problems: str | None = None
    deadline: dt.date | None = None
    rectification: str | None = None
    reminders: int | None = None
    reminder_dates: list | None = None  # 督促日期: one date per reminder, in one cell
    remark: str | None = None


@dataclass
class SampleRecord:
    source: Source
    name: str | None = None
    id_number: str | None = None
    sample_time: When = None
    result: str | None = None
    test_place: str | None = None
    remark: str | None = None


@dataclass
class Trip:
    """差旅备案 (一（一）): a member of staff leaving Jinjiang on business or privately."""
    source: Source
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    enterprise: str | None = None
    trip_type: str | None = None  # 因公, 因私
    destination: str | None = None
    destination_type: str | None = None  # the origin vocabulary: 高风险区 … 省内
    leave_date: dt.date | None = None
    expected_return: dt.date | None = None
    returned: dt.date | None = None
    remark: str | None = None


RECORD_TYPES = {
    "enterprises": Enterprise,
    "employees": Employee,
    "arrivals": Arrival,
    "trucks": Truck,
    "events": Event,
    "inspections": Inspection,
    "tests": SampleRecord,
    "trips": Trip,
}


def _tidy_text(value):
    if value.__class__ is str:
        return tidy(value) or None
    return value


def records_of(checked: CheckedTable) -> list:
    """The typed records of one checked sheet; free text is tidied here (full-width
    characters, stray spaces and line breaks), not during validation."""
    cls = RECORD_TYPES[checked.role.key]
    names = {f.name for f in dataclasses.fields(cls)} - {"source"}
    keys = [k for k in checked.clean if k in names]
    text_keys = {f.key for f in checked.role.fields if f.kind == TEXT and not f.multi}
    columns = [[_tidy_text(v) for v in checked.clean[k]] if k in text_keys else checked.clean[k] for k in keys]
    table = checked.table
    return [
        cls(Source(table.file, table.sheet, row), **dict(zip(keys, values)))
        for row, values in zip(table.rows, zip(*columns) if columns else ([()] * len(table.rows)))
    ]


_COMMUNITY_IN_NAME = re.compile(r"([\u4e00-\u9fff]{2,6}?社区)")


@dataclass
class CommunityLedger:
    """Everything one workbook records, as typed records."""

    file: str
    community: str
    columns: dict[str, frozenset] = field(default_factory=dict)  # role key -> field keys the sheet has
    enterprises: list[Enterprise] = field(default_factory=list)
    employee_tables: list[CheckedTable] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    trucks: list[Truck] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    tests: list[SampleRecord] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)
    _employees: list[Employee] | None = None

    @property
    def employees(self) -> list[Employee]:
        """Built on first use: tens of thousands of records that most rules never need."""
        if self._employees is None:
            self._employees = [e for checked in self.employee_tables for e in records_of(checked)]
        return self._employees

    def employee_column(self, key: str) -> list:
        """One clean column of 员工台账 without building records (None where absent)."""
        values: list = []
        for checked in self.employee_tables:
            column = checked.clean.get(key)
            values.extend(column if column is not None else [None] * len(checked.table))
        return values


def community_ledger(file: str, tables: list[CheckedTable]) -> CommunityLedger:
    """Typed records of one workbook; its community is the one its 企业台账 names most."""
    ledger = CommunityLedger(file, "")
    for checked in tables:
        if checked.role.key == "employees":
            ledger.employee_tables.append(checked)
        else:
            getattr(ledger, checked.role.key).extend(records_of(checked))
        ledger.columns[checked.role.key] = frozenset(checked.table.columns)
    ledger.trucks = merge_crew_rows(ledger.trucks)
    named = Counter(e.community for e in ledger.enterprises if e.community)
    if named:
        ledger.community = named.most_common(1)[0][0]
    else:
        match = _COMMUNITY_IN_NAME.search(file.replace("西园街道", ""))
        ledger.community = match.group(1) if match else file.rsplit(".", 1)[0]
    return ledger
