"""How each sheet of a community's workbook is laid out: which columns under which headers, in
which order, with or without a title row, merged enterprise cells or a footer - the template's
own layout, or the community clerk's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiyuan.demo.model import SUBDISTRICT, Community
from xiyuan.intake import schema
from xiyuan.text import column_letter

# Column lists (field key or "_" helper key, header). Helper keys: _seq 序号, _sex, _product.
TEMPLATE_COLUMNS = {role.key: tuple((f.key, f.label) for f in role.fields) for role in schema.ROLES}
ALTERNATIVE_COLUMNS = {
    "employees": (
        ("_seq", "序号"), ("name", "姓名"), ("_sex", "性别"), ("id_number", "身份证号码"),
        ("phone", "联系电话"), ("enterprise", "单位名称"), ("post", "工种"), ("residence", "现住址"),
        ("co_residents", "共同居住人"), ("vaccine_doses", "接种剂次"), ("outsourced", "是否外包人员"),
        ("on_duty", "在岗情况"), ("remark", "备注"),
    ),
    "enterprises": (
        ("_seq", "序号"), ("enterprise", "单位名称"), ("uscc", "社会信用代码"), ("community", "所属社区"),
        ("address", "企业地址"), ("_product", "主要产品"), ("legal_rep", "法人代表"),
        ("employees", "职工人数"), ("daily_visitors", "日均外来人次"), ("officer", "疫情防控专员"),
        ("officer_phone", "专员手机号"), ("liaison", "挂钩干部"),
    ) + tuple(
        (f.key, f.label) for f in schema.ENTERPRISES.fields
        if f.key not in ("community", "enterprise", "uscc", "address", "legal_rep", "officer",
                         "officer_phone", "liaison", "employees", "daily_visitors")
    ),
    "arrivals": (
        ("_seq", "序号"), ("name", "姓名"), ("id_number", "身份证号码"), ("phone", "联系电话"),
        ("person_type", "人员类别"), ("enterprise", "所属企业"), ("origin_type", "来源地类型"),
        ("origin", "出发地"), ("departure", "出发时间"), ("arrival", "抵达时间"),
        ("declared", "申报时间"), ("pre_test_time", "48小时核酸时间"),
        ("pre_test_result", "48小时核酸结果"), ("business", "是否商务活动"), ("reported", "报备日期"),
        ("remark", "备注"),
    ),
}
TITLES = {
    "enterprises": "{subdistrict}{community}工业企业基本情况台账（{year}年{month}月）",
    "employees": "{subdistrict}{community}工业企业员工清单台账（{year}年{month}月）",
    "arrivals": "{subdistrict}{community}来晋人员登记表（{year}年{month}月）",
    "tests": "{subdistrict}{community}来晋人员核酸检测记录（{year}年{month}月）",
}
HELPER_WIDTHS = {"_seq": 6, "_sex": 6, "_product": 12}


@dataclass
class SheetLayout:
    role: schema.Role
    columns: tuple[tuple[str, str], ...]
    title: str | None = None
    merge_enterprise: bool = False
    footer: bool = False

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self.columns]

    def letter_of(self, key: str) -> str:
        return column_letter(self.keys.index(key))


def sheet_layout(community: Community, role: schema.Role, today: dt.date) -> SheetLayout:
    alternative = community.has(f"alt:{role.key}")
    columns = ALTERNATIVE_COLUMNS[role.key] if alternative else TEMPLATE_COLUMNS[role.key]
    title = None
    if community.has(f"title:{role.key}"):
        title = TITLES.get(role.key, "{subdistrict}{community}" + role.title + "（{year}年{month}月）").format(
            subdistrict=SUBDISTRICT, community=community.name, year=today.year, month=today.month)
    return SheetLayout(role, columns, title, merge_enterprise=community.has(f"merged:{role.key}"),
                       footer=community.has(f"footer:{role.key}"))
