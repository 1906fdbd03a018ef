"""Yes/no cells: 是/否, 有/无, √/×, Y/N, 已…/未… and Excel's TRUE/FALSE."""

from __future__ import annotations

from xiyuan.findings import Problem
from xiyuan.text import squash

YES = frozenset("是 有 √ ✓ ✔ ☑ y yes true 1 对 已 已设立 已建立 已制定 已配备 已落实 已完成 已安装 已张贴 已开展 已设置".split())
NO = frozenset("否 无 × ✗ ✘ ☒ x n no false 0 不是 没有 未 未设立 未建立 未制定 未配备 未落实 未完成 未安装 未开展 未设置 暂无".split())


def check(raw: object) -> tuple[bool | None, list[Problem]]:
    if raw is None or raw == "":
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
    if text.startswith(("未", "无", "没", "不")):
        return False, []
    if text.startswith("已"):
        return True, []
    return None, [Problem("yesno.invalid")]
