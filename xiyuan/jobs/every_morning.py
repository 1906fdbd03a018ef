"""`xiyuan refresh --every-day 07:30`: run the refresh every morning, forever, with `schedule`.

A failing run is logged and tomorrow's still happens; Ctrl-C stops the loop cleanly. The
clock and the sleep are parameters, so a test can drive the loop with a fake clock.
"""

from __future__ import annotations

import re
import time
from typing import Callable

import schedule

_AT = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def valid_time(text: str) -> bool:
    return bool(_AT.fullmatch(text))


def run_daily(at: str, job: Callable[[], object], log: Callable[[str], None], *,
              scheduler: schedule.Scheduler | None = None, sleep: Callable[[float], None] = time.sleep,
              keep_running: Callable[[], bool] = lambda: True, poll_seconds: float = 30) -> int:
    """Run `job` every day at `at` (HH:MM) until interrupted; return the number of runs."""
    scheduler = scheduler or schedule.Scheduler()
    runs = 0

    def safe_job() -> None:
        nonlocal runs
        runs += 1
        try:
            job()
        except Exception as exc:  # tomorrow's run must still happen
            log(f"本次刷新失败（{type(exc).__name__}：{exc}），明天 {at} 照常运行。")

    scheduler.every().day.at(at).do(safe_job)
    log(f"每日刷新已启动：每天 {at} 运行一次，按 Ctrl+C 停止。")
    try:
        while keep_running():
            scheduler.run_pending()
            sleep(poll_seconds)
    except KeyboardInterrupt:
        log("已停止每日刷新。")
    return runs
