"""A blank community ledger a clerk can start from (`xiyuan new-ledger PATH`).

One sheet per role in `schema.ROLES`, with exactly the schema's labels in row 1, so the reader
recognises every sheet without guessing. The template does what it can to keep Excel from
spoiling values before our checks ever see them: ID-number, phone, credit-code and plate
columns are text, date columns carry a date format, closed lists and yes/no columns offer a
drop-down, count columns accept whole numbers. Validations are of the "warning" type: a clerk
can still keep a variant the reader accepts (在职 for 在岗).

A 说明 sheet comes first: it is what a clerk sees on first opening the file, and it lists every
column of every sheet, whether it is required and how to fill it in.

The file is written atomically and is reproducible byte for byte (fixed document properties;
XlsxWriter stores fixed timestamps in the zip).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from xiyuan.intake import schema
from xiyuan.outputs.atomic import atomic_path
from xiyuan.intake.schema import Field, Role
from xiyuan.outputs.sheet_layout import line_count, row_height

NOTES_SHEET = "说明"
LAST_ROW = 1_048_575  # 0-based index of Excel's last row: validations cover the whole column
CREATED = dt.datetime(2022, 11, 15, 8, 0, 0)  # fixed, so two runs give identical files

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
# SimSun is on every Chinese Windows and in WPS, and its widths are regular (a Chinese
# character is about two digits wide), which keeps the row heights computed below close.
# Scheme "none": the font is SimSun itself, not the theme's body font.
DEFAULT_FONT = {"font_name": "宋体", "font_size": 11, "font_scheme": "none"}

PROPERTIES = {
    "title": "西园街道工业企业疫情防控台账",
    "subject": "社区工业企业疫情防控台账（空白）",
    "author": "西园街道工业企业疫情防控专项工作组",
    "company": "晋江市人民政府西园街道办事处",
    "category": "疫情防控台账",
    "keywords": "晋政西〔2022〕81号, 工业企业, 疫情防控, 台账",
    "comments": "依据晋政西〔2022〕81号制作的空白台账，由 xiyuan-tools 生成。",
    "created": CREATED,
}

# Column formats by kind: text where Excel would eat digits, dates shown as clerks write them.
NUM_FORMATS = {
    schema.ID_NUMBER: "@",
    schema.PHONE: "@",
    schema.USCC: "@",
    schema.PLATE: "@",
    schema.DATE: "yyyy-mm-dd",
    schema.DATETIME: "yyyy-mm-dd hh:mm",
    schema.COUNT: "0",
}

COMMENT_OPTIONS = {"x_scale": 2, "font_name": "宋体", "font_size": 9}  # 256 px wide
COMMENT_WIDTH = 38  # character units of 9-point SimSun in that box
A4 = 9  # XlsxWriter's paper code; offices print A4 (a clerk can still pick A3 for 企业台账)

# ---------------------------------------------------------------- text for the clerk

ROLE_PURPOSE = {
    "enterprises": "辖内工业企业的底数和防控措施落实情况（通知二（一）、二（三）、一（五））。一家企业一行。",
    "employees": "企业员工清单台账（通知二（一））。一名员工一行；员工有变动要及时补录或改状态，不要删行。",
    "arrivals": "差旅返岗员工和来企业开展商务活动的市外来晋人员（通知一（一）、一（二））。一人一次来晋一行。",
    "trucks": "来晋货车及司乘人员的报备信息（通知一（三））。一车一次一行；同车多名司乘人员写在同一行，"
              "姓名、身份证号、电话都用“、”隔开，三栏的先后顺序要一致。",
    "events": "企业举办的商务活动（通知一（四））。一场活动一行。",
    "inspections": "社区和专班对企业的督导检查及整改情况（通知二（四））。一次检查一行。",
    "tests": "核酸检测记录（通知一（一）至一（三））。一人一次检测一行。",
    "trips": "员工因公、因私离开晋江的备案（通知一（一））。一人一次外出一行；返晋后还要在“来晋人员登记”登记。",
}

# Extra words for one column, by (role key, field key) or by field key alone.
FIELD_NOTES: dict[tuple[str, str] | str, str] = {
    "community": "企业所在社区的名称",
    "address": "企业生产经营地址",
    "legal_rep": "法定代表人姓名",
    "officer": "企业防疫专员姓名",
    "name": "与身份证上的姓名一致",
    "post": "如：车间、仓库、保安、保洁、食堂",
    "residence": "现居住地址，写到门牌号",
    "route": "如：厦门—泉州—晋江",
    "event_name": "如：2022年秋季订货会",
    "inspector": "检查人员姓名，多人用“、”隔开",
    "enterprise": "写企业全称，与营业执照一致；各表中同一家企业要写得一模一样",
    ("arrivals", "enterprise"): "本企业员工写所在企业，来访人员写到访企业，写全称",
    "liaison": "社区挂钩联系该企业的干部姓名",
    "employees": "企业员工总人数",
    "daily_visitors": "平均每天外来人员进出厂区的人次",
    "epidemic_free": "“无疫工厂（园区）”创建情况",
    "co_residents": "与员工共同生活的人员姓名，多人用“、”隔开",
    "vaccine_doses": "已接种新冠疫苗的剂次，未接种填0",
    "person_type": "差旅返岗的本企业员工选“本企业员工”",
    "origin_type": "有高风险区7天旅居史选“高风险区”，只是途经的选“途经高风险区”",
    "origin": "具体到市、区（县），如：上海市浦东新区",
    "departure": "离开高风险区（境外来晋的为离境）或出发的时间",
    "declared": "通过“入(返)晋人员自主申报登记”小程序或“晋江12345”公众号申报的时间，应在抵晋前24小时以上",
    ("events", "declared"): "向街道防控办申报的日期，应在活动前7天以上",
    "approval_result": "已批准、审批中或未批准；无需审批的活动不填",
    "reminder_dates": "每次督促的日期，用顿号隔开，如 2022-11-03、2022-11-08",
    "pre_test_time": "离开前48小时内那次核酸检测的采样时间",
    ("trucks", "pre_test_time"): "抵晋前48小时内那次核酸检测的采样时间",
    "business": "是否来晋开展商务活动",
    "reported": "企业向社区报备的日期",
    "entry_mode": "经高速公路入晋选“高速”，经国道、省道等入晋选“国省道”",
    "history_7d": "近7天到过的城市，多个用“、”隔开；没有外出写“无”",
    "vaccination": "如：已接种3剂",
    "size": "参加活动的总人数",
    "participant_origin": "参加人员来源不止一种的，按最远的选（有境外选境外，其次省外）",
    "problems": "检查发现的问题；没有问题可留空",
    "deadline": "要求整改完成的日期",
    "reminders": "已督促整改的次数",
    "test_place": "采样点名称",
    "remark": "其他需要说明的情况",
}

KIND_FORMS = {
    schema.TEXT: "文字",
    schema.ID_NUMBER: "18位居民身份证号（末位可以是X），本列是文本格式",
    schema.USCC: "18位统一社会信用代码（数字和大写字母），见营业执照，本列是文本格式",
    schema.PHONE: "11位手机号；固定电话请带区号（如0595开头），本列是文本格式",
    schema.PLATE: "完整车牌号，如闽C12345，新能源车如闽CD12345，本列是文本格式",
    schema.DATE: "日期，如2022-11-15",
    schema.DATETIME: "日期和时间，如2022-11-15 08:30；不清楚几点的，可只填日期",
}

TIPS = (
    "每张表第1行是栏目名称，请不要修改、删除或调换，也不要在它上面插入标题行。"
    "红字栏目为必填（鼠标移到栏目名称上可看到提示），其余栏目有就填；需要增加栏目的，请加在最右边。",
    "从第2行起一行登记一条记录（每张表登记什么、一行写什么，见下面各表的说明）。"
    "数据行不要合并单元格，也不要空行分隔；同一企业的多名员工，每一行都要写企业名称。",
    "身份证号、手机号、统一社会信用代码、车牌号这几列已设为“文本”格式，请不要改成“常规”或“数值”。"
    "身份证号一旦被Excel当成数字保存，后3位会丢失且无法恢复。从别的表格复制数据时，"
    "请用“选择性粘贴→数值”（WPS为“粘贴为值”），以免把原表的格式一起带过来。",
    "日期写成2022-11-15，日期加时间写成2022-11-15 08:30。不要写成“11.15”这样的小数："
    "Excel会把“11.10”存成11.1，再也分不清是10号还是1号。",
    "带下拉箭头的栏目请从下拉列表中选择。填了列表以外的写法时Excel会提示，确认无误可点“是”保留。",
    "人数、剂次、次数等栏目只填整数，不要加“人”“约”等字。",
    "台账含身份证号、手机号等个人信息，请妥善保管，不要在微信群等公开渠道转发。",
)

CHINESE_NUMERALS = "一二三四五六七八九十"


def ordinal(index: int) -> str:
    """0 -> 一, 9 -> 十, 10 -> 十一: section numbers in the notes."""
    number = index + 1
    if number <= 10:
        return CHINESE_NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def choices(item: Field) -> list[str]:
    """The drop-down options of a yes/no or closed-list column, else []."""
    if item.kind == schema.YESNO:
        return ["是", "否"]
    if item.kind == schema.VOCAB:
        return list(schema.VOCABULARIES[item.key])
    return []


def requirement(item: Field) -> str:
    """必填 / 可留空 / 选填, as the notes sheet says it."""
    if item.required_value:
        return "必填"
    if item.required_column:
        return "可留空（栏目要保留）"
    return "选填"


def accepted_form(role: Role, item: Field) -> str:
    """How to fill in one column, in Chinese."""
    options = choices(item)
    if options:
        form = "下拉选择：" + "、".join(options)
    elif item.kind == schema.COUNT:
        form = "整数（不加“人”“约”等字）"
        if item.minimum > 0:
            form += f"，至少为{item.minimum}"
    else:
        form = KIND_FORMS.get(item.kind, KIND_FORMS[schema.TEXT])
    note = FIELD_NOTES.get((role.key, item.key)) or FIELD_NOTES.get(item.key)
    if note:
        form = f"{note}。{form}" if form != KIND_FORMS[schema.TEXT] else note
    if item.multi:
        form += "；同车多人用“、”隔开，顺序与司乘人员姓名一致" if item.key != "name" else "；同车多人用“、”隔开"
    return form


def role_purpose(role: Role) -> str:
    return ROLE_PURPOSE.get(role.key, role.title)


# ---------------------------------------------------------------- layout helpers


class Formats:
    """Every cell format the template uses, made once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        add = workbook.add_format
        header = {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                  "bg_color": "#DDEBF7", "border": 1, "border_color": "#9BC2E6"}
        self.header = add(header)
        self.header_required = add({**header, "font_color": "#C00000"})
        self.columns = {kind: add({"num_format": fmt}) for kind, fmt in NUM_FORMATS.items()}
        cell = {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        self.title = add({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        self.paragraph = add({"text_wrap": True, "valign": "top"})
        self.heading = add({"bold": True, "font_size": 12, "valign": "vcenter", "bottom": 2,
                            "bottom_color": "#2F75B5"})
        self.table_head = add({**cell, "bold": True, "bg_color": "#DDEBF7", "align": "center",
                               "valign": "vcenter"})
        self.table_cell = add(cell)
        self.table_center = add({**cell, "align": "center"})
        self.table_required = add({**cell, "align": "center", "bold": True, "font_color": "#C00000"})


# ---------------------------------------------------------------- the notes sheet

NOTE_COLUMNS = (("列", 6), ("栏目", 22), ("是否必填", 12), ("填写要求", 70))
NOTE_WIDTH = sum(width for _, width in NOTE_COLUMNS)


def _paragraph(sheet, row: int, text: str, fmt) -> int:
    """A wrapped paragraph across the notes columns; returns the next row."""
    sheet.merge_range(row, 0, row, len(NOTE_COLUMNS) - 1, text, fmt)
    sheet.set_row(row, row_height(line_count(text, NOTE_WIDTH)))
    return row + 1


def _heading(sheet, row: int, text: str, fmt) -> int:
    """A section heading across the notes columns; returns the next row."""
    sheet.merge_range(row, 0, row, len(NOTE_COLUMNS) - 1, text, fmt)
    sheet.set_row(row, 22)
    return row + 1


def _notes_intro(workbook_roles: tuple[Role, ...]) -> str:
    sheets = "、".join(role.sheet for role in workbook_roles)
    return (
        "本台账供各社区按照《晋江市人民政府西园街道办事处关于进一步加强工业企业疫情防控管理工作"
        "有关事项的通知》（晋政西〔2022〕81号）的要求，登记辖内工业企业的疫情防控情况。"
        f"共{len(workbook_roles)}张表：{sheets}。没有内容的表保留空表即可，不要删除。"
        "填好的台账可用台账检查工具检查，检查结果会指出有问题的表、行和列。"
    )


def _notes_role_section(sheet, row: int, index: int, role: Role, formats: Formats) -> int:
    """One sheet's section: a heading, what it is for, then one row per column."""
    row = _heading(sheet, row + 1, f"{ordinal(index)}、{role.sheet}", formats.heading)  # after a blank line
    row = _paragraph(sheet, row, role_purpose(role), formats.paragraph)
    for col, (title, _) in enumerate(NOTE_COLUMNS):
        sheet.write_string(row, col, title, formats.table_head)
    row += 1
    for col_index, item in enumerate(role.fields):
        form = accepted_form(role, item)
        need_format = formats.table_required if item.required_value else formats.table_center
        sheet.write_string(row, 0, xl_col_to_name(col_index), formats.table_center)
        sheet.write_string(row, 1, item.label, formats.table_cell)
        sheet.write_string(row, 2, requirement(item), need_format)
        sheet.write_string(row, 3, form, formats.table_cell)
        lines = max(line_count(form, NOTE_COLUMNS[3][1]), line_count(item.label, NOTE_COLUMNS[1][1]))
        sheet.set_row(row, row_height(lines))
        row += 1
    return row


def write_notes_sheet(workbook: xlsxwriter.Workbook, formats: Formats, roles: tuple[Role, ...],
                      activate: bool = True) -> None:
    """The 说明 sheet; `activate` makes it the sheet the file opens on (off when another sheet comes first)."""
    sheet = workbook.add_worksheet(NOTES_SHEET)
    sheet.set_tab_color("#F4B084")
    sheet.hide_gridlines(2)
    for col, (_, width) in enumerate(NOTE_COLUMNS):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, len(NOTE_COLUMNS) - 1, "西园街道工业企业疫情防控台账 填写说明", formats.title)
    sheet.set_row(0, 36)
    row = _paragraph(sheet, 1, _notes_intro(roles), formats.paragraph)
    row = _heading(sheet, row + 1, "填写须知", formats.heading)  # after a blank line
    for number, tip in enumerate(TIPS, start=1):
        row = _paragraph(sheet, row, f"{number}. {tip}", formats.paragraph)
    for index, role in enumerate(roles):
        row = _notes_role_section(sheet, row, index, role, formats)
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if activate:
        sheet.activate()


# ---------------------------------------------------------------- one ledger sheet


def _validation(role: Role, item: Field) -> dict | None:
    """The data-validation options for one column, or None."""
    title = item.label[:32]  # Excel's limit for a prompt title
    hint = accepted_form(role, item)[:255]
    options = choices(item)
    if options:
        listed = "、".join(options)
        return {
            "validate": "list", "source": options,
            "input_title": title, "input_message": f"请从下拉列表选择：{listed}",
            "error_type": "warning", "error_title": "不在下拉列表中",
            "error_message": f"“{item.label}”请从下拉列表选择：{listed}。\n如确需保留这种写法，请点“是”。"[:255],
        }
    if item.kind == schema.COUNT:
        limits = ({"criteria": "between", "minimum": item.minimum, "maximum": item.maximum}
                  if item.maximum is not None else {"criteria": ">=", "value": item.minimum})
        return {
            "validate": "integer", **limits,
            "input_title": title, "input_message": hint,
            "error_type": "warning", "error_title": "请填写整数",
            "error_message": f"“{item.label}”应填整数，不要加“人”“约”等字。\n如确需保留，请点“是”。",
        }
    if item.kind in KIND_FORMS and item.kind != schema.TEXT:
        return {"validate": "any", "input_title": title, "input_message": hint}
    return None


def comment_options(text: str) -> dict:
    """A note box tall enough for its text (the default box is 74 px high)."""
    lines = line_count(text, COMMENT_WIDTH)
    return {**COMMENT_OPTIONS, "y_scale": round(max(1.0, (lines * 16 + 12) / 74), 2)}


def header_height(role: Role) -> float:
    lines = max(line_count(item.label, item.width) for item in role.fields)
    return max(row_height(lines), 30)


def write_role_sheet(workbook: xlsxwriter.Workbook, formats: Formats, role: Role) -> None:
    sheet = workbook.add_worksheet(role.sheet)
    sheet.set_comments_author(PROPERTIES["author"])
    last_col = len(role.fields) - 1
    for col, item in enumerate(role.fields):
        sheet.set_column(col, col, item.width, formats.columns.get(item.kind))
        required = item.required_value
        sheet.write_string(0, col, item.label, formats.header_required if required else formats.header)
        if required:
            note = f"必填\n{accepted_form(role, item)}"
            sheet.write_comment(0, col, note, comment_options(note))
        options = _validation(role, item)
        if options:
            sheet.data_validation(1, col, LAST_ROW, col, options)
    sheet.set_row(0, header_height(role))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, 0, last_col)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)


# ---------------------------------------------------------------- the workbook


def _target(path: str | os.PathLike) -> Path:
    """The file to write: .xlsx is added when the name has no extension."""
    target = Path(path)
    if not target.suffix:
        return target.with_name(target.name + ".xlsx")
    if target.suffix.lower() != ".xlsx":
        raise ValueError(f"空白台账只能保存为 .xlsx 文件，不能保存为“{target.suffix}”：{target}")
    return target


def workbook_options() -> dict:
    """Fresh options for each workbook: XlsxWriter writes into the font dict it is given."""
    return {**WORKBOOK_OPTIONS, "default_format_properties": dict(DEFAULT_FONT)}


def write_ledger_sheets(workbook: xlsxwriter.Workbook, formats: Formats, roles: tuple[Role, ...] = schema.ROLES,
                        activate_notes: bool = True) -> None:
    """The 说明 sheet, then one sheet per role (the button workbook puts its panel before them)."""
    write_notes_sheet(workbook, formats, roles, activate=activate_notes)
    for role in roles:
        write_role_sheet(workbook, formats, role)


def build_workbook(workbook: xlsxwriter.Workbook, roles: tuple[Role, ...] = schema.ROLES) -> None:
    workbook.set_properties(dict(PROPERTIES))
    write_ledger_sheets(workbook, Formats(workbook), roles)


def write_blank_ledger(path: str | os.PathLike) -> Path:
    """Write a blank ledger to `path` (adding .xlsx if it has no extension); return the path.

    An existing file is replaced (the CLI asks for --force first); the new file appears all at
    once or not at all, so a failure leaves the old one as it was.
    """
    target = _target(path)
    with atomic_path(target) as tmp:
        workbook = xlsxwriter.Workbook(tmp, workbook_options())
        build_workbook(workbook)
        workbook.close()
    return target
