"""GB/T 9704-2012 (党政机关公文格式) page, styles and blocks, built with python-docx.

Used by `templates_build.py` to make the Word templates in templates/. The figures:
A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (type area 156 x 225 mm);
22 lines of 28 characters in 3号 (16 pt) 仿宋; red 小标宋 issuing-office mark; the document
number two lines under it with the red rule 4 mm below; a 2号 (22 pt) 小标宋 title two lines
under the rule; headings 一、 黑体, （一） 楷体; page numbers "— 1 —" in 4号 宋体 7 mm below
the type area, odd pages right and even pages left, one character in; the imprint (版记)
between rules on the last page's type-area bottom.

Word and LibreOffice read East-Asian fonts from w:rFonts/@w:eastAsia only, and a theme font
beats a named one, so every run property here names all four font slots and the document
defaults lose their theme attributes. Children of w:pPr and w:rPr are kept in schema order.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

# Fonts by their official names; the render check maps them to free stand-ins (fontconfig).
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
IMPRINT_PT = 14  # 4号
MARK_PT = 36  # 小初: the mark of a one-line office name fits the type area
LINE_TWIPS = 579  # exact line pitch: 22 lines fill the 225 mm type area (580 gives 21)
CHAR_TWIPS = BODY_PT * 20  # one character of body text
RED = "FF0000"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TYPE_WIDTH_TWIPS = 8844  # 156 mm
MARK_OFFSET = Mm(35)  # the mark's top below the type area's top


# --- low-level XML helpers --------------------------------------------------------------

_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set(parent, tag: str, order: tuple[str, ...], **attrs):
    """Replace child `tag` of `parent` with one carrying `attrs`, in schema order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    rank = order.index(tag)
    for index, child in enumerate(parent):
        name = child.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:")
        if name in order and order.index(name) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def set_tblpr(tbl_pr, tag: str, **attrs):
    return _set(tbl_pr, tag, _TBLPR_ORDER, **attrs)


def set_ppr(ppr, tag: str, **attrs):
    return _set(ppr, tag, _PPR_ORDER, **attrs)


def set_rpr(rpr, tag: str, **attrs):
    return _set(rpr, tag, _RPR_ORDER, **attrs)


def fonts(rpr, east_asian: str, latin: str = LATIN) -> None:
    set_rpr(rpr, "w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin, hint="eastAsia")


def size(rpr, points: float) -> None:
    set_rpr(rpr, "w:sz", val=int(points * 2))
    set_rpr(rpr, "w:szCs", val=int(points * 2))


def exact_lines(ppr, twips: int = LINE_TWIPS, before: int = 0, after: int = 0) -> None:
    set_ppr(ppr, "w:spacing", before=before, after=after, line=twips, lineRule="exact")


# --- page, grid and styles ----------------------------------------------------------------


def new_document() -> Document:
    """An empty document with the page, grid, styles and footers of GB/T 9704."""
    document = Document()
    _page(document.sections[0])
    _defaults(document)
    _styles(document)
    _footers(document)
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    # python-docx starts with one empty paragraph; callers add their own
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    return document


def _page(section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # the number's line sits 7 mm below the type area
    section.start_type = WD_SECTION.NEW_PAGE
    sectpr = section._sectPr
    for grid in sectpr.findall(qn("w:docGrid")):
        sectpr.remove(grid)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    sectpr.append(grid)


def _defaults(document) -> None:
    """Document defaults: the named fonts (no theme fonts), 3号, no CJK/Latin auto spacing."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts(rpr, FANGSONG)
    size(rpr, BODY_PT)
    set_rpr(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    _quiet_paragraph(ppr)
    exact_lines(ppr)


def _quiet_paragraph(ppr) -> None:
    """No widow control, no automatic CJK/Latin spacing and no punctuation hanging into the
    margin: each would break the 28-per-line grid or the type area."""
    set_ppr(ppr, "w:widowControl", val=0)
    set_ppr(ppr, "w:overflowPunct", val=0)
    set_ppr(ppr, "w:autoSpaceDE", val=0)
    set_ppr(ppr, "w:autoSpaceDN", val=0)


def _paragraph_style(document, name: str, *, east_asian=FANGSONG, points=BODY_PT, align=None, first_line_chars=0,
                     bold=False, color=None, line=LINE_TWIPS, before=0, after=0, keep_next=False, snap=True,
                     right_chars=0, left_chars=0):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    ppr = style.element.get_or_add_pPr()
    if keep_next:
        set_ppr(ppr, "w:keepNext")
    _quiet_paragraph(ppr)
    if not snap:
        set_ppr(ppr, "w:snapToGrid", val=0)
    exact_lines(ppr, line, before, after)
    indent = {}
    if first_line_chars:
        indent.update(firstLineChars=first_line_chars * 100, firstLine=first_line_chars * points * 20)
    if right_chars:
        indent.update(rightChars=right_chars * 100, right=right_chars * points * 20)
    if left_chars:
        indent.update(leftChars=left_chars * 100, left=left_chars * points * 20)
    if indent:
        set_ppr(ppr, "w:ind", **indent)
    if align:
        set_ppr(ppr, "w:jc", val=align)
    rpr = style.element.get_or_add_rPr()
    fonts(rpr, east_asian)
    size(rpr, points)
    if bold:
        set_rpr(rpr, "w:b")
    if color:
        set_rpr(rpr, "w:color", val=color)
    return style


def _character_style(document, name: str, east_asian: str, bold: bool = False):
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    rpr = style.element.get_or_add_rPr()
    fonts(rpr, east_asian)
    if bold:
        set_rpr(rpr, "w:b")
    return style


# Style names the templates and the renderer share.
S_MARK, S_NUMBER, S_TITLE, S_ADDRESSEE, S_BODY = "发文机关标志", "发文字号", "公文标题", "主送机关", "公文正文"
S_H1, S_H2, S_H3 = "一级标题", "二级标题", "三级标题"
S_ATTACHMENT, S_SIGNATURE, S_IMPRINT, S_PAGE_NUMBER = "附件说明", "署名日期", "版记", "页码"
S_TABLE_TEXT, S_TABLE_SMALL, S_FORM_TITLE, S_NOTE = "表格文字", "表格小字", "表格标题", "说明文字"
C_H1, C_H2 = "黑体标题", "楷体标题"


def _styles(document) -> None:
    normal = document.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    fonts(rpr, FANGSONG)
    size(rpr, BODY_PT)
    # -0.25 pt between characters: 28 characters of 16 pt fill the 156 mm line in LibreOffice and Word
    set_rpr(rpr, "w:spacing", val=-5)
    ppr = normal.element.get_or_add_pPr()
    _quiet_paragraph(ppr)
    exact_lines(ppr)
    set_ppr(ppr, "w:jc", val="both")

    _paragraph_style(document, S_MARK, east_asian=XIAOBIAOSONG, points=MARK_PT, align="center", color=RED,
                     line=int(MARK_PT * 20 * 1.25), snap=False)
    _paragraph_style(document, S_NUMBER, align="center")
    _paragraph_style(document, S_TITLE, east_asian=XIAOBIAOSONG, points=TITLE_PT, align="center",
                     line=int(TITLE_PT * 20 * 1.5), snap=False, keep_next=True)
    _paragraph_style(document, S_ADDRESSEE, keep_next=True, align="left")
    _paragraph_style(document, S_BODY, first_line_chars=2)
    _paragraph_style(document, S_H1, east_asian=HEITI, first_line_chars=2, keep_next=True)
    _paragraph_style(document, S_H2, east_asian=KAITI, first_line_chars=2, keep_next=True)
    _paragraph_style(document, S_H3, first_line_chars=2, keep_next=True)
    _paragraph_style(document, S_ATTACHMENT, first_line_chars=2)
    _paragraph_style(document, S_SIGNATURE, align="center")
    _paragraph_style(document, S_IMPRINT, points=IMPRINT_PT, line=int(IMPRINT_PT * 20 * 1.6), snap=False,
                     left_chars=1, right_chars=1)
    _page_number_style(document)
    _paragraph_style(document, S_TABLE_TEXT, points=14, line=int(14 * 20 * 1.5), snap=False, align="left")
    _paragraph_style(document, S_TABLE_SMALL, points=10.5, line=int(10.5 * 20 * 1.4), snap=False, align="center")
    _paragraph_style(document, S_FORM_TITLE, east_asian=XIAOBIAOSONG, points=TITLE_PT, align="center",
                     line=int(TITLE_PT * 20 * 1.5), snap=False, after=LINE_TWIPS // 2)
    _paragraph_style(document, S_NOTE, points=14, line=int(14 * 20 * 1.5), snap=False, first_line_chars=2)
    _character_style(document, C_H1, HEITI)
    _character_style(document, C_H2, KAITI)


def _page_number_style(document):
    style = _paragraph_style(document, S_PAGE_NUMBER, east_asian=SONGTI, points=PAGE_NUMBER_PT,
                             line=int(PAGE_NUMBER_PT * 20 * 1.3), snap=False)
    fonts(style.element.get_or_add_rPr(), SONGTI, latin=SONGTI)
    return style


def _footers(document) -> None:
    """Odd pages: number on the right, one character in; even pages: on the left."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(section.footer, "right")
    _page_number(section.even_page_footer, "left")


def _page_number(footer, side: str) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = S_PAGE_NUMBER
    ppr = paragraph._p.get_or_add_pPr()
    set_ppr(ppr, "w:ind", **({"rightChars": 100, "right": PAGE_NUMBER_PT * 20} if side == "right"
                              else {"leftChars": 100, "left": PAGE_NUMBER_PT * 20}))
    set_ppr(ppr, "w:jc", val=side)
    paragraph.add_run("— ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" —")


def _field(paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


# --- blocks -----------------------------------------------------------------------------


def paragraph(document, text: str = "", style: str = S_BODY):
    return document.add_paragraph(text, style=style)


def blank(document, lines: int = 1, style: str = S_BODY) -> None:
    for _ in range(lines):
        paragraph(document, "", style)


CHAR_TWIPS = 320  # one 3号 character (16 pt)


def header_block(document, mark: str, number: str, signer: str | None = None) -> None:
    """Mark 35 mm below the type area's top, the number two lines under it, the red rule. An
    upward document (上行文) puts the number one character in from the left and 签发人 with the
    signer's name one character in from the right, on the same line."""
    first = paragraph(document, mark, S_MARK)
    ppr = first._p.get_or_add_pPr()
    # the glyphs' top sits about 2.4 pt below the top of their 45 pt line box
    exact_lines(ppr, int(MARK_PT * 20 * 1.25), before=int(MARK_OFFSET.twips) - 48)
    blank(document, 2, S_NUMBER)
    number_paragraph = paragraph(document, number, S_NUMBER)
    if signer is not None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT

        form = number_paragraph.paragraph_format
        form.alignment = WD_ALIGN_PARAGRAPH.LEFT
        form.left_indent = Twips(CHAR_TWIPS)
        form.tab_stops.add_tab_stop(Twips(TYPE_WIDTH_TWIPS - CHAR_TWIPS), WD_TAB_ALIGNMENT.RIGHT)
        number_paragraph.add_run("\t签发人：")
        name = number_paragraph.add_run(signer)
        fonts = name._r.get_or_add_rPr()
        face = OxmlElement("w:rFonts")
        for key in ("eastAsia", "ascii", "hAnsi"):
            face.set(qn(f"w:{key}"), "楷体_GB2312")  # the signer's name in 楷体, the words in 仿宋
        fonts.insert(0, face)
    red_rule(number_paragraph)


def red_rule(paragraph_) -> None:
    """A type-area-wide red rule 4 mm under the paragraph (its bottom border)."""
    ppr = paragraph_._p.get_or_add_pPr()
    borders = set_ppr(ppr, "w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "11"), ("color", RED)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)


def title(document, text: str, gap_lines: int = 2) -> None:
    blank(document, gap_lines)
    paragraph(document, text, S_TITLE)
    blank(document, 1)


def signature(document, signer: str, date: str, gap_lines: int = 2) -> None:
    """Sealed form: the date 4 characters in from the right, the signer centred over it.

    The blank lines keep with the block, so a page never starts with the seal alone."""
    for _ in range(gap_lines):
        keep_together(paragraph(document, ""))
    table = document.add_table(rows=2, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    tbl_pr = table._tbl.tblPr
    width = Twips(19 * CHAR_TWIPS)  # the longest signer (14 characters) plus the 4-character margin
    set_tblpr(tbl_pr, "w:tblW", w=int(width.twips), type="dxa")
    set_tblpr(tbl_pr, "w:tblInd", w=0, type="dxa")
    margins = set_tblpr(tbl_pr, "w:tblCellMar")
    right = OxmlElement("w:right")
    right.set(qn("w:w"), str(4 * CHAR_TWIPS))
    right.set(qn("w:type"), "dxa")
    margins.append(right)
    table.columns[0].width = width
    for row, text in zip(table.rows, (signer, date)):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        cell = row.cells[0]
        cell.width = width
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = S_SIGNATURE
        if text == signer:
            keep_together(cell.paragraphs[0])  # the signer never ends a page without the date


def imprint(document, rows: list[tuple[str, str]]) -> None:
    """The 版记: rows between type-area-wide rules, floated to the bottom of the last page.

    rows: (left, right) texts, e.g. ("抄送：…", "") and ("印发机关", "印发日期").
    """
    table = document.add_table(rows=len(rows), cols=2)
    tbl_pr = table._tbl.tblPr
    set_tblpr(tbl_pr, "w:tblpPr", horzAnchor="page", vertAnchor="margin", tblpX=int(LEFT.twips),
              tblpYSpec="bottom", leftFromText=0, rightFromText=0)
    set_tblpr(tbl_pr, "w:tblW", w=TYPE_WIDTH_TWIPS, type="dxa")
    set_tblpr(tbl_pr, "w:tblLayout", type="fixed")
    widths = (Twips(TYPE_WIDTH_TWIPS * 55 // 100), Twips(TYPE_WIDTH_TWIPS - TYPE_WIDTH_TWIPS * 55 // 100))
    for column, width in zip(table.columns, widths):
        column.width = width
    last = len(rows) - 1
    for index, (row, (left, right)) in enumerate(zip(table.rows, rows)):
        for cell, text, align, width in ((row.cells[0], left, "left", widths[0]), (row.cells[1], right, "right", widths[1])):
            cell.width = width
            p = cell.paragraphs[0]
            p.text = text
            p.style = S_IMPRINT
            set_ppr(p._p.get_or_add_pPr(), "w:jc", val=align)
            _cell_rules(cell, top=("12" if index == 0 else "6"), bottom=("12" if index == last else "6"))
        if not right:
            merged = row.cells[0].merge(row.cells[1])
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
    # a floating table needs a paragraph after it to anchor to; keep that one tiny
    anchor = document.add_paragraph(style=S_BODY)
    set_ppr(anchor._p.get_or_add_pPr(), "w:spacing", before=0, after=0, line=20, lineRule="exact")


def _cell_rules(cell, top: str, bottom: str) -> None:
    """Rules above and below a cell: outer 0.35 mm (sz 12 ≈ 1.5 pt drawn thin), inner 0.25 mm."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side, sz in (("top", top), ("left", None), ("bottom", bottom), ("right", None)):
        element = OxmlElement(f"w:{side}")
        if sz:
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "8" if sz == "12" else "6")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        else:
            element.set(qn("w:val"), "nil")
        borders.append(element)
    tc_pr.append(borders)


def form_table(document, rows: int, cols: int, widths_chars: list[float], style: str = S_TABLE_TEXT,
               header_rows: int = 0):
    """A plain bordered table for forms, full type-area width. No row splits over a page; the
    first `header_rows` repeat at the top of every page the table runs on to."""
    table = document.add_table(rows=rows, cols=cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(widths_chars)
    for column, chars in zip(table.columns, widths_chars):
        column.width = Twips(int(TYPE_WIDTH_TWIPS * chars / total))
    for index, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if index < header_rows:
            trpr.append(OxmlElement("w:tblHeader"))
        for cell, chars in zip(row.cells, widths_chars):
            cell.width = Twips(int(TYPE_WIDTH_TWIPS * chars / total))
            cell.paragraphs[0].style = style
    return table


def keep_together(paragraph_) -> None:
    set_ppr(paragraph_._p.get_or_add_pPr(), "w:keepNext")


def font_size(run, points: float) -> None:
    size(run._r.get_or_add_rPr(), points)

