"""Per-person schedules for travellers and visitors (来晋人员登记), by the policy file.

For each person: the category and why, the pre-arrival checks (48-hour test, 24-hour
declaration, the enterprise's 报备 for business visitors), the isolation phases, every
scheduled test with its date, label and place, the day they may enter the factory, and - as of
a given day - the status of each test and of the person. The numbers (5+3, days 1/3/5/7, 48 h,
24 h) all come from the policy; this module only applies them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from xiyuan.checks.fields.dates import as_datetime, day_of
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.checks.ledger import Arrival, SampleRecord
from xiyuan.rules.policy import Category, Phase, Policy
from xiyuan.rules.statements import Clauses, Statement
from xiyuan.rules.time_windows import declared_ahead, within_before

TEST_STATUS_LABELS = {
    "done": "已检测", "due_today": "今日应检", "overdue": "逾期未检", "upcoming": "待检测", "positive": "阳性",
}
PERSON_STATUS_LABELS = {
    "no_requirement": "无检测隔离要求", "not_arrived": "尚未抵晋", "isolating": "隔离中",
    "pending_verification": "待核验", "cleared": "已解除", "overdue": "有逾期未检", "positive": "阳性",
}
CHECK_STATUS_LABELS = {"ok": "符合", "late": "不符合", "missing": "缺失", "verify": "需核实"}
NEGATIVE, POSITIVE = "阴性", "阳性"


@dataclass
class Check:
    code: str  # pre_test, declaration, arrival_test, business_report, report_to_community
    label: Statement
    status: str  # ok, late, missing, verify
    detail: Statement
    clause: str

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "status": self.status,
                "status_label": CHECK_STATUS_LABELS[self.status], "detail": self.detail,
                "detail_code": self.detail.code, "clause": self.clause}


@dataclass
class Isolation:
    kind: str
    label: str
    start: dt.date
    end: dt.date

    def to_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass
class ScheduledTest:
    date: dt.date
    label: str
    place: str
    status: str = "upcoming"
    result: str | None = None
    sampled: dt.date | dt.datetime | None = None

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "label": self.label, "place": self.place, "status": self.status,
                "status_label": TEST_STATUS_LABELS[self.status], "result": self.result,
                "sampled": self.sampled.isoformat() if self.sampled else None}


@dataclass
class PersonSchedule:
    person: Arrival
    community: str
    category: Category | None
    why: Statement
    arrival: dt.date | None
    checks: list[Check] = field(default_factory=list)
    isolation: list[Isolation] = field(default_factory=list)
    tests: list[ScheduledTest] = field(default_factory=list)
    may_enter: dt.date | None = None
    may_enter_reason: Statement | None = None
    positive: SampleRecord | None = None  # a positive sample since departure, scheduled or not
    status: str = "pending_verification"
    explanation: Statement | None = None

    @property
    def clause(self) -> str:
        return self.category.clause if self.category else ""

    def to_dict(self) -> dict:
        source = self.person.source
        return {
            "name": self.person.name, "id_number": mask_id(self.person.id_number or ""),
            "enterprise": self.person.enterprise, "community": self.community,
            "file": source.file, "sheet": source.sheet, "row": source.row,
            "category": self.category.key if self.category else None,
            "category_label": self.category.label if self.category else None,
            "clause": self.clause, "why": self.why,
            "arrival": self.arrival.isoformat() if self.arrival else None,
            "checks": [c.to_dict() for c in self.checks],
            "isolation": [i.to_dict() for i in self.isolation],
            "tests": [t.to_dict() for t in self.tests],
            "may_enter": self.may_enter.isoformat() if self.may_enter else None,
            "may_enter_reason": self.may_enter_reason,
            "status": self.status, "status_label": PERSON_STATUS_LABELS[self.status],
            "explanation": self.explanation,
        }


# --- test records ------------------------------------------------------------------------


def index_tests(records: list[SampleRecord]) -> dict[str, list[SampleRecord]]:
    """Test records by ID number, oldest first."""
    by_id: dict[str, list[SampleRecord]] = defaultdict(list)
    for record in records:
        if record.id_number and record.sample_time:
            by_id[record.id_number].append(record)
    for items in by_id.values():
        items.sort(key=lambda r: as_datetime(r.sample_time))
    return by_id


# --- the schedule --------------------------------------------------------------------------


def day_date(policy: Policy, arrival: dt.date, day: int, isolating: bool = True) -> dt.date:
    """The calendar date of day `day` (1-based) for someone arriving on `arrival`.

    Isolation days follow the policy's day-one convention; tests without isolation (the
    落地检测 "入晋后第一时间") always count from the arrival day."""
    offset = day - 1 if policy.day_one == "arrival" or not isolating else day
    return arrival + dt.timedelta(days=offset)


def _test_label(policy: Policy, phase: Phase, first_phase: bool, day: int) -> str:
    if not phase.isolates:
        return f"落地核酸检测（第{day}天）" if day == 1 else f"第{day}天核酸检测"
    label = f"{phase.label}第{day}天"
    if first_phase and day == 1 and policy.day_one == "arrival":
        label += "（即到即检）"
    return label


def schedule_person(person: Arrival, policy: Policy, tests: dict[str, list[SampleRecord]],
                    as_of: dt.date, community: str = "") -> PersonSchedule:
    category = policy.category_for(person.person_type, person.origin_type)
    arrival = day_of(person.arrival)
    why = _why(person, category)
    result = PersonSchedule(person, community, category, why, arrival)
    if category is None or arrival is None:
        result.may_enter_reason = Statement("entry.unknown")
        result.status = "pending_verification"
        result.explanation = Statement("person.cannot_schedule", {"why": why})
        return result
    own_tests = tests.get(person.id_number or "", [])
    result.checks = _checks(person, category, policy, own_tests)
    _phases_and_tests(result, policy, category, arrival)
    _match_results(result.tests, own_tests)
    for test in result.tests:
        if test.result is None:
            test.status = "overdue" if test.date < as_of else "due_today" if test.date == as_of else "upcoming"
    # the pre-departure test counts too: look from two days before leaving
    result.positive = _positive_since(own_tests, (day_of(person.departure) or arrival) - dt.timedelta(days=2))
    _entry(result, policy, category)
    result.status = _status(result, as_of)
    result.explanation = _explain(result)
    return result


def _why(person: Arrival, category: Category | None) -> Statement:
    if category is None:
        return Statement("person.no_category", {"person_type": person.person_type or "未填",
                                                "origin_type": person.origin_type or "未填"})
    return Statement("person.category", {"person_type": person.person_type, "origin_type": person.origin_type,
                                         "origin": person.origin or "来源地未填", "category": category.label,
                                         "clause": category.clause}, category.clause)


def planned_tests(policy: Policy, category: Category, arrival: dt.date) -> list[tuple[Phase, int, ScheduledTest]]:
    """Every test the category's phases ask for, dated from `arrival`, with its phase and the
    day of the phase it falls on."""
    planned, day = [], 1
    for number, phase in enumerate(category.phases):
        place = policy.place(phase.place)
        for test_day in phase.test_days:
            planned.append((phase, test_day, ScheduledTest(
                date=day_date(policy, arrival, day + test_day - 1, phase.isolates),
                label=_test_label(policy, phase, number == 0, test_day),
                place=place,
            )))
        day += phase.days
    return planned


def _phases_and_tests(result: PersonSchedule, policy: Policy, category: Category, arrival: dt.date) -> None:
    day = 1
    for phase in category.phases:
        if phase.isolates:
            start = day_date(policy, arrival, day, phase.isolates)
            end = day_date(policy, arrival, day + phase.days - 1, phase.isolates)
            result.isolation.append(Isolation(phase.kind, phase.label, start, end))
        day += phase.days
    result.tests = [test for _, _, test in planned_tests(policy, category, arrival)]


def _match_results(scheduled: list[ScheduledTest], records: list[SampleRecord]) -> None:
    """Pair each scheduled test with a record on its day (a positive one first, when a day has
    several), or else with a late one taken before the next scheduled test."""
    used: set[int] = set()
    for number, test in enumerate(scheduled):
        next_date = scheduled[number + 1].date if number + 1 < len(scheduled) else None
        same_day = [i for i, r in enumerate(records) if i not in used and day_of(r.sample_time) == test.date]
        late = [i for i, r in enumerate(records) if i not in used
                and test.date < day_of(r.sample_time) and (next_date is None or day_of(r.sample_time) < next_date)]
        candidates = same_day or late[:1]
        if not candidates:
            continue
        chosen = next((i for i in candidates if records[i].result == POSITIVE), candidates[0])
        used.add(chosen)
        record = records[chosen]
        test.result = record.result
        test.sampled = record.sample_time
        test.status = "positive" if record.result == POSITIVE else "done"


def _positive_since(records: list[SampleRecord], since: dt.date | None) -> SampleRecord | None:
    """Any positive sample taken on or after `since`, scheduled or not."""
    for record in records:
        if record.result == POSITIVE and (since is None or day_of(record.sample_time) >= since):
            return record
    return None


def _checks(person: Arrival, category: Category, policy: Policy, records: list[SampleRecord]) -> list[Check]:
    checks: list[Check] = []
    if category.pre_test_hours is not None:
        departure = person.departure
        fallback = None if person.pre_test_time else _record_before(records, departure or person.arrival)
        test = person.pre_test_time or (fallback.sample_time if fallback else None)
        abroad = person.origin_type in ("境外",)  # leaving the country, not a risk area
        status, detail = within_before(departure, test, category.pre_test_hours, what=Statement("term.pre_test"),
                                       event_name=Statement("term.departure_abroad" if abroad else "term.departure"))
        if person.pre_test_result == POSITIVE or (fallback is not None and fallback.result == POSITIVE):
            status, detail = "late", Statement("check.pre_test_positive")
        elif person.pre_test_result == "未检测":
            status, detail = "missing", Statement("check.not_tested")
        checks.append(Check("pre_test", Statement("check.pre_test", {"hours": category.pre_test_hours}), status,
                            detail, category.clause))
    if category.test_within_hours_of_arrival is not None:
        hours = category.test_within_hours_of_arrival
        status, detail = within_before(person.arrival, person.pre_test_time, hours,
                                       what=Statement("term.test"), event_name=Statement("term.arrival"))
        if person.pre_test_result == POSITIVE:
            status, detail = "late", Statement("check.test_positive")
        checks.append(Check("arrival_test", Statement("check.arrival_test", {"hours": hours}), status, detail,
                            category.clause))
    if category.declare_hours is not None:
        status, detail = declared_ahead(person.arrival, person.declared, category.declare_hours)
        checks.append(Check("declaration", Statement("check.declaration", {"hours": category.declare_hours}), status,
                            detail, category.clause))
    if person.business and person.origin_type in policy.business_report_origins:
        checks.append(_business_report(person, policy))
    if category.report_to_community:
        checks.append(Check("report_to_community", Statement("check.report_to_community"), "verify",
                            Statement("check.report_to_community_verify"), category.clause))
    return checks


def _record_before(records: list[SampleRecord], moment) -> SampleRecord | None:
    """The latest test record taken before `moment`, when the registration has no test time."""
    if moment is None:
        return None
    limit = as_datetime(moment)
    for record in reversed(records):
        if as_datetime(record.sample_time) <= limit:
            return record
    return None


def _business_report(person: Arrival, policy: Policy) -> Check:
    label = Statement("check.business_report")
    clause = policy.business_report_clause
    arrival = day_of(person.arrival)
    if person.reported is None:
        return Check("business_report", label, "missing",
                     Statement("check.report_missing", {"origin_type": person.origin_type,
                                                        "enterprise": person.enterprise or "所属企业"}, clause), clause)
    if arrival and person.reported > arrival:
        return Check("business_report", label, "late",
                     Statement("check.report_late", {"reported": person.reported, "arrival": arrival}, clause), clause)
    return Check("business_report", label, "ok", Statement("check.report_ok", {"reported": person.reported}, clause),
                 clause)


def _is_positive(result: PersonSchedule) -> bool:
    return (result.positive is not None or any(t.status == "positive" for t in result.tests)
            or result.person.pre_test_result == POSITIVE)


def _entry(result: PersonSchedule, policy: Policy, category: Category) -> None:
    if _is_positive(result):
        result.may_enter_reason = Statement("entry.positive")
    elif category.entry == "after_isolation" and result.isolation:
        result.may_enter = result.isolation[-1].end + dt.timedelta(days=1)
        if all(t.status == "done" and t.result == NEGATIVE for t in result.tests):
            result.may_enter_reason = Statement("entry.cleared", {"count": len(result.tests), "clause": category.clause})
        else:
            result.may_enter_reason = Statement("entry.pending", {"count": len(result.tests)})
    elif category.entry == "loading_zone_only":
        result.may_enter_reason = Statement("entry.loading_zone", {"clause": policy.trucks.clause})
    else:
        result.may_enter_reason = Statement("entry.unrestricted", {"clause": category.clause})


def _status(result: PersonSchedule, as_of: dt.date) -> str:
    if _is_positive(result):
        return "positive"
    if result.arrival and as_of < result.arrival:
        return "not_arrived"
    if not result.tests and not result.isolation:
        return "no_requirement"
    if any(t.status == "overdue" for t in result.tests):
        return "overdue"
    if any(i.start <= as_of <= i.end for i in result.isolation):
        return "isolating"
    if all(t.status == "done" and t.result == NEGATIVE for t in result.tests):
        return "cleared"
    return "pending_verification"


def _explain(result: PersonSchedule) -> Statement:
    """One sentence: category, arrival, isolation, tests, entry."""
    category = result.category
    parts = [Statement("explain.category", {"category": category.label, "clause": category.clause,
                                            "arrival": result.arrival})]
    for phase in result.isolation:
        parts.append(Statement("explain.phase", {"label": phase.label, "start": phase.start, "end": phase.end}))
    if len(result.tests) == 1:
        parts.append(Statement("explain.one_test", {"day": result.tests[0].date}))
    elif result.tests:
        parts.append(Statement("explain.tests", {"days": [t.date for t in result.tests], "count": len(result.tests)}))
    if result.status == "positive":
        parts.append(Statement("explain.positive"))
    elif result.may_enter:
        parts.append(Statement("explain.may_enter", {"day": result.may_enter}))
    elif not result.tests and not result.isolation:
        parts.append(Statement("explain.no_requirement"))
    return Statement("explain.sentence", {"parts": Clauses(parts)}, category.clause)


def schedule_all(arrivals: list[tuple[str, Arrival]], tests: list[SampleRecord], policy: Policy,
                 as_of: dt.date) -> list[PersonSchedule]:
    """Schedules for (community, person) pairs; test records matched by ID number."""
    index = index_tests(tests)
    return [schedule_person(person, policy, index, as_of, community) for community, person in arrivals]
