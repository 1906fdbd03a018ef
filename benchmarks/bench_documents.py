"""1,000 notices from one template: plain docxtpl against the project's batch renderer.

    python benchmarks/bench_documents.py [--count 1000] [--kind enterprise]

Plain docxtpl loads, renders and saves the template for every document; BatchRenderer parses
and compiles it once. Both render the same 1,000 contexts (the demo's enterprises, repeated)
in this process; the script checks that every document's text is identical and prints the
throughputs and their ratio (goal: 10x or better).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from xiyuan import demo  # noqa: E402
from xiyuan.outputs import documents  # noqa: E402
from xiyuan.outputs.document_kinds import NOTICE_KINDS  # noqa: E402
from xiyuan.rules.assess import assess  # noqa: E402
from xiyuan.outputs.docx_render import BatchRenderer, environment  # noqa: E402
from xiyuan.checks.load import load_files  # noqa: E402
from xiyuan.rules.policy import load_policy  # noqa: E402
from xiyuan.checks.validate import Options  # noqa: E402


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def contexts_for(kind: str, count: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        manifest = demo.build_demo(Path(folder), communities=3, enterprises=90, employees=3000)
        assessment = assess(load_files(manifest.files, Options(today=demo.DEMO_DATE)), load_policy(), demo.DEMO_DATE)
    builder = documents.Contexts(assessment, documents.load_settings(), demo.DEMO_DATE)
    plan = documents.notice_plan(kind, builder)
    items = [context for _, context in plan.items]
    return [items[i % len(items)] for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--kind", default="enterprise", choices=NOTICE_KINDS)
    args = parser.parse_args()
    template = documents.template_path(documents.find_templates(), args.kind)
    contexts = contexts_for(args.kind, args.count)
    env = environment()

    start = time.perf_counter()
    plain = []
    for context in contexts:
        document = DocxTemplate(str(template))
        document.render(context, env)
        buffer = io.BytesIO()
        document.save(buffer)
        plain.append(buffer.getvalue())
    plain_time = time.perf_counter() - start

    start = time.perf_counter()
    renderer = BatchRenderer(template, env)
    batch = [renderer.render(context) for context in contexts]
    batch_time = time.perf_counter() - start

    different = sum(text_of(a) != text_of(b) for a, b in zip(plain, batch))
    print(f"{args.count} × {template.name}")
    print(f"plain docxtpl (load, render, save each): {plain_time:.2f} s  ({args.count / plain_time:.0f} documents/s)")
    print(f"BatchRenderer (template parsed once):    {batch_time:.2f} s  ({args.count / batch_time:.0f} documents/s)")
    print(f"speed-up: {plain_time / batch_time:.1f}x  (goal >= 10x)")
    print(f"documents whose text differs: {different}")
    if different:
        sys.exit(1)


if __name__ == "__main__":
    main()
