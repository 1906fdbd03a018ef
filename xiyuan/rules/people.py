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
from xiyuan.intake.schema import VOCABULARIES
from xiyuan.rules.policy import ISOLATION_KINDS, Category, Phase, Policy
from xiyuan.rules.statements import Clauses, Statement
from xiyuan.rules.time_windows import declared_ahead, within_before

TEST_STATUS_LABELS = {
    "done": "已检测", "due_today": "今日应检", "overdue": "逾期未检", "upcoming": "待检测", "positive": "阳性",
    "pending_result": "结果待出", "late_not_counted": "补检（按政策不计）",
}
PERSON_STATUS_LABELS = {
    "no_requirement": "无检测隔离要求", "not_arrived": "尚未抵晋", "isolating": "隔离中", "monitoring": "健康监测中",
    "pending_verification": "待核验", "cleared": "已解除", "overdue": "有逾期未检", "positive": "阳性",
}
CHECK_STATUS_LABELS = {"ok": "符合", "late": "不符合", "missing": "缺失", "verify": "需核实"}
NEGATIVE, POSITIVE, PENDING = "阴性", "阳性", "待出"


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
    """A period of the schedule: an isolation, or a health-monitoring phase."""
    kind: str
    label: str
    start: dt.date
    end: dt.date
    keeps_out: bool = True  # the person may not enter the factory during it
    place: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "keeps_out": self.keeps_out}


@dataclass
class ScheduledTest:
    date: dt.date  # the day it falls on, or the first day it may be taken
    label: str
    place: str
    status: str = "upcoming"
    result: str | None = None
    sampled: dt.date | dt.datetime | None = None
    deadline: dt.date | None = None  # "N tests in D days": the last day it may be taken
    due_by: dt.datetime | None = None  # "within H hours of arrival": the moment it is due
    samples: int = 1  # 2: 双采双检
    late: bool = False  # sampled after its day (补检)
    hours_apart: int = 0  # after the previous test of its window
    until_results: bool = False  # the person stays home until its result is in

    @property
    def last_day(self) -> dt.date:
        return self.due_by.date() if self.due_by else self.deadline or self.date

    def copy(self) -> "ScheduledTest":
        twin = object.__new__(ScheduledTest)
        twin.__dict__.update(self.__dict__)
        return twin

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "label": self.label, "place": self.place, "status": self.status,
                "status_label": TEST_STATUS_LABELS[self.status], "result": self.result,
                "sampled": self.sampled.isoformat() if self.sampled else None,
                "deadline": self.last_day.isoformat() if self.last_day != self.date else None,
                "due_by": self.due_by.isoformat(timespec="minutes") if self.due_by else None,
                "samples": self.samples, "late": self.late}


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
    _explanation: Statement | None = field(default=None, repr=False)

    @property
    def explanation(self) -> Statement | None:
        """One sentence on the person, worded when first asked for: most runs print none."""
        if self._explanation is None and self.category is not None and self.arrival is not None:
            self._explanation = _explain(self)
        return self._explanation

    @explanation.setter
    def explanation(self, value: Statement | None) -> None:
        self._explanation = value

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


def day_date(policy: Policy, start: dt.date, day: int, follows_day_one: bool = True,
             from_departure: bool = False) -> dt.date:
    """The calendar date of day `day` (1-based) of a schedule starting on `start`.

    Counted from arrival, isolation and monitoring days follow the policy's day-one convention;
    tests without a period (the 落地检测 "入晋后第一时间") always count from the arrival day.
    Counted from leaving the risk area, the day of leaving is day 1."""
    later = policy.day_one == "day_after_arrival" and follows_day_one and not from_departure
    return start + dt.timedelta(days=day if later else day - 1)


def _test_label(policy: Policy, phase: Phase, first_phase: bool, day: int) -> str:
    if not phase.has_period and first_phase:
        label = f"落地核酸检测（第{day}天）" if day == 1 else f"第{day}天核酸检测"
    elif not phase.has_period:  # tests after the periods: named by their phase
        label = f"{phase.label}第{day}天"
    else:
        label = f"{phase.label}第{day}天"
        if first_phase and day == 1 and policy.day_one == "arrival":
            label += "（即到即检）"
    return label + ("（双采双检）" if day in phase.double_sampling else "")


def schedule_start(category: Category, person: Arrival) -> tuple[dt.date | None, bool]:
    """Day 1 of the person's schedule, and whether it counts from leaving the risk area (the
    category says so and the ledger has the date of leaving); else from arrival."""
    departure = day_of(person.departure)
    if category.count_from == "departure" and departure is not None:
        return departure, True
    return day_of(person.arrival), False


def schedule_person(person: Arrival, policy: Policy, tests: dict[str, list[SampleRecord]],
                    as_of: dt.date, community: str = "") -> PersonSchedule:
    category = policy.category_for(person.person_type, person.origin_type)
    arrival = day_of(person.arrival)
    why = _why(person, category)
    result = PersonSchedule(person, community, category, why, arrival)
    if category is None and arrival is not None and _known_types(person):
        # the rule set asks nothing of this kind of person (e.g. domestic travellers after a relaxation)
        result.may_enter_reason = Statement("entry.no_requirement", {"number": policy.number})
        result.status = "not_arrived" if as_of < arrival else "no_requirement"
        result.explanation = Statement("person.no_requirement", {"why": why, "number": policy.number})
        return result
    if category is None or arrival is None:
        result.may_enter_reason = Statement("entry.unknown")
        result.status = "pending_verification"
        result.explanation = Statement("person.cannot_schedule", {"why": why})
        return result
    own_tests = tests.get(person.id_number or "", [])
    result.checks = _checks(person, category, policy, own_tests)
    start, from_departure = schedule_start(category, person)
    if category.count_from == "departure" and not from_departure:
        result.checks.append(Check("departure", Statement("check.departure"), "verify",
                                   Statement("check.departure_missing"), category.clause))
    result.isolation, result.tests = _plan(policy, category, arrival, start, person.arrival, from_departure)
    if own_tests:
        _match_results(result.tests, _after_arrival(own_tests, person.arrival), policy.late_sample_counts)
    for test in result.tests:
        if test.result is None and test.status == "upcoming":
            test.status = "overdue" if test.last_day < as_of else "due_today" if test.date <= as_of else "upcoming"
    # the pre-departure test counts too: look from two days before leaving
    result.positive = _positive_since(own_tests, (day_of(person.departure) or arrival) - dt.timedelta(days=2))
    _entry(result, policy, category)
    result.status = _status(result, as_of)
    return result


def _known_types(person: Arrival) -> bool:
    return person.person_type in VOCABULARIES["person_type"] and person.origin_type in VOCABULARIES["origin_type"]


def _why(person: Arrival, category: Category | None) -> Statement:
    if category is None:
        return Statement("person.no_category", {"person_type": person.person_type or "未填",
                                                "origin_type": person.origin_type or "未填"})
    return Statement("person.category", {"person_type": person.person_type, "origin_type": person.origin_type,
                                         "origin": person.origin or "来源地未填", "category": category.label,
                                         "clause": category.clause}, category.clause)


def planned_tests(policy: Policy, category: Category, arrival: dt.date, start: dt.date | None = None,
                  arrival_moment=None, from_departure: bool = False) -> list[tuple[Phase, int, ScheduledTest]]:
    """Every test the category's phases ask for, with its phase and its day number.

    Days count from `start` (the arrival day, or - from_departure - the day of leaving the risk
    area); tests that fall before arrival are not owed (填平补齐). A first test due "within H
    hours of arrival" falls on the arrival day and is due at that moment when the time is known."""
    start = start or arrival
    planned, day = [], 1
    for number, phase in enumerate(category.phases):
        place = policy.place(phase.place)
        # a landing test counts from the arrival day; anything after a period follows day one
        follows = phase.has_period or from_departure or number > 0
        if phase.window:
            step = -(-phase.window.hours_apart // 24)
            for k in range(phase.window.count):
                earliest, latest = day + k * step, day + phase.days - 1 - (phase.window.count - 1 - k) * step
                planned.append((phase, earliest, ScheduledTest(
                    date=day_date(policy, start, earliest, follows, from_departure),
                    deadline=day_date(policy, start, latest, follows, from_departure),
                    label=f"{phase.label}第{k + 1}次", place=place,
                    hours_apart=phase.window.hours_apart if k else 0)))
        else:
            for test_day in phase.test_days:
                overall = test_day if phase.numbering == "overall" else day + test_day - 1
                planned.append((phase, test_day, ScheduledTest(
                    date=day_date(policy, start, overall, follows, from_departure),
                    label=_test_label(policy, phase, number == 0, test_day), place=place,
                    samples=2 if test_day in phase.double_sampling else 1)))
        if number == 0 and phase.first_test_within_hours and planned:
            moment = as_datetime(arrival_moment) if isinstance(arrival_moment, dt.datetime) else None
            first = planned[0][2]
            first.label = f"抵晋{phase.first_test_within_hours}小时内核酸检测"
            first.date = arrival  # whatever day one is, it is taken from the arrival on
            if moment is not None:
                first.due_by = moment + dt.timedelta(hours=phase.first_test_within_hours)
            elif first.deadline is None:
                first.deadline = arrival + dt.timedelta(days=-(-phase.first_test_within_hours // 24))
        day += phase.days
    firsts = set()
    for phase, _, test in planned:
        # "first": home only until the phase's first result; true: until all of them
        test.until_results = bool(phase.until_results) and (phase.until_results is True or id(phase) not in firsts)
        firsts.add(id(phase))
    return [item for item in planned if item[2].last_day >= arrival]


_PLANS: dict[tuple, tuple] = {}


def _plan(policy: Policy, category: Category, arrival: dt.date, start: dt.date, arrival_moment,
          from_departure: bool) -> tuple[list, list]:
    """A person's periods and fresh scheduled tests. Thousands of people share a category and
    an arrival day: their plan is worked out once and each gets copies of its tests."""
    moment = arrival_moment if any(p.first_test_within_hours for p in category.phases) else None
    key = (id(policy), id(category), arrival, start, from_departure, moment)
    found = _PLANS.get(key)
    # the entry holds the policy and category themselves, so their ids cannot be reused by
    # others while it exists
    if found is None or found[0] is not policy or found[1] is not category:
        if len(_PLANS) > 50_000:
            _PLANS.clear()
        found = _PLANS[key] = (
            policy, category, _periods(policy, category, start, arrival, from_departure),
            [test for _, _, test in planned_tests(policy, category, arrival, start, arrival_moment, from_departure)])
    _, _, periods, tests = found
    return list(periods), [test.copy() for test in tests]


def _periods(policy: Policy, category: Category, start: dt.date, arrival: dt.date,
             from_departure: bool) -> list[Isolation]:
    """The isolation and monitoring periods; counted from leaving the risk area, only what is
    left of them after arrival."""
    periods, day = [], 1
    for phase in category.phases:
        if phase.has_period:
            first = day_date(policy, start, day, True, from_departure)
            last = day_date(policy, start, day + phase.days - 1, True, from_departure)
            if last >= arrival:
                periods.append(Isolation(phase.kind, phase.label, max(first, arrival), last, phase.keeps_out,
                                         policy.place(phase.place)))
        day += phase.days
    return periods


def _after_arrival(records: list[SampleRecord], arrival) -> list[SampleRecord]:
    """The samples that can count for a scheduled test: taken at or after arrival. A sample
    taken earlier on the arrival day (before setting off) is not the day-1 test."""
    moment = arrival if isinstance(arrival, dt.datetime) else None
    day = day_of(arrival)
    kept = []
    for record in records:
        taken = record.sample_time
        if moment is not None and isinstance(taken, dt.datetime):
            if taken >= moment:
                kept.append(record)
        elif day_of(taken) >= day:
            kept.append(record)
    return kept


def _match_results(scheduled: list[ScheduledTest], records: list[SampleRecord], late_counts: bool = True) -> None:
    """Pair each scheduled test with the samples taken in its time (a positive one first), or
    else with one taken after it and before the next test (补检). A test on a 双采双检 day needs
    two samples; a test of a "N tests in D days" window comes at least its hours after the one
    before."""
    used: set[int] = set()
    previous: dt.datetime | None = None
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_day[day_of(record.sample_time)].append(index)
    days = sorted(by_day)
    for number, test in enumerate(scheduled):
        next_date = scheduled[number + 1].date if number + 1 < len(scheduled) else None
        spaced = (lambda i: previous is None or not test.hours_apart
                  or as_datetime(records[i].sample_time) >= previous + dt.timedelta(hours=test.hours_apart))
        in_time = [i for d in days if test.date <= d <= test.last_day for i in by_day[d] if i not in used and spaced(i)]
        if test.due_by is not None:
            in_time = [i for i in in_time if as_datetime(records[i].sample_time) <= test.due_by]
        late = [i for d in days if d > test.last_day and (next_date is None or d < next_date)
                for i in by_day[d] if i not in used]
        if in_time:
            positive_first = sorted(in_time, key=lambda i: records[i].result != POSITIVE)
            chosen = positive_first[:test.samples]
        elif late:
            chosen = late[:1]
        else:
            continue
        used.update(chosen)
        record = records[chosen[0]]
        test.sampled, test.result = record.sample_time, record.result
        previous = as_datetime(record.sample_time)
        test.late = not in_time
        if any(records[i].result == POSITIVE for i in chosen):
            test.status, test.result = "positive", POSITIVE
        elif any(records[i].result == PENDING or records[i].result is None for i in chosen):
            test.status, test.result = "pending_result", PENDING
        elif test.late and not late_counts:
            test.status = "late_not_counted"
        elif len(chosen) < test.samples:
            test.status, test.result = "upcoming", None  # one of two samples: still due (status set by date)
        else:
            test.status = "done"


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
    keep_out = [period for period in result.isolation if period.keeps_out]
    until_results = [t for t in result.tests if t.until_results]
    if _is_positive(result):
        result.may_enter_reason = Statement("entry.positive")
    elif category.entry == "after_isolation" and (keep_out or until_results):
        ends = [keep_out[-1].end] if keep_out else []
        ends += [day_of(t.sampled) for t in until_results if t.sampled is not None]
        ends += [t.last_day for t in until_results if t.sampled is None]
        result.may_enter = max(ends) + dt.timedelta(days=1)
        # the tests that decide entry are those before it (a monitoring phase may test later)
        deciding = [t for t in result.tests if t.date < result.may_enter]
        if all(t.status == "done" and t.result == NEGATIVE for t in deciding):
            result.may_enter_reason = Statement("entry.cleared", {"count": len(deciding), "clause": category.clause})
        else:
            result.may_enter_reason = Statement("entry.pending", {"count": len(deciding)})
    elif category.entry == "loading_zone_only":
        result.may_enter_reason = Statement("entry.loading_zone", {"clause": policy.trucks.clause if policy.trucks else category.clause})
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
    current = [i for i in result.isolation if i.start <= as_of <= i.end]
    if any(i.kind in ISOLATION_KINDS for i in current):
        return "isolating"
    if current:
        return "monitoring"
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


def schedule_all(arrivals: list[tuple[str, Arrival]], tests, policy: Policy,
                 as_of: dt.date) -> list[PersonSchedule]:
    """Schedules for (community, person) pairs; test records (a list, or index_tests of one)
    matched by ID number."""
    index = tests if isinstance(tests, dict) else index_tests(tests)
    return [schedule_person(person, policy, index, as_of, community) for community, person in arrivals]
