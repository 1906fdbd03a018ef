"""Which date cells of an .xlsx are date-times at midnight.

calamine hands back a date-time cell whose time is 00:00 as a plain date, the same as a
date-only cell, so an arrival at 00:00 would read as "time not known". Only the cell's number
format tells them apart ("yyyy-mm-dd hh:mm" against "yyyy-mm-dd"). The formats are read here,
only for the few cells that need it: date values in columns that hold date-times.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from xiyuan.text import column_number

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# built-in number formats that show a time (ECMA-376 18.8.30)
_BUILTIN_TIMES = {18, 19, 20, 21, 22, 45, 46, 47}
_STYLE = re.compile(rb'\bs="(\d+)"')
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def shows_time(code: str) -> bool:
    """Does a number format code display a time of day?

    >>> shows_time("yyyy-mm-dd hh:mm"), shows_time("yyyy/m/d"), shows_time('[$-804]yyyy"年"m"月"d"日"')
    (True, False, False)
    >>> shows_time('yyyy"年"m"月"d"日" h"时"mm"分"'), shows_time("m/d/yy h:mm AM/PM")
    (True, True)
    """
    bare = _QUOTED.sub("", code).lower()
    return "h" in bare or "s" in bare or "am/pm" in bare


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part holding its cells (xl/worksheets/sheet1.xml)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_RELS)}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_RID), "").lstrip("/")
        parts[sheet.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _time_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (cellXfs) whose number format shows a time."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    codes = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
    xfs = styles.find(f"{_MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(xfs if xfs is not None else ()):
        number = int(xf.get("numFmtId", "0"))
        if number in _BUILTIN_TIMES or (number in codes and shows_time(codes[number])):
            found.add(index)
    return found


def _row_and_column(ref: str) -> tuple[int, int]:
    """ "AB12" -> (12, 28): the order cells have in the sheet's XML."""
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), column_number(letters)


def time_formatted(path: str, sheet: str, refs: set[str]) -> set[str]:
    """Of the cells `refs` ("C7") of `sheet`, those formatted to show a time. Empty when the
    file is not an .xlsx or cannot be read this way (the values then stay dates)."""
    if not refs:
        return set()
    try:
        with zipfile.ZipFile(path) as archive:
            times = _time_styles(archive)
            part = sheet_parts(archive).get(sheet)
            if not times or part is None:
                return set()
            if archive.getinfo(part).file_size > 200_000_000:
                return set()  # a sheet this large keeps its dates as dates rather than take the memory
            data = archive.read(part)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        return set()
    # each cell found by a plain byte search for its reference: parsing the whole sheet as
    # XML took seconds on a long one, for a handful of cells
    found, start = set(), 0
    for ref in sorted(refs, key=_row_and_column):  # cells are stored in this order: one pass in all
        at = data.find(f' r="{ref}"'.encode(), start)
        if at < 0:
            continue
        start = at
        tag = data[data.rfind(b"<", 0, at):data.find(b">", at)]
        style = _STYLE.search(tag)
        if tag.startswith(b"<c") and style and int(style.group(1)) in times:
            found.add(ref)
    return found
