"""The `xiyuan` command. Each subcommand is a thin layer over a library function.

Messages are Chinese and say what to do; no traceback reaches the clerk. Exit status:
0 all good, 1 the ledgers have errors, 2 an input could not be used at all (or bad usage).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from xiyuan import __version__
from xiyuan.checks.codes import ERROR, SEVERITY_LABEL
from xiyuan.faces.errors import internal_error_code, os_error_message

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
SHOW_FIRST = 20


class UsageError(Exception):
    """A mistake in how the command was called; the message is for the clerk."""


def parse_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，请写成 2022-11-25 这样的形式") from None
    if not dt.date(2000, 1, 1) <= day <= dt.date(2099, 12, 31):
        raise argparse.ArgumentTypeError(f"日期“{text}”不在2000年至2099年之间，请核对年份")
    return day


def whole_number(text: str) -> int:
    """An integer option, refused in Chinese (argparse's own words are English)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数，请写成 300 这样的数字") from None


def _inputs(args) -> list[str]:
    """The ledger paths of a command; an --out that would replace one of them is refused."""
    from xiyuan.intake.inputs import InputError, expand, refuse_overwriting_inputs

    try:
        paths = expand(args.files)
        if getattr(args, "out", None):
            refuse_overwriting_inputs(args.out, paths)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    return paths


def _run(args, label: str, quiet: bool = False):
    """The command's Run: the policy loaded first (a broken one stops here), then the ledgers."""
    from xiyuan.pipeline import Run
    from xiyuan.rules.policy import PolicyError, load_policy
    from xiyuan.faces.progress import Progress

    try:
        policy = load_policy(getattr(args, "policy", None))
    except PolicyError as exc:
        raise UsageError(str(exc)) from None
    paths = _inputs(args)
    progress = Progress(label, enabled=False if quiet else None)
    try:
        return Run.from_paths(paths, args.date, policy, progress)
    finally:
        progress.close()


def _print_notices(run) -> None:
    """One information line per workbook or sheet the tool wrote itself and did not read."""
    for notice in run.notices:
        where = f"{notice.file}" + (f"（{notice.sheet}）" if notice.sheet else "")
        print(f"说明：{where}：{notice.message}", file=sys.stderr)


# --- validate ---------------------------------------------------------------------------


def cmd_validate(args) -> int:
    run = _run(args, "校验台账", quiet=args.json)
    _print_notices(run)
    findings, files = run.findings, run.file_summaries()
    if not args.show_personal:  # what is printed or written may circulate
        findings = [f.masked() for f in findings]
    if args.out:
        from xiyuan.outputs.issue_report import write_issue_report  # XlsxWriter only when a report is written

        write_issue_report(args.out, findings, run.sources(), files, show_personal=True)
    if args.json:
        payload = {"files": files, "issues": [f.to_dict() for f in findings],
                   "summary": {"errors": run.errors, "warnings": run.warnings}}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print_validation_summary(run.loaded, findings, run.errors, run.warnings, args.out, args.show_personal)
    if run.unusable:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if run.errors else EXIT_OK


def header_mapping(checked) -> str:
    """Which header was taken for which field, where the header is not the field's own name:
    “所在社区”→社区、“身份证号码”→身份证号."""
    table, role = checked.table, checked.role
    pairs = []
    for key, text in table.headers.items():
        label = role.field(key).label
        shown = " ".join(str(text).split())
        if key != "seq" and shown != label:
            pairs.append(f"“{shown}”→{label}")
    return "、".join(pairs)


def print_validation_summary(result, findings, errors, warnings, out, show_personal: bool = False) -> None:
    for loaded in result.files:
        if not loaded.usable:
            print(f"✗ {loaded.file}：{loaded.findings[0].message}")
            continue
        mine = loaded.all_findings() if show_personal else [f.masked() for f in loaded.all_findings()]
        mine_errors = sum(f.severity == "error" for f in mine)
        print(f"■ {loaded.file}：错误 {mine_errors} 处，提醒 {len(mine) - mine_errors} 处")
        for checked in loaded.tables:
            table = checked.table
            sheet_findings = [f for f in mine if f.sheet == table.sheet]
            e = sum(f.severity == "error" for f in sheet_findings)
            print(f"    {table.sheet}（{checked.role.title}，表头在第{table.header_row}行）：记录 {len(table)} 条，"
                  f"错误 {e} 处，提醒 {len(sheet_findings) - e} 处")
            taken = header_mapping(checked)
            if taken:
                print(f"        表头按以下字段识别：{taken}")
            kinds = Counter(f.code for f in sheet_findings)
            for code, number in kinds.most_common(6):
                example = next(f.message for f in sheet_findings if f.code == code)
                print(f"        {number} 处：{example[:36]}{'……' if len(example) > 36 else ''}")
    if findings:
        print(f"\n前{min(SHOW_FIRST, len(findings))}条问题：")
        for finding in findings[:SHOW_FIRST]:
            level = SEVERITY_LABEL[finding.severity]
            where = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet
            print(f"  [{level}] {finding.file} {where}".rstrip() + f"：{finding.message}")
    print(f"\n合计：错误 {errors} 处，提醒 {warnings} 处。", end="")
    if out:
        print(f"问题清单已写入：{out}")
    elif findings:
        print("加 --out 问题清单.xlsx 可得到带单元格链接的完整清单。")
    else:
        print("台账没有发现问题。")


# --- policy commands: flag, schedule, events, today --------------------------------------


def _report_inputs(loaded, args) -> None:
    """One line on stderr about unusable files and ledger errors: results may be incomplete."""
    for f in loaded.unusable:
        print(f"注意：{f.file} 无法读取，已跳过：{f.findings[0].message}", file=sys.stderr)
    errors = sum(f.severity == "error" for f in loaded.findings if not f.code.startswith("file."))
    if errors and not args.json:
        print(f"注意：台账中有 {errors} 处错误，相关单元格按空白处理，结果可能不全。请用 xiyuan validate 查看并改正。",
              file=sys.stderr)


def _emit_json(payload: dict) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _run_policy_command(args, sheets, payload, summary) -> int:
    """The shape every policy command shares: assess, then workbook, JSON or a summary."""
    from xiyuan.outputs import result_workbooks

    run = _run(args, "读取台账", quiet=args.json)
    loaded, assessment = run.loaded, run.assessment
    _print_notices(run)
    _report_inputs(loaded, args)
    if args.out:
        result_workbooks.write_tables(args.out, sheets(assessment, args))
    if args.json:
        _emit_json({"as_of": assessment.as_of.isoformat(), "policy": assessment.policy.number,
                    **payload(assessment)})
    else:
        summary(assessment)
        if args.out:
            print(f"结果已写入：{args.out}")
    return EXIT_UNUSABLE if loaded.unusable else EXIT_OK


def cmd_flag(args) -> int:
    from xiyuan.outputs import result_workbooks as rw

    return _run_policy_command(
        args,
        lambda a, args: [rw.enterprise_sheet(a), rw.truck_sheet(a, args.show_personal), rw.inspection_sheet(a)],
        lambda a: {"enterprises": [e.to_dict() for e in a.enterprises], "trucks": [t.to_dict() for t in a.trucks],
                   "inspections": [i.to_dict() for i in a.inspections]},
        _print_flags,
    )


def cmd_policy_diff(args) -> int:
    from xiyuan.outputs import result_workbooks
    from xiyuan.rules import policy_diff
    from xiyuan.rules.policy import PolicyError, load_policy

    try:
        new_policy = load_policy(args.new)
    except PolicyError as exc:
        raise UsageError(str(exc)) from None
    run = _run(args, "读取台账", quiet=args.json)
    old, new = run.assessment, run.under(new_policy)
    changes = policy_diff.compare(old, new)
    _print_notices(run)
    _report_inputs(run.loaded, args)
    if args.out:
        result_workbooks.write_tables(args.out, policy_diff.sheets(changes, old, new))
    if args.json:
        _emit_json({"as_of": new.as_of.isoformat(), "policy": old.policy.number, "new_policy": new.policy.number,
                    "changes": [dict(zip(("kind", "community", "subject", "what", "before", "after"),
                                         (c.kind, c.community, c.subject, c.what, c.before, c.after)))
                                for c in changes]})
    else:
        print("\n".join(policy_diff.summary(changes, old, new)))
        if args.out:
            print(f"逐人逐企业的变化已写入：{args.out}")
        elif changes:
            print("加 --out 结果.xlsx 可得到逐人逐企业的变化清单。")
    return EXIT_UNUSABLE if run.loaded.unusable else EXIT_OK


def _print_flags(a) -> None:
    def count(test) -> int:
        return sum(1 for e in a.enterprises if test(e))

    key = [e for e in a.enterprises if e.key]
    print(f"企业 {len(a.enterprises)} 家（依据{a.policy.number}，截至{a.as_of}）：")
    print(f"  重点企业（{a.policy.large_enterprise_staff}人以上或人员进出频繁）{len(key)} 家，其中未设过渡缓冲区 "
          f"{sum(1 for e in key if any(f.code == 'buffer_zone_missing' for f in e.flags))} 家")
    for code, label in (("plan_missing", "缺疫情防控工作方案"), ("emergency_plan_missing", "缺应急预案"),
                        ("task_group_missing", "未设防疫专班"), ("officer_missing", "未配防疫专员"),
                        ("liaison_missing", "未落实挂钩联系干部")):
        print(f"  {label}：{count(lambda e, code=code: any(f.code == code for f in e.flags))} 家")
    print(f"  一（五）内部管理有缺项：{count(lambda e: any(f.code.startswith('internal.') for f in e.flags))} 家")
    print(f"  白名单企业：{count(lambda e: e.enterprise.white_list)} 家")
    escalate = [e for e in a.enterprises if e.escalate]
    print(f"  应上报市专项工作组（多次督促拒不落实）：{len(escalate)} 家")
    for e in escalate[:SHOW_FIRST]:
        print(f"    · {e.community} {e.name}：{next(f.message for f in e.flags if f.code == 'escalate')}")
    print(f"货车 {len(a.trucks)} 车次，报备有问题 {sum(1 for t in a.trucks if not t.ok)} 车次。")


def cmd_schedule(args) -> int:
    from xiyuan.outputs import result_workbooks as rw

    return _run_policy_command(
        args,
        lambda a, args: rw.people_sheets(a, args.show_personal),
        lambda a: {"people": [p.to_dict() for p in a.people]},
        _print_schedules,
    )


def _print_schedules(a) -> None:
    from xiyuan.rules.people import PERSON_STATUS_LABELS

    counts = Counter(p.status for p in a.people)
    print(f"来晋人员 {len(a.people)} 人（依据{a.policy.number}，截至{a.as_of}）：")
    for status, label in PERSON_STATUS_LABELS.items():
        if counts[status]:
            print(f"  {label}：{counts[status]} 人")
    for person in a.people[:SHOW_FIRST]:
        print(f"  · {person.person.name}（{person.community} {person.person.enterprise or ''}）"
              f"[{PERSON_STATUS_LABELS[person.status]}] {person.explanation}")
    if len(a.people) > SHOW_FIRST:
        print(f"  ……共 {len(a.people)} 人，加 --out 日程.xlsx 可得到完整的人员和检测日程。")


def cmd_events(args) -> int:
    from xiyuan.outputs import result_workbooks as rw

    return _run_policy_command(
        args,
        lambda a, args: [rw.event_sheet(a)],
        lambda a: {"events": [e.to_dict() for e in a.events]},
        _print_events,
    )


def _print_events(a) -> None:
    from xiyuan.rules.events import ROUTE_LABELS

    print(f"商务活动 {len(a.events)} 场（依据{a.policy.number}{a.policy.events.clause if a.policy.events else ''}，截至{a.as_of}）：")
    for event in a.events:
        e = event.event
        line = f"  · {e.event_date} {e.event_name}（{e.enterprise}，{e.size}人，{e.participant_origin}）："
        line += ROUTE_LABELS.get(event.approval, "无法判断")
        if event.deadline and event.approval != "none":
            line += f"，申报期限{event.deadline}"
        marks = "；".join(f.message for f in event.flags)
        print(line + (f"。{marks}" if marks else ""))


def cmd_today(args) -> int:
    from xiyuan.outputs import result_workbooks as rw

    def payload(a) -> dict:
        today = a.today
        grouped = [{"community": community, "enterprises": [
            {"enterprise": enterprise, "items": [i.to_dict() for i in items]}
            for enterprise, items in enterprises.items()]}
            for community, enterprises in today.by_community().items()]
        return {**today.to_dict(), "communities": grouped}

    return _run_policy_command(args, lambda a, args: [rw.today_sheet(a.today)], payload, _print_today)


TODAY_SHOWN = 40  # items listed on the console; the workbook (--out) has them all


def _print_today(a) -> None:
    """Counts per community, then the first items by community and enterprise: a long list
    belongs in the workbook, not on the screen (10,000 travellers printed half a megabyte)."""
    from xiyuan.rules.due_today import KINDS

    today = a.today
    print(f"{a.as_of} 今日事项（依据{a.policy.number}）：" + "，".join(f"{label} {today.count(kind)}" for kind, label in KINDS.items()))
    shown = 0
    for community, enterprises in today.by_community().items():
        counts = Counter(item.kind for items in enterprises.values() for item in items)
        print(f"■ {community}：" + "，".join(f"{label} {counts[kind]}" for kind, label in KINDS.items() if counts[kind]))
        for enterprise, items in enterprises.items():
            if shown >= TODAY_SHOWN:
                break
            print(f"  {enterprise or '（未填企业）'}")
            for item in items[:TODAY_SHOWN - shown]:
                print(f"    [{KINDS[item.kind]}] {item.subject}：{item.detail}")
            shown += min(len(items), TODAY_SHOWN - shown)
    total = len(today.items)
    if total > shown:
        print(f"  ……共 {total} 项，屏幕上只列出前 {shown} 项；加 --out 今日应检.xlsx 可得到完整清单。")


# --- documents ------------------------------------------------------------------------------


def _document_inputs(args):
    """Assessment, settings, contexts and the templates folder for a document command."""
    from xiyuan.outputs import documents

    try:
        settings = documents.load_settings(args.settings)
    except documents.SettingsError as exc:
        raise UsageError(str(exc)) from None
    try:
        templates = documents.find_templates(args.templates)
    except FileNotFoundError:
        where = f"“{args.templates}”" if args.templates else "templates/"
        raise UsageError(f"找不到公文模板文件夹{where}。请在项目文件夹中运行，或用 --templates 指定模板所在的文件夹。") from None
    run = _run(args, "读取台账")
    _print_notices(run)
    _report_inputs(run.loaded, args)
    return run.loaded, run.assessment, run.contexts(settings, args.show_personal, args.register), templates


def _pdf(files, folder) -> None:
    from xiyuan.outputs import documents

    if not files:
        return
    if documents.soffice() is None:
        print("注意：本机没有安装 LibreOffice，未生成 PDF（.docx 已生成，可用 Word 或 WPS 打开后另存为 PDF）。",
              file=sys.stderr)
        return
    try:
        documents.to_pdf(files, folder)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"注意：LibreOffice 转换 PDF 失败（{type(exc).__name__}），.docx 已生成。", file=sys.stderr)
        return
    print(f"PDF 已生成：{folder}")


@contextlib.contextmanager
def _template_errors(template: Path):
    """An edited template that cannot render is the office's to fix: say which and how."""
    from xiyuan.outputs.documents import TemplateProblem, template_errors

    try:
        with template_errors(template):
            yield
    except TemplateProblem as exc:
        raise UsageError(str(exc) + exc.command_advice) from None


def cmd_notices(args) -> int:
    from xiyuan.outputs import documents

    import tempfile

    loaded, _, contexts, templates = _document_inputs(args)
    plan = documents.notice_plan(args.kind, contexts)
    folder = Path(args.out)
    template = documents.template_path(templates, args.kind)
    label = documents.KINDS[args.kind].label
    if args.merge_only:  # one file to print: the single documents are made aside and not kept
        with tempfile.TemporaryDirectory() as aside, _template_errors(template):
            singles = documents.write_notices(plan, template, Path(aside))
            if not singles:
                print("（按台账和政策，目前没有需要发这类文书的对象。）")
                return EXIT_UNUSABLE if loaded.unusable else EXIT_OK
            merged = _merge(documents, singles, folder / f"{label}（合并打印）_{args.date.isoformat()}.docx")
        print(f"已生成{label} {len(singles)} 份，合并为一个打印文件：{merged}")
        if args.pdf:
            _pdf([merged], folder)
        return EXIT_UNUSABLE if loaded.unusable else EXIT_OK
    with _template_errors(template):
        written = documents.write_notices(plan, template, folder)
    print(f"已生成{label} {len(written)} 份：{folder}")
    if plan.items:
        print(f"文号：{plan.items[0][1]['number']}" + (f" 至 {plan.items[-1][1]['number']}" if len(plan.items) > 1 else ""))
    if not written:
        print("（按台账和政策，目前没有需要发这类文书的对象。）")
    if args.merge and written:
        merged = _merge(documents, written, folder / f"{label}（合并打印）_{args.date.isoformat()}.docx")
        print(f"合并打印文件：{merged}")
        written = [*written, merged]
    if args.pdf:
        _pdf(written, folder)
    return EXIT_UNUSABLE if loaded.unusable else EXIT_OK


def _merge(documents, files: list[Path], target: Path) -> Path:
    from xiyuan.faces.progress import Progress

    progress = Progress("合并打印")
    try:
        return documents.merge(files, target, progress)
    finally:
        progress.close()


def _one_document(args, kind: str, write) -> int:
    """circular and report: one document of the kind, `write(contexts, template, target, run parts)`."""
    from xiyuan.outputs import documents

    loaded, assessment, contexts, templates = _document_inputs(args)
    target = Path(args.out)
    template = documents.template_path(templates, kind)
    with _template_errors(template):
        write(contexts, template, target, loaded, assessment)
    print(f"{documents.KINDS[kind].label}已生成：{target}")
    if args.pdf:
        _pdf([target], target.parent)
    return EXIT_UNUSABLE if loaded.unusable else EXIT_OK


def cmd_circular(args) -> int:
    from xiyuan.outputs import documents

    notes: list[str] = []
    code = _one_document(args, "circular", lambda contexts, template, target, loaded, assessment:
                         documents.write_circular(contexts, template, target, notes))
    for note in notes:
        print(f"提醒：{note}")
    return code


def cmd_daily_report(args) -> int:
    from xiyuan.outputs import documents

    def write(contexts, template, target, loaded, assessment):
        errors = sum(f.severity == ERROR for f in loaded.findings)
        documents.write_single(template, contexts.daily(assessment.today, errors), target)

    return _one_document(args, "daily", write)


def cmd_check_template(args) -> int:
    from xiyuan.outputs import documents
    from xiyuan.outputs.docx_render import check_template
    from xiyuan.outputs.document_kinds import KINDS, kind_of_template

    path = Path(args.file)
    if not path.exists():
        raise UsageError(f"找不到模板文件“{path}”。")
    kind = args.kind or kind_of_template(path.name)
    if kind is None:
        raise UsageError(f"无法从文件名判断“{path.name}”是哪类文书，请用 --kind 指定（{'、'.join(KINDS)}）。")
    context = documents.sample_context(kind)
    try:
        problems = check_template(path, context)
    except Exception as exc:  # not a .docx at all
        raise UsageError(f"“{path.name}”不是可用的Word文件（{type(exc).__name__}）。") from None
    if not problems:
        print(f"模板“{path.name}”检查通过：标签完整，用到的数据都有。")
        return EXIT_OK
    print(f"模板“{path.name}”有 {len(problems)} 处问题：")
    for problem in problems:
        print(f"  · {problem}")
    return EXIT_ERRORS


def cmd_build_workbook(args) -> int:
    from xiyuan.outputs.button_workbook import build_button_workbook

    target = Path(args.out)  # its suffix was checked with every --out (_check_out)
    build_button_workbook(target)
    print(f"按钮工作簿已生成：{target}（把 xiyuan_tools.py 放在它旁边）")
    return EXIT_OK


def cmd_build_addin(args) -> int:
    from xiyuan.outputs.addin import build_addin

    target = Path(args.out)
    build_addin(target)
    print(f"Excel加载项已生成：{target}（在 Excel 中：文件→选项→加载项→转到→浏览，选中它）")
    return EXIT_OK


def cmd_numbers(args) -> int:
    from xiyuan.outputs.document_kinds import KINDS
    from xiyuan.outputs.numbering import NumberRegister, NumberTaken

    register = NumberRegister(args.register)
    year = args.year or dt.date.today().year
    if args.set:
        kind, number = args.set
        if kind not in KINDS:
            raise UsageError(f"文书种类“{kind}”不存在，可用：{'、'.join(KINDS)}。")
        if not number.isdigit() or int(number) < 1:
            raise UsageError(f"下一个文号应为正整数（收到的是“{number}”）。")
        try:
            register.set_next(kind, year, int(number))
        except NumberTaken as exc:
            raise UsageError(str(exc)) from None
        print(f"已设定：{year}年{KINDS[kind].label}下一个文号从 {number} 起。")
    given = register.given(year)
    print(f"{year}年已发文号 {len(given)} 个（{register.path}）：")
    for kind, _, n, subject, day in given[-50:]:
        print(f"  {KINDS[kind].label if kind in KINDS else kind} {n}号  {day}  {subject}")
    return EXIT_OK


def cmd_build_installer(args) -> int:
    from xiyuan.outputs.installer import InstallerError, build_installer

    print(f"正在下载 Windows 64位、Python {'、'.join(args.python)} 所需的全部软件包……")
    try:
        folder = build_installer(args.out, tuple(args.python))
    except InstallerError as exc:
        raise UsageError(str(exc)) from None
    wheels = len(list((folder / "wheels").glob("*.whl")))
    print(f"安装包已生成：{folder}（{wheels} 个软件包）。拷到办公电脑上，双击“安装.bat”即可。")
    return EXIT_OK


def cmd_build_templates(args) -> int:
    from xiyuan.outputs.templates_build import build_templates

    folder = Path(args.out)
    existing = [p for p in folder.glob("*.docx")] if folder.exists() else []
    if existing and not args.force:
        raise UsageError(f"“{folder}”里已有模板，重新生成会覆盖办公室修改过的模板。确需覆盖请加 --force。")
    for path in build_templates(folder):
        print(f"已生成模板：{path}")
    return EXIT_OK


# --- refresh and daily ------------------------------------------------------------------------


def cmd_refresh(args) -> int:
    from xiyuan.faces.progress import Progress
    from xiyuan.jobs.refresh import refresh

    inbox = Path(args.inbox)
    if not inbox.is_dir():
        raise UsageError(f"台账文件夹“{inbox}”不存在。请用 --inbox 指定放社区台账的文件夹。")
    if args.every_day:
        return _refresh_every_day(args)
    progress = Progress("刷新台账")
    try:
        result = refresh(inbox, Path(args.out), args.date, policy_file=args.policy, settings_file=args.settings,
                         progress=progress)
    finally:
        progress.close()
    print("\n".join(result.log))
    return EXIT_UNUSABLE if result.skipped else EXIT_OK


def _refresh_every_day(args) -> int:
    """refresh --every-day HH:MM: keep running, one refresh a day at that time."""
    from xiyuan.jobs.every_morning import run_daily, valid_time

    at, args.every_day = args.every_day, None
    if not valid_time(at):
        raise UsageError(f"时间“{at}”格式不对，请写成 07:30 这样的24小时制。")

    def job() -> None:
        args.date = dt.date.today()
        cmd_refresh(args)

    def log(line: str) -> None:
        print(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {line}", flush=True)

    run_daily(at, job, log)
    return EXIT_OK


# --- new-ledger -------------------------------------------------------------------------


def cmd_new_ledger(args) -> int:
    from xiyuan.outputs.blank_ledger import write_blank_ledger

    target = Path(args.path)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"新台账请用 .xlsx 作扩展名（收到的是“{target.name}”）。")
    if target.exists() and not args.force:
        raise UsageError(f"“{target}”已经存在，为免覆盖已有台账没有写入。确需覆盖请加 --force。")
    write_blank_ledger(target)
    print(f"空白台账已写入：{target}")
    return EXIT_OK


# --- demo -------------------------------------------------------------------------------


def cmd_demo(args) -> int:
    from xiyuan.outputs import result_workbooks as rw
    from xiyuan.demo import DEMO_DATE, build_demo
    from xiyuan.faces.progress import Progress
    from xiyuan.jobs.refresh import refresh
    from xiyuan.rules.due_today import KINDS

    from xiyuan.demo import DemoSizeError, check_sizes
    from xiyuan.rules.policy import PolicyError, load_policy

    try:
        policy = load_policy(args.policy)
        check_sizes(args.communities, args.enterprises, args.employees)
    except (PolicyError, DemoSizeError) as exc:
        raise UsageError(str(exc)) from None
    root = Path(args.out)
    inbox = root / "workbooks"
    print(f"正在生成演示台账（{args.communities}个社区，约{args.employees}名员工）……")
    manifest = build_demo(inbox, seed=args.seed, communities=args.communities,
                          enterprises=args.enterprises, employees=args.employees, policy=policy)
    day = DEMO_DATE
    progress = Progress("刷新台账")
    try:
        result = refresh(inbox, root / "reports", day, policy_file=args.policy, progress=progress, reuse=False)
    finally:
        progress.close()
    a, out = result.assessment, result.folder
    today = a.today
    rw.write_tables(out / "重点企业.xlsx", [rw.enterprise_sheet(a), rw.truck_sheet(a), rw.inspection_sheet(a)])
    rw.write_tables(out / "检测日程.xlsx", rw.people_sheets(a))
    rw.write_tables(out / "商务活动.xlsx", [rw.event_sheet(a)])
    written = _demo_documents(result.run, out / "文书")
    findings = result.loaded.findings
    errors = sum(f.severity == "error" for f in findings)
    print(f"演示台账：{inbox}（{len(manifest.files)}个社区工作簿，演示日期{day}）")
    print(f"校验：错误 {errors} 处，提醒 {len(findings) - errors} 处（演示数据里故意放了这些问题）")
    print(f"企业 {len(a.enterprises)} 家，重点企业 {sum(e.key for e in a.enterprises)} 家，"
          f"应上报 {sum(e.escalate for e in a.enterprises)} 家；来晋人员 {len(a.people)} 人；"
          f"货车 {len(a.trucks)} 车次；商务活动 {len(a.events)} 场")
    print("今日：" + "，".join(f"{label} {today.count(kind)}" for kind, label in KINDS.items()))
    print(f"公文：{len(written)} 份告知书、告知单、审批表、整改通知书和上报报告；每日报告和工作通报由刷新生成")
    print(f"当天结果在：{out}（汇总台账、问题清单/、今日应检/、每日台账情况报告、工作通报、运行日志、重点企业、检测日程、"
          "商务活动、文书/）")
    return EXIT_OK


def _demo_documents(run, folder: Path) -> list[Path]:
    """Every kind of notice for the demo, from the project's templates."""
    from xiyuan.outputs import documents
    from xiyuan.outputs.document_kinds import NOTICE_KINDS

    try:
        templates = documents.find_templates()
    except FileNotFoundError:
        print("注意：找不到公文模板，演示跳过了生成公文。", file=sys.stderr)
        return []
    contexts = run.contexts()
    written: list[Path] = []
    for kind in NOTICE_KINDS:
        plan = documents.notice_plan(kind, contexts)
        written += documents.write_notices(plan, documents.template_path(templates, kind),
                                           folder / documents.KINDS[kind].label)
    return written


# --- wiring -----------------------------------------------------------------------------


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words (usage, options, help) in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"错误：{_translate(message)}\n")


_ARGPARSE_WORDS = (  # whole message templates first, then the words they share
    ("expected 2 arguments", "需要两个值"),
    ("expected at least one argument", "至少需要一个值"),
    ("not allowed with argument", "不能同时使用参数"),
    ("ignored explicit argument", "不需要值，却给了"),
    ("ambiguous option", "选项不明确"),
    ("could match", "可能是"),
    ("the following arguments are required", "缺少参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("choose from", "可选"),
    ("expected one argument", "需要一个值"),
    ("argument", "参数"),
)


def _translate(message: str) -> str:
    for english, chinese in _ARGPARSE_WORDS:
        message = message.replace(english, chinese)
    return message.replace(": ", "：")


def _policy_for_help(argv: list[str] | None):
    """The policy named by --policy on this command line (else the default), so that --help
    quotes the figures in force; a broken file is the command's to report, not the help's."""
    from xiyuan.rules.policy import PolicyError, load_policy

    argv = sys.argv[1:] if argv is None else argv
    named = next((a.split("=", 1)[1] for a in argv if a.startswith("--policy=")), None)
    if named is None and "--policy" in argv and argv.index("--policy") + 1 < len(argv):
        named = argv[argv.index("--policy") + 1]
    try:
        return load_policy(named)
    except (PolicyError, OSError):
        return load_policy()


def build_parser(policy=None) -> argparse.ArgumentParser:
    from xiyuan.outputs.document_kinds import KINDS, NOTICE_KINDS
    from xiyuan.rules.policy import load_policy
    from xiyuan.rules.policy_words import help_figures

    f = help_figures(policy or load_policy())
    default_number = load_policy().number
    parser = ChineseArgumentParser(
        prog="xiyuan",
        description=f"西园街道工业企业疫情防控台账工具（{f['number']}）：校验台账、标记重点企业、排检测日程、列今日事项。",
    )
    parser.add_argument("--version", action="version", version=f"xiyuan-tools {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)

    validate = sub.add_parser("validate", help="逐格校验台账，列出问题", description="逐格校验社区台账（.xlsx/.xlsm/.xls），列出每个问题所在的工作表、单元格和改法。")
    validate.add_argument("files", nargs="+", metavar="FILE", help="台账文件，或放台账的文件夹")
    validate.add_argument("--json", action="store_true", help="以JSON输出（只输出JSON）")
    validate.add_argument("--out", metavar="REPORT.xlsx", help="把问题清单写入这个Excel文件")
    validate.add_argument("--date", type=parse_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                          help="按哪一天校验（判断日期是否合理、补全没写年份的日期），默认今天")
    validate.add_argument("--show-personal", action="store_true",
                          help="问题清单、JSON和屏幕上显示完整身份证号和手机号（仅限内部使用，默认打码）")
    validate.set_defaults(handler=cmd_validate)

    for name, handler, summary, text, personal in (
        ("flag", cmd_flag, "标记重点企业、需整改和应上报的企业，核查货车报备",
         f"按政策文件标记重点企业（{f['large_staff']}人以上或人员进出频繁）、未设缓冲区、缺方案预案专班专员挂钩干部、一（五）缺项、白名单，以及多次督促仍不整改应上报的企业；并核查货车报备。",
         True),
        ("schedule", cmd_schedule, "为每名来晋人员排出检测和隔离日程",
         f"按政策文件为来晋人员登记中的每个人确定人员类别、事前核查（{f['pre_test']}核酸、{f['declare']}申报、商务报备）、隔离时段、每次检测的日期和地点、可进厂日期，以及截至某日的状态。",
         True),
        ("events", cmd_events, "商务活动的审批路径和申报期限",
         f"按政策文件{f['event_clause']}判断每场商务活动的审批路径（无需审批、街道审批并报市备案、报市审批）、申报期限（提前{f['event_days']}天）、是否逾期、是否缺方案预案。",
         False),
        ("today", cmd_today, "今日应检、逾期未检、今日可进厂、今日抵晋货车、本周到期的活动申报",
         "按社区和企业列出某一天的事项：今日应检、逾期未检、今日可进厂人员、今日抵晋货车、本周申报到期的商务活动（身份证号、手机号一律打码）。",
         False),
    ):
        command = sub.add_parser(name, help=summary, description=text)
        command.add_argument("files", nargs="+", metavar="FILE", help="台账文件，或放台账的文件夹")
        command.add_argument("--date", type=parse_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                             help="按哪一天计算状态，默认今天")
        command.add_argument("--policy", metavar="FILE.toml", help=f"使用另一份政策文件（默认{default_number}）")
        command.add_argument("--json", action="store_true", help="以JSON输出（只输出JSON）")
        command.add_argument("--out", metavar="RESULT.xlsx", help="把结果写入这个Excel文件")
        if personal:
            command.add_argument("--show-personal", action="store_true",
                                 help="结果表中显示完整身份证号和手机号（仅限内部使用，默认打码）")
        command.set_defaults(handler=handler, show_personal=False)

    diff = sub.add_parser("policy-diff", help="换用新政策文件前，看它会改变什么",
                          description="用现行政策和新政策文件分别计算同一批台账，逐人、逐企业、逐场活动列出变化："
                                      "检测增加或取消、隔离和健康监测时段、可进厂日期、状态、重点企业认定、整改要求、审批路径。")
    diff.add_argument("files", nargs="+", metavar="FILE", help="台账文件，或放台账的文件夹")
    diff.add_argument("--new", required=True, metavar="NEW.toml", help="新的政策文件")
    diff.add_argument("--policy", metavar="FILE.toml", help=f"现行政策文件（默认{default_number}）")
    diff.add_argument("--date", type=parse_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                      help="按哪一天计算，默认今天")
    diff.add_argument("--json", action="store_true", help="以JSON输出（只输出JSON）")
    diff.add_argument("--out", metavar="CHANGES.xlsx", help="把逐条变化写入这个Excel文件")
    diff.set_defaults(handler=cmd_policy_diff, show_personal=False)

    def document_options(command, out_help: str, personal: bool = True) -> None:
        command.add_argument("files", nargs="+", metavar="LEDGER", help="台账文件，或放台账的文件夹")
        command.add_argument("--out", required=True, metavar="OUT", help=out_help)
        command.add_argument("--date", type=parse_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                             help="文书日期（成文日期、计算状态的日期），默认今天")
        command.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转成 PDF（需已安装）")
        command.add_argument("--policy", metavar="FILE.toml", help=f"使用另一份政策文件（默认{default_number}）")
        command.add_argument("--settings", metavar="FILE.toml", help="使用另一份发文设置（发文机关、文号、署名、抄送）")
        command.add_argument("--templates", metavar="DIR", help="公文模板所在文件夹（默认 templates/）")
        command.add_argument("--register", metavar="FILE.sqlite",
                             help="文号登记库：跨次不重号、同一天重做保持原号（如每日刷新的 reports/history.sqlite）；不给则只在本次内连续编号")
        if personal:
            command.add_argument("--show-personal", action="store_true",
                                 help="文书中显示完整身份证号和手机号（仅限不外传的内部文书，默认打码）")
        command.set_defaults(json=False, show_personal=False)

    notices = sub.add_parser("notices", help="批量生成告知书、告知单、审批表、整改通知书、上报报告",
                             description="按台账和政策批量生成一类文书，每个对象一份 .docx，文件名为企业名称或姓名加日期。")
    notices.add_argument("--kind", required=True, choices=NOTICE_KINDS,
                         help="；".join(f"{key} {KINDS[key].label}" for key in NOTICE_KINDS))
    document_options(notices, "输出文件夹")
    notices.add_argument("--merge", action="store_true", help="另外生成一份合并了全部文书的 .docx，便于一次打印")
    notices.add_argument("--merge-only", action="store_true",
                         help="只生成合并打印的一个 .docx（每份文书各占一节、从单页起、页码从1起），不留单份文件")
    notices.set_defaults(handler=cmd_notices)

    circular = sub.add_parser("circular", help="生成专项工作组工作通报（含图表和排名）",
                              description="汇总各社区工业企业疫情防控工作情况，生成工作通报（按GB/T 9704-2012排版，含排名表和图表）。")
    document_options(circular, "输出文件（.docx）")
    circular.set_defaults(handler=cmd_circular)

    daily = sub.add_parser("report", help="生成每日台账情况报告",
                           description="生成当日的每日台账情况报告：今日应检、逾期、可进厂、货车、活动申报和台账错误数。")
    document_options(daily, "输出文件（.docx）")
    daily.set_defaults(handler=cmd_daily_report)

    refresh = sub.add_parser("refresh", help="刷新：读取全部社区台账，生成当天的汇总、问题清单、今日应检、日报和通报",
                             description="读取台账文件夹中的每个社区台账（只读不写），校验、标记、排日程，把当天的汇总台账、"
                                         "各社区问题清单和今日应检、每日台账情况报告、工作通报和运行日志写入 reports/日期/，"
                                         "并与上次运行比较变化。打不开的文件单独说明，其余照常处理。"
                                         "加 --every-day 07:30 则一直运行，每天这个时间刷新一次（Ctrl+C 停止）。")
    refresh.add_argument("--inbox", default="workbooks", metavar="DIR", help="放各社区台账的文件夹，默认 workbooks")
    refresh.add_argument("--out", default="reports", metavar="DIR", help="输出文件夹，默认 reports（按日期建子文件夹）")
    refresh.add_argument("--policy", metavar="FILE.toml", help=f"使用另一份政策文件（默认{default_number}）")
    refresh.add_argument("--settings", metavar="FILE.toml", help="使用另一份发文设置")
    refresh.add_argument("--date", type=parse_date, default=dt.date.today(), metavar="YYYY-MM-DD", help="按哪一天刷新，默认今天")
    refresh.add_argument("--every-day", metavar="HH:MM",
                         help="一直运行，每天在这个时间刷新一次（如 07:30）；某次失败记入日志，第二天照常运行")
    refresh.set_defaults(handler=cmd_refresh)

    check = sub.add_parser("check-template", help="检查办公室修改过的公文模板",
                           description="检查Word模板中的标签是否完整、用到的数据这类文书是否提供，问题指出所在段落。")
    check.add_argument("file", metavar="FILE", help="模板文件（.docx）")
    check.add_argument("--kind", choices=tuple(KINDS),
                       help="文书种类（文件名为标准模板名时可省略）")
    check.set_defaults(handler=cmd_check_template)

    workbook = sub.add_parser("build-workbook", help="重新生成带按钮的Excel工作簿（.xlsm）",
                              description="用 macros/ 中的VBA源码和台账模板，重新生成 workbooks/xiyuan_tools.xlsm（操作面板、按钮、台账工作表、xlwings.conf）。")
    workbook.add_argument("--out", default="workbooks/xiyuan_tools.xlsm", metavar="FILE.xlsm", help="输出文件，默认 workbooks/xiyuan_tools.xlsm")
    workbook.set_defaults(handler=cmd_build_workbook)

    addin = sub.add_parser("build-addin", help="重新生成Excel加载项（.xlam，功能区“西园防疫”选项卡）",
                           description="用 macros/ 中的VBA源码和功能区定义（customUI14.xml），重新生成 workbooks/西园防疫.xlam："
                                       "功能区上的按钮作用于当前打开的任一台账。")
    addin.add_argument("--out", default="workbooks/西园防疫.xlam", metavar="FILE.xlam", help="输出文件，默认 workbooks/西园防疫.xlam")
    addin.set_defaults(handler=cmd_build_addin)

    numbers = sub.add_parser("numbers", help="查看文号登记，或设定下一个文号",
                             description="列出文号登记库中某年已发的文号；加 --set 种类 号码 设定该种文书下一个文号（如手工发过文之后）。")
    numbers.add_argument("--register", default="reports/history.sqlite", metavar="FILE.sqlite",
                         help="文号登记库，默认 reports/history.sqlite（与每日刷新共用）")
    numbers.add_argument("--year", type=whole_number, metavar="YYYY", help="年份，默认今年")
    numbers.add_argument("--set", nargs=2, metavar=("KIND", "N"), help="设定某种文书（enterprise、circular……）下一个文号")
    numbers.set_defaults(handler=cmd_numbers)

    installer = sub.add_parser("build-installer", help="生成不联网也能安装的安装包（Windows 64位）",
                               description="下载 Windows 64位各 Python 版本所需的全部软件包（含仅 Windows 才需要的），"
                                           "连同加载项、按钮工作簿、公文模板和“安装.bat”放进一个文件夹，拷到不能上网的办公电脑上安装。")
    installer.add_argument("--out", default="安装包", metavar="DIR", help="输出文件夹，默认 安装包")
    installer.add_argument("--python", nargs="+", default=["3.10", "3.11", "3.12", "3.13"], metavar="X.Y",
                           help="为哪些 Python 版本准备，默认 3.10 3.11 3.12 3.13")
    installer.set_defaults(handler=cmd_build_installer)

    build = sub.add_parser("build-templates", help="重新生成标准公文模板",
                           description="按GB/T 9704-2012重新生成全部公文模板（会覆盖同名文件，需加 --force）。")
    build.add_argument("--out", default="templates", metavar="DIR", help="模板文件夹，默认 templates")
    build.add_argument("--force", action="store_true", help="覆盖已有模板")
    build.set_defaults(handler=cmd_build_templates)

    new = sub.add_parser("new-ledger", help="生成一份空白台账模板", description="生成空白社区台账：表头冻结、身份证号和手机号列为文本格式、是/否等用下拉选择、附填表说明。")
    new.add_argument("path", metavar="PATH", help="新台账的文件名（.xlsx）")
    new.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    new.set_defaults(handler=cmd_new_ledger)

    demo = sub.add_parser("demo", help="生成演示台账并跑一遍全部步骤", description="生成一套演示用的西园街道社区台账（含故意放入的常见错误），然后校验并输出问题清单。")
    demo.add_argument("--out", default="xiyuan-demo", metavar="DIR", help="演示工作区文件夹，默认 xiyuan-demo")
    demo.add_argument("--seed", type=whole_number, default=20221115, help="随机种子，同一种子生成同样的数据")
    demo.add_argument("--communities", type=whole_number, default=10, help="社区数，默认10")
    demo.add_argument("--enterprises", type=whole_number, default=300, help="企业数，默认300")
    demo.add_argument("--employees", type=whole_number, default=50000, help="员工总数，默认50000")
    demo.add_argument("--policy", metavar="FILE.toml", help=f"按另一份政策文件生成和计算（默认{default_number}）")
    demo.set_defaults(handler=cmd_demo)
    return parser


def help_markdown(width: int = 100) -> str:
    """The --help of the command and every subcommand, as the README's CLI reference shows it."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        parser = build_parser()
        parts = [("xiyuan", parser.format_help())]
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for name, sub in subparsers.choices.items():
            parts.append((f"xiyuan {name}", sub.format_help()))
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return "\n".join(f"### `{title}`\n\n```text\n{text.rstrip()}\n```\n" for title, text in parts)


def _check_out(args) -> None:
    """An --out of the wrong kind is refused before any work: a folder where a file is written,
    a file where a folder is, or a suffix that does not fit what is written."""
    out = getattr(args, "out", None)
    if not out:
        return
    folders = (cmd_demo, cmd_notices, cmd_build_templates, cmd_refresh, cmd_build_installer)
    if args.handler in folders:
        if Path(out).exists() and not Path(out).is_dir():
            raise UsageError(f"--out 应是一个文件夹，“{out}”是已有的文件。")
        return
    if Path(out).is_dir():
        raise UsageError(f"--out 应是一个文件名（如 结果.xlsx），“{out}”是文件夹。")
    wanted = {cmd_circular: ".docx", cmd_daily_report: ".docx", cmd_build_workbook: ".xlsm",
              cmd_build_addin: ".xlam"}.get(args.handler, ".xlsx")
    if Path(out).suffix.lower() != wanted:
        raise UsageError(f"--out 应是 {wanted} 文件（收到的是“{Path(out).name}”），请改用以 {wanted} 结尾的文件名。")


class _Screen:
    """A console stream that drops control characters from what it is given: names and values
    from ledgers never move the cursor, retitle the terminal or change its colours."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from xiyuan.text import without_controls

        return self._stream.write(without_controls(text) if text.isprintable() is False else text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    if not isinstance(sys.stdout, _Screen):
        sys.stdout, sys.stderr = _Screen(sys.stdout), _Screen(sys.stderr)
    parser = build_parser(_policy_for_help(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        _check_out(args)
        return args.handler(args)
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: nothing more to say
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        print(f"错误：{os_error_message(exc)}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # the last line of defence: a clerk never sees a traceback
        print(f"程序内部错误，未能完成（{internal_error_code(exc)}）。请把这条信息和所用文件发给维护人员；"
              "设置环境变量 XIYUAN_DEBUG=1 再运行可看到详情。", file=sys.stderr)
        if os.environ.get("XIYUAN_DEBUG"):
            raise
        return EXIT_UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
