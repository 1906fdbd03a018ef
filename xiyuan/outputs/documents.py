"""The office's documents: contexts from the assessment, rendered from the Word templates.

Kinds: enterprise (企业疫情防控告知书), person (人员核酸检测及隔离告知单), event (商务活动审批（报备）表),
rectification (整改通知书), escalation (拒不落实疫情防控措施的报告), circular (工作通报),
daily (每日台账情况报告). Personal data is masked unless asked otherwise; office, numbers,
dates and signers come from the settings file (settings/office.toml).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from xiyuan.rules.assess import Assessment
from xiyuan.outputs.atomic import atomic_path
from xiyuan.text import chinese_punctuation
from xiyuan.checks.crosscheck import enterprise_key
from xiyuan.outputs.docx_render import BatchRenderer, environment, finish_docxtpl, one_document, render_one
from xiyuan.rules.catalogue import CITY, ENTERPRISE
from xiyuan.rules.events import route_statement
from xiyuan.rules.policy import ISOLATION_KINDS
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.checks.fields.phone import mask as mask_phone
from xiyuan.rules.inspections import has_problems
from xiyuan.rules.policy_words import words as policy_words
from xiyuan.rules.people import CHECK_STATUS_LABELS
from xiyuan.outputs.document_kinds import KINDS
from xiyuan.outputs.numbering import Numbering
from xiyuan.outputs.office_settings import (  # noqa: F401 - part of this module's interface
    DEFAULT_SETTINGS, PHONE_BLANK, Settings, SettingsError, find_templates, load_settings)
from xiyuan.rules.statements import Items, Statement, join_items, word
from xiyuan.rules.due_today import KINDS as TODAY_KINDS

PERSONAL_CHECKS = ("pre_test", "arrival_test", "declaration")  # the enterprise's 报备 is not the traveller's to do
ATTENTION = 20  # items of 需关注事项 in the daily report; the rest are counted, and listed per community
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def chinese_date(day: dt.date | None) -> str:
    """GB/T 9704: Arabic numerals, full year, no padding: 2022年11月5日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _said(text, audience: str) -> str:
    """A statement in the audience's words; plain text (ledger values) as it is."""
    return text.say(audience) if isinstance(text, Statement) else str(text)


def _iso(day) -> str:
    return chinese_date(day if not isinstance(day, dt.datetime) else day.date()) if day else ""


def _yes_no(value) -> str:
    return {True: "已制定", False: "未制定"}.get(value, "")


# --- contexts ------------------------------------------------------------------------------


class Contexts:
    """Builds the template context of every document of one run."""

    def __init__(self, assessment: Assessment, settings: Settings, as_of: dt.date, show_personal: bool = False,
                 numbering: Numbering | None = None):
        self.a, self.settings, self.as_of, self.full = assessment, settings, as_of, show_personal
        # document numbers: a register kept across runs, or counted within this run
        self.numbering = numbering or Numbering(int(settings.numbers["first"]))
        if numbering is not None:
            numbering.first = int(settings.numbers["first"])
        # every figure a document prints of the policy, worded once per run (policy_words)
        self._policy = policy_words(assessment.policy)

    def number_for(self, kind: str, subject: str = "") -> str:
        """The 发文字号 of the document of this kind about `subject` (one a day when "")."""
        n = self.numbering.take(kind, self.as_of.year, subject, self.as_of.isoformat())
        return self.settings.number(kind, self.as_of.year, n)

    def _common(self, kind: str, subject: str | None = None) -> dict:
        """What every document of the kind shows; its number is given once the document is
        known to be written (notice_plan), or here for the one-a-day kinds (subject "")."""
        number = self.number_for(kind, subject) if subject is not None else None
        office = self.settings.office
        return {
            "mark": office["mark"], "number": number, "signer": office["signer"], "date": chinese_date(self.as_of),
            "cc": office["cc"], "printer": office["printer"], "print_date": chinese_date(self.as_of),
            "addressee": office["report_to"], "as_of": chinese_date(self.as_of),
            "issuer": office.get("issuer") or None,  # 签发人 of upward documents; empty prints a blank
            "policy": dict(self._policy),
        }

    def _id(self, value) -> str:
        return (value or "") if self.full else mask_id(value or "")

    def _phone(self, value) -> str:
        return (value or "") if self.full else mask_phone(value or "")

    def _enterprise(self, result, audience: str = ENTERPRISE) -> dict:
        """The enterprise as a document speaks of it: "贵企业" to the firm, "该企业" in a report."""
        e = result.enterprise
        limit = {"limit": self.a.policy.large_enterprise_staff}
        if result.key:
            status = Statement("notice.key", {"reasons": Items(result.reasons)})
        elif result.employees is None and e.daily_visitors is None and e.frequent_traffic is None:
            status = Statement("notice.size_unknown", limit)
        else:
            status = Statement("notice.not_key", limit)
        status_text = status.say(audience)
        white_list = next((f for f in result.flags if f.code == "white_list"), None)
        if white_list is not None:
            status_text += white_list.say(audience)
        buffer = Statement("notice.buffer", limit).say(audience) if result.buffer_zone_required else ""
        todo = [{"message": self._cited(f).say(audience), "clause": f.clause} for f in result.flags if f.code != "white_list"]
        return {
            "name": e.enterprise, "community": result.community, "address": e.address, "uscc": e.uscc,
            "legal_rep": e.legal_rep, "employees": result.employees, "daily_visitors": e.daily_visitors,
            "liaison": e.liaison, "status_text": status_text, "buffer_text": buffer, "todo": todo,
        }

    def _cited(self, flag: Statement) -> Statement:
        """A flag with the clause it rests on, cited as a notice cites: 依据晋政西〔2022〕81号第一（五）①项."""
        return Statement("notice.with_clause", {"finding": Items([flag]), "policy": self.a.policy.number,
                                                "clause": flag.clause})

    def deadline(self) -> str:
        return chinese_date(self.as_of + dt.timedelta(days=int(self.settings.office.get("rectification_days", 7))))

    def enterprise(self, result) -> dict:
        return {**self._common("enterprise"), "enterprise": self._enterprise(result),
                "community": self.settings.community(result.community), "deadline": self.deadline()}

    def person(self, schedule) -> dict:
        p = schedule.person
        phases = [{"label": phase.label, "start": chinese_date(phase.start), "end": chinese_date(phase.end),
                   "place": phase.place} for phase in schedule.isolation]
        requirement = self._policy["requirements"].get(schedule.category.key, {}) if schedule.category else {}
        if schedule.may_enter:
            may_enter = Statement("notice.may_enter", {"day": schedule.may_enter}).say(ENTERPRISE)
        else:
            may_enter = schedule.may_enter_reason.say(ENTERPRISE).rstrip("。")  # the template ends the sentence
        return {
            **self._common("person"),
            "person": {
                "name": p.name, "id_number": self._id(p.id_number), "phone": self._phone(p.phone),
                "arrival": _iso(p.arrival), "origin_type": p.origin_type, "origin": p.origin, "enterprise": p.enterprise,
                "category_label": schedule.category.label if schedule.category else "", "clause": schedule.clause,
                "requirement": requirement.get("text", ""), "isolation": phases, "may_enter_text": may_enter,
                "isolating": any(period.kind in ISOLATION_KINDS for period in schedule.isolation),
                "tests": [{"date": chinese_date(t.date), "label": _test_words(t), "place": t.place}
                          for t in schedule.tests],
                "checks": [{"label": c.label.say(ENTERPRISE), "status_label": CHECK_STATUS_LABELS[c.status],
                            "detail": c.detail.say(ENTERPRISE)}
                           for c in schedule.checks if c.status != "ok" and c.code in PERSONAL_CHECKS],
            },
            "community": self.settings.community(schedule.community),
        }

    def event(self, result) -> dict:
        e = result.event
        return {
            **self._common("event"),
            "event": {
                "name": e.event_name, "organizer": e.enterprise, "date": _iso(e.event_date), "size": e.size,
                "origin": e.participant_origin,
                "approval_label": route_statement(result.approval).say(ENTERPRISE) if result.approval else "",
                "deadline": _iso(result.deadline), "declared": _iso(e.declared), "plan": _yes_no(e.plan),
                "emergency_plan": _yes_no(e.emergency_plan), "explanation": _said(result.explanation, ENTERPRISE),
                "notes": join_items(result.flags, ENTERPRISE) or "无",
            },
        }

    def _inspections_of(self, result) -> list:
        key = enterprise_key(result.enterprise.enterprise)
        return [i for i in self.a.inspections if enterprise_key(i.inspection.enterprise) == key]

    def rectification(self, result) -> dict:
        findings = [{"text": _inspection_found(i).say(ENTERPRISE)} for i in self._inspections_of(result) if i.open]
        findings += [{"text": self._cited(f).say(ENTERPRISE)}
                     for f in result.flags if f.code not in ("white_list", "escalate", "rectification_overdue")]
        return {**self._common("rectification"), "enterprise": self._enterprise(result),
                "community": self.settings.community(result.community), "findings": findings,
                "deadline": self.deadline()}

    def escalation(self, result) -> dict:
        inspections = [{"date": _iso(i.inspection.inspection_date), "problems": i.inspection.problems,
                        "deadline": _iso(i.inspection.deadline), "reminders": i.reminders,
                        "rectification": i.inspection.rectification or "未整改"}
                       for i in self._inspections_of(result) if i.escalate]
        # a long title breaks after the enterprise's name, never inside a word
        title = f"关于{result.name}\n拒不落实疫情防控措施的报告"
        common = self._common("escalation")
        common["cc"] = self.settings.office.get("report_cc") or None
        return {**common, "title": title, "enterprise": self._enterprise(result, CITY),
                "inspections": inspections}

    def circular(self) -> dict:
        rows = community_rows(self.a)
        totals = {key: sum(r[key] for r in rows) for key in rows[0] if isinstance(rows[0][key], int) and key != "rank"} \
            if rows else {}
        totals["communities"] = len(rows)
        escalations = [{"community": e.community, "name": e.name,
                        "reason": next(f for f in e.flags if f.code == "escalate").say(CITY)}
                       for e in self.a.enterprises if e.escalate]
        return {**self._common("circular", subject=""), "as_of": chinese_date(self.as_of), "totals": totals,
                "communities": [{**r, "rate": f"{r['rate']:.0%}"} for r in rows], "escalations": escalations,
                "roster": self.settings.task_force.get("roster", []),
                "duties": self.settings.task_force.get("duties", [])}

    def daily(self, today, errors: int, changes: list[str] | None = None) -> dict:
        order = {"positive": 0, "overdue": 1, "pending_entry": 2, "may_enter": 3}
        items = sorted((i for i in today.items if i.kind in order), key=lambda i: order[i.kind])
        attention = [Statement("notice.attention", {"kind": TODAY_KINDS[i.kind], "community": i.community,
                                                    "enterprise": i.enterprise, "subject": i.subject,
                                                    "detail": i.detail}).say(CITY)
                     for i in items[:ATTENTION]]
        if len(items) > ATTENTION:
            attention.append(f"另有{len(items) - ATTENTION}项未列出，详见各社区“今日应检”表。")
        cleared = sum(1 for p in self.a.people if p.status == "cleared")
        common = self._common("daily", subject="")
        common["cc"] = self.settings.office.get("report_cc") or None  # the addressee is not copied again
        return {
            **common, "as_of_text": chinese_date(self.as_of),
            "figures": {"due_today": today.count("due_today"), "overdue": today.count("overdue"),
                        "positive": today.count("positive"), "may_enter": today.count("may_enter"), "pending": today.count("pending_entry"),
                        "cleared": cleared, "trucks": today.count("truck_arriving"),
                        "events": today.count("event_deadline"), "errors": errors},
            "changes": [_said(line, CITY) for line in changes or []], "no_change_text": "暂无上次报告可比较。" if changes is None else "与上次报告相比没有变化。",
            "attention": attention or ["今日无阳性、逾期未检和待进厂人员。"],
        }


def _test_words(test) -> str:
    """A test's name on the person notice, with its latest moment when it has one: 抵晋24小时内
    核酸检测（11月18日13时33分前）, 三天两检第2次（11月19日前）."""
    latest = test.due_by or (test.last_day if test.last_day != test.date else None)
    return f"{test.label}（{word(latest, ENTERPRISE, 'md')}前）" if latest else test.label


def _inspection_found(i) -> Statement:
    """What an inspection found, as a rectification notice lists it."""
    inspection = i.inspection
    state = inspection.rectification or "未整改"
    if inspection.deadline:
        return Statement("notice.inspection", {"day": inspection.inspection_date, "problems": inspection.problems,
                                               "deadline": inspection.deadline, "state": state})
    return Statement("notice.inspection_no_deadline", {"day": inspection.inspection_date,
                                                       "problems": inspection.problems, "state": state})


def community_rows(a: Assessment) -> list[dict]:
    """The circular's table: one row per community, ranked by how much of the work is done."""
    rows: dict[str, dict] = defaultdict(Counter)
    for e in a.enterprises:
        row = rows[e.community]
        row["enterprises"] += 1
        row["employees"] += e.employees or 0
        row["key"] += e.key
        row["buffer_required"] += e.buffer_zone_required
        row["buffer_set"] += bool(e.buffer_zone_required and e.enterprise.buffer_zone)
        row["plans"] += bool(e.enterprise.plan and e.enterprise.emergency_plan)
        row["liaison"] += bool(e.enterprise.liaison)
        row["escalated"] += e.escalate
        row["white_list"] += bool(e.enterprise.white_list)
        row["epidemic_free_done"] += e.enterprise.epidemic_free == "已创建"
        row["epidemic_free_doing"] += e.enterprise.epidemic_free == "创建中"
    for i in a.inspections:
        row = rows[i.community]
        row["inspections"] += 1
        found = has_problems(i.inspection.problems)
        row["problems"] += found
        row["rectified"] += found and not i.open
        row["overdue"] += i.overdue
    result = []
    for name, row in rows.items():
        parts = [row["buffer_set"] / row["buffer_required"] if row["buffer_required"] else 1.0,
                 row["plans"] / row["enterprises"] if row["enterprises"] else 1.0,
                 row["liaison"] / row["enterprises"] if row["enterprises"] else 1.0,
                 row["rectified"] / row["problems"] if row["problems"] else 1.0]
        keys = ("enterprises", "employees", "key", "buffer_required", "buffer_set", "plans", "liaison", "escalated",
                "white_list", "epidemic_free_done", "epidemic_free_doing", "inspections", "problems", "rectified",
                "overdue")
        result.append({"name": name, **{k: int(row[k]) for k in keys}, "rate": sum(parts) / len(parts)})
    result.sort(key=lambda r: (-r["rate"], r["name"]))
    for rank, row in enumerate(result, 1):
        row["rank"] = rank
    return result


# --- files ----------------------------------------------------------------------------------


_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$")


def safe_name(text: str, limit: int = 60) -> str:
    """A file name Windows accepts: no \\ / : * ? " < > | or control characters, no trailing dot
    or space, and not a device name (NUL, CON, COM1 …, with any extension), which Windows
    would silently write nowhere; never a leading "-", which a program would read as an option.

    >>> safe_name("NUL"), safe_name("con.txt"), safe_name("a/b. "), safe_name("..."), safe_name("--accept")
    ('_NUL', '_con.txt', 'a_b', '未命名', '_--accept')
    """
    name = _FORBIDDEN.sub("_", text).strip().rstrip(". ")[:limit].rstrip(". ")
    if _RESERVED.match(name) or name.startswith("-"):  # a device name, or an option to any program
        name = "_" + name
    return name or "未命名"


def unique_path(folder: Path, stem: str, suffix: str, taken: set[str]) -> Path:
    """A name not yet used in this run. A file left by an earlier run is replaced, so running
    twice gives the same files, not a second set."""
    candidate, n = f"{stem}{suffix}", 2
    while candidate.lower() in taken:
        candidate = f"{stem}（{n}）{suffix}"
        n += 1
    taken.add(candidate.lower())
    return folder / candidate


@dataclass
class Plan:
    """What one run of `notices` will write: (file stem, context) pairs for one kind."""

    kind: str
    items: list[tuple[str, dict]]


def notice_plan(kind: str, contexts: Contexts) -> Plan:
    """The documents of a per-object kind: one for each of its subjects that has something to say."""
    spec, day = KINDS[kind], contexts.as_of.isoformat()
    if not spec.per_object:
        raise ValueError(f"{kind} is one document per run, not one per subject")
    fill = getattr(contexts, spec.context)
    items = []
    for subject in spec.subjects(contexts.a):
        context = fill(subject)
        if spec.keep(context):
            stem = spec.stem(subject)
            context["number"] = contexts.number_for(kind, stem)  # only documents that are written get one
            items.append((f"{stem}_{day}", context))
    return Plan(kind, items)


class TemplateProblem(Exception):
    """A template that is missing (detail None) or cannot render. The message (Chinese) says
    what is wrong; each face adds what its user can do about it."""

    def __init__(self, template: Path, detail: str | None = None):
        self.template, self.detail = Path(template), detail
        if detail is None:
            super().__init__(f"找不到公文模板“{template}”。")
        else:
            super().__init__(f"公文模板“{self.template.name}”有错，无法生成（{detail}）。")

    @property
    def command_advice(self) -> str:
        """What to do, for someone at a command line (the commands and the refresh log)."""
        if self.detail is None:
            return "请把这个模板放进模板文件夹，或用 --templates 指定别的文件夹。"
        return f"请运行 xiyuan check-template “{self.template}” 查看出错的段落并改正。"


@contextlib.contextmanager
def template_errors(template: Path):
    """Turn whatever an edited template raises into one TemplateProblem naming the file."""
    from docx.opc.exceptions import PackageNotFoundError
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError
    from lxml.etree import XMLSyntaxError

    from xiyuan.outputs.docx_render import TemplateLimitError

    if not template.is_file():
        raise TemplateProblem(template)
    try:
        yield
    except (TemplateError, SecurityError, TemplateLimitError, zipfile.BadZipFile, KeyError, ValueError,
            PackageNotFoundError, XMLSyntaxError) as exc:
        raise TemplateProblem(template, _template_error_words(exc)) from None


def _template_error_words(exc: Exception) -> str:
    """What went wrong with a template, in Chinese: Jinja's and lxml's messages are English."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    from xiyuan.outputs.docx_render import TemplateLimitError, _syntax_message

    if isinstance(exc, TemplateSyntaxError):
        return f"约第{exc.lineno}段：{_syntax_message(exc)}"  # one paragraph a line once prepared
    if isinstance(exc, UndefinedError):
        return "用到了不存在的项目，请核对 {{ }} 里的名称"
    if isinstance(exc, (SecurityError, TemplateLimitError)):
        return str(exc) if not str(exc).isascii() else "模板中有不允许的写法"
    if isinstance(exc, (zipfile.BadZipFile, KeyError)):
        return "不是有效的Word文件（.docx）"
    return "文件内容无法读取"


def typeset(value):
    """A context's texts set for a Chinese document: ledger text such as "记录不全;未设" or
    "武汉市(途经广州)" gets full-width punctuation (text.chinese_punctuation)."""
    if isinstance(value, str):
        return chinese_punctuation(value)
    if isinstance(value, dict):
        return {key: typeset(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typeset(item) for item in value]
    return value


def write_notices(plan: Plan, template: Path, folder: Path) -> list[Path]:
    """Render every document of the plan from one compiled template; written atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    renderer = BatchRenderer(template, environment())
    taken: set[str] = set()
    written = []
    for stem, context in plan.items:
        target = unique_path(folder, safe_name(stem), ".docx", taken)
        with atomic_path(target) as tmp:
            renderer.render_to(typeset(context), tmp)
        written.append(target)
    return written


def write_circular(contexts: Contexts, template: Path, target: Path, notes: list[str] | None = None) -> Path:
    """The circular with its chart. What the chart cannot draw is added to `notes`, in Chinese."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from xiyuan.outputs.charts import community_chart, missing_characters, missing_words

    context = typeset(contexts.circular())
    missing = missing_characters(row["name"] for row in context["communities"])
    if missing and notes is not None:
        notes.append(missing_words(missing))
    with tempfile.TemporaryDirectory() as folder:
        chart = Path(folder) / "chart.png"
        community_chart(context["communities"], chart)
        document = DocxTemplate(str(template))
        context["chart"] = InlineImage(document, str(chart), width=Mm(150))
        with one_document():
            document.render(context, environment())
        finish_docxtpl(document)
        with atomic_path(target) as tmp:
            document.save(tmp)
    return target


def write_single(template: Path, context: dict, target: Path) -> Path:
    with atomic_path(target) as tmp:
        render_one(template, typeset(context), tmp)
    return target


_BODY = re.compile(r"(<w:body>)(.*?)(<w:sectPr\b(?:(?!<w:sectPr\b).)*</w:sectPr>)\s*(</w:body>)", re.DOTALL)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _restart_section(section) -> None:
    """Make a w:sectPr (an lxml element) start its section on a new odd page, numbered from 1."""
    from lxml import etree

    for tag, attribute, value, before in (("type", "val", "oddPage", "pgSz"), ("pgNumType", "start", "1", "cols")):
        element = section.find(f"{{{_W}}}{tag}")
        if element is None:
            element = etree.Element(f"{{{_W}}}{tag}")
            anchor = section.find(f"{{{_W}}}{before}")  # schema order: type before pgSz, pgNumType before cols
            if anchor is not None:
                anchor.addprevious(element)
            else:
                section.append(element)
        element.set(f"{{{_W}}}{attribute}", value)


def _restarting(section_xml: str) -> str:
    """The XML of a section's properties, restarting (see _restart_section)."""
    from lxml import etree

    wrapped = f'<root xmlns:w="{_W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' \
              f"{section_xml}</root>"
    section = etree.fromstring(wrapped.encode("utf-8"))[0]
    _restart_section(section)
    return re.sub(r' xmlns:(w|r)="[^"]+"', "", etree.tostring(section, encoding="unicode"))


def merge(files: list[Path], target: Path, progress=None) -> Path:
    """One printable .docx with every document, each in a section of its own: it starts on a new
    odd page (a blank page goes in where needed, for double-sided printing) and its page numbers
    start again at 1. Documents rendered from one template are joined in one pass (their bodies
    side by side in the first one's package); others go through docxcompose."""
    if not _merge_bodies(files, target, progress):
        _merge_composed(files, target)
    return target


def _merge_bodies(files: list[Path], target: Path, progress=None) -> bool:
    with zipfile.ZipFile(files[0]) as first:
        rels = first.read("word/_rels/document.xml.rels")
        head_xml = first.read("word/document.xml").decode("utf-8")
        parts = [(info, first.read(info)) for info in first.infolist() if info.filename != "word/document.xml"]
    match = _BODY.search(head_xml)
    if match is None:
        return False
    section = _restarting(match.group(3))
    bodies = []
    for number, path in enumerate(files, 1):
        with zipfile.ZipFile(path) as archive:
            if archive.read("word/_rels/document.xml.rels") != rels:
                return False  # not from the same template: the parts they point at differ
            found = _BODY.search(archive.read("word/document.xml").decode("utf-8"))
        if found is None:
            return False
        bodies.append(found.group(2))
        if progress:
            progress(number, len(files), path.name)
    breaker = f"<w:p><w:pPr>{section}</w:pPr></w:p>"
    joined = breaker.join(bodies)
    xml = head_xml[:match.start(2)] + joined + section + head_xml[match.end(3):]
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            out.writestr(info, data)
        out.writestr("word/document.xml", xml.encode("utf-8"))
    return True


def _merge_composed(files: list[Path], target: Path) -> None:
    from copy import deepcopy

    from docx import Document
    from docxcompose.composer import Composer

    master = Document(str(files[0]))
    section = master.element.body.sectPr
    _restart_section(section)
    composer = Composer(master)
    for path in files[1:]:
        closing = master.add_paragraph()  # ends the section of the document before
        closing._p.get_or_add_pPr().append(deepcopy(section))
        composer.append(Document(str(path)))
    with atomic_path(target) as tmp:
        composer.save(tmp)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


FONTCONFIG = Path(__file__).parents[1] / "fontconfig" / "fonts.conf"


def to_pdf(files: list[Path], folder: Path) -> list[Path]:
    """Convert with LibreOffice (headless); the 公文 fonts are mapped to installed stand-ins."""
    office = soffice()
    if office is None:
        raise FileNotFoundError("soffice")
    environment_ = dict(os.environ, FONTCONFIG_FILE=str(FONTCONFIG))
    with tempfile.TemporaryDirectory() as profile:
        # absolute paths: a file named after a ledger value ("--accept=…") is never read as an option
        command = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(Path(folder).resolve()), *(str(Path(f).resolve()) for f in files)]
        subprocess.run(command, check=True, capture_output=True, timeout=60 + 10 * len(files), env=environment_)
    return [folder / (f.stem + ".pdf") for f in files]


def template_path(folder: Path, kind: str) -> Path:
    return folder / KINDS[kind].template


def sample_context(kind: str, settings: Settings | None = None, policy=None) -> dict:
    """A complete context of one kind, from a made-up enterprise, person and event: what a
    template of that kind may use (check-template compares against it). `policy` is a loaded
    Policy (default: the shipped one)."""
    from xiyuan.rules.assess import Assessment
    from xiyuan.rules.enterprises import assess_enterprise
    from xiyuan.rules.events import assess_event
    from xiyuan.rules.inspections import assess_inspection
    from xiyuan.checks.ledger import Arrival, Enterprise, Event, Inspection, Source
    from xiyuan.rules.policy import load_policy
    from xiyuan.rules.people import schedule_person
    from xiyuan.rules.due_today import today_items

    policy, day = policy or load_policy(), dt.date(2022, 11, 25)
    source = Source("示例.xlsx", "示例", 2)
    name = "示例企业有限公司"
    inspection = assess_inspection(Inspection(source, day - dt.timedelta(days=20), name, "检查人", "问题",
                                              day - dt.timedelta(days=5), "未整改", 3), policy, day, "示例社区")
    firm = assess_enterprise(Enterprise(source, "示例社区", name, employees=250, liaison="干部"), policy, {},
                             [inspection], "示例社区")
    person = schedule_person(Arrival(source, "姓名", "350582199003071238", "13805951234", "来访人员", name, "境外",
                                     "来源地", arrival=dt.datetime(2022, 11, 20, 9)), policy, {}, day, "示例社区")
    event = assess_event(Event(source, "活动", name, day + dt.timedelta(days=10), 200, "省外", day), policy, day, "示例社区")
    assessment = Assessment(day, policy, [], [firm], [person], [], [event], [inspection])
    contexts = Contexts(assessment, settings or load_settings(), day)
    method = KINDS[kind].context
    if method == "daily":
        return contexts.daily(today_items(assessment), 0)
    if method == "circular":
        return {**contexts.circular(), "chart": "（图表）"}
    subject = {"person": person, "event": event}.get(method, firm)  # the rest speak of an enterprise
    context = getattr(contexts, method)(subject)
    context["number"] = contexts.number_for(kind, "示例")
    return context
