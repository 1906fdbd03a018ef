"""The daily refresh: every community's ledger in the inbox, turned into the day's reports.

Reads (never writes) each workbook, validates, applies the policy, keeps the day's snapshot in
SQLite, and writes reports/YYYY-MM-DD/: 汇总台账.xlsx, 问题清单 and 今日应检 per community,
每日台账情况报告 and 工作通报, and 运行日志.txt. Everything is written into a staging folder
first and swapped in at the end, so an interrupted run leaves the previous outputs intact.
A workbook that is open in Excel, corrupt, password-protected or not a ledger is one Chinese
line in the report and the log; the others are processed.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from xiyuan.intake import schema
from xiyuan.jobs.fingerprint import fingerprint, forget, reusable, save_record
from xiyuan.intake.inputs import lock_file, workbooks_in
from xiyuan.outputs import office_settings
from xiyuan.outputs.document_kinds import KINDS
from xiyuan.checks.load import LoadedFile, LoadResult, load_files, no_cyclic_gc
from xiyuan.pipeline import Run
from xiyuan.rules.policy import load_policy
from xiyuan.intake.provenance import marker_records
from xiyuan.intake.schema import ROLES
from xiyuan.text import cell_value
from xiyuan.checks.validate import Options

if TYPE_CHECKING:  # a rerun on unchanged inputs never loads the rules or the Word libraries
    from xiyuan.rules.assess import Assessment
    from xiyuan.rules.due_today import Today

HISTORY = "history.sqlite"
RUN_LOG = "运行日志.log"


@dataclass
class RefreshResult:
    as_of: dt.date
    folder: Path
    loaded: LoadResult
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, Chinese reason)
    changes: list[str] | None = None
    log: list[str] = field(default_factory=list)
    assessment: Assessment | None = None
    run: Run | None = None
    numbers: list = field(default_factory=list)  # (document, 发文字号) given today
    notes: list[str] = field(default_factory=list)  # Chinese remarks on what was written
    reused: bool = False  # nothing had changed: the day's outputs were kept as they were


def load_inbox(paths: list[Path], options: Options, progress=None) -> tuple[LoadResult, list[tuple[str, str]]]:
    """Load every workbook that is not open in Excel; one line for each that cannot be used."""
    skipped, readable = [], []
    for path in paths:
        lock = lock_file(path)
        if lock is not None:
            skipped.append((path.name, f"文件正被Excel或WPS打开（旁边有锁定文件{lock.name}），本次跳过。请关闭该文件后重新运行。"))
        else:
            readable.append(path)
    loaded = load_files(readable, options, progress)
    result = LoadResult(own_outputs=loaded.own_outputs)
    for file in loaded.files:
        if not file.usable:
            skipped.append((file.file, file.findings[0].message))
        elif not any(len(checked.table) for checked in file.tables):
            skipped.append((file.file, "是空白台账（如模板或按钮工作簿），没有任何记录，已跳过。"))
        else:
            result.files.append(file)
    return result, skipped


def refresh(inbox: str | Path, out_root: str | Path, as_of: dt.date, *, policy_file=None, settings_file=None,
            progress=None, reuse: bool = True) -> RefreshResult:
    """`reuse`: when the ledgers, policy, settings, templates and program are exactly those the
    day's outputs were made from, keep them and answer as that run did."""
    # Twenty workbooks make millions of objects that live until the end and form no cycles:
    # with the collector on, each later file pays for re-walking all the earlier ones.
    with no_cyclic_gc():
        return _refresh(Path(inbox), Path(out_root), as_of, policy_file, settings_file, progress, reuse)


def _stamp(paths: list[Path], as_of: dt.date, policy_file, settings_file) -> str:
    from xiyuan.rules.policy import DEFAULT_POLICY

    try:
        templates = office_settings.find_templates()
    except FileNotFoundError:
        templates = None
    return fingerprint(paths, [lock_file(p) is not None for p in paths], as_of, Path(policy_file or DEFAULT_POLICY),
                       Path(settings_file or office_settings.DEFAULT_SETTINGS), templates)


def _kept(out_root: Path, target: Path, as_of: dt.date, record: dict, started: float) -> RefreshResult:
    for stale in out_root.glob(f".{as_of.isoformat()}.partial-*"):  # left by an interrupted run
        shutil.rmtree(stale, ignore_errors=True)
    result = RefreshResult(as_of, target, LoadResult(), [tuple(s) for s in record["skipped"]], record["changes"],
                           numbers=[tuple(n) for n in record["numbers"]], reused=True)
    result.log = [f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} 刷新 {as_of}：台账、政策、发文设置和模板都和上次一样，"
                  f"沿用上次的结果（用时 {time.perf_counter() - started:.1f} 秒）。", *record["log"][1:]]
    with open(out_root / RUN_LOG, "a", encoding="utf-8") as log:
        log.write(result.log[0] + "\n\n")
    return result


def _refresh(inbox: Path, out_root: Path, as_of: dt.date, policy_file, settings_file, progress,
             reuse: bool = True) -> RefreshResult:
    started = time.perf_counter()
    if not inbox.is_dir():
        raise FileNotFoundError(str(inbox))
    policy = load_policy(policy_file)
    settings = office_settings.load_settings(settings_file)
    paths = workbooks_in(inbox)
    stamp = _stamp(paths, as_of, policy_file, settings_file)
    record = reusable(out_root, as_of, stamp) if reuse else None
    if record is not None:
        return _kept(out_root, out_root / as_of.isoformat(), as_of, record, started)
    loaded, skipped = load_inbox(paths, Options(today=as_of), progress)
    run = Run(loaded, as_of, policy)
    assessment, today = run.assessment, run.today
    from xiyuan.jobs.history import History

    history = History(out_root / HISTORY)
    snapshot = history.snapshot(assessment)
    changes = history.changes(as_of, snapshot)
    target = out_root / as_of.isoformat()
    result = RefreshResult(as_of, target, loaded, skipped, changes, assessment=assessment, run=run)
    for stale in out_root.glob(f".{as_of.isoformat()}.partial-*"):  # left by an interrupted run
        shutil.rmtree(stale, ignore_errors=True)
    staging = out_root / f".{as_of.isoformat()}.partial-{os.getpid()}"
    staging.mkdir(parents=True)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:  # SQLite works without the GIL
            recorded = pool.submit(history.record, as_of, assessment, len(loaded.files), snapshot)
            _write_outputs(staging, result, assessment, today, settings)
            recorded.result()
        result.log = _log_lines(result, today, time.perf_counter() - started)
        (staging / "运行日志.txt").write_text("\n".join(result.log) + "\n", encoding="utf-8")
        forget(out_root, as_of)  # the record goes before the outputs it describes are replaced
        _swap_in(staging, target)
        save_record(out_root, as_of, target, stamp, {"skipped": result.skipped, "changes": result.changes,
                                                     "numbers": result.numbers, "log": result.log})
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with open(out_root / RUN_LOG, "a", encoding="utf-8") as log:
        log.write("\n".join(result.log) + "\n\n")
    return result


def _swap_in(staging: Path, target: Path) -> None:
    """Replace yesterday's (or an earlier run's) folder by the new one in two renames."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _community_of(loaded: LoadedFile, assessment: Assessment) -> str:
    return next((ledger.community for ledger in assessment.ledgers if ledger.file == loaded.file), loaded.file)


def _write_outputs(folder: Path, result: RefreshResult, assessment: Assessment, today: Today, settings) -> None:
    # The merged ledger is the biggest file; its writer (Rust) mostly runs without the GIL,
    # so it is saved in a thread while the other outputs are written.
    with ThreadPoolExecutor(max_workers=1) as pool:
        merged = pool.submit(write_merged_ledger(folder / "汇总台账.xlsx", result.loaded, assessment).save)
        _write_the_rest(folder, result, assessment, today, settings)
        merged.result()


def _write_the_rest(folder: Path, result: RefreshResult, assessment: Assessment, today: Today, settings) -> None:
    from xiyuan.outputs import documents
    from xiyuan.outputs import result_workbooks as rw
    from xiyuan.outputs.issue_report import write_issue_report
    from xiyuan.rules.due_today import Today

    for loaded in result.loaded.files:
        community = documents.safe_name(_community_of(loaded, assessment))
        write_issue_report(folder / "问题清单" / f"{community}问题清单.xlsx", loaded.all_findings(),
                           {loaded.file: loaded.path}, [loaded.summary()])
        mine = Today(today.as_of, [i for i in today.items if i.community == _community_of(loaded, assessment)])
        rw.write_tables(folder / "今日应检" / f"{community}今日应检.xlsx", [rw.today_sheet(mine)])
    contexts = result.run.contexts(settings, register=folder.parent / HISTORY)  # numbers unique across days
    try:
        templates = documents.find_templates()
    except FileNotFoundError:
        result.skipped.append(("公文模板", "找不到 templates 文件夹，本次没有生成每日报告和工作通报。"))
        return
    errors = result.run.errors
    daily = contexts.daily(today, errors, result.changes)
    daily["attention"] = [f"{name}：{reason}" for name, reason in result.skipped] + daily["attention"]
    for kind, write in (("daily", lambda t: documents.write_single(t, daily, folder / "每日台账情况报告.docx")),
                        ("circular", lambda t: documents.write_circular(contexts, t, folder / "工作通报.docx", result.notes))):
        template = documents.template_path(templates, kind)
        try:  # an edited template must not cost the day's other outputs
            with documents.template_errors(template):
                write(template)
        except documents.TemplateProblem as exc:
            result.skipped.append((template.name, f"{exc}本次未生成这份文书。{exc.command_advice}"))
        except Exception as exc:  # unforeseen: its class for the maintainer, no English for the clerk
            result.skipped.append((template.name, f"公文模板“{template.name}”未能生成这份文书（错误代码："
                                                  f"{type(exc).__name__}），其余结果照常生成。"))
    result.numbers = [(KINDS[kind].label, settings.number(kind, year, n)) for kind, year, n, _ in contexts.numbering.taken]


def write_merged_ledger(target: Path, loaded: LoadResult, assessment: Assessment):
    """Every record of every community, one sheet per kind of ledger, each row with its source
    file and row, ready to save(). rustpy-xlsxwriter: XlsxWriter took 6 s for 100,000 rows."""
    from rustpy_xlsxwriter import FastExcel

    community = {ledger.file: ledger.community for ledger in assessment.ledgers}
    book = FastExcel(str(target)).format(bold_headers=True).freeze(row=1, col=0)
    # First sheet: what this is, and that it is for internal use (it holds personal numbers in full)
    book.sheet("说明", marker_records(f"汇总台账（{assessment.as_of}）", [
        "内部资料：本表汇总各社区台账的全部记录，含完整身份证号和手机号，仅供街道防控办内部核对使用，不得外传。",
        "本表每次刷新时重新生成，请勿在本表中修改台账；要改正请改各社区自己的台账。"]))
    added = False
    for role in ROLES:
        tables = loaded.tables(role.key)
        if not tables:
            continue
        labels = ["来源文件", "行号", "社区"] + [item.label for item in role.fields]
        records = []
        for checked in tables:
            file = checked.table.file
            size = len(checked.table)
            columns = [[file] * size, checked.table.rows, [community.get(file, "")] * size]
            columns += [_plain_column(item, checked.clean.get(item.key), size) for item in role.fields]
            records.extend(map(dict, map(functools.partial(zip, labels), zip(*columns))))
        book.sheet(role.sheet, records)
        added = True
    if not added:  # every file was skipped: say so rather than write nothing
        book.sheet("无记录", [{"说明": "本次没有读取到任何台账记录，原因见运行日志.txt。"}])
    target.parent.mkdir(parents=True, exist_ok=True)
    return book


def _plain_column(item, column, size: int) -> list:
    """A clean column as cell values; only kinds that need converting are touched per cell."""
    if column is None:
        return [""] * size
    if item.multi or item.kind in (schema.DATE, schema.DATETIME, schema.YESNO):
        return [cell_value(v) for v in column]
    return ["" if v is None else v for v in column]


def _log_lines(result: RefreshResult, today: Today, seconds: float) -> list[str]:
    a = result.assessment
    lines = [f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} 刷新 {result.as_of}：读取台账 {len(result.loaded.files)} 个，"
             f"跳过 {len(result.skipped)} 个，用时 {seconds:.1f} 秒。"]
    for loaded in result.loaded.files:
        summary = loaded.summary()
        lines.append(f"  ✓ {loaded.file}：错误 {summary['errors']} 处，提醒 {summary['warnings']} 处")
    for name, reason in result.skipped:
        lines.append(f"  ✗ {name}：{reason}")
    for notice in result.loaded.notices:
        lines.append(f"  · {notice.file}：{notice.message}")
    for note in result.notes:
        lines.append(f"  · {note}")
    lines.append(f"  企业 {len(a.enterprises)} 家，重点 {sum(e.key for e in a.enterprises)} 家，应上报 "
                 f"{sum(e.escalate for e in a.enterprises)} 家；来晋人员 {len(a.people)} 人；今日应检 "
                 f"{today.count('due_today')} 人次，逾期 {today.count('overdue')} 人次，阳性 {today.count('positive')} 人。")
    if result.changes is None:
        lines.append("  变化：首次运行，没有可比较的上次记录。")
    else:
        lines.extend(f"  变化：{line}" for line in (result.changes or ["与上次相比没有变化。"]))
    if result.numbers:
        lines.append("  文号：" + "，".join(f"{label} {number}" for label, number in result.numbers))
    lines.append(f"  结果：{result.folder}")
    return lines
