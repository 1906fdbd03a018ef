"""A realistic demo workspace: one ledger workbook per community, with known mistakes.

`build_demo()` writes the ledgers that the community clerks of the Xiyuan Subdistrict keep
for policy 晋政西〔2022〕81号 - enterprises, their staff, arrivals, trucks, business events,
inspections and test records - as real clerks keep them: synonym headers, title rows, merged
cells, total and sign-off rows, phones stored as numbers. On top of that it plants a controlled
set of real mistakes and lists every one in the manifest with the finding code the validator
should report at that cell.

Everything is drawn from one `random.Random(seed)`, never from the clock, so a seed always
gives the same cell values and byte-identical files. All people, enterprises and numbers are
made up; ID numbers and credit codes are valid in form only.

Pipeline: generate clean data -> plant mistakes (marks) -> apply clerks' writing habits to the
cells that hold no mistake -> write the workbooks -> resolve marks to Excel cells.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

import xlsxwriter

from xiyuan.intake import schema
from xiyuan.outputs.atomic import atomic_path, write_text
from xiyuan.checks.fields.uscc import check_character as uscc_check_character
from xiyuan.rules.policy import Policy, load_policy
from xiyuan.rules.people import planned_tests
from xiyuan.text import column_letter

DEMO_DATE = dt.date(2022, 11, 25)
DEFAULT_SEED = 20221115
SUBDISTRICT = "西园街道"
COMMUNITY_NAMES = ("霞浯", "洋埭", "杏坑", "溪前", "蔡厝", "王厝", "钞坑", "湖中", "桂山", "英墩")
MANIFEST_NAME = "demo_manifest.json"
NOTE_SHEET = "说明"

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
FIXED_CREATED = dt.datetime(2022, 11, 25)

Record = dict  # field key -> cell value as it will be written; keys starting "_" are helpers

# --- people -------------------------------------------------------------------------------

SURNAMES = (
    ("陈", 16), ("林", 10), ("黄", 8), ("张", 6), ("王", 6), ("吴", 6), ("李", 5), ("蔡", 5),
    ("许", 5), ("洪", 4), ("施", 4), ("庄", 3), ("苏", 3), ("郑", 3), ("杨", 3), ("刘", 3),
    ("丁", 2), ("粘", 1), ("曾", 2), ("赖", 1), ("周", 2), ("谢", 2), ("何", 1), ("董", 1),
    ("龚", 1), ("柯", 1), ("骆", 1), ("潘", 1), ("罗", 1), ("邱", 1), ("叶", 1), ("朱", 1),
)
MALE_CHARS = "伟强军建国志明俊杰文华平辉斌勇涛鹏超宇浩然家豪振坤荣福海峰鸿锦清源德秋水金山泽铭晓东子轩梓航培荣永聪"
FEMALE_CHARS = "美玲丽娟秀英红燕芳华雪梅婷静惠敏淑琴莉霞兰凤萍婉晴雅欣怡佳慧秋月小燕碧珠惠珍丽华诗涵梓萱"

LOCAL_AREA = "350582"  # 晋江市, from 1992
OLD_LOCAL_AREA = "350522"  # 晋江县 1985-1992; still on many older residents' cards
# Home counties of Jinjiang's migrant workers and of neighbouring Quanzhou people (GB/T 2260).
OTHER_AREAS = (
    ("510322", 6), ("522422", 6), ("362321", 5), ("430524", 5), ("411526", 4), ("612425", 4),
    ("350583", 5), ("350524", 5), ("350521", 3), ("350581", 3), ("500228", 3), ("513030", 2),
    ("520521", 2), ("421127", 2), ("362330", 2), ("450881", 2), ("522121", 2), ("341221", 2),
    ("445281", 1), ("360731", 1), ("510623", 1), ("350322", 1), ("350128", 1),
)
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
MOBILE_PREFIXES = tuple(
    [str(p) for p in range(130, 140)] + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + [str(p) for p in range(180, 190)] + ["191", "193", "195", "198", "199"]
)

# --- enterprises --------------------------------------------------------------------------

BRANDS = tuple(
    "鑫盛 恒丰 华昌 金源 永兴 宏达 远航 泰盛 顺发 联丰 嘉诚 荣兴 信和 协丰 凯盛 锦华 华峰 鸿运 "
    "嘉利 长兴 兴业 万隆 福源 盛达 英利 金帝 亿华 祥兴 新艺 美佳 富贵鸟 冠兴 通达 伟业 润丰 "
    "宝龙 天成 利达 华宇 昌盛 永利 金丰 安泰 明辉 佳美 新华 振兴 泉发 晋兴 海天 百盛 元亨 "
    "建华 隆昌 腾达 汇丰 恒源 德盛 旺达 宏兴".split()
)
# industry word, main products, weight
INDUSTRIES = (
    ("鞋业", ("运动鞋", "休闲鞋", "童鞋"), 14), ("鞋材", ("鞋底", "鞋面材料", "EVA鞋材"), 8),
    ("纺织", ("针织面料", "经编面料"), 9), ("服装", ("运动服", "休闲服装"), 8),
    ("服饰", ("服饰辅料", "拉链织带"), 4), ("织造", ("织带", "花边"), 3),
    ("食品", ("糕点", "糖果", "休闲食品"), 6), ("雨伞", ("晴雨伞", "折叠伞"), 5),
    ("包装", ("纸箱", "彩印包装"), 6), ("陶瓷", ("建筑陶瓷", "瓷砖"), 4),
    ("五金", ("五金配件", "鞋扣"), 4), ("印刷", ("包装印刷", "商标印刷"), 3),
    ("玩具", ("塑料玩具", "毛绒玩具"), 3), ("塑胶", ("塑胶制品", "PU合成革"), 3),
    ("机械", ("制鞋机械", "纺织机械"), 2), ("卫浴", ("卫浴洁具",), 2),
)
NAME_PATTERNS = (
    ("晋江市{brand}{industry}有限公司", 5), ("福建{brand}{industry}科技有限公司", 3),
    ("晋江{brand}{industry}制品有限公司", 1), ("泉州{brand}{industry}有限公司", 1),
    ("福建省晋江市{brand}{industry}有限公司", 1),
)
ROADS = ("世纪大道", "西园路", "泉安北路", "晋新路", "工业路", "兴业路", "创业路")

# --- arrivals, trucks, events, inspections, tests -----------------------------------------

ORIGINS = {
    "高风险区": ("广东省广州市海珠区", "重庆市沙坪坝区", "河南省郑州市金水区", "北京市朝阳区",
              "新疆乌鲁木齐市天山区", "内蒙古呼和浩特市赛罕区", "甘肃省兰州市城关区"),
    "途经高风险区": ("湖北省武汉市（途经广州）", "四川省成都市（途经重庆）", "江西省赣州市（途经广州）",
                "广西南宁市（途经广州白云机场）"),
    "境外": ("菲律宾马尼拉", "印度尼西亚雅加达", "马来西亚吉隆坡", "阿联酋迪拜", "越南胡志明市",
           "中国香港"),
    "省外": ("浙江省温州市", "江西省上饶市", "广东省揭阳市", "广东省汕头市", "江苏省苏州市",
           "上海市浦东新区", "四川省成都市", "贵州省毕节市"),
    "省内": ("福建省厦门市", "福建省福州市", "福建省莆田市", "福建省漳州市", "福建省龙岩市"),
}
POSTS = (("普工", 70), ("车间主任", 3), ("保安", 3), ("保洁", 2), ("食堂", 2), ("仓管", 3),
         ("质检", 4), ("司机", 2), ("文员", 4), ("技术员", 3), ("业务员", 2), ("财务", 1), ("班组长", 3))
PLATE_PROVINCES = (("闽", 40), ("粤", 12), ("浙", 9), ("赣", 8), ("湘", 4), ("苏", 4), ("沪", 2),
                   ("鲁", 3), ("豫", 3), ("鄂", 2), ("川", 3), ("桂", 2), ("皖", 3), ("贵", 1), ("渝", 1))
PLATE_LETTERS = "ABCDEFGHJKLMN"
PLATE_SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
HIGHWAY_ROUTES = ("G15沈海高速→晋江出口→世纪大道", "G3京台高速→泉州南出口→泉安北路",
                  "G15沈海高速→陈埭出口→晋新路", "厦沙高速→泉州出口→世纪大道")
ROAD_ROUTES = ("G324国道→泉安北路", "S308省道→晋新路", "G324国道→世纪大道", "S307省道→西园路")
EVENT_NAMES = ("2023春夏新品订货会", "2023秋冬新品订货会", "客户验厂审核", "年度供应商大会",
               "经销商年会", "外商洽谈会", "新产品技术交流会", "鞋服供应链对接会")
EVENT_SIZES = (30, 50, 80, 120, 150, 180, 199, 201, 220, 300, 450)
PARTICIPANT_ORIGINS = (("泉州市内", 4), ("省内其他地市", 2), ("省外", 3), ("境外", 1))
PROBLEMS = ("未设立过渡缓冲区", "外来人员登记不全", "员工行程台账未及时更新", "门岗测温扫码未落实",
            "未设置外卖快递无接触配送点", "食堂未错峰就餐", "保安未规范佩戴口罩", "消杀通风记录不全",
            "未按频次开展全员核酸检测", "外包人员未纳入闭环管理", "场所码未张贴", "防疫专班分工不明确")
STREET_STAFF = ("许志明", "陈丽娟", "吴建国", "蔡美玲", "洪文华", "施家豪")

# --- layouts: how each sheet of a community's workbook is laid out --------------------------

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

# Clerks' habits per community (index into COMMUNITY_NAMES). With fewer communities, community
# i takes the habits of every row j with j % n == i, so every habit still appears somewhere.
#   alt:R     synonym headers, another column order, extra columns (序号, 性别, 主要产品)
#   title:R   a merged title row and a blank row above the header
#   merged:R  each enterprise's name merged vertically over its rows
#   footer:R  a 合计 row and sign-off rows (制表人/审核人/填报日期) below the records
#   numeric_phones  many employee phones stored as numbers (harmless)
#   dotted_dates    inspection dates typed as text "2022.11.15" (harmless)
#   variant_words   accepted variants: 在职 for 在岗, 阴 for 阴性, 高速公路 for 高速
HABITS = (
    {"title:employees", "footer:enterprises"},
    {"alt:employees", "alt:enterprises", "footer:employees", "numeric_phones"},
    {"merged:employees", "title:enterprises", "variant_words"},
    {"alt:arrivals", "title:arrivals", "footer:inspections", "dotted_dates"},
    {"alt:enterprises", "title:employees", "footer:employees"},
    set(),
    {"merged:employees", "alt:employees", "numeric_phones"},
    {"title:tests", "footer:enterprises", "variant_words"},
    {"alt:arrivals", "footer:employees", "dotted_dates"},
    set(),
)


# ============================================================================================
# Small value generators
# ============================================================================================


def weighted(rng: random.Random, pairs) -> object:
    """One value from (value, weight) pairs."""
    values = [p[0] for p in pairs]
    weights = [p[-1] for p in pairs]
    return rng.choices(values, weights)[0]


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-character resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return "10X98765432"[total % 11]


def org_code_check(digits8: str) -> str:
    """GB 11714 check character of an organisation code (8 digits)."""
    total = sum(int(d) * w for d, w in zip(digits8, (3, 7, 9, 10, 5, 8, 4, 2)))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def make_uscc(rng: random.Random) -> str:
    """A company's unified social credit code registered in Jinjiang (91 350582 …)."""
    if rng.random() < 0.5:  # newer companies: organisation part MA + 7 code characters
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        org = "MA" + rng.choice("23") + "".join(rng.choice(alphabet) for _ in range(6))
    else:
        digits = "".join(rng.choice("0123456789") for _ in range(8))
        org = digits + org_code_check(digits)
    first17 = "91" + "350582" + org
    return first17 + uscc_check_character(first17)


def make_plate(rng: random.Random) -> str:
    province = weighted(rng, PLATE_PROVINCES)
    office = "C" if province == "闽" and rng.random() < 0.6 else rng.choice(PLATE_LETTERS)
    kind = rng.random()
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if kind < 0.80:  # ordinary: five serial characters, at most two letters
        serial = list(digits(5))
        for position in rng.sample(range(5), rng.choice((0, 0, 0, 1, 1, 2))):
            serial[position] = rng.choice(PLATE_SERIAL_LETTERS)
        return province + office + "".join(serial)
    if kind < 0.92:  # new energy, large vehicle
        return province + office + digits(5) + rng.choice("DF")
    if kind < 0.96:  # new energy, small vehicle
        return province + office + rng.choice("DF") + rng.choice("0123456789ABCDEFGH") + digits(4)
    return province + office + digits(4) + "挂"


def at_minutes(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minutes)


def day_of(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def to_full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


class Person(NamedTuple):
    name: str
    id_number: str
    phone: str
    sex: str  # 男 / 女


class PeopleFactory:
    """Names, ID numbers and mobiles; every ID number and mobile is unique in the workspace."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_weights = [w for _, w in SURNAMES]

    def name(self, sex: str) -> str:
        rng = self.rng
        chars = MALE_CHARS if sex == "男" else FEMALE_CHARS
        surname = rng.choices(self._surnames, self._surname_weights)[0]
        given = rng.choice(chars) if rng.random() < 0.2 else rng.choice(chars) + rng.choice(chars)
        return surname + given

    def birth_date(self, earliest: int = 1960, latest: int = 2004) -> dt.date:
        year = min(latest, int(self.rng.triangular(earliest, latest + 1, 1991)))
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def area(self, born: dt.date, local_share: float) -> str:
        rng = self.rng
        if rng.random() < local_share:
            if born.year < 1992 and rng.random() < 0.35:
                return OLD_LOCAL_AREA
            return LOCAL_AREA
        return weighted(rng, OTHER_AREAS)

    def id_number(self, area: str, born: dt.date, sex: str, *, ends_in_x: bool = False) -> str:
        """A valid, unused 18-character ID number for the given area, birth date and sex."""
        rng = self.rng
        while True:
            sequence = rng.randrange(500) * 2 + (1 if sex == "男" else 0)
            first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
            check = id_check_character(first17)
            number = first17 + check
            if number in self.ids or (ends_in_x and check != "X"):
                continue
            self.ids.add(number)
            return number

    def mobile(self) -> str:
        rng = self.rng
        while True:
            number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def person(self, local_share: float = 0.6, earliest: int = 1960, latest: int = 2004) -> Person:
        sex = "男" if self.rng.random() < 0.55 else "女"
        born = self.birth_date(earliest, latest)
        number = self.id_number(self.area(born, local_share), born, sex)
        return Person(self.name(sex), number, self.mobile(), sex)


# ============================================================================================
# Headcounts
# ============================================================================================

def boundary_headcounts(threshold: int) -> tuple[int, int, int]:
    """Headcounts around the policy's large-enterprise line (200 in 81号, 一（二）⑤)."""
    return threshold - 1, threshold, threshold + 1


def plan_headcounts(rng: random.Random, count: int, total: int, threshold: int = 200) -> list[int]:
    """Employees listed per enterprise, summing to `total`: most 20-150, ~1 in 12 at or above
    the policy's threshold.

    Includes the threshold and its neighbours when the sizes allow it. Order is random.
    """
    if count <= 0:
        return []
    if total < count:
        raise ValueError(f"{total} employees cannot staff {count} enterprises")
    small_limit, big_minimum = threshold - 10, threshold + 10
    fixed = list(boundary_headcounts(threshold)) if count >= 6 and total >= 3 * threshold + 20 * (count - 3) else []
    big_count = max(0, round(count * 25 / 300) - 2) if fixed else 0
    small_count = count - len(fixed) - big_count
    small = [min(small_limit, max(8, int(rng.lognormvariate(math.log(60), 0.55)))) for _ in range(small_count)]
    left = total - sum(fixed) - sum(small)
    while big_count and left < big_minimum * big_count:  # not enough people for the big ones
        big_count -= 1
        small.append(min(small_limit, max(8, int(rng.lognormvariate(math.log(60), 0.55)))))
        left = total - sum(fixed) - sum(small)
    big = _split_big(rng, big_count, left, big_minimum)
    sizes = small + big
    _rebalance(sizes, total - sum(fixed) - sum(sizes))
    sizes += fixed
    rng.shuffle(sizes)
    return sizes


def _split_big(rng: random.Random, count: int, people: int, minimum: int) -> list[int]:
    """`count` sizes of at least `minimum` sharing `people`, with a heavy tail."""
    if count == 0:
        return []
    weights = [rng.lognormvariate(0, 0.7) for _ in range(count)]
    spare = max(0, people - minimum * count)
    sizes = [minimum + int(spare * w / sum(weights)) for w in weights]
    sizes[0] += people - sum(sizes) if people >= minimum * count else 0
    return sizes


def _rebalance(sizes: list[int], difference: int) -> None:
    """Add or take `difference` people, largest enterprises first, keeping everyone ≥ 1."""
    if difference == 0 or not sizes:
        return
    if difference > 0:
        sizes[sizes.index(max(sizes))] += difference
        return
    total = sum(sizes)
    target = total + difference
    factor = target / total
    for i, size in enumerate(sizes):
        sizes[i] = max(1, int(size * factor))
    excess = sum(sizes) - target
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    step = 0
    while excess > 0:
        i = order[step % len(order)]
        if sizes[i] > 1:
            sizes[i] -= 1
            excess -= 1
        step += 1
    if excess < 0:
        sizes[order[0]] -= excess


def apportion(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split `total` into `parts` uneven shares of at least 1."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    shares = [max(1, int(total * w / sum(weights))) for w in weights]
    shares[shares.index(max(shares))] += total - sum(shares)
    return shares


# ============================================================================================
# The workspace model
# ============================================================================================


@dataclass
class Enterprise:
    name: str
    brand: str
    industry: str
    product: str
    listed: int  # staff in 员工台账 who count toward 员工总数 (everyone but 离职)
    left: int = 0  # extra rows for staff who have left (在岗状态 离职)
    record: Record = field(default_factory=dict)
    staff: list[Record] = field(default_factory=list)


@dataclass
class Community:
    index: int
    short: str
    habits: frozenset[str]
    cadres: tuple[str, ...] = ()
    enterprises: list[Enterprise] = field(default_factory=list)
    sheets: dict[str, list[Record]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.short}社区"

    @property
    def file(self) -> str:
        return f"{SUBDISTRICT}{self.short}社区台账.xlsx"

    def has(self, habit: str) -> bool:
        return habit in self.habits


@dataclass
class Mark:
    """A cell to be located once the workbook is laid out: a planted mistake or a policy case."""

    community: Community
    role: str
    record: Record
    field: str
    code: str


@dataclass
class DemoManifest:
    out_dir: str
    files: list[str]
    seed: int
    today: str
    communities: int
    enterprises: int
    employees: int
    travellers: int
    trucks: int
    events: int
    inspections: int
    tests: int
    # every planted mistake: {"file", "sheet", "cell", "code", "value"}; value as written
    injected: list[dict] = field(default_factory=list)
    # situations the policy rules should notice (not cell errors): {"file", "sheet", "row", "case"}
    cases: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def codes(self) -> dict[str, int]:
        """How many cells were planted per finding code."""
        counts: dict[str, int] = {}
        for item in self.injected:
            counts[item["code"]] = counts.get(item["code"], 0) + 1
        return dict(sorted(counts.items()))


# ============================================================================================
# Generating clean data
# ============================================================================================


class DemoBuilder:
    """Draws one community's clean records after another from a single random stream."""

    def __init__(self, rng: random.Random, today: dt.date, policy: Policy):
        self.rng = rng
        self.today = today
        self.policy = policy
        self.people = PeopleFactory(rng, today)
        self.enterprise_names: set[str] = set()
        self.usccs: set[str] = set()
        self.cases: list[Mark] = []

    # --- the whole workspace ---------------------------------------------------------------

    def build(self, communities: int, enterprises: int, employees: int, stray_rows: int) -> list[Community]:
        rng = self.rng
        result = [self.community(i, communities) for i in range(communities)]
        left_total = round(employees * 0.004)
        listed_total = employees - left_total - stray_rows
        headcounts = plan_headcounts(rng, enterprises, listed_total, self.policy.large_enterprise_staff)
        shares = apportion(rng, enterprises, communities)
        position = 0
        for community, share in zip(result, shares):
            for listed in headcounts[position:position + share]:
                community.enterprises.append(self.enterprise(community, listed))
            position += share
        everyone = [e for c in result for e in c.enterprises]
        for _ in range(left_total):
            rng.choice(everyone).left += 1
        for community in result:
            self.fill_community(community)
        return result

    def community(self, index: int, count: int) -> Community:
        habits: set[str] = set()
        for j in range(index, len(HABITS), count):
            habits |= HABITS[j]
        cadres = tuple(self.people.name(self.rng.choice("男女")) for _ in range(5))
        return Community(index, COMMUNITY_NAMES[index], frozenset(habits), cadres)

    def fill_community(self, community: Community) -> None:
        sheets = community.sheets
        sheets["enterprises"] = [self.enterprise_record(community, e) for e in community.enterprises]
        sheets["employees"] = self.employee_rows(community)
        sheets["arrivals"] = self.arrivals(community)
        sheets["trucks"] = [self.truck(community) for _ in range(self.rng.randint(12, 18))]
        sheets["events"] = self.events(community)
        sheets["inspections"] = self.inspections(community)
        sheets["tests"] = self.tests(community)

    def case(self, community: Community, role: str, record: Record, case: str) -> None:
        self.cases.append(Mark(community, role, record, "", case))

    # --- enterprises -----------------------------------------------------------------------

    def enterprise(self, community: Community, listed: int) -> Enterprise:
        rng = self.rng
        while True:
            brand = rng.choice(BRANDS)
            industry, products, _ = rng.choices(INDUSTRIES, [w for *_, w in INDUSTRIES])[0]
            name = weighted(rng, NAME_PATTERNS).format(brand=brand, industry=industry)
            if name not in self.enterprise_names:
                self.enterprise_names.add(name)
                return Enterprise(name, brand, industry, rng.choice(products), listed)

    def address(self, community: Community) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"晋江市{SUBDISTRICT}{community.name}{community.short}工业区{rng.randint(1, 60)}号"
        road = rng.choice(ROADS + (f"{community.short}路", f"{community.short}街"))
        return f"晋江市{SUBDISTRICT}{community.name}{road}{rng.randint(1, 399)}号"

    def uscc(self) -> str:
        while True:
            code = make_uscc(self.rng)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def enterprise_record(self, community: Community, enterprise: Enterprise) -> Record:
        rng = self.rng
        big = enterprise.listed >= self.policy.large_enterprise_staff
        visitors = min(400, int(rng.lognormvariate(math.log(20 if not big else 60), 0.9)))
        frequent = visitors >= 100 or rng.random() < 0.05
        yes = lambda share: "是" if rng.random() < share else "否"  # noqa: E731
        officer = self.people.person(local_share=0.8, earliest=1970, latest=1998)
        record: Record = {
            "community": community.name,
            "enterprise": enterprise.name,
            "uscc": self.uscc(),
            "address": self.address(community),
            "legal_rep": self.people.name("男" if rng.random() < 0.85 else "女"),
            "officer": officer.name,
            "officer_phone": officer.phone,
            "liaison": rng.choice(community.cadres),
            "employees": enterprise.listed,
            "daily_visitors": visitors,
            "frequent_traffic": "是" if frequent else "否",
            "buffer_zone": yes(0.85) if big or frequent else yes(0.15),
            "white_list": yes(0.3) if big else yes(0.04),
            "plan": yes(0.95),
            "emergency_plan": yes(0.9),
            "task_group": yes(0.9),
            "epidemic_free": weighted(rng, (("已创建", 25), ("创建中", 35), ("未启动", 40))),
            "remark": "",
            "_product": enterprise.product,
        }
        for key in ("sentinel", "temp_scan", "delivery_point", "itinerary_ledger", "health_monitor",
                    "mass_testing", "key_post_protection", "outsourced_loop", "disinfection",
                    "fewer_gatherings"):
            record[key] = yes(0.93)
        enterprise.record = record
        below, at, above = boundary_headcounts(self.policy.large_enterprise_staff)
        where = {below: "below", at: "at", above: "above"}.get(enterprise.listed)
        if where:
            self.case(community, "enterprises", record, f"headcount_{where}_threshold")
        if big and record["buffer_zone"] == "否":
            self.case(community, "enterprises", record, "big_without_buffer_zone")
        return record

    # --- employees -------------------------------------------------------------------------

    def employee_rows(self, community: Community) -> list[Record]:
        rows: list[Record] = []
        for enterprise in community.enterprises:
            statuses = ["在岗"] * enterprise.listed + ["离职"] * enterprise.left
            for i in range(enterprise.listed):
                roll = self.rng.random()
                if roll < 0.03:
                    statuses[i] = "休假"
                elif roll < 0.04:
                    statuses[i] = "离岗"
            self.rng.shuffle(statuses)
            enterprise.staff = [self.employee(community, enterprise, status) for status in statuses]
            rows.extend(enterprise.staff)
        return rows

    def employee(self, community: Community, enterprise: Enterprise, status: str) -> Record:
        rng = self.rng
        person = self.people.person()
        post = weighted(rng, POSTS)
        outsourced = rng.random() < (0.3 if post in ("保安", "保洁", "食堂") else 0.02)
        return {
            "enterprise": enterprise.name,
            "name": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "post": post,
            "outsourced": "是" if outsourced else "否",
            "co_residents": self.co_residents(person),
            "residence": self.residence(community, enterprise, person),
            "vaccine_doses": weighted(rng, ((0, 3), (1, 4), (2, 10), (3, 70), (4, 13))),
            "on_duty": status,
            "remark": "已离职" if status == "离职" and rng.random() < 0.5 else "",
            "_sex": person.sex,
        }

    def co_residents(self, person: Person) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return "无"
        partner_sex = "女" if person.sex == "男" else "男"
        partner = ("妻子 " if partner_sex == "女" else "丈夫 ") + self.people.name(partner_sex)
        if roll < 0.8:
            return partner
        surname = person.name[0] if person.sex == "男" else partner.split(" ")[1][0]
        child = surname + rng.choice(MALE_CHARS + FEMALE_CHARS) + rng.choice(MALE_CHARS + FEMALE_CHARS)
        return f"{partner}、子女 {child}"

    def residence(self, community: Community, enterprise: Enterprise, person: Person) -> str:
        rng = self.rng
        if person.id_number[:6] in (LOCAL_AREA, OLD_LOCAL_AREA):
            return f"晋江市{SUBDISTRICT}{community.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
        if rng.random() < 0.55:
            building, floor, room = rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 9)
            return f"{enterprise.brand}{enterprise.industry}员工宿舍{building}号楼{floor}0{room}室"
        quarter, number = rng.choice("东西南北"), rng.randint(1, 120)
        return f"晋江市{SUBDISTRICT}{community.name}{community.short}{quarter}区{number}号（租住）"

    # --- arrivals (来晋人员登记) -------------------------------------------------------------

    def arrivals(self, community: Community) -> list[Record]:
        rng = self.rng
        count = rng.randint(30, 60)
        opening = [("本企业员工", "高风险区"), ("来访人员", "境外"), ("货车司乘人员", "省外"),
                   ("本企业员工", "途经高风险区"), ("来访人员", "省内")]
        rows = []
        for i in range(count):
            person_type, origin_type = opening[i] if i < len(opening) else self.arrival_kind()
            rows.append(self.arrival(community, person_type, origin_type))
        rows.sort(key=lambda r: _as_datetime(r["arrival"]))
        return rows

    def arrival_kind(self) -> tuple[str, str]:
        rng = self.rng
        person_type = weighted(rng, (("本企业员工", 40), ("来访人员", 40), ("货车司乘人员", 20)))
        if person_type == "货车司乘人员":
            odds = (("省外", 6), ("省内", 3), ("途经高风险区", 1))
        elif person_type == "本企业员工":
            odds = (("高风险区", 20), ("途经高风险区", 15), ("省外", 45), ("省内", 15), ("境外", 5))
        else:
            odds = (("高风险区", 15), ("途经高风险区", 10), ("境外", 15), ("省外", 45), ("省内", 15))
        return person_type, weighted(rng, odds)

    def traveller_identity(self, community: Community, person_type: str) -> tuple[Person, str]:
        """Who travels and for which enterprise; own staff are taken from 员工台账."""
        rng = self.rng
        if person_type == "本企业员工":
            enterprise = rng.choice(community.enterprises)
            active = [r for r in enterprise.staff if r["on_duty"] != "离职" and "_traveller" not in r]
            if active:
                row = rng.choice(active)
                row["_traveller"] = True  # keep this employee's identity clean in 员工台账
                return Person(row["name"], row["id_number"], row["phone"], row["_sex"]), enterprise.name
        share = 0.3 if person_type == "货车司乘人员" else 0.2
        return self.people.person(local_share=share), rng.choice(community.enterprises).name

    def arrival(self, community: Community, person_type: str, origin_type: str) -> Record:
        rng = self.rng
        person, enterprise = self.traveller_identity(community, person_type)
        minutes_before_noon = rng.randint(0, 10 * 24 * 60 - 5 * 60)  # within ten days before today
        arrival = at_minutes(self.today, 12 * 60) - dt.timedelta(minutes=minutes_before_noon)
        if arrival.hour < 6:
            arrival += dt.timedelta(hours=7)
        travel_hours = {"境外": (4, 20), "高风险区": (3, 14), "途经高风险区": (5, 16), "省外": (3, 12),
                        "省内": (1, 4)}[origin_type]
        departure = arrival - dt.timedelta(minutes=rng.randint(travel_hours[0] * 60, travel_hours[1] * 60))
        record: Record = {
            "name": person.name, "id_number": person.id_number, "phone": person.phone,
            "person_type": person_type, "enterprise": enterprise, "origin_type": origin_type,
            "origin": rng.choice(ORIGINS[origin_type]), "departure": departure, "arrival": arrival,
            "declared": None, "pre_test_time": None, "pre_test_result": None, "business": "否",
            "reported": None, "remark": "",
        }
        self.declaration(community, record, arrival, origin_type, person_type)
        self.pre_departure_test(community, record, departure, origin_type, person_type)
        self.business_visit(community, record, arrival, origin_type, person_type)
        category = self.policy.category_for(person_type, origin_type)
        isolating = [phase for phase in category.phases if phase.isolates] if category else []
        if isolating:  # what a clerk notes beside the person: 集中隔离5天+居家隔离3天
            record["remark"] = "+".join(f"{phase.label}{phase.days}天" for phase in isolating)
        if rng.random() < 0.12:  # some clerks type dates without times
            for key in ("departure", "arrival", "declared", "pre_test_time"):
                if isinstance(record[key], dt.datetime):
                    record[key] = record[key].date()
        return record

    def _hours(self, person_type: str, origin_type: str, rule: str) -> int | None:
        category = self.policy.category_for(person_type, origin_type)
        return getattr(category, rule) if category else None

    def declaration(self, community, record, arrival, origin_type, person_type) -> None:
        rng = self.rng
        ahead = self._hours(person_type, origin_type, "declare_hours")
        required = ahead is not None
        if not required and rng.random() < 0.5:
            return
        ahead = ahead or 24
        late = required and rng.random() < 0.15
        hours = rng.randint(1 * 60, (ahead - 4) * 60) if late else rng.randint(ahead * 60 + 10, 3 * ahead * 60)
        record["declared"] = arrival - dt.timedelta(minutes=hours)
        if late:
            self.case(community, "arrivals", record, "late_declaration")

    def pre_departure_test(self, community, record, departure, origin_type, person_type) -> None:
        rng = self.rng
        within = self._hours(person_type, origin_type, "pre_test_hours")
        required = within is not None
        if not required and (origin_type == "省内" or rng.random() < 0.5):
            return
        within = within or 48
        stale = required and rng.random() < 0.12
        hours = rng.randint((within + 2) * 60, (within + 42) * 60) if stale else rng.randint(3 * 60, (within - 4) * 60)
        record["pre_test_time"] = departure - dt.timedelta(minutes=hours)
        record["pre_test_result"] = "阴性"
        if stale:
            self.case(community, "arrivals", record, "pre_test_too_early")

    def business_visit(self, community, record, arrival, origin_type, person_type) -> None:
        rng = self.rng
        if person_type != "来访人员" or rng.random() < 0.4:
            return
        record["business"] = "是"
        if rng.random() < 0.8:
            record["reported"] = day_of(arrival) - dt.timedelta(days=rng.randint(1, 3))
        elif origin_type in ("高风险区", "途经高风险区", "境外"):
            self.case(community, "arrivals", record, "business_not_reported")

    # --- trucks (货车登记) ---------------------------------------------------------------------

    def truck(self, community: Community) -> Record:
        rng = self.rng
        occupants = [self.people.person(local_share=0.3, earliest=1965, latest=2000)
                     for _ in range(2 if rng.random() < 0.3 else 1)]
        planned = at_minutes(self.today, 0) + dt.timedelta(minutes=rng.randint(-8 * 24 * 60, 30 * 60))
        if planned.hour < 5:
            planned += dt.timedelta(hours=6)
        highway = rng.random() < 0.7
        enterprise = rng.choice(community.enterprises)
        late = rng.random() < 0.15
        rules = self.policy.trucks
        ahead = (rng.randint(2 * 60, (rules.declare_hours - 4) * 60) if late
                 else rng.randint(rules.declare_hours * 60 + 5, 2 * rules.declare_hours * 60))
        declared = planned - dt.timedelta(minutes=ahead)
        record: Record = {
            "plate": make_plate(rng),
            "enterprise": enterprise.name,
            "planned_arrival": planned,
            "route": f"{rng.choice(HIGHWAY_ROUTES if highway else ROAD_ROUTES)}→{enterprise.name}",
            "entry_mode": "高速" if highway else "国省道",
            "history_7d": "无" if rng.random() < 0.4 else rng.choice(ORIGINS["省外"] + ORIGINS["省内"]),
            "name": "、".join(p.name for p in occupants),
            "id_number": "、".join(p.id_number for p in occupants),
            "phone": "、".join(p.phone for p in occupants),
            "declared": declared,
            "pre_test_time": planned - dt.timedelta(minutes=rng.randint(6 * 60, (rules.test_within_hours - 4) * 60)),
            "pre_test_result": "阴性",
            "vaccination": ("均已接种3剂" if len(occupants) == 2
                            else f"已接种{weighted(rng, ((2, 2), (3, 7), (4, 1)))}剂"),
            "remark": "人不离车、即送即走" if rng.random() < 0.3 else "",
        }
        if late:
            self.case(community, "trucks", record, "late_declaration")
        return record

    # --- business events (商务活动) -----------------------------------------------------------

    def events(self, community: Community) -> list[Record]:
        rng = self.rng
        rows = []
        for i in range(rng.randint(3, 5)):
            size, origin = rng.choice(EVENT_SIZES), weighted(rng, PARTICIPANT_ORIGINS)
            if i == 0:  # exactly the limit: both "以内" and "以上" (see policy-reading.md)
                size, origin = self.policy.event_size, ("省外" if community.index % 2 == 0 else "泉州市内")
            elif i == 1 and community.index % 3 == 0:  # overseas participants, rarer in practice
                origin = "境外"
            rows.append(self.event(community, size, origin))
        rows.sort(key=lambda r: r["event_date"])
        return rows

    def event(self, community: Community, size: int, origin: str) -> Record:
        rng = self.rng
        enterprise = max(rng.sample(community.enterprises, min(3, len(community.enterprises))),
                         key=lambda e: e.listed)
        event_date = self.today + dt.timedelta(days=rng.randint(-12, 18))
        late = rng.random() < 0.2
        days = self.policy.event_approval_days
        declared = min(event_date - dt.timedelta(days=rng.randint(1, days - 1) if late else rng.randint(days, days + 8)),
                       self.today - dt.timedelta(days=rng.randint(0, 4)))  # never declared in the future
        record: Record = {
            "event_name": rng.choice(EVENT_NAMES), "enterprise": enterprise.name,
            "event_date": event_date, "size": size, "participant_origin": origin,
            "declared": declared, "plan": "是" if rng.random() < 0.9 else "否",
            "emergency_plan": "是" if rng.random() < 0.85 else "否", "remark": "",
        }
        if size == self.policy.event_size:
            self.case(community, "events", record, f"event_size_at_limit_{origin}")
        if (event_date - declared).days < days:
            self.case(community, "events", record, "late_event_approval")
        return record

    # --- the tests the policy asks for ---------------------------------------------------------

    def testing_schedule(self, person_type: str, origin_type: str, community: Community) -> list[tuple[int, str, str]]:
        """(days after arrival, label, sampling place) of the tests the policy asks of this kind of
        person, as the scheduler plans them; the places are the ones a clerk would write."""
        category = self.policy.category_for(person_type, origin_type)
        if category is None:
            return []
        point = f"{SUBDISTRICT}便民核酸采样点（{community.name}服务中心）"
        places = {"centralised": "晋江市集中隔离点（西园酒店）", "home": "居家隔离上门采样",
                  "none": "沈海高速晋江出口核酸采样点" if person_type == "货车司乘人员" else point}
        arrival = self.today
        plan = []
        for phase, day, test in planned_tests(self.policy, category, arrival):
            if phase.isolates:
                label = f"{phase.label}第{day}天"
            else:
                label = "落地检" if day == 1 else f"第{day}天"
            plan.append(((test.date - arrival).days, label, places.get(phase.kind, point)))
        return plan

    # --- inspections (督导检查) ---------------------------------------------------------------

    def inspections(self, community: Community) -> list[Record]:
        rows = [self.inspection(community, escalate=(i == 0)) for i in range(self.rng.randint(8, 12))]
        rows.sort(key=lambda r: r["inspection_date"])
        return rows

    def inspection(self, community: Community, escalate: bool) -> Record:
        rng = self.rng
        inspected = self.today - dt.timedelta(days=rng.randint(10, 20) if escalate else rng.randint(1, 30))
        has_problems = escalate or rng.random() < 0.7
        record: Record = {
            "inspection_date": inspected,
            "enterprise": rng.choice(community.enterprises).name,
            "inspector": "、".join(rng.sample(community.cadres + STREET_STAFF, 2)),
            "problems": "；".join(rng.sample(PROBLEMS, rng.randint(1, 2))) if has_problems else "无",
            "deadline": None, "rectification": None, "reminders": None,
            "remark": "暗访" if rng.random() < 0.2 else "",
        }
        if has_problems:
            deadline = inspected + dt.timedelta(days=rng.randint(3, 7))
            overdue = deadline < self.today
            if escalate:
                status = "未整改"
            elif overdue:
                status = weighted(rng, (("已整改", 60), ("整改中", 15), ("未整改", 25)))
            else:
                status = weighted(rng, (("整改中", 60), ("已整改", 30), ("未整改", 10)))
            needed = self.policy.escalate_after_reminders
            reminders = {"已整改": rng.randint(0, 1), "整改中": rng.randint(1, 2)}.get(
                status, rng.randint(needed, needed + 2) if overdue else rng.randint(0, max(0, needed - 1)))
            record.update(deadline=deadline, rectification=status, reminders=reminders)
            if status == "未整改" and overdue and reminders >= self.policy.escalate_after_reminders:
                self.case(community, "inspections", record, "overdue_after_reminders")
        return record

    # --- test records (核酸检测记录) ------------------------------------------------------------

    def tests(self, community: Community) -> list[Record]:
        rows: list[Record] = []
        for traveller in community.sheets["arrivals"]:
            rows.extend(self.traveller_tests(community, traveller))
        positives = 1 if community.index < 2 else 0  # one or two positives in the whole workspace
        finished = [r for r in rows if r["result"] == "阴性"]
        for record in self.rng.sample(finished, min(positives, len(finished))):
            record["result"], record["remark"] = "阳性", "已转运隔离"
            self.case(community, "tests", record, "positive_test")
        rows.sort(key=lambda r: r["sample_time"])
        return rows

    def traveller_tests(self, community: Community, traveller: Record) -> list[Record]:
        rng = self.rng
        arrival = traveller["arrival"]
        rows = []
        schedule = self.testing_schedule(traveller["person_type"], traveller["origin_type"], community)
        for offset, label, place in schedule:
            day = day_of(arrival) + dt.timedelta(days=offset)
            if day > self.today:
                break
            if rng.random() < 0.08:
                self.case(community, "arrivals", traveller, f"missing_test_{label}")
                continue
            if offset == 0 and isinstance(arrival, dt.datetime):
                sample = min(arrival + dt.timedelta(minutes=rng.randint(20, 150)),
                             arrival.replace(hour=23, minute=50))
            else:
                sample = at_minutes(day, rng.randint(7 * 60, 18 * 60))
            pending = day == self.today and rng.random() < 0.5
            rows.append({
                "name": traveller["name"], "id_number": traveller["id_number"], "sample_time": sample,
                "result": "待出" if pending else "阴性", "test_place": place, "remark": label,
            })
        return rows


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)


# ============================================================================================
# Planting mistakes
# ============================================================================================

Maker = Callable[[Record, str], object]
_REJECT = object()  # a maker's answer when a record does not suit the mistake


class Injector:
    """Plants mistakes into clean records and remembers where (as marks).

    A cell holds at most one planted mistake; cells other mistakes depend on are reserved.
    Mistakes of one kind are spread over the communities.
    """

    def __init__(self, rng: random.Random, people: PeopleFactory, communities: list[Community],
                 builder: DemoBuilder):
        self.rng = rng
        self.people = people
        self.communities = communities
        self.builder = builder
        self.used: set[tuple[int, str]] = set()
        self.marks: list[Mark] = []
        self._start = 0
        self._two_in_one_cell = False

    # --- bookkeeping -----------------------------------------------------------------------

    def free(self, record: Record, *keys: str) -> bool:
        return not any((id(record), key) in self.used for key in keys)

    def reserve(self, record: Record, *keys: str) -> None:
        for key in keys:
            self.used.add((id(record), key))

    def mark(self, community: Community, role: str, record: Record, key: str, code: str) -> None:
        self.reserve(record, key)
        self.marks.append(Mark(community, role, record, key, code))

    def spread(self) -> list[Community]:
        """Communities in the order the next kind of mistake should visit them."""
        n = len(self.communities)
        start = self._start % n
        self._start += 1
        return self.communities[start:] + self.communities[:start]

    def reserve_clean_identities(self) -> None:
        """Employees who also appear as travellers keep their identity cells as they are."""
        for community in self.communities:
            for row in community.sheets["employees"]:
                if row.get("_traveller"):
                    self.reserve(row, "name", "id_number", "phone")

    def run(self, stray_groups: list[int]) -> None:
        self.reserve_clean_identities()
        for community in self.communities:
            for enterprise in community.enterprises:
                if enterprise.listed in boundary_headcounts(self.builder.policy.large_enterprise_staff):
                    self.reserve(enterprise.record, "employees")
        self.plant_strays(stray_groups)
        self.plant_relations()
        self.plant_cells()

    # --- employees of an enterprise missing from 企业台账 --------------------------------------

    def plant_strays(self, stray_groups: list[int]) -> None:
        order = self.spread()
        for i, size in enumerate(stray_groups):
            community = order[i % len(order)]
            name = self.stray_name(community, first=(i == 0))
            rows = [self.builder.employee(community, Enterprise(name, name[:2], "", "", size), "在岗")
                    for _ in range(size)]
            sheet = community.sheets["employees"]
            boundaries = [j for j in range(1, len(sheet))
                          if sheet[j]["enterprise"] != sheet[j - 1]["enterprise"]]
            at = self.rng.choice(boundaries) if boundaries else len(sheet)
            sheet[at:at] = rows
            self.mark(community, "employees", rows[0], "enterprise", "cross.unknown_enterprise")

    def stray_name(self, community: Community, first: bool) -> str:
        """A short form of a listed enterprise (a typo in practice), or one never registered."""
        if first:
            enterprise = self.rng.choice(community.enterprises)
            name = enterprise.brand + enterprise.industry
            if name not in self.builder.enterprise_names:
                self.builder.enterprise_names.add(name)
                return name
        return self.builder.enterprise(community, 0).name

    # --- mistakes that involve two rows or two sheets --------------------------------------

    def plant_relations(self) -> None:
        steps = (
            (3, self.duplicate_in_enterprise), (3, self.person_in_two_enterprises),
            (4, self.headcount_mismatch), (3, self.test_for_unknown_id),
            (3, self.departure_after_arrival), (3, self.occupants_mismatch),
            (3, self.deadline_before_inspection), (3, self.declared_after_event),
        )
        for count, step in steps:
            order = self.spread()
            for i in range(count):
                for community in order[i % len(order):] + order[:i % len(order)]:
                    if step(community):
                        break

    def _identity_rows(self, rows: list[Record]) -> list[Record]:
        return [r for r in rows if self.free(r, "name", "id_number", "phone")]

    def _copy_identity(self, source: Record, target: Record) -> None:
        for key in ("name", "id_number", "phone", "_sex"):
            target[key] = source[key]
        self.reserve(source, "name", "id_number", "phone")
        self.reserve(target, "name", "phone")

    def duplicate_in_enterprise(self, community: Community) -> bool:
        candidates = [e for e in community.enterprises if len(self._identity_rows(e.staff)) >= 2]
        if not candidates:
            return False
        rows = self._identity_rows(self.rng.choice(candidates).staff)
        first, second = sorted(self.rng.sample(range(len(rows)), 2))
        self._copy_identity(rows[first], rows[second])
        self.mark(community, "employees", rows[second], "id_number", "duplicate.id_in_sheet")
        if not self._two_in_one_cell:
            # The one cell with two findings: the copy was typed with a space in the number,
            # so it is both a duplicate and a number to write without the space.
            self._two_in_one_cell = True
            number = rows[second]["id_number"]
            rows[second]["id_number"] = f"{number[:6]} {number[6:]}"
            self.mark(community, "employees", rows[second], "id_number", "id_number.normalized")
        return True

    def person_in_two_enterprises(self, community: Community) -> bool:
        staffed = [e for e in community.enterprises if self._identity_rows(e.staff)]
        if len(staffed) < 2:
            return False
        a, b = sorted(self.rng.sample(range(len(staffed)), 2))
        source = self.rng.choice(self._identity_rows(staffed[a].staff))
        target = self.rng.choice(self._identity_rows(staffed[b].staff))
        self._copy_identity(source, target)
        self.mark(community, "employees", target, "id_number", "duplicate.person_two_enterprises")
        return True

    def headcount_mismatch(self, community: Community) -> bool:
        candidates = [e for e in community.enterprises if e.listed >= 20 and self.free(e.record, "employees")]
        if not candidates:
            return False
        enterprise = self.rng.choice(candidates)
        delta = self.rng.choice((-12, -5, -3, -2, 2, 3, 4, 8, 15))
        enterprise.record["employees"] = enterprise.listed + delta
        self.mark(community, "enterprises", enterprise.record, "employees", "cross.headcount_mismatch")
        return True

    def test_for_unknown_id(self, community: Community) -> bool:
        rng = self.rng
        person = self.people.person(local_share=0.3)
        day = self.builder.today - dt.timedelta(days=rng.randint(0, 6))
        record = {"name": person.name, "id_number": person.id_number,
                  "sample_time": at_minutes(day, rng.randint(8 * 60, 17 * 60)), "result": "阴性",
                  "test_place": f"{SUBDISTRICT}便民核酸采样点（{community.name}服务中心）", "remark": "落地检"}
        sheet = community.sheets["tests"]
        sheet.insert(rng.randint(0, len(sheet)), record)
        self.mark(community, "tests", record, "id_number", "cross.test_unknown_id")
        return True

    def departure_after_arrival(self, community: Community) -> bool:
        rows = [r for r in community.sheets["arrivals"]
                if isinstance(r["arrival"], dt.datetime) and isinstance(r["departure"], dt.datetime)
                and self.free(r, "departure", "arrival")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["departure"] = record["arrival"] + dt.timedelta(minutes=self.rng.randint(3 * 60, 30 * 60))
        self.reserve(record, "arrival")
        self.mark(community, "arrivals", record, "departure", "order.departure_after_arrival")
        return True

    def occupants_mismatch(self, community: Community) -> bool:
        rows = [r for r in community.sheets["trucks"]
                if "、" in r["id_number"] and self.free(r, "name", "id_number", "phone")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["id_number"] = record["id_number"].split("、")[0]
        self.reserve(record, "id_number", "phone")
        self.mark(community, "trucks", record, "name", "occupants.count_mismatch")
        return True

    def deadline_before_inspection(self, community: Community) -> bool:
        rows = [r for r in community.sheets["inspections"]
                if r["deadline"] is not None and self.free(r, "deadline", "inspection_date")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["deadline"] = record["inspection_date"] - dt.timedelta(days=self.rng.randint(1, 5))
        self.reserve(record, "inspection_date")
        self.mark(community, "inspections", record, "deadline", "order.deadline_before_inspection")
        return True

    def declared_after_event(self, community: Community) -> bool:
        rows = [r for r in community.sheets["events"] if self.free(r, "declared", "event_date")]
        if not rows:
            return False
        record = self.rng.choice(rows)
        record["declared"] = record["event_date"] + dt.timedelta(days=self.rng.randint(1, 3))
        self.reserve(record, "event_date")
        self.mark(community, "events", record, "declared", "order.declared_after_event")
        return True

    # --- mistakes in one cell --------------------------------------------------------------

    def cell_kinds(self) -> list[tuple[str, int, list[tuple[str, str, Maker]]]]:
        """(finding code, how many, [(sheet role, field, maker)])."""
        return [
            ("id_number.stored_as_number", 4, [("employees", "id_number", self.id_as_number),
                                               ("trucks", "id_number", self.id_as_number)]),
            ("id_number.checksum", 4, [("employees", "id_number", self.id_wrong_check),
                                       ("trucks", "id_number", self.id_wrong_check)]),
            ("id_number.length", 3, [("employees", "id_number", self.id_17_digits)]),
            ("id_number.old_format", 3, [("employees", "id_number", self.id_15_digits)]),
            ("id_number.birth_date", 3, [("employees", "id_number", self.id_bad_birth)]),
            ("id_number.normalized", 8, [("employees", "id_number", self.id_full_width),
                                         ("employees", "id_number", self.id_trailing_space),
                                         ("employees", "id_number", self.id_lower_x),
                                         ("arrivals", "id_number", self.id_inner_spaces)]),
            ("phone.mobile_invalid", 4, [("employees", "phone", self.phone_bad_prefix),
                                         ("arrivals", "phone", self.phone_bad_prefix),
                                         ("enterprises", "officer_phone", self.phone_bad_prefix)]),
            ("phone.invalid", 3, [("employees", "phone", self.phone_10_digits),
                                  ("trucks", "phone", self.phone_10_digits)]),
            ("phone.lost_zero", 3, [("enterprises", "officer_phone", self.landline_as_number),
                                    ("employees", "phone", self.landline_as_number)]),
            ("phone.normalized", 3, [("employees", "phone", self.phone_spaced)]),
            ("uscc.checksum", 4, [("enterprises", "uscc", self.uscc_wrong_check)]),
            ("plate.invalid", 3, [("trucks", "plate", self.plate_wrong_shape)]),
            ("plate.province", 3, [("trucks", "plate", self.plate_wrong_province)]),
            ("plate.normalized", 3, [("trucks", "plate", self.plate_decorated)]),
            ("date.decimal", 4, [("arrivals", "reported", self.date_decimal),
                                 ("inspections", "deadline", self.date_decimal),
                                 ("events", "declared", self.date_decimal)]),
            ("date.no_year", 3, [("arrivals", "reported", self.date_no_year),
                                 ("trucks", "planned_arrival", self.date_no_year),
                                 ("trucks", "declared", self.date_no_year)]),
            ("date.invalid", 3, [("arrivals", "declared", self.date_impossible),
                                 ("inspections", "inspection_date", self.date_impossible),
                                 ("trucks", "pre_test_time", self.date_impossible)]),
            ("yesno.invalid", 4, [("enterprises", "buffer_zone", self.text("待定")),
                                  ("employees", "outsourced", self.text("待定")),
                                  ("arrivals", "business", self.text("待核实")),
                                  ("enterprises", "white_list", self.text("部分"))]),
            ("count.normalized", 3, [("enterprises", "employees", self.count_with_unit("", "人")),
                                     ("enterprises", "daily_visitors", self.count_with_unit("约", "人次")),
                                     ("employees", "vaccine_doses", self.count_with_unit("", "剂"))]),
            ("count.negative", 3, [("enterprises", "daily_visitors", self.count_negative),
                                   ("employees", "vaccine_doses", self.count_negative),
                                   ("inspections", "reminders", self.count_negative)]),
            ("count.invalid", 3, [("enterprises", "daily_visitors", self.text("若干")),
                                  ("employees", "vaccine_doses", self.text("不详"))]),
            ("vocab.invalid", 6, [("enterprises", "epidemic_free", self.text("已申报")),
                                  ("employees", "on_duty", self.on_duty_word("待岗")),
                                  ("arrivals", "origin_type", self.text("中风险区")),
                                  ("inspections", "rectification", self.text("部分完成")),
                                  ("tests", "result", self.text("待复核")),
                                  ("trucks", "entry_mode", self.text("港口"))]),
            ("required.missing", 5, [("employees", "phone", self.text(None)),
                                     ("enterprises", "uscc", self.text(None)),
                                     ("arrivals", "arrival", self.text(None)),
                                     ("trucks", "plate", self.text(None)),
                                     ("tests", "result", self.text(None))]),
        ]

    def plant_cells(self) -> None:
        for code, count, sites in self.cell_kinds():
            order = self.spread()
            for i in range(count):
                self.plant_one(code, sites[i % len(sites):] + sites[:i % len(sites)],
                               order[i % len(order):] + order[:i % len(order)])

    def plant_one(self, code: str, sites, communities) -> bool:
        """Plant one mistake at the first site and community where a record suits it."""
        for role, key, maker in sites:
            for community in communities:
                rows = community.sheets[role]
                if not rows:
                    continue
                tries = self.rng.sample(range(len(rows)), min(len(rows), 40))
                for index in tries + list(range(len(rows))):
                    record = rows[index]
                    if record.get(key) in (None, "") or not self.free(record, key):
                        continue  # only a filled cell can be spoilt, and only once
                    value = maker(record, key)
                    if value is _REJECT:
                        continue
                    record[key] = value
                    self.mark(community, role, record, key, code)
                    return True
        return False

    # --- makers: each returns the wrong value for a cell, or _REJECT -------------------------

    def _blank(self, record: Record, key: str) -> object:
        return None

    def text(self, value: str | None) -> Maker:
        if value is None:
            return self._blank

        def make(record: Record, key: str) -> object:
            return value if isinstance(record[key], (str, int)) else _REJECT
        return make

    def on_duty_word(self, value: str) -> Maker:
        return lambda record, key: value if record[key] != "离职" else _REJECT

    @staticmethod
    def _single_id(value: object) -> str | None:
        return value if isinstance(value, str) and len(value) == 18 and "、" not in value else None

    def id_as_number(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None or not number.isdigit():
            return _REJECT
        return float(f"{int(number):.15g}")  # Excel keeps 15 significant digits

    def id_wrong_check(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None:
            return _REJECT
        wrong = self.rng.choice([c for c in "0123456789X" if c != number[17]])
        return number[:17] + wrong

    def id_17_digits(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None:
            return _REJECT
        drop = self.rng.randrange(6, 17)
        return number[:drop] + number[drop + 1:]

    def id_15_digits(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None or number[6:8] != "19" or not number.isdigit():
            return _REJECT
        return number[:6] + number[8:14] + number[14:17]

    def id_bad_birth(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None:
            return _REJECT
        bad_day = self.rng.choice(("0230", "0231", "1301", "0000", "1132", "0431"))
        first17 = number[:10] + bad_day + number[14:17]
        return first17 + id_check_character(first17)

    def id_full_width(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        return to_full_width(number) if number else _REJECT

    def id_trailing_space(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        return number + " " if number else _REJECT

    def id_inner_spaces(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        return f"{number[:6]} {number[6:14]} {number[14:]}" if number else _REJECT

    def id_lower_x(self, record: Record, key: str) -> object:
        """A number ending in X typed with a small x (the person gets such a number)."""
        number = self._single_id(record[key])
        if number is None:
            return _REJECT
        if not number.endswith("X"):
            sex = record.get("_sex", "男")
            born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            number = self.people.id_number(number[:6], born, sex, ends_in_x=True)
        return number[:17] + "x"

    @staticmethod
    def _single_phone(value: object) -> str | None:
        return value if isinstance(value, str) and len(value) == 11 and value.isdigit() else None

    def phone_bad_prefix(self, record: Record, key: str) -> object:
        if self._single_phone(record[key]) is None:
            return _REJECT
        return "14" + self.rng.choice("01234689") + f"{self.rng.randrange(100_000_000):08d}"

    def phone_10_digits(self, record: Record, key: str) -> object:
        phone = self._single_phone(record[key])
        return phone[:10] if phone else _REJECT

    def landline_as_number(self, record: Record, key: str) -> object:
        if self._single_phone(record[key]) is None:
            return _REJECT
        return int("595" + self.rng.choice("2568") + f"{self.rng.randrange(10_000_000):07d}")

    def phone_spaced(self, record: Record, key: str) -> object:
        phone = self._single_phone(record[key])
        if phone is None:
            return _REJECT
        style = self.rng.randrange(3)  # (dashes are accepted silently, so not used here)
        if style == 0:
            return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if style == 1:
            return to_full_width(phone)
        return "+86 " + phone

    def uscc_wrong_check(self, record: Record, key: str) -> object:
        code = record[key]
        if not isinstance(code, str) or len(code) != 18:
            return _REJECT
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        return code[:17] + self.rng.choice([c for c in alphabet if c != code[17]])

    def plate_wrong_shape(self, record: Record, key: str) -> object:
        plate = record[key]
        if not isinstance(plate, str) or len(plate) != 7 or plate.endswith("挂"):
            return _REJECT
        style = self.rng.randrange(3)
        if style == 0:
            return plate[:6]  # a character left out
        if style == 1 and plate[2].isdigit():  # (after a letter it could read as a new-energy plate)
            return plate + self.rng.choice("0123456789")  # one too many
        return plate[:2] + "O" + plate[3:]  # letter O for the digit 0

    def plate_wrong_province(self, record: Record, key: str) -> object:
        plate = record[key]
        if not isinstance(plate, str) or len(plate) < 7:
            return _REJECT
        return plate[1:] if self.rng.random() < 0.5 else "广" + plate[1:]  # 广 for 粤, or none

    def plate_decorated(self, record: Record, key: str) -> object:
        plate = record[key]
        if not isinstance(plate, str) or len(plate) < 7:
            return _REJECT
        style = self.rng.randrange(3)
        if style == 0:
            return plate[:2] + "·" + plate[2:]
        if style == 1:
            return plate[:1] + plate[1].lower() + plate[2:]
        return plate[:2] + " " + plate[2:]

    def date_decimal(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, dt.date):
            return _REJECT
        return float(f"{value.month}.{value.day:02d}")  # "11.10" typed, 11.1 kept

    def date_no_year(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, dt.date):
            return _REJECT
        text = f"{value.month}月{value.day}日"
        return f"{text} {value:%H:%M}" if isinstance(value, dt.datetime) else text

    def date_impossible(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, dt.date):
            return _REJECT
        day = 31 if value.month in (4, 6, 9, 11) else 32
        separator = "." if self.rng.random() < 0.5 else "-"
        text = f"{value.year}{separator}{value.month}{separator}{day}"
        return f"{text} {value:%H:%M}" if isinstance(value, dt.datetime) else text

    def count_with_unit(self, before: str, after: str) -> Maker:
        def make(record: Record, key: str) -> object:
            value = record[key]
            if not isinstance(value, int) or value <= 0:
                return _REJECT
            return f"{before}{value}{after}"
        return make

    def count_negative(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, int):
            return _REJECT
        return -max(1, value)


# ============================================================================================
# Clerks' harmless habits, applied where no mistake was planted
# ============================================================================================


def apply_habits(community: Community, used: set[tuple[int, str]], rng: random.Random) -> None:
    def free(record: Record, key: str) -> bool:
        return (id(record), key) not in used

    if community.has("numeric_phones"):
        for record in community.sheets["employees"]:
            phone = record["phone"]
            if isinstance(phone, str) and phone.isdigit() and free(record, "phone") and rng.random() < 0.35:
                record["phone"] = int(phone)
    if community.has("dotted_dates"):
        for record in community.sheets["inspections"]:
            for key in ("inspection_date", "deadline"):
                value = record[key]
                if isinstance(value, dt.date) and free(record, key):
                    record[key] = f"{value.year}.{value.month}.{value.day}"
    if community.has("variant_words"):
        swaps = {("employees", "on_duty"): ("在岗", "在职"), ("tests", "result"): ("阴性", "阴"),
                 ("trucks", "entry_mode"): ("高速", "高速公路")}
        for (role, key), (plain, variant) in swaps.items():
            for record in community.sheets[role]:
                if record[key] == plain and free(record, key):
                    record[key] = variant


# ============================================================================================
# Writing the workbooks
# ============================================================================================


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


@dataclass
class Placement:
    """Where a written sheet put its records: Excel row per record, letter per field."""

    sheet: str
    layout: SheetLayout
    rows: dict[int, int] = field(default_factory=dict)  # id(record) -> Excel row (1-based)

    def cell(self, record: Record, key: str) -> str:
        return f"{self.layout.letter_of(key)}{self.rows[id(record)]}"


def sheet_layout(community: Community, role: schema.Role, today: dt.date) -> SheetLayout:
    alternative = community.has(f"alt:{role.key}")
    columns = ALTERNATIVE_COLUMNS[role.key] if alternative else TEMPLATE_COLUMNS[role.key]
    title = None
    if community.has(f"title:{role.key}"):
        title = TITLES.get(role.key, "{subdistrict}{community}" + role.title + "（{year}年{month}月）").format(
            subdistrict=SUBDISTRICT, community=community.name, year=today.year, month=today.month)
    return SheetLayout(role, columns, title, merge_enterprise=community.has(f"merged:{role.key}"),
                       footer=community.has(f"footer:{role.key}"))


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


# ============================================================================================
# The manifest
# ============================================================================================


def json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def resolve_marks(marks: list[Mark], placements: dict[str, dict[str, Placement]]) -> list[dict]:
    found = []
    for mark in marks:
        placement = placements[mark.community.short][mark.role]
        found.append({"file": mark.community.file, "sheet": placement.sheet,
                      "cell": placement.cell(mark.record, mark.field), "code": mark.code,
                      "value": json_value(mark.record.get(mark.field))})
    return sorted(found, key=_cell_order)


def resolve_cases(cases: list[Mark], placements: dict[str, dict[str, Placement]]) -> list[dict]:
    found = []
    for case in cases:
        placement = placements[case.community.short][case.role]
        found.append({"file": case.community.file, "sheet": placement.sheet,
                      "row": placement.rows[id(case.record)], "case": case.code})
    return sorted(found, key=lambda c: (c["file"], _SHEET_ORDER[c["sheet"]], c["row"], c["case"]))


_SHEET_ORDER = {role.sheet: i for i, role in enumerate(schema.ROLES)}


def _cell_order(item: dict) -> tuple:
    cell = item["cell"]
    letters = cell.rstrip("0123456789")
    return (item["file"], _SHEET_ORDER[item["sheet"]], int(cell[len(letters):]), len(letters), letters)


# ============================================================================================
# Entry point
# ============================================================================================


def build_demo(
    out_dir: str | os.PathLike,
    *,
    seed: int = DEFAULT_SEED,
    communities: int = 10,
    enterprises: int = 300,
    employees: int = 50000,
    today: dt.date = DEMO_DATE,
    policy: Policy | str | os.PathLike | None = None,
) -> DemoManifest:
    """Write one workbook per community and demo_manifest.json into out_dir, following the
    policy (default 81号): its categories, test days, hours and thresholds."""
    if not 1 <= communities <= len(COMMUNITY_NAMES):
        raise ValueError(f"communities must be between 1 and {len(COMMUNITY_NAMES)}")
    if enterprises < communities:
        raise ValueError("every community needs at least one enterprise")
    out = Path(out_dir)
    rng = random.Random(seed)
    builder = DemoBuilder(rng, today, policy if isinstance(policy, Policy) else load_policy(policy))
    stray_groups = [rng.randint(2, 4) for _ in range(3)]
    if employees < enterprises + sum(stray_groups) + round(employees * 0.004):
        raise ValueError(f"{employees} employees are too few for {enterprises} enterprises")
    world = builder.build(communities, enterprises, employees, sum(stray_groups))
    injector = Injector(rng, builder.people, world, builder)
    injector.run(stray_groups)
    for community in world:
        apply_habits(community, injector.used, rng)
    placements = {c.short: write_community(out, c, today, builder.policy) for c in world}
    manifest = DemoManifest(
        out_dir=str(out),
        files=[str(out / c.file) for c in world],
        seed=seed,
        today=today.isoformat(),
        communities=communities,
        enterprises=sum(len(c.sheets["enterprises"]) for c in world),
        employees=sum(len(c.sheets["employees"]) for c in world),
        travellers=sum(len(c.sheets["arrivals"]) for c in world),
        trucks=sum(len(c.sheets["trucks"]) for c in world),
        events=sum(len(c.sheets["events"]) for c in world),
        inspections=sum(len(c.sheets["inspections"]) for c in world),
        tests=sum(len(c.sheets["tests"]) for c in world),
        injected=resolve_marks(injector.marks, placements),
        cases=resolve_cases(builder.cases, placements),
    )
    write_text(out / MANIFEST_NAME, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return manifest


if __name__ == "__main__":  # python -m xiyuan.demo OUT_DIR
    import sys
    import time

    started = time.perf_counter()
    result = build_demo(sys.argv[1] if len(sys.argv) > 1 else "demo")
    print(f"{len(result.files)} workbooks, {result.employees} employees in "
          f"{time.perf_counter() - started:.1f} s")
    for code, count in result.codes().items():
        print(f"  {code}: {count}")
