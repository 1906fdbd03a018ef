"""A corpus of hostile and careless inputs, tried on every command a clerk uses.

Every case asserts: the exit status; a Chinese message naming the file (and the sheet or cell
where there is one); no traceback and no 程序内部错误; every input byte-identical afterwards;
and no full ID or mobile number in what was printed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from builders import ID_A, ID_B, USCC_A, write_xls, write_xlsx
from xiyuan.faces.cli import main

DAY = "2022-11-25"
XS = "晋江市鑫盛鞋业有限公司"
ENTERPRISE_HEADER = ["社区", "企业名称", "统一社会信用代码", "员工总数", "过渡缓冲区"]
EMPLOYEE_HEADER = ["企业名称", "姓名", "身份证号", "手机号"]
ARRIVAL_HEADER = ["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型", "抵晋时间"]
POLICY_COMMANDS = ("flag", "schedule", "today", "events")
COMMANDS = ("validate", *POLICY_COMMANDS)
PERSONAL = (ID_A, ID_B, "13805951234", "13905951234")


def ledger(path, enterprise=None, employee=None, arrival=None, extra_sheets=None) -> str:
    """A small good ledger; one row of each sheet may be replaced by hostile values."""
    sheets = {
        "企业台账": [ENTERPRISE_HEADER, enterprise or ["霞浯社区", XS, USCC_A, 250, "否"]],
        "员工台账": [EMPLOYEE_HEADER, employee or [XS, "陈明", ID_A, "13805951234"]],
        "来晋人员登记": [ARRIVAL_HEADER, arrival or ["林芳", ID_B, "13905951234", "来访人员", XS, "境外",
                                                   dt.datetime(2022, 11, 20, 10)]],
        **(extra_sheets or {}),
    }
    return write_xlsx(path, sheets)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out + err


def assert_clean(text: str) -> None:
    assert "Traceback" not in text and "程序内部错误" not in text, text[-500:]
    assert not re.search(r"\b[A-Z][a-z]+Error\b", text), text[-500:]
    assert re.search(r"[\u4e00-\u9fff]", text), text[-500:]
    assert not any(number in text for number in PERSONAL), "a full personal number was printed"


def run_case(capsys, tmp_path, argv, inputs: Path, codes, words=()):
    before = snapshot(inputs)
    code, text = run(capsys, *argv)
    assert_clean(text)
    assert code in codes, (code, text[-400:])
    for word in words:
        assert word in text, (word, text[-400:])
    assert snapshot(inputs) == before, "an input was changed"
    return text


# --- files that are not (usable) workbooks -------------------------------------------------


def _empty(path):
    path.write_bytes(b"")


def _random(path):
    path.write_bytes(os.urandom(4096))


def _zip_of_text(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")


def _truncated(path):
    good = ledger(path.with_name("good.xlsx"))
    data = Path(good).read_bytes()
    Path(good).unlink()
    path.write_bytes(data[: len(data) // 2])


def _docx(path):
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    path.write_bytes(buffer.getvalue())


def _csv(path):
    path.write_text("企业名称,姓名,身份证号\n甲,张三,350582199003071238\n", encoding="utf-8")


def _password(path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = ledger(path.with_name("plain.xlsx"))
    with open(plain, "rb") as source, open(path, "wb") as out:
        OOXMLFile(source).encrypt("1234", out)
    Path(plain).unlink()


def _fifo(path):
    os.mkfifo(path)


def _xfd(path):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("员工台账")
    sheet.write_row(0, 0, EMPLOYEE_HEADER)
    sheet.write_row(1, 0, [XS, "陈明", "350582199003071238", "13805951234"])
    sheet.write(1048575, 16383, "x")
    book.close()


def _wide(path):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("员工台账")
    sheet.write_row(0, 0, EMPLOYEE_HEADER)
    sheet.write(5, 4999, " ")  # padding far to the right
    book.close()


def _broken_link(path):
    os.symlink(path.with_name("nowhere.xlsx"), path)


def _no_ledger(path):
    write_xlsx(path, {"Sheet1": [["随便写点什么"], ["没有表头"]]})


FILE_CASES = {
    "empty": (_empty, "不是Excel工作簿"),
    "random-bytes": (_random, "不是Excel工作簿"),
    "zip-of-text": (_zip_of_text, "已损坏"),
    "truncated": (_truncated, "已损坏"),
    "docx-renamed": (_docx, "已损坏"),
    "csv-renamed": (_csv, "不是Excel工作簿"),
    "password": (_password, "密码"),
    "fifo": (_fifo, "不是普通文件"),
    "broken-link": (_broken_link, "找不到文件"),
    "no-ledger-sheet": (_no_ledger, "没有找到任何台账工作表"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_an_unusable_file_is_one_chinese_line_and_the_others_are_still_read(case, command, tmp_path, capsys):
    make, words = FILE_CASES[case]
    folder = tmp_path / "台账"
    folder.mkdir()
    bad = folder / "坏台账.xlsx"
    make(bad)
    good = ledger(folder / "霞浯社区台账.xlsx")
    argv = [command, bad, good, "--date", DAY]
    text = run_case(capsys, tmp_path, argv, folder, codes=(2,), words=("坏台账.xlsx", words))
    if command == "validate":
        assert "霞浯社区台账.xlsx" in text  # the good file was still checked


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("make", [_xfd, _wide], ids=["XFD1048576", "5000-columns"])
def test_an_absurd_sheet_extent_is_refused_before_it_is_read(make, command, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = folder / "大表.xlsx"
    make(path)
    code, text = run(capsys, command, path, "--date", DAY)
    assert_clean(text)
    assert code in (0, 1, 2)
    if command == "validate":
        assert "员工台账" in text and "范围大得异常" in text and code == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_an_excel_lock_file_and_a_folder_are_explained(command, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    (folder / "~$霞浯社区台账.xlsx").write_bytes(b"lock")
    run_case(capsys, tmp_path, [command, folder / "~$霞浯社区台账.xlsx", "--date", DAY], folder, (2,), ("锁定文件",))
    empty = tmp_path / "空文件夹.xlsx"
    empty.mkdir()
    run_case(capsys, tmp_path, [command, empty, "--date", DAY], folder, (2,), ("空文件夹.xlsx", "没有Excel台账"))


# --- hostile values inside a good workbook ------------------------------------------------

CONTENT_CASES = {
    "control-chars-in-name": dict(employee=[XS, "陈\x01明\x1b[31m", ID_A, "13805951234"]),
    "excel-escape-in-name": dict(employee=[XS, "陈_x0000_明", ID_A, "13805951234"]),
    "terminal-title-escape": dict(enterprise=["霞浯社区", "\x1b]0;pwned\x07鑫盛", USCC_A, 250, "否"]),
    "formula-like-values": dict(employee=[XS, "=HYPERLINK(\"http://x\",\"y\")", "+1234", "@SUM(A1)"]),
    "dde-payload": dict(enterprise=["霞浯社区", "=cmd|' /C calc'!A0", USCC_A, 250, "否"]),
    "id-as-float": dict(employee=[XS, "陈明", 3.50582199003071e17, "13805951234"]),
    "year-9999": dict(arrival=["林芳", ID_B, "13905951234", "来访人员", XS, "境外", dt.datetime(9999, 12, 31)]),
    "year-1900": dict(arrival=["林芳", ID_B, "13905951234", "来访人员", XS, "境外", dt.datetime(1900, 1, 1)]),
    "arrival-as-text-nonsense": dict(arrival=["林芳", ID_B, "13905951234", "来访人员", XS, "境外", "下周二左右"]),
    "huge-headcount": dict(enterprise=["霞浯社区", XS, USCC_A, 10 ** 20, "否"]),
    "negative-headcount": dict(enterprise=["霞浯社区", XS, USCC_A, -5, "否"]),
    "headcount-as-text": dict(enterprise=["霞浯社区", XS, USCC_A, "两百多", "否"]),
    "reserved-name-nul": dict(enterprise=["霞浯社区", "NUL", USCC_A, 250, "否"]),
    "reserved-name-con-ext": dict(enterprise=["霞浯社区", "CON.txt", USCC_A, 250, "否"]),
    "reserved-name-com1": dict(enterprise=["霞浯社区", "com1 ", USCC_A, 250, "否"]),
    "trailing-dots": dict(enterprise=["霞浯社区", "鑫盛...", USCC_A, 250, "否"]),
    "very-long-name": dict(enterprise=["霞浯社区", "鑫盛" * 3000, USCC_A, 250, "否"]),
    "path-in-name": dict(enterprise=["霞浯社区", "../../etc/passwd", USCC_A, 250, "否"]),
    "option-like-name": dict(enterprise=["霞浯社区", "--accept=socket,host=0", USCC_A, 250, "否"]),
    "emoji-and-rtl": dict(employee=[XS, "陈明\u202e😀", ID_A, "13805951234"]),
    "only-spaces": dict(employee=[XS, "   ", "  ", "\u3000"]),
    "number-as-name": dict(employee=[XS, 12345, ID_A, 13805951234.0]),
    "unknown-person-type": dict(arrival=["林芳", ID_B, "13905951234", "外星人", XS, "火星", dt.datetime(2022, 11, 20)]),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", sorted(CONTENT_CASES))
def test_hostile_values_are_checked_not_obeyed(case, command, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "霞浯社区台账.xlsx", **CONTENT_CASES[case])
    text = run_case(capsys, tmp_path, [command, path, "--date", DAY], folder, codes=(0, 1))
    assert "\x1b" not in text and "\x01" not in text and "\x07" not in text


@pytest.mark.parametrize("case", sorted(CONTENT_CASES))
def test_hostile_values_reach_documents_and_workbooks_harmlessly(case, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "霞浯社区台账.xlsx", **CONTENT_CASES[case])
    out = tmp_path / "文书"
    run_case(capsys, tmp_path, ["notices", "--kind", "enterprise", path, "--date", DAY, "--out", out], folder, (0,))
    for document in out.glob("*.docx"):
        assert document.parent == out  # no name escaped the folder
        stem = document.stem.split(".")[0].upper()
        assert stem not in ("NUL", "CON", "COM1", "PRN", "AUX") and not document.name.startswith("-")
        with zipfile.ZipFile(document) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x000[0-8]_", body)
    table = tmp_path / "重点企业.xlsx"
    run_case(capsys, tmp_path, ["flag", path, "--date", DAY, "--out", table], folder, (0,))
    book = openpyxl.load_workbook(table)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)  # a value never became a formula


def test_a_date_in_year_9999_is_an_error_in_its_cell_not_a_crash(tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx", **CONTENT_CASES["year-9999"])
    text = run_case(capsys, tmp_path, ["validate", path, "--date", DAY], folder, (1,))
    assert "来晋人员登记!G2" in text and "年份不对" in text


# --- edited templates ---------------------------------------------------------------------

TEMPLATE_CASES = {
    "syntax-error": "{{ enterprise.name ",
    "unknown-filter": "{{ enterprise.name|nosuchfilter }}",
    "python-internals": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "huge-string": "{{ 'x' * 10**10 }}",
    "huge-power": "{{ 10 ** 100000000 }}",
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "doubling-string": "{% set ns = namespace(s='x' * 100000) %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}"
                       "{% endfor %}{{ ns.s }}",
}


def _edited_template(folder: Path, text: str) -> Path:
    """The shipped enterprise notice with one paragraph's text replaced by `text`."""
    from test_documents import TEMPLATES

    shutil.copytree(TEMPLATES, folder)
    path = folder / "企业疫情防控告知书.docx"
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = xml.replace("{{ enterprise.name }}", text.replace("<", "&lt;"), 1)
                data = xml.encode("utf-8")
            archive.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("case", sorted(TEMPLATE_CASES))
def test_an_edited_template_that_goes_wrong_is_named_and_contained(case, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    templates = tmp_path / "模板"
    _edited_template(templates, TEMPLATE_CASES[case])
    out = tmp_path / "文书"
    run_case(capsys, tmp_path, ["notices", "--kind", "enterprise", path, "--date", DAY, "--out", out,
                                "--templates", templates], folder, (2,), ("企业疫情防控告知书.docx",))


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"], ids=["empty", "text", "broken-zip"])
@pytest.mark.parametrize("command,kind", [("notices", "enterprise"), ("circular", None), ("report", None)])
def test_a_template_that_is_not_a_word_file(command, kind, content, tmp_path, capsys):
    from test_documents import TEMPLATES

    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    templates = tmp_path / "模板"
    shutil.copytree(TEMPLATES, templates)
    name = {"notices": "企业疫情防控告知书.docx", "circular": "工作通报.docx", "report": "每日台账情况报告.docx"}[command]
    (templates / name).write_bytes(content)
    out = tmp_path / ("文书" if command == "notices" else "结果.docx")
    argv = [command, path, "--date", DAY, "--out", out, "--templates", templates] + (["--kind", kind] if kind else [])
    run_case(capsys, tmp_path, argv, folder, (2,), (name,))


@pytest.mark.parametrize("command", ["notices", "circular", "report"])
def test_a_missing_template_folder_or_file_is_said_not_replaced(command, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    out = tmp_path / ("文书" if command == "notices" else "结果.docx")
    kind = ["--kind", "enterprise"] if command == "notices" else []
    run_case(capsys, tmp_path, [command, path, "--date", DAY, "--out", out, "--templates", tmp_path / "没有这个文件夹",
                                *kind], folder, (2,), ("没有这个文件夹",))
    empty = tmp_path / "空模板"
    empty.mkdir()
    run_case(capsys, tmp_path, [command, path, "--date", DAY, "--out", out, "--templates", empty, *kind], folder, (2,),
             ("找不到公文模板",))


# --- policy and settings files ------------------------------------------------------------

POLICY_EDITS = {
    "toml-syntax": ("number = ", "number = = "),
    "unknown-key": ("[thresholds]", "[thresholds]\nsurprise = 1"),
    "million-days": ("days = 7", "days = 7000000"),
    "huge-hours": ("pre_test_hours = 48", "pre_test_hours = 100000000"),
    "negative": ("event_approval_days = 7", "event_approval_days = -7"),
    "test-day-beyond-phase": ("test_days = [1, 3, 5, 7]", "test_days = [1, 3, 5, 70]"),
}


def _policy_text() -> str:
    from xiyuan.rules.policy import DEFAULT_POLICY

    return DEFAULT_POLICY.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", POLICY_COMMANDS)
@pytest.mark.parametrize("case", sorted(POLICY_EDITS))
def test_a_broken_policy_file_is_named_with_its_key(case, command, tmp_path, capsys):
    old, new = POLICY_EDITS[case]
    text = _policy_text()
    assert old in text
    policy = tmp_path / "新政策.toml"
    policy.write_text(text.replace(old, new, 1), encoding="utf-8")
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    run_case(capsys, tmp_path, [command, path, "--date", DAY, "--policy", policy], folder, (2,), ("新政策.toml",))


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", None], ids=["not-utf8", "missing"])
def test_an_unreadable_policy_file(content, tmp_path, capsys):
    policy = tmp_path / "新政策.toml"
    if content is not None:
        policy.write_bytes(content)
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    run_case(capsys, tmp_path, ["flag", path, "--date", DAY, "--policy", policy], folder, (2,), ("新政策.toml",))


SETTINGS_EDITS = {
    "format-reaches-python": ('enterprise = "西街防控告〔{year}〕{n}号"', 'enterprise = "{year.__class__.__mro__}{n}"'),
    "format-index": ('enterprise = "西街防控告〔{year}〕{n}号"', 'enterprise = "{n[0]}{n}"'),
    "no-office": ("[office]", "[officex]"),
    "huge-rectification-days": ("rectification_days = 7", "rectification_days = 100000000"),
    "negative-first": ("first = 1", "first = -1"),
    "unknown-kind": ("first = 1", 'memo = "备〔{year}〕{n}号"\nfirst = 1'),
    "toml-syntax": ("[numbers]", "[numbers"),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_EDITS))
def test_a_broken_settings_file_is_named(case, tmp_path, capsys):
    from xiyuan.outputs.documents import DEFAULT_SETTINGS

    old, new = SETTINGS_EDITS[case]
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    assert old in text
    settings = tmp_path / "发文设置.toml"
    settings.write_text(text.replace(old, new, 1), encoding="utf-8")
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    run_case(capsys, tmp_path, ["notices", "--kind", "enterprise", path, "--date", DAY, "--out", tmp_path / "文书",
                                "--settings", settings], folder, (2,), ("发文设置.toml",))


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2022-13-45", "明天"])
def test_an_impossible_date_is_refused(command, date, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    with pytest.raises(SystemExit) as exited:
        main([command, path, "--date", date])
    out, err = capsys.readouterr()
    assert exited.value.code == 2
    assert_clean(out + err)
    assert date in err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("spelling", ["same", "dot", "dotdot", "symlink"])
def test_an_out_naming_the_input_is_refused(command, spelling, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = Path(ledger(folder / "台账.xlsx"))
    out = {"same": path, "dot": folder / "." / path.name, "dotdot": folder / ".." / "台账" / path.name,
           "symlink": tmp_path / "链接.xlsx"}[spelling]
    if spelling == "symlink":
        os.symlink(path, out)
    run_case(capsys, tmp_path, [command, path, "--date", DAY, "--out", out], folder, (2,), ("会覆盖台账",))


@pytest.mark.parametrize("argv,words", [
    (["flag", "{ledger}", "--out", "{tmp}/结果.docx"], ".xlsx"),
    (["validate", "{ledger}", "--out", "{tmp}"], "文件夹"),
    (["circular", "{ledger}", "--out", "{tmp}/通报.xlsx"], ".docx"),
    (["report", "{ledger}", "--out", "{tmp}/日报.pdf"], ".docx"),
    (["notices", "--kind", "enterprise", "{ledger}", "--out", "{ledger}"], "文件夹"),
    (["build-workbook", "--out", "{tmp}/按钮.xlsx"], ".xlsm"),
    (["new-ledger", "{ledger}"], "已经存在"),
    (["check-template", "{tmp}/没有.docx"], "找不到模板文件"),
    (["refresh", "--inbox", "{tmp}/没有的文件夹"], "不存在"),
    (["refresh", "--inbox", "{tmp}", "--every-day", "25:99"], "24小时制"),
    (["demo", "--out", "{tmp}/演示", "--communities", "0"], "社区数"),
    (["demo", "--out", "{tmp}/演示", "--enterprises", "1000000"], "企业数"),
    (["demo", "--out", "{tmp}/演示", "--employees", "3"], "员工总数"),
    (["validate", "{tmp}/没有这个文件.xlsx"], "找不到文件"),
    (["flag", "{ledger}", "--policy", "{tmp}/没有.toml"], "没有.toml"),
])
def test_command_line_mistakes_get_chinese_answers(argv, words, tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    argv = [a.replace("{ledger}", path).replace("{tmp}", str(tmp_path)) for a in argv]
    run_case(capsys, tmp_path, [*argv, "--date", DAY] if argv[0] in COMMANDS + ("circular", "report", "notices")
             else argv, folder, (2,), (words,))


def test_a_name_as_long_as_the_system_allows_is_written(tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    path = ledger(folder / "台账.xlsx")
    out = tmp_path / ("结" * 78 + ".xlsx")  # 239 bytes: the temporary name must not be longer
    assert len(out.name.encode()) <= 255
    run_case(capsys, tmp_path, ["flag", path, "--date", DAY, "--out", out], folder, (0,))
    assert out.exists()


def test_libreoffice_is_given_absolute_paths_only(tmp_path, monkeypatch):
    from xiyuan.outputs import documents

    seen = []

    def fake_run(command, **kwargs):
        seen.extend(command)

    monkeypatch.setattr(documents, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(documents.subprocess, "run", fake_run)
    monkeypatch.chdir(tmp_path)
    documents.to_pdf([Path("--accept=socket.docx"), Path("-env:x.docx")], Path("."))
    files = seen[seen.index("--outdir") + 1:]
    assert files and all(Path(f).is_absolute() for f in files)


def test_a_renamed_xls_is_still_read(tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    old = write_xls(folder / "老台账.xls", {"员工台账": [EMPLOYEE_HEADER, [XS, "陈明", ID_A, "13805951234"]]})
    renamed = folder / "老台账.xlsx"
    Path(old).rename(renamed)
    run_case(capsys, tmp_path, ["validate", renamed, "--date", DAY], folder, (0, 1))


def test_rows_of_spaces_are_padding_not_records(tmp_path, capsys):
    folder = tmp_path / "台账"
    folder.mkdir()
    rows = [EMPLOYEE_HEADER, [XS, "陈明", ID_A, "13805951234"]] + [[None, None, None, " "]] * 300
    path = write_xlsx(folder / "台账.xlsx", {"员工台账": rows})
    text = run_case(capsys, tmp_path, ["validate", path, "--date", DAY, "--json"], folder, (0, 1))
    import json

    payload = json.loads(text[text.index("{"):])
    assert payload["files"][0]["sheets"][0]["records"] == 1 and payload["issues"] == []
