"""Drawing from the demo's one random stream: weighted choices, and unique values drawn with a
bounded number of attempts so that an exhausted space ends in DemoSizeError, never in a hang."""

from __future__ import annotations

import random
from typing import Callable, TypeVar

from xiyuan.demo.sizes import DemoSizeError

T = TypeVar("T")

ATTEMPTS = 1000  # draws of one unique value before giving up; far above what any allowed size needs


def weighted(rng: random.Random, pairs) -> object:
    """One value from (value, weight) pairs."""
    values = [p[0] for p in pairs]
    weights = [p[-1] for p in pairs]
    return rng.choices(values, weights)[0]


def draw_unique(draw: Callable[[], T], taken: set[T], what: str, *,
                suits: Callable[[T], bool] | None = None, attempts: int = ATTEMPTS) -> T:
    """The first value from `draw()` that is not in `taken` (and `suits`), added to `taken`."""
    for _ in range(attempts):
        value = draw()
        if value not in taken and (suits is None or suits(value)):
            taken.add(value)
            return value
    raise exhausted(what, attempts)


def exhausted(what: str, attempts: int) -> DemoSizeError:
    return DemoSizeError(f"连续{attempts}次都没能生成不重复的{what}，演示数据的规模太大；请减少企业数或员工总数。")
