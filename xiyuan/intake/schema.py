"""What a community ledger holds: its sheets (roles), their columns, and every header synonym.

This is the one table of header synonyms. A field key means the same thing in every sheet
(`id_number` is always an ID number, `enterprise` always an enterprise's name), so cross-sheet
checks can join on keys. A sheet role lists the fields it has, with the Chinese header our
template uses, the kind of value, and whether the column and the value are required.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from xiyuan.text import header_key, header_key_loose

# field key -> header synonyms (the first one is the canonical header where a role does not
# name its own). Compared after header_key(): NFKC, no white space.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "community": ("社区", "所属社区", "社区名称", "村(社区)", "村社区"),
    "enterprise": ("企业名称", "单位名称", "所在企业", "工作单位", "企业", "公司名称", "单位",
                   "所属企业", "来访企业", "所属或来访企业", "所属企业或来访企业", "到访企业",
                   "举办企业", "主办企业", "举办单位", "主办单位", "被检查企业", "检查企业",
                   "收货企业", "收(发)货企业", "所在单位"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "企业信用代码"),
    "address": ("地址", "企业地址", "厂址", "注册地址", "经营地址", "生产地址"),
    "legal_rep": ("法定代表人", "法人代表", "法人", "企业负责人", "负责人"),
    "officer": ("防疫专员", "防疫专员姓名", "疫情防控专员", "专员姓名"),
    "officer_phone": ("防疫专员电话", "防疫专员手机号", "防疫专员联系电话", "专员电话",
                      "专员手机号", "专员联系电话", "防疫专员手机", "防疫专员联系方式"),
    "liaison": ("挂钩联系干部", "挂钩干部", "联系干部", "挂钩联系人"),
    "employees": ("员工总数", "员工人数", "职工人数", "用工人数", "在岗人数", "员工数",
                  "职工总数", "企业员工数"),
    "daily_visitors": ("日均外来人员进出人次", "日均外来人员", "外来人员进出人次",
                       "日均进出人次", "日均外来人次"),
    "frequent_traffic": ("人员进出频繁", "是否人员进出频繁", "进出频繁", "人员进出是否频繁"),
    "buffer_zone": ("过渡缓冲区", "是否设立过渡缓冲区", "设立过渡缓冲区", "缓冲区",
                    "外来人员过渡缓冲区"),
    "white_list": ("白名单", "是否白名单", "白名单企业", "是否白名单企业"),
    "plan": ("防控方案", "疫情防控工作方案", "防控工作方案", "疫情防控方案", "是否制定防控方案"),
    "emergency_plan": ("应急预案", "应急处置预案", "疫情应急预案", "是否制定应急预案"),
    "task_group": ("防疫专班", "是否设立防疫专班", "疫情防控专班"),
    "epidemic_free": ("无疫工厂创建", "无疫工厂", "无疫工厂(园区)创建", "无疫工厂创建情况",
                      "无疫工厂创建状态"),
    "sentinel": ("电子哨兵或场所码", "电子哨兵", "场所码", "电子哨兵/场所码"),
    "temp_scan": ("测温扫码", "测温扫码登记", "进出测温扫码"),
    "delivery_point": ("无接触配送点", "外卖快递寄存点", "快递外卖寄存点", "配送寄存点"),
    "itinerary_ledger": ("员工行程台账", "行程台账", "行程排查登记"),
    "health_monitor": ("体温监测", "日常体温监测", "健康监测"),
    "mass_testing": ("全员核酸检测", "全员核酸", "按频次全员核酸"),
    "key_post_protection": ("重点岗位防护", "保安保洁食堂防护", "社会接触面广员工防护"),
    "outsourced_loop": ("外包人员闭环管理", "外包人员闭环", "外包闭环管理"),
    "disinfection": ("消杀通风", "环境消杀", "清洁消杀通风"),
    "fewer_gatherings": ("减少聚集活动", "减少聚集", "减少聚集性活动"),
    "name": ("姓名", "人员姓名", "员工姓名", "司乘人员姓名", "司乘人员", "驾驶员姓名", "司机姓名",
             "司机", "名字"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "证件号", "身份证",
                  "司乘人员身份证号", "司机身份证号", "居民身份证号码"),
    "phone": ("手机号", "手机号码", "联系电话", "电话", "联系方式", "手机", "电话号码",
              "司乘人员电话", "司机电话", "联系手机"),
    "post": ("岗位", "工种", "职务", "工作岗位"),
    "outsourced": ("是否外包", "外包人员", "是否外包人员", "劳务派遣", "是否劳务派遣"),
    "co_residents": ("共同生活者", "共同居住人", "同住人员", "共同生活人员"),
    "residence": ("居住地址", "现住址", "住址", "居住地", "现居住地址", "家庭住址"),
    "vaccine_doses": ("疫苗接种剂次", "接种剂次", "已接种剂次", "疫苗剂次", "新冠疫苗接种剂次"),
    "on_duty": ("在岗状态", "在岗情况", "状态", "是否在岗"),
    "person_type": ("人员类型", "人员类别", "类型", "身份类别"),
    "origin_type": ("来源类型", "来源地类型", "风险类型", "来源类别"),
    "origin": ("来源地", "出发地", "来自", "来源地区", "从何地来"),
    "departure": ("离开风险区或出发时间", "离开风险区时间", "出发时间", "离开时间", "离境时间",
                  "离开高风险区时间", "离开日期", "离开风险区日期", "出发日期"),
    "arrival": ("抵晋时间", "抵达时间", "到达时间", "来晋时间", "入晋时间", "返晋时间",
                "抵达晋江时间"),
    "declared": ("自主申报时间", "申报时间", "报备时间", "申报日期", "自主申报日期"),
    "pre_test_time": ("离开前核酸时间", "离开前核酸检测时间", "48小时核酸时间",
                      "48小时核酸检测时间", "离境前核酸时间"),
    "pre_test_result": ("离开前核酸结果", "48小时核酸结果", "48小时核酸检测结果", "核酸结果",
                        "离境前核酸结果"),
    "business": ("是否商务活动", "商务活动", "是否开展商务活动"),
    "reported": ("报备日期", "企业报备日期", "向社区报备日期", "报备社区日期"),
    "plate": ("车牌号", "车牌号码", "车牌", "号牌号码"),
    "planned_arrival": ("计划抵晋时间", "计划到达时间", "预计抵晋时间", "预计到达时间"),
    "route": ("行驶路线", "路线", "行车路线"),
    "entry_mode": ("入晋方式", "入晋通道", "入晋路径", "进入方式"),
    "history_7d": ("近7天旅居史", "7天旅居史", "近七天旅居史", "旅居史"),
    "vaccination": ("疫苗接种", "疫苗接种情况", "接种情况"),
    "event_name": ("活动名称", "商务活动名称", "活动"),
    "event_date": ("活动日期", "举办日期", "活动时间", "举办时间"),
    "size": ("规模人数", "参与人数", "活动规模", "人数", "参加人数", "规模"),
    "participant_origin": ("参与人员来源", "人员来源", "参与人员来源地", "参加人员来源"),
    "approval_result": ("审批结果", "审批情况", "审批（备案）结果", "批复情况", "审批意见"),
    "inspection_date": ("检查日期", "日期", "督导日期", "检查时间", "督查日期"),
    "inspector": ("检查人", "检查人员", "督导人", "督查人员", "督导人员"),
    "problems": ("发现问题", "存在问题", "问题", "发现的问题", "主要问题"),
    "deadline": ("整改期限", "整改时限", "限期", "整改截止日期", "整改完成期限"),
    "rectification": ("整改情况", "整改状态", "是否整改", "整改进度"),
    "reminders": ("督促次数", "督促", "催办次数", "提醒次数"),
    "trip_type": ("出行事由", "出行类型", "因公因私", "出差事由", "外出事由", "事由"),
    "destination": ("目的地", "前往地", "出行目的地", "去往地", "前往地区"),
    "destination_type": ("目的地类型", "目的地风险", "目的地风险等级", "前往地类型"),
    "leave_date": ("离开日期", "离晋日期", "出发日期", "离开晋江日期", "离晋时间"),
    "expected_return": ("预计返回日期", "预计返晋日期", "计划返回日期", "预计返岗日期"),
    "returned": ("实际返回日期", "返晋日期", "实际返晋日期", "返回日期"),
    "reminder_dates": ("督促日期", "督促时间", "催办日期", "提醒日期", "各次督促日期"),
    "sample_time": ("采样时间", "检测时间", "采样日期", "核酸时间", "核酸检测时间", "检测日期"),
    "result": ("结果", "检测结果", "核酸检测结果", "核酸结果", "采样结果"),
    "test_place": ("采样点", "检测地点", "采样地点", "检测机构"),
    "remark": ("备注", "说明"),
}

# Closed vocabularies: canonical value -> accepted variants (compared after squash()).
LEFT_JOB = "离职"  # the 在岗状态 of someone no longer employed: not counted, not compared
INTERNAL_ITEMS = (  # 一（五） internal-management items of 企业台账, in the notice's order
    "sentinel", "temp_scan", "delivery_point", "itinerary_ledger", "health_monitor",
    "mass_testing", "key_post_protection", "outsourced_loop", "disinfection", "fewer_gatherings",
)

VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "epidemic_free": {
        "未启动": ("未启动", "未创建", "未开始", "否", "无"),
        "创建中": ("创建中", "正在创建", "进行中", "申报中"),
        "已创建": ("已创建", "已完成", "已建成", "是", "已通过"),
    },
    "on_duty": {
        "在岗": ("在岗", "在职", "正常", "是"),
        "休假": ("休假", "请假", "休息"),
        "离岗": ("离岗", "暂离", "外出"),
        "离职": ("离职", "已离职", "辞职", "否"),
    },
    "person_type": {
        "本企业员工": ("本企业员工", "员工", "本企业", "差旅人员", "差旅返岗人员", "返岗员工", "本厂员工"),
        "来访人员": ("来访人员", "来访", "访客", "外来人员", "商务人员", "客户"),
        "货车司乘人员": ("货车司乘人员", "司乘人员", "货车司机", "司机", "驾驶员"),
    },
    "origin_type": {
        "高风险区": ("高风险区", "境内高风险区", "高风险地区", "高风险区旅居", "7天高风险区旅居史"),
        "途经高风险区": ("途经高风险区", "途经", "途径高风险区", "经停高风险区"),
        "中风险区": ("中风险区", "中风险地区", "境内中风险区", "中风险区旅居"),  # 81号 names none; other rule sets do
        "境外": ("境外", "入境", "境外来晋", "国外", "境外入境"),
        "省外": ("省外", "外省", "其他省外", "省外其他地区", "省外低风险区"),
        "省内": ("省内", "福建省内", "本省", "省内其他地市", "泉州市内", "市内"),
    },
    "pre_test_result": {
        "阴性": ("阴性", "阴", "-", "正常", "未检出", "未检出新冠病毒核酸"),
        "阳性": ("阳性", "阳", "+"),
        "未检测": ("未检测", "未做", "无", "未检"),
    },
    "result": {
        "阴性": ("阴性", "阴", "-", "正常", "未检出", "未检出新冠病毒核酸"),
        "阳性": ("阳性", "阳", "+"),
        "待出": ("待出", "未出", "待出结果", "检测中"),
    },
    "entry_mode": {
        "高速": ("高速", "高速公路", "高速路口", "高速出口"),
        "国省道": ("国省道", "国道", "省道", "国省干道", "普通公路"),
        "其他": ("其他", "其它"),
    },
    "participant_origin": {
        "泉州市内": ("泉州市内", "市内", "泉州", "本市", "晋江市内", "晋江"),
        "省内其他地市": ("省内其他地市", "省内", "福建省内", "省内市外"),
        "省外": ("省外", "外省", "国内省外"),
        "境外": ("境外", "国外", "入境", "境外人员"),
    },
    "trip_type": {
        "因公": ("因公", "公务", "出差", "因公出差", "商务"),
        "因私": ("因私", "私事", "探亲", "旅游", "个人事务"),
    },
    "approval_result": {
        "已批准": ("已批准", "批准", "同意", "已审批", "审批通过", "通过", "已备案", "准予举办"),
        "审批中": ("审批中", "待审批", "在审", "已申报待批", "待批复"),
        "未批准": ("未批准", "不同意", "不予批准", "驳回", "不准举办"),
    },
    "rectification": {
        "已整改": ("已整改", "已完成", "完成", "已落实", "是"),
        "整改中": ("整改中", "正在整改", "部分整改", "进行中"),
        "未整改": ("未整改", "未完成", "否", "未落实", "拒不整改"),
    },
}

VOCABULARIES["destination_type"] = VOCABULARIES["origin_type"]  # where a trip goes: the same risk classes

# Kinds of value; each maps to a module in xiyuan.checks.fields (or plain text).
TEXT, ID_NUMBER, USCC, PHONE, PLATE, DATE, DATETIME, YESNO, COUNT, VOCAB = (
    "text", "id_number", "uscc", "phone", "plate", "date", "datetime", "yesno", "count", "vocab",
)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = TEXT
    required_column: bool = False
    required_value: bool = False
    multi: bool = False  # several values in one cell, separated by 、 or line breaks
    minimum: int = 0
    maximum: int | None = None
    width: int = 14  # column width in the blank template


@dataclass(frozen=True)
class Role:
    key: str
    sheet: str  # the sheet name in our template
    title: str  # what a sheet of this role is, for messages
    name_words: tuple[str, ...]  # words in a sheet name that suggest this role
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, key: str) -> Field:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(item.key == key for item in self.fields)


def _yn(key: str, label: str, width: int = 10) -> Field:
    return Field(key, label, YESNO, width=width)


ENTERPRISES = Role(
    "enterprises", "企业台账", "企业台账", ("企业台账", "企业清单", "企业名单", "企业基本", "工业企业"),
    (
        Field("community", "社区", TEXT, True, True, width=10),
        Field("enterprise", "企业名称", TEXT, True, True, width=28),
        Field("uscc", "统一社会信用代码", USCC, True, True, width=22),
        Field("address", "地址", TEXT, width=30),
        Field("legal_rep", "法定代表人", TEXT, width=10),
        Field("officer", "防疫专员", TEXT, width=10),
        Field("officer_phone", "防疫专员电话", PHONE, width=15),
        Field("liaison", "挂钩联系干部", TEXT, width=12),
        Field("employees", "员工总数", COUNT, True, True, maximum=100000, width=10),
        Field("daily_visitors", "日均外来人员进出人次", COUNT, maximum=100000, width=12),
        _yn("frequent_traffic", "人员进出频繁"),
        _yn("buffer_zone", "过渡缓冲区"),
        _yn("white_list", "白名单"),
        _yn("plan", "防控方案"),
        _yn("emergency_plan", "应急预案"),
        _yn("task_group", "防疫专班"),
        Field("epidemic_free", "无疫工厂创建", VOCAB, width=12),
        _yn("sentinel", "电子哨兵或场所码", 12),
        _yn("temp_scan", "测温扫码"),
        _yn("delivery_point", "无接触配送点", 12),
        _yn("itinerary_ledger", "员工行程台账", 12),
        _yn("health_monitor", "体温监测"),
        _yn("mass_testing", "全员核酸检测", 12),
        _yn("key_post_protection", "重点岗位防护", 12),
        _yn("outsourced_loop", "外包人员闭环管理", 14),
        _yn("disinfection", "消杀通风"),
        _yn("fewer_gatherings", "减少聚集活动", 12),
        Field("remark", "备注", TEXT, width=20),
    ),
)

EMPLOYEES = Role(
    "employees", "员工台账", "员工台账", ("员工",),
    (
        Field("enterprise", "企业名称", TEXT, True, True, width=28),
        Field("name", "姓名", TEXT, True, True, width=10),
        Field("id_number", "身份证号", ID_NUMBER, True, True, width=21),
        Field("phone", "手机号", PHONE, True, True, width=14),
        Field("post", "岗位", TEXT, width=10),
        _yn("outsourced", "是否外包"),
        Field("co_residents", "共同生活者", TEXT, width=16),
        Field("residence", "居住地址", TEXT, width=30),
        Field("vaccine_doses", "疫苗接种剂次", COUNT, maximum=4, width=12),
        Field("on_duty", "在岗状态", VOCAB, width=10),
        Field("remark", "备注", TEXT, width=16),
    ),
)

ARRIVALS = Role(
    "arrivals", "来晋人员登记", "来晋人员登记", ("来晋", "返晋", "入晋", "外来人员", "来访", "差旅"),
    (
        Field("name", "姓名", TEXT, True, True, width=10),
        Field("id_number", "身份证号", ID_NUMBER, True, True, width=21),
        Field("phone", "手机号", PHONE, True, True, width=14),
        Field("person_type", "人员类型", VOCAB, True, True, width=14),
        Field("enterprise", "所属或来访企业", TEXT, True, True, width=26),
        Field("origin_type", "来源类型", VOCAB, True, True, width=14),
        Field("origin", "来源地", TEXT, width=16),
        Field("departure", "离开风险区或出发时间", DATETIME, width=18),
        Field("arrival", "抵晋时间", DATETIME, True, True, width=18),
        Field("declared", "自主申报时间", DATETIME, width=18),
        Field("pre_test_time", "离开前核酸时间", DATETIME, width=18),
        Field("pre_test_result", "离开前核酸结果", VOCAB, width=12),
        _yn("business", "是否商务活动", 12),
        Field("reported", "报备日期", DATE, width=12),
        Field("remark", "备注", TEXT, width=16),
    ),
)

TRUCKS = Role(
    "trucks", "货车登记", "货车登记", ("货车", "车辆"),
    (
        Field("plate", "车牌号", PLATE, True, True, width=12),
        Field("enterprise", "到访企业", TEXT, True, True, width=26),
        Field("planned_arrival", "计划抵晋时间", DATETIME, True, True, width=18),
        Field("route", "行驶路线", TEXT, width=20),
        Field("entry_mode", "入晋方式", VOCAB, True, True, width=10),
        Field("history_7d", "近7天旅居史", TEXT, width=20),
        Field("name", "司乘人员姓名", TEXT, True, True, multi=True, width=14),
        Field("id_number", "司乘人员身份证号", ID_NUMBER, True, True, multi=True, width=40),
        Field("phone", "司乘人员电话", PHONE, True, True, multi=True, width=26),
        Field("declared", "申报时间", DATETIME, True, True, width=18),
        # 一（三）① asks these of every occupant: one value per person, in the order of the names
        # (one value alone stands for the whole crew)
        Field("pre_test_time", "48小时核酸时间", DATETIME, True, True, multi=True, width=18),
        Field("pre_test_result", "48小时核酸结果", VOCAB, True, True, multi=True, width=12),
        Field("vaccination", "疫苗接种", TEXT, multi=True, width=12),
        Field("remark", "备注", TEXT, width=16),
    ),
)

EVENTS = Role(
    "events", "商务活动", "商务活动登记", ("商务活动", "活动"),
    (
        Field("event_name", "活动名称", TEXT, True, True, width=26),
        Field("enterprise", "举办企业", TEXT, True, True, width=26),
        Field("event_date", "活动日期", DATE, True, True, width=12),
        Field("size", "规模人数", COUNT, True, True, minimum=1, maximum=100000, width=10),
        Field("participant_origin", "参与人员来源", VOCAB, True, True, width=14),
        Field("declared", "申报日期", DATE, width=12),
        Field("approval_result", "审批结果", VOCAB, width=10),
        _yn("plan", "防控方案"),
        _yn("emergency_plan", "应急预案"),
        Field("remark", "备注", TEXT, width=16),
    ),
)

INSPECTIONS = Role(
    "inspections", "督导检查", "督导检查记录", ("督导", "检查", "督查"),
    (
        Field("inspection_date", "检查日期", DATE, True, True, width=12),
        Field("enterprise", "企业名称", TEXT, True, True, width=26),
        Field("inspector", "检查人", TEXT, width=10),
        Field("problems", "发现问题", TEXT, True, False, width=36),
        Field("deadline", "整改期限", DATE, width=12),
        Field("rectification", "整改情况", VOCAB, width=10),
        Field("reminders", "督促次数", COUNT, maximum=100, width=10),
        Field("reminder_dates", "督促日期", DATE, multi=True, width=24),
        Field("remark", "备注", TEXT, width=16),
    ),
)

TESTS = Role(
    "tests", "核酸检测记录", "核酸检测记录", ("核酸",),
    (
        Field("name", "姓名", TEXT, width=10),
        Field("id_number", "身份证号", ID_NUMBER, True, True, width=21),
        Field("sample_time", "采样时间", DATETIME, True, True, width=18),
        Field("result", "结果", VOCAB, True, True, width=8),
        Field("test_place", "采样点", TEXT, width=22),
        Field("remark", "备注", TEXT, width=16),
    ),
)

TRIPS = Role(
    "trips", "差旅备案", "差旅备案（离开晋江）", ("差旅备案", "离晋备案", "外出备案", "出差备案", "离晋"),
    (
        Field("name", "姓名", TEXT, True, True, width=10),
        Field("id_number", "身份证号", ID_NUMBER, True, True, width=21),
        Field("phone", "手机号", PHONE, True, True, width=14),
        Field("enterprise", "所属企业", TEXT, True, True, width=26),
        Field("trip_type", "出行事由", VOCAB, True, True, width=10),
        Field("destination", "目的地", TEXT, True, True, width=20),
        Field("destination_type", "目的地类型", VOCAB, True, True, width=14),
        Field("leave_date", "离开日期", DATE, True, True, width=12),
        Field("expected_return", "预计返回日期", DATE, True, True, width=12),
        Field("returned", "实际返回日期", DATE, width=12),
        Field("remark", "备注", TEXT, width=16),
    ),
)

ROLES: tuple[Role, ...] = (ENTERPRISES, EMPLOYEES, ARRIVALS, TRUCKS, EVENTS, INSPECTIONS, TESTS, TRIPS)
ROLE_BY_KEY = {role.key: role for role in ROLES}

# Sheets that explain rather than record; never reported as unrecognised.
NOTE_SHEET_WORDS = ("说明", "填表说明", "填报说明", "目录", "封面", "xlwings", "操作面板", "问题清单")


def _build_header_index() -> dict[str, dict[str, str]]:
    """role key -> {header key -> field key}, including each role's own labels."""
    index: dict[str, dict[str, str]] = {}
    for role in ROLES:
        mapping: dict[str, str] = {}
        keys = [item.key for item in role.fields] + ["seq"]
        for key in keys:
            for synonym in SYNONYMS.get(key, ()):
                mapping.setdefault(header_key(synonym), key)
        for item in role.fields:
            mapping[header_key(item.label)] = item.key
        index[role.key] = mapping
    return index


HEADER_INDEX = _build_header_index()

# --- headers as clerks write them -----------------------------------------------------------
#
# A header is first looked up as it is (header_key), then without bracketed notes
# (header_key_loose): an exact synonym always keeps its meaning. Only when both fail is the
# header read as a field's core term wrapped in qualifiers: "所在社区", "本人手机号",
# "企业全称", "★姓名", "员工总数（人", "1.姓名". The qualifiers stripped are listed here; a
# header is matched only when everything around the core term is such a qualifier, and refused
# (None) when two fields of the role could claim it, e.g. "单位电话" in the employee ledger:
# 单位 names the enterprise, 电话 a phone - the employee's or the enterprise's, we don't guess.

# Words put before any field's core term, in every role (word, kinds of field it may qualify;
# None: any kind).
_PREFIXES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("所在", None), ("所属", None), ("填报", None), ("单位", None), ("本人", None), ("企业", None),
    ("现", None), ("联系", None), ("是否", (YESNO,)),
)
# Words put after a core term, and the kinds of field where they change nothing: "企业全称"
# is the enterprise, but "白名单名称" is no yes/no column.
_SUFFIXES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("名称", (TEXT,)), ("全称", (TEXT,)), ("名", (TEXT,)), ("情况", (YESNO, VOCAB)),
)
# Words naming what a role's record is about: before a core term they qualify it, even where
# they are a field's header themselves (in the enterprise ledger "企业地址" is the enterprise's
# address; in the employee ledger "企业电话" is not the employee's phone).
_SUBJECT_WORDS: dict[str, tuple[str, ...]] = {
    "enterprises": ("企业", "单位", "公司", "本企业", "本单位"),
    "employees": ("员工", "职工"),
    "arrivals": ("来晋人员", "来访人员", "人员"),
    "trucks": ("货车", "车辆", "司机", "司乘人员", "驾驶员"),
    "events": ("活动", "商务活动"),
    "inspections": ("检查", "督导", "督查"),
    "tests": ("核酸",),
}
_OPEN, _CLOSE = "([{<【〔〖《「『", ")]}>】〕〗》」』"
_BRACKET_PAIR = re.compile(f"[{re.escape(_OPEN)}][^{re.escape(_OPEN + _CLOSE)}]*[{re.escape(_CLOSE)}]")
_BRACKET_TAIL = re.compile(f"[{re.escape(_OPEN)}].*")  # "员工总数(人": a note never closed
_BRACKET_ANY = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_NUMBERING = re.compile(r"^\d{1,2}[.、]")  # "1.姓名", "3、身份证号" (never "7天旅居史")
_MARKS = "*★☆※#△▲●·•:;,.、。-_—/\\|'\"“”‘’"  # after NFKC: ：；， are ASCII already
_MAX_HEADER = 30  # longer cells are titles, notes or data, never a header


@dataclass(frozen=True)
class _RoleQualifiers:
    mapping: dict[str, str]
    kinds: dict[str, str]
    prefixes: tuple[tuple[str, tuple[str, ...] | None], ...]
    subjects: frozenset[str]


def _role_qualifiers(role: Role) -> _RoleQualifiers:
    subjects = _SUBJECT_WORDS.get(role.key, ())
    own = {word for word, _ in _PREFIXES}
    prefixes = _PREFIXES + tuple((word, None) for word in subjects if word not in own)
    kinds = {item.key: item.kind for item in role.fields}
    return _RoleQualifiers(HEADER_INDEX[role.key], kinds, prefixes, frozenset(subjects))


_QUALIFIERS = {role.key: _role_qualifiers(role) for role in ROLES}
_ANY_PREFIX = tuple({word for q in _QUALIFIERS.values() for word, _ in q.prefixes})
_ANY_SUFFIX = tuple(word for word, _ in _SUFFIXES)


def header_core(text: str) -> str:
    """A header without what never names a field: white space, bracketed notes (closed or not),
    invisible characters, numbering, stars and other marks at either end."""
    return _core(header_key_loose(text))


def _core(core: str) -> str:
    """header_core of a header_key_loose."""
    if _INVISIBLE.search(core):
        core = _INVISIBLE.sub("", core)
    if _BRACKET_ANY.search(core):
        previous = None
        while previous != core:  # nested notes, inside out
            previous, core = core, _BRACKET_PAIR.sub("", core)
        core = _BRACKET_ANY.sub("", _BRACKET_TAIL.sub("", core))
    return _NUMBERING.sub("", core).strip(_MARKS)


def _claims(q: _RoleQualifiers, text: str, memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """Every field of the role that `text` could name: a header itself, or qualifiers around
    one. A qualifier that is itself a header of another field (企业, 单位) lets that field claim
    the text too, unless it names what the role's records are about."""
    found = memo.get(text)
    if found is not None:
        return found
    key = q.mapping.get(text)
    if key is not None:
        memo[text] = found = frozenset((key,))
        return found
    claims: set[str] = set()
    for word, kinds in q.prefixes:
        if len(text) > len(word) and text.startswith(word):
            claims |= _qualified(q, word, text[len(word):], kinds, memo)
    for word, kinds in _SUFFIXES:
        if len(text) > len(word) and text.endswith(word):
            claims |= _qualified(q, word, text[:-len(word)], kinds, memo)
    memo[text] = found = frozenset(claims)
    return found


def _qualified(q: _RoleQualifiers, word: str, rest: str, kinds, memo) -> set[str]:
    claims = set(_claims(q, rest, memo))
    if kinds is not None:
        claims = {key for key in claims if q.kinds.get(key) in kinds}
    if claims and word not in q.subjects:
        owner = q.mapping.get(word)
        if owner is not None:
            claims.add(owner)
    return claims


def _core_match(role_key: str, core: str) -> str | None:
    """The one field a stripped header names in this role, or None (nothing, or two fields)."""
    q = _QUALIFIERS[role_key]
    key = q.mapping.get(core)
    if key is not None:
        return key
    if not (core.startswith(_ANY_PREFIX) or core.endswith(_ANY_SUFFIX)):
        return None
    claims = _claims(q, core, {})
    return next(iter(claims)) if len(claims) == 1 else None


def match_header(role: Role, text: object) -> str | None:
    """The field key a header cell names in a sheet of this role, or None."""
    return _matches(text).get(role.key) if isinstance(text, str) else None


_NO_MATCH: dict[str, str] = {}


@functools.lru_cache(maxsize=1 << 17)
def _matches(text: str) -> dict[str, str]:
    """role key -> field key for one header text, every role at once.

    Cached per text, not per (role, text): header detection asks about the same cells for
    every role and every candidate row, hundreds of thousands of times in a large batch, and
    most cells it asks about (names, numbers, company names) name no field in any role.
    Callers must not change the dict returned."""
    key = header_key(text)
    if not key:
        return _NO_MATCH
    found: dict[str, str] = {}
    pending = []
    for role_key, mapping in HEADER_INDEX.items():
        hit = mapping.get(key)
        if hit is None:
            pending.append(role_key)
        else:
            found[role_key] = hit
    if pending:
        loose = header_key_loose(text)
        core = _core(loose) if len(loose) <= 3 * _MAX_HEADER else ""
        for role_key in pending:
            hit = HEADER_INDEX[role_key].get(loose)
            if hit is None and core and len(core) <= _MAX_HEADER:
                hit = _core_match(role_key, core)
            if hit is not None:
                found[role_key] = hit
    return found or _NO_MATCH


def explain_header(role: Role, text: object) -> str | None:
    """For a header matched through its core term, how it was read ("“所在社区”按“社区”识别");
    None when the header is a known synonym or names no field."""
    key = match_header(role, text)
    if key is None or header_key(text) in HEADER_INDEX[role.key]:
        return None
    label = role.field(key).label if role.has(key) else SYNONYMS[key][0]
    return f"“{' '.join(str(text).split())}”按“{label}”识别"


def vocabulary_lookup(key: str) -> dict[str, str]:
    """variant -> canonical value for one closed vocabulary."""
    lookup: dict[str, str] = {}
    for canonical, variants in VOCABULARIES[key].items():
        lookup[canonical] = canonical
        for variant in variants:
            lookup.setdefault(variant, canonical)
    return lookup
