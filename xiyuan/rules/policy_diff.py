"""What a new policy would change, before the office adopts it.

The same ledgers are assessed under the policy in force and under the new one; per person,
enterprise, event and truck this lists what differs: tests added or dropped, a new
may-enter date or status, isolation periods, a different approval route, a key-enterprise
verdict or flags gained and lost.

    changes = compare(assess(loaded, old, day), assess(loaded, new, day))
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.rules.assess import Assessment
from xiyuan.rules.events import ROUTE_LABELS
from xiyuan.rules.people import PERSON_STATUS_LABELS

KINDS = {"person": "人员", "enterprise": "企业", "event": "商务活动", "truck": "货车"}


@dataclass(frozen=True)
class Change:
    kind: str  # person, enterprise, event, truck
    community: str
    subject: str  # who or what: a name with the masked ID, an enterprise, an event, a plate
    what: str  # 检测增加, 可进厂日期, 审批路径…
    before: str
    after: str

    def row(self) -> list[str]:
        return [KINDS[self.kind], self.community, self.subject, self.what, self.before, self.after]


def _day(value: dt.date | None) -> str:
    return f"{value.month}月{value.day}日" if value else "无"


def _tests(schedule) -> dict[tuple, str]:
    return {(t.date, t.label): f"{_day(t.date)}{t.label}" for t in schedule.tests}


def _periods(schedule) -> str:
    return "；".join(f"{p.label}{_day(p.start)}至{_day(p.end)}" for p in schedule.isolation) or "无"


def _people(old: Assessment, new: Assessment) -> list[Change]:
    changes = []
    for before, after in zip(old.people, new.people):
        p = before.person
        who = f"{p.name or '（无姓名）'}（{mask_id(p.id_number or '')}）"
        add = lambda what, a, b: changes.append(Change("person", before.community, who, what, a, b))  # noqa: E731
        old_tests, new_tests = _tests(before), _tests(after)
        dropped = {key: text for key, text in old_tests.items() if key not in new_tests}
        added = {key: text for key, text in new_tests.items() if key not in old_tests}
        # a test on the same day under another name is renamed, not dropped and added
        renamed = []
        for old_key in sorted(dropped):
            same_day = next((key for key in sorted(added) if key[0] == old_key[0]), None)
            if same_day is not None:
                renamed.append((old_key, same_day))
                del dropped[old_key], added[same_day]
        if renamed:
            add("检测项目改名", "、".join(f"{_day(o[0])}{o[1]}" for o, _ in renamed),
                "、".join(f"{_day(n[0])}{n[1]}" for _, n in renamed))
        if dropped:
            add("检测取消", "、".join(dropped.values()), "")
        if added:
            add("检测增加", "", "、".join(added.values()))
        if _periods(before) != _periods(after):
            add("隔离或健康监测", _periods(before), _periods(after))
        if before.may_enter != after.may_enter:
            add("可进厂日期", _day(before.may_enter), _day(after.may_enter))
        if before.status != after.status:
            add("状态", PERSON_STATUS_LABELS[before.status], PERSON_STATUS_LABELS[after.status])
    return changes


def _enterprises(old: Assessment, new: Assessment) -> list[Change]:
    changes = []
    for before, after in zip(old.enterprises, new.enterprises):
        name, community = before.enterprise.enterprise or "（无名称）", before.community
        if before.key != after.key:
            changes.append(Change("enterprise", community, name, "重点企业", "是" if before.key else "否",
                                  "是" if after.key else "否"))
        if before.escalate != after.escalate:
            changes.append(Change("enterprise", community, name, "应上报", "是" if before.escalate else "否",
                                  "是" if after.escalate else "否"))
        old_flags = {f.code: f.message for f in before.flags}
        new_flags = {f.code: f.message for f in after.flags}
        for code in old_flags.keys() - new_flags.keys():
            changes.append(Change("enterprise", community, name, "不再要求", old_flags[code], ""))
        for code in new_flags.keys() - old_flags.keys():
            changes.append(Change("enterprise", community, name, "新增要求", "", new_flags[code]))
    return changes


def _events(old: Assessment, new: Assessment) -> list[Change]:
    changes = []
    for before, after in zip(old.events, new.events):
        subject = f"{before.event.enterprise or ''}：{before.event.event_name or '（无名称）'}"
        if before.approval != after.approval:
            changes.append(Change("event", before.community, subject, "审批路径",
                                  ROUTE_LABELS.get(before.approval, "无法判断"), ROUTE_LABELS.get(after.approval, "无法判断")))
        if before.deadline != after.deadline:
            changes.append(Change("event", before.community, subject, "申报截止", _day(before.deadline),
                                  _day(after.deadline)))
    return changes


def _trucks(old: Assessment, new: Assessment) -> list[Change]:
    changes = []
    for before, after in zip(old.trucks, new.trucks):
        old_flags, new_flags = {f.code for f in before.flags}, {f.code for f in after.flags}
        if old_flags != new_flags:
            subject = f"{before.truck.plate or '（无车牌）'}（{before.truck.enterprise or ''}）"
            changes.append(Change("truck", before.community, subject, "问题",
                                  "；".join(f.message for f in before.flags) or "无",
                                  "；".join(f.message for f in after.flags) or "无"))
    return changes


def compare(old: Assessment, new: Assessment) -> list[Change]:
    """Every change between two assessments of the same ledgers on the same day."""
    return _people(old, new) + _enterprises(old, new) + _events(old, new) + _trucks(old, new)


def summary(changes: list[Change], old: Assessment, new: Assessment) -> list[str]:
    """The console lines: which policies, then counts per kind and per change."""
    lines = [f"按{new.policy.number}（新）与{old.policy.number}（现行）比较，截至{new.as_of}："]
    if not changes:
        return lines + ["  没有任何变化。"]
    subjects = Counter((c.kind, c.subject) for c in changes)
    for kind, label in KINDS.items():
        count = sum(1 for k, _ in subjects if k == kind)
        if count:
            whats = Counter(c.what for c in changes if c.kind == kind)
            detail = "，".join(f"{what}{n}项" for what, n in whats.most_common())
            lines.append(f"  {label}：{count}个有变化（{detail}）")
    return lines


def sheets(changes: list[Change], old: Assessment, new: Assessment):
    """The workbook: every change, and a sheet naming the two policies."""
    columns = [("类别", 8), ("社区", 10), ("对象", 30), ("变化", 14), ("现行政策", 50), ("新政策", 50)]
    about = [("项目", 14), ("内容", 80)]
    about_rows = [["现行政策", f"{old.policy.number} {old.policy.title}（{old.policy.source}）"],
                  ["新政策", f"{new.policy.number} {new.policy.title}（{new.policy.source}）"],
                  ["计算日期", new.as_of.isoformat()], ["变化条数", len(changes)]]
    return [("政策变化", columns, [c.row() for c in changes]), ("比较说明", about, about_rows)]
