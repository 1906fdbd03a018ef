"""The functions the Excel buttons call (xlwings). One function per button on 操作面板.

Each takes the open workbook (`xw.Book.caller()` when called from a button), reads its sheets
in one bulk read each, hands the values to the `xiyuan` package, and writes the results back
in blocks: one write per result sheet, one per computed column block, notes and colours only
for the (capped) findings - never a write per ledger row. A failure reaches the clerk as a
Chinese alert, never as a Python traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import shutil
from pathlib import Path


def _import_xlwings_without_matplotlib():
    """xlwings imports matplotlib (for pictures, which the buttons never send): 0.4 s of every
    click. It is hidden while xlwings loads and available again afterwards (the circular's chart
    imports it when it is drawn)."""
    import sys

    hidden = "matplotlib" not in sys.modules
    if hidden:
        sys.modules["matplotlib"] = None  # import matplotlib -> ImportError, which xlwings allows for
    try:
        import xlwings
    finally:
        if hidden:
            del sys.modules["matplotlib"]
    return xlwings


xw = _import_xlwings_without_matplotlib()

from xiyuan.outputs import result_workbooks as rw  # noqa: E402
from xiyuan.pipeline import Grid, Run, workbook_path  # noqa: E402
from xiyuan.rules.policy import PolicyError, load_policy  # noqa: E402
from xiyuan.intake.provenance import ISSUES_SHEET, SCHEDULE_SHEET, STATE_SHEET, TODAY_SHEET, is_tool_sheet  # noqa: E402
from xiyuan.intake.reader import MAX_CELLS, MAX_COLUMNS, oversized_sheets  # noqa: E402
from xiyuan.text import column_number  # noqa: E402
from xiyuan.text import cell_value, column_letter  # noqa: E402
from xiyuan.checks.codes import SEVERITY_LABEL  # noqa: E402
from xiyuan.faces.errors import internal_error_code, os_error_message  # noqa: E402

TITLE = "西园台账工具"
COMPUTED = "【计算】"  # marks a column the tool writes; the clerk's own columns are never touched
NOTE_MARK = "【校验】"  # notes the tool adds start with this
MAX_MARKED_CELLS = 200  # notes and colours on at most this many bad cells; 问题清单 lists them all
BAD_CELL_COLOR = "#FFC7CE"


BACKUP_FOLDER = "备份"
BACKUPS_KEPT = 5
POLICY_FILES = ("政策.toml", "policy.toml")
SETTINGS_FILES = ("发文设置.toml", "office.toml")


def _beside_file(folder: Path | None, names) -> Path | None:
    for name in names:
        if folder is not None and (folder / name).is_file():
            return folder / name
    return None


class ClerkError(Exception):
    """A problem the clerk can fix; the message says how."""


class Click:
    """One press of a button: the workbook, the day, and one Run of the pipeline on the
    workbook as it is open - read once however many steps need it (刷新全部 runs four)."""

    def __init__(self, book, as_of: dt.date):
        self.book, self.as_of = book, as_of
        self.backed_up = False

    def backup(self) -> None:
        """Before the first write of a click, a copy of the workbook as it was, in 备份/ beside
        it (Ctrl+Z cannot undo a macro); the last BACKUPS_KEPT copies are kept."""
        if self.backed_up:
            return
        self.backed_up = True
        saved = self.saved
        if saved is None:
            return  # never saved: there is no file to copy
        _say(self.book, "备份工作簿…")
        folder = saved.parent / BACKUP_FOLDER
        folder.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{saved.stem}_点按钮前_{stamp}{saved.suffix}"
        try:
            self.book.api.SaveCopyAs(str(target))  # desktop Excel: the workbook as it is open, unsaved edits too
        except Exception:  # the remote engine, or Excel refused: the saved file
            shutil.copy2(saved, target)
        for stale in sorted(folder.glob(f"{saved.stem}_点按钮前_*{saved.suffix}"))[:-BACKUPS_KEPT]:
            stale.unlink()

    @functools.cached_property
    def grids(self) -> dict[str, Grid]:
        return _ledger_grids(self.book, self.saved)

    @functools.cached_property
    def saved(self) -> Path | None:
        """The workbook's file as last saved (None when it never was)."""
        return workbook_path(self.book.name, getattr(self.book, "fullname", "") or "")

    @functools.cached_property
    def beside(self) -> Path | None:
        """The folder of the saved workbook: files the office placed there win."""
        return self.saved.parent if self.saved else None

    @functools.cached_property
    def policy(self):
        """政策.toml (or policy.toml) beside the workbook, else the shipped 81号."""
        path = _beside_file(self.beside, POLICY_FILES)
        return load_policy(path)  # a broken one is a PolicyError: the clerk's alert names the key

    @functools.cached_property
    def settings(self):
        """office.toml (or 发文设置.toml) beside the workbook, else the shipped settings."""
        from xiyuan.outputs import documents

        path = _beside_file(self.beside, SETTINGS_FILES)
        try:
            return documents.load_settings(path)
        except documents.SettingsError as exc:
            raise ClerkError(str(exc)) from None

    @functools.cached_property
    def templates(self) -> Path:
        """templates beside the workbook (each kind's file must be there), else the shipped ones."""
        from xiyuan.outputs import documents

        folder = self.beside / "templates" if self.beside else None
        if folder is not None and folder.is_dir():
            return folder
        try:
            return documents.find_templates(os.environ.get("XIYUAN_TEMPLATES"))
        except FileNotFoundError:
            raise ClerkError("找不到公文模板文件夹 templates。请把 templates 文件夹放在工作簿旁边。") from None

    @functools.cached_property
    def run(self) -> Run:
        grids = self.grids
        _say(self.book, "校验…")
        run = Run.from_grids(self.book.name, grids, self.as_of, self.policy)
        if not run.loaded.files[0].usable:
            raise ClerkError("工作簿里没有找到台账工作表（企业台账、员工台账、来晋人员登记等）。请确认表头与模板一致。")
        return run


def button(function):
    """Run a button's work; its message, or any failure, reaches the clerk as one Chinese alert."""

    @functools.wraps(function)
    def run(book=None, as_of: dt.date | None = None):
        try:
            book = book or xw.Book.caller()
        except Exception as exc:  # not started from Excel, or xlwings cannot reach it
            raise SystemExit(f"请从Excel工作簿的按钮运行（{type(exc).__name__}）。") from None
        try:
            with _quiet_excel(book):
                message = function(Click(book, as_of or dt.date.today()))
        except (ClerkError, PolicyError) as exc:
            message = str(exc)
        except OSError as exc:  # a backup folder not writable, a document open in Word…
            message = os_error_message(exc)
        except Exception as exc:  # the clerk must never see a traceback
            if os.environ.get("XIYUAN_DEBUG"):
                import traceback

                traceback.print_exc()
            message = (f"处理时出错，未能完成（{internal_error_code(exc)}）。请保存工作簿后重试；"
                       "仍不行请把工作簿和这条信息发给维护人员。")
        book.app.alert(message, title=TITLE)
        return message

    return run


@contextlib.contextmanager
def _quiet_excel(book):
    """On desktop Excel every call is a round trip: no repainting and no recalculation while
    a button writes, restored afterwards whatever happens. (The remote engine has neither.)"""
    app = book.app
    if app.engine.name != "excel":
        yield
        return
    updating, calculation = app.screen_updating, app.calculation
    app.screen_updating, app.calculation = False, "manual"
    try:
        yield
    finally:
        app.screen_updating, app.calculation = updating, calculation
        app.status_bar = False  # Excel takes its status bar back


def _say(book, step: str) -> None:
    """Which step runs, in Excel's status bar (desktop Excel; the remote engine has none), so
    a long click does not look like a frozen Excel."""
    if book.app.engine.name == "excel":
        book.app.status_bar = f"{TITLE}：{step}"


# --- reading ------------------------------------------------------------------------------


def _grid(sheet) -> list[list]:
    """All values from A1 to the last used cell in one read; "" for empty cells."""
    last = sheet.used_range.last_cell
    if last.column > MAX_COLUMNS or last.row * last.column > MAX_CELLS:
        raise ClerkError(f"工作表“{sheet.name}”的使用范围大得异常（到第{last.row}行第{last.column}列），多半是远处的单元格里"
                         "有空格或格式。请删除多余的行和列（或把台账复制到新工作表）后保存，再点按钮。")
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [["" if v is None else v for v in row] for row in values or []]


def _ledger_grids(book, saved: Path | None) -> dict[str, Grid]:
    """Every sheet but the tool's own, as values plus merged ranges, one bulk read each."""
    sheets = [s for s in book.sheets if not is_tool_sheet(s.name)]
    grids = {}
    for number, sheet in enumerate(sheets, 1):
        _say(book, f"读取台账（{number}/{len(sheets)}：{sheet.name}）…")
        grids[sheet.name] = Grid(_grid(sheet))
    if saved is not None:
        for name, merged in _saved_merges(saved).items():
            if name in grids:
                grids[name].merged = _still_merged(grids[name].values, merged)
    return grids


def _saved_merges(path: Path) -> dict[str, list]:
    """Merged ranges per sheet of the workbook as last saved (Excel's values through xlwings
    carry no merges; a merged 企业名称 would read as empty below its first row)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # not readable from disk (unsaved, locked, another format): no merges known
        return {}
    merges = {}
    too_large = oversized_sheets(str(path))  # calamine would allocate their whole rectangle
    try:
        for name in book.sheet_names:
            if not is_tool_sheet(name) and name not in too_large:
                with contextlib.suppress(Exception):
                    merges[name] = book.get_sheet_by_name(name).merged_cell_ranges or []
    finally:
        book.close()
    return merges


def _still_merged(values: list[list], merged: list) -> list:
    """The saved merged ranges that still fit the open sheet: the anchor holds a value and every
    other cell of the range reads empty, as Excel shows a merged range. A range that no longer
    fits (rows inserted or sorted since the last save) is left out rather than guessed."""
    kept = []
    for (r0, c0), (r1, c1) in merged:
        if r1 >= len(values) or c1 >= len(values[r1]) or values[r0][c0] == "":
            continue
        if all(values[r][c] == "" for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)):
            kept.append(((r0, c0), (r1, c1)))
    return kept


# --- writing ------------------------------------------------------------------------------


def _safe(value):
    """A value as a result sheet holds it; clerk text Excel would take for a formula stays text."""
    value = cell_value(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _result_sheet(book, name: str, header: list[str], rows: list[list], widths: list[int] | None = None,
                  made_safe: bool = False) -> None:
    """Replace a result sheet's contents (created at the end if missing) with one write.

    `made_safe`: the rows were already passed through _safe (and may hold our own formulas)."""
    _say(book, f"写入{name}…")
    names = [s.name for s in book.sheets]
    if name in names:
        sheet = book.sheets[name]
        sheet.clear()
    else:
        sheet = book.sheets.add(name, after=book.sheets[len(names) - 1])
    sheet["A1"].value = [header] + (rows if made_safe else [[_safe(v) for v in row] for row in rows])
    sheet["A1"].resize(1, len(header)).font.bold = True
    for index, width in enumerate(widths or []):
        sheet.range((1, index + 1)).column_width = width


def _table(name_columns_rows) -> tuple[list[str], list[list], list[int]]:
    name, columns, rows = name_columns_rows
    return [title for title, _ in columns], rows, [width for _, width in columns]


# --- buttons ------------------------------------------------------------------------------


def _validate(click: Click) -> str:
    """校验台账: 问题清单 sheet with a link to each bad cell, and notes and colour on them.

    The marks of the last run are taken off first (found again by their records, wherever rows
    were inserted or sorted since), so a fixed cell is clean again; a note is only added where the clerk has none, and only
    such notes are ever removed. A cell with several findings gets one note listing them all.
    """
    book = click.book
    findings = click.run.findings
    click.backup()
    sheets = {s.name: s for s in book.sheets}
    anchors = Anchors(click.run, click.grids)
    ours = _our_notes(sheets)  # 【校验】 notes, wherever an earlier click left them
    _unmark(book, anchors.find(_read_state(book)), sheets, notes_handled=ours)
    per_cell: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        if f.cell and f.sheet in sheets:
            if (f.sheet, f.cell) in per_cell or len(per_cell) < MAX_MARKED_CELLS:
                per_cell.setdefault((f.sheet, f.cell), []).append(f.message)
    for sheet, cell in ours:  # ours are renewed below, or go: a fixed cell keeps none
        sheets[sheet][cell].note.delete()
    noted = {place for place in per_cell if place in ours or sheets[place[0]][place[1]].note is None}
    rows = []
    for number, f in enumerate(findings, 1):
        link = f'=HYPERLINK("#\'{f.sheet}\'!{f.cell}","{f.cell}")' if f.cell else ""
        rows.append([number, f.sheet, link, f.field, _safe(f.value), SEVERITY_LABEL[f.severity],
                     f.message, f"{f.sheet}!{f.cell}" if f.cell else "", "是" if (f.sheet, f.cell) in noted else "",
                     f.code])
    header = ["序号", "工作表", "单元格", "字段", "原值", "级别", "说明（请按此修改）", "位置", "已加批注", "代码"]
    # our own HYPERLINK formulas go in as formulas; the clerk's values were made safe above
    _result_sheet(book, ISSUES_SHEET, header, rows, [6, 12, 8, 14, 20, 6, 70, 14, 8, 24], made_safe=True)
    before = _mark(sheets, per_cell, noted)
    _write_state(book, [(*anchors.anchor(sheet, cell), (sheet, cell) in noted, before[(sheet, cell)])
                        for sheet, cell in per_cell])
    return (f"校验完成：错误 {click.run.errors} 处，提醒 {click.run.warnings} 处。详见“{ISSUES_SHEET}”工作表，"
            "点单元格地址可跳到原位置。")


# --- the tool's marks, anchored to records ---------------------------------------------------

# A mark is remembered by the record it sits on (its ID number, else its name …, and which of
# several equal ones) and the column's header, not by its address: rows inserted, deleted or
# sorted between clicks move the record, and the next click takes the mark off where it is now.
ANCHOR_KEYS = ("id_number", "name", "enterprise", "plate", "event_name", "uscc")
STATE_HEADER = ["工作表", "标识列", "标识", "同标识第几条", "栏目", "已加批注", "原底色"]


class Anchors:
    """Where the records of the open sheets are, for one click."""

    def __init__(self, run: Run, grids: dict[str, Grid]):
        self.grids = grids
        self.tables = {c.table.sheet: c.table for f in run.loaded.files for c in f.tables}
        self.flagged = {(f.sheet, f.row, f.column) for f in run.findings if f.row}
        self._texts: dict[tuple[str, str], list[str]] = {}
        self._where: dict[tuple[str, str], dict[str, list[int]]] = {}
        self._row_index: dict[str, dict[int, int]] = {}

    def _column_texts(self, table, key: str) -> list[str]:
        """A column's values as text, once per click (a mark is told by them, and found by them)."""
        if (table.sheet, key) not in self._texts:
            self._texts[(table.sheet, key)] = [str(cell_value(v)) for v in table.values[key]]
        return self._texts[(table.sheet, key)]

    def _records_with(self, table, key: str) -> dict[str, list[int]]:
        """Text -> record indexes holding it, in sheet order."""
        if (table.sheet, key) not in self._where:
            where: dict[str, list[int]] = {}
            for index, text in enumerate(self._column_texts(table, key)):
                where.setdefault(text, []).append(index)
            self._where[(table.sheet, key)] = where
        return self._where[(table.sheet, key)]

    def _index(self, table, row: int) -> int | None:
        if table.sheet not in self._row_index:
            self._row_index[table.sheet] = {r: i for i, r in enumerate(table.rows)}
        return self._row_index[table.sheet].get(row)

    def _key(self, table, column: int, row: int, index: int) -> str | None:
        """The record's identity: a field that has a value and no finding of its own on this row
        (the clerk is about to fix the marked field, and any other flagged one)."""
        for key in ANCHOR_KEYS:
            if key not in table.columns or table.columns[key] == column:
                continue
            if (table.sheet, row, column_letter(table.columns[key])) in self.flagged:
                continue
            if self._column_texts(table, key)[index].strip():
                return key
        return None

    def _header(self, table, column: int) -> str:
        row = self.grids[table.sheet].values[table.header_row - 1] if table.sheet in self.grids else []
        return str(row[column]) if column < len(row) else ""

    def anchor(self, sheet: str, cell: str) -> tuple:
        """(sheet, key, value, occurrence, header) of a cell, to find it again next time."""
        column_letters, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()
        column = column_number(column_letters) - 1
        table = self.tables.get(sheet)
        index = self._index(table, int(row)) if table is not None else None
        key = self._key(table, column, int(row), index) if index is not None else None
        if key is None:
            return sheet, "", cell, 0, ""  # no record, or none to tell it by: remembered by its address
        text = self._column_texts(table, key)[index]
        occurrence = self._records_with(table, key)[text].index(index)
        return sheet, key, text, occurrence, self._header(table, column)

    def find(self, marks: list[tuple]) -> list[tuple[str, str, bool, str | None]]:
        """(sheet, cell, noted, fill before) where each remembered mark's record and column are now."""
        found = []
        for sheet, key, value, occurrence, header, noted, before in marks:
            table = self.tables.get(sheet)
            if not key:
                found.append((sheet, str(value), noted, before))
                continue
            if table is None or key not in table.columns:
                continue
            header_row = self.grids[sheet].values[table.header_row - 1]
            columns = [i for i, text in enumerate(header_row) if str(text) == header]
            matches = self._records_with(table, key).get(str(value), [])
            if columns and len(matches) > int(occurrence or 0):
                row = table.rows[matches[int(occurrence or 0)]]
                found.append((sheet, f"{column_letter(columns[0])}{row}", noted, before))
        return found[:MAX_MARKED_CELLS]


def _read_state(book) -> list[tuple]:
    """The marks of the last click, from the tool's very hidden sheet; none when there is none."""
    if STATE_SHEET not in [s.name for s in book.sheets]:
        return []
    rows = _grid(book.sheets[STATE_SHEET])[1:]
    return [(str(r[0]), str(r[1]), r[2], int(r[3] or 0), str(r[4]), r[5] == "是", (r[6] if len(r) > 6 else "") or None)
            for r in rows if len(r) >= 6 and r[0]]


def _write_state(book, marks: list[tuple]) -> None:
    """What this click marked, in a sheet of the tool's that the clerk never sees or edits."""
    names = [s.name for s in book.sheets]
    sheet = book.sheets[STATE_SHEET] if STATE_SHEET in names else book.sheets.add(STATE_SHEET, after=book.sheets[len(names) - 1])
    sheet.clear()
    # every text with a leading apostrophe: Excel would store "350582…" as a 15-digit number
    rows = [[f"'{v}" if isinstance(v, str) and v else v
             for v in (sheet_name, key, str(value), occurrence, header, "是" if noted else "", before or "")]
            for sheet_name, key, value, occurrence, header, noted, before in marks]
    sheet["A1"].value = [STATE_HEADER] + rows
    try:
        sheet.api.Visible = 2  # desktop Excel: xlSheetVeryHidden, not listed under 取消隐藏
    except Exception:  # the remote engine knows hidden only
        sheet.visible = False


def _runs(cells) -> list[tuple[str, str]]:
    """(sheet, "C5:C9") ranges covering the cells, contiguous rows of one column merged."""
    by_column: dict[tuple[str, str], list[int]] = {}
    for sheet, cell in cells:
        match = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        if match:
            by_column.setdefault((sheet, match.group(1)), []).append(int(match.group(2)))
    runs = []
    for (sheet, column), rows in by_column.items():
        rows = sorted(set(rows))
        start = previous = rows[0]
        for row in rows[1:] + [None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            runs.append((sheet, f"{column}{start}:{column}{previous}" if previous != start else f"{column}{start}"))
            if row is not None:
                start = previous = row
    return runs


def _fill(cell_range) -> str | None:
    """A cell's fill as "#RRGGBB", None when it has none or it cannot be read (the remote engine)."""
    try:
        color = cell_range.color
    except NotImplementedError:
        return None
    if isinstance(color, tuple):
        return "#{:02X}{:02X}{:02X}".format(*color)
    return color or None


def _unmark(book, marks, sheets, notes_handled=frozenset()) -> None:
    """Take the last click's marks off: its fill only where the fill is still the tool's (where
    Excel can tell), putting back the fill the cell had before; its note only while ours."""
    marks = [m for m in marks if m[0] in sheets]
    readable = book.app.engine.name == "excel"
    plain = []
    for sheet, cell, _, before in marks:
        if readable:
            if (_fill(sheets[sheet][cell]) or "").upper() == BAD_CELL_COLOR:
                sheets[sheet][cell].color = before or None
        else:
            plain.append((sheet, cell))
    for sheet, address in _runs(plain):
        sheets[sheet][address].color = None
    for sheet, cell, noted, _ in marks:
        if (sheet, cell) in notes_handled:
            continue  # swept with the other notes of ours
        note = sheets[sheet][cell].note if noted else None
        # only a note that is still ours: one she rewrote (no 【校验】 at the start) is hers now
        if note is not None and _note_text(sheets[sheet], cell, note).startswith(NOTE_MARK):
            note.delete()


def _our_notes(sheets) -> set[tuple[str, str]]:
    """(sheet, cell) of every note that starts with 【校验】 on the ledger sheets: the remote
    engine sends them with the workbook; desktop Excel lists them (Comments)."""
    found = set()
    for name, sheet in sheets.items():
        if is_tool_sheet(name):
            continue
        api = getattr(sheet, "api", None)
        if isinstance(api, dict):
            for entry in api.get("notes", []):
                if (entry.get("text") or "").startswith(NOTE_MARK):
                    found.add((name, entry.get("address", "").split("!")[-1].replace("$", "")))
            continue
        try:
            for comment in api.Comments:
                if (comment.Text() or "").startswith(NOTE_MARK):
                    found.add((name, comment.Parent.Address.replace("$", "")))
        except Exception:  # an engine that cannot list them: the anchored marks still apply
            pass
    return found


def _note_text(sheet, cell: str, note) -> str:
    """A note's text. The remote engine cannot read it synchronously, but the workbook it was
    sent holds every note of the sheet (address and text)."""
    try:
        return note.text or ""
    except NotImplementedError:
        for entry in getattr(sheet, "api", {}).get("notes", []):
            if entry.get("address", "").split("!")[-1].replace("$", "") == cell:
                return entry.get("text") or ""
        return ""


def _mark(sheets, per_cell: dict[tuple[str, str], list[str]], noted) -> dict[tuple[str, str], str | None]:
    """Colour and note the cells; return each cell's fill from before (where Excel can tell)."""
    before = {place: _fill(sheets[place[0]][place[1]]) for place in per_cell}
    for sheet, address in _runs(list(per_cell)):
        sheets[sheet][address].color = BAD_CELL_COLOR
    for (sheet, cell), messages in per_cell.items():
        if (sheet, cell) in noted:
            sheets[sheet][cell].add_note(NOTE_MARK + "\n".join(dict.fromkeys(messages)))
    return before


def _flag(click: Click) -> str:
    """标记重点企业: computed columns at the right of 企业台账, rewritten in one block."""
    book, assessment = click.book, click.run.assessment
    table = click.run.loaded.files[0].table("enterprises")
    if table is None:
        raise ClerkError("没有找到“企业台账”工作表（需有 企业名称、统一社会信用代码、员工总数 等列）。")
    click.backup()
    sheet = book.sheets[table.table.sheet]
    grid = click.grids[table.table.sheet].values
    header_row = table.table.header_row
    headers = grid[header_row - 1] if len(grid) >= header_row else []
    start = next((i for i, h in enumerate(headers) if isinstance(h, str) and h.startswith(COMPUTED)),
                 len(headers))
    # rows of this sheet only: a second 企业台账 sheet has its own row 2
    by_row = {r.enterprise.source.row: r for r in assessment.enterprises if r.enterprise.source.sheet == table.table.sheet}
    last_row = max(len(grid), header_row)
    block = [[f"{COMPUTED}重点企业", f"{COMPUTED}原因", f"{COMPUTED}需整改事项"]]
    for row in range(header_row + 1, last_row + 1):
        result = by_row.get(row)
        if result is None:
            block.append(["", "", ""])
            continue
        todo = [f.message for f in result.flags if f.code != "white_list"]
        block.append(["是" if result.key else "否", "；".join(r.message for r in result.reasons), "\n".join(todo)])
    sheet.range((header_row, start + 1)).value = block
    sheet.range((header_row, start + 1)).resize(1, 3).color = "#E2EFDA"
    key = sum(r.key for r in assessment.enterprises)
    return (f"已标记：重点企业 {key} 家，应上报 {sum(r.escalate for r in assessment.enterprises)} 家。"
            f"结果在“{table.table.sheet}”最右侧带{COMPUTED}的列（每次重新计算，请勿在这些列里录入）。")


def _schedule(click: Click) -> str:
    """生成检测日程: one row per scheduled test in the 检测日程 sheet."""
    tests = rw.people_sheets(click.run.assessment)[1]  # 检测日程 (人员日程 and 差旅备案 stay in the workbooks)
    click.backup()
    header, rows, widths = _table(tests)
    _result_sheet(click.book, SCHEDULE_SHEET, header, rows, widths)
    return f"已生成检测日程：{len(click.run.people)} 人，{len(rows)} 次检测。"


def _today(click: Click) -> str:
    """今日应检: what is due today, per community and enterprise."""
    today = click.run.today
    click.backup()
    header, rows, widths = _table(rw.today_sheet(today))
    _result_sheet(click.book, TODAY_SHEET, header, rows, widths)
    return (f"{click.as_of} 今日应检 {today.count('due_today')} 人次，逾期未检 {today.count('overdue')} 人次，"
            f"今日可进厂 {today.count('may_enter')} 人，期满待核验 {today.count('pending_entry')} 人，"
            f"阳性 {today.count('positive')} 人。")


def _reports_folder(book, as_of: dt.date) -> Path:
    """文书/<date>/ beside the workbook (or the current folder when it has no path yet) - not
    reports/, which the daily refresh replaces as a whole."""
    full = getattr(book, "fullname", "") or ""
    base = Path(full).parent if full and os.path.isabs(full) else Path.cwd()
    return base / "文书" / as_of.isoformat()


def _whole_subdistrict(click: Click) -> Run:
    """The open workbook plus every other ledger in its folder: the circular is about the whole
    subdistrict, so the office keeps the communities' ledgers beside the button workbook."""
    from xiyuan.intake.inputs import lock_file, workbooks_in
    from xiyuan.checks.load import load_files
    from xiyuan.checks.validate import Options

    saved = click.saved
    if saved is None:
        return click.run
    others = [p for p in workbooks_in(saved.parent) if p.name != saved.name and lock_file(p) is None]
    loaded = load_files(others, Options(today=click.as_of))
    neighbours = [f for f in loaded.files if f.usable and any(len(c.table) for c in f.tables)]
    return Run.from_grids(click.book.name, click.grids, click.as_of, click.run.policy, neighbours)


def _documents(click: Click, kind: str) -> str:
    from xiyuan.outputs import documents  # Word libraries: only for the document buttons

    book, as_of = click.book, click.as_of
    run = _whole_subdistrict(click) if kind == "circular" else click.run
    templates = click.templates
    template = documents.template_path(templates, kind)
    if not template.is_file():
        raise ClerkError(f"模板文件夹“{templates}”里没有“{template.name}”。请把这个模板放进去（可从安装文件夹的 templates 复制）。")
    # numbers kept beside the workbook: unique across clicks and days, the same day keeps its number
    register = click.beside / "文书" / "文号登记.sqlite" if click.beside else None
    contexts = run.contexts(click.settings, register=register)
    folder = _reports_folder(book, as_of)
    chart_notes: list[str] = []
    try:
        with documents.template_errors(template):
            if kind == "circular":
                target = folder / f"工作通报_{as_of.isoformat()}.docx"
                written = [documents.write_circular(contexts, template, target, chart_notes)]
            else:
                plan = documents.notice_plan(kind, contexts)
                written = documents.write_notices(plan, template, folder / documents.KINDS[kind].label)
    except documents.TemplateProblem as exc:
        raise ClerkError(f"{exc}请把模板换回随工具提供的标准模板（安装文件夹的 templates），或把它发给维护人员检查。") from None
    note = ""
    if kind == "circular" and len(run.assessment.ledgers) == 1:
        note = "（只汇总了本工作簿的1个社区；把各社区台账放在本工作簿旁边，可汇总全街道）"
    note += "".join(f"。{n}" for n in chart_notes)
    return f"已生成{documents.KINDS[kind].label} {len(written)} 份，保存在：{folder}{note}"


def active_book():
    """The workbook the clerk has open: what the add-in's ribbon acts on (Book.caller() would be
    the add-in itself)."""
    return xw.books.active


# --- the buttons (one per Sub in macros/XiyuanButtons.bas) ------------------------------------

validate_ledger = button(_validate)
flag_enterprises = button(_flag)
schedule_tests = button(_schedule)
today_tests = button(_today)


@button
def enterprise_notices(click: Click) -> str:
    """生成企业告知书: one .docx per enterprise under 文书/<date>/."""
    return _documents(click, "enterprise")


@button
def person_notices(click: Click) -> str:
    """生成人员告知单: one .docx per traveller or visitor whose requirements still run."""
    return _documents(click, "person")


@button
def circular_report(click: Click) -> str:
    """生成工作通报: the task force's circular under 文书/<date>/."""
    return _documents(click, "circular")


@button
def refresh_all(click: Click) -> str:
    """刷新全部: validate, flag, schedule and today on one reading of the workbook, one alert."""
    said = []
    for step in (_validate, _flag, _schedule, _today):
        try:
            said.append(step(click))
        except ClerkError as exc:  # a workbook without 企业台账 still gets its 检测日程 and 今日应检
            said.append(str(exc))
    return "\n".join(said)
