"""The policy in words: the figures and rules of a loaded `Policy` as the phrases documents use.

The Word templates and `documents.py` print no figure of their own: every number of days or
hours, every threshold and clause a document shows is computed here from the policy file, so
a copy of the policy with 5+3 changed to 7+3 gives notices that say 集中隔离7天加居家隔离3天.

Phrases are clauses without final punctuation; the template (or the caller) ends the
sentence. Pure functions of the policy: no Word, no ledgers.

    >>> from xiyuan.rules.policy import load_policy
    >>> policy = load_policy()
    >>> words(policy)["large_staff"], words(policy)["event_days"], words(policy)["event_size"]
    (200, 7, 200)
    >>> requirement(policy.categories[0], policy)
    '离开高风险区前48小时内完成1次核酸检测，提前24小时自主申报，抵晋后居家隔离7天，第1、3、5、7天各检测1次，期满且结果均为阴性后方可进入厂区'
"""

from __future__ import annotations

from xiyuan.rules.policy import Category, Policy

STAFF = "本企业员工"
TRUCK_CREW = "货车司乘人员"
QUANZHOU = "泉州市内"  # the one participant origin with its own routes (events.approval_route)
HIGH_RISK_ORIGINS = ("高风险区", "途经高风险区")
# An approval route as the predicate of "…的，___": 报 to the office that approves.
ROUTE_PHRASES = {"none": "无需审批", "subdistrict": "由街道防控办审批并报市防控办备案", "city": "报市防控办审批"}
LOADING_ZONE = "只在专门装卸区活动"


# --- small pieces ----------------------------------------------------------------------


def joined(items, last: str = "和") -> str:
    """A Chinese list: 、 between items and `last` before the final one.

    >>> joined(["甲"]), joined(["甲", "乙"]), joined(["甲", "乙", "丙"], "或")
    ('甲', '甲和乙', '甲、乙或丙')
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + last + items[-1]


def day_numbers(days) -> str:
    """Day numbers as a notice writes them.

    >>> day_numbers((1, 3, 5, 7)), day_numbers([2])
    ('第1、3、5、7天', '第2天')
    """
    return "第" + "、".join(str(d) for d in days) + "天"


def each_once(count: int) -> str:
    """ "各检测1次" for several days, "检测1次" for one.

    >>> each_once(4), each_once(1)
    ('各检测1次', '检测1次')
    """
    return "各检测1次" if count > 1 else "检测1次"


def isolation_words(phases) -> str:
    """The isolation phases and their days, in order.

    >>> from xiyuan.rules.policy import Phase
    >>> isolation_words([Phase("centralised", "集中隔离", 7, (1, 2, 3, 5, 7), "centralised"),
    ...                  Phase("home", "居家隔离", 3, (1, 3), "home")])
    '集中隔离7天加居家隔离3天'
    """
    return "加".join(f"{p.label}{p.days}天" for p in phases if p.has_period)


def origin_words(origins, last: str = "或") -> str:
    """Origin types named in a sentence: 高风险区、途经高风险区或境外.

    >>> origin_words(["高风险区", "途经高风险区", "境外"])
    '高风险区、途经高风险区或境外'
    """
    return joined(list(origins), last)


# --- people ----------------------------------------------------------------------------


def _pre_test(category: Category) -> str:
    if category.pre_test_hours is None:
        return ""
    leaving = "离开高风险区前" if set(category.origin_types) <= set(HIGH_RISK_ORIGINS) else "来晋前"
    return f"{leaving}{category.pre_test_hours}小时内完成1次核酸检测"


def _declaration(category: Category) -> str:
    report = "向社区报告" if category.report_to_community else ""
    if category.declare_hours is None:
        return report
    said = f"提前{category.declare_hours}小时自主申报"
    return f"{said}并{report}" if report else said


def test_words(phases, arrive: str = "抵晋") -> str:
    """When the tests fall, phase by phase.

    Isolation tests are named by the day of their phase (第1、3、5、7天; with two phases,
    集中隔离第1、2、3、5天和居家隔离第1、3天). Tests without isolation count from the day of
    arrival, day 1 being the landing test (入晋后第一时间落地检测).

    >>> from xiyuan.rules.policy import Phase
    >>> test_words([Phase("none", "落地检测", 3, (1, 2, 3), "convenience")])
    '抵晋后第一时间落地检测，并在第2、3天各检测1次'
    >>> test_words([Phase("home", "居家隔离", 7, (1, 3, 5, 7), "home")])
    '第1、3、5、7天各检测1次'
    """
    tested = [p for p in phases if p.test_days or p.window]
    if not tested:
        return ""
    extras = [f"{p.label}第{'、'.join(map(str, p.double_sampling))}天双采双检" for p in tested if p.double_sampling]
    said = _test_days_words(phases, tested, arrive)
    first = phases[0].first_test_within_hours if phases else None
    if first:
        said = f"{arrive}后{first}小时内完成首次核酸检测，" + said
    return "，".join([said, *extras])


def _test_days_words(phases, tested, arrive: str) -> str:
    if any(p.window for p in tested):
        return joined([f"{p.days}天内检测{p.window.count}次、每次间隔{p.window.hours_apart}小时以上（{p.label}）" if p.window
                       else f"{p.label}{day_numbers(p.test_days)}{each_once(len(p.test_days))}" for p in tested])
    if len(tested) == 1 and not tested[0].isolates and len(phases) == 1:
        days = tested[0].test_days
        landing = f"{arrive}后第一时间落地检测" if 1 in days else ""
        later = [d for d in days if d != 1]
        rest = f"在第{'、'.join(map(str, later))}天{each_once(len(later))}" if later else ""
        if landing and rest:
            return f"{landing}，并{rest}"
        return landing or f"{arrive}后{rest}"
    count = sum(len(p.test_days) for p in tested)
    if len(tested) == 1 and len(phases) == 1:
        return f"{day_numbers(tested[0].test_days)}{each_once(count)}"
    return joined([f"{p.label}{day_numbers(p.test_days)}" for p in tested]) + each_once(count)


def requirement(category: Category, policy: Policy) -> str:
    """What a person of this category must do, from the policy's figures; "" when nothing.

    >>> from xiyuan.rules.policy import load_policy
    >>> policy = load_policy()
    >>> overseas = next(c for c in policy.categories if c.key == "overseas")
    >>> requirement(overseas, policy)  # doctest: +NORMALIZE_WHITESPACE
    '来晋前48小时内完成1次核酸检测，提前24小时自主申报，抵晋后集中隔离5天加居家隔离3天，\
集中隔离第1、2、3、5天和居家隔离第1、3天各检测1次，期满且结果均为阴性后方可进入厂区'
    """
    arrive = "入晋" if TRUCK_CREW in category.person_types else "抵晋"
    parts = [_pre_test(category)]
    if category.test_within_hours_of_arrival is not None:
        parts.append(f"持{category.test_within_hours_of_arrival}小时内核酸阴性证明")
    parts.append(_declaration(category))
    isolation = isolation_words(category.phases)
    if isolation:  # counted from leaving the risk area, only what is left of it after arrival
        since = "自离开风险区之日起" if category.count_from == "departure" else f"{arrive}后"
        parts.append(f"{since}{isolation}")
    tests = test_words(category.phases, arrive)
    parts.append(tests)
    waiting = [p.until_results for p in category.phases if p.until_results]
    if waiting:
        parts.append("首次检测结果出来前居家" if "first" in waiting and True not in waiting else "检测结果出来前居家")
    parts.append(_entry(category.entry, bool(isolation), bool(tests), _tests_after_entry(category)))
    return "，".join(p for p in parts if p)


def _tests_after_entry(category: Category) -> bool:
    """Does a test fall after the last phase that keeps the person out (a monitoring phase
    during which they may work)?"""
    day, last_kept, last_test = 1, 0, 0
    for phase in category.phases:
        if phase.keeps_out:
            last_kept = day + phase.days - 1
        days = phase.test_days if phase.numbering == "overall" else [day + d - 1 for d in phase.test_days]
        if phase.window:
            days = [day + phase.days - 1]
        last_test = max([last_test, *days])
        day += phase.days
    return bool(last_kept) and last_test > last_kept


def _entry(rule: str, isolation: bool, tests: bool, tests_after: bool = False) -> str:
    """When the person may enter the factory (schedule._entry applies the same rule).

    >>> _entry("after_isolation", True, True), _entry("after_isolation", True, True, tests_after=True)
    ('期满且结果均为阴性后方可进入厂区', '期满且此前的检测结果均为阴性后方可进入厂区，之后仍须按时检测')
    """
    if rule == "loading_zone_only":
        return LOADING_ZONE
    if rule != "after_isolation" or not (isolation or tests):
        return ""
    if isolation and tests_after:
        return "期满且此前的检测结果均为阴性后方可进入厂区，之后仍须按时检测"
    if isolation:
        return "期满且结果均为阴性后方可进入厂区" if tests else "期满后方可进入厂区"
    return "结果均为阴性后方可进入厂区"


def sentence(category: Category, policy: Policy) -> str:
    """The category and its requirement: 境外来晋人员，来晋前48小时内…; "" when nothing."""
    text = requirement(category, policy)
    return f"{category.label}，{text}" if text else ""


def group(category: Category) -> str:
    """Which part of the enterprise notice speaks of this category: staff, trucks or visitors."""
    if set(category.person_types) == {STAFF}:
        return "staff"
    if set(category.person_types) == {TRUCK_CREW}:
        return "trucks"
    return "visitors"


def requirements(policy: Policy) -> dict[str, dict]:
    """Per category key: label, clause, the requirement and the whole sentence."""
    return {c.key: {"label": c.label, "clause": c.clause, "text": requirement(c, policy),
                    "sentence": sentence(c, policy), "group": group(c)} for c in policy.categories}


def group_text(policy: Policy, name: str) -> str:
    """The sentences of one group, joined by ；"""
    return "；".join(s for c in policy.categories if group(c) == name and (s := sentence(c, policy)))


# --- enterprises, trucks, events -------------------------------------------------------------


def business_report_text(policy: Policy) -> str:
    """一（二）③: the enterprise reports business visitors from these origins in advance.

    >>> from xiyuan.rules.policy import load_policy
    >>> business_report_text(load_policy())
    '高风险区、途经高风险区或境外人员来企业开展商务活动的，企业须提前向社区、园区报备'
    """
    if not policy.business_report_origins:
        return ""
    return f"{origin_words(policy.business_report_origins)}人员来企业开展商务活动的，企业须提前向社区、园区报备"


def _truck_category(policy: Policy) -> Category | None:
    return next((c for c in policy.categories if group(c) == "trucks"), None)


def truck_text(policy: Policy) -> str:
    """一（三）: declaration and test hours from [trucks], the landing test from the crew's category.

    >>> from xiyuan.rules.policy import load_policy
    >>> truck_text(load_policy())
    '来晋货车司乘人员提前24小时自主申报，持48小时内核酸阴性证明，入晋后第一时间落地检测'
    """
    crew = _truck_category(policy)
    label = crew.label if crew else "来晋货车司乘人员"
    rules = policy.trucks
    if rules is None:
        return f"{label}无须报备，不查验核酸检测结果"
    parts = [f"{label}提前{rules.declare_hours}小时自主申报", f"持{rules.test_within_hours}小时内核酸阴性证明"]
    if crew is not None:
        parts.append(test_words(crew.phases, "入晋"))
    return "，".join(p for p in parts if p)


def _route_words(size: int, small: str, large: str) -> str:
    """'规模200人以内的，由…，200人以上的，报…' for one origin; routes of "none" are left out
    unless both are none."""
    if small == large:
        return f"不论规模，{ROUTE_PHRASES[small]}"
    bands = [(f"{size}人以内", small), (f"{size}人以上", large)]
    said = [f"{band}的，{ROUTE_PHRASES[route]}" for band, route in bands if route != "none"]
    return "规模" + "，".join(said)


def event_text(policy: Policy) -> str:
    """一（四）: plans, how many days ahead, and the route by size and origin.

    Both bands include the threshold itself ("200人以上" and "200人以内" as the notice says);
    an event of exactly that size takes the stricter route (events.approval_route).

    >>> from xiyuan.rules.policy import load_policy
    >>> event_text(load_policy())  # doctest: +NORMALIZE_WHITESPACE
    '举办商务活动须制定疫情防控工作方案和应急预案，按规模和人员来源提前7天报审批或备案：\
泉州市内人员参与、规模200人以上的，由街道防控办审批并报市防控办备案；\
泉州市外人员参与、规模200人以内的，由街道防控办审批并报市防控办备案，200人以上的，报市防控办审批'
    """
    rules, size = policy.events, policy.event_size
    if rules is None:
        return "举办商务活动无需审批或备案"
    plans = "举办商务活动须制定疫情防控工作方案和应急预案，" if rules.require_plans else "举办商务活动，"
    routes = []
    for who, small, large in ((QUANZHOU, rules.quanzhou_small, rules.quanzhou_large),
                              ("泉州市外", rules.outside_small, rules.outside_large)):
        if small == large == "none":
            continue
        routes.append(f"{who}人员参与、{_route_words(size, small, large)}")
    if not routes:
        return plans + "无需审批或备案"
    return f"{plans}按规模和人员来源提前{policy.event_approval_days}天报审批或备案：" + "；".join(routes)


# --- the template context ---------------------------------------------------------------------


def hours_words(values) -> str:
    """Distinct hour figures of several categories: "48小时", "48/72小时"; "" when none.

    >>> hours_words([48, None, 72, 48]), hours_words([None])
    ('48/72小时', '')
    """
    distinct = sorted({v for v in values if v is not None})
    return "/".join(map(str, distinct)) + "小时" if distinct else ""


def help_figures(policy: Policy) -> dict:
    """The figures the command-line help and summaries quote, from the policy in force."""
    return {
        "number": policy.number, "large_staff": policy.large_enterprise_staff,
        "pre_test": hours_words(c.pre_test_hours for c in policy.categories) or "事前",
        "declare": hours_words(c.declare_hours for c in policy.categories) or "事前",
        "event_days": policy.event_approval_days, "event_clause": policy.events.clause if policy.events else "",
    }


def words(policy: Policy) -> dict:
    """Everything a template may print of the policy, as `policy.…` in the Word templates."""
    return {
        "title": policy.title, "number": policy.number, "issuer": policy.issuer,
        "large_staff": policy.large_enterprise_staff,
        "event_days": policy.event_approval_days, "event_size": policy.event_size,
        "event_clause": policy.events.clause if policy.events else "", "event_text": event_text(policy),
        "truck_clause": policy.trucks.clause if policy.trucks else "",
        "truck_declare_hours": policy.trucks.declare_hours if policy.trucks else "",
        "truck_test_hours": policy.trucks.test_within_hours if policy.trucks else "", "truck_text": truck_text(policy),
        "requirements": requirements(policy),
        "staff_text": group_text(policy, "staff"), "visitor_text": group_text(policy, "visitors"),
        "business_report_clause": policy.business_report_clause,
        "business_report_text": business_report_text(policy),
        "escalation_clause": policy.enterprises.escalation_clause,
        "escalate_after_reminders": policy.escalate_after_reminders,
    }
