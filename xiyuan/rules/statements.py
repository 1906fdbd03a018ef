"""Statements: what a rule says, as data, worded for each audience from one catalogue.

A rule (a flag, a check, a person's status, a reason, today's item) returns a `Statement`: a
code, typed parameters (dates stay dates, counts stay ints, a nested statement stays a
statement) and the clause it rests on. Its words come from `catalogue.MESSAGES`, one template
per audience:

- "clerk": sheets, alerts and the console - what to check and whom to press;
- "enterprise": notices sent to the firm ("贵企业", "请…");
- "city": reports upward ("该企业", facts without instructions).

A Statement is also a `str` - its clerk wording - so sheets, JSON and the console take it as
they took the sentences before; documents call `say("enterprise")` or `say("city")`. Nothing
rewrites a finished sentence.

>>> import datetime as dt
>>> s = Statement("escalate", {"deadline": dt.date(2022, 11, 5), "reminders": 3})
>>> print(s)
整改期限2022-11-05已过，经3次督促仍未落实，应上报市工业企业疫情防控专项工作组。
>>> print(s.say("city"))
整改期限2022年11月5日已过，经3次督促仍未落实。
"""

from __future__ import annotations

import datetime as dt
import string

from xiyuan.rules.catalogue import AUDIENCES, CLERK, MESSAGES


class StatementError(Exception):
    """A statement whose code or parameters do not fit the catalogue (a programming error)."""


class _Words(string.Formatter):
    """str.format for catalogue templates: plain field names only (no attribute or index
    access), each value worded for the audience - dates as a 公文 writes them in documents."""

    def __init__(self, audience: str):
        self.audience = audience

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise StatementError(f"template field {field_name!r} is not a plain name")
        return kwargs[field_name], field_name

    def format_field(self, value, spec):
        return word(value, self.audience, spec)


_FORMATTERS = {audience: _Words(audience) for audience in AUDIENCES}


def word(value, audience: str = CLERK, spec: str = "") -> str:
    """One parameter in words. Specs: "md" a date as month and day; "" in full."""
    if isinstance(value, Statement):
        return value.say(audience)
    if isinstance(value, Clauses):
        return "，".join(word(v, audience, spec) for v in value)
    if isinstance(value, Items):
        return "；".join(word(v, audience, spec).rstrip("。；") for v in value)
    if isinstance(value, (list, tuple)):
        return "、".join(word(v, audience, spec) for v in value)
    if isinstance(value, dt.datetime):
        if audience == CLERK:
            return f"{value:%m-%d %H:%M}" if spec == "md" else f"{value:%Y-%m-%d %H:%M}"
        day = f"{value.month}月{value.day}日" if spec == "md" else f"{value.year}年{value.month}月{value.day}日"
        return f"{day}{value.hour}时{value.minute:02d}分" if value.minute else f"{day}{value.hour}时"
    if isinstance(value, dt.date):
        if audience == CLERK:
            return f"{value:%m-%d}" if spec == "md" else value.isoformat()
        return f"{value.month}月{value.day}日" if spec == "md" else f"{value.year}年{value.month}月{value.day}日"
    if value is None:
        return ""
    return str(value)


class Clauses(tuple):
    """Parts of one sentence, joined by "，" (a plain list or tuple is a series joined by "、")."""


class Items(tuple):
    """Separate findings in one sentence, joined by "；" (each one's own full stop dropped)."""


class Statement(str):
    """A coded statement; as a str it is the clerk's wording."""

    code: str  # what the statement is (stable: tests, JSON and logic use it)
    words: str  # its catalogue entry: the code itself, or a variant (plan_missing said as "not recorded")
    params: dict
    clause: str

    def __new__(cls, code: str, params: dict | None = None, clause: str = "", words: str | None = None):
        params = dict(params or {})
        words = words or code
        entry = MESSAGES.get(words)
        if entry is None:
            raise StatementError(f"no catalogue entry for {words!r}")
        if set(params) != set(entry.params):
            raise StatementError(f"{words!r} takes {sorted(entry.params)}, got {sorted(params)}")
        self = super().__new__(cls, _render(words, params, CLERK))
        self.code, self.words, self.params, self.clause = code, words, params, clause
        return self

    def say(self, audience: str = CLERK) -> str:
        return str.__str__(self) if audience == CLERK else _render(self.words, self.params, audience)

    @property
    def message(self) -> str:
        return str.__str__(self)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "clause": self.clause,
                "params": {k: _json(v) for k, v in self.params.items()}}

    def __reduce__(self):
        return Statement, (self.code, self.params, self.clause, self.words)


def _render(code: str, params: dict, audience: str) -> str:
    return _FORMATTERS[audience].vformat(MESSAGES[code].template(audience), (), params)


def _json(value):
    if isinstance(value, Statement):
        return value.to_dict()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def join_items(statements, audience: str = CLERK) -> str:
    """Several statements in one cell or sentence, joined by "；" and ended once."""
    if not statements:
        return ""
    return word(Items(statements), audience) + "。"
