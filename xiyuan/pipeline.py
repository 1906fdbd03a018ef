"""One run of the pipeline: read → check → assess, the same for every face.

The commands, the Excel buttons, the daily refresh and the demo all build a `Run` - from
ledger paths, or from the grids (values plus merged ranges) of a workbook open in Excel - and
take what they show from it: findings, flags, schedules, today's items, document contexts.
Each result is computed once, when first asked for.

>>> import datetime as dt
>>> run = Run.from_grids("台账.xlsx", {"员工台账": Grid([["企业名称", "姓名", "身份证号"], ["甲公司", "张三", "123"]])},
...                      dt.date(2022, 11, 25))
>>> [f.code for f in run.findings]
['sheet.missing_column', 'id_number.length']
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path

from typing import TYPE_CHECKING

from xiyuan.checks.findings import Finding
from xiyuan.checks.load import Grid, LoadedFile, LoadResult, load_files, load_grids
from xiyuan.rules.policy import Policy, load_policy
from xiyuan.checks.validate import Options

if TYPE_CHECKING:  # the rules load only when a command assesses: validate never does
    from xiyuan.rules.assess import Assessment

__all__ = ["Grid", "Run"]


class Run:
    """Ledgers read and checked under one policy, as of one day."""

    def __init__(self, loaded: LoadResult, as_of: dt.date, policy: Policy | str | os.PathLike | None = None):
        self.loaded, self.as_of = loaded, as_of
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)

    # --- building ------------------------------------------------------------------------

    @classmethod
    def from_paths(cls, paths, as_of: dt.date, policy=None, progress=None) -> Run:
        """Ledger files (workbooks the tool wrote are skipped with a notice)."""
        policy = policy if isinstance(policy, Policy) else load_policy(policy)  # a bad policy fails before reading
        return cls(load_files([str(p) for p in paths], Options(today=as_of), progress), as_of, policy)

    @classmethod
    def from_grids(cls, file: str, sheets: dict[str, Grid], as_of: dt.date, policy=None,
                   neighbours: list[LoadedFile] = ()) -> Run:
        """A workbook open in Excel, as the buttons read it; `neighbours` are other ledgers
        already loaded (the circular sums up the whole subdistrict)."""
        policy = policy if isinstance(policy, Policy) else load_policy(policy)
        loaded = LoadResult([load_grids(file, sheets, Options(today=as_of)), *neighbours])
        return cls(loaded, as_of, policy)

    # --- what every face shows ----------------------------------------------------------

    @property
    def findings(self) -> list[Finding]:
        return self.loaded.findings

    @property
    def notices(self) -> list[Finding]:
        return self.loaded.notices

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def unusable(self) -> list[LoadedFile]:
        return self.loaded.unusable

    @functools.cached_property
    def assessment(self) -> Assessment:
        from xiyuan.checks.load import no_cyclic_gc
        from xiyuan.rules.assess import assess

        with no_cyclic_gc():  # tens of thousands of schedules and no reference cycles
            return assess(self.loaded, self.policy, self.as_of)

    def under(self, policy: Policy | str | os.PathLike) -> Assessment:
        """The same ledgers, the same day, assessed under another policy."""
        from xiyuan.rules.assess import assess

        return assess(self.loaded, policy if isinstance(policy, Policy) else load_policy(policy), self.as_of)

    def policy_changes(self, policy: Policy | str | os.PathLike):
        """What adopting `policy` would change, person by person (rules.policy_diff)."""
        from xiyuan.rules.policy_diff import compare

        return compare(self.assessment, self.under(policy))

    @property
    def enterprises(self):
        return self.assessment.enterprises

    @property
    def people(self):
        return self.assessment.people

    @property
    def today(self):
        return self.assessment.today

    def contexts(self, settings=None, show_personal: bool = False, register=None):
        """Document contexts of this run (settings: a Settings, a path, or None for the default;
        register: the SQLite file that keeps document numbers across runs, or None)."""
        from xiyuan.outputs import documents
        from xiyuan.outputs.numbering import NumberRegister

        if not isinstance(settings, documents.Settings):
            settings = documents.load_settings(settings)
        numbering = NumberRegister(register) if register else None
        return documents.Contexts(self.assessment, settings, self.as_of, show_personal, numbering)

    def sources(self) -> dict[str, str]:
        """File name -> path, for the links of the issue report."""
        return {f.file: f.path for f in self.loaded.files}

    def file_summaries(self) -> list[dict]:
        return [f.summary() for f in self.loaded.files]


def workbook_path(book_name: str, fullname: str = "") -> Path | None:
    """The saved file of a workbook open in Excel: its full name, or (the remote engine gives
    only the name) a file of that name in the working folder."""
    for candidate in (fullname, os.path.join(os.getcwd(), book_name)):
        if candidate and os.path.isabs(candidate) and os.path.isfile(candidate):
            return Path(candidate)
    return None
