"""Every command as a whole process, against a bare python-calamine read of the same files.

    python benchmarks/bench_commands.py            # 10k and 100k rows (a few minutes)
    python benchmarks/bench_commands.py --full     # adds 1M employees (about half an hour)

Each row runs `python -m xiyuan …` and, for comparison, a process that only opens the same
workbooks with python-calamine and pulls every sheet's values (the obvious alternative; the
interpreter start is in both). CPU time (user + system) and peak memory come from
/usr/bin/time. Printed: the ratio of the command to the read, beside the goal of issue 15.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_schedule import build as build_travellers  # noqa: E402
from xiyuan import demo  # noqa: E402

DAY = demo.DEMO_DATE.isoformat()
BARE = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""


def measure(command: list[str]) -> tuple[float, float]:
    """(CPU seconds, peak MB) of one process."""
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], capture_output=True, text=True)
    # 1: problems found in the ledgers; 2: some file unusable - but never a usage error
    if done.returncode not in (0, 1, 2) or "错误：" in done.stderr or "用法：" in done.stderr:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr[-500:]}")
    user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(peak) / 1024


def xiyuan(*argv) -> list[str]:
    return [sys.executable, "-m", "xiyuan", *map(str, argv)]


def bare(paths) -> list[str]:
    return [sys.executable, "-c", BARE, *map(str, paths)]


def row(label: str, goal: str, command: list[str], read: list[str], results: list) -> None:
    cost, peak = min((measure(command) for _ in range(2)), key=lambda m: m[0])
    base, base_peak = min((measure(read) for _ in range(2)), key=lambda m: m[0])
    results.append((label, cost, base, cost / base, goal, peak, base_peak))
    print(f"{label:<46} {cost:7.2f} s {base:7.2f} s {cost / base:6.2f}x  goal {goal:<8} "
          f"{peak:6.0f} MB (read {base_peak:.0f} MB)", flush=True)


def employees_ledger(folder: Path, employees: int) -> Path:
    manifest = demo.build_demo(folder, communities=1, enterprises=max(20, employees // 200), employees=employees)
    return Path(manifest.files[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 1,000,000 employees")
    parser.add_argument("--only", choices=("validate", "travellers", "refresh"), help="one group of rows")
    args = parser.parse_args()
    wanted = {args.only} if args.only else {"validate", "travellers", "refresh"}
    results: list = []
    print(f"{'work':<46} {'command':>9} {'read':>9} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for employees, goal in ((10_000, "<= 1.5x"), (100_000, "<= 1.2x"), *(((1_000_000, "<= 1.2x"),) if args.full else ())):
            if "validate" not in wanted:
                break
            ledger = employees_ledger(scratch / f"e{employees}", employees)
            row(f"validate, {employees:,} employees", goal, xiyuan("validate", ledger, "--date", DAY), bare([ledger]), results)
        for people in (10_000, 100_000) if "travellers" in wanted else ():
            ledger = scratch / f"travellers{people}.xlsx"
            build_travellers(ledger, people)
            for command in ("schedule", "today", "flag"):
                row(f"{command}, {people:,} travellers", "<= 1.5x", xiyuan(command, ledger, "--date", DAY), bare([ledger]),
                    results)
        if "refresh" not in wanted:
            return
        inbox = scratch / "inbox"
        inbox.mkdir()
        for seed, prefix in ((20221115, "甲"), (20221116, "乙")):
            for path in demo.build_demo(scratch / prefix, seed=seed).files:
                shutil.move(path, inbox / f"{prefix}{Path(path).name}")
        ledgers = sorted(inbox.glob("*.xlsx"))
        reports = scratch / "reports"
        first, peak = measure(xiyuan("refresh", "--inbox", inbox, "--out", reports, "--date", DAY))
        read, _ = measure(bare(ledgers))
        print(f"{'refresh, 20 ledgers, 100,000 people':<46} {first:7.2f} s {read:7.2f} s {first / read:6.2f}x  goal <= 2x"
              f"       {peak:6.0f} MB")
        again, _ = measure(xiyuan("refresh", "--inbox", inbox, "--out", reports, "--date", DAY))
        print(f"{'refresh again, inbox unchanged':<46} {again:7.2f} s {read:7.2f} s {again / read:6.2f}x  goal <= 0.3x")


if __name__ == "__main__":
    main()
