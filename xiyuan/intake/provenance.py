"""What the tool itself wrote, so that no reader takes it for a ledger.

Two kinds of output can end up where ledgers are read:
- result sheets the buttons write into a clerk's workbook (问题清单, 检测日程, 今日应检) and the
  button workbook's own sheets (操作面板, xlwings.conf): their names are reserved, since the
  buttons replace those sheets on every click anyway;
- workbooks the commands and the refresh write (问题清单.xlsx, 重点企业.xlsx, 汇总台账.xlsx …):
  each carries a custom document property (XlsxWriter), or - for the merged ledger, whose
  Rust writer has no document properties - a first sheet 说明 that opens with OUTPUT_MARK.

Every reader skips them with one info line; results are those of the ledgers alone.
"""

from __future__ import annotations

import re
import zipfile

ISSUES_SHEET = "问题清单"
SCHEDULE_SHEET = "检测日程"
TODAY_SHEET = "今日应检"
PANEL_SHEET = "操作面板"
CONF_SHEETS = ("xlwings.conf", "_xlwings.conf")
STATE_SHEET = "_xiyuan_state"
RESULT_SHEETS = (ISSUES_SHEET, SCHEDULE_SHEET, TODAY_SHEET)
TOOL_SHEETS = (*RESULT_SHEETS, PANEL_SHEET, *CONF_SHEETS, STATE_SHEET)

OUTPUT_PROPERTY = "xiyuan-tools-output"
OUTPUT_MARK = "本工作簿由西园台账工具生成"
MARK_SHEET = "说明"
_PROPERTY = re.compile(rb'name="' + OUTPUT_PROPERTY.encode() + rb'"')


def is_tool_sheet(name: str) -> bool:
    return name in TOOL_SHEETS


def mark_workbook(book, kind: str) -> None:
    """Mark an XlsxWriter workbook as the tool's output of this kind (e.g. "问题清单")."""
    book.set_custom_property(OUTPUT_PROPERTY, kind)


def marker_records(what: str, lines: list[str] = ()) -> list[dict]:
    """The first sheet (MARK_SHEET) of a workbook whose writer has no document properties."""
    return [{MARK_SHEET: f"{OUTPUT_MARK}：{what}"}, *({MARK_SHEET: line} for line in lines)]


def marked_by_property(path: str) -> bool:
    """True when an .xlsx/.xlsm carries our document property (reads one small zip member)."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                data = archive.read("docProps/custom.xml")
            except KeyError:
                return False
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return bool(_PROPERTY.search(data))


def marked_by_sheet(first_sheet_name: str, first_rows: list[list]) -> bool:
    """True when the first sheet is our 说明 sheet, laid out as we write it: A1 "说明", A2 the
    mark followed by "：" (a clerk's own 说明 quoting the tool's name is not ours)."""
    if first_sheet_name != MARK_SHEET or len(first_rows) < 2 or not first_rows[0] or not first_rows[1]:
        return False
    first, second = first_rows[0][0], first_rows[1][0]
    return first == MARK_SHEET and isinstance(second, str) and second.startswith(f"{OUTPUT_MARK}：")
