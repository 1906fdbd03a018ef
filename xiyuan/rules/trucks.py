"""Trucks (货车登记), 一（三）: declaration 24 h ahead, a negative test within 48 h of arrival,
the landing-test point by entry route, every required field, valid occupants, and a 7-day
travel history that names a high-risk area (flagged for the office to judge).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from xiyuan.checks.fields.dates import day_of
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.checks.fields.phone import mask as mask_phone
from xiyuan.checks.ledger import Truck
from xiyuan.rules.policy import Policy
from xiyuan.rules.statements import Statement
from xiyuan.rules.time_windows import declared_ahead, within_before

NEGATIVE = "阴性"
_NEGATED = re.compile(r"(?:无|非|没有|未到过|未去过|未途经|不涉及|未涉及)[^，。；,;、）)]*")
REQUIRED = (("plate", "车牌号"), ("planned_arrival", "计划抵晋时间"), ("route", "行驶路线"),
            ("entry_mode", "入晋方式"), ("history_7d", "近7天旅居史"), ("declared", "申报时间"))
# 一（三）① lists these for every person in the truck
PER_PERSON = (("name", "姓名"), ("id_number", "身份证号"), ("phone", "电话"), ("pre_test_time", "48小时核酸时间"),
              ("pre_test_result", "48小时核酸结果"), ("vaccination", "疫苗接种"))


@dataclass
class TruckResult:
    truck: Truck
    community: str
    landing_place: str
    ok: bool
    flags: list[Statement] = field(default_factory=list)
    explanation: Statement | None = None
    clause: str = ""

    @property
    def arrival_day(self) -> dt.date | None:
        return day_of(self.truck.planned_arrival)

    def to_dict(self) -> dict:
        t = self.truck
        return {
            "plate": t.plate, "enterprise": t.enterprise, "community": self.community,
            "planned_arrival": t.planned_arrival.isoformat() if t.planned_arrival else None,
            "entry_mode": t.entry_mode, "landing_place": self.landing_place,
            "occupants": [{"name": o.name, "id_number": mask_id(o.id_number or ""), "phone": mask_phone(o.phone or ""),
                           "pre_test_result": o.pre_test_result, "vaccination": o.vaccination} for o in t.occupants],
            "ok": self.ok, "flags": [f.to_dict() for f in self.flags], "clause": self.clause,
            "explanation": self.explanation, "file": t.source.file, "sheet": t.source.sheet, "row": t.source.row,
        }


def _occupant_problems(truck: Truck, rules, clause: str, tests, as_of) -> list[Statement]:
    """Per person: every item 一（三）① lists, the 48-hour test, and - once the arrival day is
    past - a landing test (a sample in the test records from the arrival on)."""
    flags = []
    arrival = day_of(truck.planned_arrival)
    landed = tests is not None and as_of is not None and arrival is not None and arrival < as_of
    for number, person in enumerate(truck.occupants, 1):
        who = person.name or f"第{number}人"
        missing = [label for key, label in PER_PERSON if getattr(person, key) in (None, "")]
        if missing:
            flags.append(Statement("truck.occupant_missing", {"who": who, "fields": "、".join(missing)}, clause))
        if person.pre_test_time is not None:
            status, detail = within_before(truck.planned_arrival, person.pre_test_time, rules.test_within_hours,
                                           what=Statement("term.test"), event_name=Statement("term.arrival"))
            if status != "ok":
                flags.append(Statement(f"truck.test_{status}", {"hours": rules.test_within_hours,
                                                                 "detail": Statement("truck.who", {"who": who, "detail": detail})},
                                       clause))
        if person.pre_test_result and person.pre_test_result != NEGATIVE:
            flags.append(Statement("truck.test_not_negative", {"result": f"{who}：{person.pre_test_result}"}, clause))
        if landed and person.id_number:
            taken = [r for r in tests.get(person.id_number, ()) if day_of(r.sample_time) >= arrival]
            if not taken:
                flags.append(Statement("truck.landing_test_missing", {"who": who, "arrival": arrival}, clause))
    return flags


def assess_truck(truck: Truck, policy: Policy, community: str = "", tests=None,
                 as_of: dt.date | None = None) -> TruckResult:
    """`tests`: test records by ID number (people.index_tests), to see the landing tests done."""
    rules = policy.trucks
    if rules is None:  # the rule set asks nothing of trucks
        return TruckResult(truck, community, "", True, [], Statement("truck.no_requirement", {"number": policy.number}))
    clause = rules.clause
    flags: list[Statement] = []
    missing = [label for key, label in REQUIRED if getattr(truck, key) in (None, "", [])]
    if missing:
        flags.append(Statement("truck.fields_missing", {"fields": "、".join(missing)}, clause))
    status, detail = declared_ahead(truck.planned_arrival, truck.declared, rules.declare_hours)
    if status != "ok":
        flags.append(Statement(f"truck.declaration_{status}", {"hours": rules.declare_hours, "detail": detail}, clause))
    flags.extend(_occupant_problems(truck, rules, clause, tests, as_of))
    history = truck.history_7d or ""
    affirmed = _NEGATED.sub("", history)  # "无中高风险地区旅居史", "（非高风险区）" say the opposite
    hits = [w for w in (*rules.high_risk_keywords, *rules.high_risk_areas) if w and w in affirmed]
    if hits:
        flags.append(Statement("truck.history_high_risk", {"history": history, "hits": "、".join(hits)}, clause))
    if truck.entry_mode in rules.landing_place:
        place = policy.places[rules.landing_place[truck.entry_mode]]
    else:
        place = policy.place("expressway_or_convenience")
    ok = not flags
    if ok:
        text = Statement("truck.explanation_ok", {"place": place}, clause)
    else:
        text = Statement("truck.explanation_problems", {"count": len(flags), "place": place}, clause)
    return TruckResult(truck, community, place, ok, flags, text, clause)
