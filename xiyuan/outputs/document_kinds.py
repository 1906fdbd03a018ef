"""Every kind of document the office issues, in one registry.

A new kind is one entry here plus its Word template in templates/ (and, for the standard
template, a builder in templates_build.BUILDERS): the commands, the buttons, check-template,
the settings file and the numbering all read this table. An entry says what the documents
are called, which template renders them, how they are numbered when the settings file says
nothing, and - for kinds issued per enterprise, person or event - whom they go to and the
Contexts method that fills them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

# the people whose requirements still run get a notice: not those cleared or never required
ACTIVE_PEOPLE = ("not_arrived", "isolating", "pending_verification", "overdue")


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str  # what the documents are called (file names, messages)
    template: str  # the file in templates/
    number: str  # 发文字号 when the settings file gives none for this kind
    context: str  # the Contexts method that fills one document
    # per-object kinds: (assessment) -> the objects that get a document, and (object) -> the file's stem
    subjects: Callable | None = None
    stem: Callable | None = None
    keep: Callable = lambda context: True  # a document with nothing to say is not written

    @property
    def per_object(self) -> bool:
        return self.subjects is not None


KINDS: dict[str, DocumentKind] = {kind.key: kind for kind in (
    DocumentKind("enterprise", "企业疫情防控告知书", "企业疫情防控告知书.docx", "西街防控告〔{year}〕{n}号", "enterprise",
                 subjects=lambda a: a.enterprises, stem=lambda r: f"{r.name}_告知书"),
    DocumentKind("person", "人员核酸检测及隔离告知单", "人员核酸检测及隔离告知单.docx", "西街防控单〔{year}〕{n}号", "person",
                 subjects=lambda a: [s for s in a.people if s.category is not None and (s.tests or s.isolation)
                                     and s.status in ACTIVE_PEOPLE],
                 stem=lambda s: f"{s.person.name}_{s.person.enterprise or ''}_告知单"),
    DocumentKind("event", "商务活动审批表", "商务活动审批（报备）表.docx", "西街防控活〔{year}〕{n}号", "event",
                 # a form for events still to come: one already held gets none (it is flagged instead)
                 subjects=lambda a: [r for r in a.events if r.approval not in (None, "none")
                                     and (r.event.event_date is None or r.event.event_date >= a.as_of)],
                 stem=lambda r: f"{r.event.enterprise}_{r.event.event_name}_审批表"),
    DocumentKind("rectification", "整改通知书", "整改通知书.docx", "西街防控改〔{year}〕{n}号", "rectification",
                 subjects=lambda a: a.enterprises, stem=lambda r: f"{r.name}_整改通知书",
                 keep=lambda context: bool(context["findings"])),
    DocumentKind("escalation", "拒不落实疫情防控措施的报告", "企业拒不落实疫情防控措施的报告.docx", "西街防控〔{year}〕{n}号",
                 "escalation", subjects=lambda a: [r for r in a.enterprises if r.escalate],
                 stem=lambda r: f"关于{r.name}拒不落实疫情防控措施的报告"),
    DocumentKind("circular", "工作通报", "工作通报.docx", "西街防控通〔{year}〕{n}号", "circular"),
    DocumentKind("daily", "每日台账情况报告", "每日台账情况报告.docx", "西街防控日〔{year}〕{n}号", "daily"),
)}
NOTICE_KINDS = tuple(key for key, kind in KINDS.items() if kind.per_object)


def kind_of_template(file_name: str) -> str | None:
    """The kind whose standard template has this file name."""
    return next((key for key, kind in KINDS.items() if kind.template == file_name), None)
