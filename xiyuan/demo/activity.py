"""Who and what comes and goes: arrivals (来晋人员), trucks, business events, inspections and
test records, drawn clean for one community after its enterprises and staff exist."""

from __future__ import annotations

import datetime as dt
import random

from xiyuan.checks.fields.dates import as_datetime, day_of
from xiyuan.demo.codes import make_plate
from xiyuan.demo.draw import weighted
from xiyuan.demo.model import SUBDISTRICT, Community, Mark, Record
from xiyuan.demo.people import PeopleFactory, Person
from xiyuan.rules.people import planned_tests
from xiyuan.rules.policy import Policy

ORIGINS = {
    "高风险区": ("广东省广州市海珠区", "重庆市沙坪坝区", "河南省郑州市金水区", "北京市朝阳区",
              "新疆乌鲁木齐市天山区", "内蒙古呼和浩特市赛罕区", "甘肃省兰州市城关区"),
    "途经高风险区": ("湖北省武汉市（途经广州）", "四川省成都市（途经重庆）", "江西省赣州市（途经广州）",
                "广西南宁市（途经广州白云机场）"),
    "境外": ("菲律宾马尼拉", "印度尼西亚雅加达", "马来西亚吉隆坡", "阿联酋迪拜", "越南胡志明市",
           "中国香港"),
    "省外": ("浙江省温州市", "江西省上饶市", "广东省揭阳市", "广东省汕头市", "江苏省苏州市",
           "上海市浦东新区", "四川省成都市", "贵州省毕节市"),
    "省内": ("福建省厦门市", "福建省福州市", "福建省莆田市", "福建省漳州市", "福建省龙岩市"),
}
HIGHWAY_ROUTES = ("G15沈海高速→晋江出口→世纪大道", "G3京台高速→泉州南出口→泉安北路",
                  "G15沈海高速→陈埭出口→晋新路", "厦沙高速→泉州出口→世纪大道")
ROAD_ROUTES = ("G324国道→泉安北路", "S308省道→晋新路", "G324国道→世纪大道", "S307省道→西园路")
EVENT_NAMES = ("2023春夏新品订货会", "2023秋冬新品订货会", "客户验厂审核", "年度供应商大会",
               "经销商年会", "外商洽谈会", "新产品技术交流会", "鞋服供应链对接会")
EVENT_SIZES = (30, 50, 80, 120, 150, 180, 199, 201, 220, 300, 450)
PARTICIPANT_ORIGINS = (("泉州市内", 4), ("省内其他地市", 2), ("省外", 3), ("境外", 1))
PROBLEMS = ("未设立过渡缓冲区", "外来人员登记不全", "员工行程台账未及时更新", "门岗测温扫码未落实",
            "未设置外卖快递无接触配送点", "食堂未错峰就餐", "保安未规范佩戴口罩", "消杀通风记录不全",
            "未按频次开展全员核酸检测", "外包人员未纳入闭环管理", "场所码未张贴", "防疫专班分工不明确")
STREET_STAFF = ("许志明", "陈丽娟", "吴建国", "蔡美玲", "洪文华", "施家豪")


def at_minutes(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minutes)


class Activity:
    """Draws a community's arrivals, trucks, events, inspections and tests from the one random
    stream; situations the policy rules should notice go to `cases`."""

    def __init__(self, rng: random.Random, today: dt.date, policy: Policy, people: PeopleFactory,
                 cases: list[Mark]):
        self.rng = rng
        self.today = today
        self.policy = policy
        self.people = people
        self.cases = cases

    def case(self, community: Community, role: str, record: Record, case: str) -> None:
        self.cases.append(Mark(community, role, record, "", case))

    # --- arrivals (来晋人员登记) -------------------------------------------------------------

    def arrivals(self, community: Community) -> list[Record]:
        rng = self.rng
        count = rng.randint(30, 60)
        opening = [("本企业员工", "高风险区"), ("来访人员", "境外"), ("货车司乘人员", "省外"),
                   ("本企业员工", "途经高风险区"), ("来访人员", "省内")]
        rows = []
        for i in range(count):
            person_type, origin_type = opening[i] if i < len(opening) else self.arrival_kind()
            rows.append(self.arrival(community, person_type, origin_type))
        rows.sort(key=lambda r: as_datetime(r["arrival"]))
        return rows

    def arrival_kind(self) -> tuple[str, str]:
        rng = self.rng
        person_type = weighted(rng, (("本企业员工", 40), ("来访人员", 40), ("货车司乘人员", 20)))
        if person_type == "货车司乘人员":
            odds = (("省外", 6), ("省内", 3), ("途经高风险区", 1))
        elif person_type == "本企业员工":
            odds = (("高风险区", 20), ("途经高风险区", 15), ("省外", 45), ("省内", 15), ("境外", 5))
        else:
            odds = (("高风险区", 15), ("途经高风险区", 10), ("境外", 15), ("省外", 45), ("省内", 15))
        return person_type, weighted(rng, odds)

    def traveller_identity(self, community: Community, person_type: str) -> tuple[Person, str]:
        """Who travels and for which enterprise; own staff are taken from 员工台账."""
        rng = self.rng
        if person_type == "本企业员工":
            enterprise = rng.choice(community.enterprises)
            active = [r for r in enterprise.staff if r["on_duty"] != "离职" and "_traveller" not in r]
            if active:
                row = rng.choice(active)
                row["_traveller"] = True  # keep this employee's identity clean in 员工台账
                return Person(row["name"], row["id_number"], row["phone"], row["_sex"]), enterprise.name
        share = 0.3 if person_type == "货车司乘人员" else 0.2
        return self.people.person(local_share=share), rng.choice(community.enterprises).name

    def arrival(self, community: Community, person_type: str, origin_type: str) -> Record:
        rng = self.rng
        person, enterprise = self.traveller_identity(community, person_type)
        minutes_before_noon = rng.randint(0, 10 * 24 * 60 - 5 * 60)  # within ten days before today
        arrival = at_minutes(self.today, 12 * 60) - dt.timedelta(minutes=minutes_before_noon)
        if arrival.hour < 6:
            arrival += dt.timedelta(hours=7)
        travel_hours = {"境外": (4, 20), "高风险区": (3, 14), "途经高风险区": (5, 16), "省外": (3, 12),
                        "省内": (1, 4)}[origin_type]
        departure = arrival - dt.timedelta(minutes=rng.randint(travel_hours[0] * 60, travel_hours[1] * 60))
        record: Record = {
            "name": person.name, "id_number": person.id_number, "phone": person.phone,
            "person_type": person_type, "enterprise": enterprise, "origin_type": origin_type,
            "origin": rng.choice(ORIGINS[origin_type]), "departure": departure, "arrival": arrival,
            "declared": None, "pre_test_time": None, "pre_test_result": None, "business": "否",
            "reported": None, "remark": "",
        }
        self.declaration(community, record, arrival, origin_type, person_type)
        self.pre_departure_test(community, record, departure, origin_type, person_type)
        self.business_visit(community, record, arrival, origin_type, person_type)
        category = self.policy.category_for(person_type, origin_type)
        isolating = [phase for phase in category.phases if phase.isolates] if category else []
        if isolating:  # what a clerk notes beside the person: 集中隔离5天+居家隔离3天
            record["remark"] = "+".join(f"{phase.label}{phase.days}天" for phase in isolating)
        if rng.random() < 0.12:  # some clerks type dates without times
            for key in ("departure", "arrival", "declared", "pre_test_time"):
                if isinstance(record[key], dt.datetime):
                    record[key] = record[key].date()
        return record

    def _hours(self, person_type: str, origin_type: str, rule: str) -> int | None:
        category = self.policy.category_for(person_type, origin_type)
        return getattr(category, rule) if category else None

    def declaration(self, community, record, arrival, origin_type, person_type) -> None:
        rng = self.rng
        ahead = self._hours(person_type, origin_type, "declare_hours")
        required = ahead is not None
        if not required and rng.random() < 0.5:
            return
        ahead = ahead or 24
        late = required and rng.random() < 0.15
        hours = rng.randint(1 * 60, (ahead - 4) * 60) if late else rng.randint(ahead * 60 + 10, 3 * ahead * 60)
        record["declared"] = arrival - dt.timedelta(minutes=hours)
        if late:
            self.case(community, "arrivals", record, "late_declaration")

    def pre_departure_test(self, community, record, departure, origin_type, person_type) -> None:
        rng = self.rng
        within = self._hours(person_type, origin_type, "pre_test_hours")
        required = within is not None
        if not required and (origin_type == "省内" or rng.random() < 0.5):
            return
        within = within or 48
        stale = required and rng.random() < 0.12
        hours = rng.randint((within + 2) * 60, (within + 42) * 60) if stale else rng.randint(3 * 60, (within - 4) * 60)
        record["pre_test_time"] = departure - dt.timedelta(minutes=hours)
        record["pre_test_result"] = "阴性"
        if stale:
            self.case(community, "arrivals", record, "pre_test_too_early")

    def business_visit(self, community, record, arrival, origin_type, person_type) -> None:
        rng = self.rng
        if person_type != "来访人员" or rng.random() < 0.4:
            return
        record["business"] = "是"
        if rng.random() < 0.8:
            record["reported"] = day_of(arrival) - dt.timedelta(days=rng.randint(1, 3))
        elif origin_type in ("高风险区", "途经高风险区", "境外"):
            self.case(community, "arrivals", record, "business_not_reported")

    # --- trucks (货车登记) ---------------------------------------------------------------------

    def truck(self, community: Community) -> Record:
        rng = self.rng
        occupants = [self.people.person(local_share=0.3, earliest=1965, latest=2000)
                     for _ in range(2 if rng.random() < 0.3 else 1)]
        planned = at_minutes(self.today, 0) + dt.timedelta(minutes=rng.randint(-8 * 24 * 60, 30 * 60))
        if planned.hour < 5:
            planned += dt.timedelta(hours=6)
        highway = rng.random() < 0.7
        enterprise = rng.choice(community.enterprises)
        late = rng.random() < 0.15
        rules = self.policy.trucks  # a rule set without truck rules: the trucks still come, as in 81号
        declare_hours, test_hours = (rules.declare_hours, rules.test_within_hours) if rules else (24, 48)
        ahead = (rng.randint(2 * 60, (declare_hours - 4) * 60) if late
                 else rng.randint(declare_hours * 60 + 5, 2 * declare_hours * 60))
        declared = planned - dt.timedelta(minutes=ahead)
        record: Record = {
            "plate": make_plate(rng),
            "enterprise": enterprise.name,
            "planned_arrival": planned,
            "route": f"{rng.choice(HIGHWAY_ROUTES if highway else ROAD_ROUTES)}→{enterprise.name}",
            "entry_mode": "高速" if highway else "国省道",
            "history_7d": "无" if rng.random() < 0.4 else rng.choice(ORIGINS["省外"] + ORIGINS["省内"]),
            "name": "、".join(p.name for p in occupants),
            "id_number": "、".join(p.id_number for p in occupants),
            "phone": "、".join(p.phone for p in occupants),
            "declared": declared,
            "pre_test_time": planned - dt.timedelta(minutes=rng.randint(6 * 60, (test_hours - 4) * 60)),
            "pre_test_result": "阴性",
            "vaccination": ("均已接种3剂" if len(occupants) == 2
                            else f"已接种{weighted(rng, ((2, 2), (3, 7), (4, 1)))}剂"),
            "remark": "人不离车、即送即走" if rng.random() < 0.3 else "",
        }
        if late:
            self.case(community, "trucks", record, "late_declaration")
        return record

    # --- business events (商务活动) -----------------------------------------------------------

    def events(self, community: Community) -> list[Record]:
        rng = self.rng
        rows = []
        for i in range(rng.randint(3, 5)):
            size, origin = rng.choice(EVENT_SIZES), weighted(rng, PARTICIPANT_ORIGINS)
            if i == 0:  # exactly the limit: both "以内" and "以上" (see policy-reading.md)
                size, origin = self.policy.event_size, ("省外" if community.index % 2 == 0 else "泉州市内")
            elif i == 1 and community.index % 3 == 0:  # overseas participants, rarer in practice
                origin = "境外"
            rows.append(self.event(community, size, origin))
        rows.sort(key=lambda r: r["event_date"])
        return rows

    def event(self, community: Community, size: int, origin: str) -> Record:
        rng = self.rng
        enterprise = max(rng.sample(community.enterprises, min(3, len(community.enterprises))),
                         key=lambda e: e.listed)
        event_date = self.today + dt.timedelta(days=rng.randint(-12, 18))
        late = rng.random() < 0.2
        days = self.policy.event_approval_days
        declared = min(event_date - dt.timedelta(days=rng.randint(1, days - 1) if late else rng.randint(days, days + 8)),
                       self.today - dt.timedelta(days=rng.randint(0, 4)))  # never declared in the future
        record: Record = {
            "event_name": rng.choice(EVENT_NAMES), "enterprise": enterprise.name,
            "event_date": event_date, "size": size, "participant_origin": origin,
            "declared": declared, "plan": "是" if rng.random() < 0.9 else "否",
            "emergency_plan": "是" if rng.random() < 0.85 else "否", "remark": "",
        }
        if size == self.policy.event_size:
            self.case(community, "events", record, f"event_size_at_limit_{origin}")
        if (event_date - declared).days < days:
            self.case(community, "events", record, "late_event_approval")
        return record

    # --- the tests the policy asks for ---------------------------------------------------------

    def testing_schedule(self, person_type: str, origin_type: str, community: Community) -> list[tuple[int, str, str]]:
        """(days after arrival, label, sampling place) of the tests the policy asks of this kind of
        person, as the scheduler plans them; the places are the ones a clerk would write."""
        category = self.policy.category_for(person_type, origin_type)
        if category is None:
            return []
        point = f"{SUBDISTRICT}便民核酸采样点（{community.name}服务中心）"
        places = {"centralised": "晋江市集中隔离点（西园酒店）", "home": "居家隔离上门采样",
                  "none": "沈海高速晋江出口核酸采样点" if person_type == "货车司乘人员" else point}
        arrival = self.today
        plan = []
        for phase, day, test in planned_tests(self.policy, category, arrival):
            if phase.isolates:
                label = f"{phase.label}第{day}天"
            else:
                label = "落地检" if day == 1 else f"第{day}天"
            plan.append(((test.date - arrival).days, label, places.get(phase.kind, point)))
        return plan

    # --- inspections (督导检查) ---------------------------------------------------------------

    def inspections(self, community: Community) -> list[Record]:
        rows = [self.inspection(community, escalate=(i == 0)) for i in range(self.rng.randint(8, 12))]
        rows.sort(key=lambda r: r["inspection_date"])
        return rows

    def inspection(self, community: Community, escalate: bool) -> Record:
        rng = self.rng
        inspected = self.today - dt.timedelta(days=rng.randint(10, 20) if escalate else rng.randint(1, 30))
        has_problems = escalate or rng.random() < 0.7
        record: Record = {
            "inspection_date": inspected,
            "enterprise": rng.choice(community.enterprises).name,
            "inspector": "、".join(rng.sample(community.cadres + STREET_STAFF, 2)),
            "problems": "；".join(rng.sample(PROBLEMS, rng.randint(1, 2))) if has_problems else "无",
            "deadline": None, "rectification": None, "reminders": None,
            "remark": "暗访" if rng.random() < 0.2 else "",
        }
        if has_problems:
            deadline = inspected + dt.timedelta(days=rng.randint(3, 7))
            overdue = deadline < self.today
            if escalate:
                status = "未整改"
            elif overdue:
                status = weighted(rng, (("已整改", 60), ("整改中", 15), ("未整改", 25)))
            else:
                status = weighted(rng, (("整改中", 60), ("已整改", 30), ("未整改", 10)))
            needed = self.policy.escalate_after_reminders
            reminders = {"已整改": rng.randint(0, 1), "整改中": rng.randint(1, 2)}.get(
                status, rng.randint(needed, needed + 2) if overdue else rng.randint(0, max(0, needed - 1)))
            record.update(deadline=deadline, rectification=status, reminders=reminders)
            if status == "未整改" and overdue and reminders >= self.policy.escalate_after_reminders:
                self.case(community, "inspections", record, "overdue_after_reminders")
        return record

    # --- test records (核酸检测记录) ------------------------------------------------------------

    def tests(self, community: Community) -> list[Record]:
        rows: list[Record] = []
        for traveller in community.sheets["arrivals"]:
            rows.extend(self.traveller_tests(community, traveller))
        positives = 1 if community.index < 2 else 0  # one or two positives in the whole workspace
        finished = [r for r in rows if r["result"] == "阴性"]
        for record in self.rng.sample(finished, min(positives, len(finished))):
            record["result"], record["remark"] = "阳性", "已转运隔离"
            self.case(community, "tests", record, "positive_test")
        rows.sort(key=lambda r: r["sample_time"])
        return rows

    def landing_tests(self, community: Community) -> list[Record]:
        """Each truck occupant's 落地检测 after arriving; a few are missing (a planted case)."""
        rng, rows = self.rng, []
        for truck in community.sheets["trucks"]:
            arrival = truck["planned_arrival"]
            if day_of(arrival) >= self.today:
                continue
            truck["_landing_tested"] = True
            for name, id_number in zip(truck["name"].split("、"), truck["id_number"].split("、")):
                if rng.random() < 0.06:
                    self.case(community, "trucks", truck, "missing_landing_test")
                    continue
                rows.append({"name": name, "id_number": id_number,
                             "sample_time": arrival + dt.timedelta(minutes=rng.randint(20, 180)), "result": "阴性",
                             "test_place": "高速出口核酸检测服务点" if truck["entry_mode"] == "高速" else "便民核酸采样点",
                             "remark": "货车司乘人员落地检测"})
        return rows

    # --- 差旅备案 (一（一）) -------------------------------------------------------------------

    def trips(self, community: Community) -> list[Record]:
        """The filed trips of staff: those who came back (their return is in 来晋人员登记) and
        a few still away, one of them past the day they were due back (a planted case)."""
        rng, rows = self.rng, []
        for traveller in community.sheets["arrivals"]:
            if traveller["person_type"] != "本企业员工" or rng.random() < 0.3:
                continue
            back = day_of(traveller["arrival"])
            rows.append(self.trip(traveller, traveller["origin_type"], traveller["origin"],
                                  back - dt.timedelta(days=rng.randint(3, 12)), back))
        for offset in (-2, 1, 5):  # due back two days ago, tomorrow, in five days
            enterprise = rng.choice(community.enterprises)
            free = [r for r in enterprise.staff if r["on_duty"] != "离职" and "_traveller" not in r]
            if not free:  # a one-person firm whose only employee travels already
                continue
            staff = rng.choice(free)
            staff["_traveller"] = True
            origin_type = weighted(rng, (("省外", 5), ("高风险区", 2), ("途经高风险区", 2)))
            person = {"name": staff["name"], "id_number": staff["id_number"], "phone": staff["phone"],
                      "enterprise": enterprise.name}
            back = self.today + dt.timedelta(days=offset)
            rows.append(self.trip(person, origin_type, rng.choice(ORIGINS[origin_type]),
                                  back - dt.timedelta(days=rng.randint(3, 8)), back))
            if offset < 0 and self.policy.category_for("本企业员工", origin_type) is not None:
                self.case(community, "trips", rows[-1], "trip_unregistered")
        rows.sort(key=lambda r: r["leave_date"])
        return rows

    def trip(self, person: Record, origin_type: str, destination: str, leave: dt.date, back: dt.date) -> Record:
        return {"name": person["name"], "id_number": person["id_number"], "phone": person["phone"],
                "enterprise": person["enterprise"], "trip_type": "因公" if self.rng.random() < 0.6 else "因私",
                "destination": destination, "destination_type": origin_type, "leave_date": leave,
                "expected_return": back, "returned": None, "remark": ""}

    def traveller_tests(self, community: Community, traveller: Record) -> list[Record]:
        rng = self.rng
        arrival = traveller["arrival"]
        rows = []
        schedule = self.testing_schedule(traveller["person_type"], traveller["origin_type"], community)
        for offset, label, place in schedule:
            day = day_of(arrival) + dt.timedelta(days=offset)
            if day > self.today:
                break
            if rng.random() < 0.08:
                self.case(community, "arrivals", traveller, f"missing_test_{label}")
                continue
            if offset == 0 and isinstance(arrival, dt.datetime):
                sample = min(arrival + dt.timedelta(minutes=rng.randint(20, 150)),
                             arrival.replace(hour=23, minute=50))
            else:
                sample = at_minutes(day, rng.randint(7 * 60, 18 * 60))
            pending = day == self.today and rng.random() < 0.5
            rows.append({
                "name": traveller["name"], "id_number": traveller["id_number"], "sample_time": sample,
                "result": "待出" if pending else "阴性", "test_place": place, "remark": label,
            })
        return rows
