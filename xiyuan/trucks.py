"""Trucks (货车登记), 一（三）: declaration 24 h ahead, a negative test within 48 h of arrival,
the landing-test point by entry route, every required field, valid occupants, and a 7-day
travel history that names a high-risk area (flagged for the office to judge).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from xiyuan.enterprises import Flag
from xiyuan.fields.dates import day_of
from xiyuan.fields.id_number import mask as mask_id
from xiyuan.fields.phone import mask as mask_phone
from xiyuan.ledger import Truck
from xiyuan.policy import Policy
from xiyuan.windows import declared_ahead, within_before

NEGATIVE = "阴性"
_NEGATED = re.compile(r"(?:无|非|没有|未到过|未去过|未途经|不涉及|未涉及)[^，。；,;、）)]*")
REQUIRED = (("plate", "车牌号"), ("planned_arrival", "计划抵晋时间"), ("route", "行驶路线"),
            ("entry_mode", "入晋方式"), ("history_7d", "近7天旅居史"), ("declared", "申报时间"),
            ("pre_test_time", "48小时核酸时间"), ("pre_test_result", "48小时核酸结果"), ("vaccination", "疫苗接种"))


@dataclass
class TruckResult:
    truck: Truck
    community: str
    landing_place: str
    ok: bool
    flags: list[Flag] = field(default_factory=list)
    explanation: str = ""
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
            "occupants": [{"name": o.name, "id_number": mask_id(o.id_number or ""), "phone": mask_phone(o.phone or "")}
                          for o in t.occupants],
            "ok": self.ok, "flags": [f.to_dict() for f in self.flags], "clause": self.clause,
            "explanation": self.explanation, "file": t.source.file, "sheet": t.source.sheet, "row": t.source.row,
        }


def assess_truck(truck: Truck, policy: Policy, community: str = "") -> TruckResult:
    rules = policy.trucks
    clause = rules.clause
    flags: list[Flag] = []
    missing = [label for key, label in REQUIRED if getattr(truck, key) in (None, "", [])]
    if missing:
        flags.append(Flag("fields_missing", f"报备信息不全：缺{'、'.join(missing)}。", clause))
    status, detail = declared_ahead(truck.planned_arrival, truck.declared, rules.declare_hours)
    if status != "ok":
        flags.append(Flag(f"declaration_{status}", f"提前{rules.declare_hours}小时申报：{detail}。", clause))
    status, detail = within_before(truck.planned_arrival, truck.pre_test_time, rules.test_within_hours,
                                   what="核酸检测", event_name="抵晋")
    if status != "ok":
        flags.append(Flag(f"test_{status}", f"{rules.test_within_hours}小时内核酸：{detail}。", clause))
    if truck.pre_test_result and truck.pre_test_result != NEGATIVE:
        flags.append(Flag("test_not_negative", f"核酸结果为“{truck.pre_test_result}”，不得进入厂区作业。", clause))
    bad = [o.name or f"第{n}人" for n, o in enumerate(truck.occupants, 1) if not (o.name and o.id_number and o.phone)]
    if bad:
        flags.append(Flag("occupant_invalid", f"司乘人员{'、'.join(bad)}的姓名、身份证号或电话缺失或有误，请核对。", clause))
    history = truck.history_7d or ""
    affirmed = _NEGATED.sub("", history)  # "无中高风险地区旅居史", "（非高风险区）" say the opposite
    hits = [w for w in (*rules.high_risk_keywords, *rules.high_risk_areas) if w and w in affirmed]
    if hits:
        flags.append(Flag("history_high_risk", f"近7天旅居史“{history}”涉及{'、'.join(hits)}，请街道专班研判。", clause))
    if truck.entry_mode in rules.landing_place:
        place = policy.places[rules.landing_place[truck.entry_mode]]
    else:
        place = policy.place("expressway_or_convenience")
    ok = not flags
    text = f"入晋后第一时间到{place}落地检测；装卸时“人不离车、即送即走”"
    text = ("报备齐全，" if ok else f"有{len(flags)}项问题，") + text + "。"
    return TruckResult(truck, community, place, ok, flags, text, clause)
