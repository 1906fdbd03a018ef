"""1,000 notices from one template: plain docxtpl against the project's batch renderer, and
the merged file to print against the single files.

    python benchmarks/bench_documents.py [--count 1000] [--kind enterprise] [--merge 300] [--compose 30]

Plain docxtpl loads, renders and saves the template for every document; BatchRenderer parses
and compiles it once. Both render the same 1,000 contexts (the demo's enterprises, repeated)
in this process; the script checks that every document's text is identical and prints the
throughputs and their ratio (goal: 10x or better).

Merging: the first --merge documents are written as files, then merged into one file to print
(documents.merge: one section per document, joined in one pass) and, for --compose of them,
with docxcompose, the obvious alternative. Times are printed side by side, per document.
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


def merging(rendered: list[bytes], compose: int, per_document: float) -> list[str]:
    """Time merging `rendered` into one file to print, beside rendering them one file each."""
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for n, data in enumerate(rendered):
            files.append(Path(folder) / f"{n:04d}.docx")
            files[-1].write_bytes(data)
        start = time.perf_counter()
        documents.merge(files, Path(folder) / "merged.docx")
        merge_time = time.perf_counter() - start
        start = time.perf_counter()
        documents._merge_composed(files[:compose], Path(folder) / "composed.docx")
        compose_time = time.perf_counter() - start
    count = len(files)
    return [f"single files, rendered:                 {per_document * count:.2f} s for {count}",
            f"merged file to print (one pass):         {merge_time:.2f} s for {count}"
            f"  ({merge_time / count * 1000:.1f} ms a document)",
            f"merged with docxcompose:                 {compose_time:.2f} s for {compose}"
            f"  ({compose_time / compose * 1000:.1f} ms a document,"
            f" {compose_time / compose * count:.0f} s for {count} at that rate)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--kind", default="enterprise", choices=NOTICE_KINDS)
    parser.add_argument("--merge", type=int, default=300, help="documents merged into one file to print")
    parser.add_argument("--compose", type=int, default=30, help="of them, merged with docxcompose too")
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

    merge_lines = merging(batch[:args.merge], args.compose, batch_time / args.count)
    different = sum(text_of(a) != text_of(b) for a, b in zip(plain, batch))
    print(f"{args.count} × {template.name}")
    print(f"plain docxtpl (load, render, save each): {plain_time:.2f} s  ({args.count / plain_time:.0f} documents/s)")
    print(f"BatchRenderer (template parsed once):    {batch_time:.2f} s  ({args.count / batch_time:.0f} documents/s)")
    print(f"speed-up: {plain_time / batch_time:.1f}x  (goal >= 10x)")
    print(*merge_lines, sep="\n")
    print(f"documents whose text differs: {different}")
    if different:
        sys.exit(1)


if __name__ == "__main__":
    main()
