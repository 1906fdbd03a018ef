"""The button workbook workbooks/xiyuan_tools.xlsm, checked on Linux: what only Windows Excel can
confirm is that the VBA runs. Everything else is read back here: olevba lists the modules and
their source is macros/*.bas; each button runs a Sub that exists, and each Sub a function that
exists in xiyuan_tools.py; LibreOffice opens the file and sees the modules and the buttons."""

import ast
import importlib.util
import re
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from python_calamine import CalamineWorkbook

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # olevba's pyparsing calls are deprecated: not ours to fix
    from oletools.olevba import VBA_Parser

from xiyuan.intake import schema
from xiyuan.outputs.blank_ledger import NOTES_SHEET
from xiyuan.outputs.button_workbook import (
    BUTTON_MODULE,
    BUTTONS,
    CONF_SHEET,
    INSTRUCTIONS,
    PANEL_SHEET,
    XLWINGS_MODULE,
    build_button_workbook,
)

PROJECT = Path(__file__).resolve().parents[1]
MACROS = PROJECT / "macros"
TOOLS = PROJECT / "xiyuan_tools.py"
COMMITTED = PROJECT / "workbooks" / "xiyuan_tools.xlsm"

# What the issue asks for, in the order of the panel.
CAPTIONS = ("校验台账", "标记重点企业", "生成检测日程", "今日应检", "生成企业告知书", "生成人员告知单",
            "生成工作通报", "刷新全部")
# The modules of the project: Excel's document modules of the quickstart, xlwings with its Mac
# Dictionary class, and ours. The quickstart's sample Module1 is gone.
MODULES = {"ThisWorkbook", "Sheet1", "Sheet2", XLWINGS_MODULE, "Dictionary", BUTTON_MODULE, "XiyuanCheck"}
SHEETS = [PANEL_SHEET, NOTES_SHEET, *(role.sheet for role in schema.ROLES), CONF_SHEET]

NS = {
    "v": "urn:schemas-microsoft-com:vml",
    "x": "urn:schemas-microsoft-com:office:excel",
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "form": "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "ooscript": "http://openoffice.org/2000/script",
    "library": "http://openoffice.org/2000/library",
    "xlink": "http://www.w3.org/1999/xlink",
}


# ---------------------------------------------------------------- helpers


def bas(name: str) -> str:
    return (MACROS / f"{name}.bas").read_bytes().decode("ascii")


def subs(source: str) -> list[str]:
    return re.findall(r"^(?:Public\s+)?Sub\s+(\w+)\s*\(", source, re.MULTILINE | re.IGNORECASE)


def run_python_targets(source: str) -> dict[str, str]:
    """Sub name -> the xiyuan_tools function its RunPython command calls."""
    targets = {}
    for name, body in re.findall(r"^Sub\s+(\w+)\s*\(\s*\)\s*$(.*?)^End Sub", source, re.MULTILINE | re.DOTALL):
        commands = re.findall(r'^\s*RunPython\s+"([^"]*)"\s*$', body, re.MULTILINE)
        assert len(commands) == 1, f"{name}: one RunPython line expected, found {commands}"
        match = re.fullmatch(r"import xiyuan_tools; xiyuan_tools\.(\w+)\(\)", commands[0])
        assert match, f"{name}: {commands[0]!r}"
        targets[name] = match.group(1)
    return targets


def tool_functions() -> set[str]:
    """Top-level functions of xiyuan_tools.py, read with ast (importing it needs xlwings)."""
    tree = ast.parse(TOOLS.read_text(encoding="utf-8"))
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    # `validate_ledger = button(_validate)`: a module-level name bound to a wrapped step
    bound = {target.id for node in tree.body if isinstance(node, ast.Assign)
             and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "button"
             for target in node.targets if isinstance(target, ast.Name)}
    return functions | bound


def vba_modules(path: Path) -> dict[str, str]:
    """Module name (its stream) -> source, as olevba extracts them."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        return {stream.rsplit("/", 1)[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def _resolve(base: str, target: str) -> str:
    """A relationship target relative to the folder of `base`, as a zip name."""
    if target.startswith("/"):
        return target[1:]
    parts = list(PurePosixPath(base).parent.parts)
    for piece in PurePosixPath(target).parts:
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = part.rsplit("/", 1)
    root = ET.fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
    return {rel.get("Id"): _resolve(part, rel.get("Target")) for rel in root.findall("rel:Relationship", NS)}


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part, from workbook.xml and its relationships."""
    rels = _rels(archive, "xl/workbook.xml")
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    return {sheet.get("name"): rels[sheet.get(f"{{{NS['r']}}}id")]
            for sheet in book.find("main:sheets", NS)}


def buttons_by_sheet(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Sheet name -> [(caption, macro)] of the form buttons in its VML drawing."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for sheet, part in sheet_parts(archive).items():
            xml = ET.fromstring(archive.read(part))
            legacy = xml.find("main:legacyDrawing", NS)
            if legacy is None:
                continue
            vml = ET.fromstring(archive.read(_rels(archive, part)[legacy.get(f"{{{NS['r']}}}id")]))
            for shape in vml.iter(f"{{{NS['v']}}}shape"):
                data = shape.find("x:ClientData", NS)
                if data is None or data.get("ObjectType") != "Button":
                    continue
                caption = "".join(shape.find("v:textbox", NS).itertext()).strip()
                found.setdefault(sheet, []).append((caption, data.findtext("x:FmlaMacro", namespaces=NS)))
    return found


def trimmed(lines: list[str]) -> list[str]:
    """Lines without trailing blanks, and without the empty lines at the end."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def sheet_values(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def xlwings_folder() -> Path:
    spec = importlib.util.find_spec("xlwings")
    assert spec is not None and spec.origin, "xlwings is not installed"
    return Path(spec.origin).parent


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns (and drops the item) on a bad option
        return build_button_workbook(tmp_path_factory.mktemp("buttons") / "xiyuan_tools.xlsm")


@pytest.fixture(scope="module")
def modules(built) -> dict[str, str]:
    return vba_modules(built)


@pytest.fixture(scope="module")
def ods(built, tmp_path_factory) -> zipfile.ZipFile:
    """The workbook as LibreOffice (headless) saves it in its own format."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (soffice) is needed for this test"
    folder = tmp_path_factory.mktemp("ods")
    profile = tmp_path_factory.mktemp("profile")
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "ods",
                    "--outdir", str(folder), str(built)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(folder / "xiyuan_tools.ods") as archive:
        yield archive


# ---------------------------------------------------------------- the sources in macros/


def test_macros_xlwings_bas_is_the_installed_packages_own():
    assert (MACROS / "xlwings.bas").read_bytes() == (xlwings_folder() / "xlwings.bas").read_bytes()


@pytest.mark.parametrize("path", sorted(MACROS.glob("*.bas")), ids=lambda path: path.name)
def test_every_bas_is_ascii_with_crlf_line_ends(path):
    data = path.read_bytes()
    data.decode("ascii")  # the VBA project's code page is 1252: Chinese belongs in captions and Python
    assert data.count(b"\n") == data.count(b"\r\n"), "VBA source lines end in CRLF"
    assert data.startswith(f'Attribute VB_Name = "{path.stem}"\r\n'.encode())


def test_buttons_table_is_what_the_issue_asks_for():
    assert tuple(button.caption for button in BUTTONS) == CAPTIONS
    assert [button.function for button in BUTTONS] == [
        "validate_ledger", "flag_enterprises", "schedule_tests", "today_tests", "enterprise_notices",
        "person_notices", "circular_report", "refresh_all"]
    assert len({button.macro for button in BUTTONS}) == len(BUTTONS)


def test_each_sub_runs_the_function_its_button_names():
    targets = run_python_targets(bas(BUTTON_MODULE))
    assert list(targets) == subs(bas(BUTTON_MODULE)), "every Sub is one RunPython line"
    assert targets == {button.macro: button.function for button in BUTTONS}


def test_every_sub_runs_a_function_that_exists_in_xiyuan_tools():
    defined = tool_functions()
    missing = sorted(set(run_python_targets(bas(BUTTON_MODULE)).values()) - defined)
    assert not missing, f"xiyuan_tools.py lacks {missing}"


# ---------------------------------------------------------------- the VBA project (olevba)


def test_olevba_lists_the_modules(modules):
    assert set(modules) == MODULES


@pytest.mark.parametrize("name", [BUTTON_MODULE, XLWINGS_MODULE])
def test_module_source_is_the_bas_file(modules, name):
    """Exactly, Attribute line and CRLF line ends included."""
    assert modules[name] == bas(name)


def test_dictionary_class_module_kept(modules):
    """xlwings.bas uses it on the Mac (`Dim d As Dictionary`)."""
    assert "Dim d As Dictionary" in modules[XLWINGS_MODULE]
    assert 'Attribute VB_Name = "Dictionary"' in modules["Dictionary"]
    assert "Public Function Exists(" in modules["Dictionary"]


def test_the_package_is_macro_enabled(built):
    with zipfile.ZipFile(built) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert "application/vnd.ms-office.vbaProject" in types
    assert "relationships/vbaProject" in rels and 'Target="vbaProject.bin"' in rels


# ---------------------------------------------------------------- the buttons


def test_buttons_only_on_the_panel_in_order(built):
    assert buttons_by_sheet(built) == {PANEL_SHEET: [(b.caption, f"[0]!{b.macro}") for b in BUTTONS]}


def test_every_button_runs_a_sub_of_the_module(built, modules):
    in_file = set(subs(modules[BUTTON_MODULE]))
    in_source = set(subs(bas(BUTTON_MODULE)))
    for caption, macro in buttons_by_sheet(built)[PANEL_SHEET]:
        name = macro.removeprefix("[0]!")
        assert name in in_source and name in in_file, f"{caption}: no Sub {name}"


# ---------------------------------------------------------------- the sheets


def test_sheets_panel_first_and_active_then_the_ledger_then_conf(built):
    assert CalamineWorkbook.from_path(str(built)).sheet_names == SHEETS
    with zipfile.ZipFile(built) as archive:
        parts = sheet_parts(archive)
        selected = [name for name, part in parts.items() if b'tabSelected="1"' in archive.read(part)]
        book = archive.read("xl/workbook.xml").decode()
    assert selected == [PANEL_SHEET]  # one tab selected: no grouped sheets
    assert "activeTab=" not in book  # the first sheet is the active one


@pytest.mark.parametrize("role", schema.ROLES, ids=lambda role: role.key)
def test_ledger_sheets_are_the_blank_templates(built, role):
    values = sheet_values(built)[role.sheet]
    assert values == [[item.label for item in role.fields]]


def test_panel_says_what_each_button_does_and_how_to_start(built):
    text = "\n".join(str(cell) for row in sheet_values(built)[PANEL_SHEET] for cell in row if cell)
    for button in BUTTONS:
        assert button.description in text
    for where in ("问题清单", "【计算】重点企业", "【计算】原因", "【计算】需整改事项", "检测日程", "今日应检",
                  "“文书\\日期”"):
        assert where in text
    refresh = next(button for button in BUTTONS if button.macro == "RefreshAll").description
    assert all(step in refresh for step in ("校验台账", "标记重点企业", "生成检测日程", "今日应检"))
    for instruction in INSTRUCTIONS:
        assert instruction in text
    for must in ("启用内容", "解除锁定", "受信任位置", "pip install xiyuan-tools", "不要重命名", "“操作面板”"):
        assert must in text


def test_conf_sheet_keys_are_xlwings_own(built):
    """Keys from A1 down to the first empty cell, spelled as in xlwings' own _xlwings.conf sheet."""
    quickstart = CalamineWorkbook.from_path(str(xlwings_folder() / "quickstart.xlsm"))
    known = {row[0] for row in quickstart.get_sheet_by_name("_xlwings.conf").to_python() if row and row[0]}
    rows = sheet_values(built)[CONF_SHEET]
    keys = []
    for row in rows:
        if not row[0]:
            break
        keys.append(row[0])
    settings = {row[0]: row[1] for row in rows[:len(keys)]}
    assert set(keys) <= known
    assert {"Show Console", "Use UDF Server"} <= set(keys)
    # an empty key would shadow the clerk's own xlwings.conf (her interpreter path): none is written
    assert all(settings[key] not in ("", None) for key in keys)
    assert "Interpreter_Win" not in keys
    assert settings["Show Console"] is False and settings["Use UDF Server"] is False
    assert all(not row[0] for row in rows[len(keys):]), "nothing else in column A below the keys"


# ---------------------------------------------------------------- reproducible, and the shipped copy


def test_two_builds_are_identical(built, modules, tmp_path):
    again = build_button_workbook(tmp_path / "again.xlsm")
    assert vba_modules(again) == modules
    assert sheet_values(again) == sheet_values(built)
    assert again.read_bytes() == built.read_bytes()


def test_the_copy_in_workbooks_is_current(built):
    assert COMMITTED.read_bytes() == built.read_bytes(), "run: python -m xiyuan.outputs.button_workbook"


def test_build_refuses_other_extensions(tmp_path):
    with pytest.raises(ValueError, match="xlsm"):
        build_button_workbook(tmp_path / "buttons.xlsx")
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- what LibreOffice sees


def test_libreoffice_sees_the_modules(ods):
    library = ET.fromstring(ods.read("Basic/VBAProject/script-lb.xml"))
    names = {element.get(f"{{{NS['library']}}}name") for element in library.findall("library:element", NS)}
    assert names == MODULES


@pytest.mark.parametrize("name", [BUTTON_MODULE, XLWINGS_MODULE])
def test_libreoffice_reads_the_module_code_unchanged(ods, name):
    """LibreOffice puts its VBA-mode lines first and drops the Attribute lines; the code is ours."""
    module = ET.fromstring(ods.read(f"Basic/VBAProject/{name}.xml"))
    assert module.get(f"{{{NS['ooscript']}}}name") == name
    lines = module.text.splitlines()
    assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
    ours = [line for line in bas(name).splitlines() if not line.startswith("Attribute ")]
    assert trimmed(lines[2:]) == trimmed(ours)
    if name == BUTTON_MODULE:
        assert subs(module.text) == [button.macro for button in BUTTONS]


def test_libreoffice_sees_the_buttons_bound_to_the_macros(ods):
    content = ET.fromstring(ods.read("content.xml"))
    found = {}
    for table in content.iter(f"{{{NS['table']}}}table"):
        buttons = []
        for button in table.iter(f"{{{NS['form']}}}button"):
            listener = button.find(".//script:event-listener", NS)
            buttons.append((button.get(f"{{{NS['form']}}}label"), listener.get(f"{{{NS['script']}}}event-name"),
                            listener.get(f"{{{NS['xlink']}}}href")))
        if buttons:
            found[table.get(f"{{{NS['table']}}}name")] = buttons
    expected = [(b.caption, "form:performaction",
                 f"vnd.sun.star.script:VBAProject.{BUTTON_MODULE}.{b.macro}?language=Basic&location=document")
                for b in BUTTONS]
    assert found == {PANEL_SHEET: expected}


def test_libreoffice_sees_the_sheets(ods):
    content = ET.fromstring(ods.read("content.xml"))
    names = [table.get(f"{{{NS['table']}}}name") for table in content.iter(f"{{{NS['table']}}}table")]
    assert names == SHEETS


def test_the_python_check_module_is_what_vba_check_makes_and_says_it_in_chinese():
    from xiyuan.outputs import vba_check

    source = bas("XiyuanCheck")
    assert source == vba_check.module_text(), "run: python -m xiyuan.outputs.vba_check"
    spoken = "".join(chr(int(code, 16)) for code in re.findall(r"ChrW\(&H([0-9A-F]{4})\)", source))
    assert "找不到" in spoken and "安装" in spoken and "西园台账工具" in spoken


@pytest.mark.parametrize("module", [BUTTON_MODULE, "XiyuanRibbon"])
def test_every_command_checks_for_python_before_running_it(module):
    source = bas(module)
    bodies = re.findall(r"^Sub\s+\w+\s*\([^)]*\)\s*$(.*?)^End Sub", source, re.MULTILINE | re.DOTALL)
    assert bodies
    for body in bodies:
        lines = [line.strip() for line in body.strip().splitlines()]
        assert lines[0] == "If Not PythonReady() Then Exit Sub" and lines[1].startswith("RunPython ")
