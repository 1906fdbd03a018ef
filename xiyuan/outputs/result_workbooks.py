"""Result workbooks of `flag`, `schedule`, `events` and `today` (--out FILE.xlsx).

Each sheet is a plain table: frozen header, filter, widths, Chinese columns. ID numbers and
phones are masked unless the caller asks for them in full (internal use only). All values
are written as strings or numbers with formula conversion off.
"""

from __future__ import annotations

import os
from pathlib import Path

import xlsxwriter

from xiyuan.rules.assess import Assessment
from xiyuan.rules.events import ROUTE_LABELS
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.outputs.atomic import atomic_path
from xiyuan.checks.fields.phone import mask as mask_phone
from xiyuan.outputs.issue_report import WORKBOOK_OPTIONS, print_setup
from xiyuan.intake.provenance import mark_workbook
from xiyuan.outputs.sheet_layout import fitted_height
from xiyuan.text import cell_value
from xiyuan.rules.people import CHECK_STATUS_LABELS, PERSON_STATUS_LABELS, TEST_STATUS_LABELS
from xiyuan.rules.due_today import KINDS, Today

def write_tables(target: str | os.PathLike, sheets: list[tuple[str, list[tuple[str, int]], list[list]]]) -> Path:
    """sheets: (name, [(header, width)], rows)."""
    target = Path(target)
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        mark_workbook(book, "、".join(name for name, _, _ in sheets))
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        for name, columns, rows in sheets:
            sheet = book.add_worksheet(name)
            for col, (title, width) in enumerate(columns):
                sheet.set_column(col, col, width, wrap)
                sheet.write_string(0, col, title, header)
            widths = [width for _, width in columns]
            for r, row in enumerate(rows, 1):
                row = [cell_value(value) for value in row]
                height = fitted_height(row, widths)
                if height:
                    sheet.set_row(r, height)
                for c, value in enumerate(row):
                    if isinstance(value, str):
                        sheet.write_string(r, c, value, wrap)
                    else:
                        sheet.write_number(r, c, value, wrap)
            sheet.freeze_panes(1, 0)
            print_setup(sheet)
            sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        book.close()
    return target


def _id(value: str | None, full: bool) -> str:
    return (value or "") if full else mask_id(value or "")


def _phone(value: str | None, full: bool) -> str:
    return (value or "") if full else mask_phone(value or "")


def enterprise_sheet(assessment: Assessment):
    columns = [("社区", 10), ("企业名称", 28), ("统一社会信用代码", 21), ("员工数", 8), ("重点企业", 8),
               ("重点原因", 40), ("需设缓冲区", 9), ("已设缓冲区", 9), ("白名单", 7), ("需整改事项", 60),
               ("应上报", 7), ("挂钩联系干部", 10), ("依据条款", 16)]
    rows = []
    for r in assessment.enterprises:
        e = r.enterprise
        todo = [f.message for f in r.flags if f.code != "white_list"]
        clauses = sorted({f.clause for f in r.reasons + r.flags})
        rows.append([r.community, e.enterprise, e.uscc, r.employees, r.key, "；".join(f.message for f in r.reasons),
                     r.buffer_zone_required, e.buffer_zone, bool(e.white_list), "\n".join(todo), r.escalate,
                     e.liaison, "、".join(clauses)])
    return "重点企业标记", columns, rows


def truck_sheet(assessment: Assessment, full: bool = False):
    columns = [("社区", 10), ("车牌号", 11), ("到访企业", 26), ("计划抵晋时间", 16), ("入晋方式", 8),
               ("落地检测点", 20), ("司乘人员", 30), ("报备是否齐全", 8), ("问题", 60)]
    rows = []
    for r in assessment.trucks:
        t = r.truck
        people = "；".join(f"{o.name or ''} {_id(o.id_number, full)} {_phone(o.phone, full)}".strip() for o in t.occupants)
        rows.append([r.community, t.plate, t.enterprise, t.planned_arrival, t.entry_mode, r.landing_place,
                     people, r.ok, "\n".join(f.message for f in r.flags)])
    return "货车报备核查", columns, rows


def inspection_sheet(assessment: Assessment):
    columns = [("社区", 10), ("企业", 26), ("检查日期", 11), ("发现问题", 36), ("整改期限", 11), ("整改情况", 9),
               ("督促次数", 8), ("已逾期", 7), ("应上报", 7), ("说明", 50)]
    rows = [[r.community, r.inspection.enterprise, r.inspection.inspection_date, r.inspection.problems,
             r.inspection.deadline, r.inspection.rectification, r.reminders, r.overdue,
             r.escalate, r.explanation] for r in assessment.inspections]
    return "督导整改", columns, rows


def people_sheets(assessment: Assessment, full: bool = False):
    people_columns = [("社区", 10), ("所属或来访企业", 24), ("姓名", 8), ("身份证号", 20), ("手机号", 13),
                      ("人员类别", 22), ("依据条款", 9), ("抵晋日期", 11), ("隔离安排", 30), ("可进厂日期", 11),
                      ("状态", 10), ("事前核查", 40), ("说明", 60)]
    test_columns = [("社区", 10), ("所属或来访企业", 24), ("姓名", 8), ("身份证号", 20), ("手机号", 13),
                    ("检测日期", 11), ("检测项目", 22), ("检测地点", 24), ("状态", 9), ("结果", 7), ("依据条款", 9)]
    people, tests = [], []
    for s in assessment.people:
        p = s.person
        who = [s.community, p.enterprise, p.name, _id(p.id_number, full), _phone(p.phone, full)]
        isolation = "；".join(f"{i.label}{i.start}至{i.end}" for i in s.isolation)
        checks = "；".join(f"{c.label}：{CHECK_STATUS_LABELS[c.status]}（{c.detail}）" for c in s.checks)
        people.append(who + [s.category.label if s.category else "无法判断", s.clause, s.arrival, isolation,
                             s.may_enter or s.may_enter_reason, PERSON_STATUS_LABELS[s.status], checks, s.explanation])
        for t in s.tests:
            tests.append(who + [t.date, t.label, t.place, TEST_STATUS_LABELS[t.status], t.result, s.clause])
    sheets = [("人员日程", people_columns, people), ("检测日程", test_columns, tests)]
    if assessment.trips:
        sheets.append(trip_sheet(assessment, full))
    return sheets


def trip_sheet(assessment: Assessment, full: bool = False):
    from xiyuan.rules.trips import TRIP_STATUS_LABELS

    columns = [("社区", 10), ("所属企业", 24), ("姓名", 8), ("身份证号", 20), ("手机号", 13), ("出行事由", 8),
               ("目的地", 16), ("目的地类型", 12), ("离开日期", 11), ("预计返回日期", 11), ("状态", 12), ("说明", 70)]
    rows = []
    for r in assessment.trips:
        t = r.trip
        rows.append([r.community, t.enterprise, t.name, _id(t.id_number, full), _phone(t.phone, full), t.trip_type,
                     t.destination, t.destination_type, t.leave_date, t.expected_return,
                     TRIP_STATUS_LABELS[r.status], r.explanation])
    return "差旅备案", columns, rows


def event_sheet(assessment: Assessment):
    columns = [("社区", 10), ("活动名称", 26), ("举办企业", 26), ("活动日期", 11), ("规模人数", 8), ("参与人员来源", 10),
               ("审批路径", 26), ("申报期限", 11), ("申报日期", 11), ("逾期申报", 8), ("问题", 50), ("说明", 60)]
    rows = []
    for r in assessment.events:
        e = r.event
        rows.append([r.community, e.event_name, e.enterprise, e.event_date, e.size, e.participant_origin,
                     ROUTE_LABELS.get(r.approval, "无法判断"), r.deadline, e.declared, r.late,
                     "\n".join(f.message for f in r.flags), r.explanation])
    return "商务活动审批", columns, rows


def today_sheet(today: Today):
    columns = [("社区", 10), ("企业", 26), ("事项", 12), ("对象", 12), ("身份证号", 20), ("手机号", 13),
               ("日期", 11), ("内容", 50), ("依据条款", 9)]
    rows = []
    for item in today.items:
        rows.append([item.community, item.enterprise, KINDS[item.kind], item.subject,
                     item.id_number, item.phone, item.date, item.detail, item.clause])
    return "今日应检", columns, rows
