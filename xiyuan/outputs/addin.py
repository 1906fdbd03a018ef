"""The Excel add-in `workbooks/西园防疫.xlam`: a 西园防疫 ribbon tab that acts on whatever
ledger is open, whatever its name or folder.

Built on Linux from the sources, like the button workbook (button_workbook.py):

1. XlsxWriter writes a 说明 sheet and the xlwings.conf sheet and adds the VBA project Excel
   made for xlwings' quickstart; pyopenvba puts in the pinned xlwings.bas and
   macros/XiyuanRibbon.bas (one callback per ribbon button, each running one function of
   xiyuan_tools.py on the active workbook).
2. The package is then made an add-in: the workbook part gets the add-in content type and
   macros/customUI14.xml goes in as the ribbon (customUI/customUI14.xml, related from the
   package root). Every zip entry keeps a fixed time, so two builds give the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter

from xiyuan.outputs import blank_ledger
from xiyuan.outputs.atomic import atomic_path
from xiyuan.outputs.button_workbook import (CHECK_MODULE, MACROS_DIR, PanelFormats, replace_modules, write_conf_sheet,
                                            xlwings_vba_project)

ADDIN = Path(__file__).resolve().parents[2] / "workbooks" / "西园防疫.xlam"
RIBBON_MODULE = "XiyuanRibbon"
CUSTOM_UI = "customUI/customUI14.xml"
UI_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ADDIN_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
FIXED_TIME = (2022, 11, 25, 0, 0, 0)

PROPERTIES = {
    **blank_ledger.PROPERTIES,
    "title": "西园防疫（Excel加载项）",
    "subject": "社区工业企业疫情防控台账工具",
    "comments": "在 Excel 功能区增加“西园防疫”选项卡，对当前打开的台账校验、标记、排日程、生成公文。由 xiyuan-tools 生成。",
}
ABOUT = (
    "西园防疫加载项",
    "本加载项在 Excel 功能区增加“西园防疫”选项卡，按钮作用于当前打开的台账工作簿（不论文件名和所在文件夹）。",
    "校验：校验台账，问题列在“问题清单”表。标记与日程：标记重点企业、检测日程、今日应检。"
    "公文：企业告知书、人员告知单、工作通报，保存在台账旁的“文书\\日期”文件夹。刷新：刷新全部。",
    "加载项需要本机已安装 Python 和 xiyuan-tools（安装包中的“安装.bat”会一并安装）。",
)


def ribbon_xml() -> bytes:
    return (MACROS_DIR / "customUI14.xml").read_bytes()


def write_sheets(path: str | os.PathLike) -> None:
    options = {**blank_ledger.workbook_options(), "in_memory": True}
    workbook = xlsxwriter.Workbook(os.fspath(path), options)
    workbook.set_properties(dict(PROPERTIES))
    formats = PanelFormats(workbook)
    about = workbook.add_worksheet("说明")
    about.set_column(0, 0, 100)
    for row, line in enumerate(ABOUT):
        about.write_string(row, 0, line, formats.title if row == 0 else formats.paragraph)
    write_conf_sheet(workbook, formats)
    workbook.add_vba_project(io.BytesIO(xlwings_vba_project()), is_stream=True)
    workbook.close()


def make_addin(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Copy the macro workbook `source` to `target` as an add-in with the ribbon."""
    with zipfile.ZipFile(source) as book:
        parts = [(info.filename, book.read(info)) for info in book.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            if name == "[Content_Types].xml":
                data = data.replace(WORKBOOK_TYPE.encode(), ADDIN_TYPE.encode())
            elif name == "_rels/.rels":
                data = re.sub(rb"</Relationships>\s*$", (
                    f'<Relationship Id="rIdXiyuanRibbon" Type="{UI_RELATIONSHIP}" Target="{CUSTOM_UI}"/>'
                    "</Relationships>").encode(), data)
            out.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
        out.writestr(zipfile.ZipInfo(CUSTOM_UI, FIXED_TIME), ribbon_xml(), zipfile.ZIP_DEFLATED)


def build_addin(target: Path | str = ADDIN) -> Path:
    """Build the add-in at `target` (an .xlam); return its path."""
    target = Path(target)
    if target.suffix.lower() != ".xlam":
        raise ValueError(f"加载项只能保存为 .xlam 文件：{target}")
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "addin.xlsm"
        write_sheets(workbook)
        replace_modules(workbook, (RIBBON_MODULE, CHECK_MODULE))
        with atomic_path(target) as tmp:
            make_addin(workbook, tmp)
    return target


def ribbon_picture(target: str | os.PathLike) -> Path:
    """A picture of the 西园防疫 tab drawn from macros/customUI14.xml (tab, groups, buttons), for
    the README: what the clerk will see once the add-in is on."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Rectangle
    from xml.etree import ElementTree

    from xiyuan.outputs.charts import use_chart_font

    use_chart_font()
    ui = "{http://schemas.microsoft.com/office/2009/07/customui}"
    tab = next(ElementTree.fromstring(ribbon_xml()).iter(f"{ui}tab"))
    groups = [(g.get("label"), [b.get("label") for b in g.iter(f"{ui}button")]) for g in tab.iter(f"{ui}group")]
    width = sum(len(buttons) for _, buttons in groups) * 1.1 + 0.3 * len(groups) + 0.4
    figure, axis = plt.subplots(figsize=(width, 1.9), dpi=120)
    axis.set_xlim(0, width)
    axis.set_ylim(0, 1.9)
    axis.axis("off")
    axis.add_patch(Rectangle((0, 0), width, 1.55, color="#F3F3F3"))
    for x, label in ((0.2, "文件"), (0.9, "开始"), (1.6, "插入")):
        axis.text(x, 1.7, label, fontsize=10, color="#444444")
    axis.add_patch(Rectangle((2.25, 1.55), 1.0, 0.33, color="#F3F3F3"))
    axis.text(2.35, 1.66, tab.get("label"), fontsize=10, color="#217346")  # one weight in the shipped font
    x = 0.2
    for label, buttons in groups:
        start = x
        for button in buttons:
            axis.add_patch(Rectangle((x + 0.55 - 0.225, 0.62), 0.45, 0.45, color="#217346", alpha=0.85))
            axis.text(x + 0.55, 0.42, button, fontsize=9, ha="center")
            x += 1.1
        axis.text((start + x) / 2, 0.08, label, fontsize=8.5, ha="center", color="#666666")
        axis.plot([x + 0.1, x + 0.1], [0.1, 1.45], color="#CCCCCC", linewidth=1)
        x += 0.3
    figure.savefig(str(target), bbox_inches="tight")
    plt.close(figure)
    return Path(target)
