"""Each button of the workbook, clicked on a ledger without Excel, and the sheet it leaves."""

import datetime as dt

import openpyxl
import pytest

from builders import ID_A, ID_B, ID_C, USCC_A, USCC_B, write_xlsx
from excel_harness import click
import xiyuan_tools as tools

DAY = dt.date(2022, 11, 25)
T = dt.datetime
XS, HD = "晋江市鑫盛鞋业有限公司", "福建恒达纺织科技有限公司"
EMP_HEADER = ["企业名称", "姓名", "身份证号", "手机号"]


def ledger(path, employees=None):
    employees = employees or [[XS, "陈明", ID_A, "13805951234"], [XS, "林芳", "=1+1", "13905951234"],
                              [HD, "王强", ID_C[:-1], "15005951234"]]
    return write_xlsx(path, {
        "操作面板": [["西园台账工具"]],
        "企业台账": [["社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区", "备注"],
                     ["霞浯社区", XS, USCC_A, 200, "否", "clerk's remark"], ["霞浯社区", HD, USCC_B, 1, "是", ""]],
        "员工台账": [EMP_HEADER] + employees,
        "来晋人员登记": [["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"],
                         ["陈明", ID_B, "13805951234", "来访人员", XS, "境外", T(2022, 11, 20, 10)]],
    })


def test_validate_writes_the_issue_sheet_with_links_notes_and_colour(tmp_path):
    path = ledger(tmp_path / "台账.xlsm")
    outcome = click(tools.validate_ledger, path, DAY)
    book = openpyxl.load_workbook(path)
    rows = list(book["问题清单"].values)
    assert rows[0] == ("序号", "工作表", "单元格", "字段", "原值", "级别", "说明（请按此修改）", "位置", "已加批注", "代码")
    found = [(r[1], r[7], r[5]) for r in rows[1:]]
    assert found == [("企业台账", "企业台账!D2", "提醒"), ("员工台账", "员工台账!C3", "错误"), ("员工台账", "员工台账!C4", "错误")]
    assert rows[2][2] == "=HYPERLINK(\"#'员工台账'!C3\",\"C3\")"
    assert rows[2][4] == "=1+1" and book["问题清单"]["E3"].data_type == "s"  # the clerk's "=1+1" stays text
    employees = book["员工台账"]
    assert employees["C3"].comment.text.startswith("【校验】身份证号应为18位")
    assert employees["C3"].fill.fgColor.rgb.endswith("FFC7CE") and employees["C4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert employees["C2"].comment is None
    assert outcome.alerts == ["校验完成：错误 2 处，提醒 1 处。详见“问题清单”工作表，点单元格地址可跳到原位置。"]


def test_validate_twice_gives_the_same_sheet(tmp_path):
    path = ledger(tmp_path / "台账.xlsx")
    click(tools.validate_ledger, path, DAY)
    first = openpyxl.load_workbook(path)
    again = click(tools.validate_ledger, path, DAY)
    second = openpyxl.load_workbook(path)
    assert again.alerts[0].startswith("校验完成")
    assert list(first["问题清单"].values) == list(second["问题清单"].values)
    assert second.sheetnames == first.sheetnames
    notes = [(c.coordinate, c.comment.text) for row in second["员工台账"].iter_rows() for c in row if c.comment]
    assert [n[0] for n in notes] == ["C3", "C4"]


def test_fixed_cells_lose_their_mark_on_the_next_run(tmp_path):
    path = ledger(tmp_path / "台账.xlsx")
    click(tools.validate_ledger, path, DAY)
    book = openpyxl.load_workbook(path)
    book["员工台账"]["C3"].value = ID_B
    book.save(path)
    click(tools.validate_ledger, path, DAY)
    cell = openpyxl.load_workbook(path)["员工台账"]["C3"]
    assert cell.comment is None and cell.fill.fgColor.rgb in ("00000000", None)


def test_a_note_she_rewrote_is_hers_and_stays(tmp_path):
    from openpyxl.comments import Comment

    path = ledger(tmp_path / "台账.xlsx")
    click(tools.validate_ledger, path, DAY)
    book = openpyxl.load_workbook(path)
    book["员工台账"]["C3"].comment = Comment("已电话联系本人，明天补号码", "社区")  # she replaced our note
    book["员工台账"]["C3"].value = ID_B  # and fixed the cell
    book.save(path)
    click(tools.validate_ledger, path, DAY)
    cell = openpyxl.load_workbook(path)["员工台账"]["C3"]
    assert cell.comment is not None and cell.comment.text == "已电话联系本人，明天补号码"


def test_flag_writes_marked_computed_columns_and_keeps_the_clerks(tmp_path):
    path = ledger(tmp_path / "台账.xlsx")
    click(tools.flag_enterprises, path, DAY)
    click(tools.flag_enterprises, path, DAY)  # twice: replaced, not appended
    sheet = openpyxl.load_workbook(path)["企业台账"]
    rows = list(sheet.values)
    assert rows[0] == ("社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区", "备注",
                       "【计算】重点企业", "【计算】原因", "【计算】需整改事项")
    assert rows[1][5] == "clerk's remark"
    assert rows[1][6:8] == ("是", "员工200人（据员工总数），达到200人以上（含200人）")
    assert "外来人员过渡缓冲区未设立" in rows[1][8]
    assert rows[2][6] == "否"


def test_schedule_and_today_sheets(tmp_path):
    path = ledger(tmp_path / "台账.xlsx")
    click(tools.schedule_tests, path, DAY)
    outcome = click(tools.today_tests, path, DAY)
    book = openpyxl.load_workbook(path)
    schedule = list(book["检测日程"].values)
    assert [r[5] for r in schedule[1:]] == ["2022-11-20", "2022-11-21", "2022-11-22", "2022-11-24", "2022-11-25",
                                           "2022-11-27"]
    assert schedule[1][3] == "350582********0024"
    today = list(book["今日应检"].values)
    assert [r[2] for r in today[1:]] == ["今日应检", "逾期未检", "逾期未检", "逾期未检", "逾期未检"]
    assert outcome.alerts[0].startswith("2022-11-25 今日应检 1 人次，逾期未检 4 人次")


def test_documents_go_to_a_reports_folder_and_an_alert_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = ledger(tmp_path / "台账.xlsx")
    outcome = click(tools.enterprise_notices, path, DAY)
    folder = tmp_path / "文书" / "2022-11-25" / "企业疫情防控告知书"
    assert sorted(p.name for p in folder.glob("*.docx")) == [f"{XS}_告知书_2022-11-25.docx", f"{HD}_告知书_2022-11-25.docx"]
    assert outcome.alerts == [f"已生成企业疫情防控告知书 2 份，保存在：{tmp_path / '文书' / '2022-11-25'}"]


def test_a_clerks_own_note_is_kept(tmp_path):
    path = ledger(tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    book["员工台账"]["C3"].comment = openpyxl.comments.Comment("待本人补证件", "社区")
    book.save(path)
    click(tools.validate_ledger, path, DAY)
    click(tools.validate_ledger, path, DAY)
    sheet = openpyxl.load_workbook(path)["员工台账"]
    assert sheet["C3"].comment.text == "待本人补证件"
    assert sheet["C4"].comment.text.startswith("【校验】")


def test_a_failure_is_a_chinese_alert_not_a_traceback(tmp_path):
    path = write_xlsx(tmp_path / "空.xlsx", {"Sheet1": [["随便写的"]]})
    outcome = click(tools.schedule_tests, path, DAY)
    assert outcome.alerts == ["工作簿里没有找到台账工作表（企业台账、员工台账、来晋人员登记等）。请确认表头与模板一致。"]


@pytest.mark.parametrize("handler", [tools.validate_ledger, tools.flag_enterprises, tools.schedule_tests, tools.today_tests])
def test_writes_do_not_grow_with_the_number_of_rows(tmp_path, handler):
    from builders import id_with_check

    def employees(n):
        rows = [[XS, "陈明", "12345", "13805951234"], [XS, "林芳", "=1+1", "1380595"]]  # the same bad cells
        for i in range(n - 2):
            born = dt.date(1960, 1, 1) + dt.timedelta(days=i)
            rows.append([XS, f"员工{i}", id_with_check(f"350582{born:%Y%m%d}{i % 1000:03d}"), "13805951234"])
        return rows

    small = click(handler, ledger(tmp_path / "s.xlsx", employees(1_000)), DAY)
    large = click(handler, ledger(tmp_path / "l.xlsx", employees(10_000)), DAY)
    assert len(small.actions) == len(large.actions)
    assert len(large.actions) < 60


def test_the_circular_button_sums_up_the_ledgers_beside_the_workbook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = ledger(tmp_path / "台账.xlsx")
    outcome = click(tools.circular_report, path, DAY)
    assert outcome.alerts[0].endswith("（只汇总了本工作簿的1个社区；把各社区台账放在本工作簿旁边，可汇总全街道）")


def test_refresh_all_does_the_four_steps_with_one_alert(tmp_path):
    path = ledger(tmp_path / "台账.xlsx")
    outcome = click(tools.refresh_all, path, DAY)
    [alert] = outcome.alerts
    lines = alert.split("\n")
    assert [line[:4] for line in lines] == ["校验完成", "已标记：", "已生成检", "2022"]
    assert {"问题清单", "检测日程", "今日应检"} <= set(openpyxl.load_workbook(path).sheetnames)


def test_a_second_enterprise_sheet_does_not_put_its_flags_on_the_first(tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", {
        "企业台账": [["社区", "企业名称", "统一社会信用代码", "员工总数"], ["霞浯社区", XS, USCC_A, 10]],
        "企业台账2": [["社区", "企业名称", "统一社会信用代码", "员工总数"], ["霞浯社区", HD, USCC_B, 900]],
    })
    click(tools.flag_enterprises, path, DAY)
    rows = list(openpyxl.load_workbook(path)["企业台账"].values)
    assert rows[1][4] == "否" and rows[1][5] is None  # 鑫盛's own 10 staff, not the other sheet's 900


def test_refresh_all_goes_on_after_a_step_it_cannot_do(tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", {
        "来晋人员登记": [["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"],
                         ["陈明", ID_B, "13805951234", "来访人员", XS, "境外", T(2022, 11, 20, 10)]]})
    [alert] = click(tools.refresh_all, path, DAY).alerts
    assert "没有找到“企业台账”工作表" in alert and "已生成检测日程" in alert
    assert {"问题清单", "检测日程", "今日应检"} <= set(openpyxl.load_workbook(path).sheetnames)


def test_a_refused_write_is_said_in_chinese(tmp_path, monkeypatch):
    import errno

    def refuse(click):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "备份"))

    monkeypatch.setattr(tools.Click, "backup", refuse)
    [alert] = click(tools.flag_enterprises, ledger(tmp_path / "台账.xlsx"), DAY).alerts
    assert alert.startswith("无法写入或读取“") and "没有权限" in alert and "Permission" not in alert


def test_files_beside_the_workbook_win_and_a_broken_one_is_said(tmp_path, monkeypatch):
    from xiyuan.rules.policy import DEFAULT_POLICY

    path = ledger(tmp_path / "台账.xlsx")
    monkeypatch.chdir(tmp_path)  # the remote engine finds the saved workbook by name here
    altered = DEFAULT_POLICY.read_text(encoding="utf-8").replace("large_enterprise_staff = 200",
                                                                 "large_enterprise_staff = 300")
    (tmp_path / "政策.toml").write_text(altered, encoding="utf-8")
    click(tools.flag_enterprises, path, DAY)
    rows = list(openpyxl.load_workbook(path)["企业台账"].values)
    assert rows[1][6] == "否"  # 200 staff: key under 81号, not under the office's own policy file
    (tmp_path / "政策.toml").write_text("[document\\n", encoding="utf-8")
    outcome = click(tools.flag_enterprises, path, DAY)
    assert outcome.alerts[0].startswith("政策文件《政策.toml》")
    (tmp_path / "政策.toml").unlink()
    (tmp_path / "templates").mkdir()  # her own templates folder, without the notice's template
    outcome = click(tools.enterprise_notices, path, DAY)
    assert "企业疫情防控告知书.docx" in outcome.alerts[0] and "templates" in outcome.alerts[0]


def test_each_click_keeps_a_copy_of_the_workbook_as_it_was(tmp_path, monkeypatch):
    path = ledger(tmp_path / "台账.xlsx")
    original = open(path, "rb").read()
    monkeypatch.chdir(tmp_path)
    click(tools.refresh_all, path, DAY)  # four steps, one copy
    copies = sorted((tmp_path / "备份").glob("台账_点按钮前_*.xlsx"))
    assert len(copies) == 1 and copies[0].read_bytes() == original
    for _ in range(6):
        click(tools.validate_ledger, path, DAY)
    assert len(list((tmp_path / "备份").glob("台账_点按钮前_*.xlsx"))) == tools.BACKUPS_KEPT
    before = sorted((tmp_path / "备份").glob("*.xlsx"))
    click(tools.enterprise_notices, path, DAY)  # documents do not touch the workbook: no copy
    assert sorted((tmp_path / "备份").glob("*.xlsx")) == before


def _marks(path) -> dict[str, tuple]:
    """cell -> (note text, fill) of every cell the tool or the clerk marked on 员工台账."""
    sheet = openpyxl.load_workbook(path)["员工台账"]
    found = {}
    for row in sheet.iter_rows():
        for cell in row:
            fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
            if cell.comment or fill:
                found[cell.coordinate] = (cell.comment.text if cell.comment else None, fill)
    return found


def test_inserting_and_sorting_rows_moves_the_marks_with_their_records(tmp_path):
    from copy import copy

    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    path = ledger(tmp_path / "台账.xlsx", employees=[[XS, "陈明", ID_A, "13805951234"],
                                                    [XS, "林芳", "12345", "13905951234"],
                                                    [HD, "王强", ID_C, "15005951234"]])
    book = openpyxl.load_workbook(path)
    book["员工台账"]["B4"].comment = Comment("老员工，已核实", "社区")  # her note on 王强
    book["员工台账"]["C2"].fill = PatternFill("solid", fgColor="FFFF00")  # her own yellow on 陈明's ID
    book.save(path)
    click(tools.validate_ledger, path, DAY)
    assert set(_marks(path)) == {"C3", "B4", "C2"}

    book = openpyxl.load_workbook(path)  # she inserts a new, wrong record above the others
    book["员工台账"].insert_rows(2)
    for column, value in zip("ABCD", [XS, "郑新", "67890", "13605951234"]):
        book["员工台账"][f"{column}2"].value = value
    book.save(path)
    click(tools.validate_ledger, path, DAY)
    marks = _marks(path)
    # hers moved with her rows; her yellow now sits where the tool's old mark was, and is kept
    assert marks["B5"] == ("老员工，已核实", None) and marks["C3"] == (None, "00FFFF00")
    ours = {cell for cell, (note, fill) in marks.items() if (note or "").startswith("【校验】")}
    assert ours == {"C2", "C4"}  # exactly the latest findings: the new record and 林芳, now one row lower

    book = openpyxl.load_workbook(path)  # she sorts the rows, last first: values, notes and fills move together
    sheet = book["员工台账"]
    cells = [[(sheet.cell(r, c).value, sheet.cell(r, c).comment, copy(sheet.cell(r, c).fill)) for c in range(1, 5)]
             for r in range(2, 6)]
    for row, values in enumerate(reversed(cells), 2):
        for column, (value, comment, fill) in enumerate(values, 1):
            target = sheet.cell(row, column)
            target.value, target.comment, target.fill = value, comment, fill
    book.save(path)
    click(tools.validate_ledger, path, DAY)
    marks = _marks(path)
    ours = {cell for cell, (note, fill) in marks.items() if (note or "").startswith("【校验】")}
    assert ours == {"C3", "C5"}  # 林芳 is now row 3, 郑新 row 5
    assert marks["B2"][0] == "老员工，已核实"  # 王强 is first now, her note with him
    assert marks["C4"] == (None, "00FFFF00")  # and her yellow with 陈明
    assert not any((note or "").startswith("【校验】") for cell, (note, _) in marks.items() if cell not in ours)


def test_on_desktop_excel_her_fill_comes_back_and_a_fill_she_changed_stays():
    """Desktop Excel can read fills (the remote engine cannot): a cell the tool coloured gets her
    own fill back; a cell she has recoloured since is hers and is left alone."""

    class Cell:
        def __init__(self, color):
            self.color, self.note = color, None

    class Sheet(dict):
        def __getitem__(self, address):
            return self.setdefault(address, Cell(None))

    class App:
        class engine:
            name = "excel"

    class Book:
        app = App()

    sheet = Sheet()
    sheet["C3"].color = tools.BAD_CELL_COLOR  # ours, over her yellow
    sheet["C4"].color = "#00B050"  # she recoloured our mark green since
    tools._unmark(Book(), [("员工台账", "C3", False, "#FFFF00"), ("员工台账", "C4", False, None)], {"员工台账": sheet})
    assert sheet["C3"].color == "#FFFF00" and sheet["C4"].color == "#00B050"


def test_a_mark_is_taken_off_when_the_anchor_itself_was_also_fixed(tmp_path):
    """A row with a bad ID and a bad phone: the phone's mark must not hang on the bad ID (which
    she fixes too), and a 【校验】 note left anywhere is the tool's to take back."""
    path = ledger(tmp_path / "台账.xlsx", employees=[[XS, "陈明", "12345", "1380595123"]])
    click(tools.validate_ledger, path, DAY)
    assert {"C2", "D2"} <= set(_marks(path))
    book = openpyxl.load_workbook(path)
    book["员工台账"]["C2"].value, book["员工台账"]["D2"].value = ID_A, "13805951234"
    book.save(path)
    outcome = click(tools.validate_ledger, path, DAY)
    marks = _marks(path)
    assert not any((note or "").startswith("【校验】") for note, _ in marks.values()), marks
    assert not any(fill for _, fill in marks.values()), marks
    assert outcome.alerts[0].startswith("校验完成：错误 0 处")


def test_the_state_keeps_an_18_digit_anchor_as_text(tmp_path):
    path = ledger(tmp_path / "台账.xlsx", employees=[[XS, "陈明", ID_A, "1380595123"]])
    click(tools.validate_ledger, path, DAY)
    sheet = openpyxl.load_workbook(path)["_xiyuan_state"]
    assert sheet.sheet_state == "hidden"
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert ID_A in values and all(not isinstance(v, float) for v in values)
