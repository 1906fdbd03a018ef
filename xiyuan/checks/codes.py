"""Every code the tool can report, its severity and its Chinese message template.

Templates use str.format fields: {field} (the column's Chinese name), {value} (the cell as
found) and the parameters the check supplied. A message says what is wrong and what to do,
and names Excel when Excel caused it. It never prints an "expected" check character: a clerk
would change the last digit and hide the real typo.
"""

from __future__ import annotations

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABEL = {ERROR: "错误", WARNING: "提醒", INFO: "说明"}  # what a clerk reads for each

CODES: dict[str, tuple[str, str]] = {
    # --- files and sheets -------------------------------------------------------------
    "file.not_found": (ERROR, "找不到文件，请检查文件名和所在文件夹。"),
    "file.not_workbook": (ERROR, "这不是Excel工作簿（只支持 .xlsx、.xlsm、.xls），请用Excel打开后另存为 .xlsx 再试。"),
    "file.corrupt": (ERROR, "文件已损坏，无法读取（{detail}）。请用Excel打开并另存为新的 .xlsx 文件后再试。"),
    "file.password": (ERROR, "文件设置了打开密码，无法读取。请在Excel中取消密码（文件→信息→保护工作簿）后另存再试。"),
    "file.locked": (ERROR, "文件被占用或没有读取权限（{detail}）。请关闭正在打开该文件的Excel/WPS后再试。"),
    "file.not_regular": (ERROR, "这不是普通文件（可能是管道、设备或快捷方式），无法作为台账读取。请把台账另存为普通的 .xlsx 文件。"),
    "sheet.too_large": (ERROR, "工作表“{sheet}”的数据范围大得异常（{extent}，约{cells}个单元格），多半是远处的单元格里有空格或格式。请在Excel中删除多余的行和列（或把台账内容复制到新工作表）后另存再试；该工作表本次未读取。"),
    "file.no_ledger": (ERROR, "没有找到任何台账工作表（企业台账、员工台账、来晋人员登记等）。请确认选对了文件，或把表头改成模板中的列名。"),
    "file.own_output": (INFO, "这是本工具生成的结果文件，不是台账，已跳过。"),
    "sheet.own_output": (INFO, "工作表“{sheets}”是本工具写入的结果，不是台账，已跳过。"),
    "sheet.unrecognized": (WARNING, "无法识别工作表“{sheet}”是哪一类台账，已跳过。如需校验，请把表头改成模板中的列名（如“姓名”“身份证号”）。"),
    "sheet.missing_column": (ERROR, "工作表“{sheet}”缺少必需的列：{columns}。请在表头行（第{header_row}行）补上这些列，整列都需要填写。"),
    "sheet.duplicate_column": (WARNING, "“{field}”列出现了两次（{columns}列），只校验了第一列。请删除多余的一列。"),
    "sheet.empty": (WARNING, "工作表“{sheet}”只有表头，没有任何记录。"),
    # --- every field ------------------------------------------------------------------
    "required.missing": (ERROR, "“{field}”为空，请补填。"),
    # --- ID numbers -------------------------------------------------------------------
    "id_number.stored_as_number": (ERROR, "身份证号被Excel当成数字保存（显示为{shown}），后3位已丢失，无法恢复。请把该列设为“文本”格式后，对照证件重新录入18位号码。"),
    "id_number.old_format": (ERROR, "这是15位的旧身份证号，请对照证件改为18位号码。"),
    "id_number.length": (ERROR, "身份证号应为18位，这里是{length}位，请对照证件核对，看看是否多录或漏录了数字。"),
    "id_number.chars": (ERROR, "身份证号只能是数字，最后一位可以是X；这里有其他字符，请对照证件重新录入。"),
    "id_number.birth_date": (ERROR, "身份证号中的出生日期“{birth}”不是有效日期，请对照证件核对第7至14位。"),
    "id_number.birth_future": (ERROR, "身份证号中的出生日期{birth}晚于今天，不可能，请对照证件核对第7至14位。"),
    "id_number.checksum": (ERROR, "身份证号校验不通过，有某一位录错了，请对照证件逐位核对。"),
    "id_number.area_unknown": (WARNING, "身份证号前6位地区码{area}在历次行政区划代码中都查不到，请对照证件核对前6位。"),
    "id_number.normalized": (WARNING, "身份证号含有空格、全角字符或小写x，已按“{fixed}”校验。请把单元格改成这个写法。"),
    # --- credit codes -----------------------------------------------------------------
    "uscc.length": (ERROR, "统一社会信用代码应为18位，这里是{length}位，请对照营业执照核对。"),
    "uscc.chars": (ERROR, "统一社会信用代码含有不允许的字符“{bad}”（代码中不使用I、O、S、V、Z），请对照营业执照核对。"),
    "uscc.checksum": (ERROR, "统一社会信用代码校验不通过，有某一位录错了，请对照营业执照逐位核对。"),
    "uscc.normalized": (WARNING, "统一社会信用代码含有空格、全角字符或小写字母，已按“{fixed}”校验。请把单元格改成这个写法。"),
    # --- phones -----------------------------------------------------------------------
    "phone.invalid": (ERROR, "“{value}”不是有效的电话号码。手机号应为11位，固定电话应带区号（如0595-22345678），一个单元格只填一个号码。"),
    "phone.mobile_invalid": (ERROR, "手机号“{value}”的号段不存在，请向本人核对后重新录入。"),
    "phone.lost_zero": (WARNING, "固定电话开头的0被Excel当成数字吃掉了，已按“{fixed}”理解。请把该列设为“文本”格式后改正。"),
    "phone.no_area_code": (WARNING, "固定电话“{value}”缺少区号，请补上（泉州为0595，如0595-22345678）。"),
    "phone.normalized": (WARNING, "电话号码含有空格、全角数字或国家代码，已按“{fixed}”校验。请把单元格改成这个写法。"),
    # --- plates -----------------------------------------------------------------------
    "plate.province": (ERROR, "车牌号“{value}”的第一个字不是省份简称（如闽、粤、浙），请核对行驶证。"),
    "plate.invalid": (ERROR, "车牌号“{value}”不符合机动车号牌格式（如闽C12345、闽CD12345），请核对行驶证。"),
    "plate.normalized": (WARNING, "车牌号含有空格、点、横线、全角或小写字母，已按“{fixed}”校验。请把单元格改成这个写法。"),
    # --- dates ------------------------------------------------------------------------
    "date.decimal": (ERROR, "日期“{value}”被Excel存成了小数（11.10会变成11.1），无法判断是哪一天，请按“2022-11-15”格式填写。"),
    "date.invalid": (ERROR, "“{value}”不是有效的日期或时间，请按“2022-11-15”或“2022-11-15 08:30”格式填写。"),
    "date.time_only": (ERROR, "“{field}”只填了时间，没有日期，请按“2022-11-15 08:30”格式填写。"),
    "date.no_year": (WARNING, "日期“{value}”没有写年份，已按{year}年理解，请补上年份（如“2022-11-15”）。"),
    "date.serial": (WARNING, "日期以数字“{value}”保存，已按Excel日期序号理解为{read_as}。请核对，并把单元格设为日期格式。"),
    "date.out_of_range": (ERROR, "“{field}”{read_as}的年份不对（只能处理1900年至2100年的日期），请核对后改正。"),
    "date.implausible": (WARNING, "“{field}”{read_as}不在合理范围内（{earliest}至{latest}），请核对年份。"),
    # --- yes/no, counts, vocabularies -------------------------------------------------
    "yesno.invalid": (ERROR, "“{field}”只能填“是”或“否”，这里是“{value}”，请改正。"),
    "count.invalid": (ERROR, "“{field}”应为整数，这里是“{value}”，请只填数字。"),
    "count.not_integer": (ERROR, "“{field}”应为整数，这里是“{value}”，请改正。"),
    "count.negative": (ERROR, "“{field}”不能为负数，请改正。"),
    "count.out_of_range": (ERROR, "“{field}”至少应为{minimum}，这里是“{value}”，请改正。"),
    "count.implausible": (WARNING, "“{field}”为“{value}”，超过了合理上限{maximum}，请核对是否多录了数字。"),
    "count.normalized": (WARNING, "“{field}”写成了“{value}”，已按{fixed}理解。请只填数字，方便统计。"),
    "vocab.invalid": (ERROR, "“{field}”不能填“{value}”，请从以下选项中选择：{choices}。"),
    # --- order and ranges within a row ------------------------------------------------
    "order.departure_after_arrival": (ERROR, "离开时间{departure}晚于抵晋时间{arrival}，请核对两个时间。"),
    "order.test_after_arrival": (WARNING, "离开前核酸时间{test}晚于抵晋时间{arrival}，这不是离开前的检测，请核对。"),
    "order.deadline_before_inspection": (ERROR, "整改期限{deadline}早于检查日期{inspection}，请核对。"),
    "order.declared_after_event": (WARNING, "申报日期{declared}晚于活动日期{event}，请核对。"),
    "order.return_before_leave": (ERROR, "预计返回日期{back}早于离开日期{left}，请核对。"),
    "occupants.count_mismatch": (ERROR, "司乘人员的姓名有{names}个，身份证号有{ids}个，电话有{phones}个，数量对不上。请每人一行，或在同一单元格内用“、”或换行按相同顺序分隔。"),
    # --- duplicates and cross-sheet ---------------------------------------------------
    "duplicate.id_in_sheet": (ERROR, "身份证号与第{other_row}行重复，同一人只应登记一次。请核对后删除或改正其中一行。"),
    "duplicate.enterprise": (ERROR, "企业“{value}”与第{other_row}行重复，请合并为一行。"),
    "duplicate.uscc": (ERROR, "统一社会信用代码与第{other_row}行（{other}）相同，请对照营业执照核对。"),
    "duplicate.person_two_enterprises": (WARNING, "此人（身份证号同{other_place}）同时登记在“{other}”和“{this}”两家企业，请核实在哪家企业上班，删去另一条。"),
    "cross.unknown_enterprise": (ERROR, "企业“{value}”不在“企业台账”中（本表共{rows}行用到它）。请先在企业台账登记该企业，或把名称改成与企业台账一致的写法。"),
    "cross.headcount_mismatch": (WARNING, "员工总数填的是{declared}人，员工台账中登记了{listed}人，请补录员工或更正员工总数。"),
    "cross.test_unknown_id": (WARNING, "这条核酸记录的身份证号不在员工台账、来晋人员登记或货车登记中，请核对号码。"),
}


# A short name for each code: the 汇总 sheet and the 问题类别 column group findings by it.
TITLES: dict[str, str] = {
    "file.not_found": "找不到文件",
    "file.not_workbook": "不是Excel工作簿",
    "file.corrupt": "文件已损坏",
    "file.password": "文件有打开密码",
    "file.locked": "文件被占用",
    "file.not_regular": "不是普通文件",
    "sheet.too_large": "工作表范围异常",
    "file.no_ledger": "没有台账工作表",
    "file.own_output": "本工具生成的文件",
    "sheet.own_output": "本工具写入的工作表",
    "sheet.unrecognized": "无法识别的工作表",
    "sheet.missing_column": "缺少必需的列",
    "sheet.duplicate_column": "列重复",
    "sheet.empty": "工作表没有记录",
    "required.missing": "必填项为空",
    "id_number.stored_as_number": "身份证号被存成数字",
    "id_number.old_format": "15位旧身份证号",
    "id_number.length": "身份证号位数不对",
    "id_number.chars": "身份证号含非法字符",
    "id_number.birth_date": "身份证号出生日期无效",
    "id_number.birth_future": "身份证号出生日期晚于今天",
    "id_number.checksum": "身份证号校验不通过",
    "id_number.area_unknown": "身份证号地区码不明",
    "id_number.normalized": "身份证号写法不规范",
    "uscc.length": "信用代码位数不对",
    "uscc.chars": "信用代码含非法字符",
    "uscc.checksum": "信用代码校验不通过",
    "uscc.normalized": "信用代码写法不规范",
    "phone.invalid": "电话号码无效",
    "phone.mobile_invalid": "手机号号段不存在",
    "phone.lost_zero": "固定电话丢了开头的0",
    "phone.no_area_code": "固定电话缺区号",
    "phone.normalized": "电话号码写法不规范",
    "plate.province": "车牌省份简称不对",
    "plate.invalid": "车牌号格式不对",
    "plate.normalized": "车牌号写法不规范",
    "date.decimal": "日期被存成小数",
    "date.invalid": "日期无效",
    "date.time_only": "只有时间没有日期",
    "date.no_year": "日期没写年份",
    "date.serial": "日期存成了数字",
    "date.out_of_range": "日期年份不对",
    "date.implausible": "日期不在合理范围",
    "yesno.invalid": "是/否填写不对",
    "count.invalid": "人数不是数字",
    "count.not_integer": "不是整数",
    "count.negative": "数字为负",
    "count.out_of_range": "数字太小",
    "count.implausible": "数字过大",
    "count.normalized": "数字写法不规范",
    "vocab.invalid": "不是可选的值",
    "order.departure_after_arrival": "离开晚于抵晋",
    "order.test_after_arrival": "离开前核酸晚于抵晋",
    "order.deadline_before_inspection": "整改期限早于检查",
    "order.declared_after_event": "申报晚于活动",
    "order.return_before_leave": "返回早于离开",
    "occupants.count_mismatch": "司乘人员信息数量对不上",
    "duplicate.id_in_sheet": "身份证号重复",
    "duplicate.enterprise": "企业重复",
    "duplicate.uscc": "信用代码重复",
    "duplicate.person_two_enterprises": "同一人登记在两家企业",
    "cross.unknown_enterprise": "企业不在企业台账",
    "cross.headcount_mismatch": "员工总数与员工台账不符",
    "cross.test_unknown_id": "核酸记录身份证号不明",
}


def title_of(code: str) -> str:
    return TITLES.get(code, code)


def severity_of(code: str) -> str:
    return CODES[code][0]


def message_for(code: str, params: dict) -> str:
    template = CODES[code][1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):  # a missing parameter must not hide the finding
        return template
