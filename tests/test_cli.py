"""The xiyuan command as a clerk and a script use it: JSON, exit status, the report workbook."""

import hashlib
import json
import re

import openpyxl
import pytest

from builders import ID_A, ID_B, write_xlsx
from xiyuan.faces.cli import main

EMP_HEADER = ["企业名称", "姓名", "身份证号", "手机号"]
XS = "晋江市鑫盛鞋业有限公司"


def ledger(tmp_path, rows, name="霞浯社区台账.xlsx"):
    return write_xlsx(tmp_path / name, {"员工台账": [EMP_HEADER] + rows})


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_and_exit_status(tmp_path, capsys):
    path = ledger(tmp_path, [[XS, "陈明", ID_A, "13805951234"], [XS, "林芳", "12345", "1380595123"]])
    code, out, err = run(capsys, "validate", path, "--json", "--date", "2022-11-25")
    assert code == 1
    payload = json.loads(out)
    assert payload["summary"] == {"errors": 2, "warnings": 0}
    assert [(i["cell"], i["code"]) for i in payload["issues"]] == [("C3", "id_number.length"), ("D3", "phone.invalid")]
    issue = payload["issues"][0]
    assert set(issue) == {"file", "sheet", "cell", "row", "column", "field", "value", "severity", "code", "message"}
    assert issue["file"] == "霞浯社区台账.xlsx" and issue["sheet"] == "员工台账" and issue["row"] == 3
    assert issue["value"] == "12345" and issue["field"] == "身份证号"
    assert payload["files"][0]["sheets"] == [{"sheet": "员工台账", "role": "employees", "role_label": "员工台账",
                                              "header_row": 1, "records": 2,
                                              "headers": {"enterprise": "企业名称", "name": "姓名",
                                                          "id_number": "身份证号", "phone": "手机号"}}]


def test_clean_ledger_exits_zero(tmp_path, capsys):
    path = ledger(tmp_path, [[XS, "陈明", ID_A, "13805951234"]])
    code, out, _ = run(capsys, "validate", path, "--date", "2022-11-25")
    assert code == 0
    assert "台账没有发现问题" in out


def test_unusable_input_exits_two_and_others_are_still_checked(tmp_path, capsys):
    good = ledger(tmp_path, [[XS, "陈明", ID_A, "13805951234"]])
    missing = str(tmp_path / "不存在.xlsx")
    code, out, err = run(capsys, "validate", missing, good, "--json")
    assert code == 2
    payload = json.loads(out)
    assert [(f["file"], f["usable"]) for f in payload["files"]] == [("不存在.xlsx", False), ("霞浯社区台账.xlsx", True)]
    assert payload["issues"][0]["code"] == "file.not_found"
    assert err == ""


def test_folder_argument_skips_lock_files(tmp_path, capsys):
    ledger(tmp_path, [[XS, "陈明", ID_A, "13805951234"]])
    (tmp_path / "~$霞浯社区台账.xlsx").write_bytes(b"lock")
    code, out, _ = run(capsys, "validate", str(tmp_path), "--json")
    assert code == 0
    assert [f["file"] for f in json.loads(out)["files"]] == ["霞浯社区台账.xlsx"]


def test_report_workbook_links_each_finding_to_its_cell(tmp_path, capsys):
    path = ledger(tmp_path, [[XS, "=HYPERLINK(\"http://x\")", "12345", "13805951234"]])
    report = tmp_path / "out" / "问题清单.xlsx"
    code, _, _ = run(capsys, "validate", path, "--out", str(report))
    assert code == 1
    book = openpyxl.load_workbook(report)
    sheet = book["问题清单"]
    assert [c.value for c in sheet[1]][:4] == ["序号", "文件", "工作表", "单元格"]
    row = [c.value for c in sheet[2]]
    assert row[1:9] == ["霞浯社区台账.xlsx", "员工台账", "C2", 2, "C", "身份证号", "12345", "错误"]
    link = sheet["D2"].hyperlink
    assert link.target == "..\\霞浯社区台账.xlsx"  # XlsxWriter writes Windows separators
    assert link.location == "'员工台账'!C2"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L2"
    assert "汇总" in book.sheetnames
    assert not list(tmp_path.glob("out/.*.tmp.xlsx"))


def test_a_formula_in_a_ledger_stays_text_in_the_report(tmp_path, capsys):
    path = ledger(tmp_path, [[XS, "陈明", "=1+1", "13805951234"]])
    report = tmp_path / "r.xlsx"
    run(capsys, "validate", path, "--out", str(report))
    cell = openpyxl.load_workbook(report)["问题清单"]["H2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_validate_never_modifies_the_input(tmp_path, capsys):
    path = ledger(tmp_path, [[XS, "陈明", ID_A, "13805951234"], [XS, "林芳", ID_B + "1", "x"]])
    before = hashlib.sha256(open(path, "rb").read()).digest()
    run(capsys, "validate", path, "--out", str(tmp_path / "r.xlsx"), "--json")
    assert hashlib.sha256(open(path, "rb").read()).digest() == before


def test_bad_date_option_is_a_chinese_usage_error(tmp_path, capsys):
    path = ledger(tmp_path, [[XS, "陈明", ID_A, "13805951234"]])
    try:
        main(["validate", path, "--date", "25/11/2022"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "格式不对" in capsys.readouterr().err


@pytest.mark.parametrize("argv, words", [
    (["demo", "--seed", "abc"], "错误：参数 --seed：“abc”不是整数，请写成 300 这样的数字"),
    (["numbers", "--set", "enterprise"], "错误：参数 --set：需要两个值"),
])
def test_option_mistakes_are_answered_in_chinese(argv, words, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and words in err
    assert not re.search(r"[A-Za-z]{4,}", err.split("错误：")[1].replace("--seed", "").replace("--set", "")
                         .replace("enterprise", ""))


def test_new_ledger_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"clerk's work")
    code, _, err = run(capsys, "new-ledger", str(target))
    assert code == 2 and "已经存在" in err
    assert target.read_bytes() == b"clerk's work"


def test_refresh_every_day_refuses_a_time_it_cannot_read(tmp_path, capsys):
    (tmp_path / "workbooks").mkdir()
    code = main(["refresh", "--inbox", str(tmp_path / "workbooks"), "--out", str(tmp_path / "reports"),
                 "--every-day", "七点半"])
    assert code == 2 and "请写成 07:30 这样的24小时制" in capsys.readouterr().err


def test_an_unforeseen_failure_says_it_in_chinese_with_a_code_not_english(tmp_path, capsys, monkeypatch):
    import xiyuan.faces.cli as cli

    def broken(args):
        raise ValueError("something went wrong deep inside")

    monkeypatch.setattr(cli, "cmd_validate", broken)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"")
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "错误代码：ValueError" in err and "went wrong" not in err


def test_a_refused_write_is_explained_in_chinese(tmp_path, capsys, monkeypatch):
    import errno

    import xiyuan.outputs.issue_report as issue_report

    def refused(target, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(issue_report, "write_issue_report", refused)
    path = write_xlsx(tmp_path / "台账.xlsx", {"员工台账": [["企业名称", "姓名", "身份证号", "手机号"], ["甲", "陈明", ID_A, "13805951234"]]})
    code = main(["validate", path, "--date", "2022-11-25", "--out", str(tmp_path / "问题清单.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and "没有权限" in err and "问题清单.xlsx" in err and "Permission" not in err
