"""Workbooks built the way clerks really keep them, for reader and validator tests."""

from __future__ import annotations

import datetime as dt

import xlsxwriter

OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def write_xlsx(path, sheets: dict[str, list[list]], merges: dict[str, list[tuple]] | None = None) -> str:
    """sheets: name -> rows (None leaves a cell empty; datetimes become date cells).

    merges: name -> [(first_row, first_col, last_row, last_col, value)], 0-based.
    """
    book = xlsxwriter.Workbook(str(path), OPTIONS)
    date_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), day_format)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
        for first_row, first_col, last_row, last_col, value in (merges or {}).get(name, []):
            sheet.merge_range(first_row, first_col, last_row, last_col, value)
    book.close()
    return str(path)


def write_xls(path, sheets: dict[str, list[list]], merges: dict[str, list[tuple]] | None = None) -> str:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        merged_cells = {(m[0], m[1]) for m in (merges or {}).get(name, [])}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in merged_cells:
                    continue
                sheet.write(r, c, value)
        for first_row, first_col, last_row, last_col, value in (merges or {}).get(name, []):
            sheet.write_merge(first_row, last_row, first_col, last_col, value)
    book.save(str(path))
    return str(path)


def id_with_check(first17: str) -> str:
    """A valid 18-character ID number for the given first 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def uscc_with_check(first17: str) -> str:
    from xiyuan.checks.fields.uscc import check_character

    return first17 + check_character(first17)


# A few valid values the tests share.
ID_A = id_with_check("35058219900307123")   # Jinjiang, 1990 (area code younger than holder)
ID_B = id_with_check("35058219851111002")
ID_C = id_with_check("51032219920101003")
ID_D = id_with_check("36232119980520004")
USCC_A = uscc_with_check("91350582MA2Y0K1A1")
USCC_B = uscc_with_check("91350582MA31XQ2B2")
