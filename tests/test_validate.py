"""Validation of whole ledgers: cell findings with their places, row order, cross-sheet checks."""

import datetime as dt

from builders import ID_A, ID_B, ID_C, ID_D, USCC_A, USCC_B, write_xlsx
from xiyuan.checks.load import load_files
from xiyuan.checks.validate import Options

TODAY = dt.date(2022, 11, 25)
ENT_HEADER = ["社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区", "无疫工厂创建"]
EMP_HEADER = ["企业名称", "姓名", "身份证号", "手机号", "在岗状态", "疫苗接种剂次"]
XS, HD = "晋江市鑫盛鞋业有限公司", "福建恒达纺织科技有限公司"


def load(tmp_path, sheets, name="ledger.xlsx"):
    path = write_xlsx(tmp_path / name, sheets)
    return load_files([path], Options(today=TODAY))


def found(result):
    return [(f.sheet, f.cell, f.code) for f in result.findings]


def test_a_clean_ledger_has_no_findings(tmp_path):
    result = load(tmp_path, {
        "企业台账": [ENT_HEADER, ["霞浯社区", XS, USCC_A, 2, "是", "创建中"], ["霞浯社区", HD, USCC_B, 1, "否", "已创建"]],
        "员工台账": [EMP_HEADER, [XS, "陈明", ID_A, "13805951234", "在岗", 3],
                     [XS, "林芳", ID_B, "13905951234", "在岗", 2], [HD, "王强", ID_C, "15005951234", "在岗", 3]],
    })
    assert found(result) == []


def test_each_bad_cell_is_named_with_its_place_and_cause(tmp_path):
    result = load(tmp_path, {
        "员工台账": [
            EMP_HEADER,
            [XS, "陈明", 3.50582199003071e17, "13805951234", "在岗", 3],
            [XS, "", ID_B[:-1] + ("0" if ID_B[-1] != "0" else "1"), "1380595123", "上班", "3剂"],
            [XS, "王强", ID_C, 13805951299.0, "在岗", -1.0],
        ],
    })
    assert found(result) == [
        ("员工台账", "C2", "id_number.stored_as_number"),
        ("员工台账", "B3", "required.missing"),
        ("员工台账", "C3", "id_number.checksum"),
        ("员工台账", "D3", "phone.invalid"),
        ("员工台账", "E3", "vocab.invalid"),
        ("员工台账", "F3", "count.normalized"),
        ("员工台账", "F4", "count.negative"),
    ]
    first = result.findings[0]
    assert first.file == "ledger.xlsx" and first.row == 2 and first.column == "C"
    assert first.field == "身份证号" and first.value == "3.50582E+17" and first.severity == "error"
    assert first.message.startswith("身份证号被Excel当成数字保存（显示为3.50582E+17），后3位已丢失")
    vocab = result.findings[4]
    assert vocab.message == "“在岗状态”不能填“上班”，请从以下选项中选择：在岗、休假、离岗、离职。"


def test_dates_and_order_in_arrivals(tmp_path):
    header = ["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "离开风险区或出发时间", "抵晋时间", "自主申报时间"]
    result = load(tmp_path, {"来晋人员登记": [
        header,
        ["陈明", ID_A, "13805951234", "来访人员", XS, "入境", dt.datetime(2022, 11, 21, 9), dt.datetime(2022, 11, 20, 9), "11月19日"],
        ["林芳", ID_B, "13905951234", "员工", XS, "外省", "", 11.1, "2022.11.18 8:00"],
        ["王强", ID_C, "15005951234", "司机", XS, "火星", "", "2022-11-20", ""],
    ]})
    assert found(result) == [
        ("来晋人员登记", "G2", "order.departure_after_arrival"),
        ("来晋人员登记", "I2", "date.no_year"),
        ("来晋人员登记", "H3", "date.decimal"),
        ("来晋人员登记", "F4", "vocab.invalid"),
    ]


def test_truck_occupants_in_one_cell(tmp_path):
    header = ["车牌号", "到访企业", "计划抵晋时间", "入晋方式", "司乘人员姓名", "司乘人员身份证号", "司乘人员电话", "申报时间", "48小时核酸时间", "48小时核酸结果"]
    result = load(tmp_path, {"货车登记": [
        header,
        ["闽C·12345", XS, "2022-11-26 10:00", "高速", "陈明、林芳", f"{ID_A}、{ID_B}", "13805951234\n13905951234", "2022-11-25 08:00", "2022-11-25 07:00", "阴性"],
        ["川A12345", XS, "2022-11-26 10:00", "国道", "王强、赵六", ID_C, "15005951234", "2022-11-25 08:00", "2022-11-25 07:00", "阴性"],
    ]})
    assert found(result) == [
        ("货车登记", "A2", "plate.normalized"),
        ("货车登记", "E3", "occupants.count_mismatch"),
    ]
    trucks = result.files[0].table("trucks")
    assert trucks.clean["id_number"][0] == [ID_A, ID_B]


def test_cross_sheet_checks(tmp_path):
    result = load(tmp_path, {
        "企业台账": [ENT_HEADER, ["霞浯社区", XS, USCC_A, 3, "是", "创建中"], ["霞浯社区", XS, USCC_B, 1, "否", "已创建"],
                     ["霞浯社区", HD, USCC_A, 1, "否", "已创建"]],
        "员工台账": [EMP_HEADER,
                     [XS, "陈明", ID_A, "13805951234", "在岗", 3],
                     [XS, "陈明", ID_A, "13805951234", "在岗", 3],
                     ["晋江市不存在鞋业有限公司", "林芳", ID_B, "13905951234", "在岗", 2],
                     ["晋江市不存在鞋业有限公司", "王强", ID_C, "15005951234", "在岗", 2],
                     [HD, "陈明", ID_A, "13805951234", "在岗", 3]],
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "结果"], ["赵六", ID_D, "2022-11-20 09:00", "阴性"]],
    })
    assert found(result) == [
        ("企业台账", "D2", "cross.headcount_mismatch"),
        ("企业台账", "B3", "duplicate.enterprise"),
        ("企业台账", "C4", "duplicate.uscc"),
        ("员工台账", "C3", "duplicate.id_in_sheet"),
        ("员工台账", "A4", "cross.unknown_enterprise"),
        ("员工台账", "C6", "duplicate.person_two_enterprises"),
        ("核酸检测记录", "B2", "cross.test_unknown_id"),
    ]
    by_code = {f.code: f for f in result.findings}
    assert by_code["cross.headcount_mismatch"].message == "员工总数填的是3人，员工台账中登记了2人，请补录员工或更正员工总数。"
    assert "本表共2行用到它" in by_code["cross.unknown_enterprise"].message
    assert by_code["duplicate.id_in_sheet"].message.startswith("身份证号与第2行重复")


def test_same_person_in_two_communities(tmp_path):
    a = write_xlsx(tmp_path / "a.xlsx", {"员工台账": [EMP_HEADER, [XS, "陈明", ID_A, "13805951234", "在岗", 3]]})
    b = write_xlsx(tmp_path / "b.xlsx", {"员工台账": [EMP_HEADER, [HD, "陈明", ID_A, "13805951234", "在岗", 3]]})
    result = load_files([a, b], Options(today=TODAY))
    [finding] = result.findings
    assert (finding.file, finding.cell, finding.code, finding.severity) == ("b.xlsx", "C2", "duplicate.person_two_enterprises", "warning")
    assert "《a.xlsx》第2行" in finding.message


def test_an_unusable_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    good = write_xlsx(tmp_path / "good.xlsx", {"员工台账": [EMP_HEADER, [XS, "陈明", "bad", "13805951234", "在岗", 3]]})
    result = load_files([str(bad), good], Options(today=TODAY))
    assert [(f.file, f.code) for f in result.findings] == [("bad.xlsx", "file.not_workbook"), ("good.xlsx", "id_number.length")]
    assert [f.usable for f in result.files] == [False, True]


def test_schema_has_no_synonym_naming_two_fields_of_one_sheet():
    from xiyuan.intake import schema
    from xiyuan.text import header_key

    for role in schema.ROLES:
        seen = {}
        for item in role.fields:
            for synonym in (*schema.SYNONYMS.get(item.key, ()), item.label):
                owner = seen.setdefault(header_key(synonym), item.key)
                assert owner == item.key, (role.key, synonym, owner, item.key)


def test_spaces_only_is_empty_and_lab_wording_is_read(tmp_path):
    result = load(tmp_path, {
        "员工台账": [EMP_HEADER, [XS, "陈明", "   ", "13805951234", "在岗", 3]],
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "核酸结果"], ["陈明", ID_A, "2022-11-20 09:00", "未检出"]],
    })
    assert found(result) == [("员工台账", "C2", "required.missing"), ("核酸检测记录", "B2", "cross.test_unknown_id")]
    assert result.files[0].table("tests").clean["result"] == ["阴性"]


def test_every_finding_code_has_a_short_chinese_title():
    import re

    from xiyuan.checks.codes import CODES, TITLES

    assert set(TITLES) == set(CODES)
    assert all(re.search(r"[\u4e00-\u9fff]", title) and len(title) <= 16 for title in TITLES.values())
