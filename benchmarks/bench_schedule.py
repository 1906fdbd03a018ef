"""Schedules for 10,000 travellers: the cost beyond reading their ledger.

    python benchmarks/bench_schedule.py [--people 10000]

Writes one workbook with 10,000 registrations (every category, times and dates-only) and
about 30,000 test records, then measures in this process: a bare python-calamine read of it,
load_files (read + validate), and the schedules (category, checks, phases, tests matched,
statuses) - best of three.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import xlsxwriter  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from xiyuan.checks.fields.uscc import check_character  # noqa: E402
from xiyuan.checks.ledger import community_ledger  # noqa: E402
from xiyuan.checks.load import load_files  # noqa: E402
from xiyuan.rules.policy import load_policy  # noqa: E402
from xiyuan.rules.people import schedule_all  # noqa: E402
from xiyuan.checks.validate import Options  # noqa: E402

AS_OF = dt.date(2022, 11, 25)
KINDS = [("本企业员工", "高风险区"), ("本企业员工", "途经高风险区"), ("来访人员", "高风险区"), ("来访人员", "境外"),
         ("来访人员", "省外"), ("本企业员工", "省外"), ("货车司乘人员", "省外"), ("来访人员", "省内")]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 16000))
    first = f"350582{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, WEIGHTS)) % 11]


def build(path: Path, people: int) -> None:
    rng = random.Random(1)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    firm = "晋江市鑫盛鞋业有限公司"
    uscc = "91350582MA2Y0K1A1"
    enterprises = book.add_worksheet("企业台账")
    enterprises.write_row(0, 0, ["社区", "企业名称", "统一社会信用代码", "员工总数"])
    enterprises.write_row(1, 0, ["霞浯社区", firm, uscc + check_character(uscc), 300])
    arrivals = book.add_worksheet("来晋人员登记")
    tests = book.add_worksheet("核酸检测记录")
    arrivals.write_row(0, 0, ["姓名", "身份证号", "手机号", "人员类型", "所属或来访企业", "来源类型",
                              "离开风险区或出发时间", "抵晋时间", "自主申报时间", "离开前核酸时间", "离开前核酸结果"])
    tests.write_row(0, 0, ["姓名", "身份证号", "采样时间", "结果"])
    test_row = 1
    for row in range(1, people + 1):
        person_type, origin = rng.choice(KINDS)
        number = id_number(rng)
        arrival = dt.datetime(2022, 11, 12, 8) + dt.timedelta(minutes=rng.randint(0, 14 * 24 * 60))
        arrivals.write_row(row, 0, [f"旅客{row}", number, f"138{rng.randint(0, 99999999):08d}", person_type, firm, origin])
        arrivals.write_datetime(row, 6, arrival - dt.timedelta(hours=6), stamp)
        arrivals.write_datetime(row, 7, arrival, stamp)
        arrivals.write_datetime(row, 8, arrival - dt.timedelta(hours=rng.choice((20, 30, 50))), stamp)
        arrivals.write_datetime(row, 9, arrival - dt.timedelta(hours=rng.choice((20, 40, 60))), stamp)
        arrivals.write_string(row, 10, "阴性")
        for day in (0, 1, 2, 4):
            if rng.random() < 0.8:
                tests.write_row(test_row, 0, [f"旅客{row}", number])
                tests.write_datetime(test_row, 2, arrival + dt.timedelta(days=day, hours=2), stamp)
                tests.write_string(test_row, 3, "阴性")
                test_row += 1
    book.close()


def best(function, rounds: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    policy = load_policy()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "来晋人员.xlsx"
        build(path, args.people)

        def bare():
            book = CalamineWorkbook.from_path(str(path))
            return [book.get_sheet_by_name(n).to_python() for n in book.sheet_names]

        read_time, _ = best(bare)
        load_time, loaded = best(lambda: load_files([str(path)], Options(today=AS_OF)))
        def records_and_schedules():
            ledger = community_ledger(loaded.files[0].file, loaded.files[0].tables)
            people = [(ledger.community, p) for p in ledger.arrivals]
            return ledger, schedule_all(people, ledger.tests, policy, AS_OF)

        schedule_time, (ledger, schedules) = best(records_and_schedules)
        tests = sum(len(s.tests) for s in schedules)
        print(f"{len(schedules)} people, {len(ledger.tests)} test records, {tests} scheduled tests")
        print(f"bare calamine read:        {read_time:.3f} s")
        print(f"load (read + validate):    {load_time:.3f} s")
        print(f"typed records + schedules: {schedule_time:.3f} s  ({schedule_time / len(schedules) * 1e6:.0f} µs a person)")


if __name__ == "__main__":
    main()
