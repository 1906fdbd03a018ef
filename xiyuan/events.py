"""Business events (商务活动), 一（四）: approval route, deadline, late filing, plans.

Routes: "none", "subdistrict" (街道防控办审批并报市防控办备案), "city" (报市防控办审批).
"200人以上" and "200人以内" both include 200, so an event of exactly 200 out-of-province or
overseas participants falls under both: the stricter route is taken and said so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xiyuan.enterprises import Flag
from xiyuan.ledger import Event
from xiyuan.policy import Policy

ROUTE_LABELS = {"none": "无需审批", "subdistrict": "街道防控办审批并报市防控办备案", "city": "报市防控办审批"}
_STRICTNESS = {"none": 0, "subdistrict": 1, "city": 2}
QUANZHOU = "泉州市内"


@dataclass
class EventResult:
    event: Event
    community: str
    approval: str | None
    deadline: dt.date | None
    late: bool
    flags: list[Flag] = field(default_factory=list)
    explanation: str = ""
    clause: str = ""

    def to_dict(self) -> dict:
        e = self.event
        return {
            "name": e.event_name, "organizer": e.enterprise, "community": self.community,
            "date": e.event_date.isoformat() if e.event_date else None, "size": e.size,
            "origin": e.participant_origin, "approval": self.approval,
            "approval_label": ROUTE_LABELS.get(self.approval, "无法判断"),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "declared": e.declared.isoformat() if e.declared else None, "late": self.late,
            "flags": [f.to_dict() for f in self.flags], "clause": self.clause, "explanation": self.explanation,
            "file": e.source.file, "sheet": e.source.sheet, "row": e.source.row,
        }


def approval_route(size: int, origin: str, policy: Policy) -> tuple[str, str]:
    """(route, why) for an event of `size` participants from `origin`."""
    rules, limit = policy.events, policy.event_size
    if origin == QUANZHOU:
        if size >= limit:
            return rules.quanzhou_large, f"泉州市内人员参与、规模{size}人，属{limit}人以上（含{limit}人）"
        return rules.quanzhou_small, f"泉州市内人员参与、规模{size}人，不足{limit}人"
    if size == limit:
        routes = [rules.outside_small, rules.outside_large]
        stricter = max(routes, key=_STRICTNESS.__getitem__)
        return stricter, (f"{origin}人员参与、规模恰为{limit}人，既属“{limit}人以内”也属“{limit}人以上”，"
                          f"按从严的“{ROUTE_LABELS[stricter]}”办理")
    if size > limit:
        return rules.outside_large, f"{origin}人员参与、规模{size}人，属{limit}人以上"
    return rules.outside_small, f"{origin}人员参与、规模{size}人，属{limit}人以内"


def assess_event(event: Event, policy: Policy, as_of: dt.date, community: str = "") -> EventResult:
    rules = policy.events
    clause = rules.clause
    flags: list[Flag] = []
    origin = event.participant_origin
    said = ""
    if origin in rules.treat_as_outside:
        flags.append(Flag("origin_not_covered", f"参与人员来源“{origin}”通知未作规定，按省外人员从严办理，请街道防控办确认。", clause))
        said = f"参与人员来自{origin}（通知未作规定，按省外从严）；"
        origin = "省外"
    if event.size is None or origin is None:
        missing = "、".join(label for value, label in ((event.size, "规模人数"), (origin, "参与人员来源")) if value is None)
        return EventResult(event, community, None, None, False, flags,
                           f"{missing}未填写或填写有误（见问题清单），无法判断审批路径，请改正。", clause)
    route, why = approval_route(event.size, origin, policy)
    deadline = event.event_date - dt.timedelta(days=policy.event_approval_days) if event.event_date else None
    late = False
    if route != "none" and deadline:
        if event.declared is None:
            late = as_of > deadline
            flags.append(Flag("not_declared", f"尚未申报，须在{deadline}前（活动前{policy.event_approval_days}天）"
                                              f"{'——已过期限' if late else ''}提交{ROUTE_LABELS[route]}。", clause))
        elif event.declared > deadline:
            late = True
            flags.append(Flag("late", f"申报日期{event.declared}晚于期限{deadline}（须提前{policy.event_approval_days}天）。", clause))
    if rules.require_plans:
        if event.plan is not True:
            flags.append(Flag("plan_missing", "未制定疫情防控工作方案，活动前必须制定。", clause))
        if event.emergency_plan is not True:
            flags.append(Flag("emergency_plan_missing", "未制定应急预案，活动前必须制定。", clause))
    text = f"{said}{why}，{ROUTE_LABELS[route]}"
    if deadline and route != "none":
        text += f"，须于{deadline}前申报"
    return EventResult(event, community, route, deadline, late, flags, text + "。", clause)
