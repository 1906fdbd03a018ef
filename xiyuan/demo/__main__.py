"""python -m xiyuan.demo [OUT_DIR]: build the default demo workspace and count what was planted."""

import sys
import time

from xiyuan.demo import build_demo

started = time.perf_counter()
result = build_demo(sys.argv[1] if len(sys.argv) > 1 else "demo")
print(f"{len(result.files)} workbooks, {result.employees} employees in "
      f"{time.perf_counter() - started:.1f} s")
for code, count in result.codes().items():
    print(f"  {code}: {count}")
