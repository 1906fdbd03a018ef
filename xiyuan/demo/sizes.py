"""How big a demo may be, and how its people are shared out among enterprises and communities.

`check_sizes()` refuses an impossible size at once, with a Chinese message naming the allowed
range, before anything is drawn or written. `plan_headcounts()` and `apportion()` split the
totals that passed.
"""

from __future__ import annotations

import math
import random

from xiyuan.demo.model import COMMUNITY_NAMES

MAX_COMMUNITIES = len(COMMUNITY_NAMES)
MAX_ENTERPRISES = 20_000
MAX_EMPLOYEES = 1_000_000  # one community's 员工台账 must still fit in an Excel sheet (1,048,576 rows)

LEFT_SHARE = 0.004  # staff listed as 离职, on top of those who count toward 员工总数
STRAY_GROUPS = 3  # groups of employees of enterprises missing from 企业台账
STRAY_GROUP_SIZES = (2, 4)  # people per stray group, inclusive


class DemoSizeError(ValueError):
    """A demo size that cannot be built; the message (Chinese) says what is allowed."""


def left_staff(employees: int) -> int:
    """How many of `employees` rows are staff who have left (离职)."""
    return round(employees * LEFT_SHARE)


def minimum_employees(enterprises: int) -> int:
    """The fewest employees that give every enterprise at least one listed person, whatever
    the stray groups turn out to be."""
    strays = STRAY_GROUPS * STRAY_GROUP_SIZES[1]
    employees = enterprises + strays
    while employees - left_staff(employees) - strays < enterprises:
        employees += 1
    return employees


def check_sizes(communities: int, enterprises: int, employees: int) -> None:
    """Raise DemoSizeError unless the sizes can be built."""
    if not 1 <= communities <= MAX_COMMUNITIES:
        raise DemoSizeError(f"社区数应在1到{MAX_COMMUNITIES}之间（收到的是{communities}）。")
    if enterprises < communities:
        raise DemoSizeError(f"企业数（{enterprises}）少于社区数（{communities}），每个社区至少要有一家企业；"
                            f"企业数应在{communities}到{MAX_ENTERPRISES}之间。")
    if enterprises > MAX_ENTERPRISES:
        raise DemoSizeError(f"企业数（{enterprises}）超过上限{MAX_ENTERPRISES}家；"
                            f"企业数应在{communities}到{MAX_ENTERPRISES}之间。")
    fewest = minimum_employees(enterprises)
    if employees < fewest:
        raise DemoSizeError(f"员工总数（{employees}）太少，至少需要{fewest}人才能给{enterprises}家企业配员工。")
    if employees > MAX_EMPLOYEES:
        raise DemoSizeError(f"员工总数（{employees}）超过上限{MAX_EMPLOYEES}人；"
                            f"员工总数应在{fewest}到{MAX_EMPLOYEES}之间。")


# --- headcounts -----------------------------------------------------------------------------


def boundary_headcounts(threshold: int) -> tuple[int, int, int]:
    """Headcounts around the policy's large-enterprise line (200 in 81号, 一（二）⑤)."""
    return threshold - 1, threshold, threshold + 1


def plan_headcounts(rng: random.Random, count: int, total: int, threshold: int = 200) -> list[int]:
    """Employees listed per enterprise, summing to `total`: most 20-150, ~1 in 12 at or above
    the policy's threshold.

    Includes the threshold and its neighbours when the sizes allow it. Order is random.
    """
    if count <= 0:
        return []
    if total < count:
        raise DemoSizeError(f"{total}名员工不够给{count}家企业每家至少配1人。")
    small_limit, big_minimum = threshold - 10, threshold + 10
    fixed = list(boundary_headcounts(threshold)) if count >= 6 and total >= 3 * threshold + 20 * (count - 3) else []
    big_count = max(0, round(count * 25 / 300) - 2) if fixed else 0
    small_count = count - len(fixed) - big_count
    small = [min(small_limit, max(8, int(rng.lognormvariate(math.log(60), 0.55)))) for _ in range(small_count)]
    left = total - sum(fixed) - sum(small)
    while big_count and left < big_minimum * big_count:  # not enough people for the big ones
        big_count -= 1
        small.append(min(small_limit, max(8, int(rng.lognormvariate(math.log(60), 0.55)))))
        left = total - sum(fixed) - sum(small)
    big = _split_big(rng, big_count, left, big_minimum)
    sizes = small + big
    _rebalance(sizes, total - sum(fixed) - sum(sizes))
    sizes += fixed
    rng.shuffle(sizes)
    return sizes


def _split_big(rng: random.Random, count: int, people: int, minimum: int) -> list[int]:
    """`count` sizes of at least `minimum` sharing `people`, with a heavy tail."""
    if count == 0:
        return []
    weights = [rng.lognormvariate(0, 0.7) for _ in range(count)]
    spare = max(0, people - minimum * count)
    sizes = [minimum + int(spare * w / sum(weights)) for w in weights]
    sizes[0] += people - sum(sizes) if people >= minimum * count else 0
    return sizes


def _rebalance(sizes: list[int], difference: int) -> None:
    """Add or take `difference` people, largest enterprises first, keeping everyone ≥ 1."""
    if difference == 0 or not sizes:
        return
    if difference > 0:
        sizes[sizes.index(max(sizes))] += difference
        return
    total = sum(sizes)
    target = total + difference
    if target < len(sizes):  # cannot keep everyone at 1 or more; would never finish below
        raise DemoSizeError(f"{target}名员工不够给{len(sizes)}家企业每家至少配1人。")
    factor = target / total
    for i, size in enumerate(sizes):
        sizes[i] = max(1, int(size * factor))
    excess = sum(sizes) - target
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    step = 0
    while excess > 0:
        i = order[step % len(order)]
        if sizes[i] > 1:
            sizes[i] -= 1
            excess -= 1
        step += 1
    if excess < 0:
        sizes[order[0]] -= excess


def apportion(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split `total` into `parts` uneven shares of at least 1."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    shares = [max(1, int(total * w / sum(weights))) for w in weights]
    shares[shares.index(max(shares))] += total - sum(shares)
    return shares
