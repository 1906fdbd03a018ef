"""Inspections (督导检查): open, overdue and escalated rectifications, 二（四）.

"多次督促拒不落实" has no number in the text: an inspection escalates when its rectification
is overdue and the reminders given reach the policy's count (default 3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiyuan.checks.ledger import Inspection
from xiyuan.rules.policy import Policy
from xiyuan.rules.statements import Statement

DONE = "已整改"
# What clerks write in 发现问题 when an inspection found nothing.
NO_PROBLEM = frozenset("无 无问题 未发现问题 暂无 暂无问题 正常 良好 / - — 无异常".split())


def has_problems(text: str | None) -> bool:
    return bool(text) and text.strip() not in NO_PROBLEM


@dataclass
class InspectionResult:
    inspection: Inspection
    community: str
    open: bool
    overdue: bool
    escalate: bool
    explanation: Statement
    reminders: int = 0  # given by the day asked (督促次数 or 督促日期)

    def to_dict(self) -> dict:
        i = self.inspection
        return {
            "enterprise": i.enterprise, "community": self.community, "date": _iso(i.inspection_date),
            "inspector": i.inspector, "problems": i.problems, "deadline": _iso(i.deadline),
            "rectification": i.rectification, "reminders": self.reminders,
            "open": self.open, "overdue": self.overdue, "escalate": self.escalate,
            "explanation": self.explanation, "file": i.source.file, "sheet": i.source.sheet, "row": i.source.row,
        }


def _iso(day):
    return day.isoformat() if day else None


def reminders_given(inspection: Inspection, as_of: dt.date) -> int:
    """Reminders given by `as_of`: the 督促次数, or the 督促日期 up to that day, whichever is more.

    >>> from xiyuan.checks.ledger import Source
    >>> i = Inspection(Source("a", "b", 2), reminders=2, reminder_dates=[dt.date(2022, 11, d) for d in (3, 8, 15, 28)])
    >>> reminders_given(i, dt.date(2022, 11, 25))
    3
    """
    dated = sum(1 for day in inspection.reminder_dates or () if day is not None and day <= as_of)
    return max(inspection.reminders or 0, dated)


def assess_inspection(inspection: Inspection, policy: Policy, as_of: dt.date, community: str = "") -> InspectionResult:
    clause = policy.enterprises.escalation_clause
    needed = policy.escalate_after_reminders
    reminders = reminders_given(inspection, as_of)
    found = has_problems(inspection.problems)
    is_open = found and inspection.rectification != DONE
    overdue = is_open and inspection.deadline is not None and inspection.deadline < as_of
    undated = is_open and inspection.deadline is None and policy.escalate_without_deadline
    escalate = (overdue or undated) and reminders >= needed
    if not found:
        text = Statement("inspection.no_problem")
    elif not is_open:
        text = Statement("inspection.rectified")
    elif escalate and undated:
        text = Statement("inspection.escalate_no_deadline", {"reminders": reminders, "needed": needed, "clause": clause})
    elif escalate:
        text = Statement("inspection.escalate", {"deadline": inspection.deadline, "reminders": reminders,
                                                 "needed": needed, "clause": clause})
    elif overdue:
        text = Statement("inspection.overdue", {"deadline": inspection.deadline, "reminders": reminders,
                                                "needed": needed, "clause": clause})
    elif inspection.deadline is None:
        text = Statement("inspection.no_deadline")
    else:
        text = Statement("inspection.in_progress", {"deadline": inspection.deadline})
    return InspectionResult(inspection, community, is_open, overdue, escalate, text, reminders)
