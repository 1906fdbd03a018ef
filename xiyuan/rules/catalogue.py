"""The words of every statement a rule makes, per audience (see statements.py).

One entry per code: the parameters it takes and one template for each audience - the clerk
(sheets, alerts, console: what to check, whom to press), the enterprise (notices: 贵企业, 请…)
and the city (reports upward: facts). Figures are parameters, filled from the policy and the
ledgers; no template types in a number the policy sets. Dates are dates: the clerk reads
2022-11-25, a document 2022年11月25日 ("{day:md}": month and day only).

The findings of the field checks have their own table (checks/codes.py): they speak to the clerk only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

CLERK, ENTERPRISE, CITY = "clerk", "enterprise", "city"
AUDIENCES = (CLERK, ENTERPRISE, CITY)


@dataclass(frozen=True)
class Entry:
    params: tuple[str, ...]
    clerk: str
    enterprise: str
    city: str

    def template(self, audience: str) -> str:
        return getattr(self, audience)

    @functools.cached_property
    def param_set(self) -> frozenset:
        return frozenset(self.params)


def same(params: str, text: str) -> Entry:
    """A statement worded alike for everyone (a name, a fact)."""
    return Entry(tuple(params.split()), text, text, text)


def entry(params: str, clerk: str, enterprise: str, city: str) -> Entry:
    return Entry(tuple(params.split()), clerk, enterprise, city)


MESSAGES: dict[str, Entry] = {
    # --- terms used inside other statements -------------------------------------------------
    "term.pre_test": same("", "离开前核酸检测"),
    "term.test": same("", "核酸检测"),
    "term.departure": same("", "离开风险区（出发）"),
    "term.departure_abroad": same("", "出发"),
    "term.arrival": same("", "抵晋"),
    "route.none": same("", "无需审批"),
    "route.subdistrict": same("", "街道防控办审批并报市防控办备案"),
    "route.city": same("", "报市防控办审批"),

    # --- time windows (time_windows.py) -------------------------------------------------------
    "window.no_test": same("what", "未填写{what}时间"),
    "window.no_event": same("what event hours", "未填写{event}时间，无法判断{what}是否在{hours}小时内"),
    "window.after_event": same("what event test at", "{what}时间{test}晚于{event}时间{at}"),
    "window.within": same("what event gap hours", "{what}在{event}前{gap}，符合{hours}小时内的要求"),
    "window.too_early": same("what event gap hours", "{what}在{event}前{gap}，超过{hours}小时"),
    "window.day_after_event": same("what event test at", "{what}日期{test}晚于{event}日期{at}"),
    "window.same_day": entry("what event", "{what}与{event}是同一天，只有日期无法判断先后，请核实具体时间",
                             "{what}与{event}是同一天，需核实具体时间", "{what}与{event}是同一天，需核实具体时间"),
    "window.days_within": same("what event days hours", "{what}日期与{event}日期相差{days}天，必在{hours}小时内"),
    "window.days_verify": entry("days hours", "只有日期（相差{days}天），无法确定是否在{hours}小时内，请核实具体时间",
                                "登记只有日期，需核实是否在{hours}小时内", "登记只有日期，需核实是否在{hours}小时内"),
    "window.days_too_early": same("what event days hours", "{what}日期与{event}日期相差{days}天，超过{hours}小时"),
    "window.no_declaration": same("", "未填写自主申报时间"),
    "window.no_arrival": same("", "未填写抵晋时间，无法判断是否提前申报"),
    "window.declared_in_time": same("gap hours", "提前{gap}申报，符合提前{hours}小时的要求"),
    "window.declared_after": same("gap", "申报时间晚于抵晋时间{gap}，未按要求提前申报"),
    "window.declared_short": same("gap hours", "只提前{gap}申报，不足{hours}小时"),
    "window.declared_days_ok": same("days hours", "申报日期比抵晋日期早{days}天，必已提前{hours}小时"),
    "window.declared_days_verify": entry("days hours", "只有日期（早{days}天），无法确定是否提前{hours}小时，请核实具体时间",
                                         "登记只有日期，需核实是否提前{hours}小时申报", "登记只有日期，需核实是否提前{hours}小时申报"),
    "window.declared_same_day": same("hours", "申报日期与抵晋日期是同一天，不足{hours}小时"),
    "window.declared_days_short": same("days hours", "申报日期比抵晋日期早{days}天，不足{hours}小时"),
    "window.declared_day_after": same("", "申报日期晚于抵晋日期，未按要求提前申报"),

    # --- key enterprises: why (enterprises.py) -------------------------------------------------
    "key.staff": entry("employees source threshold", "员工{employees}人（据{source}），达到{threshold}人以上（含{threshold}人）",
                       "现有员工{employees}人，达到{threshold}人以上", "现有员工{employees}人，达到{threshold}人以上"),
    "key.traffic_marked": entry("", "台账标记为“人员进出频繁”", "经社区核定为人员进出频繁企业", "经社区核定为人员进出频繁企业"),
    "key.traffic_threshold": entry(
        "visitors threshold",
        "日均外来人员进出{visitors}人次，达到街道设定的“进出频繁”标准（{threshold}人次，通知未规定具体数字）",
        "日均外来人员进出{visitors}人次，达到街道“人员进出频繁”的标准（{threshold}人次）",
        "日均外来人员进出{visitors}人次，达到街道“人员进出频繁”的标准（{threshold}人次）"),

    # --- enterprise flags ----------------------------------------------------------------------
    "white_list": entry("", "白名单企业：属产业链或民生保供重点企业，保障不停工停产。",
                        "贵企业已列入白名单，请在落实防控措施的同时保障生产经营。",
                        "该企业已列入白名单（产业链或民生保供重点企业）。"),
    "buffer_zone_missing": entry(
        "threshold",
        "属{threshold}人以上或人员进出频繁企业，外来人员过渡缓冲区未设立，请督促设立并实行食、宿、行闭环管理。",
        "贵企业属重点关注企业，尚未设立外来人员过渡缓冲区，请设立并对外来人员实行食、宿、行闭环管理。",
        "该企业属重点关注企业，尚未设立外来人员过渡缓冲区。"),
    "buffer_zone_unrecorded": entry(
        "threshold",
        "属{threshold}人以上或人员进出频繁企业，外来人员过渡缓冲区未填写，请核实并督促设立，实行食、宿、行闭环管理。",
        "贵企业属重点关注企业，台账未登记外来人员过渡缓冲区，未设立的请设立并对外来人员实行食、宿、行闭环管理。",
        "该企业属重点关注企业，台账未登记外来人员过渡缓冲区。"),
    "plan_missing": entry("", "尚未制定疫情防控工作方案，请督促企业制定。", "尚未制定疫情防控工作方案，请制定。",
                          "尚未制定疫情防控工作方案。"),
    "plan_unrecorded": entry("", "台账未填写是否已制定疫情防控工作方案，请督促企业制定。",
                             "台账未登记疫情防控工作方案，未制定的请制定。", "台账未登记疫情防控工作方案。"),
    "emergency_plan_missing": entry("", "尚未制定应急处置预案，请督促企业制定。", "尚未制定应急处置预案，请制定。",
                                    "尚未制定应急处置预案。"),
    "emergency_plan_unrecorded": entry("", "台账未填写是否已制定应急处置预案，请督促企业制定。",
                                       "台账未登记应急处置预案，未制定的请制定。", "台账未登记应急处置预案。"),
    "task_group_missing": entry("", "尚未设立防疫专班，请督促企业设立。", "尚未设立防疫专班，请设立。", "尚未设立防疫专班。"),
    "task_group_unrecorded": entry("", "台账未填写是否已设立防疫专班，请督促企业设立。",
                                   "台账未登记防疫专班，未设立的请设立。", "台账未登记防疫专班。"),
    "officer_missing": entry("", "未填写防疫专员，请配置防疫专员。", "未登记防疫专员，请配置防疫专员并报社区。",
                             "未配置防疫专员。"),
    "liaison_missing": entry("", "未填写挂钩联系干部，请落实社区挂钩联系干部。", "未登记挂钩联系干部，请与社区对接挂钩联系干部。",
                             "未落实社区挂钩联系干部。"),
    "internal.missing": entry("item", "{item}未落实。", "{item}尚未落实，请按要求落实。", "{item}未落实。"),
    "internal.unrecorded": entry("item", "{item}未填写。", "台账未登记{item}，请落实并报社区。", "台账未登记{item}。"),
    "escalate": entry(
        "deadline reminders",
        "整改期限{deadline}已过，经{reminders}次督促仍未落实，应上报市工业企业疫情防控专项工作组。",
        "整改期限{deadline}已过，经{reminders}次督促仍未落实，将上报市工业企业疫情防控专项工作组。",
        "整改期限{deadline}已过，经{reminders}次督促仍未落实。"),
    "escalate.no_deadline": entry(
        "reminders",
        "经{reminders}次督促仍未落实（未填写整改期限，请补填），应上报市工业企业疫情防控专项工作组。",
        "经{reminders}次督促仍未落实，将上报市工业企业疫情防控专项工作组。",
        "经{reminders}次督促仍未落实（未定整改期限）。"),
    "rectification_overdue": entry(
        "count needed",
        "有{count}项整改已过期限，请继续督促（满{needed}次仍不落实的上报）。",
        "有{count}项整改已过期限，请尽快整改。",
        "有{count}项整改已过期限。"),

    # --- inspections (inspections.py) ----------------------------------------------------------
    "inspection.no_problem": same("", "检查未发现问题。"),
    "inspection.rectified": same("", "发现的问题已整改。"),
    "inspection.escalate": entry(
        "deadline reminders needed clause",
        "整改期限{deadline}已过，已督促{reminders}次仍未落实，达到“多次督促”标准（{needed}次），应上报市工业企业疫情防控专项工作组（{clause}）。",
        "整改期限{deadline}已过，已督促{reminders}次仍未落实，将上报市工业企业疫情防控专项工作组（{clause}）。",
        "整改期限{deadline}已过，已督促{reminders}次仍未落实（{clause}）。"),
    "inspection.escalate_no_deadline": entry(
        "reminders needed clause",
        "问题未整改，已督促{reminders}次仍未落实，达到“多次督促”标准（{needed}次），应上报市工业企业疫情防控专项工作组（{clause}）；请补填整改期限。",
        "问题未整改，已督促{reminders}次仍未落实，将上报市工业企业疫情防控专项工作组（{clause}）。",
        "问题未整改，已督促{reminders}次仍未落实，未定整改期限（{clause}）。"),
    "inspection.overdue": entry(
        "deadline reminders needed clause",
        "整改期限{deadline}已过，已督促{reminders}次，请继续督促（满{needed}次仍不落实的上报，{clause}）。",
        "整改期限{deadline}已过，请尽快整改。",
        "整改期限{deadline}已过，已督促{reminders}次。"),
    "inspection.no_deadline": entry("", "问题未整改，且未填写整改期限，请补填期限。", "问题尚未整改，请尽快整改。",
                                    "问题未整改，未定整改期限。"),
    "inspection.in_progress": same("deadline", "问题整改中，期限{deadline}。"),

    # --- business events (events.py) ----------------------------------------------------------
    "event.quanzhou_large": same("size limit", "泉州市内人员参与、规模{size}人，属{limit}人以上（含{limit}人）"),
    "event.quanzhou_small": same("size limit", "泉州市内人员参与、规模{size}人，不足{limit}人"),
    "event.outside_at_limit": same("origin limit route",
                                   "{origin}人员参与、规模恰为{limit}人，既属“{limit}人以内”也属“{limit}人以上”，按从严的“{route}”办理"),
    "event.outside_large": same("origin size limit", "{origin}人员参与、规模{size}人，属{limit}人以上"),
    "event.outside_small": same("origin size limit", "{origin}人员参与、规模{size}人，属{limit}人以内"),
    "event.route": same("why route", "{why}，{route}。"),
    "event.no_requirement": same("number", "{number}对商务活动未规定审批或报备。"),
    "event.route_deadline": same("why route deadline", "{why}，{route}，须于{deadline}前申报。"),
    "event.not_covered_route": same("origin why route", "参与人员来自{origin}（通知未作规定，按省外从严）；{why}，{route}。"),
    "event.not_covered_route_deadline": same(
        "origin why route deadline", "参与人员来自{origin}（通知未作规定，按省外从严）；{why}，{route}，须于{deadline}前申报。"),
    "event.unknown": same("missing", "{missing}未填写或填写有误（见问题清单），无法判断审批路径，请改正。"),
    "event.origin_not_covered": entry(
        "origin",
        "参与人员来源“{origin}”通知未作规定，按省外人员从严办理，请街道防控办确认。",
        "参与人员来源“{origin}”通知未作规定，按省外人员从严办理。",
        "参与人员来源“{origin}”通知未作规定，已按省外人员从严办理。"),
    "event.not_declared": entry(
        "deadline days route",
        "尚未申报，须在{deadline}前（活动前{days}天）提交{route}。",
        "尚未申报，请在{deadline}前（活动前{days}天）提交{route}。",
        "尚未申报，期限为{deadline}（活动前{days}天），应提交{route}。"),
    "event.not_declared_late": entry(
        "deadline days route",
        "尚未申报，须在{deadline}前（活动前{days}天）提交{route}——已过期限。",
        "尚未申报，申报期限{deadline}（活动前{days}天）已过，请立即提交{route}。",
        "尚未申报，期限{deadline}（活动前{days}天）已过，应提交{route}。"),
    "event.declared_in_future": entry("declared as_of", "申报日期{declared}晚于今天（{as_of}），不能算已申报，请核对台账。",
                                      "申报日期{declared}晚于今天（{as_of}），不能算已申报，请核对。",
                                      "申报日期{declared}晚于统计日（{as_of}），未计为已申报。"),
    "event.held_without_approval": entry("date route result",
                                         "活动已于{date}举办，应{route}，但审批结果为“{result}”：属未经审批举办，请核查并报告。",
                                         "活动已于{date}举办，应{route}，但未取得审批：属未经审批举办，请说明情况。",
                                         "活动已于{date}举办，应{route}，审批结果为“{result}”，属未经审批举办。"),
    "event.rejected": entry("route", "审批未通过（{route}），活动不得举办，请告知企业。", "审批未通过，活动不得举办。",
                            "审批未通过，活动不得举办。"),
    "event.late": same("declared deadline days", "申报日期{declared}晚于期限{deadline}（须提前{days}天）。"),
    "event.plan_missing": entry("", "未制定疫情防控工作方案，活动前必须制定。", "未制定疫情防控工作方案，请在活动前制定。",
                                "未制定疫情防控工作方案。"),
    "event.emergency_plan_missing": entry("", "未制定应急预案，活动前必须制定。", "未制定应急预案，请在活动前制定。",
                                          "未制定应急预案。"),

    # --- trucks (trucks.py) --------------------------------------------------------------------
    "truck.fields_missing": same("fields", "报备信息不全：缺{fields}。"),
    **{f"truck.declaration_{status}": same("hours detail", "提前{hours}小时申报：{detail}。")
       for status in ("missing", "late", "verify")},
    **{f"truck.test_{status}": same("hours detail", "{hours}小时内核酸：{detail}。")
       for status in ("missing", "late", "verify")},
    "truck.test_not_negative": same("result", "核酸结果为“{result}”，不得进入厂区作业。"),
    "truck.history_high_risk": entry("history hits", "近7天旅居史“{history}”涉及{hits}，请街道专班研判。",
                                     "近7天旅居史“{history}”涉及{hits}，请配合街道专班核查。",
                                     "近7天旅居史“{history}”涉及{hits}。"),
    "truck.explanation_ok": same("place", "报备齐全，入晋后第一时间到{place}落地检测；装卸时“人不离车、即送即走”。"),
    "truck.explanation_problems": same("count place",
                                       "有{count}项问题，入晋后第一时间到{place}落地检测；装卸时“人不离车、即送即走”。"),
    "truck.all_declared": same("", "报备齐全"),
    "truck.occupant_missing": entry("who fields", "司乘人员{who}缺{fields}，请补全。", "司乘人员{who}缺{fields}，请补报。",
                                    "司乘人员{who}缺{fields}。"),
    "truck.who": same("who detail", "{who}：{detail}"),
    "truck.landing_test_missing": entry("who arrival", "司乘人员{who}{arrival}入晋，核酸检测记录中没有落地检测，请核实。",
                                        "司乘人员{who}{arrival}入晋，未查到落地检测记录，请尽快检测。",
                                        "司乘人员{who}{arrival}入晋，未查到落地检测记录。"),
    # --- trips (trips.py) -----------------------------------------------------------------------
    "trip.requirement": same("category text clause", "返晋后按{category}管理：{text}（{clause}）"),
    "trip.no_requirement": same("number", "{number}对返晋未规定检测或隔离"),
    "trip.returned": same("arrival", "已于{arrival}返晋，已在来晋人员登记中登记。"),
    "trip.unregistered": entry("destination back requirement",
                               "从{destination}返晋的日期{back}已到，来晋人员登记中还没有此人，请核实是否已返回并补登记；{requirement}。",
                               "从{destination}返晋的日期{back}已到，请向社区登记返晋情况；{requirement}。",
                               "从{destination}返晋的日期{back}已到，尚未登记返晋。"),
    "trip.returning_soon": entry("destination back requirement",
                                 "预计{back}从{destination}返晋，请提前告知：{requirement}。",
                                 "预计{back}从{destination}返晋，请提前做好准备：{requirement}。",
                                 "预计{back}从{destination}返晋。"),
    "trip.away": same("destination back requirement", "外出至{destination}，预计{back}返晋；{requirement}。"),
    "today.trip_returning": same("back", "预计{back}返晋"),
    "today.trip_unregistered": same("back", "{back}应返晋，尚未登记"),
    "truck.no_requirement": same("number", "{number}对来晋货车未规定报备或检测要求。"),

    # --- people (people.py) -----------------------------------------------------------------------
    "person.no_category": same("person_type origin_type",
                               "人员类型“{person_type}”、来源类型“{origin_type}”不对应通知中的任何一类人员"),
    "person.category": same("person_type origin_type origin category clause",
                            "{person_type}，来源为{origin_type}（{origin}），属{category}（{clause}）"),
    "person.cannot_schedule": same("why", "{why}，暂时无法排出日程。"),
    "person.no_requirement": same("why number", "{why}；{number}对此类人员未规定检测或隔离。"),
    "check.departure": same("", "离开风险区日期"),
    "check.departure_missing": entry("", "政策自离开风险区之日起算，台账未填“离开日期”，暂按抵晋日起算，请补填",
                                     "政策自离开风险区之日起算，请告知离开日期，暂按抵晋日起算",
                                     "未填离开风险区日期，暂按抵晋日起算"),
    "check.pre_test": same("hours", "离开前{hours}小时内核酸检测"),
    "check.arrival_test": same("hours", "持{hours}小时内核酸阴性证明"),
    "check.declaration": same("hours", "提前{hours}小时自主申报"),
    "check.business_report": same("", "企业提前向社区、园区报备"),
    "check.report_to_community": same("", "主动向属地社区报告"),
    "check.pre_test_positive": same("", "离开前核酸检测结果为阳性"),
    "check.test_positive": same("", "核酸检测结果为阳性"),
    "check.not_tested": same("", "登记为未检测"),
    "check.report_missing": entry("origin_type enterprise",
                                  "{origin_type}来晋开展商务活动，企业未报备，请督促“{enterprise}”补报",
                                  "{origin_type}来晋开展商务活动，企业未报备，请“{enterprise}”补报",
                                  "{origin_type}来晋开展商务活动，企业未报备"),
    "check.report_late": same("reported arrival", "报备日期{reported}晚于抵晋日期{arrival}"),
    "check.report_ok": same("reported", "已于{reported}报备"),
    "check.report_to_community_verify": entry(
        "", "通知要求途中做好个人防护并及时向属地社区报告，请社区核实是否已报告",
        "通知要求途中做好个人防护并及时向属地社区报告，请主动报告",
        "通知要求途中做好个人防护并及时向属地社区报告，社区正在核实"),
    "entry.unknown": same("", "无法确定人员类别或抵晋日期，请补全“人员类型”“来源类型”“抵晋时间”。"),
    "entry.no_requirement": same("number", "{number}对此类人员未设进入厂区的限制"),
    "entry.positive": entry("", "核酸检测结果为阳性，不得进入厂区，请立即报告并按规定处置",
                            "核酸检测结果为阳性，不得进入厂区，请听从社区安排", "核酸检测结果为阳性，不得进入厂区，社区正在按规定处置"),
    "entry.cleared": same("count clause", "隔离期满且{count}次核酸检测均为阴性（{clause}）"),
    "entry.pending": same("count", "隔离期满后，{count}次核酸检测全部阴性方可进入厂区；目前尚未全部核验（待核验）"),
    "entry.loading_zone": same("clause", "货车司乘人员不进入厂区活动，在装卸区“人不离车、即送即走”（{clause}）"),
    "entry.unrestricted": entry("clause", "通知对此类人员未设进入厂区的限制（{clause}）",
                                "可正常进入厂区，请按要求完成核酸检测", "无进入厂区的限制（{clause}）"),
    "explain.category": same("category clause arrival", "{category}（{clause}），{arrival}抵晋"),
    "explain.phase": same("label start end", "{label}{start:md}至{end:md}"),
    "explain.one_test": same("day", "应于{day:md}检测1次"),
    "explain.tests": same("days count", "应于{days:md}各检测1次（共{count}次）"),
    "explain.positive": same("", "核酸检测阳性，不得进入厂区，须立即报告"),
    "explain.may_enter": same("day", "全部阴性后{day}起可进入厂区"),
    "explain.no_requirement": same("", "通知未规定检测或隔离"),
    "explain.sentence": same("parts", "{parts}。"),

    # --- notices and reports: the enterprise as a document speaks of it (documents.py) -----------
    "notice.key": entry("reasons", "属于重点关注企业（{reasons}）。", "经摸排，贵企业{reasons}，属于重点关注企业。",
                        "经摸排，该企业{reasons}，属于重点关注企业。"),
    "notice.size_unknown": entry(
        "limit",
        "台账未登记员工人数和人员进出情况，无法判断是否属于{limit}人以上或人员进出频繁企业，请补录。",
        "台账未登记贵企业的员工人数和人员进出情况，暂无法判断是否属于{limit}人以上或人员进出频繁企业，请尽快报送。",
        "台账未登记该企业的员工人数和人员进出情况，暂无法判断是否属于{limit}人以上或人员进出频繁企业。"),
    "notice.not_key": entry("limit", "不属于{limit}人以上或人员进出频繁企业。", "贵企业不属于{limit}人以上或人员进出频繁企业。",
                            "该企业不属于{limit}人以上或人员进出频繁企业。"),
    "notice.buffer": entry(
        "limit",
        "属{limit}人以上或人员进出频繁企业，须筛选具备闭环管理条件的场所设立外来人员过渡缓冲区，对外来人员食、宿、行实行过渡闭环管理。",
        "贵企业属{limit}人以上或人员进出频繁企业，须筛选具备闭环管理条件的场所设立外来人员过渡缓冲区，对外来人员食、宿、行实行过渡闭环管理。",
        "该企业属{limit}人以上或人员进出频繁企业，须筛选具备闭环管理条件的场所设立外来人员过渡缓冲区，对外来人员食、宿、行实行过渡闭环管理。"),
    "notice.with_clause": same("finding policy clause", "{finding}（依据{policy}第{clause}项）。"),
    "notice.inspection": same("day problems deadline state", "{day}督导检查发现：{problems}（整改期限{deadline}，{state}）。"),
    "notice.inspection_no_deadline": same("day problems state", "{day}督导检查发现：{problems}（未定整改期限，{state}）。"),
    "notice.attention": same("kind community enterprise subject detail", "【{kind}】{community}{enterprise}：{subject}，{detail}。"),
    "notice.may_enter": same("day", "{day}起，且全部核酸检测结果为阴性"),
    "change.since": same("day", "（与{day}相比）"),

    # --- today (due_today.py) ------------------------------------------------------------------
    "today.positive": entry("", "核酸检测结果为阳性，不得进入厂区，请立即报告并按规定处置",
                            "核酸检测结果为阳性，不得进入厂区，请听从社区安排", "核酸检测结果为阳性，不得进入厂区，社区正在按规定处置"),
    "today.due": same("label place", "{label}，{place}"),
    "today.overdue": same("label day", "{label}应于{day}检测，未见记录"),
    "today.overdue_one_of_two": same("label day", "{label}应于{day}采样两次，只见一次记录"),
    "today.may_enter": same("", "检测全部阴性，今日起可进入厂区"),
    "today.pending_entry": same("", "隔离今日期满，但检测结果未全部核验，核验后方可进厂"),
    "today.truck": same("place problems", "落地检测：{place}；{problems}"),
    "today.event_declared": same("route deadline", "{route}，期限{deadline}，已申报"),
    "today.event_not_declared": same("route deadline", "{route}，期限{deadline}，尚未申报"),
}
