"""Row heights for wrapped text, which neither XlsxWriter nor every spreadsheet fits itself.

Widths are in Excel character units, where a Chinese (wide) character counts two.
"""

from __future__ import annotations

import math
import unicodedata

LINE_HEIGHT = 14.25  # points per line of 11-point SimSun


def text_width(text: str) -> int:
    """Width in Excel character units: a Chinese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell of this width needs for this text (erring on the side of more:
    text cut off in a wrapped cell is hidden, a spare line is only white space)."""
    usable = max(width - 1, 1) / 1.07  # a SimSun character is a little over two digits
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def row_height(lines: int) -> float:
    return lines * LINE_HEIGHT + 6


def fitted_height(values, widths) -> float | None:
    """Height for a row of wrapped cells, or None when one line is enough."""
    lines = max((line_count(v, w) for v, w in zip(values, widths) if isinstance(v, str) and v), default=1)
    return row_height(lines) if lines > 1 else None
