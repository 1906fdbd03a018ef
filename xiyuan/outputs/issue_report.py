"""The 问题清单 workbook: one row per finding, each linked to its cell in the source file.

Written with XlsxWriter in constant-memory mode; every value goes in as a string or number
with the formula, number and URL conversions off, so a cell that reads "=HYPERLINK(...)" in a
ledger stays text here.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import xlsxwriter

from xiyuan.outputs.atomic import atomic_path
from xiyuan.checks.codes import title_of
from xiyuan.checks.findings import Finding
from xiyuan.intake.provenance import mark_workbook
from xiyuan.outputs.sheet_layout import fitted_height
from xiyuan.checks.codes import SEVERITY_LABEL

COLUMNS = (
    ("序号", 6), ("文件", 28), ("工作表", 14), ("单元格", 9), ("行", 7), ("列", 5),
    ("字段", 16), ("原值", 24), ("级别", 7), ("问题类别", 22), ("说明（请按此修改）", 90), ("代码（供维护人员）", 30),
)
# Excel refuses more hyperlinks than this in one sheet; later rows keep the address as text.
MAX_LINKS = 65000
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "constant_memory": True,
}


def print_setup(sheet) -> None:
    """A4 landscape, all columns on one page width, the header row on every page."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _link(report_dir: Path, finding: Finding, source_path: str | None) -> str | None:
    if not finding.cell or not source_path:
        return None
    target = os.path.relpath(os.path.abspath(source_path), report_dir)
    sheet = finding.sheet.replace("'", "''")
    return f"external:{target}#'{sheet}'!{finding.cell}"


def write_issue_report(target: str | os.PathLike, findings: list[Finding],
                       sources: dict[str, str] | None = None, files: list[dict] | None = None,
                       show_personal: bool = False) -> Path:
    """Write the report; `sources` maps a finding's file name to its path for the links. A report
    circulates: ID numbers and phones in it are masked unless `show_personal` (internal use)."""
    target = Path(target)
    if not show_personal:
        findings = [f.masked() for f in findings]
    sources = sources or {}
    report_dir = target.resolve().parent
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        book.set_properties({"title": "台账问题清单"})
        mark_workbook(book, "问题清单")
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        top = book.add_format({"valign": "top"})
        error = book.add_format({"font_color": "#C00000", "bold": True, "valign": "top"})
        warning = book.add_format({"font_color": "#9C5700", "valign": "top"})
        link = book.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        _write_findings(book.add_worksheet("问题清单"), findings, sources, report_dir,
                        header, wrap, top, error, warning, link)
        _write_summary(book.add_worksheet("汇总"), findings, files or [], header, top)
        book.close()
    return target


def _write_findings(sheet, findings, sources, report_dir, header, wrap, top, error, warning, link) -> None:
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    sheet.freeze_panes(1, 0)
    print_setup(sheet)
    links = 0
    message_width = COLUMNS[10][1]
    for n, finding in enumerate(findings, 1):
        height = fitted_height([finding.message], [message_width])
        if height:
            sheet.set_row(n, height)
        sheet.write_number(n, 0, n, top)
        sheet.write_string(n, 1, finding.file, top)
        sheet.write_string(n, 2, finding.sheet, top)
        url = _link(report_dir, finding, sources.get(finding.file)) if links < MAX_LINKS else None
        if url:
            sheet.write_url(n, 3, url, link, string=finding.cell, tip="打开原台账中的这个单元格")
            links += 1
        else:
            sheet.write_string(n, 3, finding.cell, top)
        if finding.row:
            sheet.write_number(n, 4, finding.row, top)
        sheet.write_string(n, 5, finding.column, top)
        sheet.write_string(n, 6, finding.field, top)
        sheet.write_string(n, 7, str(finding.value), top)
        sheet.write_string(n, 8, SEVERITY_LABEL[finding.severity], error if finding.severity == "error" else warning)
        sheet.write_string(n, 9, title_of(finding.code), top)
        sheet.write_string(n, 10, finding.message, wrap)
        sheet.write_string(n, 11, finding.code, top)
    sheet.autofilter(0, 0, max(len(findings), 1), len(COLUMNS) - 1)


def _write_summary(sheet, findings, files, header, top) -> None:
    """Counts per file, sheet and code, so the office sees at a glance where the work is."""
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 32)
    sheet.set_column(3, 5, 10)
    row = 0
    if files:
        for col, title in enumerate(("文件", "能否读取", "工作表及记录数", "错误", "提醒")):
            sheet.write_string(row, col, title, header)
        for info in files:
            row += 1
            sheets = "；".join(f"{s['sheet']}（{s['records']}条）" for s in info["sheets"])
            sheet.write_string(row, 0, info["file"], top)
            sheet.write_string(row, 1, "是" if info["usable"] else "否", top)
            sheet.write_string(row, 2, sheets, top)
            sheet.write_number(row, 3, info["errors"], top)
            sheet.write_number(row, 4, info["warnings"], top)
        row += 2
    for col, title in enumerate(("文件", "工作表", "问题类别", "级别", "个数")):
        sheet.write_string(row, col, title, header)
    counts = Counter((f.file, f.sheet, f.code, f.severity) for f in findings)
    for (file, sheet_name, code, severity), number in sorted(counts.items()):
        row += 1
        sheet.write_string(row, 0, file, top)
        sheet.write_string(row, 1, sheet_name, top)
        sheet.write_string(row, 2, title_of(code), top)
        sheet.write_string(row, 3, SEVERITY_LABEL[severity], top)
        sheet.write_number(row, 4, number, top)
