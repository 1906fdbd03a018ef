"""Validate a 100,000-employee ledger against a bare python-calamine read of the same file.

    python benchmarks/bench_validate.py [--employees 100000] [--enterprises 500] [--rounds 3]

Both run in this process, alternately, best of N. The ledger is the demo generator's (one
community, 500 enterprises, every sheet, the usual planted errors). Peak memory is measured in
a child process that only validates, so building the file does not count.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_calamine import CalamineWorkbook  # noqa: E402

from xiyuan import demo  # noqa: E402
from xiyuan.checks import crosscheck
from xiyuan.outputs.issue_report import write_issue_report  # noqa: E402
from xiyuan.checks.load import load_files, no_cyclic_gc  # noqa: E402
from xiyuan.intake.reader import read_workbook  # noqa: E402
from xiyuan.checks.validate import Options, check_table  # noqa: E402

TODAY = demo.DEMO_DATE


def bare_read(path: str) -> int:
    """The obvious alternative: open the workbook and pull every sheet's values."""
    book = CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    book.close()
    return cells


def full_validate(path: str, report: Path) -> int:
    result = load_files([path], Options(today=TODAY))
    findings = result.findings
    write_issue_report(report, findings, {f.file: f.path for f in result.files}, [f.summary() for f in result.files])
    return len(findings)


def steps(path: str, report: Path) -> dict[str, float]:
    """The cost of each step once, for the record (collector paused, as load_files does)."""
    with no_cyclic_gc():
        return _steps(path, report)


def _steps(path: str, report: Path) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    read = read_workbook(path)
    times["read (header detection, merged cells, records)"] = time.perf_counter() - start
    start = time.perf_counter()
    tables = [check_table(t, Options(today=TODAY)) for t in read.tables]
    times["check cells and rows"] = time.perf_counter() - start
    start = time.perf_counter()
    crosscheck.check_workbook(tables)
    times["cross-sheet checks"] = time.perf_counter() - start
    findings = [f for t in tables for f in t.findings]
    start = time.perf_counter()
    write_issue_report(report, findings)
    times[f"write report ({len(findings)} findings)"] = time.perf_counter() - start
    return times


def _peak_child(path: str, report: str, queue) -> None:
    full_validate(path, Path(report))
    queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak_memory_mb(path: str, report: Path) -> float:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_peak_child, args=(path, str(report), queue))
    child.start()
    peak = queue.get()
    child.join()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        start = time.perf_counter()
        manifest = demo.build_demo(folder / "ledger", communities=1, enterprises=args.enterprises,
                                   employees=args.employees)
        path = manifest.files[0]
        print(f"built {Path(path).name}: {manifest.employees} employees, {manifest.enterprises} enterprises, "
              f"{Path(path).stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
        report = folder / "问题清单.xlsx"
        bare, full = [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            cells = bare_read(path)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            found = full_validate(path, report)
            full.append(time.perf_counter() - start)
        print(f"bare calamine read ({cells} cells):  best {min(bare):.3f} s   {[round(t, 3) for t in bare]}")
        print(f"xiyuan validate ({found} findings):  best {min(full):.3f} s   {[round(t, 3) for t in full]}")
        print(f"ratio validate / read: {min(full) / min(bare):.2f}  (goal <= 1.5)")
        for name, seconds in steps(path, report).items():
            print(f"  step {name}: {seconds:.3f} s")
        print(f"peak memory of a validate run: {peak_memory_mb(path, report):.0f} MB  (goal <= 1024)")


if __name__ == "__main__":
    main()
