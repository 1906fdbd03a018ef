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
from pathlib import Path

import xlwings as xw

from xiyuan import documents
from xiyuan import result_workbooks as rw
from xiyuan.assess import assess
from xiyuan.load import LoadResult, load_grids
from xiyuan.policy import PolicyError, load_policy
from xiyuan.text import cell_value
from xiyuan.today import today_items
from xiyuan.validate import Options

TITLE = "西园台账工具"
ISSUES_SHEET = "问题清单"
SCHEDULE_SHEET = "检测日程"
TODAY_SHEET = "今日应检"
COMPUTED = "【计算】"  # marks a column the tool writes; the clerk's own columns are never touched
NOTE_MARK = "【校验】"  # notes the tool adds start with this
MAX_MARKED_CELLS = 200  # notes and colours on at most this many bad cells; 问题清单 lists them all
BAD_CELL_COLOR = "#FFC7CE"
RESULT_SHEETS = (ISSUES_SHEET, SCHEDULE_SHEET, TODAY_SHEET, "操作面板", "xlwings.conf", "_xlwings.conf")


class ClerkError(Exception):
    """A problem the clerk can fix; the message says how."""


class Click:
    """One press of a button: the workbook, the day, and the ledgers read and assessed at most
    once however many steps need them (刷新全部 runs four)."""

    def __init__(self, book, as_of: dt.date):
        self.book, self.as_of = book, as_of

    @functools.cached_property
    def loaded(self) -> LoadResult:
        return _load(self.book, self.as_of)

    @functools.cached_property
    def assessment(self):
        return assess(self.loaded, load_policy(), self.as_of)


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
        except Exception as exc:  # the clerk must never see a traceback
            message = (f"处理时出错（{type(exc).__name__}：{str(exc)[:120]}）。请保存工作簿后重试；"
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


# --- reading ------------------------------------------------------------------------------


def _grid(sheet) -> list[list]:
    """All values from A1 to the last used cell in one read; "" for empty cells."""
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [["" if v is None else v for v in row] for row in values or []]


def _ledger_sheets(book) -> dict[str, list[list]]:
    return {s.name: _grid(s) for s in book.sheets if s.name not in RESULT_SHEETS}


def _load(book, as_of: dt.date) -> LoadResult:
    loaded = load_grids(book.name, _ledger_sheets(book), Options(today=as_of))
    if not loaded.usable:
        raise ClerkError("工作簿里没有找到台账工作表（企业台账、员工台账、来晋人员登记等）。请确认表头与模板一致。")
    return LoadResult([loaded])


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

    The marks of the last run are taken off first (their cells are listed in the old 问题清单),
    so a fixed cell is clean again; a note is only added where the clerk has none, and only
    such notes are ever removed.
    """
    book = click.book
    findings = click.loaded.findings
    _unmark(book, _previous_marks(book))
    marked = [f for f in findings if f.cell and f.sheet in {s.name for s in book.sheets}][:MAX_MARKED_CELLS]
    noted = {(f.sheet, f.cell) for f in marked if book.sheets[f.sheet][f.cell].note is None}
    rows = []
    for number, f in enumerate(findings, 1):
        link = f'=HYPERLINK("#\'{f.sheet}\'!{f.cell}","{f.cell}")' if f.cell else ""
        rows.append([number, f.sheet, link, f.field, _safe(f.value), "错误" if f.severity == "error" else "提醒",
                     f.message, f"{f.sheet}!{f.cell}" if f.cell else "", "是" if (f.sheet, f.cell) in noted else ""])
    header = ["序号", "工作表", "单元格", "字段", "原值", "级别", "说明（请按此修改）", "位置", "已加批注"]
    # our own HYPERLINK formulas go in as formulas; the clerk's values were made safe above
    _result_sheet(book, ISSUES_SHEET, header, rows, [6, 12, 8, 14, 20, 6, 70, 14, 8], made_safe=True)
    _mark(book, marked, noted)
    errors = sum(f.severity == "error" for f in findings)
    return (f"校验完成：错误 {errors} 处，提醒 {len(findings) - errors} 处。详见“{ISSUES_SHEET}”工作表，"
            "点单元格地址可跳到原位置。")


def _previous_marks(book) -> list[tuple[str, str, bool]]:
    """(sheet, cell, noted) marked by the last run, from the old 问题清单 (our own columns)."""
    if ISSUES_SHEET not in [s.name for s in book.sheets]:
        return []
    grid = _grid(book.sheets[ISSUES_SHEET])
    marks = []
    for row in grid[1:]:
        place = row[7] if len(row) > 7 else ""
        if isinstance(place, str) and "!" in place:
            sheet, cell = place.split("!", 1)
            marks.append((sheet, cell, len(row) > 8 and row[8] == "是"))
    return marks[:MAX_MARKED_CELLS]


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


def _unmark(book, marks) -> None:
    names = {s.name for s in book.sheets}
    marks = [m for m in marks if m[0] in names]
    for sheet, address in _runs([(s, c) for s, c, _ in marks]):
        book.sheets[sheet][address].color = None
    for sheet, cell, noted in marks:
        note = book.sheets[sheet][cell].note if noted else None
        if note is not None:
            note.delete()


def _mark(book, findings, noted) -> None:
    for sheet, address in _runs([(f.sheet, f.cell) for f in findings]):
        book.sheets[sheet][address].color = BAD_CELL_COLOR
    for f in findings:
        if (f.sheet, f.cell) in noted:
            book.sheets[f.sheet][f.cell].add_note(f"{NOTE_MARK}{f.message}")


def _flag(click: Click) -> str:
    """标记重点企业: computed columns at the right of 企业台账, rewritten in one block."""
    book, assessment = click.book, click.assessment
    table = click.loaded.files[0].table("enterprises")
    if table is None:
        raise ClerkError("没有找到“企业台账”工作表（需有 企业名称、统一社会信用代码、员工总数 等列）。")
    sheet = book.sheets[table.table.sheet]
    grid = _grid(sheet)
    header_row = table.table.header_row
    headers = grid[header_row - 1] if len(grid) >= header_row else []
    start = next((i for i, h in enumerate(headers) if isinstance(h, str) and h.startswith(COMPUTED)),
                 len(headers))
    by_row = {r.enterprise.source.row: r for r in assessment.enterprises}
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
    _, tests = rw.people_sheets(click.assessment)
    header, rows, widths = _table(tests)
    _result_sheet(click.book, SCHEDULE_SHEET, header, rows, widths)
    return f"已生成检测日程：{len(click.assessment.people)} 人，{len(rows)} 次检测。"


def _today(click: Click) -> str:
    """今日应检: what is due today, per community and enterprise."""
    today = today_items(click.assessment)
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


def _with_neighbours(book, as_of: dt.date) -> LoadResult:
    """The open workbook plus every other ledger in its folder: the circular is about the whole
    subdistrict, so the office keeps the communities' ledgers beside the button workbook."""
    from xiyuan.load import load_file
    from xiyuan.refresh import ledger_files, lock_file

    result = _load(book, as_of)
    full = getattr(book, "fullname", "") or ""
    if full and os.path.isabs(full):
        for path in ledger_files(Path(full).parent):
            if path.name != book.name and lock_file(path) is None:
                loaded = load_file(path, Options(today=as_of))
                if loaded.usable and any(len(c.table) for c in loaded.tables):
                    result.files.append(loaded)
    return result


def _documents(click: Click, kind: str) -> str:
    book, as_of = click.book, click.as_of
    if kind == "circular":
        assessment = assess(_with_neighbours(book, as_of), load_policy(), as_of)
    else:
        assessment = click.assessment
    try:
        templates = documents.find_templates(os.environ.get("XIYUAN_TEMPLATES"))
    except FileNotFoundError:
        raise ClerkError("找不到公文模板文件夹 templates。请把 templates 文件夹放在工作簿旁边。") from None
    contexts = documents.Contexts(assessment, documents.load_settings(), as_of)
    folder = _reports_folder(book, as_of)
    if kind == "circular":
        target = folder / f"工作通报_{as_of.isoformat()}.docx"
        written = [documents.write_circular(contexts, documents.template_path(templates, "circular"), target)]
    else:
        plan = documents.notice_plan(kind, contexts)
        written = documents.write_notices(plan, documents.template_path(templates, kind),
                                          folder / documents.KIND_LABELS[kind])
    note = ""
    if kind == "circular" and len(assessment.ledgers) == 1:
        note = "（只汇总了本工作簿的1个社区；把各社区台账放在本工作簿旁边，可汇总全街道）"
    return f"已生成{documents.KIND_LABELS[kind]} {len(written)} 份，保存在：{folder}{note}"


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
    return "\n".join(step(click) for step in (_validate, _flag, _schedule, _today))
