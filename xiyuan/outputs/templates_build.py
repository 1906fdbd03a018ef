"""Build the Word templates in templates/ (GB/T 9704 layout, Jinja2 tags for docxtpl).

    xiyuan build-templates [--out templates]

The templates are the office's to edit in Word afterwards; this builder only gives them a
correct starting point. Text in {{ }} and {% %} is filled in by `documents.py`; a missing
value prints as "____". Tags of a paragraph ({%p %}) or table row ({%tr %}) repeat it.

No figure of the policy is typed in here: days, hours, thresholds and clause numbers are
`{{ policy.… }}` values worded by `policy_words.py` from the policy file, so a new policy
file changes every document without touching the templates.
"""

from __future__ import annotations

from pathlib import Path


from xiyuan.outputs import gongwen as g
from xiyuan.outputs.atomic import atomic_path
from xiyuan.outputs.document_kinds import KINDS

# the file each kind's template is saved as (the registry's, so there is one list of kinds)
TEMPLATE_FILES = {key: kind.template for key, kind in KINDS.items()}


def _loop(document, item: str, sequence: str, text: str, style: str = g.S_BODY) -> None:
    """A paragraph repeated for each item of a list."""
    g.paragraph(document, f"{{%p for {item} in {sequence} %}}", style)
    g.paragraph(document, text, style)
    g.paragraph(document, "{%p endfor %}", style)


def _signature(document) -> None:
    g.signature(document, "{{ signer }}", "{{ date }}")


def _imprint(document) -> None:
    """The 版记, on the last page of the document (after any attachment)."""
    g.imprint(document, [("抄送：{{ cc }}。", ""), ("{{ printer }}", "{{ print_date }}印发")])


def _end(document) -> None:
    _signature(document)
    _imprint(document)


def _gongwen(title: str, addressee: str, upward: bool = False):
    """A new 公文: the mark, number (and 签发人 for an upward one) and red rule, the title, and
    the addressee."""
    d = g.new_document()
    g.header_block(d, "{{ mark }}", "{{ number }}", "{{ issuer }}" if upward else None)
    g.title(d, title)
    g.paragraph(d, addressee, g.S_ADDRESSEE)
    return d


def enterprise_notice():
    d = _gongwen("关于落实工业企业疫情防控要求的告知书", "{{ enterprise.name }}：")
    g.paragraph(d, "根据《{{ policy.title }}》（{{ policy.number }}），现将贵企业须落实的疫情防控要求和台账核查情况告知如下，"
                   "请认真对照落实。")
    g.paragraph(d, "一、企业基本情况", g.S_H1)
    g.paragraph(d, "贵企业位于{{ enterprise.address }}，属{{ enterprise.community }}，现有员工{{ enterprise.employees }}人，"
                   "日均外来人员进出{{ enterprise.daily_visitors }}人次。{{ enterprise.status_text }}")
    g.paragraph(d, "二、须落实的防控要求", g.S_H1)
    g.paragraph(d, "（一）差旅人员管理。", g.S_H2)
    g.paragraph(d, "建立因公、因私离开晋江备案管理制度。{{ policy.staff_text }}。")
    g.paragraph(d, "（二）社会面人员出入管理。", g.S_H2)
    g.paragraph(d, "{{ policy.visitor_text }}。{{ policy.business_report_text }}。{{ enterprise.buffer_text }}")
    g.paragraph(d, "（三）货车进出管理。", g.S_H2)
    g.paragraph(d, "督促{{ policy.truck_text }}；落实即装即卸即走、专门装卸区和装卸人员，司乘人员“人不离车、即送即走”。")
    g.paragraph(d, "（四）商务活动管理。", g.S_H2)
    g.paragraph(d, "{{ policy.event_text }}。")
    g.paragraph(d, "（五）企业内部管理。", g.S_H2)
    g.paragraph(d, "出入口设电子哨兵或场所码并测温扫码，建立员工行程台账和体温监测机制，按频次开展全员核酸检测，"
                   "做好保安、保洁、食堂等岗位防护和外包人员闭环管理，定期消杀通风，减少聚集性活动。")
    g.paragraph(d, "三、台账核查发现的问题", g.S_H1)
    g.paragraph(d, "{%p if enterprise.todo %}")
    _loop(d, "item", "enterprise.todo", "{{ loop.index }}. {{ item.message }}")
    g.paragraph(d, "请于{{ deadline }}前整改到位，并将整改情况报{{ enterprise.community }}。")
    g.paragraph(d, "{%p else %}")
    g.paragraph(d, "经核对台账，暂未发现问题，请继续保持。")
    g.paragraph(d, "{%p endif %}")
    g.paragraph(d, "四、联系方式", g.S_H1)
    g.paragraph(d, "挂钩联系干部：{{ enterprise.liaison }}；{{ enterprise.community }}联系人：{{ community.contact }}，"
                   "联系电话：{{ community.phone }}。")
    _end(d)
    return d


def person_notice():
    d = g.new_document()
    g.paragraph(d, "人员核酸检测及隔离告知单", g.S_FORM_TITLE)
    g.paragraph(d, "编号：{{ number }}", g.S_NOTE)
    g.paragraph(d, "{{ person.name }}（身份证号{{ person.id_number }}，手机号{{ person.phone }}）：", g.S_ADDRESSEE)
    g.paragraph(d, "您于{{ person.arrival }}抵达晋江，来源类型为{{ person.origin_type }}（{{ person.origin }}），"
                   "所属或来访企业为{{ person.enterprise }}。根据{{ policy.number }}第{{ person.clause }}项，"
                   "您属于{{ person.category_label }}{% if person.requirement %}，按规定须{{ person.requirement }}{% endif %}。"
                   "请按以下安排落实。")
    g.paragraph(d, "{%p if person.isolation %}")
    _loop(d, "phase", "person.isolation", "{{ phase.label }}：{{ phase.start }}至{{ phase.end }}，地点：{{ phase.place }}。")
    g.paragraph(d, "{%p endif %}")
    g.paragraph(d, "核酸检测安排：", g.S_H3)
    table = g.form_table(d, 3, 4, [3, 8.5, 10.5, 8], header_rows=1)
    for cell, text in zip(table.rows[0].cells, ("序号", "检测日期", "检测项目", "检测地点")):
        cell.paragraphs[0].text = text
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for t in person.tests %}"
    for cell, text in zip(table.rows[2].cells, ("{{ loop.index }}", "{{ t.date }}", "{{ t.label }}", "{{ t.place }}")):
        cell.paragraphs[0].text = text
    extra = table.add_row()
    extra.cells[0].paragraphs[0].text = "{%tr endfor %}"
    g.paragraph(d, "可进入厂区：{{ person.may_enter_text }}。")
    g.paragraph(d, "{%p if person.checks %}")
    _loop(d, "check", "person.checks", "{{ check.label }}：{{ check.status_label }}。{{ check.detail }}。")
    g.paragraph(d, "{%p endif %}")
    g.paragraph(d, "{%p if person.isolating %}")
    g.paragraph(d, "隔离期间请勿外出。")
    g.paragraph(d, "{%p endif %}")
    g.paragraph(d, "如有发热、咳嗽等症状，请立即报告社区并就近就医。检测结果以采样点出具为准。")
    g.blank(d, 1)
    g.keep_together(g.paragraph(d, "本人已知悉并将落实上述要求。本人签名：______________　日期：______________"))
    g.signature(d, "{{ community.name }}（盖章）", "{{ date }}", gap_lines=1)
    return d


def event_form():
    d = g.new_document()
    g.paragraph(d, "商务活动疫情防控审批（报备）表", g.S_FORM_TITLE)
    g.paragraph(d, "编号：{{ number }}　　依据：{{ policy.number }}{{ policy.event_clause }}", g.S_NOTE)
    rows = [
        ("活动名称", "{{ event.name }}"), ("举办企业", "{{ event.organizer }}"), ("活动日期", "{{ event.date }}"),
        ("规模人数", "{{ event.size }}人"), ("参与人员来源", "{{ event.origin }}"),
        ("审批（报备）路径", "{{ event.approval_label }}"), ("申报期限", "{{ event.deadline }}（活动前{{ policy.event_days }}天）"),
        ("企业申报日期", "{{ event.declared }}"), ("疫情防控工作方案", "{{ event.plan }}"),
        ("应急预案", "{{ event.emergency_plan }}"), ("审核提示", "{{ event.notes }}"),
        ("街道防控办意见", "\n\n　　　　　　　　（盖章）　　年　　月　　日"),
        ("市防控办意见（备案/审批）", "\n\n　　　　　　　　（盖章）　　年　　月　　日"),
    ]
    table = g.form_table(d, len(rows), 2, [8, 20])
    for row, (label, value) in zip(table.rows, rows):
        row.cells[0].paragraphs[0].text = label
        row.cells[1].paragraphs[0].text = value
    g.paragraph(d, "说明：{{ event.explanation }}", g.S_NOTE)
    return d


def rectification_notice():
    d = _gongwen("整改通知书", "{{ enterprise.name }}：")
    g.paragraph(d, "根据{{ policy.number }}要求，经督导检查和台账核查，贵企业存在以下疫情防控问题：")
    _loop(d, "item", "findings", "{{ loop.index }}. {{ item.text }}")
    g.paragraph(d, "请于{{ deadline }}前整改到位，并将整改情况书面报{{ enterprise.community }}。"
                   "经多次督促仍拒不落实的，将依照{{ policy.escalation_clause }}上报市工业企业疫情防控专项工作组。")
    g.paragraph(d, "挂钩联系干部：{{ enterprise.liaison }}；联系人：{{ community.contact }}，联系电话：{{ community.phone }}。")
    _end(d)
    return d


def escalation_report():
    d = _gongwen("{{ title }}", "{{ addressee }}：", upward=True)
    g.paragraph(d, "根据{{ policy.number }}第{{ policy.escalation_clause }}项，现将{{ enterprise.community }}辖内"
                   "{{ enterprise.name }}经多次督促仍拒不落实疫情防控措施的情况报告如下。")
    g.paragraph(d, "一、企业基本情况", g.S_H1)
    g.paragraph(d, "{{ enterprise.name }}（统一社会信用代码{{ enterprise.uscc }}），位于{{ enterprise.address }}，"
                   "法定代表人{{ enterprise.legal_rep }}，现有员工{{ enterprise.employees }}人。{{ enterprise.status_text }}")
    g.paragraph(d, "二、督促整改情况", g.S_H1)
    _loop(d, "item", "inspections", "{{ item.date }}督导检查发现：{{ item.problems }}。要求于{{ item.deadline }}前整改，"
                                    "至今已督促{{ item.reminders }}次，仍{{ item.rectification }}。")
    g.paragraph(d, "三、工作建议", g.S_H1)
    g.paragraph(d, "建议专项工作组牵头会同相关职能部门采取综合手段，责成该企业限期落实整改。")
    g.paragraph(d, "特此报告。")
    _end(d)
    return d


def circular():
    d = _gongwen("关于全街道工业企业疫情防控工作情况的通报", "各社区，各有关单位：")
    g.paragraph(d, "为落实{{ policy.number }}要求，现将截至{{ as_of }}全街道工业企业疫情防控工作情况通报如下。")
    g.paragraph(d, "一、总体情况", g.S_H1)
    g.paragraph(d, "全街道{{ totals.communities }}个社区共摸排工业企业{{ totals.enterprises }}家、员工{{ totals.employees }}人，"
                   "其中{{ policy.large_staff }}人以上或人员进出频繁的重点企业{{ totals.key }}家，已设立过渡缓冲区{{ totals.buffer_set }}家；"
                   "制定防控方案和应急预案{{ totals.plans }}家，落实挂钩联系干部{{ totals.liaison }}家；"
                   "开展督导检查{{ totals.inspections }}次，发现问题{{ totals.problems }}个，已整改{{ totals.rectified }}个，"
                   "逾期未整改{{ totals.overdue }}个，应上报{{ totals.escalated }}家；白名单企业{{ totals.white_list }}家；"
                   "“无疫工厂”已创建{{ totals.epidemic_free_done }}家、创建中{{ totals.epidemic_free_doing }}家。")
    g.paragraph(d, "二、各社区进展", g.S_H1)
    g.paragraph(d, "各社区主要指标见下表，按工作落实率由高到低排列。")
    headers = ("排名", "社区", "企业", "员工", "重点企业", "缓冲区", "方案预案", "挂钩干部", "问题/已整改", "落实率")
    table = g.form_table(d, 3, len(headers), [2.2, 4.5, 2.4, 3.2, 2.6, 3, 2.6, 2.6, 3.4, 2.6], g.S_TABLE_SMALL,
                         header_rows=1)
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].text = text
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for c in communities %}"
    values = ("{{ c.rank }}", "{{ c.name }}", "{{ c.enterprises }}", "{{ c.employees }}", "{{ c.key }}",
              "{{ c.buffer_set }}/{{ c.buffer_required }}", "{{ c.plans }}", "{{ c.liaison }}",
              "{{ c.problems }}/{{ c.rectified }}", "{{ c.rate }}")
    for cell, text in zip(table.rows[2].cells, values):
        cell.paragraphs[0].text = text
    table.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    g.paragraph(d, "各社区督导检查、白名单和“无疫工厂”创建情况如下。")
    headers = ("社区", "督导检查", "发现问题", "已整改", "逾期未改", "应上报", "白名单", "无疫工厂已建/在建")
    table = g.form_table(d, 3, len(headers), [4.5, 3, 3, 3, 3, 3, 3, 5], g.S_TABLE_SMALL, header_rows=1)
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].text = text
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for c in communities %}"
    values = ("{{ c.name }}", "{{ c.inspections }}", "{{ c.problems }}", "{{ c.rectified }}", "{{ c.overdue }}",
              "{{ c.escalated }}", "{{ c.white_list }}", "{{ c.epidemic_free_done }}/{{ c.epidemic_free_doing }}")
    for cell, text in zip(table.rows[2].cells, values):
        cell.paragraphs[0].text = text
    table.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    g.paragraph(d, "{{ chart }}", g.S_SIGNATURE)
    g.paragraph(d, "三、存在问题", g.S_H1)
    g.paragraph(d, "{%p if escalations %}")
    _loop(d, "e", "escalations", "{{ e.community }}{{ e.name }}：{{ e.reason }}")
    g.paragraph(d, "{%p else %}")
    g.paragraph(d, "暂无经多次督促仍拒不落实的企业。")
    g.paragraph(d, "{%p endif %}")
    g.paragraph(d, "四、下步工作", g.S_H1)
    g.paragraph(d, "各社区要对照通报问题逐项整改，督促重点企业设立过渡缓冲区、一企一策制定方案预案，"
                   "加快推进“无疫工厂（园区）”创建，对逾期未整改的企业加密督促。")
    g.blank(d, 1)
    g.paragraph(d, "附件：西园街道工业企业疫情防控专项工作组名单及职责", g.S_ATTACHMENT)
    _signature(d)
    # the attachment starts a page by its own heading: a paragraph holding only a page break
    # would itself be pushed to a new page when the signature fills the last line
    g.set_ppr(g.paragraph(d, "附件", g.S_H1)._p.get_or_add_pPr(), "w:pageBreakBefore")
    g.paragraph(d, "西园街道工业企业疫情防控专项工作组名单及职责", g.S_TITLE)
    _loop(d, "m", "roster", "{{ m.role }}：{{ m.name }}（{{ m.post }}）")
    g.paragraph(d, "主要职责：", g.S_H3)
    _loop(d, "duty", "duties", "{{ duty }}")
    _imprint(d)
    return d


def daily_report():
    d = _gongwen("{{ as_of_text }}工业企业疫情防控台账情况报告", "{{ addressee }}：", upward=True)
    g.paragraph(d, "现将{{ as_of_text }}全街道工业企业疫情防控台账情况报告如下。")
    g.paragraph(d, "一、今日数据", g.S_H1)
    g.paragraph(d, "核酸检测阳性{{ figures.positive }}人；今日应检{{ figures.due_today }}人次，逾期未检{{ figures.overdue }}人次；"
                   "今日可进厂{{ figures.may_enter }}人，隔离期满待核验{{ figures.pending }}人；"
                   "已解除隔离和检测要求{{ figures.cleared }}人；今日抵晋货车{{ figures.trucks }}车次，"
                   "本周申报到期的商务活动{{ figures.events }}场。台账待改正错误{{ figures.errors }}处。")
    g.paragraph(d, "二、较上次报告的变化", g.S_H1)
    g.paragraph(d, "{%p if changes %}")
    _loop(d, "change", "changes", "{{ change }}")
    g.paragraph(d, "{%p else %}")
    g.paragraph(d, "{{ no_change_text }}")
    g.paragraph(d, "{%p endif %}")
    g.paragraph(d, "三、需关注事项", g.S_H1)
    _loop(d, "item", "attention", "{{ item }}")
    _end(d)
    return d


BUILDERS = {
    "enterprise": enterprise_notice,
    "person": person_notice,
    "event": event_form,
    "rectification": rectification_notice,
    "escalation": escalation_report,
    "circular": circular,
    "daily": daily_report,
}


def build_templates(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    written = []
    for kind, build in BUILDERS.items():
        target = folder / TEMPLATE_FILES[kind]
        with atomic_path(target) as tmp:
            build().save(tmp)
        written.append(target)
    return written
