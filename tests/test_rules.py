"""Enterprise flags, events, inspections and trucks by 晋政西〔2022〕81号, with the boundaries."""

import datetime as dt

import pytest

from xiyuan.rules.enterprises import assess_enterprise
from xiyuan.rules.events import assess_event
from xiyuan.rules.inspections import assess_inspection
from xiyuan.checks.ledger import Enterprise, Event, Inspection, Source, Truck
from xiyuan.rules.policy import load_policy
from xiyuan.rules.trucks import assess_truck

D, T = dt.date, dt.datetime
AS_OF = D(2022, 11, 25)
POLICY = load_policy()
SRC = Source("台账.xlsx", "企业台账", 2)
ALL_IN = dict(plan=True, emergency_plan=True, task_group=True, officer="陈明", liaison="林干部",
              **{item: True for item in POLICY.enterprises.internal_items})


def firm(**values):
    base = dict(enterprise="晋江市鑫盛鞋业有限公司", community="霞浯社区", employees=50, daily_visitors=5,
                frequent_traffic=False, buffer_zone=False, white_list=False, **ALL_IN)
    base.update(values)
    return Enterprise(SRC, **base)


@pytest.mark.parametrize("staff, key", [(199, False), (200, True), (201, True)])
def test_two_hundred_staff_includes_two_hundred(staff, key):
    result = assess_enterprise(firm(employees=staff), POLICY, {}, [])
    assert result.key is key and result.buffer_zone_required is key
    assert [f.code for f in result.flags] == (["buffer_zone_missing"] if key else [])
    if key:
        assert result.reasons[0].message == f"员工{staff}人（据员工总数），达到200人以上（含200人）"


def test_staff_count_falls_back_to_the_employee_sheet():
    result = assess_enterprise(firm(employees=None), POLICY, {"晋江市鑫盛鞋业有限公司": 230}, [])
    assert (result.employees, result.employees_source, result.key) == (230, "员工台账", True)


def test_the_larger_of_declared_and_listed_staff_decides_and_the_reason_says_which():
    """二（一） makes the staff list the basis: 150 declared but 230 on duty in 员工台账 is large."""
    result = assess_enterprise(firm(employees=150), POLICY, {"晋江市鑫盛鞋业有限公司": 230}, [])
    assert (result.employees, result.key) == (230, True)
    assert result.reasons[0].message == "员工230人（据员工台账在岗人数，多于填报的员工总数150人），达到200人以上（含200人）"
    declared = assess_enterprise(firm(employees=250), POLICY, {"晋江市鑫盛鞋业有限公司": 180}, [])
    assert (declared.employees, declared.employees_source) == (250, "员工总数")


def test_frequent_traffic_by_column_or_threshold():
    marked = assess_enterprise(firm(frequent_traffic=True, buffer_zone=True), POLICY, {}, [])
    assert [r.code for r in marked.reasons] == ["traffic_marked"] and marked.flags == []
    busy = assess_enterprise(firm(daily_visitors=50), POLICY, {}, [])
    assert [r.code for r in busy.reasons] == ["traffic_threshold"]
    assert "通知未规定具体数字" in busy.reasons[0].message
    quiet = assess_enterprise(firm(daily_visitors=49), POLICY, {}, [])
    assert quiet.key is False


def test_missing_plans_people_and_internal_items():
    result = assess_enterprise(firm(plan=False, emergency_plan=None, liaison=None, sentinel=False,
                                    key_post_protection=None, white_list=True), POLICY, {}, [])
    assert [(f.code, f.clause) for f in result.flags] == [
        ("plan_missing", "二（三）"), ("emergency_plan_missing", "二（三）"), ("liaison_missing", "二（三）"),
        ("internal.sentinel", "一（五）①"), ("internal.key_post_protection", "一（五）③"),
        ("white_list", "专项工作组职责七"),
    ]
    assert result.flags[1].message == "台账未填写是否已制定应急处置预案，请督促企业制定。"
    assert result.flags[0].message == "尚未制定疫情防控工作方案，请督促企业制定。"


def inspection(deadline, reminders, rectification="未整改"):
    return Inspection(SRC, inspection_date=D(2022, 11, 1), enterprise="晋江市鑫盛鞋业有限公司", inspector="王",
                      problems="未设电子哨兵", deadline=deadline, rectification=rectification, reminders=reminders)


@pytest.mark.parametrize("deadline, reminders, rectification, overdue, escalate", [
    (D(2022, 11, 24), 3, "未整改", True, True),
    (D(2022, 11, 24), 2, "未整改", True, False),
    (D(2022, 11, 25), 5, "未整改", False, False),   # the deadline is today: not yet overdue
    (D(2022, 11, 20), 4, "已整改", False, False),
])
def test_escalation_after_repeated_reminders(deadline, reminders, rectification, overdue, escalate):
    result = assess_inspection(inspection(deadline, reminders, rectification), POLICY, AS_OF)
    assert (result.overdue, result.escalate) == (overdue, escalate)
    flags = assess_enterprise(firm(), POLICY, {}, [result]).flags
    assert ("escalate" in [f.code for f in flags]) is escalate


def event(size, origin, declared=D(2022, 11, 20), day=D(2022, 12, 1), plan=True, emergency=True):
    return Event(SRC, event_name="秋冬订货会", enterprise="晋江市鑫盛鞋业有限公司", event_date=day, size=size,
                 participant_origin=origin, declared=declared, plan=plan, emergency_plan=emergency)


@pytest.mark.parametrize("size, origin, route", [
    (199, "泉州市内", "none"),
    (200, "泉州市内", "subdistrict"),
    (199, "省外", "subdistrict"),
    (200, "省外", "city"),      # both 以内 and 以上: the stricter route
    (201, "境外", "city"),
    (150, "省内其他地市", "subdistrict"),
])
def test_event_approval_route(size, origin, route):
    result = assess_event(event(size, origin), POLICY, AS_OF)
    assert result.approval == route
    assert result.deadline == D(2022, 11, 24)


def test_exactly_two_hundred_says_why_it_took_the_stricter_route():
    result = assess_event(event(200, "境外"), POLICY, AS_OF)
    assert result.explanation == ("境外人员参与、规模恰为200人，既属“200人以内”也属“200人以上”，"
                                  "按从严的“报市防控办审批”办理，报市防控办审批，须于2022-11-24前申报。")


def test_event_late_and_missing_plans():
    result = assess_event(event(300, "省外", declared=D(2022, 11, 25), plan=False, emergency=None), POLICY, AS_OF)
    assert result.late is True
    assert [f.code for f in result.flags] == ["event.late", "event.plan_missing", "event.emergency_plan_missing"]
    undeclared = assess_event(event(300, "省外", declared=None), POLICY, AS_OF)
    assert undeclared.late is True and undeclared.flags[0].code == "event.not_declared_late"
    assert "已过期限" in undeclared.flags[0].message


def test_unlisted_origin_is_treated_strictly_and_said():
    result = assess_event(event(150, "省内其他地市"), POLICY, AS_OF)
    assert result.flags[0].code == "event.origin_not_covered"


def truck(**values):
    base = dict(plate="粤BD12345", enterprise="晋江市鑫盛鞋业有限公司", planned_arrival=T(2022, 11, 25, 10),
                route="广州—晋江", entry_mode="高速", history_7d="广东广州", name=["陈明"],
                id_number=["350582199003071238"], phone=["13805951234"], declared=T(2022, 11, 24, 10),
                pre_test_time=T(2022, 11, 23, 10), pre_test_result="阴性", vaccination="3剂")
    base.update(values)
    return Truck(SRC, **base)


def test_a_complete_truck_declaration():
    result = assess_truck(truck(), POLICY)
    assert result.ok and result.flags == []
    assert result.landing_place == "高速出口核酸检测服务点"
    assert assess_truck(truck(entry_mode="国省道"), POLICY).landing_place == "便民核酸采样点"


def test_truck_problems():
    result = assess_truck(truck(declared=T(2022, 11, 24, 10, 1), pre_test_time=T(2022, 11, 23, 9, 59),
                                history_7d="上海浦东（高风险区）", id_number=[None], route=None), POLICY)
    assert [f.code for f in result.flags] == [
        "truck.fields_missing", "truck.declaration_late", "truck.test_late", "truck.occupant_invalid",
        "truck.history_high_risk"]
    assert result.flags[0].message == "报备信息不全：缺行驶路线。"


@pytest.mark.parametrize("history, flagged", [
    ("无中高风险地区旅居史", False), ("广州市（非高风险区）", False), ("上海浦东（高风险区）", True),
    ("近7天到过高风险区", True),
])
def test_a_negated_high_risk_history_is_not_flagged(history, flagged):
    result = assess_truck(truck(history_7d=history), POLICY)
    assert ("truck.history_high_risk" in [f.code for f in result.flags]) is flagged
