"""Business events (商务活动), 一（四）: approval route, deadline, late filing, plans.

Routes: "none", "subdistrict" (街道防控办审批并报市防控办备案), "city" (报市防控办审批).
"200人以上" and "200人以内" both include 200, so an event of exactly 200 out-of-province or
overseas participants falls under both: the stricter route is taken and said so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xiyuan.rules.catalogue import MESSAGES
from xiyuan.checks.ledger import Event
from xiyuan.rules.policy import Policy
from xiyuan.rules.statements import Statement

ROUTES = ("none", "subdistrict", "city")
ROUTE_LABELS = {route: MESSAGES[f"route.{route}"].clerk for route in ROUTES}
_STRICTNESS = {"none": 0, "subdistrict": 1, "city": 2}
QUANZHOU = "泉州市内"
APPROVED, REJECTED = "已批准", "未批准"


@dataclass
class EventResult:
    event: Event
    community: str
    approval: str | None
    deadline: dt.date | None
    late: bool
    flags: list[Statement] = field(default_factory=list)
    explanation: Statement | None = None
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


def route_statement(route: str) -> Statement:
    return Statement(f"route.{route}")


def approval_route(size: int, origin: str, policy: Policy) -> tuple[str, Statement]:
    """(route, why) for an event of `size` participants from `origin`."""
    rules, limit = policy.events, policy.event_size
    if origin == QUANZHOU:
        if size >= limit:
            return rules.quanzhou_large, Statement("event.quanzhou_large", {"size": size, "limit": limit})
        return rules.quanzhou_small, Statement("event.quanzhou_small", {"size": size, "limit": limit})
    if size == limit:
        routes = [rules.outside_small, rules.outside_large]
        stricter = max(routes, key=_STRICTNESS.__getitem__)
        return stricter, Statement("event.outside_at_limit", {"origin": origin, "limit": limit,
                                                              "route": route_statement(stricter)})
    if size > limit:
        return rules.outside_large, Statement("event.outside_large", {"origin": origin, "size": size, "limit": limit})
    return rules.outside_small, Statement("event.outside_small", {"origin": origin, "size": size, "limit": limit})


def assess_event(event: Event, policy: Policy, as_of: dt.date, community: str = "") -> EventResult:
    rules = policy.events
    if rules is None:  # the rule set asks no approval or filing of events
        return EventResult(event, community, "none", None, False, [],
                           Statement("event.no_requirement", {"number": policy.number}))
    clause = rules.clause
    flags: list[Statement] = []
    origin = event.participant_origin
    not_covered = None
    if origin in rules.treat_as_outside:
        flags.append(Statement("event.origin_not_covered", {"origin": origin}, clause))
        not_covered, origin = origin, "省外"
    if event.size is None or origin is None:
        missing = "、".join(label for value, label in ((event.size, "规模人数"), (origin, "参与人员来源")) if value is None)
        return EventResult(event, community, None, None, False, flags,
                           Statement("event.unknown", {"missing": missing}, clause), clause)
    route, why = approval_route(event.size, origin, policy)
    deadline = event.event_date - dt.timedelta(days=policy.event_approval_days) if event.event_date else None
    days = policy.event_approval_days
    late = False
    declared = event.declared
    if declared is not None and declared > as_of:
        # a filing dated after the day asked is a typo or a plan, not a filing
        flags.append(Statement("event.declared_in_future", {"declared": declared, "as_of": as_of}, clause))
        declared = None
    if route != "none" and event.event_date and event.event_date < as_of and event.approval_result != APPROVED:
        flags.append(Statement("event.held_without_approval", {"date": event.event_date, "route": route_statement(route),
                                                               "result": event.approval_result or "未填"}, clause))
    elif route != "none" and event.approval_result == REJECTED:
        flags.append(Statement("event.rejected", {"route": route_statement(route)}, clause))
    if route != "none" and deadline:
        if declared is None:
            late = as_of > deadline
            flags.append(Statement("event.not_declared_late" if late else "event.not_declared",
                                   {"deadline": deadline, "days": days, "route": route_statement(route)}, clause))
        elif declared > deadline:
            late = True
            flags.append(Statement("event.late", {"declared": declared, "deadline": deadline, "days": days},
                                   clause))
    if rules.require_plans:
        if event.plan is not True:
            flags.append(Statement("event.plan_missing", clause=clause))
        if event.emergency_plan is not True:
            flags.append(Statement("event.emergency_plan_missing", clause=clause))
    params = {"why": why, "route": route_statement(route)}
    code = "event.route"
    if deadline and route != "none":
        code, params = "event.route_deadline", {**params, "deadline": deadline}
    if not_covered:
        code, params = code.replace("event.route", "event.not_covered_route"), {"origin": not_covered, **params}
    return EventResult(event, community, route, deadline, late, flags, Statement(code, params, clause), clause)
