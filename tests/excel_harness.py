"""Click an Excel button without Excel: xlwings' remote engine on a workbook file.

`payload(path)` turns an .xlsx into the JSON an Office.js client sends; `click(handler, path)`
runs the handler on `xw.Book(json=…)` and applies every returned action back onto the file
with openpyxl, so a test can read the end state. An action the harness does not know fails
the test: nothing a handler emits goes unapplied.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial: government use

import openpyxl  # noqa: E402
import xlwings as xw  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402


def _cell_value(value):
    """As the Office.js client sends it: dates in ISO form with milliseconds and a Z."""
    if value is None:
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    return value


def payload(path: str | Path) -> dict:
    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        rows = [[_cell_value(c.value) for c in row] for row in sheet.iter_rows()] or [[""]]
        notes = [{"address": c.coordinate, "text": c.comment.text}
                 for row in sheet.iter_rows() for c in row if c.comment is not None]
        last = f"{get_column_letter(max(sheet.max_column, 1))}{max(sheet.max_row, 1)}"
        sheets.append({"name": sheet.title, "values": rows, "tables": [], "pictures": [], "notes": notes,
                       "used_range_address": f"A1:{last}"})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


@dataclass
class Click:
    actions: list[dict]
    alerts: list[str] = field(default_factory=list)
    result: object = None


def click(handler, path: str | Path, as_of: dt.date) -> Click:
    book = xw.Book(json=payload(path))
    result = handler(book, as_of)
    actions = book.json()["actions"]
    outcome = Click(actions, result=result)
    apply(actions, path, outcome)
    return outcome


def _range(sheet, action):
    first_row, first_col = action["start_row"] + 1, action["start_column"] + 1
    return [[sheet.cell(first_row + r, first_col + c) for c in range(action["column_count"])]
            for r in range(action["row_count"])]


def apply(actions: list[dict], path: str | Path, outcome: Click) -> None:
    book = openpyxl.load_workbook(path)
    for action in actions:
        func, args = action["func"], action["args"]
        sheet = book.worksheets[action["sheet_position"]] if action.get("sheet_position") is not None else None
        if func == "setValues":
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    cell = sheet.cell(action["start_row"] + 1 + r, action["start_column"] + 1 + c)
                    if isinstance(value, str) and value.startswith("'"):
                        cell.value, cell.data_type = value[1:], "s"  # Excel keeps it as text
                    else:
                        cell.value = None if value == "" else value
        elif func == "addSheet":
            book.create_sheet(args[1], index=args[0])
        elif func in ("sheetClear", "sheetClearContents"):
            for row in sheet.iter_rows():
                for cell in row:
                    cell.value = None
                    if func == "sheetClear":
                        cell.fill, cell.font, cell.comment = PatternFill(), Font(), None
        elif func == "setRangeColor":
            for row in _range(sheet, action):
                for cell in row:
                    cell.fill = PatternFill("solid", fgColor=args[0].lstrip("#")) if args[0] else PatternFill()
        elif func == "addNote":
            sheet[args[0].split("!")[-1].replace("$", "")].comment = Comment(args[1], "xiyuan")
        elif func == "deleteNote":
            sheet[args[0].split("!")[-1].replace("$", "")].comment = None
        elif func == "setFontProperty" and args[0] == "bold":
            for row in _range(sheet, action):
                for cell in row:
                    cell.font = Font(bold=args[1])
        elif func == "setColumnWidth":
            for c in range(action["column_count"]):
                sheet.column_dimensions[get_column_letter(action["start_column"] + 1 + c)].width = args[0]
        elif func == "setSheetVisibility":
            sheet.sheet_state = "visible" if args[0] == "Visible" else "hidden"
        elif func == "alert":
            outcome.alerts.append(args[0])
        else:
            raise AssertionError(f"the harness cannot apply {func}{args}: teach it, or do not emit it")
    book.save(path)
