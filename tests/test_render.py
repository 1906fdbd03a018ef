"""Render every kind of document with LibreOffice and check the page as printed.

Needs LibreOffice, poppler-utils and the CJK fonts (.ci/run installs them); the official
公文 fonts are mapped to metric stand-ins by xiyuan/fontconfig/fonts.conf.
"""

import re
import subprocess
from collections import defaultdict

import pytest

import layout
from xiyuan.outputs import documents
from xiyuan.outputs.docx_render import BatchRenderer
from xiyuan.outputs.templates_build import TEMPLATE_FILES
from test_documents import TEMPLATES

MM = 72 / 25.4
PAGE = (210 * MM, 297 * MM)
TYPE_LEFT, TYPE_RIGHT = 28 * MM, (210 - 26) * MM
TYPE_TOP, TYPE_BOTTOM = 37 * MM, (297 - 35) * MM
SLACK = 1.5  # points


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    files = []
    for kind, name in TEMPLATE_FILES.items():
        context = documents.sample_context(kind)
        if kind == "circular":
            context["chart"] = ""
        path = folder / f"{kind}.docx"
        path.write_bytes(BatchRenderer(TEMPLATES / name).render(context))
        files.append(path)
    long = documents.sample_context("enterprise")  # enough findings to fill whole pages
    long["enterprise"]["todo"] = [{"message": f"第{n}项台账问题，请督促企业按要求落实整改并报社区核查。", "clause": "一（五）①"}
                                  for n in range(1, 41)]
    path = folder / "long.docx"
    path.write_bytes(BatchRenderer(TEMPLATES / TEMPLATE_FILES["enterprise"]).render(long))
    files.append(path)
    many_tests = documents.sample_context("person")  # a schedule table that runs on to page 2
    many_tests["person"]["tests"] = [{"date": f"2022年11月{day}日", "label": f"居家健康监测第{day - 9}天（即到即检）",
                                      "place": "居家隔离地（由社区安排采样）"} for day in range(10, 31)]
    path = folder / "long_person.docx"
    path.write_bytes(BatchRenderer(TEMPLATES / TEMPLATE_FILES["person"]).render(many_tests))
    files.append(path)
    documents.to_pdf(files, folder)
    return {p.stem: p.with_suffix(".pdf") for p in files}


def words(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word's (xMin, yMin, xMax, yMax, text)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page (.*?)</page>", html, re.S):
        width, height = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        assert (round(width), round(height)) == (round(PAGE[0]), round(PAGE[1]))  # A4
        pages.append([(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                      re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)])
    return pages


def body_words(page):
    return [w for w in page if w[1] < TYPE_BOTTOM + SLACK]


CLOSING_PUNCTUATION = "，。、；：？！”’）》〕"


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_text_stays_inside_the_type_area(pdfs, kind):
    """Only a closing punctuation mark may hang past the right edge (标点悬挂): it may not
    begin a line, and LibreOffice hangs it rather than pull a character down."""
    for page in words(pdfs[kind]):
        for x0, y0, x1, y1, text in body_words(page):
            assert TYPE_LEFT - SLACK <= x0, (kind, text, x0)
            hang = 16.5 if text[-1:] in CLOSING_PUNCTUATION else SLACK
            assert x1 <= TYPE_RIGHT + hang, (kind, text, x1)
            assert TYPE_TOP - SLACK <= y0, (kind, text, y0)


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_page_numbers_below_the_type_area_odd_right_even_left(pdfs, kind):
    for number, page in enumerate(words(pdfs[kind]), 1):
        below = [w for w in page if w[1] >= TYPE_BOTTOM + SLACK]
        digits = [w for w in below if w[4] == str(number)]
        assert digits, (kind, number, below)
        x0, y0, x1, _, _ = digits[0]
        assert TYPE_BOTTOM + 5 * MM <= y0 <= TYPE_BOTTOM + 12 * MM, (kind, number, y0)
        if number % 2:
            assert x1 > TYPE_RIGHT - 30 * MM, (kind, number, x1)
        else:
            assert x0 < TYPE_LEFT + 30 * MM, (kind, number, x0)


@pytest.mark.parametrize("kind, title", [
    ("enterprise", "关于落实工业企业疫情防控要求的告知书"), ("rectification", "整改通知书"),
    ("escalation", "拒不落实疫情防控措施的报告"), ("circular", "关于全街道工业企业疫情防控工作情况的通报"),
    ("event", "商务活动疫情防控审批（报备）表"), ("person", "人员核酸检测及隔离告知单"),
])
def test_title_on_page_one(pdfs, kind, title):
    first = "".join(w[4] for w in words(pdfs[kind])[0])
    assert title in first


def test_mark_sits_35_mm_below_the_type_area_top(pdfs):
    first = words(pdfs["enterprise"])[0]
    mark = next(w for w in first if w[4] == "西园街道办事处文件")
    assert abs(mark[1] - (TYPE_TOP + 35 * MM)) < 3, mark


@pytest.mark.parametrize("kind", GONGWEN := ("enterprise", "rectification", "escalation", "circular", "daily"))
def test_imprint_at_the_bottom_of_the_last_page(pdfs, kind):
    pages = words(pdfs[kind])
    last = pages[-1]
    printed = [w for w in last if w[4].endswith("印发")]
    assert printed, kind
    assert TYPE_BOTTOM - 12 * MM <= printed[0][3] <= TYPE_BOTTOM + SLACK, (kind, printed[0])
    assert not any("印发" in w[4] for page in pages[:-1] for w in page)


def lines_of(page) -> dict[int, str]:
    lines = defaultdict(str)
    for x0, y0, x1, y1, text in body_words(page):
        lines[round(y0)] += text
    return lines


def test_a_full_page_has_22_lines_of_28_characters(pdfs):
    pages = words(pdfs["long"])
    assert len(pages) >= 4
    counts = [len(lines_of(page)) for page in pages[1:-1]]
    assert max(counts) == 22 and all(count <= 22 for count in counts), counts
    full = next(lines_of(page) for page in pages[1:-1] if len(lines_of(page)) == 22)
    chinese_only = [text for text in full.values() if not re.search(r"[\dA-Za-z]", text)]
    assert max(len(text) for text in chinese_only) == 28


# --- the layout rules a person printing the documents checks -------------------------------

HEADERS = {"person": ("检测日期",), "long_person": ("检测日期",), "circular": ("排名", "督导检查")}


@pytest.mark.parametrize("name", [*TEMPLATE_FILES, "long", "long_person"])
def test_layout_rules_hold_for_every_kind(pdfs, name):
    """No page with nothing but its number, no signature alone, the 版记 on an even page,
    continued tables under their header, no date broken over two lines."""
    assert layout.problems(pdfs[name], HEADERS.get(name, ())) == []


def test_a_continued_table_repeats_its_header(pdfs):
    pages = layout.read_pages(pdfs["long_person"])
    assert len(pages) >= 2
    assert "检测日期" in "".join(w[4] for w in pages[1].lines()[0])


@pytest.mark.parametrize("name", [*TEMPLATE_FILES, "long", "long_person"])
def test_the_page_estimate_agrees_with_libreoffice(pdfs, name):
    """pagination.py decides where the 版记 goes from its estimate of the page breaks."""
    import zipfile

    from lxml import etree

    from xiyuan.outputs.pagination import W, Layout, Styles, imprint_page

    with zipfile.ZipFile(pdfs[name].with_suffix(".docx")) as archive:
        styles = Styles.from_xml(archive.read("word/styles.xml"))
        body = etree.fromstring(archive.read("word/document.xml")).find(W + "body")
    estimate = imprint_page(body, styles) or Layout(body, styles).page.number
    assert estimate == len(layout.read_pages(pdfs[name]))


# --- merged files of a real batch ------------------------------------------------------------

@pytest.fixture(scope="module")
def merged_batches(tmp_path_factory):
    """The demo's 50 enterprise notices and its person notices, each merged into one file."""
    from xiyuan import demo
    from xiyuan.faces.cli import main

    folder = tmp_path_factory.mktemp("batch")
    demo.build_demo(folder / "台账", communities=2, enterprises=50, employees=1500)
    merged = {}
    for kind in ("enterprise", "person"):
        out = folder / kind
        assert main(["notices", str(folder / "台账"), "--kind", kind, "--out", str(out), "--date", "2022-11-25",
                     "--merge-only"]) == 0
        [merged[kind]] = out.glob("*.docx")
    pdfs = documents.to_pdf(list(merged.values()), folder)
    return {kind: pdf for kind, pdf in zip(merged, pdfs)}


@pytest.mark.parametrize("kind", ["enterprise", "person"])
def test_a_merged_batch_prints_document_by_document(merged_batches, kind):
    """Every document starts on a right-hand page numbered 1, the 版记 closes it on an even
    page, no page holds only a number, continued tables keep their header."""
    pages = layout.read_pages(merged_batches[kind])
    starts = [p for p in pages if p.printed_number == 1]
    assert len(starts) >= (50 if kind == "enterprise" else 20)
    assert layout.problems(merged_batches[kind], ("检测日期",) if kind == "person" else ()) == []
    if kind == "enterprise":
        imprints = [p for p in pages if any(w[4].endswith("印发") for w in p.body)]
        assert len(imprints) == len(starts)  # one 版记 per document, each on its last page
        assert all(pages[p.number].printed_number == 1 for p in imprints[:-1])
