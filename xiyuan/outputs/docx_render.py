"""Render Word templates with docxtpl in a sandboxed Jinja environment, one at a time or in bulk.

Templates are the office's to edit, so they run in `SandboxedEnvironment`: a template cannot
reach Python internals. Values are XML-escaped (a name with "&" must not break the file),
and a missing value prints as a visible blank ("____"), never as "None".

`BatchRenderer` parses and compiles a template once and then, per document, renders the
compiled XML and writes a new .docx from the template's other parts, untouched. It follows
docxtpl's own preprocessing (patch_xml) and postprocessing, so the text is the same as
docxtpl's; templates with pictures (the circular's chart) go through plain docxtpl.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import re
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, meta
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from xiyuan.outputs.pagination import IMPRINT_STYLE, SIGNATURE_STYLE, Styles, finish_layout

BLANK = "________"  # about four characters: room to write a name or a number by hand
BODY = "word/document.xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")


class BlankUndefined(Undefined):
    """A missing variable prints as a blank the clerk can fill in by hand."""

    def __str__(self) -> str:
        return BLANK

    def __iter__(self):
        return iter(())

    def __bool__(self) -> bool:
        return False


def _finalize(value):
    """None (a value the ledger does not have) prints as a blank to fill in by hand; an empty
    string is text deliberately left out and prints as nothing."""
    return BLANK if value is None else value


MAX_TEXT = 200_000  # characters one expression of a template may make (a 公文 is a few thousand)
MAX_DOCUMENT = 20_000_000  # characters of one rendered part


MAX_ITERATIONS = 1_000_000  # range() items one document may loop over, nested loops included
_budget: contextvars.ContextVar[int | None] = contextvars.ContextVar("range_budget", default=None)


class TemplateLimitError(Exception):
    """A template that asks for more than a document can hold (an edited template gone wrong)."""


def _counted_range(*args) -> range:
    """range() in templates, charged against one budget per document: nested loops of
    range(100000) add up and are stopped, instead of running for hours."""
    numbers = range(*args)
    left = _budget.get()
    left = (MAX_ITERATIONS if left is None else left) - len(numbers)
    if left < 0:
        raise TemplateLimitError(f"模板中的循环次数太多（超过{MAX_ITERATIONS}次）")
    if _budget.get() is not None:
        _budget.set(left)
    return numbers


@contextlib.contextmanager
def one_document():
    """The budget of one rendered document."""
    token = _budget.set(MAX_ITERATIONS)
    try:
        yield
    finally:
        _budget.reset(token)


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, plus limits: `'x' * 10**10` or `2 ** 10**9` in an edited template is refused
    before it is computed, not after it has eaten the machine's memory."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(right) > 64:
            raise TemplateLimitError(f"模板中的乘方太大（{left} ** {right}）")
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(times, int) and len(text) * times > MAX_TEXT:
                    raise TemplateLimitError(f"模板中的重复次数太大（约{len(text) * times}个字符）")
        if operator == "+" and isinstance(left, (str, list)) and isinstance(right, (str, list)) \
                and len(left) + len(right) > MAX_DOCUMENT:
            raise TemplateLimitError("模板拼接出的内容太长")
        return super().call_binop(context, operator, left, right)


def environment(strict: bool = False) -> SandboxedEnvironment:
    """The one Jinja environment every template renders in."""
    env = LimitedEnvironment(
        autoescape=True,
        undefined=StrictUndefined if strict else BlankUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.globals["range"] = _counted_range
    return env


def render_one(template: str | Path, context: dict, target, env: SandboxedEnvironment | None = None) -> None:
    """Plain docxtpl: load, render, save. Used for templates with pictures and as the reference."""
    document = DocxTemplate(str(template))
    with one_document():
        document.render(context, env or environment())
    finish_docxtpl(document)
    document.save(target)


def finish_docxtpl(document: DocxTemplate) -> None:
    """The page rules of pagination.finish_layout on a rendered DocxTemplate."""
    if _needs_layout(document.docx.element.xml):
        finish_layout(document.docx.element.body, Styles(document.docx.styles.element))


def _needs_layout(xml: str) -> bool:
    return f'w:val="{SIGNATURE_STYLE}"' in xml or f'w:val="{IMPRINT_STYLE}"' in xml


class BatchRenderer:
    """Render many documents from one template without re-reading or re-parsing it."""

    def __init__(self, template: str | Path, env: SandboxedEnvironment | None = None):
        self.env = env or environment()
        self._docxtpl = DocxTemplate(str(template))
        self._docxtpl.init_docx()
        with zipfile.ZipFile(str(template)) as source:
            parts = [(info, source.read(info.filename)) for info in source.infolist()]
        self._compiled = {}
        for info, data in parts:
            if info.filename == BODY or _HEADER_FOOTER.fullmatch(info.filename):
                xml = data.decode("utf-8")
                if "{{" in xml or "{%" in xml or info.filename == BODY:
                    self._compiled[info.filename] = (info, self.env.from_string(self._prepare(xml)))
        # Every part that does not change is compressed once, into a base archive; each
        # document is that archive with its rendered parts appended (compression was most
        # of the cost of writing a .docx).
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as base:
            for info, data in parts:
                if info.filename not in self._compiled:
                    base.writestr(info, data)
        self._base = buffer.getvalue()
        styles = next((data for info, data in parts if info.filename == "word/styles.xml"), None)
        self._styles = Styles.from_xml(styles) if styles else None

    def _prepare(self, xml: str) -> str:
        """docxtpl's own preprocessing, applied once."""
        xml = self._docxtpl.patch_xml(xml)
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)

    def _finish(self, xml: str, part: str) -> str:
        """docxtpl's own postprocessing of rendered XML, then the page rules on the body."""
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(ch in xml for ch in "\n\t\a\f"):  # else nothing to turn into breaks, tabs or paragraphs
            xml = self._docxtpl.resolve_listing(xml)
        if part == BODY and self._styles is not None and _needs_layout(xml):
            root = etree.fromstring(xml.encode("utf-8"))
            finish_layout(root.find(f"{{{_W}}}body"), self._styles)
            xml = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True).decode("utf-8")
        return xml

    def render(self, context: dict) -> bytes:
        """The .docx for one context, as bytes."""
        buffer = io.BytesIO(self._base)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out, one_document():
            for info, compiled in self._compiled.values():
                xml = compiled.render(context)
                if len(xml) > MAX_DOCUMENT:
                    raise TemplateLimitError(f"模板生成的内容过长（{len(xml)}个字符）")
                out.writestr(info, self._finish(xml, info.filename).encode("utf-8"))
        return buffer.getvalue()

    def render_to(self, context: dict, target: str | Path) -> None:
        Path(target).write_bytes(self.render(context))


# --- checking a template -----------------------------------------------------------------


def _paragraph_text(xml_line: str) -> str:
    return re.sub(r"<[^>]+>", "", xml_line).strip()


def check_template(template: str | Path, context: dict | None = None) -> list[str]:
    """Chinese problems with a template: broken tags, and variables the context lacks.

    Each names the paragraph where it occurs, as the clerk sees it in Word.
    """
    env = environment()
    renderer = DocxTemplate(str(template))
    renderer.init_docx()
    problems: list[str] = []
    with zipfile.ZipFile(str(template)) as source:
        parts = [n for n in source.namelist() if n == BODY or _HEADER_FOOTER.fullmatch(n)]
        sources = {n: source.read(n).decode("utf-8") for n in parts}
    for name, xml in sources.items():
        prepared = re.sub(r"<w:p([ >])", r"\n<w:p\1", renderer.patch_xml(xml))
        lines = prepared.splitlines()
        where = "正文" if name == BODY else "页眉页脚"
        try:
            tree = env.parse(prepared)
        except TemplateSyntaxError as exc:
            number = _unclosed_block_line(prepared) if "end of template" in (exc.message or "").lower() else exc.lineno
            line = lines[number - 1] if number and number <= len(lines) else ""
            problems.append(f"{where}段落“{_paragraph_text(line)[:60]}”中的标签有错：{_syntax_message(exc)}。"
                            "请检查 {{ }} 和 {% %} 是否成对、拼写是否正确。")
            continue
        if context is None:
            continue
        for variable in sorted(meta.find_undeclared_variables(tree)):
            if variable in context:
                continue
            paragraph = next((_paragraph_text(line) for line in lines if re.search(r"\b" + re.escape(variable) + r"\b", line)), "")
            problems.append(f"{where}段落“{paragraph[:60]}”用到了“{variable}”，但这类文书没有这个数据，"
                            "生成时会显示为空白（____）。请改用可用的名称或删去。")
        problems.extend(_unknown_attributes(prepared, lines, context, where))
    return problems


_BLOCK = re.compile(r"{%-?\s*(?:[pr]\s+|tr\s+|tc\s+)?(if|for|end(?:if|for))\b")


def _unclosed_block_line(prepared: str) -> int | None:
    """The line of the innermost {% if %} or {% for %} that is never closed."""
    stack: list[int] = []
    for match in _BLOCK.finditer(prepared):
        line = prepared.count("\n", 0, match.start()) + 1
        if match.group(1).startswith("end"):
            if stack:
                stack.pop()
        else:
            stack.append(line)
    return stack[-1] if stack else None


def _syntax_message(exc: TemplateSyntaxError) -> str:
    message = exc.message or ""
    lowered = message.lower()
    for english, chinese in (("end of template", "这个 if 或 for 标签没有对应的 endif 或 endfor"),
                             ("unknown tag", "有不认识的标签（可能拼错了）"),
                             ("unexpected '}'", "多了一个 }"), ("expected token", "标签里缺少符号"),
                             ("unexpected end of print statement", "{{ }} 里是空的")):
        if english in lowered:
            return chinese
    return f"标签写法有误（{message}）"


def _unknown_attributes(prepared: str, lines: list[str], context: dict, where: str) -> list[str]:
    """`enterprise.nmae` where the context's enterprise has no 'nmae': said, not silently blank."""
    problems = []
    for match in re.finditer(r"{{\s*([a-z_]+)\.([a-z_]+)", prepared):
        head, attribute = match.groups()
        value = context.get(head)
        if isinstance(value, dict) and attribute not in value:
            line = prepared[: match.start()].count("\n")
            problems.append(f"{where}段落“{_paragraph_text(lines[line])[:60]}”用到了“{head}.{attribute}”，"
                            f"但“{head}”没有“{attribute}”这一项（可用：{'、'.join(sorted(value))}）。")
    return problems
