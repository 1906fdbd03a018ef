"""Every face on a `xiyuan demo` workspace: the buttons (clicked through xlwings' remote engine),
the commands and the refresh give the same findings, flags, schedules and today's items.

The demo ledgers have what real ones have - merged 企业名称 cells, two findings in one cell,
title rows, typos - which is where the faces used to disagree.
"""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from excel_harness import click
import xiyuan_tools as tools
from xiyuan import demo
from xiyuan.outputs import result_workbooks as rw
from xiyuan.faces.cli import main
from xiyuan.pipeline import Run
from xiyuan.jobs.refresh import refresh

DAY = demo.DEMO_DATE
SMALL = {"communities": 3, "enterprises": 24, "employees": 1200}
ERROR_ALERT = "处理时出错"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("demo") / "workbooks"
    demo.build_demo(inbox, **SMALL)
    return inbox


@pytest.fixture(scope="module")
def ledgers(workspace):
    return sorted(workspace.glob("*.xlsx"))


def _sheet_rows(path, name):
    book = openpyxl.load_workbook(path)
    return [list(row) for row in book[name].values]


def _plain(value):
    """A cell as both writers leave it: numbers compared as numbers, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows_of_table(table):
    name, columns, rows = table
    return [[title for title, _ in columns]] + [[_plain(v) for v in rw_row] for rw_row in
                                                 ([rw.cell_value(v) for v in row] for row in rows)]


def test_the_demo_has_merged_cells_and_cells_with_two_findings(ledgers):
    merged = two = 0
    for path in ledgers:
        book = CalamineWorkbook.from_path(str(path))
        merged += sum(len(book.get_sheet_by_name(n).merged_cell_ranges or []) for n in book.sheet_names)
        cells = [(f.sheet, f.cell) for f in Run.from_paths([path], DAY).findings if f.cell]
        two += len(cells) - len(set(cells))
    assert merged > 0 and two > 0


@pytest.mark.parametrize("index", range(SMALL["communities"]))
def test_validate_button_twice_equals_the_command(ledgers, tmp_path, monkeypatch, index):
    source = ledgers[index]
    path = tmp_path / source.name
    shutil.copy(source, path)
    monkeypatch.chdir(tmp_path)  # the remote engine knows the workbook by name only
    expected = [(f.code, f.sheet, f.cell) for f in Run.from_paths([source], DAY).findings]
    for _ in range(2):
        outcome = click(tools.validate_ledger, path, DAY)
        assert len(outcome.alerts) == 1 and outcome.alerts[0].startswith("校验完成"), outcome.alerts
        rows = _sheet_rows(path, "问题清单")
        header = rows[0]
        code, sheet, place = header.index("代码"), header.index("工作表"), header.index("位置")
        got = [(r[code], r[sheet], (r[place] or "").split("!", 1)[-1]) for r in rows[1:]]
        assert got == expected
    # the clicked workbook, result sheets and all, reads as the ledger alone
    assert [(f.code, f.sheet, f.cell) for f in Run.from_paths([path], DAY).findings] == expected
    notes = [c.comment.text for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows()
             for c in row if c.comment]
    assert notes and all(n.startswith("【校验】") for n in notes)
    cells = [(s, c) for _, s, c in expected if c]
    if len(cells) != len(set(cells)):  # a cell with two findings has one note naming both
        assert any("\n" in n for n in notes)


@pytest.mark.parametrize("index", range(SMALL["communities"]))
def test_refresh_all_button_agrees_with_the_commands_and_the_refresh(ledgers, tmp_path, monkeypatch, index):
    source = ledgers[index]
    path = tmp_path / source.name
    shutil.copy(source, path)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        outcome = click(tools.refresh_all, path, DAY)
        assert len(outcome.alerts) == 1 and ERROR_ALERT not in outcome.alerts[0], outcome.alerts
        assert "校验完成" in outcome.alerts[0] and "已标记" in outcome.alerts[0]
    run = Run.from_paths([source], DAY)

    # schedules: the 检测日程 sheet equals the command's table, row by row
    tests = rw.people_sheets(run.assessment)[1]
    assert [[_plain(v) for v in row] for row in _sheet_rows(path, "检测日程")] == _rows_of_table(tests)

    # today: the button's 今日应检 equals the command's and the refresh's for this community
    assert [[_plain(v) for v in row] for row in _sheet_rows(path, "今日应检")] == _rows_of_table(rw.today_sheet(run.today))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(source, inbox / source.name)
    result = refresh(inbox, tmp_path / "reports", DAY)
    [community_today] = (result.folder / "今日应检").glob("*.xlsx")
    assert [[_plain(v) for v in row] for row in _sheet_rows(community_today, "今日应检")] == \
        [[_plain(v) for v in row] for row in _sheet_rows(path, "今日应检")]

    # flags: the button's computed column equals `xiyuan flag --json` for every enterprise row
    table = run.loaded.files[0].table("enterprises")
    sheet = openpyxl.load_workbook(path)[table.table.sheet]
    header = [c.value for c in sheet[table.table.header_row]]
    column = header.index("【计算】重点企业") + 1
    button_flags = {row: sheet.cell(row, column).value == "是" for row in table.table.rows}
    command_flags = {e.enterprise.source.row: e.key for e in run.enterprises}
    assert button_flags == command_flags
    refresh_flags = {e.enterprise.source.row: e.key for e in result.assessment.enterprises}
    assert refresh_flags == command_flags


def test_commands_flag_the_same_as_the_refresh(workspace, tmp_path, capsys):
    assert main(["flag", str(workspace), "--date", DAY.isoformat(), "--json"]) in (0, 1)
    command = json.loads(capsys.readouterr().out)
    result = refresh(workspace, tmp_path / "reports", DAY)
    assert [(e["name"], e["key"], e["escalate"]) for e in command["enterprises"]] == \
        [(e.name, e.key, e.escalate) for e in result.assessment.enterprises]


def test_a_folder_with_the_tools_own_outputs_reads_as_the_ledgers_alone(workspace, tmp_path, capsys):
    folder = tmp_path / "台账"
    shutil.copytree(workspace, folder)
    day = ["--date", DAY.isoformat()]

    def results():
        outputs = {}
        for command in ("validate", "flag", "schedule", "today"):
            main([command, str(folder), *day, "--json"])
            outputs[command] = json.loads(capsys.readouterr().out)
        return outputs

    alone = results()
    main(["validate", str(folder), *day, "--out", str(folder / "问题清单.xlsx")])
    main(["flag", str(folder), *day, "--out", str(folder / "重点企业.xlsx")])
    main(["schedule", str(folder), *day, "--out", str(folder / "检测日程.xlsx")])
    main(["today", str(folder), *day, "--out", str(folder / "今日应检.xlsx")])
    merged = refresh(workspace, tmp_path / "reports", DAY).folder / "汇总台账.xlsx"
    shutil.copy(merged, folder / "汇总台账.xlsx")
    capsys.readouterr()
    assert results() == alone
    main(["flag", str(folder), *day])
    err = capsys.readouterr().err
    assert err.count("本工具生成的结果文件") == 5


def test_out_naming_an_input_is_refused_and_the_ledger_kept(ledgers, tmp_path, capsys):
    path = tmp_path / ledgers[0].name
    shutil.copy(ledgers[0], path)
    before = path.read_bytes()
    for command in ("validate", "flag", "schedule", "today"):
        spelt = str(tmp_path / "." / path.name)
        assert main([command, str(path), "--date", DAY.isoformat(), "--out", spelt]) == 2
        assert "会覆盖台账" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize("button,folder_name", [(tools.enterprise_notices, "企业疫情防控告知书"),
                                                (tools.person_notices, "人员核酸检测及隔离告知单"),
                                                (tools.circular_report, None)])
def test_document_buttons_on_a_demo_ledger_agree_with_the_commands(button, folder_name, ledgers, tmp_path,
                                                                  monkeypatch, capsys):
    source = ledgers[0]
    path = tmp_path / source.name
    shutil.copy(source, path)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        outcome = click(button, path, DAY)
        assert len(outcome.alerts) == 1 and outcome.alerts[0].startswith("已生成"), outcome.alerts
    made = tmp_path / "文书" / DAY.isoformat()
    if folder_name is None:  # the circular sums up the ledgers beside the workbook: here, this one
        assert (made / f"工作通报_{DAY.isoformat()}.docx").exists()
        return
    by_button = sorted(p.name for p in (made / folder_name).glob("*.docx"))
    kind = "enterprise" if button is tools.enterprise_notices else "person"
    out = tmp_path / "命令"
    main(["notices", "--kind", kind, str(source), "--date", DAY.isoformat(), "--out", str(out)])
    assert by_button and by_button == sorted(p.name for p in out.glob("*.docx"))
