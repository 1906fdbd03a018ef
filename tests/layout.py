"""Read a rendered PDF back and say what a person printing it would object to.

Used by the render tests on every kind of document and on merged files. The PDF is read with
`pdftotext -bbox`; a page is split into its body (inside the type area) and its foot (the page
number 7 mm below the type area).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field

MM = 72 / 25.4
PAGE = (210 * MM, 297 * MM)
TYPE_LEFT, TYPE_RIGHT = 28 * MM, (210 - 26) * MM
TYPE_TOP, TYPE_BOTTOM = 37 * MM, (297 - 35) * MM
SLACK = 1.5  # points

Word = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax, text

# a date cut in two: "2022年11月19" / "日", or "2022年11" / "月19日"
_CUT_DATE = re.compile(r"\d{4}年(\d{1,2}(月(\d{1,2})?)?)?$")


@dataclass
class Page:
    number: int  # position in the file, from 1
    words: list[Word]
    body: list[Word] = field(init=False)
    foot: list[Word] = field(init=False)

    def __post_init__(self):
        self.body = [w for w in self.words if w[1] < TYPE_BOTTOM + SLACK]
        self.foot = [w for w in self.words if w[1] >= TYPE_BOTTOM + SLACK]

    @property
    def printed_number(self) -> int | None:
        """The page number printed in the foot, if any."""
        digits = [w[4] for w in self.foot if w[4].isdigit()]
        return int(digits[0]) if digits else None

    @property
    def text(self) -> str:
        return "".join(w[4] for w in self.body)

    def lines(self) -> list[list[Word]]:
        """Body words grouped by line, top to bottom, each left to right."""
        rows: dict[int, list[Word]] = {}
        for word in self.body:
            rows.setdefault(round(word[1]), []).append(word)
        return [sorted(rows[y]) for y in sorted(rows)]


def read_pages(pdf) -> list[Page]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), 1):
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        pages.append(Page(number, words))
    return pages


def lonely_page_numbers(pages: list[Page]) -> list[str]:
    """A page that holds nothing but its page number (the body ran one line over)."""
    return [f"第{p.number}页只有页码" for p in pages if not p.body and p.foot]


def imprints_on_odd_pages(pages: list[Page]) -> list[str]:
    """GB/T 9704: the 版记 sits on the last page, the back (封四) - an even page of its document."""
    problems = []
    for page in pages:
        if any(w[4].endswith("印发") for w in page.body):
            number = page.printed_number
            if number is None or number % 2:
                problems.append(f"第{page.number}页的版记在奇数页（页码{number}）")
    return problems


def documents_starting_on_even_pages(pages: list[Page]) -> list[str]:
    """In a merged file every document starts on a right-hand (odd) page numbered 1."""
    return [f"第{p.number}页（页码1）是偶数页" for p in pages if p.printed_number == 1 and p.number % 2 == 0]


def cut_dates(pages: list[Page]) -> list[str]:
    """A date broken over two lines in a table cell or at a line end."""
    return [f"第{p.number}页日期断行：{w[4]}" for p in pages for w in p.body if _CUT_DATE.search(w[4])]


def headers_not_repeated(pages: list[Page], header: str) -> list[str]:
    """A table that runs on to the next page repeats its header row there. The header row is
    the line holding `header`; a page whose first line has words at three of its column
    positions continues the table, and must begin with the header again."""
    problems = []
    for previous, page in zip(pages, pages[1:]):
        header_line = next((line for line in previous.lines() if header in "".join(w[4] for w in line)), None)
        lines = page.lines()
        if header_line is None or not lines:
            continue
        columns = [w[0] for w in header_line]
        first = lines[0]
        in_columns = {round(c) for w in first for c in columns if abs(w[0] - c) < 3}
        if len(in_columns) >= 3 and header not in "".join(w[4] for w in first):
            problems.append(f"第{page.number}页续表没有表头“{header}”")
    return problems


_DATE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日$")


def signatures_alone(pages: list[Page]) -> list[str]:
    """GB/T 9704: a page never holds the signer and date without any of the text above them."""
    problems = []
    for page in pages:
        lines = ["".join(w[4] for w in line) for line in page.lines()]
        cut = next((i for i, line in enumerate(lines) if "抄送" in line or "印发" in line), len(lines))
        text = lines[:cut]
        if 1 <= len(text) <= 2 and _DATE_LINE.search(text[-1]):
            problems.append(f"第{page.number}页只有署名和日期")
    return problems


def problems(pdf, headers: tuple[str, ...] = ()) -> list[str]:
    pages = read_pages(pdf)
    found = lonely_page_numbers(pages) + imprints_on_odd_pages(pages) + cut_dates(pages)
    found += documents_starting_on_even_pages(pages) + signatures_alone(pages)
    for header in headers:
        found += headers_not_repeated(pages, header)
    return found
