"""Time windows of the policy: a test "within 48 hours before", a declaration "24 hours ahead".

Ledgers often hold dates without times. Then a window is judged from the whole-day gap:
certainly inside, certainly outside, or "verify" (需核实) when the hours would decide.
Boundaries include the number: exactly 48 h before, or exactly 24 h ahead, is in time.
"""

from __future__ import annotations

from xiyuan.fields.dates import day_of, has_time


def hours_between(later, earlier) -> float:
    return (later - earlier).total_seconds() / 3600


def duration(hours: float) -> str:
    """47.5 -> "47小时30分"; whole hours without minutes."""
    minutes = round(abs(hours) * 60)
    whole, rest = divmod(minutes, 60)
    return f"{whole}小时{rest}分" if rest else f"{whole}小时"


def within_before(event, test, hours: int, *, what: str, event_name: str) -> tuple[str, str]:
    """Was `test` taken at most `hours` before `event`? (status, Chinese detail)."""
    if test is None:
        return "missing", f"未填写{what}时间"
    if event is None:
        return "verify", f"未填写{event_name}时间，无法判断{what}是否在{hours}小时内"
    if has_time(event) and has_time(test):
        gap = hours_between(event, test)
        if gap < 0:
            return "late", f"{what}时间{test:%Y-%m-%d %H:%M}晚于{event_name}时间{event:%Y-%m-%d %H:%M}"
        if gap <= hours:
            return "ok", f"{what}在{event_name}前{duration(gap)}，符合{hours}小时内的要求"
        return "late", f"{what}在{event_name}前{duration(gap)}，超过{hours}小时"
    days = (day_of(event) - day_of(test)).days
    if days < 0:
        return "late", f"{what}日期{day_of(test)}晚于{event_name}日期{day_of(event)}"
    if days == 0:
        return "verify", f"{what}与{event_name}是同一天，只有日期无法判断先后，请核实具体时间"
    if days * 24 <= hours - 24:
        return "ok", f"{what}日期与{event_name}日期相差{days}天，必在{hours}小时内"
    if (days - 1) * 24 < hours:
        return "verify", f"只有日期（相差{days}天），无法确定是否在{hours}小时内，请核实具体时间"
    return "late", f"{what}日期与{event_name}日期相差{days}天，超过{hours}小时"


def declared_ahead(event, declared, hours: int) -> tuple[str, str]:
    """Was the declaration made at least `hours` before `event`?"""
    if declared is None:
        return "missing", "未填写自主申报时间"
    if event is None:
        return "verify", "未填写抵晋时间，无法判断是否提前申报"
    if has_time(event) and has_time(declared):
        gap = hours_between(event, declared)
        if gap >= hours:
            return "ok", f"提前{duration(gap)}申报，符合提前{hours}小时的要求"
        if gap < 0:
            return "late", f"申报时间晚于抵晋时间{duration(gap)}，未按要求提前申报"
        return "late", f"只提前{duration(gap)}申报，不足{hours}小时"
    days = (day_of(event) - day_of(declared)).days
    if days * 24 >= hours + 24:
        return "ok", f"申报日期比抵晋日期早{days}天，必已提前{hours}小时"
    if days * 24 > hours - 24 and days > 0:
        return "verify", f"只有日期（早{days}天），无法确定是否提前{hours}小时，请核实具体时间"
    return "late", f"申报日期比抵晋日期早{days}天，不足{hours}小时"


