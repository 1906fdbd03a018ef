"""Personal numbers never leave in full: reports, JSON and the console mask ID numbers and
phones unless --show-personal is asked for; the ledger itself is never changed."""

import json

import openpyxl
import pytest

from builders import ID_A, ID_B, write_xlsx
from xiyuan.faces.cli import main

XS = "晋江市鑫盛鞋业有限公司"
SPACED = f"{ID_A[:6]} {ID_A[6:]}"  # found, and quoted back in the message as the number to write
BAD_MOBILE = "1380595123"  # ten digits


@pytest.fixture
def ledger(tmp_path):
    return write_xlsx(tmp_path / "台账.xlsx", {
        "员工台账": [["企业名称", "姓名", "身份证号", "手机号"],
                     [XS, "陈明", SPACED, "13805951234"], [XS, "林芳", ID_B, BAD_MOBILE],
                     [XS, "王强", ID_B, "13905951234"]],
    })


def _texts(path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                     if c.value is not None)


def _leaks(text: str) -> list[str]:
    return [n for n in (ID_A, ID_B, SPACED, BAD_MOBILE) if n in text]


def test_validate_masks_the_report_the_json_and_the_console(ledger, tmp_path, capsys):
    before = open(ledger, "rb").read()
    out = tmp_path / "问题清单.xlsx"
    main(["validate", ledger, "--date", "2022-11-25", "--out", str(out)])
    console = capsys.readouterr()
    main(["validate", ledger, "--date", "2022-11-25", "--json"])
    payload = capsys.readouterr().out
    assert _leaks(_texts(out)) == [] and _leaks(console.out + console.err) == [] and _leaks(payload) == []
    assert f"{ID_A[:6]}********{ID_A[-4:]}" in _texts(out)  # masked, still recognisable
    issues = json.loads(payload)["issues"]
    assert {"id_number.normalized", "duplicate.id_in_sheet"} <= {i["code"] for i in issues}
    assert any(i["field"] == "手机号" for i in issues)
    assert open(ledger, "rb").read() == before


def test_show_personal_is_for_internal_use(ledger, tmp_path, capsys):
    out = tmp_path / "问题清单（内部）.xlsx"
    main(["validate", ledger, "--date", "2022-11-25", "--out", str(out), "--show-personal"])
    assert ID_A in _texts(out) and ID_B in _texts(out)


def test_the_refresh_masks_each_communitys_issue_list(ledger, tmp_path, capsys):
    inbox = tmp_path / "workbooks"
    inbox.mkdir()
    (inbox / "霞浯社区台账.xlsx").write_bytes(open(ledger, "rb").read())
    main(["refresh", "--inbox", str(inbox), "--out", str(tmp_path / "reports"), "--date", "2022-11-25"])
    [issues] = (tmp_path / "reports" / "2022-11-25" / "问题清单").glob("*.xlsx")
    assert _leaks(_texts(issues)) == []
    merged = tmp_path / "reports" / "2022-11-25" / "汇总台账.xlsx"
    first = openpyxl.load_workbook(merged).worksheets[0]
    assert first.title == "说明" and any("内部资料" in str(c.value) for row in first.iter_rows() for c in row)


def test_numbers_typed_into_the_wrong_column_are_masked_too(tmp_path, capsys):
    path = write_xlsx(tmp_path / "台账.xlsx", {
        "企业台账": [["社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区"],
                     ["霞浯社区", XS, "91350582MA2Y0K1A1X", "13805951234", "13905951234"]],
        "员工台账": [["企业名称", "姓名", "身份证号", "手机号"], [ID_B, "陈明", ID_A, "138.0595.1234、(139)05951234"]],
    })
    main(["validate", path, "--date", "2022-11-25", "--json"])
    out = capsys.readouterr().out
    assert not any(n in out for n in ("13805951234", "13905951234", ID_A, ID_B, "138.0595.1234", "05951234"))


def test_a_clerks_own_note_sheet_quoting_the_tool_is_still_read(tmp_path, capsys):
    path = write_xlsx(tmp_path / "台账.xlsx", {
        "说明": [["填表说明"], ["本工作簿由西园台账工具生成的模板改编"]],
        "员工台账": [["企业名称", "姓名", "身份证号", "手机号"], [XS, "陈明", ID_A, "13805951234"]],
    })
    main(["validate", path, "--date", "2022-11-25", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["files"] and payload["files"][0]["sheets"][0]["records"] == 1
