"""Planting mistakes: where each kind of mistake goes, how many of each, and the marks that
record the cells; the wrong values themselves come from `Makers`."""

from __future__ import annotations

import datetime as dt
import random

from xiyuan.demo.activity import at_minutes
from xiyuan.demo.makers import REJECT, Maker, Makers
from xiyuan.demo.model import SUBDISTRICT, Community, Enterprise, Mark, Record
from xiyuan.demo.people import PeopleFactory
from xiyuan.demo.sizes import boundary_headcounts
from xiyuan.demo.world import DemoBuilder


class Injector:
    """Plants mistakes into clean records and remembers where (as marks).

    A cell holds at most one planted mistake; cells other mistakes depend on are reserved.
    Mistakes of one kind are spread over the communities.
    """

    def __init__(self, rng: random.Random, people: PeopleFactory, communities: list[Community],
                 builder: DemoBuilder):
        self.rng = rng
        self.people = people
        self.communities = communities
        self.builder = builder
        self.used: set[tuple[int, str]] = set()
        self.marks: list[Mark] = []
        self.makers = Makers(rng, people)
        self._start = 0
        self._two_in_one_cell = False
        for community in communities:  # a crew tested on landing keeps its ID numbers as the tests have them
            for truck in community.sheets.get("trucks", ()):
                if truck.get("_landing_tested"):
                    self.reserve(truck, "name", "id_number", "phone")

    # --- bookkeeping -----------------------------------------------------------------------

    def free(self, record: Record, *keys: str) -> bool:
        return not any((id(record), key) in self.used for key in keys)

    def reserve(self, record: Record, *keys: str) -> None:
        for key in keys:
            self.used.add((id(record), key))

    def mark(self, community: Community, role: str, record: Record, key: str, code: str) -> None:
        self.reserve(record, key)
        self.marks.append(Mark(community, role, record, key, code))

    def spread(self) -> list[Community]:
        """Communities in the order the next kind of mistake should visit them."""
        n = len(self.communities)
        start = self._start % n
        self._start += 1
        return self.communities[start:] + self.communities[:start]

    def reserve_clean_identities(self) -> None:
        """Employees who also appear as travellers keep their identity cells as they are."""
        for community in self.communities:
            for row in community.sheets["employees"]:
                if row.get("_traveller"):
                    self.reserve(row, "name", "id_number", "phone")

    def run(self, stray_groups: list[int]) -> None:
        self.reserve_clean_identities()
        for community in self.communities:
            for enterprise in community.enterprises:
                if enterprise.listed in boundary_headcounts(self.builder.policy.large_enterprise_staff):
                    self.reserve(enterprise.record, "employees")
        self.plant_strays(stray_groups)
        self.plant_relations()
        self.plant_cells()

    # --- employees of an enterprise missing from 企业台账 --------------------------------------

    def plant_strays(self, stray_groups: list[int]) -> None:
        order = self.spread()
        for i, size in enumerate(stray_groups):
            community = order[i % len(order)]
            name = self.stray_name(community, first=(i == 0))
            rows = [self.builder.employee(community, Enterprise(name, name[:2], "", "", size), "在岗")
                    for _ in range(size)]
            sheet = community.sheets["employees"]
            boundaries = [j for j in range(1, len(sheet))
                          if sheet[j]["enterprise"] != sheet[j - 1]["enterprise"]]
            at = self.rng.choice(boundaries) if boundaries else len(sheet)
            sheet[at:at] = rows
            self.mark(community, "employees", rows[0], "enterprise", "cross.unknown_enterprise")

    def stray_name(self, community: Community, first: bool) -> str:
        """A short form of a listed enterprise (a typo in practice), or one never registered."""
        if first:
            enterprise = self.rng.choice(community.enterprises)
            name = enterprise.brand + enterprise.industry
            if self.builder.names.claim(name):
                return name
        return self.builder.enterprise(community, 0).name

    # --- mistakes that involve two rows or two sheets --------------------------------------

    def plant_relations(self) -> None:
        steps = (
            (3, self.duplicate_in_enterprise), (3, self.person_in_two_enterprises),
            (4, self.headcount_mismatch), (3, self.test_for_unknown_id),
            (3, self.departure_after_arrival), (3, self.occupants_mismatch),
            (3, self.deadline_before_inspection), (3, self.declared_after_event),
        )
        for count, step in steps:
            order = self.spread()
            for i in range(count):
                for community in order[i % len(order):] + order[:i % len(order)]:
                    if step(community):
                        break

    def _identity_rows(self, rows: list[Record]) -> list[Record]:
        return [r for r in rows if self.free(r, "name", "id_number", "phone")]

    def _copy_identity(self, source: Record, target: Record) -> None:
        for key in ("name", "id_number", "phone", "_sex"):
            target[key] = source[key]
        self.reserve(source, "name", "id_number", "phone")
        self.reserve(target, "name", "phone")

    def duplicate_in_enterprise(self, community: Community) -> bool:
        candidates = [e for e in community.enterprises if len(self._identity_rows(e.staff)) >= 2]
        if not candidates:
            return False
        rows = self._identity_rows(self.rng.choice(candidates).staff)
        first, second = sorted(self.rng.sample(range(len(rows)), 2))
        self._copy_identity(rows[first], rows[second])
        self.mark(community, "employees", rows[second], "id_number", "duplicate.id_in_sheet")
        if not self._two_in_one_cell:
            # The one cell with two findings: the copy was typed with a space in the number,
            # so it is both a duplicate and a number to write without the space.
            self._two_in_one_cell = True
            number = rows[second]["id_number"]
            rows[second]["id_number"] = f"{number[:6]} {number[6:]}"
            self.mark(community, "employees", rows[second], "id_number", "id_number.normalized")
        return True

    def person_in_two_enterprises(self, community: Community) -> bool:
        staffed = [e for e in community.enterprises if self._identity_rows(e.staff)]
        if len(staffed) < 2:
            return False
        a, b = sorted(self.rng.sample(range(len(staffed)), 2))
        source = self.rng.choice(self._identity_rows(staffed[a].staff))
        target = self.rng.choice(self._identity_rows(staffed[b].staff))
        self._copy_identity(source, target)
        self.mark(community, "employees", target, "id_number", "duplicate.person_two_enterprises")
        return True

    def headcount_mismatch(self, community: Community) -> bool:
        candidates = [e for e in community.enterprises if e.listed >= 20 and self.free(e.record, "employees")]
        if not candidates:
            return False
        enterprise = self.rng.choice(candidates)
        delta = self.rng.choice((-12, -5, -3, -2, 2, 3, 4, 8, 15))
        enterprise.record["employees"] = enterprise.listed + delta
        self.mark(community, "enterprises", enterprise.record, "employees", "cross.headcount_mismatch")
        return True

    def test_for_unknown_id(self, community: Community) -> bool:
        rng = self.rng
        person = self.people.person(local_share=0.3)
        day = self.builder.today - dt.timedelta(days=rng.randint(0, 6))
        record = {"name": person.name, "id_number": person.id_number,
                  "sample_time": at_minutes(day, rng.randint(8 * 60, 17 * 60)), "result": "阴性",
                  "test_place": f"{SUBDISTRICT}便民核酸采样点（{community.name}服务中心）", "remark": "落地检"}
        sheet = community.sheets["tests"]
        sheet.insert(rng.randint(0, len(sheet)), record)
        self.mark(community, "tests", record, "id_number", "cross.test_unknown_id")
        return True

    def departure_after_arrival(self, community: Community) -> bool:
        rows = [r for r in community.sheets["arrivals"]
                if isinstance(r["arrival"], dt.datetime) and isinstance(r["departure"], dt.datetime)
                and self.free(r, "departure", "arrival")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["departure"] = record["arrival"] + dt.timedelta(minutes=self.rng.randint(3 * 60, 30 * 60))
        self.reserve(record, "arrival")
        self.mark(community, "arrivals", record, "departure", "order.departure_after_arrival")
        return True

    def occupants_mismatch(self, community: Community) -> bool:
        rows = [r for r in community.sheets["trucks"]
                if "、" in r["id_number"] and self.free(r, "name", "id_number", "phone")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["id_number"] = record["id_number"].split("、")[0]
        self.reserve(record, "id_number", "phone")
        self.mark(community, "trucks", record, "name", "occupants.count_mismatch")
        return True

    def deadline_before_inspection(self, community: Community) -> bool:
        rows = [r for r in community.sheets["inspections"]
                if r["deadline"] is not None and self.free(r, "deadline", "inspection_date")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["deadline"] = record["inspection_date"] - dt.timedelta(days=self.rng.randint(1, 5))
        self.reserve(record, "inspection_date")
        self.mark(community, "inspections", record, "deadline", "order.deadline_before_inspection")
        return True

    def declared_after_event(self, community: Community) -> bool:
        rows = [r for r in community.sheets["events"] if self.free(r, "declared", "event_date")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["declared"] = record["event_date"] + dt.timedelta(days=self.rng.randint(1, 3))
        self.reserve(record, "event_date")
        self.mark(community, "events", record, "declared", "order.declared_after_event")
        return True

    # --- mistakes in one cell --------------------------------------------------------------

    def cell_kinds(self) -> list[tuple[str, int, list[tuple[str, str, Maker]]]]:
        """(finding code, how many, [(sheet role, field, maker)])."""
        m = self.makers
        return [
            ("id_number.stored_as_number", 4, [("employees", "id_number", m.id_as_number),
                                               ("trucks", "id_number", m.id_as_number)]),
            ("id_number.checksum", 4, [("employees", "id_number", m.id_wrong_check),
                                       ("trucks", "id_number", m.id_wrong_check)]),
            ("id_number.length", 3, [("employees", "id_number", m.id_17_digits)]),
            ("id_number.old_format", 3, [("employees", "id_number", m.id_15_digits)]),
            ("id_number.birth_date", 3, [("employees", "id_number", m.id_bad_birth)]),
            ("id_number.normalized", 8, [("employees", "id_number", m.id_full_width),
                                         ("employees", "id_number", m.id_trailing_space),
                                         ("employees", "id_number", m.id_lower_x),
                                         ("arrivals", "id_number", m.id_inner_spaces)]),
            ("phone.mobile_invalid", 4, [("employees", "phone", m.phone_bad_prefix),
                                         ("arrivals", "phone", m.phone_bad_prefix),
                                         ("enterprises", "officer_phone", m.phone_bad_prefix)]),
            ("phone.invalid", 3, [("employees", "phone", m.phone_10_digits),
                                  ("trucks", "phone", m.phone_10_digits)]),
            ("phone.lost_zero", 3, [("enterprises", "officer_phone", m.landline_as_number),
                                    ("employees", "phone", m.landline_as_number)]),
            ("phone.normalized", 3, [("employees", "phone", m.phone_spaced)]),
            ("uscc.checksum", 4, [("enterprises", "uscc", m.uscc_wrong_check)]),
            ("plate.invalid", 3, [("trucks", "plate", m.plate_wrong_shape)]),
            ("plate.province", 3, [("trucks", "plate", m.plate_wrong_province)]),
            ("plate.normalized", 3, [("trucks", "plate", m.plate_decorated)]),
            ("date.decimal", 4, [("arrivals", "reported", m.date_decimal),
                                 ("inspections", "deadline", m.date_decimal),
                                 ("events", "declared", m.date_decimal)]),
            ("date.no_year", 3, [("arrivals", "reported", m.date_no_year),
                                 ("trucks", "planned_arrival", m.date_no_year),
                                 ("trucks", "declared", m.date_no_year)]),
            ("date.invalid", 3, [("arrivals", "declared", m.date_impossible),
                                 ("inspections", "inspection_date", m.date_impossible),
                                 ("trucks", "pre_test_time", m.date_impossible)]),
            ("yesno.invalid", 4, [("enterprises", "buffer_zone", m.text("待定")),
                                  ("employees", "outsourced", m.text("待定")),
                                  ("arrivals", "business", m.text("待核实")),
                                  ("enterprises", "white_list", m.text("部分"))]),
            ("count.normalized", 3, [("enterprises", "employees", m.count_with_unit("", "人")),
                                     ("enterprises", "daily_visitors", m.count_with_unit("约", "人次")),
                                     ("employees", "vaccine_doses", m.count_with_unit("", "剂"))]),
            ("count.negative", 3, [("enterprises", "daily_visitors", m.count_negative),
                                   ("employees", "vaccine_doses", m.count_negative),
                                   ("inspections", "reminders", m.count_negative)]),
            ("count.invalid", 3, [("enterprises", "daily_visitors", m.text("若干")),
                                  ("employees", "vaccine_doses", m.text("不详"))]),
            ("vocab.invalid", 6, [("enterprises", "epidemic_free", m.text("已申报")),
                                  ("employees", "on_duty", m.on_duty_word("待岗")),
                                  ("arrivals", "origin_type", m.text("中高风险区")),
                                  ("inspections", "rectification", m.text("部分完成")),
                                  ("tests", "result", m.text("待复核")),
                                  ("trucks", "entry_mode", m.text("港口"))]),
            ("required.missing", 5, [("employees", "phone", m.text(None)),
                                     ("enterprises", "uscc", m.text(None)),
                                     ("arrivals", "arrival", m.text(None)),
                                     ("trucks", "plate", m.text(None)),
                                     ("tests", "result", m.text(None))]),
        ]

    def plant_cells(self) -> None:
        for code, count, sites in self.cell_kinds():
            order = self.spread()
            for i in range(count):
                self.plant_one(code, sites[i % len(sites):] + sites[:i % len(sites)],
                               order[i % len(order):] + order[:i % len(order)])

    def plant_one(self, code: str, sites, communities) -> bool:
        """Plant one mistake at the first site and community where a record suits it."""
        for role, key, maker in sites:
            for community in communities:
                rows = community.sheets[role]
                if not rows:
                    continue
                tries = self.rng.sample(range(len(rows)), min(len(rows), 40))
                for index in tries + list(range(len(rows))):
                    record = rows[index]
                    if record.get(key) in (None, "") or not self.free(record, key):
                        continue  # only a filled cell can be spoilt, and only once
                    value = maker(record, key)
                    if value is REJECT:
                        continue
                    record[key] = value
                    self.mark(community, role, record, key, code)
                    return True
        return False
