"""The button workbook `workbooks/xiyuan_tools.xlsm`: the ledger sheets plus a 操作面板 of buttons.

Built on Linux without Excel, from the sources, by `python -m xiyuan.outputs.button_workbook [PATH]`:

1. XlsxWriter writes 操作面板 (one form button per function, what each does, short
   instructions), then the sheets of the blank ledger (`blank_ledger`), then an `xlwings.conf`
   sheet, and adds the VBA project Excel made for xlwings' own `quickstart_standalone.xlsm`.
   XlsxWriter has to add the project: only then does the package get the macro-enabled
   content type.
2. pyopenvba replaces that project's code with the sources in `macros/`: the `xlwings` module
   gets the pinned xlwings version's own xlwings.bas, the sample `Module1` goes and
   `XiyuanButtons` (one Sub per button, each running one function of xiyuan_tools.py) comes in.
   The `Dictionary` class module stays: xlwings.bas uses it on the Mac.

Two builds give the same bytes (fixed document properties, fixed zip timestamps, and a VBA
project rewritten the same way each time). The file is written atomically.

This module never imports xlwings (nothing in the core does): it finds the package's folder
with `importlib.util.find_spec`.
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import zipfile
from pathlib import Path
from typing import NamedTuple

import pyopenvba
import xlsxwriter

from xiyuan.outputs import blank_ledger
from xiyuan.intake import schema
from xiyuan.outputs.atomic import atomic_path
from xiyuan.outputs.sheet_layout import line_count, row_height

PROJECT_DIR = Path(__file__).resolve().parents[2]
MACROS_DIR = PROJECT_DIR / "macros"
WORKBOOK = PROJECT_DIR / "workbooks" / "xiyuan_tools.xlsm"

PANEL_SHEET = "操作面板"
CONF_SHEET = "xlwings.conf"
BUTTON_MODULE = "XiyuanButtons"  # macros/XiyuanButtons.bas: one Sub per button
CHECK_MODULE = "XiyuanCheck"  # macros/XiyuanCheck.bas: is there a Python with the tool? (vba_check.py)
XLWINGS_MODULE = "xlwings"  # macros/xlwings.bas: the installed xlwings version's own module
SAMPLE_MODULE = "Module1"  # the quickstart's single-button sample, replaced by XiyuanButtons
QUICKSTART = "quickstart_standalone.xlsm"  # xlwings' workbook whose VBA project Excel made
VBA_PART = "xl/vbaProject.bin"

PROPERTIES = {
    **blank_ledger.PROPERTIES,
    "title": "西园街道工业企业疫情防控台账（按钮版）",
    "subject": "社区工业企业疫情防控台账及操作按钮",
    "comments": "依据晋政西〔2022〕81号制作的台账，操作面板上的按钮通过 xlwings 调用 xiyuan-tools。"
                "由 xiyuan-tools 生成。",
}


class Button(NamedTuple):
    caption: str  # on the button, for the clerk
    macro: str  # the Sub in XiyuanButtons.bas the button runs
    function: str  # the function of xiyuan_tools.py that Sub runs
    description: str  # beside the button: what it does and where the result goes


BUTTONS: tuple[Button, ...] = (
    Button("校验台账", "ValidateLedger", "validate_ledger",
           "检查各表的必填项、身份证号、手机号、日期等填写问题，结果列在“问题清单”表"
           "（点单元格地址可跳到出错处），出错单元格加批注并标色。"),
    Button("标记重点企业", "FlagEnterprises", "flag_enterprises",
           "按通知要求判断重点企业，写在“企业台账”表最右边的"
           "【计算】重点企业、【计算】原因、【计算】需整改事项三列。"),
    Button("生成检测日程", "ScheduleTests", "schedule_tests",
           "按人员类别排出每人的核酸检测日程，写到“检测日程”表。"),
    Button("今日应检", "TodayTests", "today_tests",
           "列出今天应检测、逾期未检和今天可以进厂的人员，写到“今日应检”表。"),
    Button("生成企业告知书", "EnterpriseNotices", "enterprise_notices",
           "给每家企业各生成一份告知书（Word），保存在工作簿所在文件夹的“文书\日期”文件夹里。"),
    Button("生成人员告知单", "PersonNotices", "person_notices",
           "给检测、隔离要求尚未完成的来晋人员各生成一份告知单（Word），保存在工作簿所在文件夹的“文书\日期”文件夹里。"),
    Button("生成工作通报", "CircularReport", "circular_report",
           "汇总本工作簿和同一文件夹里各社区台账，生成工作通报（Word），保存在“文书\日期”文件夹里。"),
    Button("刷新全部", "RefreshAll", "refresh_all",
           "依次执行校验台账、标记重点企业、生成检测日程、今日应检，一次更新以上四项结果（不生成文书）。"),
)

PANEL_TITLE = "西园街道工业企业疫情防控台账 · 操作面板"
PANEL_LEAD = ("在后面各台账表中登记好数据（怎么填见“说明”表），再点下面的按钮。"
              "每个按钮右边写着它做什么、结果写到哪里；再点一次会重新生成结果，不会重复追加。")
INSTRUCTIONS = (
    ("打开本工作簿时，如果上方出现“安全警告 宏已被禁用”，请点“启用内容”。如果提示“Microsoft 已阻止宏运行”"
     "（从微信、邮件或网上下载的文件都会这样），请先关闭文件，在文件上点右键→“属性”→在“常规”页下方勾选"
     "“解除锁定”→“确定”后再打开；也可以把本工作簿放到 Excel 的受信任位置"
     "（文件→选项→信任中心→信任中心设置→受信任位置）。"),
    ("按钮要用到电脑上的 Python：请先安装 Python（3.10 或更高版本，安装时勾选“Add python.exe to PATH”），"
     "再在“命令提示符”中运行 pip install xiyuan-tools[excel]（不能上网的电脑用安装包里的“安装.bat”）。没有 Excel 或使用 WPS 的电脑，请改用 xiyuan 命令。"),
    "不要重命名或删除“操作面板”和“xlwings.conf”工作表，也不要修改各台账表第1行的栏目名称。",
    ("带【计算】的列，以及问题清单、检测日程、今日应检三张表，都由按钮生成，每次点击整体重写，"
     "请不要在里面录入内容。"),
    "点按钮后弹出提示框时，请按提示处理；处理不了的，把工作簿和提示内容一起发给维护人员。",
)

# Columns of the panel: a margin, the buttons, what each does (Excel character units).
PANEL_COLUMNS = (2, 22, 84)
BUTTON_WIDTH = 150  # pixels; column B is 22 * 7 + 5 = 159 px wide
BUTTON_HEIGHT = 34  # pixels
BUTTON_ROW = 36  # points (48 px): the least height of a button's row
BUTTON_X_OFFSET = 5

# The xlwings.conf sheet: xlwings reads the keys in column A from A1 down to the first empty
# cell, and the value beside each; a key on the sheet overrides the xlwings.conf files. The
# spelling is that of xlwings' own _xlwings.conf sheet. An empty Interpreter_Win makes
# RunPython use `python` from PATH.
CONF_ROWS = (
    ("Interpreter_Win", "", ("Windows 上运行按钮的 Python 程序。留空即使用 PATH 中的 python；"
                             "装在别处的，填 python.exe 的完整路径。")),
    ("Interpreter_Mac", "", "Mac 上运行按钮的 Python 程序。留空即使用 PATH 中的 python。"),
    ("PYTHONPATH", "", "另外要加入 Python 搜索路径的文件夹（本工作簿所在文件夹已自动加入）。一般留空。"),
    ("Use UDF Server", False, "本工作簿不用自定义函数，保持 FALSE。"),
    ("Show Console", False, "TRUE 时运行按钮会显示黑色命令行窗口（排查问题时用），平时保持 FALSE。"),
)
CONF_UNSET = ("不写的设置（如 Interpreter_Win：运行按钮的 python.exe 完整路径）使用本机 xlwings.conf 文件或默认值；"
              "需要时在 A 列末尾接着添加。")
CONF_NOTE = ("本表是 xlwings 的设置，一般不用改动，只有维护人员排查问题时才需要修改。"
             "设置名在 A 列、从 A1 起连续填写，值在 B 列；不要在 A 列中间插入空行，也不要重命名本表。")


# ---------------------------------------------------------------- sources


def xlwings_folder() -> Path:
    """The installed xlwings package's folder, found without importing it."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise RuntimeError("没有安装 xlwings，无法生成按钮工作簿：请先运行 pip install xlwings。")
    return Path(spec.origin).parent


def xlwings_vba_project() -> bytes:
    """The vbaProject.bin Excel made for xlwings' own quickstart_standalone.xlsm."""
    with zipfile.ZipFile(xlwings_folder() / QUICKSTART) as quickstart:
        return quickstart.read(VBA_PART)


def module_source(name: str) -> str:
    """macros/<name>.bas exactly as stored: ASCII, CRLF line ends kept."""
    return (MACROS_DIR / f"{name}.bas").read_bytes().decode("ascii")


# ---------------------------------------------------------------- the sheets


class PanelFormats:
    """The cell formats of 操作面板 and xlwings.conf."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 16, "valign": "vcenter"})
        self.paragraph = add({"text_wrap": True, "valign": "top"})
        self.heading = add({"bold": True, "font_size": 12, "valign": "vcenter", "bottom": 2,
                            "bottom_color": "#2F75B5"})
        self.description = add({"text_wrap": True, "valign": "vcenter"})
        self.key = add({"bold": True})


def _pixels(points: float) -> int:
    return round(points * 4 / 3)


def write_panel_sheet(workbook: xlsxwriter.Workbook, formats: PanelFormats) -> None:
    """操作面板: a title, one row per button with what it does, then the instructions."""
    sheet = workbook.add_worksheet(PANEL_SHEET)
    sheet.set_tab_color("#70AD47")
    sheet.hide_gridlines(2)
    for col, width in enumerate(PANEL_COLUMNS):
        sheet.set_column(col, col, width)
    text_width = PANEL_COLUMNS[1] + PANEL_COLUMNS[2]
    sheet.merge_range(0, 1, 0, 2, PANEL_TITLE, formats.title)
    sheet.set_row(0, 36)
    sheet.merge_range(1, 1, 1, 2, PANEL_LEAD, formats.paragraph)
    sheet.set_row(1, row_height(line_count(PANEL_LEAD, text_width)))
    row = 3
    for button in BUTTONS:
        height = max(BUTTON_ROW, row_height(line_count(button.description, PANEL_COLUMNS[2])))
        sheet.set_row(row, height)
        sheet.insert_button(row, 1, {
            "macro": button.macro,
            "caption": button.caption,
            "width": BUTTON_WIDTH,
            "height": BUTTON_HEIGHT,
            "x_offset": BUTTON_X_OFFSET,
            "y_offset": (_pixels(height) - BUTTON_HEIGHT) // 2,
        })
        sheet.write_string(row, 2, button.description, formats.description)
        row += 1
    row += 1
    sheet.merge_range(row, 1, row, 2, "使用须知", formats.heading)
    sheet.set_row(row, 22)
    row += 1
    for number, text in enumerate(INSTRUCTIONS, start=1):
        line = f"{number}. {text}"
        sheet.merge_range(row, 1, row, 2, line, formats.paragraph)
        sheet.set_row(row, row_height(line_count(line, text_width)))
        row += 1
    sheet.set_paper(blank_ledger.A4)
    sheet.fit_to_pages(1, 0)
    sheet.activate()


def write_conf_sheet(workbook: xlsxwriter.Workbook, formats: PanelFormats) -> None:
    """xlwings.conf: keys in column A from A1, values in B, what each means in C."""
    sheet = workbook.add_worksheet(CONF_SHEET)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 90)
    # only keys with a value: an empty key on the sheet would shadow the clerk's own xlwings.conf
    for row, (key, value, meaning) in enumerate(row for row in CONF_ROWS if row[1] not in ("", None)):
        sheet.write_string(row, 0, key, formats.key)
        if isinstance(value, bool):
            sheet.write_boolean(row, 1, value)
        elif value:
            sheet.write_string(row, 1, value)
        sheet.write_string(row, 2, meaning)
    sheet.write_string(len(CONF_ROWS) + 2, 2, CONF_NOTE + CONF_UNSET, formats.paragraph)


def write_sheets(path: str | os.PathLike, roles: tuple[schema.Role, ...] = schema.ROLES) -> None:
    """The package XlsxWriter writes: every sheet, the buttons, and xlwings' VBA project as it is."""
    options = {**blank_ledger.workbook_options(), "in_memory": True}  # in memory: fixed zip timestamps
    workbook = xlsxwriter.Workbook(os.fspath(path), options)
    workbook.set_properties(dict(PROPERTIES))
    panel_formats = PanelFormats(workbook)
    write_panel_sheet(workbook, panel_formats)
    blank_ledger.write_ledger_sheets(workbook, blank_ledger.Formats(workbook), roles, activate_notes=False)
    write_conf_sheet(workbook, panel_formats)
    workbook.add_vba_project(io.BytesIO(xlwings_vba_project()), is_stream=True)
    workbook.close()


# ---------------------------------------------------------------- the VBA project


def replace_modules(path: str | os.PathLike, modules: tuple[str, ...] = (BUTTON_MODULE, CHECK_MODULE)) -> None:
    """Put the sources of macros/ into the workbook's VBA project, in place: the pinned
    xlwings.bas, no quickstart sample, and `modules`."""
    with pyopenvba.ExcelFile(path) as book:
        book.set_module(XLWINGS_MODULE, module_source(XLWINGS_MODULE))
        project = book.vba_project()
        project.delete_module(SAMPLE_MODULE)
        for name in modules:
            project.add_module(name, module_source(name))
        book.save(path)
    with pyopenvba.ExcelFile(path) as book:  # what was written, read back
        problems = book.validate()
    if problems:
        raise RuntimeError("pyopenvba wrote an inconsistent VBA project: " + "; ".join(problems))


def build_button_workbook(target: Path | str = WORKBOOK) -> Path:
    """Build the button workbook at `target` (an .xlsm); return its path."""
    target = Path(target)
    if target.suffix.lower() != ".xlsm":
        raise ValueError(f"按钮工作簿只能保存为 .xlsm 文件：{target}")
    with atomic_path(target) as tmp:
        write_sheets(tmp)
        replace_modules(tmp)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = build_button_workbook(args[0] if args else WORKBOOK)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
