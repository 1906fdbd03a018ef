"""Time and peak memory of the worst inputs, each in its own process, against a good ledger.

    python benchmarks/bench_hostile.py

Each case runs `xiyuan validate` (or `notices` for templates) in a child process and reports
wall time, peak memory (max RSS) and exit status: a value in XFD1048576, a sheet padded with
spaces to column 5000, 200,000 rows of spaces in one column, and an edited template with
nested loops. The good ledger (demo, 10,000 employees) is the yardstick. Without the guards,
the first case aborts the process trying to allocate about 512 GB; the nested loops run for
hours.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
XIYUAN: list[str] = []
DAY = ["--date", "2022-11-25"]


# runs the command, then prints its own peak memory (KB) as the last line of stderr
_MEASURED = ("import resource, runpy, sys; sys.argv = ['xiyuan', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('xiyuan', run_name='__main__')\n"
             "finally:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")


def child(argv: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one `xiyuan` command in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *argv], capture_output=True, cwd=ROOT, timeout=600,
                          text=True)
    seconds = time.perf_counter() - start
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return seconds, peak, done.returncode


def xfd(path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("员工台账")
    sheet.write_row(0, 0, ["企业名称", "姓名", "身份证号", "手机号"])
    sheet.write(1048575, 16383, "x")
    book.close()


def wide(path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("员工台账")
    sheet.write_row(0, 0, ["企业名称", "姓名", "身份证号", "手机号"])
    for row in range(1, 200):
        sheet.write(row, 4999, " ")
    book.close()


def tall_spaces(path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("员工台账")
    sheet.write_row(0, 0, ["企业名称", "姓名", "身份证号", "手机号"])
    for row in range(1, 200_001):
        sheet.write_string(row, 3, " ")
    book.close()


def looping_template(folder: Path) -> Path:
    shutil.copytree(ROOT / "templates", folder)
    path = folder / "企业疫情防控告知书.docx"
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    out = io.BytesIO()
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                data = data.decode().replace("{{ enterprise.name }}", loops, 1).encode()
            archive.writestr(info, data)
    path.write_bytes(out.getvalue())
    return folder


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from xiyuan.demo import build_demo

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        build_demo(folder / "good", communities=1, enterprises=60, employees=10_000)
        good = str(next((folder / "good").glob("*.xlsx")))
        for name, make in (("xfd", xfd), ("wide", wide), ("tall", tall_spaces)):
            make(folder / f"{name}.xlsx")
        templates = looping_template(folder / "templates")
        cases = [
            ("good ledger, 10,000 employees (yardstick)", [*XIYUAN, "validate", good, *DAY]),
            ("one value in XFD1048576", [*XIYUAN, "validate", str(folder / "xfd.xlsx"), *DAY]),
            ("spaces out to column 5000", [*XIYUAN, "validate", str(folder / "wide.xlsx"), *DAY]),
            ("200,000 rows of spaces", [*XIYUAN, "validate", str(folder / "tall.xlsx"), *DAY]),
            ("template with 10^10 nested loop steps", [*XIYUAN, "notices", "--kind", "enterprise", good, *DAY,
                                                       "--out", str(folder / "文书"), "--templates", str(templates)]),
        ]
        print(f"{'case':44} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
        for name, argv in cases:
            seconds, peak, code = child(argv)
            print(f"{name:44} {seconds:8.2f} {peak:8.0f} {code:5d}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
