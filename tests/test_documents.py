"""The documents: GB/T 9704 layout in the XML, masking, blanks, escaping, the sandbox,
file names, batch rendering equal to docxtpl, and template checking."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from jinja2.exceptions import SecurityError
from lxml import etree

from xiyuan.outputs import documents
from xiyuan.checks.fields import id_number
from xiyuan.outputs.docx_render import BLANK, BatchRenderer, check_template, environment, render_one
from xiyuan.outputs.templates_build import TEMPLATE_FILES

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
GONGWEN = ("enterprise", "rectification", "escalation", "circular", "daily")


def render(kind: str, **overrides) -> bytes:
    context = documents.sample_context(kind)
    context.update(overrides)
    if kind == "circular":
        context["chart"] = ""
    return BatchRenderer(TEMPLATES / TEMPLATE_FILES[kind]).render(context)


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def style(styles, name: str):
    return styles.xpath(f".//w:style[w:name/@w:val='{name}']", namespaces=NS)[0]


def rpr_value(style_element, tag: str, attribute: str = "val"):
    element = style_element.find(f"w:rPr/w:{tag}", NS)
    return None if element is None else element.get(W + attribute)


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_page_is_a4_with_the_standard_margins_and_grid(kind):
    body = part(render(kind), "word/document.xml")
    sect = body.find(".//w:sectPr", NS)
    size, margins, grid = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS), sect.find("w:docGrid", NS)
    assert (int(size.get(W + "w")), int(size.get(W + "h"))) == (11906, 16838)
    got = [int(margins.get(W + side)) for side in ("top", "bottom", "left", "right")]
    assert all(abs(a - b) <= 1 for a, b in zip(got, (2098, 1984, 1587, 1474))), got
    assert (grid.get(W + "type"), grid.get(W + "linePitch")) == ("lines", "579")


def test_fonts_sizes_and_line_pitch_of_each_element():
    styles = part(render("enterprise"), "word/styles.xml")
    expected = {  # style: (East-Asian font, half-points)
        "Normal": ("仿宋_GB2312", "32"), "公文正文": ("仿宋_GB2312", "32"), "公文标题": ("方正小标宋简体", "44"),
        "发文机关标志": ("方正小标宋简体", "72"), "发文字号": ("仿宋_GB2312", "32"), "一级标题": ("黑体", "32"),
        "二级标题": ("楷体_GB2312", "32"), "页码": ("宋体", "28"), "版记": ("仿宋_GB2312", "28"),
    }
    for name, (font, size) in expected.items():
        element = style(styles, name)
        assert rpr_value(element, "rFonts", "eastAsia") == font, name
        assert rpr_value(element, "rFonts", "ascii") in ("Times New Roman", "宋体"), name
        assert rpr_value(element, "sz") == size, name
    normal = style(styles, "Normal").find("w:pPr/w:spacing", NS)
    assert (normal.get(W + "line"), normal.get(W + "lineRule")) == ("579", "exact")
    assert rpr_value(style(styles, "Normal"), "spacing") == "-5"  # 28 characters a line
    assert rpr_value(style(styles, "发文机关标志"), "color") == "FF0000"
    body_indent = style(styles, "公文正文").find("w:pPr/w:ind", NS)
    assert body_indent.get(W + "firstLineChars") == "200"
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert not [a for a in defaults.attrib if "Theme" in a]  # theme fonts would beat the named ones
    assert style(styles, "公文正文").find("w:pPr/w:autoSpaceDE", NS).get(W + "val") == "0"


@pytest.mark.parametrize("kind", GONGWEN)
def test_red_rule_under_the_document_number(kind):
    body = part(render(kind), "word/document.xml")
    number = body.xpath(".//w:p[w:pPr/w:pBdr]", namespaces=NS)[0]
    bottom = number.find("w:pPr/w:pBdr/w:bottom", NS)
    assert bottom.get(W + "color") == "FF0000" and bottom.get(W + "val") == "single"
    assert "".join(number.itertext()).startswith("西街防控")


def test_odd_and_even_footers_carry_a_page_field():
    data = render("enterprise")
    settings = part(data, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    body = part(data, "word/document.xml")
    refs = {ref.get(W + "type"): ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for ref in body.iterfind(".//w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        for kind, align in (("default", "right"), ("even", "left")):
            target = re.search(rf'Id="{refs[kind]}"[^>]*Target="([^"]+)"', rels) or \
                re.search(rf'Target="([^"]+)"[^>]*Id="{refs[kind]}"', rels)
            footer = etree.fromstring(archive.read("word/" + target.group(1)))
            assert footer.find(".//w:jc", NS).get(W + "val") == align
            assert "PAGE" in "".join(footer.itertext()) and "— " in "".join(footer.itertext())


def test_imprint_floats_to_the_bottom_between_rules():
    body = part(render("enterprise"), "word/document.xml")
    floating = body.find(".//w:tblPr/w:tblpPr", NS)
    assert floating.get(W + "tblpYSpec") == "bottom"
    text = "".join(floating.getparent().getparent().itertext())
    assert "抄送：" in text and "印发" in text


ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(re.sub(r"<[^>]+>", "", archive.read(n).decode()) for n in archive.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_no_unmasked_id_or_mobile_in_a_circulated_document(kind):
    text = all_text(render(kind))
    # an 18-character credit code may look like an ID: only a valid ID number is a leak
    assert not [m for m in ID_PATTERN.findall(text) if id_number.is_valid(m)]
    assert not MOBILE_PATTERN.search(text)
    if kind == "person":
        assert "350582********1238" in text and "138****1234" in text


def test_a_missing_value_is_a_visible_blank_never_none():
    text = all_text(render("enterprise", enterprise={**documents.sample_context("enterprise")["enterprise"],
                                                    "address": None, "liaison": None}))
    assert "None" not in text
    assert f"贵企业位于{BLANK}" in text and f"挂钩联系干部：{BLANK}" in text


def test_values_are_escaped_not_read_as_xml():
    name = 'A&B<鞋业>"有限公司"'
    data = render("enterprise", enterprise={**documents.sample_context("enterprise")["enterprise"], "name": name})
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert f"{name}：" in paragraphs  # the addressee line, text intact and the file still valid XML


def test_templates_run_in_a_sandbox():
    with pytest.raises(SecurityError):
        environment().from_string("{{ x.__class__.__mro__[1].__subclasses__() }}").render(x=1)


def test_batch_rendering_gives_the_same_text_as_docxtpl(tmp_path):
    for kind in ("enterprise", "person", "event", "escalation"):
        context = documents.sample_context(kind)
        template = TEMPLATES / TEMPLATE_FILES[kind]
        render_one(template, context, tmp_path / "plain.docx")
        batch = BatchRenderer(template).render(context)
        plain = Document(str(tmp_path / "plain.docx"))
        ours = Document(io.BytesIO(batch))
        assert [p.text for p in plain.paragraphs] == [p.text for p in ours.paragraphs], kind
        assert [[c.text for c in r.cells] for t in plain.tables for r in t.rows] == \
               [[c.text for c in r.cells] for t in ours.tables for r in t.rows], kind


def test_safe_and_unique_file_names(tmp_path):
    assert documents.safe_name('晋江:鑫盛/鞋业*有限公司?. ') == "晋江_鑫盛_鞋业_有限公司_"
    taken: set[str] = set()
    first = documents.unique_path(tmp_path, "晋江鑫盛鞋业_告知书_2022-11-25", ".docx", taken)
    second = documents.unique_path(tmp_path, "晋江鑫盛鞋业_告知书_2022-11-25", ".docx", taken)
    assert (first.name, second.name) == ("晋江鑫盛鞋业_告知书_2022-11-25.docx", "晋江鑫盛鞋业_告知书_2022-11-25（2）.docx")


def test_chinese_date_has_no_padding():
    assert documents.chinese_date(dt.date(2022, 11, 5)) == "2022年11月5日"


def test_every_shipped_template_passes_its_own_check():
    for kind, name in TEMPLATE_FILES.items():
        assert check_template(TEMPLATES / name, documents.sample_context(kind)) == [], name


def test_check_template_names_the_paragraph_of_each_problem(tmp_path):
    document = Document(str(TEMPLATES / TEMPLATE_FILES["rectification"]))
    for paragraph in document.paragraphs:
        if "挂钩联系干部" in paragraph.text:
            paragraph.runs[0].text = paragraph.runs[0].text.replace("enterprise.liaison", "enterprise.liason")
        if paragraph.text.startswith("请于"):
            paragraph.runs[0].text = paragraph.runs[0].text.replace("{{ deadline }}", "{{ dedline }}")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    problems = check_template(edited, documents.sample_context("rectification"))
    assert len(problems) == 2
    assert problems[0].startswith("正文段落“请于{{ dedline }}前整改到位") and "“dedline”" in problems[0]
    assert "“enterprise.liason”" in problems[1] and "liaison" in problems[1]
    document.paragraphs[-3].add_run("{% if x %}")
    document.save(str(edited))
    [problem] = check_template(edited, documents.sample_context("rectification"))
    assert "{% if x %}" in problem and "没有对应的 endif" in problem


def test_settings_supply_office_number_and_signer(tmp_path):
    text = documents.DEFAULT_SETTINGS.read_text(encoding="utf-8")
    custom = tmp_path / "office.toml"
    custom.write_text(text.replace('signer = "晋江市人民政府西园街道办事处"', 'signer = "西园街道防控办"')
                          .replace('enterprise = "西街防控告〔{year}〕{n}号"', 'enterprise = "西防告〔{year}〕{n}号"')
                          .replace("first = 1", "first = 40"), encoding="utf-8")
    settings = documents.load_settings(custom)
    context = documents.sample_context("enterprise", settings)
    assert (context["signer"], context["number"]) == ("西园街道防控办", "西防告〔2022〕40号")
    custom.write_text(text.replace('enterprise = "西街防控告〔{year}〕{n}号"', 'enterprise = "西防告"'), encoding="utf-8")
    with pytest.raises(documents.SettingsError, match="numbers.enterprise 应含"):
        documents.load_settings(custom)


@pytest.mark.parametrize("kind,upward", [("escalation", True), ("daily", True), ("enterprise", False),
                                         ("rectification", False)])
def test_upward_documents_name_their_signer_beside_the_number(kind, upward):
    context = documents.sample_context(kind)
    document = Document(io.BytesIO(render(kind, issuer="杨志远")))
    number_line = next(p.text for p in document.paragraphs if context["number"] in p.text)
    assert ("签发人：杨志远" in number_line) is upward
