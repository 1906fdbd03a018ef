"""Text clean-up shared by the readers and the field checks.

Ledgers arrive with full-width digits and letters, no-break spaces, tabs and line breaks
inside cells. Everything here is a pure function on one value.
"""

from __future__ import annotations

import re
import unicodedata

# Full-width ASCII block (！ to ～) maps onto ASCII by a fixed offset; the ideographic space
# and the no-break space become ordinary spaces.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20
_HALF_WIDTH[0x00A0] = 0x20
_HALF_WIDTH[0x2002] = 0x20
_HALF_WIDTH[0x2003] = 0x20
_HALF_WIDTH[0x200B] = None  # zero-width space: pasted from web pages, invisible in Excel

_ALL_SPACE = re.compile(r"\s+")
# Anything half_width would change. Most cells have none, and one search is far cheaper than
# building a translated copy of every string.
_WIDE = re.compile("[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u200b]")
_NOISE = re.compile("[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u200b\\s]")


def half_width(text: str) -> str:
    """Full-width ASCII and odd spaces to their plain forms; other characters untouched."""
    if text.isascii() or not _WIDE.search(text):
        return text
    return text.translate(_HALF_WIDTH)


def squash(text: str) -> str:
    """Half-width, every kind of white space removed: for codes such as ID numbers."""
    if not _NOISE.search(text):
        return text
    return _ALL_SPACE.sub("", half_width(text))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|_x00[01][0-9A-Fa-f]_")
_CONTROL_WORDS = {"_x0009_": "\t", "_x000A_": "\n", "_x000a_": "\n", "_x000D_": "\n", "_x000d_": "\n"}


def without_controls(text: str) -> str:
    r"""Control characters (and Excel's _x0001_ escapes of them) removed; tab and line breaks kept.
    A ledger value carrying \x01 or an escape sequence must not reach a .docx, which Word then
    refuses to open, nor a terminal, whose title or colours it would change.

    >>> without_controls("张\x01三\x1b[31m"), without_controls("甲_x0000_乙_x000A_丙")
    ('张三[31m', '甲乙\n丙')
    """
    return _CONTROL.sub(lambda m: _CONTROL_WORDS.get(m.group(), ""), text)


def clean_controls(values):
    """A column of cell values with control characters removed from its texts; the column
    itself when it has none (one search over the joined texts, not one per cell)."""
    texts = [v for v in values if v.__class__ is str]
    if not texts or not _CONTROL.search("\t".join(texts)):
        return values
    return type(values)(without_controls(v) if v.__class__ is str else v for v in values)


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])\s*([;:,!?])\s*|\s*([;,])\s*(?=[{_CJK}])")
_HALF_BRACKETS = re.compile(rf"\(([^()]*[{_CJK}][^()]*)\)|(?<=[{_CJK}])\(([^()]*)\)")
_FULL = {";": "；", ":": "：", ",": "，", "!": "！", "?": "？"}


def chinese_punctuation(text: str) -> str:
    """Ledger text as a 公文 sets it: ASCII ; : , ! ? and ( ) next to Chinese become full width.

    >>> chinese_punctuation("消杀记录不全;未设缓冲区"), chinese_punctuation("湖北省武汉市(途经广州)")
    ('消杀记录不全；未设缓冲区', '湖北省武汉市（途经广州）')
    >>> chinese_punctuation("0595-22345678"), chinese_punctuation("A1:B2"), chinese_punctuation("f(x) (1)")
    ('0595-22345678', 'A1:B2', 'f(x) (1)')
    """
    if not any(c in text for c in ";:,!?("):
        return text
    text = _HALF_PUNCT.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)
    return _HALF_BRACKETS.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)


def tidy(text: str) -> str:
    """Half-width, runs of white space folded to one space, ends stripped: for names, places."""
    if not _NOISE.search(text):
        return text
    return _ALL_SPACE.sub(" ", half_width(text)).strip()


_BRACKETED = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]")


def header_key(text: object) -> str:
    """The form a header is compared in: NFKC, no white space, no required-field stars."""
    if text is None:
        return ""
    key = unicodedata.normalize("NFKC", str(text))
    key = _ALL_SPACE.sub("", key)
    return key.strip("*＊:：")


def header_key_loose(text: object) -> str:
    """header_key without bracketed notes: "身份证号(18位)" -> "身份证号"."""
    return _BRACKETED.sub("", header_key(text))


def cell_text(value: object) -> str:
    """A cell as a clerk sees it, for messages: floats without a trailing .0, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value) if abs(value) < 1e15 else f"{value:.5E}"  # as Excel shows it: 3.50582E+17
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") else value.isoformat()
        return text[:-3] if text.endswith(":00") and text.count(":") == 2 else text
    return str(value)


def cell_value(value: object) -> object:
    """A clean value as a result sheet holds it: numbers and text as they are, yes/no as 是/否,
    several values joined with 、, dates as 2022-11-15 or 2022-11-15 08:30, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, list):
        return "、".join(cell_text(v) for v in value if v is not None)
    return cell_text(value)


def column_number(letters: str) -> int:
    """Excel letters to a 1-based column number: "A" -> 1, "XFD" -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letter(index: int) -> str:
    """0-based column index to Excel letters: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
