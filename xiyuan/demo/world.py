"""The clean workspace: communities, their enterprises (企业台账) and staff (员工台账), drawn
from one random stream before any mistake is planted; the rest of each community's ledgers
comes from `Activity`."""

from __future__ import annotations

import datetime as dt
import math
import random

from xiyuan.demo.activity import Activity
from xiyuan.demo.codes import make_uscc
from xiyuan.demo.draw import draw_unique, weighted
from xiyuan.demo.enterprises import EnterpriseNames
from xiyuan.demo.habits import habits_of
from xiyuan.demo.model import COMMUNITY_NAMES, SUBDISTRICT, Community, Enterprise, Mark, Record
from xiyuan.demo.people import FEMALE_CHARS, LOCAL_AREA, MALE_CHARS, OLD_LOCAL_AREA, PeopleFactory, Person
from xiyuan.demo.sizes import apportion, boundary_headcounts, left_staff, plan_headcounts
from xiyuan.rules.policy import Policy

ROADS = ("世纪大道", "西园路", "泉安北路", "晋新路", "工业路", "兴业路", "创业路")
POSTS = (("普工", 70), ("车间主任", 3), ("保安", 3), ("保洁", 2), ("食堂", 2), ("仓管", 3),
         ("质检", 4), ("司机", 2), ("文员", 4), ("技术员", 3), ("业务员", 2), ("财务", 1), ("班组长", 3))


class DemoBuilder:
    """Draws one community's clean records after another from a single random stream.

    Enterprises and staff are drawn here; arrivals, trucks, events, inspections and tests by
    `self.activity`, which shares the stream, the people and the list of policy cases.
    """

    def __init__(self, rng: random.Random, today: dt.date, policy: Policy):
        self.rng = rng
        self.today = today
        self.policy = policy
        self.people = PeopleFactory(rng, today)
        self.names = EnterpriseNames(rng)
        self.usccs: set[str] = set()
        self.cases: list[Mark] = []
        self.activity = Activity(rng, today, policy, self.people, self.cases)

    # --- the whole workspace ---------------------------------------------------------------

    def build(self, communities: int, enterprises: int, employees: int, stray_rows: int) -> list[Community]:
        rng = self.rng
        result = [self.community(i, communities) for i in range(communities)]
        left_total = left_staff(employees)
        listed_total = employees - left_total - stray_rows
        headcounts = plan_headcounts(rng, enterprises, listed_total, self.policy.large_enterprise_staff)
        shares = apportion(rng, enterprises, communities)
        position = 0
        for community, share in zip(result, shares):
            for listed in headcounts[position:position + share]:
                community.enterprises.append(self.enterprise(community, listed))
            position += share
        everyone = [e for c in result for e in c.enterprises]
        for _ in range(left_total):
            rng.choice(everyone).left += 1
        for community in result:
            self.fill_community(community)
        return result

    def community(self, index: int, count: int) -> Community:
        cadres = tuple(self.people.name(self.rng.choice("男女")) for _ in range(5))
        return Community(index, COMMUNITY_NAMES[index], habits_of(index, count), cadres)

    def fill_community(self, community: Community) -> None:
        sheets = community.sheets
        sheets["enterprises"] = [self.enterprise_record(community, e) for e in community.enterprises]
        sheets["employees"] = self.employee_rows(community)
        activity = self.activity
        sheets["arrivals"] = activity.arrivals(community)
        sheets["trucks"] = [activity.truck(community) for _ in range(self.rng.randint(12, 18))]
        sheets["events"] = activity.events(community)
        sheets["inspections"] = activity.inspections(community)
        sheets["tests"] = activity.tests(community)
        sheets["tests"].extend(activity.landing_tests(community))
        sheets["tests"].sort(key=lambda r: r["sample_time"])
        sheets["trips"] = activity.trips(community)

    def case(self, community: Community, role: str, record: Record, case: str) -> None:
        self.activity.case(community, role, record, case)

    # --- enterprises -----------------------------------------------------------------------

    def enterprise(self, community: Community, listed: int) -> Enterprise:
        name, brand, industry, products = self.names.draw()
        return Enterprise(name, brand, industry, self.rng.choice(products), listed)

    def address(self, community: Community) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"晋江市{SUBDISTRICT}{community.name}{community.short}工业区{rng.randint(1, 60)}号"
        road = rng.choice(ROADS + (f"{community.short}路", f"{community.short}街"))
        return f"晋江市{SUBDISTRICT}{community.name}{road}{rng.randint(1, 399)}号"

    def uscc(self) -> str:
        return draw_unique(lambda: make_uscc(self.rng), self.usccs, "统一社会信用代码")

    def enterprise_record(self, community: Community, enterprise: Enterprise) -> Record:
        rng = self.rng
        big = enterprise.listed >= self.policy.large_enterprise_staff
        visitors = min(400, int(rng.lognormvariate(math.log(20 if not big else 60), 0.9)))
        frequent = visitors >= 100 or rng.random() < 0.05
        yes = lambda share: "是" if rng.random() < share else "否"  # noqa: E731
        officer = self.people.person(local_share=0.8, earliest=1970, latest=1998)
        record: Record = {
            "community": community.name,
            "enterprise": enterprise.name,
            "uscc": self.uscc(),
            "address": self.address(community),
            "legal_rep": self.people.name("男" if rng.random() < 0.85 else "女"),
            "officer": officer.name,
            "officer_phone": officer.phone,
            "liaison": rng.choice(community.cadres),
            "employees": enterprise.listed,
            "daily_visitors": visitors,
            "frequent_traffic": "是" if frequent else "否",
            "buffer_zone": yes(0.85) if big or frequent else yes(0.15),
            "white_list": yes(0.3) if big else yes(0.04),
            "plan": yes(0.95),
            "emergency_plan": yes(0.9),
            "task_group": yes(0.9),
            "epidemic_free": weighted(rng, (("已创建", 25), ("创建中", 35), ("未启动", 40))),
            "remark": "",
            "_product": enterprise.product,
        }
        for key in ("sentinel", "temp_scan", "delivery_point", "itinerary_ledger", "health_monitor",
                    "mass_testing", "key_post_protection", "outsourced_loop", "disinfection",
                    "fewer_gatherings"):
            record[key] = yes(0.93)
        enterprise.record = record
        below, at, above = boundary_headcounts(self.policy.large_enterprise_staff)
        where = {below: "below", at: "at", above: "above"}.get(enterprise.listed)
        if where:
            self.case(community, "enterprises", record, f"headcount_{where}_threshold")
        if big and record["buffer_zone"] == "否":
            self.case(community, "enterprises", record, "big_without_buffer_zone")
        return record

    # --- employees -------------------------------------------------------------------------

    def employee_rows(self, community: Community) -> list[Record]:
        rows: list[Record] = []
        for enterprise in community.enterprises:
            statuses = ["在岗"] * enterprise.listed + ["离职"] * enterprise.left
            for i in range(enterprise.listed):
                roll = self.rng.random()
                if roll < 0.03:
                    statuses[i] = "休假"
                elif roll < 0.04:
                    statuses[i] = "离岗"
            self.rng.shuffle(statuses)
            enterprise.staff = [self.employee(community, enterprise, status) for status in statuses]
            rows.extend(enterprise.staff)
        return rows

    def employee(self, community: Community, enterprise: Enterprise, status: str) -> Record:
        rng = self.rng
        person = self.people.person()
        post = weighted(rng, POSTS)
        outsourced = rng.random() < (0.3 if post in ("保安", "保洁", "食堂") else 0.02)
        return {
            "enterprise": enterprise.name,
            "name": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "post": post,
            "outsourced": "是" if outsourced else "否",
            "co_residents": self.co_residents(person),
            "residence": self.residence(community, enterprise, person),
            "vaccine_doses": weighted(rng, ((0, 3), (1, 4), (2, 10), (3, 70), (4, 13))),
            "on_duty": status,
            "remark": "已离职" if status == "离职" and rng.random() < 0.5 else "",
            "_sex": person.sex,
        }

    def co_residents(self, person: Person) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return "无"
        partner_sex = "女" if person.sex == "男" else "男"
        partner = ("妻子 " if partner_sex == "女" else "丈夫 ") + self.people.name(partner_sex)
        if roll < 0.8:
            return partner
        surname = person.name[0] if person.sex == "男" else partner.split(" ")[1][0]
        child = surname + rng.choice(MALE_CHARS + FEMALE_CHARS) + rng.choice(MALE_CHARS + FEMALE_CHARS)
        return f"{partner}、子女 {child}"

    def residence(self, community: Community, enterprise: Enterprise, person: Person) -> str:
        rng = self.rng
        if person.id_number[:6] in (LOCAL_AREA, OLD_LOCAL_AREA):
            return f"晋江市{SUBDISTRICT}{community.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
        if rng.random() < 0.55:
            building, floor, room = rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 9)
            return f"{enterprise.brand}{enterprise.industry}员工宿舍{building}号楼{floor}0{room}室"
        quarter, number = rng.choice("东西南北"), rng.randint(1, 120)
        return f"晋江市{SUBDISTRICT}{community.name}{community.short}{quarter}区{number}号（租住）"
