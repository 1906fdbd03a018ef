"""Yes/no cells: 是/否, 有/无, √/×, Y/N, 已…/未… and Excel's TRUE/FALSE."""

from __future__ import annotations

import re

from xiyuan.checks.fields import Rules, each
from xiyuan.checks.findings import Problem
from xiyuan.text import squash

YES = frozenset("是 有 √ ✓ ✔ ☑ y yes true 1 对 已 已设立 已建立 已制定 已配备 已落实 已完成 已安装 已张贴 已开展 已设置".split())
NO = frozenset("否 无 × ✗ ✘ ☒ x n no false 0 不是 没有 未 未设立 未建立 未制定 未配备 未落实 未完成 未安装 未开展 未设置 暂无".split())


# "已设立缓冲区", "未制定方案": a done/not-done verb phrase. "未知", "不清楚", "无法确定" are
# not answers and stay invalid.
_VERBS = "设立|建立|制定|配备|落实|完成|安装|张贴|开展|设置|配置|实施|执行|创建|签订|组建|成立"
_DONE = re.compile(f"已(?:{_VERBS}).*")
_NOT_DONE = re.compile(f"(?:未|没有?|尚未)(?:{_VERBS}).*")


def check(raw: object, rules: Rules | None = None) -> tuple[bool | None, list[Problem]]:
    """
    >>> check("已设立"), check("×"), check("未知")[1][0].code
    ((True, []), (False, []), 'yesno.invalid')
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    if isinstance(raw, bool):
        return raw, []
    if isinstance(raw, (int, float)):
        raw = str(int(raw)) if float(raw).is_integer() else str(raw)
    text = squash(str(raw)).lower()
    if text in YES:
        return True, []
    if text in NO:
        return False, []
    if _DONE.fullmatch(text):
        return True, []
    if _NOT_DONE.fullmatch(text):
        return False, []
    return None, [Problem("yesno.invalid")]


check_many = each(check)
