"""Read ledger workbooks as clerks really keep them.

For each sheet: fill merged cells, find the header row below any title rows (a two-row header
under a merged group heading counts too), recognise the sheet's role from its headers and name,
map headers to field keys through the synonyms in `schema`, and keep the record rows - not
blank rows, total rows (合计/总计) or sign-off rows (制表人、审核人、填报日期 …).

The result is columnar: one list of raw cell values per field, plus each record's Excel row
number, so the validators can work a column at a time. The file is opened read-only.
"""

from __future__ import annotations

import io
import operator
import os
import re
import stat
import zipfile
from xml.etree import ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError, ZipError

from xiyuan.checks.findings import Finding, make_finding
from xiyuan.intake.cell_formats import sheet_parts
from xiyuan.intake.inputs import WORKBOOK_SUFFIXES
from xiyuan.intake.prefetch import ahead
from xiyuan.intake.provenance import MARK_SHEET, is_tool_sheet, marked_by_property, marked_by_sheet
from xiyuan.intake.schema import NOTE_SHEET_WORDS, ROLES, Role, match_header
from xiyuan.text import clean_controls, column_letter, column_number, squash

HEADER_SCAN_ROWS = 20
MIN_HEADER_FIELDS = 2
SUPPORTED = WORKBOOK_SUFFIXES

# A total or sign-off row opens with one of these labels in its first non-empty cell.
_TOTAL = re.compile(r"(合计|总计|小计|共计|总人数|合计人数|以下空白|以下无数据)")
_LABELS = (r"制表人|制表|填表人|填报人|审核人|审核|审批人|单位负责人|负责人签字|负责人|统计人|经办人|联系人|"
           r"填报日期|填表日期|制表日期|填报时间|填表时间|报送日期|填报单位|填表单位|联系电话|日期|注|说明|备注|填表说明")
_PEOPLE = r"制表人|填表人|填报人|审核人|审批人|负责人|统计人|经办人|联系人"
_SIGN_OFF = re.compile(
    rf"(?:{_LABELS})(?:[:：].*)?"           # "制表人：张三", "填报日期：2022年11月15日", "备注"
    rf"|(?:{_PEOPLE})[^:：]{{1,6}}"          # "审核人 李四" (a name, no colon)
    r"|.{0,10}[(（]盖章[)）].*"              # "西园街道霞浯社区（盖章）"
)
_MARKER_FIRST = frozenset("合总小共以制填审单负统经联报日注说备社 \u3000")


class OwnOutput(Exception):
    """A workbook the tool wrote itself (a report, a result table, the merged ledger): never
    read as a ledger."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path

    def notice(self) -> Finding:
        return make_finding("file.own_output", file=os.path.basename(self.path))


class LedgerFileError(Exception):
    """A file that cannot be used at all; `code` is a key of codes.CODES."""

    def __init__(self, code: str, path: str, detail: str = ""):
        super().__init__(f"{code}: {path} {detail}")
        self.code = code
        self.path = path
        self.detail = detail

    def finding(self) -> Finding:
        return make_finding(self.code, file=os.path.basename(self.path), params={"detail": self.detail})


@dataclass
class SheetTable:
    """One recognised sheet: where its columns are and the raw values of its records."""

    file: str
    sheet: str
    role: Role
    header_row: int  # Excel row number of the (last) header row
    columns: dict[str, int]  # field key -> 0-based column index
    headers: dict[str, str]  # field key -> header text as found
    rows: list[int] = field(default_factory=list)  # Excel row number of each record
    values: dict[str, tuple] = field(default_factory=dict)  # field key -> raw values

    def __len__(self) -> int:
        return len(self.rows)

    def column_of(self, key: str) -> str:
        return column_letter(self.columns[key]) if key in self.columns else ""


@dataclass
class WorkbookRead:
    path: str
    file: str
    tables: list[SheetTable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notices: list[Finding] = field(default_factory=list)  # information only: sheets the tool wrote

    def table(self, role_key: str) -> SheetTable | None:
        for table in self.tables:
            if table.role.key == role_key:
                return table
        return None


def _must_be_a_regular_file(path: str) -> None:
    """A pipe, device or folder named like a workbook would block or fail the reader."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise LedgerFileError("file.not_found", path) from None
    except OSError as exc:
        raise LedgerFileError("file.locked", path, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        raise LedgerFileError("file.not_regular", path)


def open_workbook(path: str | os.PathLike) -> CalamineWorkbook:
    """Open a workbook for reading, turning every failure into a LedgerFileError."""
    path = str(path)
    _must_be_a_regular_file(path)
    if os.path.basename(path).startswith("~$"):
        raise LedgerFileError("file.locked", path, "这是Excel打开文件时留下的临时锁定文件")
    if Path(path).suffix.lower() not in SUPPORTED:
        raise LedgerFileError("file.not_workbook", path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except PermissionError as exc:
        raise LedgerFileError("file.locked", path, exc.strerror or "没有权限") from exc
    except OSError as exc:
        raise LedgerFileError("file.locked", path, exc.strerror or str(exc)) from exc
    if not head.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        raise LedgerFileError("file.not_workbook", path)
    try:
        try:
            return CalamineWorkbook.from_path(path)
        except ZipError:
            if not head.startswith(b"\xd0\xcf\x11\xe0"):
                raise
            # An old .xls renamed to .xlsx: let calamine sniff the content instead.
            with open(path, "rb") as handle:
                return CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    except PermissionError as exc:
        raise LedgerFileError("file.locked", path, exc.strerror or "没有权限") from exc
    except Exception as exc:  # calamine raises several types for broken files
        if isinstance(exc, PasswordError) or "password" in str(exc).lower():
            raise LedgerFileError("file.password", path) from exc
        if head.startswith(b"PK") and not zipfile.is_zipfile(path):
            raise LedgerFileError("file.corrupt", path, "压缩包不完整") from exc
        raise LedgerFileError("file.corrupt", path, _short(exc)) from exc


MAX_COLUMNS = 2000  # a ledger has a few dozen columns
MAX_CELLS = 30_000_000  # about a million rows of thirty columns
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]+)?(\d+)?:?([A-Z]+)(\d+)"')


def oversized_sheets(path: str) -> dict[str, tuple[str, int]]:
    """Sheets of an .xlsx/.xlsm whose stated extent is absurd: name -> (extent, cells). A single
    value in XFD1048576 makes calamine allocate the whole rectangle (hundreds of GB) and abort
    the process, so the extent is read from the sheet's <dimension> before calamine parses it."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = {}
            for name, part in sheet_parts(archive).items():
                try:
                    with archive.open(part) as handle:
                        head = handle.read(4096)
                except KeyError:
                    continue
                match = _DIMENSION.search(head)
                if match:
                    rows, columns = int(match.group(4)), column_number(match.group(3).decode())
                    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                        found[name] = (match.group(0).decode().split('"')[1], rows * columns)
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        return {}  # not a zip workbook (an .xls), or broken: calamine says why below


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


def fill_merged(grid: list[list], merged: list) -> None:
    """Copy each merged range's top-left value into every cell of the range."""
    for (r0, c0), (r1, c1) in merged or ():
        if r0 >= len(grid):
            continue
        top = grid[r0]
        value = top[c0] if c0 < len(top) else ""
        if value == "":
            continue
        width = max(c1 + 1, len(grid[0]) if grid else 0)
        for r in range(r0, r1 + 1):
            while r >= len(grid):
                grid.append([""] * width)
            row = grid[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


def _score(role: Role, cells: list) -> tuple[int, dict[int, str]]:
    matched: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell:
            continue
        key = match_header(role, cell)
        if key and key != "seq" and key not in seen:
            matched[index] = key
            seen.add(key)
    return len(seen), matched


def _composite(parent: list, child: list) -> list:
    """Two header rows as one: "防疫专员" over "电话" reads "防疫专员电话"."""
    width = max(len(parent), len(child))
    out = []
    for i in range(width):
        p = parent[i] if i < len(parent) and isinstance(parent[i], str) else ""
        c = child[i] if i < len(child) and isinstance(child[i], str) else ""
        out.append((p, c))
    return out


def _match_composite(role: Role, pairs: list) -> tuple[int, dict[int, str]]:
    matched: dict[int, str] = {}
    seen: set[str] = set()
    for index, (parent, child) in enumerate(pairs):
        candidates = [parent + child, child, parent] if parent != child else [parent]
        for text in candidates:
            key = match_header(role, text) if text else None
            if key and key != "seq" and key not in seen:
                matched[index] = key
                seen.add(key)
                break
    return len(seen), matched


@dataclass
class HeaderGuess:
    role: Role
    score: int
    header_index: int  # 0-based index of the last header row
    matched: dict[int, str]
    texts: dict[int, str]


def _name_bonus(role: Role, sheet_name: str) -> int:
    return 1 if any(word in sheet_name for word in role.name_words) else 0


def _spans_columns(row: list) -> bool:
    """A group heading merged over several columns (filled into each) sits over a second header row."""
    return any(a == b and isinstance(a, str) and a for a, b in zip(row, row[1:]))


def detect_header(grid: list[list], sheet_name: str) -> HeaderGuess | None:
    """The role and header row that explain the top of this sheet best."""
    best: HeaderGuess | None = None
    limit = min(HEADER_SCAN_ROWS, len(grid))
    for r in range(limit):
        row = grid[r]
        if sum(1 for c in row if isinstance(c, str) and c) < MIN_HEADER_FIELDS:
            continue  # a title row, a blank row: no header here
        next_row = grid[r + 1] if r + 1 < len(grid) and _spans_columns(row) else []
        for role in ROLES:
            bonus = _name_bonus(role, sheet_name)
            score, matched = _score(role, row)
            if score >= MIN_HEADER_FIELDS and (best is None or score + bonus > best.score):
                texts = {i: str(row[i]) for i in matched}
                best = HeaderGuess(role, score + bonus, r, matched, texts)
            if next_row:
                pairs = _composite(row, next_row)
                score2, matched2 = _match_composite(role, pairs)
                if score2 > score and score2 >= MIN_HEADER_FIELDS and (best is None or score2 + bonus > best.score):
                    texts = {i: "".join(dict.fromkeys(pairs[i])) for i in matched2}
                    best = HeaderGuess(role, score2 + bonus, r + 1, matched2, texts)
    return best


def _records(grid: list[list], start: int, columns: dict[str, int]) -> tuple[list[int], dict[str, tuple]]:
    """Excel row numbers and per-field raw values of the record rows below the header.

    Works a column at a time: a row is dropped when it is empty, or when it is a total or
    sign-off row. Only rows that could be one of those are looked at closely.
    """
    body = grid[start:]
    if not body:
        return [], {key: () for key in columns}
    lengths = set(map(len, body))
    width = max(lengths)
    if len(lengths) > 1:  # calamine rows are even; merged-cell filling may lengthen some
        for row in body:
            row.extend([""] * (width - len(row)))
    by_column = list(zip(*body))
    keys = list(columns)
    picked = [clean_controls(by_column[columns[key]]) for key in keys]
    # Close look at: rows opening with a possible label, and rows whose first mapped column
    # is empty. Dropped: rows with nothing in any mapped column (a pre-numbered template
    # row holding only its 序号), and total, sign-off and note rows.
    suspects = {i for i, v in enumerate(picked[0]) if v == ""} if picked else set()
    for column in by_column[:2]:
        suspects.update(i for i, v in enumerate(column) if v.__class__ is str and v[:1] in _MARKER_FIRST)
    dropped = {i for i in suspects if all(_blank(column[i]) for column in picked) or _is_marker_row(body[i])}
    if not dropped:
        return list(range(start + 1, start + 1 + len(body))), dict(zip(keys, picked))
    keep = [i for i in range(len(body)) if i not in dropped]
    if not keep:
        return [], {key: () for key in keys}
    take = operator.itemgetter(*keep)
    values = [take(column) if len(keep) > 1 else (column[keep[0]],) for column in picked]
    return [start + i + 1 for i in keep], dict(zip(keys, values))


def _blank(value) -> bool:
    """Empty, or only spaces: a row of padding is no record."""
    return value == "" or value is None or (value.__class__ is str and not value.strip())


def _is_marker_row(row) -> bool:
    """A total, sign-off or note row: its first non-empty cell is such a label.

    Only the first cell counts: a record may well carry a remark such as "注：新入职" further
    right, and must not be mistaken for a note row.
    """
    for cell in row:
        if cell == "" or cell is None:
            continue
        if not isinstance(cell, str):
            return False
        text = squash(cell)
        return bool(_TOTAL.match(text) or _SIGN_OFF.fullmatch(text))
    return False


def read_grid(grid: list[list], merged, sheet_name: str, file: str) -> tuple[SheetTable | None, list[Finding]]:
    """A sheet's cell values from A1 ("" for empty), wherever they came from: calamine, or
    Excel itself through the buttons."""
    if merged:
        fill_merged(grid, merged)
    findings: list[Finding] = []
    guess = detect_header(grid, sheet_name)
    if guess is None:
        has_data = any(any(c != "" for c in row) for row in grid[:50])
        if has_data and not any(word in sheet_name for word in NOTE_SHEET_WORDS):
            findings.append(make_finding("sheet.unrecognized", file=file, sheet=sheet_name,
                                         params={"sheet": sheet_name}))
        return None, findings
    role = guess.role
    header_row = guess.header_index + 1
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index in sorted(guess.matched):
        key = guess.matched[index]
        columns[key] = index
        headers[key] = guess.texts[index]
    # a second column for a field already mapped is reported, not silently merged
    row_cells = grid[guess.header_index]
    for index, cell in enumerate(row_cells):
        key = match_header(role, cell) if isinstance(cell, str) and cell else None
        if key and key != "seq" and key in columns and columns[key] != index:
            findings.append(make_finding(
                "sheet.duplicate_column", file=file, sheet=sheet_name, row=header_row,
                column=column_letter(index), field=role.field(key).label, value=cell,
                params={"columns": f"{column_letter(columns[key])}、{column_letter(index)}"},
            ))
    missing = [f.label for f in role.fields if f.required_column and f.key not in columns]
    if missing:
        findings.append(make_finding(
            "sheet.missing_column", file=file, sheet=sheet_name, row=header_row,
            params={"sheet": sheet_name, "columns": "、".join(missing), "header_row": header_row},
        ))
    table = SheetTable(file, sheet_name, role, header_row, columns, headers)
    table.rows, table.values = _records(grid, guess.header_index + 1, columns)
    rows = table.rows
    if not rows:
        findings.append(make_finding("sheet.empty", file=file, sheet=sheet_name,
                                     params={"sheet": sheet_name}))
    return table, findings


@dataclass
class RawSheet:
    """A sheet's values as parsed, before any interpretation."""

    name: str
    grid: list[list] | None
    merged: list | None
    error: str = ""
    tool_sheet: bool = False  # a sheet the tool writes (问题清单 …): not parsed, not read
    too_large: tuple | None = None  # (extent, cells) of a sheet refused before parsing


def parse_workbook(path: str | os.PathLike) -> list[RawSheet]:
    """calamine's part of reading: open and parse every sheet. Raises LedgerFileError."""
    return list(parse_ahead(path))


def parse_ahead(path: str | os.PathLike):
    """Like parse_workbook, but yields each sheet as soon as it is parsed while a thread parses
    the next one: the caller checks one sheet while calamine (without the GIL) reads the next.
    Raises OwnOutput for a workbook the tool wrote."""
    _must_be_a_regular_file(str(path))
    if marked_by_property(str(path)):
        raise OwnOutput(str(path))
    book = open_workbook(path)
    too_large = oversized_sheets(str(path))
    names = book.sheet_names
    if names and names[0] == MARK_SHEET:
        try:
            first = book.get_sheet_by_name(names[0]).to_python(nrows=3)
        except Exception:  # a broken first sheet is the reader's business below
            first = []
        if marked_by_sheet(names[0], first):
            book.close()
            raise OwnOutput(str(path))

    def parse(name: str) -> RawSheet:
        if is_tool_sheet(name):
            return RawSheet(name, None, None, tool_sheet=True)
        if name in too_large:  # calamine would allocate the whole rectangle, and abort the process
            return RawSheet(name, None, None, too_large=too_large[name])
        try:
            sheet = book.get_sheet_by_name(name)
            return RawSheet(name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)
        except Exception as exc:  # one broken sheet must not lose the others
            return RawSheet(name, None, None, _short(exc))

    try:
        for _, raw in ahead(book.sheet_names, parse):
            yield raw
    finally:
        book.close()


def _midnights_as_times(path: str, table: SheetTable) -> None:
    """calamine reads a date-time at 00:00 as a date: in date-time columns, a date whose cell
    shows a time (its number format) becomes that midnight."""
    import datetime as dt

    from xiyuan.intake.cell_formats import time_formatted
    from xiyuan.intake.schema import DATETIME

    dates = {}
    for item in table.role.fields:
        if item.kind == DATETIME and item.key in table.values:
            column = table.columns[item.key]
            for index, value in enumerate(table.values[item.key]):
                if value.__class__ is dt.date:
                    dates[f"{column_letter(column)}{table.rows[index]}"] = (item.key, index)
    if not dates or not path.lower().endswith((".xlsx", ".xlsm")):
        return
    changed: dict[str, list] = {}
    for ref in time_formatted(path, table.sheet, set(dates)):
        key, index = dates[ref]
        values = changed.setdefault(key, list(table.values[key]))
        values[index] = dt.datetime.combine(values[index], dt.time())
    for key, values in changed.items():
        table.values[key] = tuple(values)


def read_workbook(path: str | os.PathLike, parsed=None, on_table=None) -> WorkbookRead:
    """Every recognised sheet of one workbook. Raises LedgerFileError when it cannot be used.

    `parsed`: the sheets already parsed (a list, or parse_ahead's iterator); `on_table(table)`
    is called as each sheet is recognised, so checking can start before the last sheet is read."""
    sheets = parsed if parsed is not None else parse_workbook(path)
    file = os.path.basename(str(path))
    result = WorkbookRead(str(path), file)
    skipped = []
    for raw in sheets:
        if raw.tool_sheet:
            skipped.append(raw.name)
            continue
        if raw.too_large:
            extent, cells = raw.too_large
            result.findings.append(make_finding("sheet.too_large", file=file, sheet=raw.name,
                                                params={"sheet": raw.name, "extent": extent, "cells": f"{cells:,}"}))
            continue
        if raw.grid is None:
            result.findings.append(make_finding("file.corrupt", file=file, sheet=raw.name,
                                                params={"detail": f"工作表“{raw.name}”：{raw.error}"}))
            continue
        try:
            table, findings = read_grid(raw.grid, raw.merged, raw.name, file)
        except Exception as exc:  # an unforeseen layout must not lose the other sheets
            result.findings.append(make_finding("file.corrupt", file=file, sheet=raw.name,
                                                params={"detail": f"工作表“{raw.name}”：{_short(exc)}"}))
            continue
        result.findings.extend(findings)
        if table is not None:
            _midnights_as_times(str(path), table)
            result.tables.append(table)
            if on_table:
                on_table(table)
    if skipped:
        result.notices.append(tool_sheets_notice(file, skipped))
    if not result.tables and not any(f.code in ("file.corrupt", "sheet.too_large") for f in result.findings):
        raise LedgerFileError("file.no_ledger", str(path))
    return result


def tool_sheets_notice(file: str, names: list[str]) -> Finding:
    return make_finding("sheet.own_output", file=file, params={"sheets": "、".join(names)})
