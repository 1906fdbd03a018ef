"""Per-person schedules by 晋政西〔2022〕81号: exact dates for every category and the boundaries."""

import datetime as dt
from pathlib import Path

import pytest

from xiyuan.checks.ledger import Arrival, Source, SampleRecord
from xiyuan.rules.policy import DEFAULT_POLICY, load_policy
from xiyuan.rules.people import index_tests, schedule_person

D = dt.date
T = dt.datetime
AS_OF = D(2022, 11, 25)
POLICY = load_policy()
SRC = Source("台账.xlsx", "来晋人员登记", 2)
ID = "350582199003071238"


def person(person_type, origin_type, arrival, **extra):
    return Arrival(SRC, name="陈明", id_number=ID, phone="13805951234", person_type=person_type,
                   enterprise="晋江市鑫盛鞋业有限公司", origin_type=origin_type, arrival=arrival, **extra)


def samples(*records):
    return index_tests([SampleRecord(SRC, id_number=ID, sample_time=when, result=result) for when, result in records])


def plan(schedule):
    return [(t.date, t.label, t.place) for t in schedule.tests]


def test_overseas_five_plus_three():
    s = schedule_person(person("来访人员", "境外", T(2022, 11, 20, 10, 0)), POLICY, {}, AS_OF)
    assert (s.category.key, s.clause) == ("overseas", "一（二）②")
    assert [(i.kind, i.start, i.end) for i in s.isolation] == [
        ("centralised", D(2022, 11, 20), D(2022, 11, 24)), ("home", D(2022, 11, 25), D(2022, 11, 27))]
    assert plan(s) == [
        (D(2022, 11, 20), "集中隔离第1天（即到即检）", "集中隔离点"),
        (D(2022, 11, 21), "集中隔离第2天", "集中隔离点"),
        (D(2022, 11, 22), "集中隔离第3天", "集中隔离点"),
        (D(2022, 11, 24), "集中隔离第5天", "集中隔离点"),
        (D(2022, 11, 25), "居家隔离第1天", "居家隔离地（由社区安排采样）"),
        (D(2022, 11, 27), "居家隔离第3天", "居家隔离地（由社区安排采样）"),
    ]
    assert s.may_enter == D(2022, 11, 28)
    assert [t.status for t in s.tests] == ["overdue"] * 4 + ["due_today", "upcoming"]
    assert s.status == "overdue"


def test_staff_back_from_high_risk_area_seven_days_home():
    records = samples((T(2022, 11, 20, 18), "阴性"), (T(2022, 11, 22, 9), "阴性"), (T(2022, 11, 24, 9), "阴性"))
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 20, 15, 0)), POLICY, records, AS_OF)
    assert s.category.key == "staff_high_risk" and s.clause == "一（一）"
    assert [(i.start, i.end) for i in s.isolation] == [(D(2022, 11, 20), D(2022, 11, 26))]
    assert [t.date for t in s.tests] == [D(2022, 11, 20), D(2022, 11, 22), D(2022, 11, 24), D(2022, 11, 26)]
    assert [t.status for t in s.tests] == ["done", "done", "done", "upcoming"]
    assert s.status == "isolating"
    assert s.may_enter == D(2022, 11, 27)
    assert "待核验" in s.may_enter_reason


def test_cleared_after_all_negative():
    records = samples(*[(T(2022, 11, d, 9), "阴性") for d in (14, 16, 18, 20)])
    s = schedule_person(person("来访人员", "途经高风险区", T(2022, 11, 14, 8)), POLICY, records, AS_OF)
    assert s.category.key == "visitor_high_risk"
    assert s.status == "cleared"
    assert s.may_enter == D(2022, 11, 21)
    assert s.may_enter_reason == "隔离期满且4次核酸检测均为阴性（一（二）①）"


def test_positive_result_wins():
    records = samples((T(2022, 11, 20, 9), "阴性"), (T(2022, 11, 22, 9), "阳性"))
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 20, 8)), POLICY, records, AS_OF)
    assert [t.status for t in s.tests][:2] == ["done", "positive"]
    assert s.status == "positive"


def test_late_test_counts_before_the_next_one():
    # day-1 test taken a day late (11-21) still fills day 1; day 3 (11-22) then has none
    records = samples((T(2022, 11, 21, 9), "阴性"))
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 20, 8)), POLICY, records, AS_OF)
    assert [(t.status, t.sampled) for t in s.tests][:2] == [("done", T(2022, 11, 21, 9)), ("overdue", None)]


def test_other_province_landing_test_and_days_two_three():
    s = schedule_person(person("来访人员", "省外", T(2022, 11, 24, 20)), POLICY, {}, AS_OF)
    assert s.category.key == "other_province" and s.clause == "一（二）④"
    assert plan(s) == [
        (D(2022, 11, 24), "落地核酸检测（第1天）", "便民核酸采样点"),
        (D(2022, 11, 25), "第2天核酸检测", "便民核酸采样点"),
        (D(2022, 11, 26), "第3天核酸检测", "便民核酸采样点"),
    ]
    assert s.isolation == [] and s.may_enter is None
    assert s.may_enter_reason == "通知对此类人员未设进入厂区的限制（一（二）④）"
    assert s.status == "overdue"


def test_staff_who_only_passed_through_must_report_but_not_isolate():
    s = schedule_person(person("本企业员工", "途经高风险区", T(2022, 11, 22, 8),
                               declared=T(2022, 11, 21, 8)), POLICY, {}, AS_OF)
    assert s.category.key == "staff_transit"
    assert s.tests == [] and s.isolation == [] and s.may_enter is None
    assert s.status == "no_requirement"
    assert [(c.code, c.status) for c in s.checks] == [("declaration", "ok"), ("report_to_community", "verify")]


@pytest.mark.parametrize("arrival, expected_end, expected_enter", [
    (T(2022, 12, 29, 9), D(2023, 1, 4), D(2023, 1, 5)),   # across the year end
    (T(2022, 11, 28, 9), D(2022, 12, 4), D(2022, 12, 5)),  # across the month end
    (T(2022, 11, 20, 23, 59), D(2022, 11, 26), D(2022, 11, 27)),  # arriving at 23:59: still day 1
])
def test_calendar_edges(arrival, expected_end, expected_enter):
    s = schedule_person(person("来访人员", "高风险区", arrival), POLICY, {}, AS_OF)
    assert s.tests[0].date == arrival.date()
    assert s.isolation[-1].end == expected_end and s.may_enter == expected_enter


def test_overseas_across_the_year_end():
    s = schedule_person(person("来访人员", "境外", T(2022, 12, 29, 9)), POLICY, {}, AS_OF)
    assert [(i.start, i.end) for i in s.isolation] == [(D(2022, 12, 29), D(2023, 1, 2)), (D(2023, 1, 3), D(2023, 1, 5))]
    assert s.may_enter == D(2023, 1, 6)
    assert s.status == "not_arrived"


@pytest.mark.parametrize("declared, status", [
    (T(2022, 11, 19, 10, 0), "ok"),        # exactly 24 h ahead
    (T(2022, 11, 19, 10, 1), "late"),      # 23 h 59 min
    (D(2022, 11, 19), "verify"),           # date only, one day before: the hours decide
    (D(2022, 11, 18), "ok"),               # date only, two days before
    (D(2022, 11, 20), "late"),             # the same day
    (None, "missing"),
])
def test_declaration_24_hours_ahead(declared, status):
    s = schedule_person(person("来访人员", "高风险区", T(2022, 11, 20, 10, 0), declared=declared), POLICY, {}, AS_OF)
    assert next(c for c in s.checks if c.code == "declaration").status == status


@pytest.mark.parametrize("test_time, status", [
    (T(2022, 11, 17, 9, 0), "ok"),         # exactly 48 h before leaving
    (T(2022, 11, 17, 8, 59), "late"),      # 48 h 1 min
    (D(2022, 11, 17), "verify"),           # date only, two days before
    (D(2022, 11, 18), "ok"),
    (D(2022, 11, 16), "late"),
    (None, "missing"),
])
def test_pre_departure_test_within_48_hours(test_time, status):
    s = schedule_person(person("来访人员", "高风险区", T(2022, 11, 20, 10), departure=T(2022, 11, 19, 9, 0),
                               pre_test_time=test_time), POLICY, {}, AS_OF)
    assert next(c for c in s.checks if c.code == "pre_test").status == status


def test_business_visitor_needs_the_enterprise_report():
    s = schedule_person(person("来访人员", "境外", T(2022, 11, 20, 10), business=True), POLICY, {}, AS_OF)
    check = next(c for c in s.checks if c.code == "business_report")
    assert (check.status, check.clause) == ("missing", "一（二）③")
    s = schedule_person(person("来访人员", "境外", T(2022, 11, 20, 10), business=True, reported=D(2022, 11, 18)),
                        POLICY, {}, AS_OF)
    assert next(c for c in s.checks if c.code == "business_report").status == "ok"


def test_unknown_category_is_explained():
    s = schedule_person(person(None, "省外", T(2022, 11, 20, 10)), POLICY, {}, AS_OF)
    assert s.category is None and s.status == "pending_verification" and s.tests == []
    assert "人员类型" in s.may_enter_reason


def test_a_second_policy_file_changes_results_without_code(tmp_path):
    text = Path(DEFAULT_POLICY).read_text(encoding="utf-8")
    other = tmp_path / "new-notice.toml"
    other.write_text(text.replace('day_one = "arrival"', 'day_one = "day_after_arrival"')
                         .replace("days = 7, test_days = [1, 3, 5, 7]", "days = 5, test_days = [1, 3, 5]"),
                     encoding="utf-8")
    policy = load_policy(other)
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 20, 8)), policy, {}, AS_OF)
    assert [t.date for t in s.tests] == [D(2022, 11, 21), D(2022, 11, 23), D(2022, 11, 25)]
    assert s.tests[0].label == "居家隔离第1天"  # no 即到即检 when day 1 is the day after arrival
    assert s.may_enter == D(2022, 11, 26)


def test_a_positive_sample_on_an_unscheduled_day_still_counts():
    records = samples(*[(T(2022, 11, d, 9), "阴性") for d in (14, 16, 18, 20)], (T(2022, 11, 15, 9), "阳性"))
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 14, 8)), POLICY, records, AS_OF)
    assert s.status == "positive"
    assert s.may_enter is None and s.may_enter_reason.startswith("核酸检测结果为阳性，不得进入厂区")
    assert "不得进入厂区" in s.explanation


def test_on_a_day_with_two_samples_the_positive_one_counts():
    records = samples((T(2022, 11, 20, 9), "阴性"), (T(2022, 11, 20, 15), "阳性"))
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 20, 8)), POLICY, records, AS_OF)
    assert (s.tests[0].status, s.tests[0].sampled) == ("positive", T(2022, 11, 20, 15))
    assert s.status == "positive"


def test_a_positive_pre_departure_record_is_not_ok():
    records = samples((T(2022, 11, 18, 9), "阳性"))
    s = schedule_person(person("来访人员", "高风险区", T(2022, 11, 20, 10), departure=T(2022, 11, 19, 9)),
                        POLICY, records, AS_OF)
    assert next(c for c in s.checks if c.code == "pre_test").status == "late"
    assert s.status == "positive"


def test_the_landing_test_stays_on_the_arrival_day_whatever_day_one_is(tmp_path):
    text = Path(DEFAULT_POLICY).read_text(encoding="utf-8")
    other = tmp_path / "p.toml"
    other.write_text(text.replace('day_one = "arrival"', 'day_one = "day_after_arrival"'), encoding="utf-8")
    s = schedule_person(person("来访人员", "省外", T(2022, 11, 24, 20)), load_policy(other), {}, AS_OF)
    assert [t.date for t in s.tests] == [D(2022, 11, 24), D(2022, 11, 25), D(2022, 11, 26)]


def test_same_day_dates_cannot_settle_the_order():
    s = schedule_person(person("来访人员", "高风险区", T(2022, 11, 20, 10), departure=D(2022, 11, 19),
                               pre_test_time=D(2022, 11, 19)), POLICY, {}, AS_OF)
    check = next(c for c in s.checks if c.code == "pre_test")
    assert check.status == "verify" and "同一天" in check.detail


def test_a_declaration_after_arrival_says_so_in_hours_and_minutes():
    s = schedule_person(person("来访人员", "高风险区", T(2022, 11, 20, 10, 0), declared=T(2022, 11, 20, 15, 20)),
                        POLICY, {}, AS_OF)
    assert next(c for c in s.checks if c.code == "declaration").detail == "申报时间晚于抵晋时间5小时20分，未按要求提前申报"
