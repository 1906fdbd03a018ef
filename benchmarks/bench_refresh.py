"""The daily refresh over 20 community workbooks holding 100,000 people, against a bare read.

    python benchmarks/bench_refresh.py [--rounds 2]

Two demo workspaces (different seeds, 10 communities and 50,000 employees each) make the
20 workbooks. In this process, alternately: a bare python-calamine read of every sheet of
every file, and the whole refresh (read, validate, assess, history, every output written).
Goal: refresh <= 2x the read.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_calamine import CalamineWorkbook  # noqa: E402

from xiyuan import demo  # noqa: E402
from xiyuan.intake.inputs import workbooks_in as ledger_files  # noqa: E402
from xiyuan.jobs.refresh import refresh  # noqa: E402


def bare_read(paths) -> int:
    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(r) for r in book.get_sheet_by_name(name).to_python())
        book.close()
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        inbox = folder / "workbooks"
        inbox.mkdir()
        for seed, prefix in ((20221115, "甲"), (20221116, "乙")):
            manifest = demo.build_demo(folder / prefix, seed=seed)
            for path in manifest.files:
                shutil.move(path, inbox / f"{prefix}{Path(path).name}")
        paths = ledger_files(inbox)
        bare, full = [], []
        for round_ in range(args.rounds):
            start = time.perf_counter()
            cells = bare_read(paths)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = refresh(inbox, folder / "reports", demo.DEMO_DATE)
            full.append(time.perf_counter() - start)
        people = sum(len(t.table) for t in result.loaded.tables("employees"))
        print(f"{len(paths)} workbooks, {people} employees, {cells} cells")
        print(f"bare calamine read:  best {min(bare):.2f} s  {[round(t, 2) for t in bare]}")
        print(f"xiyuan refresh:      best {min(full):.2f} s  {[round(t, 2) for t in full]}")
        print(f"ratio refresh / read: {min(full) / min(bare):.2f}  (goal <= 2)")


if __name__ == "__main__":
    main()
