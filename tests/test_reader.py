"""The reader on workbooks kept the way clerks keep them."""

import hashlib
import shutil

import pytest

from builders import ID_A, ID_B, ID_C, USCC_A, write_xls, write_xlsx
from xiyuan.intake.reader import LedgerFileError, read_workbook

TITLE = "西园街道霞浯社区工业企业员工清单台账（2022年11月）"


def messy_employees(tmp_path):
    """Title row merged across, a blank row, synonym headers with line breaks and full-width
    brackets, columns out of order, an extra and a blank column, an enterprise name merged over
    two rows, a total row and sign-off rows."""
    rows = [
        [TITLE, None, None, None, None, None, None],
        [None] * 7,
        ["序号", "公民身份\n号码", " 姓　名 ", "联系电话", None, "工作单位", "籍贯（省）"],
        [1, ID_A, "陈明", "13805951234", None, "晋江市鑫盛鞋业有限公司", "福建"],
        [2, ID_B, "林芳", "13905951234", None, None, "福建"],
        [3, ID_C, "王强", "15005951234", None, "福建恒达纺织科技有限公司", "四川"],
        ["合计", None, "3人", None, None, None, None],
        [None] * 7,
        ["制表人：张三", None, None, "审核人：李四", None, "填报日期：2022年11月15日", None],
    ]
    merges = {"Sheet1": [(0, 0, 0, 6, TITLE), (3, 5, 4, 5, "晋江市鑫盛鞋业有限公司")]}
    return write_xlsx(tmp_path / "messy.xlsx", {"Sheet1": rows}, merges)


def test_messy_sheet_is_recognised_by_its_headers(tmp_path):
    read = read_workbook(messy_employees(tmp_path))
    [table] = read.tables
    assert table.role.key == "employees"
    assert table.header_row == 3
    assert table.columns == {"id_number": 1, "name": 2, "phone": 3, "enterprise": 5}
    assert table.rows == [4, 5, 6]
    assert list(table.values["name"]) == ["陈明", "林芳", "王强"]
    assert list(table.values["id_number"]) == [ID_A, ID_B, ID_C]
    # the merged enterprise cell is filled into both rows it covers
    assert list(table.values["enterprise"]) == ["晋江市鑫盛鞋业有限公司"] * 2 + ["福建恒达纺织科技有限公司"]


def test_total_and_sign_off_rows_are_not_records(tmp_path):
    read = read_workbook(messy_employees(tmp_path))
    assert 7 not in read.tables[0].rows and 9 not in read.tables[0].rows


def test_missing_required_column_is_one_finding_for_the_sheet(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"员工台账": [
        ["企业名称", "姓名", "身份证号"],
        ["晋江市鑫盛鞋业有限公司", "陈明", ID_A],
        ["晋江市鑫盛鞋业有限公司", "林芳", ID_B],
    ]})
    read = read_workbook(path)
    [finding] = [f for f in read.findings if f.code == "sheet.missing_column"]
    assert finding.sheet == "员工台账"
    assert finding.row == 1
    assert "手机号" in finding.message and finding.severity == "error"


def test_two_row_header_under_a_merged_group(tmp_path):
    rows = [
        ["社区", "企业名称", "统一社会信用代码", "防疫专员", None, "员工人数"],
        [None, None, None, "姓名", "电话", None],
        ["霞浯社区", "晋江市鑫盛鞋业有限公司", USCC_A, "陈明", "13805951234", 120],
    ]
    merges = {"企业": [(0, 3, 0, 4, "防疫专员"), (0, 0, 1, 0, "社区"), (0, 1, 1, 1, "企业名称"),
                       (0, 2, 1, 2, "统一社会信用代码"), (0, 5, 1, 5, "员工人数")]}
    read = read_workbook(write_xlsx(tmp_path / "b.xlsx", {"企业": rows}, merges))
    [table] = read.tables
    assert table.role.key == "enterprises"
    assert table.header_row == 2
    assert table.columns["officer"] == 3 and table.columns["officer_phone"] == 4
    assert list(table.values["officer_phone"]) == ["13805951234"]
    assert list(table.values["employees"]) == [120.0]
    assert table.rows == [3]


def test_xls_files_are_read(tmp_path):
    rows = [
        ["企业名称", "姓名", "身份证号码", "手机号码"],
        ["晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234"],
        [None, "林芳", ID_B, "13905951234"],
    ]
    merges = {"员工": [(1, 0, 2, 0, "晋江市鑫盛鞋业有限公司")]}
    read = read_workbook(write_xls(tmp_path / "old.xls", {"员工": rows}, merges))
    [table] = read.tables
    assert list(table.values["enterprise"]) == ["晋江市鑫盛鞋业有限公司"] * 2
    assert list(table.values["id_number"]) == [ID_A, ID_B]


def test_role_from_sheet_name_breaks_a_tie(tmp_path):
    header = ["姓名", "身份证号", "手机号"]
    read = read_workbook(write_xlsx(tmp_path / "c.xlsx", {
        "核酸检测记录": [["姓名", "身份证号", "采样时间", "结果"], ["陈明", ID_A, "2022-11-20 09:00", "阴性"]],
        "来晋人员": [header + ["人员类型", "来源类型", "抵晋时间"], ["陈明", ID_A, "13805951234", "来访人员", "省外", "2022-11-20"]],
    }))
    assert [t.role.key for t in read.tables] == ["tests", "arrivals"]


def test_unrecognised_and_note_sheets(tmp_path):
    read = read_workbook(write_xlsx(tmp_path / "d.xlsx", {
        "说明": [["填表说明"], ["身份证号请设为文本格式"]],
        "杂项": [["甲", "乙"], [1, 2]],
        "员工台账": [["企业名称", "姓名", "身份证号", "手机号"], ["晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234"]],
    }))
    assert [(f.code, f.sheet) for f in read.findings] == [("sheet.unrecognized", "杂项")]


def test_duplicate_column_is_reported(tmp_path):
    read = read_workbook(write_xlsx(tmp_path / "e.xlsx", {"员工台账": [
        ["企业名称", "姓名", "身份证号", "手机号", "联系电话"],
        ["晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234", "0595-22345678"],
    ]}))
    [finding] = read.findings
    assert finding.code == "sheet.duplicate_column"
    assert finding.cell == "E1"
    assert read.tables[0].columns["phone"] == 3


@pytest.mark.parametrize("make, code", [
    (lambda p: p.write_bytes(b"PK\x03\x04broken"), "file.corrupt"),
    (lambda p: p.write_text("姓名,身份证号\n陈明,1\n", encoding="utf-8"), "file.not_workbook"),
])
def test_unusable_files(tmp_path, make, code):
    path = tmp_path / "bad.xlsx"
    make(path)
    with pytest.raises(LedgerFileError) as caught:
        read_workbook(path)
    assert caught.value.code == code


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", {"员工台账": [["姓名", "身份证号"], ["陈明", ID_A]]})
    locked = tmp_path / "locked.xlsx"
    with open(plain, "rb") as source, open(locked, "wb") as out:
        OOXMLFile(source).encrypt("1234", out)
    with pytest.raises(LedgerFileError) as caught:
        read_workbook(locked)
    assert caught.value.code == "file.password"


def test_renamed_xls_is_still_read(tmp_path):
    source = write_xls(tmp_path / "old.xls", {"员工": [["企业名称", "姓名", "身份证号", "手机号"],
                                                      ["晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234"]]})
    renamed = tmp_path / "renamed.xlsx"
    shutil.copy(source, renamed)
    assert list(read_workbook(renamed).tables[0].values["name"]) == ["陈明"]


def test_lock_file_and_missing_file(tmp_path):
    lock = tmp_path / "~$台账.xlsx"
    lock.write_bytes(b"\x00" * 165)
    with pytest.raises(LedgerFileError) as caught:
        read_workbook(lock)
    assert caught.value.code == "file.locked"
    with pytest.raises(LedgerFileError) as caught:
        read_workbook(tmp_path / "nope.xlsx")
    assert caught.value.code == "file.not_found"


def test_reading_never_changes_the_file(tmp_path):
    path = messy_employees(tmp_path)
    before = hashlib.sha256(open(path, "rb").read()).hexdigest()
    stat = tmp_path.joinpath("messy.xlsx").stat()
    read_workbook(path)
    assert hashlib.sha256(open(path, "rb").read()).hexdigest() == before
    assert tmp_path.joinpath("messy.xlsx").stat().st_mtime_ns == stat.st_mtime_ns


def test_xlsm_files_are_read(tmp_path):
    source = write_xlsx(tmp_path / "a.xlsx", {"员工台账": [["企业名称", "姓名", "身份证号", "手机号"],
                                                           ["晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234"]]})
    macro_book = tmp_path / "按钮台账.xlsm"
    shutil.copy(source, macro_book)
    assert list(read_workbook(macro_book).tables[0].values["id_number"]) == [ID_A]


def test_pre_numbered_rows_and_varied_sign_offs_are_not_records(tmp_path):
    header = ["序号", "企业名称", "姓名", "身份证号", "手机号", "备注"]
    rows = [header,
            [1, "晋江市鑫盛鞋业有限公司", "陈明", ID_A, "13805951234", ""],
            [2, "", "林芳", ID_B, "", "注：新入职，手机号待补"],   # a record with a remark: kept
            [3, "注塑五金有限公司", "王强", ID_C, "15005951234", ""],  # 注塑 is a trade, not a note
            [4, "", "", "", "", ""],                                  # pre-numbered template row
            [5, "", "", "", "", ""],
            ["合计：3人", "", "", "", "", ""],
            ["合 计（人）", "", "3", "", "", ""],
            ["以下空白", "", "", "", "", ""],
            ["审核人 李四", "", "", "", "", ""],
            ["", "", "", "", "", "填报时间：2022年11月15日"],
            ["西园街道霞浯社区（盖章）", "", "", "", "", ""]]
    read = read_workbook(write_xlsx(tmp_path / "f.xlsx", {"员工台账": rows}))
    table = read.tables[0]
    assert table.rows == [2, 3, 4]
    assert list(table.values["name"]) == ["陈明", "林芳", "王强"]
