"""What is due on one day, per community and enterprise: tests due today, overdue tests, people
who may enter the factory today, trucks arriving, events whose approval deadline is this week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xiyuan.rules.assess import Assessment
from xiyuan.rules.events import route_statement
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.checks.fields.phone import mask as mask_phone
from xiyuan.rules.statements import Items, Statement

KINDS = {
    "positive": "阳性报告",
    "due_today": "今日应检",
    "overdue": "逾期未检",
    "may_enter": "今日可进厂",
    "pending_entry": "期满待核验",
    "truck_arriving": "今日抵晋货车",
    "event_deadline": "本周到期的活动申报",
    "trip_unregistered": "差旅应返未登记",
    "trip_returning": "近日返晋的差旅人员",
}


@dataclass
class Item:
    kind: str
    community: str
    enterprise: str
    subject: str  # a person's name, a plate, an event's name
    detail: Statement
    clause: str
    explanation: Statement
    date: dt.date | None = None
    id_number: str = ""
    phone: str = ""
    source: tuple = ()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "kind_label": KINDS[self.kind], "community": self.community,
                "enterprise": self.enterprise, "subject": self.subject, "detail": self.detail,
                "date": self.date.isoformat() if self.date else None, "id_number": self.id_number,
                "phone": self.phone, "clause": self.clause, "explanation": self.explanation,
                "file": self.source[0] if self.source else None, "row": self.source[2] if self.source else None}


@dataclass
class Today:
    as_of: dt.date
    items: list[Item] = field(default_factory=list)

    def by_community(self) -> dict[str, dict[str, list[Item]]]:
        grouped: dict[str, dict[str, list[Item]]] = {}
        for item in self.items:
            grouped.setdefault(item.community, {}).setdefault(item.enterprise, []).append(item)
        return grouped

    def count(self, kind: str) -> int:
        return sum(1 for i in self.items if i.kind == kind)

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "counts": {k: self.count(k) for k in KINDS},
                "items": [i.to_dict() for i in self.items]}


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week containing `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def today_items(assessment: Assessment) -> Today:
    day = assessment.as_of
    result = Today(day)
    for person in assessment.people:
        p = person.person
        common = dict(community=person.community, enterprise=p.enterprise or "", subject=p.name or "",
                      clause=person.clause, explanation=person.explanation,
                      id_number=mask_id(p.id_number or ""), phone=mask_phone(p.phone or ""),
                      source=(p.source.file, p.source.sheet, p.source.row))
        if person.status == "positive":
            result.items.append(Item("positive", detail=Statement("today.positive"),
                                     date=day, **common))
        for test in person.tests:
            if test.status == "due_today":
                result.items.append(Item("due_today", detail=Statement("today.due", {"label": test.label, "place": test.place}), date=test.date, **common))
            elif test.status == "overdue":
                said = "today.overdue_one_of_two" if test.samples == 2 and test.sampled is not None else "today.overdue"
                result.items.append(Item("overdue", detail=Statement(said, {"label": test.label, "day": test.date}),
                                         date=test.date, **common))
        if person.may_enter == day and person.status != "positive":
            if person.status == "cleared":
                result.items.append(Item("may_enter", detail=Statement("today.may_enter"), date=day, **common))
            else:
                result.items.append(Item("pending_entry", detail=Statement("today.pending_entry"),
                                         date=day, **common))
    for truck in assessment.trucks:
        if truck.arrival_day == day:
            t = truck.truck
            problems = Items(truck.flags) if truck.flags else Statement("truck.all_declared")
            result.items.append(Item("truck_arriving", truck.community, t.enterprise or "", t.plate or "",
                                     Statement("today.truck", {"place": truck.landing_place, "problems": problems}),
                                     truck.clause, truck.explanation,
                                     date=day, source=(t.source.file, t.source.sheet, t.source.row)))
    monday, sunday = week_of(day)
    for event in assessment.events:
        if event.deadline and monday <= event.deadline <= sunday and event.approval != "none":
            e = event.event
            filed = e.declared is not None and e.declared <= assessment.as_of
            code = "today.event_declared" if filed else "today.event_not_declared"
            detail = Statement(code, {"route": route_statement(event.approval), "deadline": event.deadline})
            result.items.append(Item("event_deadline", event.community, e.enterprise or "", e.event_name or "",
                                     detail, event.clause,
                                     event.explanation, date=event.deadline,
                                     source=(e.source.file, e.source.sheet, e.source.row)))
    for trip in assessment.trips:
        if trip.status in ("unregistered", "returning_soon"):
            t = trip.trip
            kind = "trip_unregistered" if trip.status == "unregistered" else "trip_returning"
            detail = Statement(f"today.{kind}", {"back": t.returned or t.expected_return})
            result.items.append(Item(kind, trip.community, t.enterprise or "", t.name or "", detail, trip.clause,
                                     trip.explanation, date=t.returned or t.expected_return,
                                     id_number=mask_id(t.id_number or ""),
                                     phone=mask_phone(t.phone or ""), source=(t.source.file, t.source.sheet, t.source.row)))
    result.items.sort(key=lambda i: (i.community, i.enterprise, list(KINDS).index(i.kind), i.subject))
    return result
