"""The blank ledger behind `xiyuan new-ledger`: read back with openpyxl, calamine and our reader."""

import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from xiyuan.outputs import blank_ledger
from xiyuan.outputs import sheet_layout
from xiyuan.intake import schema
from xiyuan.outputs.blank_ledger import CREATED, NOTES_SHEET, write_blank_ledger
from xiyuan.intake.reader import read_workbook

TEXT_KINDS = (schema.ID_NUMBER, schema.PHONE, schema.USCC, schema.PLATE)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    path = tmp_path_factory.mktemp("blank") / "空白台账.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns (and drops the item) on a bad option
        write_blank_ledger(path)
    return path


@pytest.fixture(scope="module")
def book(ledger):
    return openpyxl.load_workbook(ledger)


def column_dimension(sheet, index: int):
    """The <col> entry covering 1-based column `index` (XlsxWriter groups equal neighbours)."""
    for dim in sheet.column_dimensions.values():
        if dim.min and dim.max and dim.min <= index <= dim.max:
            return dim
    raise AssertionError(f"no column entry for {get_column_letter(index)}")


def validations_by_column(sheet) -> dict[str, object]:
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            assert cell_range.min_col == cell_range.max_col
            assert cell_range.min_row == 2  # never on the header
            found[get_column_letter(cell_range.min_col)] = dv
    return found


def test_sheets_are_the_notes_then_every_role(book):
    assert book.sheetnames == [NOTES_SHEET] + [role.sheet for role in schema.ROLES]
    assert book.active.title == NOTES_SHEET


@pytest.mark.parametrize("role", schema.ROLES, ids=lambda role: role.key)
def test_row_one_holds_exactly_the_labels(book, role):
    sheet = book[role.sheet]
    assert [cell.value for cell in sheet[1]] == [item.label for item in role.fields]
    assert sheet.max_row == 1  # no data rows, no styled blank cells


@pytest.mark.parametrize("role", schema.ROLES, ids=lambda role: role.key)
def test_header_frozen_filtered_and_required_marked(book, role):
    sheet = book[role.sheet]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(role.fields))}1"
    for index, item in enumerate(role.fields, start=1):
        cell = sheet.cell(1, index)
        assert cell.font.bold
        assert cell.alignment.wrap_text
        red = cell.font.color is not None and cell.font.color.rgb == "FFC00000"
        assert red == item.required_value, item.label
        if item.required_value:
            assert cell.comment is not None and cell.comment.text.startswith("必填")
        else:
            assert cell.comment is None
        assert column_dimension(sheet, index).width == pytest.approx(item.width, abs=1)


@pytest.mark.parametrize("role", schema.ROLES, ids=lambda role: role.key)
def test_column_number_formats(book, role):
    sheet = book[role.sheet]
    expected = {schema.DATE: "yyyy-mm-dd", schema.DATETIME: "yyyy-mm-dd hh:mm"}
    expected.update(dict.fromkeys(TEXT_KINDS, "@"))
    for index, item in enumerate(role.fields, start=1):
        number_format = column_dimension(sheet, index).number_format
        if item.kind in expected:
            assert number_format == expected[item.kind], item.label
        else:
            assert number_format != "@", item.label


def test_id_and_phone_columns_are_text(book):
    sheet = book["员工台账"]
    assert column_dimension(sheet, 3).number_format == "@"  # 身份证号
    assert column_dimension(sheet, 4).number_format == "@"  # 手机号
    trucks = book["货车登记"]
    for label in ("车牌号", "司乘人员身份证号", "司乘人员电话"):
        index = [cell.value for cell in trucks[1]].index(label) + 1
        assert column_dimension(trucks, index).number_format == "@", label


@pytest.mark.parametrize("role", schema.ROLES, ids=lambda role: role.key)
def test_drop_down_lists_follow_the_schema(book, role):
    found = validations_by_column(book[role.sheet])
    for index, item in enumerate(role.fields, start=1):
        letter = get_column_letter(index)
        if item.kind == schema.YESNO:
            options = ["是", "否"]
        elif item.kind == schema.VOCAB:
            options = list(schema.VOCABULARIES[item.key])
        else:
            continue
        dv = found[letter]
        assert dv.type == "list", item.label
        assert dv.formula1 == '"' + ",".join(options) + '"', item.label
        assert dv.errorStyle == "warning"  # a variant the reader accepts can still be kept
        assert dv.showDropDown in (None, False)  # openpyxl's inverted flag: False shows the arrow
        assert dv.prompt and dv.error


def test_on_duty_drop_down(book):
    found = validations_by_column(book["员工台账"])
    labels = [cell.value for cell in book["员工台账"][1]]
    dv = found[get_column_letter(labels.index("在岗状态") + 1)]
    assert dv.formula1 == '"在岗,休假,离岗,离职"'
    assert list(schema.VOCABULARIES["on_duty"]) == ["在岗", "休假", "离岗", "离职"]


@pytest.mark.parametrize("role", schema.ROLES, ids=lambda role: role.key)
def test_count_columns_take_whole_numbers(book, role):
    found = validations_by_column(book[role.sheet])
    for index, item in enumerate(role.fields, start=1):
        if item.kind != schema.COUNT:
            continue
        dv = found[get_column_letter(index)]
        assert dv.type == "whole" and dv.errorStyle == "warning", item.label
        assert dv.formula1 == str(item.minimum)
        if item.maximum is None:
            assert dv.operator == "greaterThanOrEqual"
        else:
            assert dv.operator in (None, "between") and dv.formula2 == str(item.maximum)


def test_validations_cover_the_whole_column(book):
    dv = validations_by_column(book["员工台账"])["C"]
    assert str(dv.sqref) == "C2:C1048576"


def test_notes_sheet_explains_every_sheet_and_column(ledger):
    workbook = CalamineWorkbook.from_path(ledger)
    rows = workbook.get_sheet_by_name(NOTES_SHEET).to_python()
    text = "\n".join(str(cell) for row in rows for cell in row if cell != "")
    assert "晋政西〔2022〕81号" in text
    for role in schema.ROLES:
        assert role.sheet in text
        for item in role.fields:
            assert item.label in text
        for options in (schema.VOCABULARIES[i.key] for i in role.fields if i.kind == schema.VOCAB):
            assert "、".join(options) in text
    for words in ("18位", "11位", "2022-11-15", "2022-11-15 08:30", "文本", "合并单元格", "、"):
        assert words in text


def test_notes_rows_say_required_or_not(ledger):
    rows = CalamineWorkbook.from_path(ledger).get_sheet_by_name(NOTES_SHEET).to_python()
    described = {}
    role_index = -1
    for row in rows:
        if row[0] == "列":  # the head of a sheet's column table
            role_index += 1
        elif role_index >= 0 and row[1] and row[0] != row[1]:
            described[(schema.ROLES[role_index].key, row[1])] = row[2]
    for role in schema.ROLES:
        for item in role.fields:
            assert described[(role.key, item.label)] == blank_ledger.requirement(item)


def test_our_reader_recognises_every_sheet(ledger):
    result = read_workbook(ledger)
    assert [table.sheet for table in result.tables] == [role.sheet for role in schema.ROLES]
    for table, role in zip(result.tables, schema.ROLES):
        assert table.role is role
        assert table.header_row == 1
        assert list(table.columns) == [item.key for item in role.fields]
        assert len(table) == 0
    assert {finding.code for finding in result.findings} == {"sheet.empty"}


def test_fixed_document_properties(book):
    assert book.properties.created == CREATED
    assert book.properties.title == "西园街道工业企业疫情防控台账"


def test_two_writes_are_byte_identical(tmp_path):
    first = write_blank_ledger(tmp_path / "a.xlsx")
    second = write_blank_ledger(tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()


def test_missing_folder_is_created(tmp_path):
    target = tmp_path / "新建" / "社区" / "台账.xlsx"
    assert write_blank_ledger(target) == target
    assert target.read_bytes()[:2] == b"PK"


def test_extension_added_or_refused(tmp_path):
    assert write_blank_ledger(tmp_path / "台账") == tmp_path / "台账.xlsx"
    assert (tmp_path / "台账.xlsx").exists()
    with pytest.raises(ValueError):
        write_blank_ledger(tmp_path / "台账.xls")
    assert not (tmp_path / "台账.xls").exists()


def test_existing_file_replaced(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old ledger")
    write_blank_ledger(target)
    assert target.read_bytes()[:2] == b"PK"


def test_failure_leaves_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old ledger")
    calls = []

    def broken(workbook, formats, role):
        calls.append(role.key)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(blank_ledger, "write_role_sheet", broken)
    with pytest.raises(RuntimeError):
        write_blank_ledger(target)
    assert target.read_bytes() == b"old ledger"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]  # no temporary file left


def test_failure_while_saving_leaves_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old ledger")

    def broken_close(self):
        raise OSError("disk full")

    monkeypatch.setattr(blank_ledger.xlsxwriter.Workbook, "close", broken_close)
    with pytest.raises(OSError):
        write_blank_ledger(target)
    assert target.read_bytes() == b"old ledger"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


@pytest.mark.parametrize("index, expected", [(0, "一"), (6, "七"), (9, "十"), (10, "十一"), (19, "二十")])
def test_ordinal(index, expected):
    assert blank_ledger.ordinal(index) == expected


def test_line_count_counts_chinese_double():
    assert sheet_layout.text_width("身份证号18") == 10
    assert sheet_layout.line_count("日均外来人员进出人次", 12) == 2
    assert sheet_layout.line_count("备注", 16) == 1
    assert sheet_layout.line_count("一\n二", 16) == 2


def test_the_copy_in_workbooks_is_current(tmp_path):
    """workbooks/社区台账模板.xlsx is what new-ledger writes today, byte for byte."""
    committed = Path(__file__).resolve().parents[1] / "workbooks" / "社区台账模板.xlsx"
    fresh = write_blank_ledger(tmp_path / "社区台账模板.xlsx")
    assert committed.read_bytes() == fresh.read_bytes(), "run: xiyuan new-ledger workbooks/社区台账模板.xlsx --force"
