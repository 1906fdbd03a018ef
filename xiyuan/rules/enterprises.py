"""Enterprise flags: key enterprises, buffer zones, missing plans and people, 一（五） gaps,
the white list, and escalation after repeated reminders.

"200人以上" includes 200. "人员进出频繁" is either the ledger's own 是/否 column or the
daily-visitors threshold the office sets in the policy (the text gives no number); the reason
says which applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xiyuan.checks.crosscheck import enterprise_key
from xiyuan.rules.inspections import InspectionResult
from xiyuan.checks.ledger import Enterprise
from xiyuan.rules.policy import Policy
from xiyuan.rules.statements import Statement

ITEM_LABELS = {
    "plan": "疫情防控工作方案", "emergency_plan": "应急处置预案", "task_group": "防疫专班",
    "officer": "防疫专员", "liaison": "挂钩联系干部",
    "sentinel": "出入口电子哨兵或场所码", "temp_scan": "进出测温扫码登记", "delivery_point": "外卖快递无接触配送点",
    "itinerary_ledger": "员工及共同生活者行程台账", "health_monitor": "日常体温监测", "mass_testing": "按频次全员核酸检测",
    "key_post_protection": "保安、保洁、食堂等重点岗位防护", "outsourced_loop": "外包人员闭环管理",
    "disinfection": "环境清理消杀通风", "fewer_gatherings": "减少聚集性活动",
}


def Flag(code: str, params: dict | None = None, clause: str = "", words: str | None = None) -> Statement:
    """A flag or reason on an enterprise: a coded statement with its clause."""
    return Statement(code, params, clause, words)


@dataclass
class EnterpriseResult:
    enterprise: Enterprise
    community: str
    employees: int | None
    employees_source: str
    key: bool = False
    reasons: list[Flag] = field(default_factory=list)
    buffer_zone_required: bool = False
    flags: list[Flag] = field(default_factory=list)
    escalate: bool = False

    @property
    def name(self) -> str:
        return self.enterprise.enterprise or ""

    def to_dict(self) -> dict:
        e = self.enterprise
        return {
            "name": e.enterprise, "uscc": e.uscc, "community": self.community, "employees": self.employees,
            "employees_source": self.employees_source, "key": self.key,
            "reasons": [r.to_dict() for r in self.reasons], "buffer_zone_required": self.buffer_zone_required,
            "buffer_zone": e.buffer_zone, "white_list": bool(e.white_list),
            "flags": [f.to_dict() for f in self.flags], "escalate": self.escalate,
            "liaison": e.liaison, "officer": e.officer,
            "file": e.source.file, "sheet": e.source.sheet, "row": e.source.row,
        }


def headcount(declared: int | None, on_duty: int | None) -> tuple[int | None, str]:
    """The staff count that decides a large enterprise, and where it comes from: the larger of
    the declared 员工总数 and the on-duty staff the 员工台账 lists, since 二（一） makes the staff
    list the basis.

    >>> headcount(150, 230)
    (230, '员工台账在岗人数，多于填报的员工总数150人')
    >>> headcount(250, 180), headcount(None, 40), headcount(None, None)
    ((250, '员工总数'), (40, '员工台账'), (None, ''))
    """
    if declared is not None and on_duty is not None and on_duty > declared:
        return on_duty, f"员工台账在岗人数，多于填报的员工总数{declared}人"
    if declared is not None:
        return declared, "员工总数"
    if on_duty is not None:
        return on_duty, "员工台账"
    return None, ""


def assess_enterprise(enterprise: Enterprise, policy: Policy, listed: dict[str, int],
                      inspections: list[InspectionResult], community: str = "",
                      columns: frozenset | None = None) -> EnterpriseResult:
    """Flags for one enterprise; `listed` counts employees per enterprise_key in 员工台账.

    `columns` are the fields the ledger's 企业台账 has: a 一（五） item whose column the ledger
    does not keep at all is not reported as missing for every enterprise (None: all kept)."""
    key = enterprise_key(enterprise.enterprise)
    employees, source = headcount(enterprise.employees, listed.get(key))
    result = EnterpriseResult(enterprise, community or enterprise.community or "", employees, source)
    _key_reasons(result, policy)
    _buffer_zone(result, policy)
    _required_items(result, policy)
    _internal_items(result, policy, columns)
    if enterprise.white_list:
        result.flags.append(Flag("white_list", clause=policy.enterprises.white_list_clause))
    _escalation(result, policy, [i for i in inspections if enterprise_key(i.inspection.enterprise) == key])
    return result


def _key_reasons(result: EnterpriseResult, policy: Policy) -> None:
    e, threshold = result.enterprise, policy.large_enterprise_staff
    if result.employees is not None and result.employees >= threshold:
        result.reasons.append(Flag("staff", {"employees": result.employees, "source": result.employees_source,
                                                 "threshold": threshold}, policy.enterprises.buffer_zone_clause, "key.staff"))
    if e.frequent_traffic:
        result.reasons.append(Flag("traffic_marked", words="key.traffic_marked", clause=policy.enterprises.buffer_zone_clause))
    elif e.daily_visitors is not None and e.daily_visitors >= policy.frequent_traffic_daily:
        result.reasons.append(Flag("traffic_threshold", {"visitors": e.daily_visitors,
                                                             "threshold": policy.frequent_traffic_daily},
                                   policy.enterprises.buffer_zone_clause, "key.traffic_threshold"))
    result.key = bool(result.reasons)
    result.buffer_zone_required = result.key


def _buffer_zone(result: EnterpriseResult, policy: Policy) -> None:
    if result.buffer_zone_required and not result.enterprise.buffer_zone:
        words = "buffer_zone_unrecorded" if result.enterprise.buffer_zone is None else None
        result.flags.append(Flag("buffer_zone_missing", {"threshold": policy.large_enterprise_staff},
                                 policy.enterprises.buffer_zone_clause, words))


def _required_items(result: EnterpriseResult, policy: Policy) -> None:
    e = result.enterprise
    for item in policy.enterprises.required_items:
        value = getattr(e, item)
        if item in ("officer", "liaison"):
            if not value:
                result.flags.append(Flag(f"{item}_missing", clause=policy.enterprises.plans_clause))
        elif value is not True:
            words = f"{item}_unrecorded" if value is None else None
            result.flags.append(Flag(f"{item}_missing", clause=policy.enterprises.plans_clause, words=words))


def _internal_items(result: EnterpriseResult, policy: Policy, columns: frozenset | None) -> None:
    e = result.enterprise
    for item, clause in policy.enterprises.internal_items.items():
        if columns is not None and item not in columns:
            continue
        value = getattr(e, item)
        if value is not True:
            words = "internal.unrecorded" if value is None else "internal.missing"
            result.flags.append(Flag(f"internal.{item}", {"item": ITEM_LABELS[item]}, clause, words))


def _escalation(result: EnterpriseResult, policy: Policy, inspections: list[InspectionResult]) -> None:
    escalated = [i for i in inspections if i.escalate]
    overdue = [i for i in inspections if i.overdue and not i.escalate]
    if escalated:
        result.escalate = True
        worst = max(escalated, key=lambda i: i.reminders)
        reminders = worst.reminders
        if worst.inspection.deadline is None:
            flag = Flag("escalate", {"reminders": reminders}, policy.enterprises.escalation_clause, "escalate.no_deadline")
        else:
            flag = Flag("escalate", {"deadline": worst.inspection.deadline, "reminders": reminders},
                        policy.enterprises.escalation_clause)
        result.flags.append(flag)
    elif overdue:
        result.flags.append(Flag("rectification_overdue", {"count": len(overdue),
                                                           "needed": policy.escalate_after_reminders},
                                 policy.enterprises.escalation_clause))
