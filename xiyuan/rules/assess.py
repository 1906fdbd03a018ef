"""Apply the policy to loaded ledgers: every enterprise, person, truck, event and inspection.

The one place where typed records meet the rule modules; the CLI, the Excel buttons and the
daily refresh all call `assess()`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field

from xiyuan.checks.crosscheck import enterprise_key
from xiyuan.rules.enterprises import EnterpriseResult, assess_enterprise
from xiyuan.rules.events import EventResult, assess_event
from xiyuan.rules.inspections import InspectionResult, assess_inspection
from xiyuan.checks.ledger import CommunityLedger, community_ledger
from xiyuan.checks.load import LoadResult
from xiyuan.intake.schema import LEFT_JOB
from xiyuan.rules.policy import Policy
from xiyuan.rules.people import PersonSchedule, index_tests, schedule_all
from xiyuan.rules.trips import TripResult, assess_trips
from xiyuan.rules.trucks import TruckResult, assess_truck



@dataclass
class Assessment:
    as_of: dt.date
    policy: Policy
    ledgers: list[CommunityLedger]
    enterprises: list[EnterpriseResult] = field(default_factory=list)
    _people: list[PersonSchedule] | None = field(default_factory=list)  # None: scheduled when first asked
    trucks: list[TruckResult] = field(default_factory=list)
    events: list[EventResult] = field(default_factory=list)
    inspections: list[InspectionResult] = field(default_factory=list)
    trips: list[TripResult] = field(default_factory=list)

    _schedule: object = field(default=None, repr=False)  # how to make the schedules when asked

    @property
    def people(self) -> list[PersonSchedule]:
        """Every traveller's schedule, made on first use: flag and events never need them."""
        if self._people is None:
            self._people = self._schedule()
        return self._people

    @people.setter
    def people(self, value: list[PersonSchedule]) -> None:
        self._people = value

    @functools.cached_property
    def today(self):
        """What is due on the day of the assessment (due_today.today_items), worked out once."""
        from xiyuan.rules.due_today import today_items

        return today_items(self)


def _schedules(arrivals, tests_by_id, policy: Policy, as_of: dt.date) -> list[PersonSchedule]:
    from xiyuan.checks.load import no_cyclic_gc

    with no_cyclic_gc():  # tens of thousands of schedules and no reference cycles
        return schedule_all(arrivals, tests_by_id, policy, as_of)


def ledgers_of(loaded: LoadResult) -> list[CommunityLedger]:
    return [community_ledger(f.file, f.tables) for f in loaded.files if f.usable]


def assess(loaded: LoadResult, policy: Policy, as_of: dt.date) -> Assessment:
    ledgers = ledgers_of(loaded)
    result = Assessment(as_of, policy, ledgers)
    all_tests = [t for ledger in ledgers for t in ledger.tests]
    tests_by_id = index_tests(all_tests)
    arrivals = [(ledger.community, person) for ledger in ledgers for person in ledger.arrivals]
    result._people = None
    result._schedule = lambda: _schedules(arrivals, tests_by_id, policy, as_of)
    for ledger in ledgers:
        community = ledger.community
        inspections = [assess_inspection(i, policy, as_of, community) for i in ledger.inspections]
        result.inspections.extend(inspections)
        listed: Counter = Counter()
        for (name, state), times in Counter(zip(ledger.employee_column("enterprise"),
                                                ledger.employee_column("on_duty"))).items():
            if name and state != LEFT_JOB:
                listed[enterprise_key(name)] += times
        present = ledger.columns.get("enterprises", frozenset())
        result.enterprises.extend(assess_enterprise(e, policy, listed, inspections, community, present)
                                  for e in ledger.enterprises)
        result.trucks.extend(assess_truck(t, policy, community, tests_by_id, as_of) for t in ledger.trucks)
        result.events.extend(assess_event(e, policy, as_of, community) for e in ledger.events)
    result.trips = assess_trips([(ledger.community, trip) for ledger in ledgers for trip in ledger.trips],
                                [person for ledger in ledgers for person in ledger.arrivals], policy, as_of)
    return result
