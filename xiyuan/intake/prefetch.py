"""Work one item ahead in a thread: parse the next workbook, or the next sheet, while this one
is checked. calamine releases the GIL while it parses, so the two overlap on two cores."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ahead(items: Iterable[T], work: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """(item, work(item)) in order, with work on the next item already running in a thread."""
    items = list(items)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(work, items[0]) if items else None
        for number, item in enumerate(items):
            result = pending.result()
            pending = pool.submit(work, items[number + 1]) if number + 1 < len(items) else None
            yield item, result
