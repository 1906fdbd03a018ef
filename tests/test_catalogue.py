"""The catalogue: every statement code has its words for every audience, every template's
parameters are supplied, and what the rules say on a demo workspace renders for everyone."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from xiyuan import demo
from xiyuan.rules.catalogue import AUDIENCES, CITY, CLERK, ENTERPRISE, MESSAGES
from xiyuan.pipeline import Run
from xiyuan.rules.statements import Statement, StatementError


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_words_for_every_audience_and_uses_exactly_its_parameters(code):
    entry = MESSAGES[code]
    used = set()
    for audience in AUDIENCES:
        template = entry.template(audience)
        assert template.strip(), (code, audience)
        fields = _fields(template)
        assert fields <= set(entry.params), (code, audience, fields - set(entry.params))
        used |= fields
    assert used == set(entry.params), (code, set(entry.params) - used)


def test_a_statement_refuses_missing_or_unknown_parameters():
    with pytest.raises(StatementError):
        Statement("escalate", {"deadline": dt.date(2022, 11, 5)})
    with pytest.raises(StatementError):
        Statement("escalate", {"deadline": dt.date(2022, 11, 5), "reminders": 3, "extra": 1})
    with pytest.raises(StatementError):
        Statement("no.such.code")


def test_dates_stay_dates_and_each_audience_has_its_own_words():
    s = Statement("escalate", {"deadline": dt.date(2022, 11, 5), "reminders": 3}, "二（四）")
    assert s.params["deadline"] == dt.date(2022, 11, 5)
    assert s.to_dict()["params"] == {"deadline": "2022-11-05", "reminders": 3}
    assert "2022-11-05" in s.say(CLERK) and "2022年11月5日" in s.say(CITY) and "2022年11月5日" in s.say(ENTERPRISE)
    assert "应上报" in s.say(CLERK) and "将上报" in s.say(ENTERPRISE) and "上报" not in s.say(CITY)
    plan = Statement("plan_missing")
    assert "督促" in plan.say(CLERK) and "督促" not in plan.say(ENTERPRISE)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("demo")
    demo.build_demo(inbox, communities=2, enterprises=20, employees=1500)
    return Run.from_paths(sorted(inbox.glob("*.xlsx")), demo.DEMO_DATE)


def _statements(run) -> list[Statement]:
    a = run.assessment
    found: list[Statement] = []
    for e in a.enterprises:
        found += [*e.reasons, *e.flags]
    for p in a.people:
        found += [p.why, p.may_enter_reason, p.explanation, *(c.label for c in p.checks), *(c.detail for c in p.checks)]
    for t in a.trucks:
        found += [*t.flags, t.explanation]
    for e in a.events:
        found += [*e.flags, e.explanation]
    found += [i.explanation for i in a.inspections]
    found += [i.detail for i in run.today.items]
    return found


def test_what_the_rules_say_on_a_demo_workspace_is_coded_and_renders_for_every_audience(demo_run):
    said = _statements(demo_run)
    assert len(said) > 200
    assert all(isinstance(s, Statement) for s in said), [s for s in said if not isinstance(s, Statement)][:3]
    for s in said:
        for audience in AUDIENCES:
            text = s.say(audience)
            assert text and "{" not in text and "None" not in text, (s.code, audience, text)
            assert "。。" not in text and "。；" not in text and "；。" not in text, (s.code, text)
    codes = {s.words for s in said}
    assert len(codes) > 30
