"""flag, schedule, events and today from the command line: JSON shapes, workbooks, masking."""

import datetime as dt
import json
import re

import openpyxl

from builders import ID_A, ID_B, ID_C, USCC_A, USCC_B, write_xlsx
from xiyuan.faces.cli import main

XS, HD = "晋江市鑫盛鞋业有限公司", "福建恒达纺织科技有限公司"
T = dt.datetime


def ledger(tmp_path):
    return write_xlsx(tmp_path / "霞浯社区台账.xlsx", {
        "企业台账": [
            ["社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区", "防控方案", "应急预案", "防疫专班",
             "防疫专员", "挂钩联系干部", "白名单"],
            ["霞浯社区", XS, USCC_A, 200, "否", "是", "是", "是", "陈明", "林干部", "是"],
            ["霞浯社区", HD, USCC_B, 199, "否", "是", "否", "是", "王强", "", "否"],
        ],
        "来晋人员登记": [
            ["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间", "自主申报时间"],
            ["陈明", ID_A, "13805951234", "来访人员", XS, "境外", T(2022, 11, 20, 10), T(2022, 11, 18, 9)],
            ["林芳", ID_B, "13905951234", "来访人员", HD, "省外", T(2022, 11, 25, 9), ""],
        ],
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "结果"],
                         ["陈明", ID_A, T(2022, 11, 20, 12), "阴性"], ["陈明", ID_A, T(2022, 11, 21, 9), "阴性"]],
        "商务活动": [["活动名称", "举办企业", "活动日期", "规模人数", "参与人员来源", "申报日期", "防控方案", "应急预案"],
                     ["秋冬订货会", XS, dt.date(2022, 12, 1), 200, "省外", dt.date(2022, 11, 20), "是", "是"]],
        "督导检查": [["检查日期", "企业名称", "发现问题", "整改期限", "整改情况", "督促次数"],
                     [dt.date(2022, 11, 1), HD, "未设电子哨兵", dt.date(2022, 11, 10), "未整改", 3]],
        "货车登记": [["车牌号", "到访企业", "计划抵晋时间", "行驶路线", "入晋方式", "近7天旅居史", "司乘人员姓名",
                      "司乘人员身份证号", "司乘人员电话", "申报时间", "48小时核酸时间", "48小时核酸结果", "疫苗接种"],
                     ["粤BD12345", XS, T(2022, 11, 25, 10), "广州—晋江", "高速", "广东广州", "赵六", ID_C, "15005951234",
                      T(2022, 11, 24, 9), T(2022, 11, 24, 8), "阴性", "3剂"]],
    })


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_flag_json(tmp_path, capsys):
    code, out, _ = run(capsys, "flag", ledger(tmp_path), "--date", "2022-11-25", "--json")
    assert code == 0
    payload = json.loads(out)
    xs, hd = payload["enterprises"]
    assert (xs["name"], xs["key"], xs["buffer_zone_required"], xs["escalate"], xs["white_list"]) == (XS, True, True, False, True)
    assert xs["reasons"] == [{"code": "staff", "message": "员工200人（据员工总数），达到200人以上（含200人）", "clause": "一（二）⑤",
                              "params": {"employees": 200, "source": "员工总数", "threshold": 200}}]
    assert (hd["key"], hd["escalate"]) == (False, True)
    assert {"emergency_plan_missing", "liaison_missing", "escalate"} <= {f["code"] for f in hd["flags"]}
    [truck] = payload["trucks"]
    assert truck["ok"] is True and truck["landing_place"] == "高速出口核酸检测服务点"
    assert truck["occupants"] == [{"name": "赵六", "id_number": ID_C[:6] + "********" + ID_C[-4:], "phone": "150****1234",
                                   "pre_test_result": "阴性", "vaccination": "3剂"}]
    assert payload["inspections"][0]["escalate"] is True


def test_schedule_json_shape_and_masking(tmp_path, capsys):
    code, out, _ = run(capsys, "schedule", ledger(tmp_path), "--date", "2022-11-25", "--json")
    payload = json.loads(out)
    assert payload["as_of"] == "2022-11-25"
    chen, lin = payload["people"]
    assert {"name", "sheet", "row", "category", "category_label", "clause", "arrival", "checks", "isolation",
            "tests", "may_enter", "status", "explanation"} <= set(chen)
    assert (chen["category"], chen["clause"], chen["arrival"], chen["may_enter"]) == ("overseas", "一（二）②", "2022-11-20", "2022-11-28")
    assert chen["isolation"] == [
        {"kind": "centralised", "label": "集中隔离", "start": "2022-11-20", "end": "2022-11-24", "keeps_out": True},
        {"kind": "home", "label": "居家隔离", "start": "2022-11-25", "end": "2022-11-27", "keeps_out": True}]
    assert [(t["date"], t["status"]) for t in chen["tests"]] == [
        ("2022-11-20", "done"), ("2022-11-21", "done"), ("2022-11-22", "overdue"), ("2022-11-24", "overdue"),
        ("2022-11-25", "due_today"), ("2022-11-27", "upcoming")]
    assert chen["status"] == "overdue" and chen["id_number"] == "350582********1238"
    assert [(c["code"], c["status"]) for c in chen["checks"]] == [("pre_test", "missing"), ("declaration", "ok")]
    assert (lin["category"], lin["status"], lin["may_enter"]) == ("other_province", "pending_verification", None)
    assert not re.search(r"\b1[3-9]\d{9}\b", out) and ID_A not in out


def test_events_json(tmp_path, capsys):
    _, out, _ = run(capsys, "events", ledger(tmp_path), "--date", "2022-11-25", "--json")
    [event] = json.loads(out)["events"]
    assert (event["approval"], event["approval_label"], event["deadline"], event["late"]) == (
        "city", "报市防控办审批", "2022-11-24", False)
    assert event["organizer"] == XS and event["size"] == 200 and event["origin"] == "省外"


def test_today_groups_by_community_and_enterprise(tmp_path, capsys):
    _, out, _ = run(capsys, "today", ledger(tmp_path), "--date", "2022-11-25", "--json")
    payload = json.loads(out)
    assert payload["counts"] == {"positive": 0, "due_today": 2, "overdue": 2, "may_enter": 0, "pending_entry": 0, "truck_arriving": 1,
                                 "event_deadline": 1, "trip_unregistered": 0, "trip_returning": 0}
    [community] = payload["communities"]
    assert community["community"] == "霞浯社区"
    assert [e["enterprise"] for e in community["enterprises"]] == [XS, HD]
    assert [i["kind"] for i in community["enterprises"][0]["items"]] == [
        "due_today", "overdue", "overdue", "truck_arriving", "event_deadline"]


def test_out_workbooks_and_readable_summary(tmp_path, capsys):
    path = ledger(tmp_path)
    code, out, _ = run(capsys, "schedule", path, "--date", "2022-11-25", "--out", str(tmp_path / "日程.xlsx"))
    assert code == 0 and "有逾期未检：1 人" in out
    book = openpyxl.load_workbook(tmp_path / "日程.xlsx")
    assert book.sheetnames == ["人员日程", "检测日程"]
    rows = list(book["检测日程"].values)
    assert rows[0][:6] == ("社区", "所属或来访企业", "姓名", "身份证号", "手机号", "检测日期")
    assert rows[1][2:6] == ("陈明", "350582********1238", "138****1234", "2022-11-20")
    run(capsys, "schedule", path, "--date", "2022-11-25", "--out", str(tmp_path / "full.xlsx"), "--show-personal")
    assert list(openpyxl.load_workbook(tmp_path / "full.xlsx")["检测日程"].values)[1][3] == ID_A


def test_a_broken_policy_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "新通知.toml"
    bad.write_text("[document]\nnumber = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "flag", ledger(tmp_path), "--policy", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("错误：政策文件《新通知.toml》中的“document.number”应为文字")
