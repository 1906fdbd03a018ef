"""Where the pages of a rendered document break, worked out from its XML, and the two layout
rules that depend on it.

GB/T 9704 wants the 版记 on the back of the last sheet - an even page - and never a signature
alone on its page. Word and LibreOffice lay out the pages only when they open the file, so the
breaks are estimated here from what the 公文 layout makes predictable: every style has an exact
line height, the body sits on a 22-line grid and a line holds 28 characters of 3号. Paragraphs
break line by line (widow control is off in these documents), a keep-with-next chain and a table
row move whole, a repeated header row is counted again on each continued page. The render tests
compare the estimate with LibreOffice on every kind of document and on the demo's batches.

    finish_layout(body, styles)  # keep the last words with the signature, the 版记 on an even page
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from xiyuan.outputs.gongwen import set_ppr

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SIGNATURE_STYLE, IMPRINT_STYLE = "署名日期", "版记"
_EMU_PER_TWIP = 635
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_CELL_BORDER = 15  # twips a ruled row adds to its text (measured in LibreOffice)


def _int(element, attribute: str, default: int | None = None) -> int | None:
    value = element.get(W + attribute) if element is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Format:
    """What decides a paragraph's height: all lengths in twips."""
    size: int = 320  # font size (twips; 3号 = 16 pt)
    char_spacing: int = 0
    line: int = 579
    exact: bool = True
    before: int = 0
    after: int = 0
    left: int = 0
    right: int = 0
    first_line: int = 0
    keep_next: bool = False
    page_break_before: bool = False

    def with_ppr(self, ppr) -> "Format":
        if ppr is None:
            return self
        changes = {}
        spacing = ppr.find(W + "spacing")
        if spacing is not None:
            changes["before"] = _int(spacing, "before", self.before)
            changes["after"] = _int(spacing, "after", self.after)
            if spacing.get(W + "line") is not None:
                changes["line"] = _int(spacing, "line", self.line)
                changes["exact"] = spacing.get(W + "lineRule") in ("exact", "atLeast")
        ind = ppr.find(W + "ind")
        if ind is not None:
            changes["left"] = _int(ind, "left", _int(ind, "start", self.left))
            changes["right"] = _int(ind, "right", _int(ind, "end", self.right))
            hanging = _int(ind, "hanging")
            changes["first_line"] = -hanging if hanging is not None else _int(ind, "firstLine", self.first_line)
        for tag, field in (("keepNext", "keep_next"), ("pageBreakBefore", "page_break_before")):
            element = ppr.find(W + tag)
            if element is not None:
                changes[field] = element.get(W + "val") not in ("0", "false")
        return replace(self, **changes)

    def with_rpr(self, rpr) -> "Format":
        if rpr is None:
            return self
        changes = {}
        size = rpr.find(W + "sz")
        if size is not None:
            changes["size"] = _int(size, "val", self.size // 10) * 10
        spacing = rpr.find(W + "spacing")
        if spacing is not None:
            changes["char_spacing"] = _int(spacing, "val", 0)
        return replace(self, **changes)

    @property
    def line_height(self) -> int:
        if self.exact:
            return self.line
        return max(self.line * self.size * 13 // 10 // 240, 1)


class Styles:
    """Paragraph formats by style id, with basedOn and the document defaults resolved."""

    def __init__(self, styles_root):
        defaults = Format()
        doc_defaults = styles_root.find(W + "docDefaults")
        if doc_defaults is not None:
            defaults = defaults.with_rpr(doc_defaults.find(f"{W}rPrDefault/{W}rPr"))
            defaults = defaults.with_ppr(doc_defaults.find(f"{W}pPrDefault/{W}pPr"))
        self._elements = {s.get(W + "styleId"): s for s in styles_root.iter(W + "style")}
        self._resolved: dict[str, Format] = {}
        self._heights: dict[tuple, tuple[int, int, int]] = {}
        self.defaults = defaults
        default_paragraph = next((s.get(W + "styleId") for s in self._elements.values()
                                  if s.get(W + "type") == "paragraph" and s.get(W + "default") == "1"), None)
        self.normal = self.get(default_paragraph) if default_paragraph else defaults

    @classmethod
    def from_xml(cls, data: bytes) -> "Styles":
        return cls(etree.fromstring(data))

    def get(self, style_id: str | None, depth: int = 0) -> Format:
        if style_id in self._resolved:
            return self._resolved[style_id]
        element = self._elements.get(style_id)
        if element is None or depth > 20:
            return self.defaults
        based_on = element.find(W + "basedOn")
        base = self.get(based_on.get(W + "val"), depth + 1) if based_on is not None else self.defaults
        resolved = base.with_rpr(element.find(W + "rPr")).with_ppr(element.find(W + "pPr"))
        self._resolved[style_id] = resolved
        return resolved

    def of(self, paragraph) -> Format:
        ppr = paragraph.find(W + "pPr")
        if ppr is None:
            return self.normal
        style = ppr.find(W + "pStyle")
        base = self.get(style.get(W + "val")) if style is not None else self.normal
        if len(ppr) == (style is not None):
            return base  # only a style: most paragraphs
        return base.with_ppr(ppr).with_rpr(ppr.find(W + "rPr"))

    def height(self, paragraph, width: int, fmt: Format | None = None) -> tuple[int, int, int]:
        """paragraph_height, remembered: a batch repeats the template's paragraphs in every
        document, so most are measured once per template."""
        fmt = fmt or self.of(paragraph)
        key = (fmt, width, "".join(paragraph.itertext()),
               tuple(e.get(W + "val") or e.get("cy") for e in paragraph.iter(W + "sz", _EXTENT)))
        found = self._heights.get(key)
        if found is None:
            if len(self._heights) > 20_000:
                self._heights.clear()
            found = self._heights[key] = paragraph_height(paragraph, self, width, fmt)
        return found


_HANGING = set("，。、；：？！”’）》〕」』")  # may hang past the line end (标点悬挂)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,:/%-+'")


def _char_width(ch: str, fmt: Format) -> int:
    wide = ord(ch) >= 0x2E80 or ch in "“”‘’—…·"
    return (fmt.size if wide else fmt.size // 2) + fmt.char_spacing


def _pieces(paragraph, fmt: Format):
    """What a line is broken between: a CJK character, a Latin word (never split), a tab, a
    line break (None), a picture's height (a negative number).

    LibreOffice puts a quarter em between CJK and Latin text even with autoSpaceDE off (Word
    does not), so the estimate, checked against LibreOffice, counts it: where they differ Word
    sets a line shorter."""
    word, word_width, after_cjk = "", 0, False
    for run in paragraph.iter(W + "r"):
        run_fmt = fmt.with_rpr(run.find(W + "rPr"))
        gap = run_fmt.size // 4
        for child in run:
            if child.tag == W + "t":
                for ch in child.text or "":
                    if _is_latin(ch):
                        if not word and after_cjk:
                            word_width = gap
                        word, word_width = word + ch, word_width + _char_width(ch, run_fmt)
                        continue
                    if word:
                        yield word, word_width
                        yield ch, _char_width(ch, run_fmt) + gap
                        word, word_width = "", 0
                    else:
                        yield ch, _char_width(ch, run_fmt)
                    after_cjk = ord(ch) >= 0x2E80
                continue
            after_cjk = False
            if word:
                yield word, word_width
                word, word_width = "", 0
            if child.tag == W + "tab":
                yield "\t", 2 * run_fmt.size
            elif child.tag == W + "br" and child.get(W + "type") in (None, "textWrapping"):
                yield None, 0
            elif child.tag == W + "drawing":
                extent = next(child.iter(_EXTENT), None)
                if extent is not None:
                    yield "", -(int(extent.get("cy", "0")) // _EMU_PER_TWIP)
    if word:
        yield word, word_width


def paragraph_height(paragraph, styles: Styles, width: int, fmt: Format | None = None) -> tuple[int, int, int]:
    """(space before, lines × line height, space after) for a paragraph set in `width` twips."""
    fmt = fmt or styles.of(paragraph)
    available = max(width - fmt.left - fmt.right, fmt.size)
    lines, used, image = 1, max(fmt.first_line, 0), 0
    for text, step in _pieces(paragraph, fmt):
        if text is None:
            lines, used = lines + 1, 0
        elif step < 0:
            image = max(image, -step)
        elif used + step > available and used and text not in _HANGING:
            lines, used = lines + 1, step
        else:
            used += step
    body = max(lines * fmt.line_height, image)
    return fmt.before, body, fmt.after


@dataclass
class Page:
    height: int  # twips of type area
    number: int = 1
    used: int = 0

    def room(self) -> int:
        return self.height - self.used

    def new(self) -> None:
        self.number += 1
        self.used = 0


def _is_floating(table) -> bool:
    return table.find(f"{W}tblPr/{W}tblpPr") is not None


def _style_of(paragraph) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def _table_rows(table, styles: Styles, width: int) -> list[tuple[int, bool, bool]]:
    """(height, is a repeated header, may not split) per row."""
    grid = [_int(c, "w", 0) for c in table.iterfind(f"{W}tblGrid/{W}gridCol")] or [width]
    rows = []
    for row in table.iterfind(W + "tr"):
        column, tallest = 0, 0
        for cell in row.iterfind(W + "tc"):
            span = _int(cell.find(f"{W}tcPr/{W}gridSpan"), "val", 1)
            cell_width = sum(grid[column:column + span]) or width // max(len(grid), 1)
            column += span
            height = sum(sum(styles.height(p, cell_width - 216)) for p in cell.iterfind(W + "p"))
            tallest = max(tallest, height)
        trpr = row.find(W + "trPr")
        minimum = _int(trpr.find(W + "trHeight"), "val", 0) if trpr is not None else 0
        header = trpr is not None and trpr.find(W + "tblHeader") is not None
        whole = trpr is not None and trpr.find(W + "cantSplit") is not None
        rows.append((max(tallest + _CELL_BORDER, minimum or 0), header, whole))
    return rows


class Layout:
    """Lay a body's blocks on pages; remember the page and height each block ended on."""

    def __init__(self, body, styles: Styles):
        section = body.find(W + "sectPr")
        size = section.find(W + "pgSz") if section is not None else None
        margins = section.find(W + "pgMar") if section is not None else None
        self.width = _int(size, "w", 11906) - _int(margins, "left", 1587) - _int(margins, "right", 1474)
        height = _int(size, "h", 16838) - _int(margins, "top", 2098) - _int(margins, "bottom", 1984)
        self.styles, self.page, self.ends = styles, Page(height), {}
        self._formats: dict = {}  # block -> Format; the blocks list keeps each element alive
        blocks = [b for b in body if b.tag in (W + "p", W + "tbl")]
        index = 0
        while index < len(blocks):
            index = self._place(blocks, index)

    def _keep_chain(self, blocks, index) -> int:
        """The blocks from index that keep-with-next ties together (the last one included)."""
        end = index
        while end < len(blocks) - 1 and self._keeps_next(blocks[end]):
            end += 1
        return end

    def _format(self, paragraph) -> Format:
        found = self._formats.get(paragraph)
        if found is None:
            found = self._formats[paragraph] = self.styles.of(paragraph)
        return found

    def _keeps_next(self, block) -> bool:
        """A paragraph's keep-with-next; a table's (keep-with-next in its rows) stays inside it."""
        if block.tag != W + "p" or not self._format(block).keep_next:
            return False
        following = block.getnext()
        return not (following is not None and following.tag == W + "p" and self._format(following).page_break_before)

    def _height(self, block) -> int:
        if block.tag == W + "p":
            return sum(self.styles.height(block, self.width, self._format(block)))
        return 0 if _is_floating(block) else sum(h for h, _, _ in _table_rows(block, self.styles, self.width))

    def _place(self, blocks, index) -> int:
        end = self._keep_chain(blocks, index)
        if end > index:
            together = sum(self._height(b) for b in blocks[index:end]) + self._first_line(blocks[end])
            if together <= self.page.height and together > self.page.room():
                self.page.new()
        for block in blocks[index:end + 1]:
            if block.tag == W + "p":
                self._paragraph(block)
            elif not _is_floating(block):
                self._table(block)
            self.ends[block] = (self.page.number, self.page.used)
        return end + 1

    def _first_line(self, block) -> int:
        if block.tag == W + "p":
            before, body, _ = self.styles.height(block, self.width, self._format(block))
            return before + self._format(block).line_height if body else before
        rows = [] if _is_floating(block) else _table_rows(block, self.styles, self.width)
        return rows[0][0] if rows else 0

    def _paragraph(self, paragraph) -> None:
        fmt = self._format(paragraph)
        if fmt.page_break_before and self.page.used:
            self.page.new()
        before, body, after = self.styles.height(paragraph, self.width, fmt)
        line = min(fmt.line_height, body) or body
        self.page.used += before
        for _ in range(max(body // max(line, 1), 1)):
            if line > self.page.room() and self.page.used:
                self.page.new()
            self.page.used += line
        self.page.used = min(self.page.used + after, self.page.height)
        if any(br.get(W + "type") == "page" for br in paragraph.iter(W + "br")):
            self.page.new()

    def _table(self, table) -> None:
        rows = _table_rows(table, self.styles, self.width)
        header = sum(h for h, is_header, _ in rows if is_header)
        for height, is_header, _ in rows:
            if height > self.page.room() and self.page.used:
                self.page.new()
                if not is_header:
                    self.page.used += header
            self.page.used += height


def _imprint(body):
    for table in body.iterfind(W + "tbl"):
        if _is_floating(table) and any(_style_of(p) == IMPRINT_STYLE for p in table.iter(W + "p")):
            return table
    return None


def _signature(body):
    for table in body.iterfind(W + "tbl"):
        if any(_style_of(p) == SIGNATURE_STYLE and "".join(p.itertext()).strip() for p in table.iter(W + "p")):
            return table
    return None


def keep_last_words_with_signature(body, styles: Styles) -> None:
    """GB/T 9704 7.3.5: a page never holds the signature and date alone. The last paragraph with
    text before the signature, and the empty lines after it, keep with the signature."""
    signature = _signature(body)
    if signature is None:
        return
    for block in reversed(list(body)[:list(body).index(signature)]):
        if block.tag != W + "p":
            break
        ppr = block.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            block.insert(0, ppr)
        if ppr.find(W + "keepNext") is None:
            set_ppr(ppr, "w:keepNext")
        if "".join(block.itertext()).strip():
            break


def _anchor(body, imprint):
    """The paragraph a floating table is anchored to: the one after it (Word and LibreOffice)."""
    following = imprint.getnext()
    while following is not None and following.tag != W + "p":
        following = following.getnext()
    if following is None:
        following = etree.Element(W + "p")
        imprint.addnext(following)
    return following


def imprint_page(body, styles: Styles) -> int | None:
    """The page the 版记 will print on, or None when the document has none."""
    imprint = _imprint(body)
    if imprint is None:
        return None
    layout = Layout(body, styles)
    page, used = layout.ends[_anchor(body, imprint)]
    height = sum(h for h, _, _ in _table_rows(imprint, styles, layout.width))
    return page if used + height <= layout.page.height else page + 1


def put_imprint_on_an_even_page(body, styles: Styles) -> bool:
    """Start a new page at the 版记 when it would print on an odd one. True if it moved.

    The break goes on the paragraph the 版记 is anchored to: a page break before the table
    itself leaves the anchor, and so the 版记, on the odd page."""
    page = imprint_page(body, styles)
    if page is None or page % 2 == 0:
        return False
    anchor = _anchor(body, _imprint(body))
    ppr = anchor.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        anchor.insert(0, ppr)
    set_ppr(ppr, "w:pageBreakBefore")
    return True


def finish_layout(body, styles: Styles) -> None:
    """Both rules, in place, on a w:body element."""
    keep_last_words_with_signature(body, styles)
    put_imprint_on_an_even_page(body, styles)
