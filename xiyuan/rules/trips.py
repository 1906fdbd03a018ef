"""差旅备案 (一（一）): staff leaving Jinjiang on business or privately, and the returns they make
expected.

A filed trip says when the person should be back and from what kind of place; the return then
falls under the policy's category for staff from there. As of a day, each trip is:
away; returning within the next days (the clerk is told what the return will require); back
and registered in 来晋人员登记; or due back without a registration (应返未登记), which the
community checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiyuan.checks.fields.dates import day_of
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.checks.ledger import Arrival, Trip
from xiyuan.rules.policy import Policy
from xiyuan.rules.policy_words import requirement
from xiyuan.rules.statements import Statement

STAFF = "本企业员工"
SOON_DAYS = 3  # a return within this many days is announced in today's list
TRIP_STATUS_LABELS = {"away": "外出中", "returning_soon": "即将返晋", "returned": "已返晋并登记",
                      "unregistered": "应返未登记", "no_requirement": "返晋无要求"}


@dataclass
class TripResult:
    trip: Trip
    community: str
    status: str
    requirement: Statement
    explanation: Statement
    registered: Arrival | None = None
    clause: str = ""

    def to_dict(self) -> dict:
        t = self.trip
        return {"name": t.name, "id_number": mask_id(t.id_number or ""), "enterprise": t.enterprise,
                "community": self.community, "trip_type": t.trip_type, "destination": t.destination,
                "destination_type": t.destination_type,
                "leave_date": t.leave_date.isoformat() if t.leave_date else None,
                "expected_return": t.expected_return.isoformat() if t.expected_return else None,
                "status": self.status, "status_label": TRIP_STATUS_LABELS[self.status],
                "requirement": self.requirement, "explanation": self.explanation, "clause": self.clause,
                "file": t.source.file, "sheet": t.source.sheet, "row": t.source.row}


def _registration(trip: Trip, arrivals: dict[str, list[Arrival]]) -> Arrival | None:
    """The 来晋人员登记 row of this person's return: same ID, arriving on or after leaving."""
    for arrival in arrivals.get(trip.id_number or "", ()):
        day = day_of(arrival.arrival)
        if day is not None and (trip.leave_date is None or day >= trip.leave_date):
            return arrival
    return None


def assess_trip(trip: Trip, policy: Policy, arrivals: dict[str, list[Arrival]], as_of: dt.date,
                community: str = "") -> TripResult:
    category = policy.category_for(STAFF, trip.destination_type)
    if category is not None and (category.phases or category.pre_test_hours or category.declare_hours):
        needs = Statement("trip.requirement", {"category": category.label, "text": requirement(category, policy),
                                               "clause": category.clause}, category.clause)
    else:
        needs = Statement("trip.no_requirement", {"number": policy.number})
    registered = _registration(trip, arrivals)
    back = trip.returned or trip.expected_return
    params = {"destination": trip.destination or "外地", "back": back, "requirement": needs}
    if registered is not None:
        status, text = "returned", Statement("trip.returned", {"arrival": day_of(registered.arrival)})
    elif needs.code == "trip.no_requirement":
        status, text = "no_requirement", needs
    elif back is not None and back <= as_of:
        status, text = "unregistered", Statement("trip.unregistered", params, category.clause)
    elif back is not None and back <= as_of + dt.timedelta(days=SOON_DAYS):
        status, text = "returning_soon", Statement("trip.returning_soon", params, category.clause)
    else:
        status, text = "away", Statement("trip.away", params)
    return TripResult(trip, community, status, needs, text, registered, category.clause if category else "")


def assess_trips(trips: list[tuple[str, Trip]], arrival_records: list[Arrival], policy: Policy,
                 as_of: dt.date) -> list[TripResult]:
    by_id: dict[str, list[Arrival]] = {}
    for arrival in sorted(arrival_records, key=lambda a: day_of(a.arrival) or dt.date.min):
        if arrival.id_number:
            by_id.setdefault(arrival.id_number, []).append(arrival)
    return [assess_trip(trip, policy, by_id, as_of, community) for community, trip in trips]
