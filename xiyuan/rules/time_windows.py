"""Time windows of the policy: a test "within 48 hours before", a declaration "24 hours ahead".

Ledgers often hold dates without times. Then a window is judged from the whole-day gap:
certainly inside, certainly outside, or "verify" (需核实) when the hours would decide.
Boundaries include the number: exactly 48 h before, or exactly 24 h ahead, is in time.
Each answer is (status, Statement); the words are the catalogue's.
"""

from __future__ import annotations

from xiyuan.checks.fields.dates import day_of, has_time
from xiyuan.rules.statements import Statement


def hours_between(later, earlier) -> float:
    return (later - earlier).total_seconds() / 3600


def duration(hours: float) -> str:
    """47.5 -> "47小时30分"; whole hours without minutes."""
    minutes = round(abs(hours) * 60)
    whole, rest = divmod(minutes, 60)
    return f"{whole}小时{rest}分" if rest else f"{whole}小时"


def within_before(event, test, hours: int, *, what: Statement, event_name: Statement) -> tuple[str, Statement]:
    """Was `test` taken at most `hours` before `event`?"""
    named = {"what": what, "event": event_name}
    if test is None:
        return "missing", Statement("window.no_test", {"what": what})
    if event is None:
        return "verify", Statement("window.no_event", {**named, "hours": hours})
    if has_time(event) and has_time(test):
        gap = hours_between(event, test)
        if gap < 0:
            return "late", Statement("window.after_event", {**named, "test": test, "at": event})
        if gap <= hours:
            return "ok", Statement("window.within", {**named, "gap": duration(gap), "hours": hours})
        return "late", Statement("window.too_early", {**named, "gap": duration(gap), "hours": hours})
    days = (day_of(event) - day_of(test)).days
    if days < 0:
        return "late", Statement("window.day_after_event", {**named, "test": day_of(test), "at": day_of(event)})
    if days == 0:
        return "verify", Statement("window.same_day", named)
    if days * 24 <= hours - 24:
        return "ok", Statement("window.days_within", {**named, "days": days, "hours": hours})
    if (days - 1) * 24 < hours:
        return "verify", Statement("window.days_verify", {"days": days, "hours": hours})
    return "late", Statement("window.days_too_early", {**named, "days": days, "hours": hours})


def declared_ahead(event, declared, hours: int) -> tuple[str, Statement]:
    """Was the declaration made at least `hours` before `event`?"""
    if declared is None:
        return "missing", Statement("window.no_declaration")
    if event is None:
        return "verify", Statement("window.no_arrival")
    if has_time(event) and has_time(declared):
        gap = hours_between(event, declared)
        if gap >= hours:
            return "ok", Statement("window.declared_in_time", {"gap": duration(gap), "hours": hours})
        if gap < 0:
            return "late", Statement("window.declared_after", {"gap": duration(gap)})
        return "late", Statement("window.declared_short", {"gap": duration(gap), "hours": hours})
    days = (day_of(event) - day_of(declared)).days
    if days * 24 >= hours + 24:
        return "ok", Statement("window.declared_days_ok", {"days": days, "hours": hours})
    if days * 24 > hours - 24 and days > 0:
        return "verify", Statement("window.declared_days_verify", {"days": days, "hours": hours})
    if days == 0:
        return "late", Statement("window.declared_same_day", {"hours": hours})
    if days < 0:
        return "late", Statement("window.declared_day_after")
    return "late", Statement("window.declared_days_short", {"days": days, "hours": hours})
