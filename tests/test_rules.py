"""Enterprise flags, events, inspections and trucks by 晋政西〔2022〕81号, with the boundaries."""

import datetime as dt

import pytest

from xiyuan.rules.enterprises import assess_enterprise
from xiyuan.rules.events import assess_event
from xiyuan.rules.inspections import assess_inspection
from xiyuan.checks.ledger import Enterprise, Event, Inspection, Source, Truck
from xiyuan.rules.policy import load_policy
from xiyuan.rules.trucks import assess_truck
from builders import ID_B

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
                pre_test_time=[T(2022, 11, 23, 10)], pre_test_result=["阴性"], vaccination=["3剂"])
    base.update(values)
    return Truck(SRC, **base)


def test_a_complete_truck_declaration():
    result = assess_truck(truck(), POLICY)
    assert result.ok and result.flags == []
    assert result.landing_place == "高速出口核酸检测服务点"
    assert assess_truck(truck(entry_mode="国省道"), POLICY).landing_place == "便民核酸采样点"


def test_truck_problems():
    result = assess_truck(truck(declared=T(2022, 11, 24, 10, 1), pre_test_time=[T(2022, 11, 23, 9, 59)],
                                history_7d="上海浦东（高风险区）", id_number=[None], route=None), POLICY)
    assert [f.code for f in result.flags] == [
        "truck.fields_missing", "truck.declaration_late", "truck.occupant_missing", "truck.test_late",
        "truck.history_high_risk"]
    assert result.flags[2].message == "司乘人员陈明缺身份证号，请补全。"
    assert result.flags[0].message == "报备信息不全：缺行驶路线。"


@pytest.mark.parametrize("history, flagged", [
    ("无中高风险地区旅居史", False), ("广州市（非高风险区）", False), ("上海浦东（高风险区）", True),
    ("近7天到过高风险区", True),
])
def test_a_negated_high_risk_history_is_not_flagged(history, flagged):
    result = assess_truck(truck(history_7d=history), POLICY)
    assert ("truck.history_high_risk" in [f.code for f in result.flags]) is flagged


# --- events: approval outcome, events already held, filings dated ahead -----------------------

def big_event(**values):
    base = dict(enterprise="晋江市鑫盛鞋业有限公司", event_name="订货会", event_date=D(2022, 11, 20), size=300,
                participant_origin="省外", declared=D(2022, 11, 1), plan=True, emergency_plan=True)
    base.update(values)
    return Event(SRC, **base)


def test_an_event_held_without_approval_is_flagged():
    held = assess_event(big_event(), POLICY, AS_OF)
    assert [f.code for f in held.flags] == ["event.held_without_approval"]
    assert held.flags[0].message.startswith("活动已于2022-11-20举办，应报市防控办审批，但审批结果为“未填”：属未经审批举办")
    approved = assess_event(big_event(approval_result="已批准"), POLICY, AS_OF)
    assert approved.flags == []


def test_a_rejected_event_still_to_come_may_not_be_held():
    result = assess_event(big_event(event_date=D(2022, 12, 10), approval_result="未批准"), POLICY, AS_OF)
    assert [f.code for f in result.flags] == ["event.rejected"]


def test_a_filing_dated_after_the_day_asked_is_an_error_not_a_filing():
    result = assess_event(big_event(event_date=D(2022, 12, 10), declared=D(2022, 11, 28)), POLICY, AS_OF)
    assert [f.code for f in result.flags][:2] == ["event.declared_in_future", "event.not_declared"]
    assert "申报日期2022-11-28晚于今天（2022-11-25），不能算已申报" in result.flags[0].message


def test_no_approval_form_for_an_event_already_held():
    from xiyuan.outputs.document_kinds import KINDS
    from xiyuan.rules.assess import Assessment

    past = assess_event(big_event(approval_result="已批准"), POLICY, AS_OF)
    coming = assess_event(big_event(event_date=D(2022, 12, 10)), POLICY, AS_OF)
    assessment = Assessment(AS_OF, POLICY, [], [], [], [], [past, coming], [])
    assert KINDS["event"].subjects(assessment) == [coming]


# --- repeated reminders 二（四） --------------------------------------------------------------

def test_reminder_dates_count_up_to_the_day_asked():
    inspection = Inspection(SRC, inspection_date=D(2022, 11, 1), enterprise="晋江市鑫盛鞋业有限公司", problems="未设电子哨兵",
                            deadline=D(2022, 11, 10), rectification="未整改",
                            reminder_dates=[D(2022, 11, 12), D(2022, 11, 18), D(2022, 11, 24), D(2022, 11, 30)])
    assert assess_inspection(inspection, POLICY, D(2022, 11, 23)).escalate is False  # two by then
    result = assess_inspection(inspection, POLICY, AS_OF)
    assert (result.escalate, result.reminders) == (True, 3)


def test_escalation_without_a_deadline_is_the_policys_choice(tmp_path):
    from xiyuan.rules.policy import DEFAULT_POLICY

    inspection = Inspection(SRC, inspection_date=D(2022, 11, 1), enterprise="晋江市鑫盛鞋业有限公司", problems="未设电子哨兵",
                            rectification="未整改", reminders=3)
    result = assess_inspection(inspection, POLICY, AS_OF)
    assert result.escalate and result.explanation.code == "inspection.escalate_no_deadline"
    assert "已督促3次仍未落实" in result.explanation and "请补填整改期限" in result.explanation
    firm_result = assess_enterprise(firm(), POLICY, {}, [result])
    assert firm_result.escalate and "未填写整改期限" in firm_result.flags[-1].message
    path = tmp_path / "p.toml"
    path.write_text(DEFAULT_POLICY.read_text(encoding="utf-8").replace("escalate_without_deadline = true",
                                                                       "escalate_without_deadline = false"), encoding="utf-8")
    assert assess_inspection(inspection, load_policy(path), AS_OF).escalate is False


def test_reminder_dates_read_from_a_ledger_cell(tmp_path):
    from builders import write_xlsx
    from xiyuan.checks.load import load_files
    from xiyuan.checks.validate import Options
    from xiyuan.rules.assess import assess

    path = write_xlsx(tmp_path / "台账.xlsx", {"督导检查": [
        ["检查日期", "企业名称", "发现问题", "整改期限", "整改情况", "督促次数", "督促日期"],
        [D(2022, 11, 1), "晋江市鑫盛鞋业有限公司", "未设电子哨兵", D(2022, 11, 10), "未整改", "", "2022-11-12、2022-11-18\n2022-11-24"],
    ]})
    [result] = assess(load_files([path], Options(today=AS_OF)), POLICY, AS_OF).inspections
    assert result.inspection.reminder_dates == [D(2022, 11, 12), D(2022, 11, 18), D(2022, 11, 24)]
    assert result.escalate and result.reminders == 3


# --- trucks: every occupant, the landing test, a crew over several rows ------------------------

def test_each_occupant_has_a_test_and_a_vaccination():
    crew = truck(name=["陈明", "林强"], id_number=["350582199003071238", ID_B],
                 phone=["13805951234", "13905951234"], pre_test_time=[T(2022, 11, 23, 10), T(2022, 11, 22, 8)],
                 pre_test_result=["阴性", "阴性"], vaccination=["3剂", None])
    result = assess_truck(crew, POLICY)
    assert [f.code for f in result.flags] == ["truck.occupant_missing", "truck.test_late"]
    assert result.flags[0].message == "司乘人员林强缺疫苗接种，请补全。"
    assert "林强" in result.flags[1].message
    one_for_all = truck(name=["陈明", "林强"], id_number=["350582199003071238", ID_B],
                        phone=["13805951234", "13905951234"])
    assert assess_truck(one_for_all, POLICY).flags == []  # one test time and result written for the crew


def test_the_landing_test_is_looked_up_in_the_test_records():
    from xiyuan.checks.ledger import SampleRecord
    from xiyuan.rules.people import index_tests

    came = truck(planned_arrival=T(2022, 11, 23, 10), declared=T(2022, 11, 22, 9), pre_test_time=[T(2022, 11, 22, 8)])
    none = assess_truck(came, POLICY, tests={}, as_of=AS_OF)
    assert [f.code for f in none.flags] == ["truck.landing_test_missing"]
    assert none.flags[0].message == "司乘人员陈明2022-11-23入晋，核酸检测记录中没有落地检测，请核实。"
    tested = index_tests([SampleRecord(SRC, id_number="350582199003071238", sample_time=T(2022, 11, 23, 11), result="阴性")])
    assert assess_truck(came, POLICY, tests=tested, as_of=AS_OF).flags == []
    assert assess_truck(truck(), POLICY, tests={}, as_of=AS_OF).flags == []  # arriving today: not yet due


def test_a_crew_written_one_person_per_row_is_one_truck(tmp_path):
    from builders import write_xlsx
    from xiyuan.checks.load import load_files
    from xiyuan.checks.validate import Options
    from xiyuan.rules.assess import assess

    header = ["车牌号", "到访企业", "计划抵晋时间", "行驶路线", "入晋方式", "近7天旅居史", "司乘人员姓名", "司乘人员身份证号",
              "司乘人员电话", "申报时间", "48小时核酸时间", "48小时核酸结果", "疫苗接种"]
    common = ["粤BD12345", "晋江市鑫盛鞋业有限公司", T(2022, 11, 25, 10), "广州—晋江", "高速", "广东广州"]
    path = write_xlsx(tmp_path / "台账.xlsx", {"货车登记": [
        header,
        common + ["陈明", "350582199003071238", "13805951234", T(2022, 11, 24, 9), T(2022, 11, 24, 8), "阴性", "3剂"],
        common + ["林强", ID_B, "13905951234", T(2022, 11, 24, 9), T(2022, 11, 24, 7), "阴性", "2剂"],
    ]})
    [result] = assess(load_files([path], Options(today=AS_OF)), POLICY, AS_OF).trucks
    assert [(o.name, o.vaccination) for o in result.truck.occupants] == [("陈明", "3剂"), ("林强", "2剂")]
    assert result.ok
