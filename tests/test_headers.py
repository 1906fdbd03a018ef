"""Headers as clerks write them: a field's core term with qualifiers around it."""

import datetime as dt

import pytest

from builders import ID_A, USCC_A, write_xlsx
from xiyuan.intake import schema
from xiyuan.checks.load import load_files
from xiyuan.intake.schema import ROLE_BY_KEY, ROLES, explain_header, match_header
from xiyuan.checks.validate import Options

TODAY = dt.date(2022, 11, 25)

QUALIFIED = [
    ("enterprises", "所在社区", "community"),
    ("enterprises", "所属社区", "community"),
    ("enterprises", "社区（必填）", "community"),
    ("enterprises", "社区(选填)", "community"),
    ("enterprises", "企业所在社区", "community"),
    ("enterprises", "员工总数\n（人）", "employees"),
    ("enterprises", "员工总数（单位：人）", "employees"),
    ("enterprises", "员工总数（人", "employees"),
    ("enterprises", "企业名称（全称）", "enterprise"),
    ("enterprises", "企业全称", "enterprise"),
    ("enterprises", "单位全称", "enterprise"),
    ("enterprises", "企业统一社会信用代码", "uscc"),
    ("enterprises", "*统一社会信用代码", "uscc"),
    ("enterprises", "单位地址", "address"),
    ("enterprises", "公司地址", "address"),
    ("enterprises", "是否测温扫码", "temp_scan"),
    ("enterprises", "体温监测情况", "health_monitor"),
    ("enterprises", "日均外来人员进出人次（人次/日）", "daily_visitors"),
    ("employees", "* 身份证号码", "id_number"),
    ("employees", "＊身份证号码（18位）", "id_number"),
    ("employees", "身份证号码*", "id_number"),
    ("employees", "本人身份证号", "id_number"),
    ("employees", "本人手机号", "phone"),
    ("employees", "联系电话（手机）", "phone"),
    ("employees", "联系手机号", "phone"),
    ("employees", "员工手机号", "phone"),
    ("employees", "姓\u3000名：", "name"),
    ("employees", "★姓名", "name"),
    ("employees", "1.姓名", "name"),
    ("employees", "姓名\u200b", "name"),
    ("employees", "所在企业名称", "enterprise"),
    ("employees", "企业名", "enterprise"),
    ("employees", "现工作单位", "enterprise"),
    ("employees", "填报单位", "enterprise"),
    ("employees", "现居住地", "residence"),
    ("arrivals", "本人手机号码", "phone"),
    ("arrivals", "所属企业名称", "enterprise"),
    ("arrivals", "来晋人员姓名", "name"),
    ("trucks", "司机手机号", "phone"),
    ("trucks", "到访企业名称", "enterprise"),
    ("events", "举办单位名称", "enterprise"),
    ("events", "活动举办单位", "enterprise"),
    ("inspections", "被检查企业名称", "enterprise"),
    ("inspections", "督导检查日期", "inspection_date"),
    ("tests", "核酸采样时间", "sample_time"),
    ("tests", "本人身份证号（必填）", "id_number"),
]


@pytest.mark.parametrize("role_key, header, key", QUALIFIED)
def test_a_core_term_with_qualifiers_names_its_field(role_key, header, key):
    assert match_header(ROLE_BY_KEY[role_key], header) == key


@pytest.mark.parametrize("role_key, header", [
    ("employees", "单位电话"),           # the enterprise's phone or the employee's?
    ("employees", "企业联系电话"),
    ("arrivals", "所属企业联系电话"),
    ("arrivals", "企业类型"),            # 企业 is one field, 类型 (人员类型) another
    ("events", "企业规模"),
])
def test_a_header_two_fields_could_claim_is_refused(role_key, header):
    assert match_header(ROLE_BY_KEY[role_key], header) is None


@pytest.mark.parametrize("role_key, header", [
    ("enterprises", "主要产品"),
    ("enterprises", "企业类型"),
    ("enterprises", "白名单名称"),     # 名称 only drops from names, not from a yes/no column
    ("enterprises", "联系人"),
    ("enterprises", "企业联系电话"),   # no phone column in the enterprise ledger: no guess
    ("employees", "性别"),
    ("employees", "籍贯（省）"),
    ("employees", "民族"),
    ("employees", "出生日期"),
    ("employees", "企业地址"),        # not the employee's address
    ("employees", "疫苗接种情况"),    # doses or status: not said
    ("employees", "员工总数（人）"),   # a field of the enterprise ledger only
    ("events", "员工人数"),
    ("employees", "填报人"),
    ("employees", "现"),
    ("employees", "（必填）"),
    ("employees", "*"),
    ("employees", ""),
    ("enterprises", "西园街道霞浯社区工业企业基本情况台账（2022年11月）"),
    ("enterprises", "填报单位：霞浯社区"),
    ("employees", "晋江市鑫盛鞋业有限公司"),
    ("employees", "陈明"),
])
def test_unrelated_words_name_no_field(role_key, header):
    assert match_header(ROLE_BY_KEY[role_key], header) is None


def test_seq_and_remark_as_today():
    for role in ROLES:
        assert match_header(role, "序号") == "seq"
        assert match_header(role, "备注") == "remark"
        assert match_header(role, "备注（其他情况）") == "remark"


def test_every_synonym_and_label_keeps_its_field():
    for role in ROLES:
        for key in [item.key for item in role.fields] + ["seq"]:
            for synonym in schema.SYNONYMS.get(key, ()):
                assert match_header(role, synonym) == key, (role.key, synonym)
        for item in role.fields:
            assert match_header(role, item.label) == item.key, (role.key, item.label)


def test_no_qualifier_turns_one_fields_synonym_into_another_field():
    prefixes = ["所在", "所属", "填报", "单位", "本人", "企业", "现", "联系", "是否", "员工"]
    suffixes = ["名称", "全称", "名", "情况", "（必填）", "（人）"]
    for role in ROLES:
        for item in role.fields:
            for synonym in {*schema.SYNONYMS.get(item.key, ()), item.label}:
                for header in [p + synonym for p in prefixes] + [synonym + s for s in suffixes]:
                    assert match_header(role, header) in (item.key, None), (role.key, header)


def test_non_text_cells_name_no_field():
    role = ROLE_BY_KEY["employees"]
    for value in (None, 3, 3.5, TODAY, True):
        assert match_header(role, value) is None


def test_explain_header_only_for_headers_read_by_their_core_term():
    role = ROLE_BY_KEY["enterprises"]
    assert explain_header(role, "所在社区") == "“所在社区”按“社区”识别"
    assert explain_header(role, "员工总数\n（人）") == "“员工总数 （人）”按“员工总数”识别"
    assert explain_header(role, "所属社区") is None
    assert explain_header(role, "主要产品") is None


def test_a_ledger_with_qualified_headers_has_every_required_column(tmp_path):
    header = ["序号", "所在社区", "企业名称（全称）", "* 统一社会信用代码", "员工总数\n（人）",
              "防疫专员（姓名）", "联系电话（手机）", "主要产品", "备注"]
    row = [1, "霞浯社区", "晋江市鑫盛鞋业有限公司", USCC_A, 120, "陈明", "13805951234", "运动鞋", None]
    employees = [["所在企业名称", "本人姓名", "*身份证号码（18位）", "本人手机号"],
                 ["晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234"]]
    path = write_xlsx(tmp_path / "qualified.xlsx", {"企业台账": [header, row], "员工台账": employees})
    result = load_files([path], Options(today=TODAY))
    codes = [(f.sheet, f.code) for f in result.findings]
    assert not [c for c in codes if c[1].startswith("sheet.")], codes
    [loaded] = result.files
    table = loaded.table("enterprises").table
    assert {"community", "enterprise", "uscc", "employees", "officer"} <= set(table.columns)
    assert "officer_phone" not in table.columns  # 联系电话 is not the officer's phone: no guess
    assert loaded.table("employees").table.columns == {"enterprise": 0, "name": 1, "id_number": 2, "phone": 3}
