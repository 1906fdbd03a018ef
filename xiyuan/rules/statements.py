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

from xiyuan.rules.catalogue import CLERK, MESSAGES


class StatementError(Exception):
    """A statement whose code or parameters do not fit the catalogue (a programming error)."""


def word(value, audience: str = CLERK, spec: str = "") -> str:
    """One parameter in words. Specs: "md" a date as month and day; "" in full."""
    kind = value.__class__
    if kind is str:
        return value
    if kind is int:
        return str(value)
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


_SHARED: dict[tuple, "Statement"] = {}


def _value_keys(params: dict | None):
    """What makes two parameter sets the same: name, type and value (True is not 1), and for a
    nested statement the object itself (two may read alike for the clerk and not for others)."""
    for name, value in (params or {}).items():
        yield name, value.__class__, id(value) if isinstance(value, Statement) else value


class Statement(str):
    """A coded statement; as a str it is the clerk's wording. Never changed once made, so equal
    statements are one object."""

    code: str  # what the statement is (stable: tests, JSON and logic use it)
    words: str  # its catalogue entry: the code itself, or a variant (plan_missing said as "not recorded")
    params: dict
    clause: str

    def __new__(cls, code: str, params: dict | None = None, clause: str = "", words: str | None = None):
        try:  # the same statement again (24 hours, 4 tests…): one shared, immutable object
            key = (code, clause, words, *_value_keys(params)) if params else (code, clause, words)
            found = _SHARED.get(key)
        except TypeError:  # a list among the values
            key = found = None
        if found is not None:
            return found
        self = cls._make(code, params, clause, words)
        if key is not None and len(_SHARED) < 100_000:
            _SHARED[key] = self
        return self

    @classmethod
    def _make(cls, code: str, params: dict | None, clause: str, words: str | None) -> "Statement":
        params = dict(params or {})
        words = words or code
        entry = MESSAGES.get(words)
        if entry is None:
            raise StatementError(f"no catalogue entry for {words!r}")
        if params.keys() != entry.param_set:
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


_COMPILED: dict[tuple[str, str], tuple] = {}


def _compiled(code: str, audience: str) -> tuple:
    """A template split once into (literal, field, spec) parts: string.Formatter re-parsed the
    template for every statement, and a run makes one for every person, test and check."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(MESSAGES[code].template(audience)):
        if field is not None and not field.isidentifier():
            raise StatementError(f"template field {field!r} is not a plain name")
        parts.append((literal, field, spec or ""))
    _COMPILED[code, audience] = found = tuple(parts)
    return found


_CLERK_TEXTS: dict[tuple, str] = {}  # the same statement with the same values, worded once


def _render(code: str, params: dict, audience: str) -> str:
    if audience == CLERK:
        try:
            key = (code, *((name, value.__class__, value) for name, value in params.items()))
            found = _CLERK_TEXTS.get(key)
        except TypeError:  # a list among the values: not remembered
            key, found = None, None
        if found is not None:
            return found
        text = _render_parts(code, params, audience)
        if key is not None and len(_CLERK_TEXTS) < 100_000:
            _CLERK_TEXTS[key] = text
        return text
    return _render_parts(code, params, audience)


def _render_parts(code: str, params: dict, audience: str) -> str:
    parts = _COMPILED.get((code, audience)) or _compiled(code, audience)
    out = []
    for literal, field, spec in parts:
        out.append(literal)
        if field is not None:
            out.append(word(params[field], audience, spec))
    return "".join(out)


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
