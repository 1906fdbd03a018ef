"""The add-in workbooks/西园防疫.xlam, checked on Linux: a 西园防疫 ribbon tab whose every command
reaches a function of xiyuan_tools.py, and those functions clicked on a demo ledger."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from excel_harness import click
from test_button_workbook import NS, bas, tool_functions, trimmed, vba_modules
import xiyuan_tools as tools
from xiyuan import demo
from xiyuan.outputs.addin import ADDIN, ADDIN_TYPE, CUSTOM_UI, RIBBON_MODULE, UI_RELATIONSHIP, build_addin
from xiyuan.outputs.button_workbook import XLWINGS_MODULE

UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
GROUPS = ["校验", "标记与日程", "公文", "刷新"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "西园防疫.xlam")


@pytest.fixture(scope="module")
def ribbon(built) -> ET.Element:
    with zipfile.ZipFile(built) as archive:
        return ET.fromstring(archive.read(CUSTOM_UI))


def callbacks() -> dict[str, str]:
    """Ribbon callback Sub -> the xiyuan_tools function it runs on the active workbook."""
    source = bas(RIBBON_MODULE)
    found = {}
    for name, body in re.findall(r"^Sub\s+(\w+)\s*\(control As IRibbonControl\)\s*$(.*?)^End Sub", source,
                                 re.MULTILINE | re.DOTALL):
        [command] = re.findall(r'^\s*RunPython\s+"([^"]*)"\s*$', body, re.MULTILINE)
        match = re.fullmatch(r"import xiyuan_tools; xiyuan_tools\.(\w+)\(xiyuan_tools\.active_book\(\)\)", command)
        assert match, command
        found[name] = match.group(1)
    return found


def test_the_package_is_an_add_in_with_the_ribbon_part(built):
    with zipfile.ZipFile(built) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = ET.fromstring(archive.read("_rels/.rels"))
    assert ADDIN_TYPE in types and "sheet.macroEnabled.main" not in types
    targets = {r.get("Type"): r.get("Target") for r in rels}
    assert targets[UI_RELATIONSHIP] == CUSTOM_UI


def test_the_tab_and_its_groups(ribbon):
    [tab] = ribbon.iter(f"{UI}tab")
    assert tab.get("label") == "西园防疫"
    assert [group.get("label") for group in tab.iter(f"{UI}group")] == GROUPS
    labels = [button.get("label") for button in tab.iter(f"{UI}button")]
    assert labels == ["校验台账", "标记重点企业", "检测日程", "今日应检", "企业告知书", "人员告知单", "工作通报", "刷新全部"]


def test_every_on_action_is_a_ribbon_callback_that_reaches_xiyuan_tools(ribbon):
    actions = [button.get("onAction") for button in ribbon.iter(f"{UI}button")]
    found = callbacks()
    assert sorted(actions) == sorted(found), "each button's onAction is a Sub(control As IRibbonControl)"
    assert set(found.values()) <= tool_functions() and "active_book" in tool_functions()
    assert "def active_book" in Path(tools.__file__).read_text(encoding="utf-8")


def test_olevba_reads_the_ribbon_module_unchanged(built):
    modules = vba_modules(built)
    assert {RIBBON_MODULE, XLWINGS_MODULE} <= set(modules) and "Module1" not in modules
    ours = [line for line in bas(RIBBON_MODULE).splitlines() if not line.startswith("Attribute ")]
    theirs = [line for line in modules[RIBBON_MODULE].splitlines() if not line.startswith("Attribute ")]
    assert trimmed(theirs) == trimmed(ours)


def test_libreoffice_opens_the_add_in_and_sees_its_modules(built, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (soffice) is needed for this test"
    profile = tmp_path / "profile"
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir", str(tmp_path),
                    str(built)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / "西园防疫.ods") as ods:
        library = ET.fromstring(ods.read("Basic/VBAProject/script-lb.xml"))
    names = {element.get(f"{{{NS['library']}}}name") for element in library.findall("library:element", NS)}
    assert {RIBBON_MODULE, XLWINGS_MODULE} <= names


def test_two_builds_give_the_same_bytes_and_the_committed_copy_is_current(built, tmp_path):
    again = build_addin(tmp_path / "again.xlam")
    assert again.read_bytes() == built.read_bytes()
    assert ADDIN.read_bytes() == built.read_bytes(), "run: xiyuan build-addin"


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    demo.build_demo(folder, communities=2, enterprises=20, employees=1500)
    return sorted(folder.glob("*.xlsx"))[0]


@pytest.mark.parametrize("callback", sorted(callbacks()))
def test_every_ribbon_command_on_a_demo_ledger_twice(callback, demo_ledger, tmp_path, monkeypatch):
    function = getattr(tools, callbacks()[callback])
    path = tmp_path / demo_ledger.name
    shutil.copy(demo_ledger, path)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        outcome = click(function, path, demo.DEMO_DATE)
        assert len(outcome.alerts) == 1 and "处理时出错" not in outcome.alerts[0], outcome.alerts
