"""The policy language carries the rule changes of 2022: each construct with exact dates,
statuses and reasons, the two example rule sets beside 81号, and whole-file validation."""

import datetime as dt
from pathlib import Path

import pytest

from test_schedule import ID, SRC, person, samples
from xiyuan.rules.people import schedule_person
from xiyuan.rules.policy import DEFAULT_POLICY, PolicyError, load_policy

D, T = dt.date, dt.datetime
POLICIES = DEFAULT_POLICY.parent
NINTH = load_policy(POLICIES / "quanzhou-2022-ninth-edition.toml")
RELAXED = load_policy(POLICIES / "jinjiang-2022-12-relaxed.toml")
EIGHTY_ONE = load_policy()
def planned(schedule):
    return [(t.date, t.label, t.status) for t in schedule.tests]


# --- the ninth edition: counted from leaving, monitoring, overall numbering, 双采双检 --------------

def test_high_risk_counts_from_leaving_and_only_what_is_left_after_arrival():
    """Left the risk area on 11-20, arrived 11-22: days 1 and 2 are behind them (填平补齐);
    isolation 11-22..11-26, tests on days 3, 5 and 7 (two samples on day 7)."""
    traveller = person("本企业员工", "高风险区", T(2022, 11, 22, 15), departure=T(2022, 11, 20, 8))
    s = schedule_person(traveller, NINTH, samples((T(2022, 11, 22, 18), "阴性")), D(2022, 11, 25))
    assert [(i.kind, i.start, i.end) for i in s.isolation] == [("centralised", D(2022, 11, 22), D(2022, 11, 26))]
    assert planned(s) == [(D(2022, 11, 22), "集中隔离第3天", "done"), (D(2022, 11, 24), "集中隔离第5天", "overdue"),
                           (D(2022, 11, 26), "集中隔离第7天（双采双检）", "upcoming")]
    assert s.tests[-1].samples == 2
    assert s.may_enter == D(2022, 11, 27) and s.status == "overdue"


def test_counting_from_leaving_without_a_leaving_date_falls_back_to_arrival_and_says_so():
    s = schedule_person(person("本企业员工", "高风险区", T(2022, 11, 22, 15)), NINTH, {}, D(2022, 11, 22))
    assert s.isolation[0].start == D(2022, 11, 22) and s.isolation[0].end == D(2022, 11, 28)
    check = next(c for c in s.checks if c.code == "departure")
    assert check.status == "verify" and "暂按抵晋日起算" in check.detail


def test_double_sampling_needs_two_samples_on_the_day():
    traveller = person("来访人员", "高风险区", T(2022, 11, 20, 9), departure=T(2022, 11, 20, 6))
    negative = [(T(2022, 11, day, 10), "阴性") for day in (20, 21, 22, 24)]
    one = schedule_person(traveller, NINTH, samples(*negative, (T(2022, 11, 26, 9), "阴性")), D(2022, 11, 26))
    assert one.tests[-1].status == "due_today" and one.status == "isolating"
    two = schedule_person(traveller, NINTH, samples(*negative, (T(2022, 11, 26, 9), "阴性"), (T(2022, 11, 26, 15), "阴性")),
                          D(2022, 11, 27))
    assert two.tests[-1].status == "done" and two.status == "cleared"
    assert "均为阴性" in two.may_enter_reason


def test_monitoring_phase_after_isolation_with_its_own_label_and_overall_day():
    """7 days centralised plus 3 days 居家健康监测: the monitoring test is 第10天, not 第3天; the
    person is 健康监测中 during it and may enter only after it."""
    s = schedule_person(person("来访人员", "境外", T(2022, 11, 10, 9)), NINTH, {}, D(2022, 11, 18))
    assert [(i.kind, i.label, i.start, i.end, i.keeps_out) for i in s.isolation] == [
        ("centralised", "集中隔离", D(2022, 11, 10), D(2022, 11, 16), True),
        ("home_monitoring", "居家健康监测", D(2022, 11, 17), D(2022, 11, 19), True)]
    assert planned(s)[-1] == (D(2022, 11, 19), "居家健康监测第10天", "upcoming")
    assert s.status == "overdue"  # days 1-7 not tested
    fine = samples(*[(T(2022, 11, d, 10), "阴性") for d in (10, 11, 12, 14, 16)])
    s = schedule_person(person("来访人员", "境外", T(2022, 11, 10, 9)), NINTH, fine, D(2022, 11, 18))
    assert s.status == "monitoring" and s.may_enter == D(2022, 11, 20)


def test_a_monitoring_phase_that_allows_work(tmp_path):
    text = NINTH_TEXT.replace('numbering = "overall", enter_during = false', 'numbering = "overall", enter_during = true')
    policy = write(tmp_path, text)
    s = schedule_person(person("来访人员", "境外", T(2022, 11, 10, 9)), policy, {}, D(2022, 11, 18))
    assert s.isolation[1].keeps_out is False and s.may_enter == D(2022, 11, 17)


# --- hours from arrival, N tests in D days ---------------------------------------------------

def test_first_test_due_within_24_hours_of_arrival_not_by_the_calendar():
    """Arrived at 22:00 on 11-24: the landing test is due by 22:00 on 11-25, so on the morning
    of 11-25 it is due today, not overdue; on 11-26 it is overdue."""
    late_evening = person("来访人员", "省外", T(2022, 11, 24, 22))
    s = schedule_person(late_evening, NINTH, {}, D(2022, 11, 25))
    first = s.tests[0]
    assert (first.label, first.due_by, first.status) == ("抵晋24小时内核酸检测", T(2022, 11, 25, 22), "due_today")
    assert schedule_person(late_evening, NINTH, {}, D(2022, 11, 26)).tests[0].status == "overdue"
    on_time = schedule_person(late_evening, NINTH, samples((T(2022, 11, 25, 21, 30), "阴性")), D(2022, 11, 26))
    assert on_time.tests[0].status == "done"


def test_two_tests_in_three_days_at_least_24_hours_apart():
    arrival = T(2022, 11, 24, 9)
    s = schedule_person(person("来访人员", "省外", arrival), NINTH, {}, D(2022, 11, 24))
    assert [(t.label, t.date, t.last_day) for t in s.tests] == [
        ("抵晋24小时内核酸检测", D(2022, 11, 24), D(2022, 11, 25)), ("三天两检第2次", D(2022, 11, 25), D(2022, 11, 26))]
    # a second sample only 5 hours after the first is not the second test
    close = samples((T(2022, 11, 24, 10), "阴性"), (T(2022, 11, 24, 15), "阴性"))
    s = schedule_person(person("来访人员", "省外", arrival), NINTH, close, D(2022, 11, 27))
    assert [t.status for t in s.tests] == ["done", "overdue"]
    apart = samples((T(2022, 11, 24, 10), "阴性"), (T(2022, 11, 26, 8), "阴性"))
    s = schedule_person(person("来访人员", "省外", arrival), NINTH, apart, D(2022, 11, 27))
    assert [t.status for t in s.tests] == ["done", "done"] and s.status == "cleared"


def test_staying_home_until_the_results_are_in(tmp_path):
    policy = write(tmp_path, NINTH_TEXT.replace('first_test_within_hours = 24, place = "convenience" }',
                                                'first_test_within_hours = 24, until_results = true, place = "convenience" }')
                   .replace('origin_types = ["省外"]\nentry = "not_restricted"', 'origin_types = ["省外"]\nentry = "after_isolation"'))
    s = schedule_person(person("来访人员", "省外", T(2022, 11, 24, 9)), policy,
                        samples((T(2022, 11, 24, 10), "阴性"), (T(2022, 11, 25, 11), "待出")), D(2022, 11, 25))
    assert s.tests[1].status == "pending_result" and s.may_enter == D(2022, 11, 26)
    assert "尚未全部核验" in s.may_enter_reason


# --- the December relaxation: blocks left out ---------------------------------------------------

def test_relaxed_rules_ask_nothing_of_domestic_travellers_or_trucks():
    from xiyuan.checks.ledger import Truck
    from xiyuan.rules.trucks import assess_truck

    s = schedule_person(person("来访人员", "省外", T(2022, 12, 10, 9)), RELAXED, {}, D(2022, 12, 12))
    assert (s.status, s.tests, s.isolation) == ("no_requirement", [], [])
    assert "联防联控机制综发〔2022〕113号对此类人员未设进入厂区的限制" in s.may_enter_reason
    truck = assess_truck(Truck(SRC, plate="闽C12345"), RELAXED)
    assert truck.ok and truck.flags == [] and "未规定" in truck.explanation


def test_relaxed_rules_still_isolate_arrivals_from_abroad():
    s = schedule_person(person("来访人员", "境外", T(2022, 12, 10, 9)), RELAXED, {}, D(2022, 12, 12))
    assert [(i.start, i.end) for i in s.isolation] == [(D(2022, 12, 10), D(2022, 12, 14)), (D(2022, 12, 15), D(2022, 12, 17))]
    assert s.may_enter == D(2022, 12, 18)


def test_events_need_no_approval_under_the_relaxation():
    from xiyuan.checks.ledger import Event
    from xiyuan.rules.events import assess_event

    event = Event(SRC, "晋江市鑫盛鞋业有限公司", "订货会", D(2022, 12, 20), 500, "省外", None)
    result = assess_event(event, RELAXED, D(2022, 12, 12))
    assert (result.approval, result.flags) == ("none", [])
    assert assess_event(event, EIGHTY_ONE, D(2022, 12, 12)).approval == "city"


# --- pairing samples with tests (81号) ------------------------------------------------------------

def test_a_sample_before_arrival_on_the_arrival_day_is_not_day_one():
    traveller = person("本企业员工", "高风险区", T(2022, 11, 20, 15))
    s = schedule_person(traveller, EIGHTY_ONE, samples((T(2022, 11, 20, 7), "阴性")), D(2022, 11, 21))
    assert s.tests[0].status == "overdue"


def test_a_late_sample_is_a_catch_up_test_and_the_policy_says_if_it_counts(tmp_path):
    traveller = person("本企业员工", "高风险区", T(2022, 11, 20, 15))
    records = samples((T(2022, 11, 20, 18), "阴性"), (T(2022, 11, 23, 9), "阴性"))  # day 3 taken on day 4
    s = schedule_person(traveller, EIGHTY_ONE, records, D(2022, 11, 25))
    assert (s.tests[1].status, s.tests[1].late) == ("done", True)
    strict = write(tmp_path, (POLICIES / "jinzhengxi-2022-81.toml").read_text(encoding="utf-8").replace(
        'day_one = "arrival"', 'day_one = "arrival"\nlate_sample_counts = false'))
    s = schedule_person(traveller, strict, records, D(2022, 11, 25))
    assert s.tests[1].status == "late_not_counted" and s.tests[1].to_dict()["status_label"] == "补检（按政策不计）"


def test_a_pending_result_keeps_the_person_out():
    traveller = person("本企业员工", "高风险区", T(2022, 11, 10, 15))
    records = samples(*[(T(2022, 11, d, 18), "阴性") for d in (10, 12, 14)], (T(2022, 11, 16, 10), "待出"))
    s = schedule_person(traveller, EIGHTY_ONE, records, D(2022, 11, 18))
    assert s.tests[-1].status == "pending_result"
    assert s.status == "pending_verification" and "尚未全部核验" in s.may_enter_reason


# --- validating a file as a whole -------------------------------------------------------------------

NINTH_TEXT = (POLICIES / "quanzhou-2022-ninth-edition.toml").read_text(encoding="utf-8")


def write(tmp_path, text):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return load_policy(path)


@pytest.mark.parametrize("change, words", [
    (('origin_types = ["途经高风险区"]', 'origin_types = ["途经高风险区", "高风险区"]'),
     "“categories[2]”与 categories[1] 都包括“本企业员工”且来源为“高风险区”"),
    (('phases = [{ kind = "home", label = "居家隔离", days = 7, test_days = [1, 4, 7], place = "home" }]',
      'phases = [{ kind = "none", label = "检测", days = 7, test_days = [1, 4, 7], place = "home" }]'),
     "“categories[2].entry”是 after_isolation（期满后方可进厂），但这一类没有隔离"),
    (("test_days = [1, 4, 7]", "test_days = [1, 4, 4, 7]"), "“categories[2].phases[1].test_days”第4天写了两次"),
    (("test_days = [1, 4, 7]", "test_days = [1, 4, 8]"), "每个检测日应为1到7之间的整数，这里有“8”"),
    (("test_days = [10]", "test_days = [3]"), "每个检测日应为本阶段（总第8到10天）的整数，这里有“3”"),
    (("double_sampling = [7]", "double_sampling = [6]"), "第6天不是本阶段的检测日"),
    (("tests = 2, hours_apart = 24", "tests = 4, hours_apart = 24"), "3天内做不完4次、间隔24小时的检测"),
    (('count_from = "departure"\nphases = [{ kind = "centralised"', 'count_from = "leaving"\nphases = [{ kind = "centralised"'),
     "只能是 arrival、departure 之一"),
    (("enter_during = false", "enter_during = fals"), "第"),  # a TOML syntax error: in Chinese, with its line
])
def test_a_broken_rule_set_is_refused_naming_its_key(tmp_path, change, words):
    old, new = change
    assert old in NINTH_TEXT
    with pytest.raises(PolicyError) as caught:
        write(tmp_path, NINTH_TEXT.replace(old, new, 1))
    message = str(caught.value)
    assert words in message
    assert message.startswith("政策文件《policy.toml》") and message.endswith("请改正后再试。")


def test_a_toml_syntax_error_names_the_line():
    with pytest.raises(PolicyError) as caught:
        write_text = NINTH_TEXT.replace("enter_during = false", "enter_during = = false")
        path = Path(__import__("tempfile").mkdtemp()) / "p.toml"
        path.write_text(write_text, encoding="utf-8")
        load_policy(path)
    line = next(n for n, text in enumerate(write_text.splitlines(), 1) if "= = false" in text)
    assert f"第{line}行格式有误" in str(caught.value)


# --- the example rule sets through the commands ----------------------------------------------------

def run(capsys, *argv):
    from xiyuan.faces.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_ninth_edition_through_schedule_and_notices(tmp_path, capsys):
    import json

    from docx import Document

    from test_cli_policy import ledger

    path, policy = ledger(tmp_path), POLICIES / "quanzhou-2022-ninth-edition.toml"
    code, out, _ = run(capsys, "schedule", path, "--date", "2022-11-25", "--policy", policy, "--json")
    chen, lin = json.loads(out)["people"]
    assert chen["isolation"][1]["label"] == "居家健康监测" and chen["may_enter"] == "2022-11-30"
    assert chen["tests"][-1]["label"] == "居家健康监测第10天" and chen["tests"][-1]["date"] == "2022-11-29"
    assert [(t["label"], t["due_by"], t["deadline"]) for t in lin["tests"]] == [
        ("抵晋24小时内核酸检测", "2022-11-26T09:00", "2022-11-26"), ("三天两检第2次", None, "2022-11-27")]
    run(capsys, "notices", path, "--kind", "person", "--out", tmp_path / "告知单", "--date", "2022-11-25",
        "--policy", policy)
    texts = {f.name: "\n".join(p.text for p in Document(str(f)).paragraphs) + "".join(
        c.text for t in Document(str(f)).tables for r in t.rows for c in r.cells) for f in (tmp_path / "告知单").iterdir()}
    chen_text = next(t for name, t in texts.items() if name.startswith("陈明"))
    assert "集中隔离7天加居家健康监测3天" in chen_text and "居家健康监测第10天" in chen_text
    lin_text = next(t for name, t in texts.items() if name.startswith("林芳"))
    assert "抵晋后24小时内完成首次核酸检测，3天内检测2次、每次间隔24小时以上（三天两检）" in lin_text


def test_the_relaxation_through_today_and_the_enterprise_notice(tmp_path, capsys):
    import json

    from docx import Document

    from test_cli_policy import ledger

    path, policy = ledger(tmp_path), POLICIES / "jinjiang-2022-12-relaxed.toml"
    code, out, _ = run(capsys, "today", path, "--date", "2022-11-25", "--policy", policy, "--json")
    items = json.loads(out)["items"]
    assert not [i for i in items if "林芳" in json.dumps(i, ensure_ascii=False)]  # 省外: nothing owed any more
    run(capsys, "notices", path, "--kind", "enterprise", "--out", tmp_path / "告知书", "--date", "2022-11-25",
        "--policy", policy)
    text = "\n".join(p.text for f in (tmp_path / "告知书").iterdir() for p in Document(str(f)).paragraphs)
    assert "举办商务活动无需审批或备案" in text and "来晋货车司乘人员无须报备，不查验核酸检测结果" in text
    assert "48小时" not in text.split("（三）")[1].split("（四）")[0]


def test_policy_diff_lists_what_a_new_notice_changes(tmp_path, capsys):
    import openpyxl

    from test_cli_policy import ledger

    path = ledger(tmp_path)
    before = path.read_bytes() if hasattr(path, "read_bytes") else open(path, "rb").read()
    code, out, _ = run(capsys, "policy-diff", path, "--new", POLICIES / "jinjiang-2022-12-relaxed.toml",
                       "--date", "2022-11-25", "--out", tmp_path / "变化.xlsx")
    assert code == 0
    assert "按联防联控机制综发〔2022〕113号（新）与晋政西〔2022〕81号（现行）比较" in out
    assert "人员：1个有变化" in out and "商务活动：1个有变化" in out and "货车" not in out  # its truck was in order
    rows = list(openpyxl.load_workbook(tmp_path / "变化.xlsx")["政策变化"].iter_rows(values_only=True))
    assert rows[0] == ("类别", "社区", "对象", "变化", "现行政策", "新政策")
    lin = [r for r in rows if r[2].startswith("林芳")]
    assert ("人员", "霞浯社区", lin[0][2], "检测取消", "11月25日落地核酸检测（第1天）、11月26日第2天核酸检测、11月27日第3天核酸检测", "") == lin[0]
    assert "*" in lin[0][2] and ID_B_FULL not in lin[0][2]
    event = next(r for r in rows if r[0] == "商务活动" and r[3] == "审批路径")
    assert event[4:] == ("报市防控办审批", "无需审批")
    assert open(path, "rb").read() == before


def test_policy_diff_of_a_policy_with_itself_changes_nothing(tmp_path, capsys):
    from test_cli_policy import ledger

    code, out, _ = run(capsys, "policy-diff", ledger(tmp_path), "--new", DEFAULT_POLICY, "--date", "2022-11-25")
    assert code == 0 and "没有任何变化" in out


from builders import ID_B as ID_B_FULL  # noqa: E402


def test_a_date_time_at_midnight_stays_a_time(tmp_path, capsys):
    """calamine reads 00:00 back as a date; declared at 00:00 on 11-24 for an arrival at 00:00 on
    11-25 is exactly 24 hours ahead: on time, not 需核实."""
    import json

    from builders import ID_C, write_xlsx

    path = write_xlsx(tmp_path / "台账.xlsx", {"来晋人员登记": [
        ["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间", "自主申报时间"],
        ["陈明", ID, "13805951234", "来访人员", "晋江市鑫盛鞋业有限公司", "高风险区", T(2022, 11, 25, 0, 0), T(2022, 11, 24, 0, 0)],
        ["林芳", "350582199103071234", "13905951234", "来访人员", "晋江市鑫盛鞋业有限公司", "高风险区", T(2022, 11, 25, 9, 30),
         T(2022, 11, 23, 8, 0)],
        ["王强", ID_C, "13705951234", "来访人员", "晋江市鑫盛鞋业有限公司", "高风险区", D(2022, 11, 25), D(2022, 11, 24)],
    ]})
    code, out, _ = run(capsys, "schedule", path, "--date", "2022-11-25", "--json")
    chen, _, wang = json.loads(out)["people"]
    declaration = next(c for c in chen["checks"] if c["code"] == "declaration")
    assert declaration["status"] == "ok", declaration
    # a cell formatted as a date alone keeps meaning "time not known"
    assert next(c for c in wang["checks"] if c["code"] == "declaration")["status"] == "verify"


# --- 差旅备案 (一（一）) ------------------------------------------------------------------------------

def trips_ledger(tmp_path):
    from builders import ID_B, ID_C, write_xlsx

    return write_xlsx(tmp_path / "霞浯社区台账.xlsx", {
        "差旅备案": [
            ["姓名", "身份证号", "手机号", "所属企业", "出行事由", "目的地", "目的地类型", "离开日期", "预计返回日期"],
            ["陈明", ID, "13805951234", "晋江市鑫盛鞋业有限公司", "因公", "上海浦东", "高风险区", D(2022, 11, 15), D(2022, 11, 24)],
            ["林芳", ID_B, "13905951234", "晋江市鑫盛鞋业有限公司", "因私", "广州", "省外", D(2022, 11, 20), D(2022, 11, 27)],
            ["王强", ID_C, "13705951234", "晋江市鑫盛鞋业有限公司", "因公", "厦门", "省内", D(2022, 11, 22), D(2022, 11, 23)],
        ],
        "来晋人员登记": [
            ["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"],
            ["王强", ID_C, "13705951234", "本企业员工", "晋江市鑫盛鞋业有限公司", "省内", T(2022, 11, 23, 18)],
        ],
    })


def test_trips_make_returns_expected(tmp_path, capsys):
    import json

    path = trips_ledger(tmp_path)
    code, out, _ = run(capsys, "today", path, "--date", "2022-11-25", "--json")
    items = {(i["kind"], i["subject"]) for i in json.loads(out)["items"]}
    assert ("trip_unregistered", "陈明") in items  # due back 11-24 from a high-risk area, not registered
    assert ("trip_returning", "林芳") in items  # due back 11-27 from another province
    assert not any(subject == "王强" for _, subject in items)  # back on 11-23 and registered
    from xiyuan.pipeline import Run

    trips = Run.from_paths([path], D(2022, 11, 25)).assessment.trips
    chen, lin, wang = trips
    assert (chen.status, lin.status, wang.status) == ("unregistered", "returning_soon", "returned")
    assert "有高风险区7天旅居史的差旅返岗人员" in chen.explanation and "居家隔离7天" in chen.explanation
    assert "来晋人员登记中还没有此人" in chen.explanation


def test_a_trip_sheet_is_read_as_trips_not_arrivals(tmp_path):
    from xiyuan.pipeline import Run

    run_ = Run.from_paths([trips_ledger(tmp_path)], D(2022, 11, 25))
    [ledger] = run_.assessment.ledgers
    assert len(ledger.trips) == 3 and len(ledger.arrivals) == 1
    assert run_.errors == 0


# --- found by a review as an office would use it ------------------------------------------------

def variant(tmp_path, categories: str, day_one: str = "arrival"):
    """81号 with its categories replaced."""
    text = (POLICIES / "jinzhengxi-2022-81.toml").read_text(encoding="utf-8")
    head, tail = text.split("[[categories]]", 1)[0], text[text.index("# 一（二）③"):]
    return write(tmp_path, head.replace('day_one = "arrival"', f'day_one = "{day_one}"') + categories + tail)


def high_risk(phases: str, extra: str = "") -> str:
    """One category of visitors and staff from a high-risk area, with these phases."""
    return f"""
[[categories]]
key = "high_risk"
label = "高风险区人员"
clause = "一"
person_types = ["本企业员工", "来访人员"]
origin_types = ["高风险区"]
entry = "after_isolation"
{extra}
phases = [{phases}]
"""


FROM_LEAVING = high_risk("""
  { kind = "home", label = "居家隔离", days = 7, test_days = [1, 3, 5, 7], place = "home" },
  { kind = "none", label = "解除后检测", days = 3, test_days = [2], place = "convenience" },
""", 'count_from = "departure"')


def test_tests_follow_the_same_day_one_as_the_periods_when_counting_from_leaving(tmp_path):
    policy = variant(tmp_path, FROM_LEAVING, day_one="day_after_arrival")
    traveller = person("来访人员", "高风险区", T(2022, 11, 18, 9), departure=T(2022, 11, 18, 1, 45))
    s = schedule_person(traveller, policy, {}, D(2022, 11, 18))
    assert [(i.start, i.end) for i in s.isolation] == [(D(2022, 11, 18), D(2022, 11, 24))]
    assert [(t.date, t.label) for t in s.tests] == [
        (D(2022, 11, 18), "居家隔离第1天"), (D(2022, 11, 20), "居家隔离第3天"), (D(2022, 11, 22), "居家隔离第5天"),
        (D(2022, 11, 24), "居家隔离第7天"), (D(2022, 11, 26), "解除后检测第2天")]


def test_a_first_test_within_hours_is_on_the_arrival_day_whatever_day_one_is(tmp_path):
    landing = high_risk('{ kind = "home", label = "居家隔离", days = 7, test_days = [1, 3, 5, 7], '
                        'first_test_within_hours = 24, place = "home" }', 'count_from = "departure"')
    for day_one in ("arrival", "day_after_arrival"):
        policy = variant(tmp_path, landing, day_one)
        traveller = person("来访人员", "高风险区", T(2022, 11, 17, 16, 14), departure=T(2022, 11, 16, 8))
        s = schedule_person(traveller, policy, samples((T(2022, 11, 17, 18, 16), "阴性")), D(2022, 11, 18))
        first = s.tests[0]
        assert (first.date, first.due_by, first.status) == (D(2022, 11, 17), T(2022, 11, 18, 16, 14), "done"), day_one


@pytest.mark.parametrize("change, words", [
    (('origin_types = ["途经高风险区"]\ndeclare_hours = 24\nentry = "after_isolation"',
      'origin_types = ["途经高风险区"]\ndeclare_hours = 24\nentry = "not_restricted"'), "请改为 after_isolation"),
    (("test_days = [1, 4, 7]", "test_days = [1, 4, 7], hours_apart = 12"), "只用于“几天几检”"),
    (("tests = 2, hours_apart = 24", "tests = 0, hours_apart = 24"), "至少为1次"),
    (("tests = 2, hours_apart = 24", "tests = 2, hours_apart = 0"), "至少为1小时"),
    (("tests = 2, hours_apart = 24,", "tests = 2, hours_apart = 24, double_sampling = [1],"), "不能和“几天几检”"),
    (('"高速" = "expressway"', '"高速" = ["expressway"]'), "应为一个地点的名字"),
    (("effective = 2022-06-27", 'effective = "2022-06-27"'), "不加引号"),
    (("\n[[categories]]\nkey = \"high_risk\"", "\n[categories]\nkey = \"high_risk\""), "（两层方括号）开头"),
])
def test_more_mistakes_in_a_rule_set_are_refused_in_chinese(tmp_path, change, words):
    old, new = change
    assert old in NINTH_TEXT, old
    with pytest.raises(PolicyError) as caught:
        write(tmp_path, NINTH_TEXT.replace(old, new, 1))
    assert words in str(caught.value)


def test_a_rule_set_saved_with_a_bom_loads(tmp_path):
    path = tmp_path / "政策.toml"
    path.write_bytes("\ufeff".encode("utf-8") + NINTH_TEXT.encode("utf-8"))
    assert load_policy(path).number == NINTH.number


def test_the_person_notice_gives_the_latest_moment_and_says_from_leaving(tmp_path, capsys):
    from docx import Document

    from test_cli_policy import ledger

    path = ledger(tmp_path)
    run(capsys, "notices", path, "--kind", "person", "--out", tmp_path / "告知单", "--date", "2022-11-25",
        "--policy", POLICIES / "quanzhou-2022-ninth-edition.toml")
    [lin] = [f for f in (tmp_path / "告知单").iterdir() if f.name.startswith("林芳")]
    document = Document(str(lin))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "抵晋24小时内核酸检测（11月26日9时前）" in cells and "三天两检第2次（11月27日前）" in cells
    assert "隔离期间请勿外出。" not in [p.text for p in document.paragraphs]  # no isolation for her
    from xiyuan.rules.policy_words import requirement

    high = next(c for c in NINTH.categories if c.key == "high_risk")
    assert "自离开风险区之日起集中隔离7天" in requirement(high, NINTH)


def test_policy_diff_calls_a_test_renamed_on_the_same_day_a_rename(tmp_path, capsys):
    from test_cli_policy import ledger

    renamed = write(tmp_path, (POLICIES / "jinzhengxi-2022-81.toml").read_text(encoding="utf-8").replace(
        'phases = [{ kind = "none", label = "落地检测", days = 3, test_days = [1, 2, 3], place = "convenience" }]',
        'phases = [{ kind = "none", label = "落地检测", days = 3, test_days = [1, 2, 3], double_sampling = [2], place = "convenience" }]'))
    code, out, _ = run(capsys, "policy-diff", ledger(tmp_path), "--new", renamed.source, "--date", "2022-11-25")
    assert "检测项目改名1项" in out and "检测取消" not in out and "检测增加" not in out


def test_tests_after_entry_do_not_hold_entry_back_and_the_words_say_so(tmp_path):
    work_while_monitored = high_risk("""
  { kind = "centralised", label = "集中隔离", days = 7, test_days = [1, 3, 5, 7], place = "centralised" },
  { kind = "self_monitoring", label = "自我健康监测", days = 7, test_days = [10, 14], numbering = "overall", """
                                     """enter_during = true, place = "home" },
""")
    from xiyuan.rules.policy_words import requirement

    policy = variant(tmp_path, work_while_monitored)
    assert requirement(policy.categories[0], policy).endswith("期满且此前的检测结果均为阴性后方可进入厂区，之后仍须按时检测")
    fine = samples(*[(T(2022, 11, d, 10), "阴性") for d in (10, 12, 14, 16)])
    s = schedule_person(person("来访人员", "高风险区", T(2022, 11, 10, 9)), policy, fine, D(2022, 11, 18))
    assert s.may_enter == D(2022, 11, 17) and s.status == "monitoring"
    assert s.may_enter_reason == "隔离期满且4次核酸检测均为阴性（一）"


def test_home_only_until_the_first_result(tmp_path):
    first_only = NINTH_TEXT.replace('first_test_within_hours = 24, place = "convenience" }',
                                    'first_test_within_hours = 24, until_results = "first", place = "convenience" }').replace(
        'origin_types = ["省外"]\nentry = "not_restricted"', 'origin_types = ["省外"]\nentry = "after_isolation"')
    policy = write(tmp_path, first_only)
    s = schedule_person(person("来访人员", "省外", T(2022, 11, 24, 9)), policy, samples((T(2022, 11, 24, 10), "阴性")),
                        D(2022, 11, 25))
    assert s.may_enter == D(2022, 11, 25)  # the day after the first sample, not after the second test
    with pytest.raises(PolicyError) as caught:
        write(tmp_path, first_only.replace('until_results = "first"', 'until_results = "once"'))
    assert "只能是 true" in str(caught.value)
