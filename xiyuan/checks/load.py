"""Load ledger files: read, validate and cross-check them, one file at a time.

A file that cannot be used (missing, not a workbook, corrupt, password-protected, locked) is
one file-level finding and the others are still processed. Nothing here writes anywhere.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field

from xiyuan.checks import crosscheck
from xiyuan.checks.findings import Finding, make_finding
from xiyuan.intake.prefetch import ahead
from xiyuan.intake.provenance import is_tool_sheet
from xiyuan.intake.reader import (LedgerFileError, OwnOutput, parse_ahead, parse_workbook, read_grid, read_workbook,
                           tool_sheets_notice)
from xiyuan.checks.validate import CheckedTable, Options, check_table


@dataclass
class LoadedFile:
    path: str
    file: str
    usable: bool
    tables: list[CheckedTable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # file- and sheet-level
    notices: list[Finding] = field(default_factory=list)  # information only (sheets the tool wrote)

    def table(self, role_key: str) -> CheckedTable | None:
        for checked in self.tables:
            if checked.role.key == role_key:
                return checked
        return None

    def all_findings(self) -> list[Finding]:
        found = list(self.findings)
        for checked in self.tables:
            found.extend(checked.findings)
        return found

    def summary(self) -> dict:
        found = self.all_findings()
        return {
            "file": self.file,
            "path": self.path,
            "usable": self.usable,
            "sheets": [
                {"sheet": c.table.sheet, "role": c.role.key, "role_label": c.role.title,
                 "header_row": c.table.header_row, "records": len(c.table),
                 "headers": {key: c.table.headers[key] for key in c.table.columns}}
                for c in self.tables
            ],
            "errors": sum(f.severity == "error" for f in found),
            "warnings": sum(f.severity == "warning" for f in found),
        }


@dataclass
class LoadResult:
    files: list[LoadedFile] = field(default_factory=list)
    own_outputs: list[Finding] = field(default_factory=list)  # workbooks the tool wrote, not read

    @property
    def notices(self) -> list[Finding]:
        """Information lines: the tool's own outputs and result sheets that were skipped."""
        return [*self.own_outputs, *(n for f in self.files for n in f.notices)]

    @property
    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for loaded in self.files:
            found.extend(loaded.all_findings())
        return found

    @property
    def unusable(self) -> list[LoadedFile]:
        return [f for f in self.files if not f.usable]

    def tables(self, role_key: str) -> list[CheckedTable]:
        return [t for f in self.files for t in f.tables if t.role.key == role_key]


@contextlib.contextmanager
def no_cyclic_gc():
    """Pause the cyclic garbage collector while a sheet is read and checked.

    A 100,000-row sheet is millions of new lists, tuples and strings and no reference cycles;
    left on, the collector walks all of them again and again (about a third of the run).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Grid:
    """A sheet as values from A1 ("" for empty) plus its merged ranges
    (((first_row, first_col), (last_row, last_col)), 0-based), as calamine or Excel gives them."""

    values: list[list]
    merged: list = field(default_factory=list)


def load_grids(file: str, sheets: dict[str, Grid], options: Options | None = None) -> LoadedFile:
    """Check sheets handed over as values (the open workbook, read in bulk by the Excel
    buttons) exactly as a file on disk would be checked."""
    options = options or Options()
    with no_cyclic_gc():
        tables, findings, skipped = [], [], []
        for name, grid in sheets.items():
            if is_tool_sheet(name):
                skipped.append(name)
                continue
            table, found = read_grid(grid.values, grid.merged, name, file)
            findings.extend(found)
            if table is not None:
                tables.append(table)
        checked = [check_table(table, options) for table in tables]
        crosscheck.check_workbook(checked)
        for table in checked:
            table.findings.sort(key=reading_order)
        if not checked:
            findings.append(make_finding("file.no_ledger", file=file))
        notices = [tool_sheets_notice(file, skipped)] if skipped else []
        return LoadedFile(file, file, bool(checked), checked, findings, notices)


def load_file(path: str | os.PathLike, options: Options, stage=None, parsed=None) -> LoadedFile:
    """Read and check one file; `stage(name)` is told when checking starts. `parsed` is the
    file already parsed (reader.parse_workbook), or the LedgerFileError parsing raised."""
    with no_cyclic_gc():
        return _load_file(str(path), options, stage, parsed)


def _load_file(path: str, options: Options, stage, parsed) -> LoadedFile:
    file = os.path.basename(path)
    tables: list[CheckedTable] = []
    try:
        if isinstance(parsed, LedgerFileError):
            raise parsed
        if stage:
            stage("校验")
        read = read_workbook(path, parsed if parsed is not None else parse_ahead(path),
                             on_table=lambda table: tables.append(check_table(table, options)))
    except LedgerFileError as exc:
        return LoadedFile(path, file, False, findings=[exc.finding()])
    crosscheck.check_workbook(tables)
    for checked in tables:
        checked.findings.sort(key=reading_order)
    return LoadedFile(path, file, True, tables, list(read.findings), list(read.notices))


def reading_order(finding: Finding) -> tuple:
    """Row by row, left to right, as a clerk reads the sheet."""
    return finding.row or 0, len(finding.column), finding.column


def _parse(path) -> object:
    """A workbook parsed, or the LedgerFileError (or OwnOutput) that says why it is not read."""
    try:
        return parse_workbook(path)
    except (LedgerFileError, OwnOutput) as exc:
        return exc


def load_files(paths, options: Options | None = None, progress=None) -> LoadResult:
    """Load every file, the next one parsed in a thread while this one is checked;
    `progress(done, total, name)` is called as each is done."""
    options = options or Options()
    result = LoadResult()
    paths = [str(p) for p in paths]
    for done, (path, parsed) in enumerate(ahead(paths, _parse), 1):
        if isinstance(parsed, OwnOutput):
            result.own_outputs.append(parsed.notice())
        else:
            result.files.append(load_file(path, options, parsed=parsed))
        if progress:
            progress(done, len(paths), os.path.basename(path))
    crosscheck.people_across_workbooks(result.tables("employees"))
    for checked in result.tables("employees"):
        checked.findings.sort(key=reading_order)
    return result
