"""Writing the community workbooks: one .xlsx per community with every ledger sheet laid out as
that community's clerk keeps it, and the 填表说明 sheet; returns where each record went."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from xiyuan.demo.layouts import HELPER_WIDTHS, SheetLayout, sheet_layout
from xiyuan.demo.model import SUBDISTRICT, Community, Record
from xiyuan.intake import schema
from xiyuan.outputs.atomic import atomic_path
from xiyuan.rules.policy import Policy

NOTE_SHEET = "说明"
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
FIXED_CREATED = dt.datetime(2022, 11, 25)


@dataclass
class Placement:
    """Where a written sheet put its records: Excel row per record, letter per field."""

    sheet: str
    layout: SheetLayout
    rows: dict[int, int] = field(default_factory=dict)  # id(record) -> Excel row (1-based)

    def cell(self, record: Record, key: str) -> str:
        return f"{self.layout.letter_of(key)}{self.rows[id(record)]}"


class WorkbookWriter:
    """Writes one community's workbook; cell formats only for headers, titles and dates."""

    def __init__(self, path: str, community: Community, today: dt.date, policy: Policy):
        self.community = community
        self.today = today
        self.policy = policy
        self.book = xlsxwriter.Workbook(path, WORKBOOK_OPTIONS)
        self.book.set_properties({"created": FIXED_CREATED, "author": f"{SUBDISTRICT}{community.name}",
                                  "title": f"{SUBDISTRICT}{community.name}工业企业疫情防控台账（演示数据）"})
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime_format = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.header_format = self.book.add_format({
            "bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
            "bg_color": "#DDEBF7"})
        self.title_format = self.book.add_format({
            "bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.merged_format = self.book.add_format({"valign": "vcenter"})

    def write_date(self, sheet, row, col, value, cell_format=None):
        """Write handler: every date gets the date format, every date-time the date-time one."""
        if isinstance(value, dt.datetime):
            return sheet.write_datetime(row, col, value, self.datetime_format)
        return sheet.write_datetime(row, col, value, self.date_format)

    def close(self) -> None:
        self.book.close()

    def write_sheet(self, layout: SheetLayout, records: list[Record]) -> Placement:
        sheet = self.book.add_worksheet(layout.role.sheet)
        sheet.add_write_handler(dt.date, self.write_date)
        sheet.add_write_handler(dt.datetime, self.write_date)
        self.set_widths(sheet, layout)
        placement = Placement(layout.role.sheet, layout)
        row = self.write_title(sheet, layout)
        sheet.write_row(row, 0, [header for _, header in layout.columns], self.header_format)
        sheet.freeze_panes(row + 1, 0)
        row += 1
        keys = layout.keys
        has_seq = "_seq" in keys
        for number, record in enumerate(records, 1):
            values = [record.get(key) for key in keys]
            if has_seq:
                values[keys.index("_seq")] = number
            sheet.write_row(row, 0, values)
            placement.rows[id(record)] = row + 1
            row += 1
        if layout.merge_enterprise:
            self.merge_enterprise_cells(sheet, layout, records, placement)
        if layout.footer:
            self.write_footer(sheet, layout, records, row)
        return placement

    def set_widths(self, sheet, layout: SheetLayout) -> None:
        for index, (key, _) in enumerate(layout.columns):
            width = HELPER_WIDTHS.get(key) or layout.role.field(key).width
            sheet.set_column(index, index, width)

    def write_title(self, sheet, layout: SheetLayout) -> int:
        """The merged title row and the blank row under it; returns the header's row index."""
        if not layout.title:
            return 0
        sheet.merge_range(0, 0, 0, len(layout.columns) - 1, layout.title, self.title_format)
        sheet.set_row(0, 28)
        return 2

    def merge_enterprise_cells(self, sheet, layout: SheetLayout, records: list[Record],
                               placement: Placement) -> None:
        """Merge each run of rows of one enterprise in the enterprise column."""
        col = layout.keys.index("enterprise")
        start = 0
        for i in range(1, len(records) + 1):
            if i == len(records) or records[i]["enterprise"] != records[start]["enterprise"]:
                if i - start > 1:
                    first = placement.rows[id(records[start])] - 1
                    last = placement.rows[id(records[i - 1])] - 1
                    sheet.merge_range(first, col, last, col, records[start]["enterprise"], self.merged_format)
                start = i

    def write_footer(self, sheet, layout: SheetLayout, records: list[Record], row: int) -> None:
        """A 合计 row, a blank row and the sign-off row, as clerks print them."""
        totals: list = [None] * len(layout.columns)
        totals[0] = "合计"
        keys = layout.keys
        if "employees" in keys:
            counted = [r["employees"] for r in records if isinstance(r["employees"], int)]
            totals[keys.index("employees")] = sum(counted)
        elif "name" in keys and keys.index("name") != 0:
            totals[keys.index("name")] = f"{len(records)}人"
        elif len(totals) > 1:
            totals[1] = f"共{len(records)}条"
        sheet.write_row(row, 0, totals)
        cadres = self.community.cadres
        sign_off = [f"制表人：{cadres[0]}", f"审核人：{cadres[1]}",
                    f"填报日期：{self.today.year}年{self.today.month}月{self.today.day}日"]
        for i, text in enumerate(sign_off):
            sheet.write_string(row + 2, min(i * 3, len(layout.columns) - 1), text)

    def write_notes(self) -> None:
        sheet = self.book.add_worksheet(NOTE_SHEET)
        sheet.set_column(0, 0, 100)
        community = self.community
        lines = (
            f"{SUBDISTRICT}{community.name}工业企业疫情防控台账 填表说明",
            f"依据：{self.policy.title}（{self.policy.number}）。",
            "1. 企业台账：每家工业企业一行，员工总数应与员工台账中在岗（未离职）人数一致。",
            "2. 员工台账：每名员工一行；身份证号请设为“文本”格式后录入18位号码，手机号填11位。",
            "3. 来晋人员登记：本企业差旅返岗人员、来访人员、货车司乘人员均需登记，时间请写到分钟。",
            "4. 货车登记：同车多名司乘人员可在同一单元格内用“、”分隔，姓名、身份证号、电话按相同顺序填写。",
            f"5. 商务活动：提前{self.policy.event_approval_days}天报批，并附防控方案和应急预案。",
            "6. 督导检查：记录发现问题、整改期限和整改情况；多次督促仍未整改的报市工业企业专班。",
            "7. 核酸检测记录：按隔离和检测要求逐次登记采样时间和结果。",
            "本工作簿为演示数据，所有人员、企业、号码均为随机生成，不对应任何真实个人或单位。",
        )
        for i, line in enumerate(lines):
            sheet.write_string(i, 0, line, self.title_format if i == 0 else None)


def write_community(out_dir: Path, community: Community, today: dt.date, policy: Policy) -> dict[str, Placement]:
    """Write one community's workbook atomically; returns each role's placement."""
    placements: dict[str, Placement] = {}
    with atomic_path(out_dir / community.file) as tmp:
        writer = WorkbookWriter(tmp, community, today, policy)
        for role in schema.ROLES:
            layout = sheet_layout(community, role, today)
            placements[role.key] = writer.write_sheet(layout, community.sheets[role.key])
        writer.write_notes()
        writer.close()
    return placements
