"""The policy as data: load and check a policy file (TOML) into typed rules.

The default file for 晋政西〔2022〕81号 ships in xiyuan/policies/; `--policy FILE` loads
another. Every problem in a file is reported in Chinese with the key it concerns, so the
office can fix a policy file without reading code.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from xiyuan.intake.schema import INTERNAL_ITEMS, VOCABULARIES

DEFAULT_POLICY = Path(__file__).parents[1] / "policies" / "jinzhengxi-2022-81.toml"
DAY_ONE = ("arrival", "day_after_arrival")
COUNT_FROM = ("arrival", "departure")  # day 1 is the day of arrival, or of leaving the risk area
ENTRY_RULES = ("after_isolation", "not_restricted", "loading_zone_only")
ISOLATION_KINDS = ("home", "centralised")
MONITORING_KINDS = ("home_monitoring", "self_monitoring")  # 居家健康监测, 自我健康监测
PHASE_KINDS = (*ISOLATION_KINDS, *MONITORING_KINDS, "none")
NUMBERING = ("phase", "overall")  # test days counted from the phase's first day, or from day 1
ROUTES = ("none", "subdistrict", "city")
# A place key usable in phases besides those under [places]: chosen by the truck's entry route.
ROUTE_PLACE = "expressway_or_convenience"


class PolicyError(Exception):
    """A policy file that cannot be used; the message names the file and the key."""

    def __init__(self, path: str, key: str, problem: str):
        self.path, self.key, self.problem = path, key, problem
        where = f"中的“{key}”" if key else ""
        super().__init__(f"政策文件《{Path(path).name}》{where}{problem}。请改正后再试。")


@dataclass(frozen=True)
class TestWindow:
    """N tests within the phase, at least `hours_apart` apart (三天两检: 2 tests in 3 days)."""
    count: int
    hours_apart: int


@dataclass(frozen=True)
class Phase:
    kind: str  # an isolation, a health-monitoring period, or none (tests only)
    label: str
    days: int
    test_days: tuple[int, ...]  # numbered as `numbering` says
    place: str  # a key of Policy.places, or ROUTE_PLACE
    numbering: str = "phase"
    double_sampling: tuple[int, ...] = ()  # test days that need two samples (双采双检)
    enter_during: bool = False  # monitoring: may the person enter the factory during it
    first_test_within_hours: int | None = None  # the first test is due within N hours of arrival
    window: TestWindow | None = None  # instead of test_days
    until_results: bool | str = False  # stay home until this phase's results are in ("first": its first one)

    @property
    def isolates(self) -> bool:
        return self.kind in ISOLATION_KINDS

    @property
    def monitors(self) -> bool:
        return self.kind in MONITORING_KINDS

    @property
    def has_period(self) -> bool:
        """Shown as a period with a start and an end (isolation or monitoring)."""
        return self.kind != "none"

    @property
    def keeps_out(self) -> bool:
        """The person may not enter the factory during this phase."""
        return self.isolates or (self.monitors and not self.enter_during) or self.until_results


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    clause: str
    person_types: tuple[str, ...]
    origin_types: tuple[str, ...]
    entry: str
    phases: tuple[Phase, ...] = ()
    pre_test_hours: int | None = None
    declare_hours: int | None = None
    test_within_hours_of_arrival: int | None = None
    report_to_community: bool = False
    count_from: str = "arrival"

    def matches(self, person_type: str | None, origin_type: str | None) -> bool:
        return person_type in self.person_types and origin_type in self.origin_types


@dataclass(frozen=True)
class TruckRules:
    clause: str
    declare_hours: int
    test_within_hours: int
    landing_place: dict[str, str]
    high_risk_keywords: tuple[str, ...]
    high_risk_areas: tuple[str, ...]


@dataclass(frozen=True)
class EventRules:
    clause: str
    quanzhou_large: str
    quanzhou_small: str
    outside_small: str
    outside_large: str
    treat_as_outside: tuple[str, ...]
    require_plans: bool


@dataclass(frozen=True)
class EnterpriseRules:
    buffer_zone_clause: str
    plans_clause: str
    escalation_clause: str
    white_list_clause: str
    required_items: tuple[str, ...]
    internal_items: dict[str, str]  # item key -> clause


@dataclass(frozen=True)
class Policy:
    source: str
    number: str
    title: str
    issuer: str
    effective: dt.date
    day_one: str
    places: dict[str, str]
    large_enterprise_staff: int
    frequent_traffic_daily: int
    escalate_after_reminders: int
    event_approval_days: int
    event_size: int
    categories: tuple[Category, ...]
    business_report_clause: str
    business_report_origins: tuple[str, ...]
    trucks: TruckRules | None  # None: the rule set asks nothing of trucks
    events: EventRules | None  # None: events need no approval or filing
    enterprises: EnterpriseRules
    late_sample_counts: bool = True  # a sample taken after its day (补检) satisfies the test
    escalate_without_deadline: bool = False  # 二（四）: reminders alone suffice when no deadline was set

    def category_for(self, person_type: str | None, origin_type: str | None) -> Category | None:
        for category in self.categories:
            if category.matches(person_type, origin_type):
                return category
        return None

    def place(self, key: str, entry_mode: str | None = None) -> str:
        if key == ROUTE_PLACE:
            if self.trucks and entry_mode in self.trucks.landing_place:
                return self.places[self.trucks.landing_place[entry_mode]]
            return f"{self.places['expressway']}（经高速入晋）或{self.places['convenience']}（其他道路入晋）"
        return self.places[key]


# --- reading ----------------------------------------------------------------------------


class _Reader:
    """Typed access to a parsed TOML document, raising PolicyError with the key's path."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, key: str, problem: str):
        raise PolicyError(self.path, key, problem)

    def only(self, data: dict, allowed, path: str) -> None:
        """A key the loader does not know is a typo that would silently drop a rule."""
        for key in data:
            if key not in allowed:
                full = f"{path}.{key}" if path else key
                self.fail(full, f"不是政策文件认识的项，是否拼错了（可用：{'、'.join(allowed)}）")

    def table(self, data: dict, key: str, path: str = "") -> dict:
        full = f"{path}.{key}" if path else key
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(full, "缺失或不是一个表（应写成 [" + full + "]）")
        return value

    def value(self, data: dict, key: str, kind, path: str, default=...):
        full = f"{path}.{key}" if path else key
        if key not in data:
            if default is not ...:
                return default
            self.fail(full, "缺失")
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            self.fail(full, f"应为{_KIND_NAMES.get(kinds[0], '')}，不能是 true/false")
        if not isinstance(value, kinds):
            if dt.date in kinds and isinstance(value, str):
                self.fail(full, f"应为日期，写成 {value.strip()} 这样、不加引号（这里是带引号的文字“{value}”）")
            self.fail(full, f"应为{_KIND_NAMES.get(kinds[0], kinds[0].__name__)}，这里是“{value}”")
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                self.fail(full, "不能为负数")
            ceiling = 720 if key.endswith("hours") else 366 if key in ("days", "event_approval_days") else 1_000_000
            if value > ceiling:
                self.fail(full, f"太大（{value}），不能超过{ceiling}，请核对")
        return value

    def strings(self, data: dict, key: str, path: str, allowed=None, default=...) -> tuple[str, ...]:
        full = f"{path}.{key}" if path else key
        values = self.value(data, key, list, path, default)
        if not all(isinstance(v, str) for v in values):
            self.fail(full, "应为文字的列表，如 [\"高风险区\", \"境外\"]")
        if allowed is not None:
            for v in values:
                if v not in allowed:
                    self.fail(full, f"含有未知的值“{v}”，可用的值：{'、'.join(allowed)}")
        return tuple(values)

    def choice(self, data: dict, key: str, path: str, allowed, default=...) -> str:
        value = self.value(data, key, str, path, default)
        if value not in allowed:
            self.fail(f"{path}.{key}" if path else key, f"只能是 {'、'.join(allowed)} 之一，这里是“{value}”")
        return value


_KIND_NAMES = {str: "文字", int: "整数", list: "列表", dict: "表", bool: "true 或 false", dt.date: "日期（如 2022-11-15）"}


def load_policy(path: str | Path | None = None) -> Policy:
    """Load and check a policy file; the default is 晋政西〔2022〕81号."""
    path = Path(path) if path else DEFAULT_POLICY
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad's "UTF-8" starts with a BOM
    except FileNotFoundError:
        raise PolicyError(str(path), "", "找不到") from None
    except UnicodeDecodeError:
        raise PolicyError(str(path), "", "不是UTF-8编码的文本文件") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), "", toml_error_words(exc, text)) from None
    return _policy_from(data, _Reader(str(path)))


def toml_error_words(exc: Exception, text: str) -> str:
    """A TOML syntax error in Chinese, with its line: tomllib says it in English.

    >>> def words(text):
    ...     try:
    ...         tomllib.loads(text)
    ...     except tomllib.TOMLDecodeError as exc:
    ...         return toml_error_words(exc, text)
    >>> words('days = 7\\ntest_days = = [1, 3]')
    '第2行格式有误（“test_days = = [1, 3]”）：检查引号、括号是否成对，等号两边是否写全，同一项是否写了两次'
    >>> words('test_days = [1, 3')
    '文件末尾格式有误：有没有配对的引号或括号（[ ]、{ }、" "），请从最后改过的地方查起'
    """
    import re

    found = re.search(r"line (\d+)", str(exc))
    if not found:
        return "文件末尾格式有误：有没有配对的引号或括号（[ ]、{ }、\" \"），请从最后改过的地方查起"
    number = int(found.group(1))
    lines = text.splitlines()
    shown = lines[number - 1].strip()[:40] if 0 < number <= len(lines) else ""
    array = re.match(r"\[\[\s*([\w.]+)\s*\]\]", shown)
    single = array and next((n for n, line in enumerate(lines[:number - 1], 1)
                             if re.match(rf"\[\s*{re.escape(array.group(1))}\s*\]\s*(#.*)?$", line.strip())), None)
    if single:
        name = array.group(1)
        return f"第{single}行的“[{name}]”与第{number}行的“[[{name}]]”混用了：每一段都要以 [[{name}]]（两层方括号）开头"
    quoted = f"（“{shown}”）" if shown else ""
    return f"第{number}行格式有误{quoted}：检查引号、括号是否成对，等号两边是否写全，同一项是否写了两次"


def _policy_from(data: dict, r: _Reader) -> Policy:
    r.only(data, ("document", "places", "thresholds", "categories", "business_report", "trucks", "events",
                  "enterprises"), "")
    document = r.table(data, "document")
    r.only(document, ("number", "title", "issuer", "effective", "day_one", "late_sample_counts"), "document")
    heading = {key: r.value(document, key, str, "document") for key in ("number", "title", "issuer")}
    effective = r.value(document, "effective", dt.date, "document")
    day_one = r.choice(document, "day_one", "document", DAY_ONE)
    places = r.table(data, "places")
    r.only(places, ("convenience", "centralised", "expressway", "home"), "places")
    for key in ("convenience", "centralised", "expressway", "home"):
        r.value(places, key, str, "places")
    thresholds = r.table(data, "thresholds")
    r.only(thresholds, ("large_enterprise_staff", "frequent_traffic_daily", "escalate_after_reminders",
                        "event_approval_days", "event_size", "escalate_without_deadline"), "thresholds")
    numbers = {key: r.value(thresholds, key, int, "thresholds") for key in (
        "large_enterprise_staff", "frequent_traffic_daily", "escalate_after_reminders",
        "event_approval_days", "event_size")}
    categories = _categories(data, r, places)
    # optional: a rule set with no business-visitor report asks none
    business = data.get("business_report", {"clause": "", "origin_types": []})
    if not isinstance(business, dict):
        r.fail("business_report", "应为一个表")
    r.only(business, ("clause", "origin_types"), "business_report")
    origins = tuple(VOCABULARIES["origin_type"])
    return Policy(
        late_sample_counts=r.value(document, "late_sample_counts", bool, "document", True),
        escalate_without_deadline=r.value(thresholds, "escalate_without_deadline", bool, "thresholds", False),
        source=r.path,
        effective=effective,
        day_one=day_one,
        places=dict(places),
        categories=categories,
        business_report_clause=r.value(business, "clause", str, "business_report", ""),
        business_report_origins=r.strings(business, "origin_types", "business_report", origins),
        trucks=_trucks(data, r, places) if "trucks" in data else None,
        events=_events(data, r) if "events" in data else None,
        enterprises=_enterprises(data, r),
        **heading,
        **numbers,
    )


_CATEGORY_KEYS = ("key", "label", "clause", "person_types", "origin_types", "entry", "phases", "pre_test_hours",
                  "declare_hours", "test_within_hours_of_arrival", "report_to_community", "count_from")
_PHASE_KEYS = ("kind", "label", "days", "test_days", "place", "numbering", "double_sampling", "enter_during",
               "first_test_within_hours", "tests", "hours_apart", "until_results")


def _categories(data: dict, r: _Reader, places: dict) -> tuple[Category, ...]:
    items = data.get("categories", [])
    if not isinstance(items, list):
        r.fail("categories", "每一类人员要以 [[categories]]（两层方括号）开头，这里写成了 [categories]")
    person_types = tuple(VOCABULARIES["person_type"])
    origin_types = tuple(VOCABULARIES["origin_type"])
    found = []
    for number, item in enumerate(items, 1):
        path = f"categories[{number}]"
        if not isinstance(item, dict):
            r.fail(path, "应为一个表")
        r.only(item, _CATEGORY_KEYS, path)
        phases = _phases(item, r, places, path)
        entry = r.choice(item, "entry", path, ENTRY_RULES)
        if entry == "after_isolation" and not any(p.keeps_out for p in phases):
            r.fail(f"{path}.entry", "是 after_isolation（期满后方可进厂），但这一类没有隔离或不可进厂的监测阶段："
                                    "请加上隔离阶段，或改为 not_restricted")
        if entry != "after_isolation" and any(p.keeps_out for p in phases):
            r.fail(f"{path}.entry", f"是 {entry}，但这一类有隔离、不可进厂的健康监测或“结果出来前居家”（until_results）："
                                    "请改为 after_isolation，或去掉这些阶段")
        found.append(Category(
            key=r.value(item, "key", str, path),
            label=r.value(item, "label", str, path),
            clause=r.value(item, "clause", str, path),
            person_types=r.strings(item, "person_types", path, person_types),
            origin_types=r.strings(item, "origin_types", path, origin_types),
            entry=entry,
            phases=phases,
            pre_test_hours=r.value(item, "pre_test_hours", int, path, None),
            declare_hours=r.value(item, "declare_hours", int, path, None),
            test_within_hours_of_arrival=r.value(item, "test_within_hours_of_arrival", int, path, None),
            report_to_community=r.value(item, "report_to_community", bool, path, False),
            count_from=r.choice(item, "count_from", path, COUNT_FROM, "arrival"),
        ))
    keys = [c.key for c in found]
    for key in keys:
        if keys.count(key) > 1:
            r.fail("categories", f"中有两类的 key 都是“{key}”")
    _no_overlaps(found, r)
    return tuple(found)


def _no_overlaps(categories: list[Category], r: _Reader) -> None:
    """Two categories claiming the same person type and origin: the second would never apply."""
    claimed: dict[tuple[str, str], int] = {}
    for number, category in enumerate(categories, 1):
        for person_type in category.person_types:
            for origin_type in category.origin_types:
                first = claimed.setdefault((person_type, origin_type), number)
                if first != number:
                    r.fail(f"categories[{number}]", f"与 categories[{first}] 都包括“{person_type}”且来源为“{origin_type}”"
                                                   "：同一种人只能属于一类，请从其中一类删去")


def _phases(item: dict, r: _Reader, places: dict, path: str) -> tuple[Phase, ...]:
    phases, start = [], 1  # start: the phase's first day, counted over the whole schedule
    for p_number, phase in enumerate(r.value(item, "phases", list, path), 1):
        p_path = f"{path}.phases[{p_number}]"
        if not isinstance(phase, dict):
            r.fail(p_path, "应写成 { kind = …, days = …, test_days = […], place = … }")
        r.only(phase, _PHASE_KEYS, p_path)
        days = r.value(phase, "days", int, p_path)
        if days < 1:
            r.fail(f"{p_path}.days", "至少为1天")
        numbering = r.choice(phase, "numbering", p_path, NUMBERING, "phase")
        first, last = (start, start + days - 1) if numbering == "overall" else (1, days)
        window = None
        if "tests" in phase:
            if "test_days" in phase:
                r.fail(f"{p_path}.tests", "与 test_days 只能写一个：固定检测日写 test_days，“几天几检”写 tests")
            count = r.value(phase, "tests", int, p_path)
            apart = r.value(phase, "hours_apart", int, p_path, 24)
            if count < 1:
                r.fail(f"{p_path}.tests", "至少为1次")
            if apart < 1:
                r.fail(f"{p_path}.hours_apart", "至少为1小时")
            if count > days or (count - 1) * -(-apart // 24) > days - 1:
                r.fail(f"{p_path}.tests", f"{days}天内做不完{count}次、间隔{apart}小时的检测")
            window = TestWindow(count, apart)
            test_days = ()
        elif "hours_apart" in phase:
            r.fail(f"{p_path}.hours_apart", "只用于“几天几检”（tests = …）；固定检测日（test_days）不用写")
        else:
            test_days = tuple(r.value(phase, "test_days", list, p_path))
            for day in test_days:
                if not isinstance(day, int) or isinstance(day, bool) or not first <= day <= last:
                    where = f"本阶段（总第{first}到{last}天）" if numbering == "overall" else f"1到{days}之间"
                    r.fail(f"{p_path}.test_days", f"每个检测日应为{where}的整数，这里有“{day}”")
            repeated = sorted({d for d in test_days if test_days.count(d) > 1})
            if repeated:
                r.fail(f"{p_path}.test_days", f"第{'、'.join(map(str, repeated))}天写了两次；同一天两次采样请用 double_sampling")
        double = tuple(r.value(phase, "double_sampling", list, p_path, []))
        if double and window:
            r.fail(f"{p_path}.double_sampling", "只用于固定检测日（test_days），不能和“几天几检”（tests）一起用")
        for day in double:
            if not isinstance(day, int) or isinstance(day, bool):
                r.fail(f"{p_path}.double_sampling", f"应为检测日的数字，如 [7]，这里有“{day}”")
            if day not in test_days:
                r.fail(f"{p_path}.double_sampling", f"第{day}天不是本阶段的检测日（test_days）")
        place = r.value(phase, "place", str, p_path)
        if place not in places and place != ROUTE_PLACE:
            r.fail(f"{p_path}.place", f"“{place}”不在 [places] 中")
        kind = r.choice(phase, "kind", p_path, PHASE_KINDS)
        if "enter_during" in phase and kind not in MONITORING_KINDS:
            r.fail(f"{p_path}.enter_during", "只用于健康监测阶段（kind = home_monitoring 或 self_monitoring）")
        within = r.value(phase, "first_test_within_hours", int, p_path, None)
        if within is not None and (p_number != 1 or not (first in test_days or window)):
            r.fail(f"{p_path}.first_test_within_hours", "只用于第一个阶段，且该阶段第1天要检测")
        phases.append(Phase(kind, r.value(phase, "label", str, p_path), days, tuple(sorted(test_days)), place,
                            numbering=numbering, double_sampling=tuple(sorted(double)),
                            enter_during=r.value(phase, "enter_during", bool, p_path, False),
                            first_test_within_hours=within, window=window,
                            until_results=_until_results(phase, r, p_path)))
        start += days
    return tuple(phases)


def _until_results(phase: dict, r: _Reader, path: str) -> bool | str:
    value = phase.get("until_results", False)
    if value not in (True, False, "first"):
        r.fail(f"{path}.until_results", f"只能是 true（全部结果出来前居家）、\"first\"（第一次结果出来前居家）或 false，这里是“{value}”")
    return value


def _trucks(data: dict, r: _Reader, places: dict) -> TruckRules:
    t = r.table(data, "trucks")
    r.only(t, ("clause", "declare_hours", "test_within_hours", "landing_place", "high_risk_keywords",
               "high_risk_areas"), "trucks")
    landing = r.value(t, "landing_place", dict, "trucks")
    for mode, place in landing.items():
        if not isinstance(place, str):
            r.fail(f"trucks.landing_place.{mode}", f"应为一个地点的名字，如 \"expressway\"，这里是“{place}”")
        if mode not in VOCABULARIES["entry_mode"]:
            r.fail(f"trucks.landing_place.{mode}", f"不是入晋方式（可用：{'、'.join(VOCABULARIES['entry_mode'])}）")
        if place not in places:
            r.fail(f"trucks.landing_place.{mode}", f"“{place}”不在 [places] 中")
    return TruckRules(
        clause=r.value(t, "clause", str, "trucks"),
        declare_hours=r.value(t, "declare_hours", int, "trucks"),
        test_within_hours=r.value(t, "test_within_hours", int, "trucks"),
        landing_place=dict(landing),
        high_risk_keywords=r.strings(t, "high_risk_keywords", "trucks", default=[]),
        high_risk_areas=r.strings(t, "high_risk_areas", "trucks", default=[]),
    )


def _events(data: dict, r: _Reader) -> EventRules:
    e = r.table(data, "events")
    r.only(e, ("clause", "quanzhou_large", "quanzhou_small", "outside_small", "outside_large", "treat_as_outside",
               "require_plans"), "events")
    return EventRules(
        clause=r.value(e, "clause", str, "events"),
        quanzhou_large=r.choice(e, "quanzhou_large", "events", ROUTES),
        quanzhou_small=r.choice(e, "quanzhou_small", "events", ROUTES),
        outside_small=r.choice(e, "outside_small", "events", ROUTES),
        outside_large=r.choice(e, "outside_large", "events", ROUTES),
        treat_as_outside=r.strings(e, "treat_as_outside", "events", tuple(VOCABULARIES["participant_origin"]), default=[]),
        require_plans=r.value(e, "require_plans", bool, "events", True),
    )


_ENTERPRISE_ITEMS = ("plan", "emergency_plan", "task_group", "officer", "liaison")


def _enterprises(data: dict, r: _Reader) -> EnterpriseRules:
    e = r.table(data, "enterprises")
    r.only(e, ("buffer_zone_clause", "plans_clause", "escalation_clause", "white_list_clause", "required_items",
               "internal_items"), "enterprises")
    return EnterpriseRules(
        buffer_zone_clause=r.value(e, "buffer_zone_clause", str, "enterprises"),
        plans_clause=r.value(e, "plans_clause", str, "enterprises"),
        escalation_clause=r.value(e, "escalation_clause", str, "enterprises"),
        white_list_clause=r.value(e, "white_list_clause", str, "enterprises"),
        required_items=r.strings(e, "required_items", "enterprises", _ENTERPRISE_ITEMS),
        internal_items=_internal_items(e, r),
    )


def _internal_items(e: dict, r: _Reader) -> dict[str, str]:
    items = r.value(e, "internal_items", dict, "enterprises")
    for key, clause in items.items():
        if key not in INTERNAL_ITEMS:
            r.fail(f"enterprises.internal_items.{key}", f"不是台账中的内部管理项目（可用：{'、'.join(INTERNAL_ITEMS)}）")
        if not isinstance(clause, str):
            r.fail(f"enterprises.internal_items.{key}", "应为条款文字，如 \"一（五）①\"")
    return dict(items)
