"""Made-up codes of things: unified social credit codes and licence plates, valid in form only."""

from __future__ import annotations

import random

from xiyuan.checks.fields.uscc import check_character as uscc_check_character
from xiyuan.demo.draw import weighted

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 code characters (no I, O, S, V, Z)

PLATE_PROVINCES = (("闽", 40), ("粤", 12), ("浙", 9), ("赣", 8), ("湘", 4), ("苏", 4), ("沪", 2),
                   ("鲁", 3), ("豫", 3), ("鄂", 2), ("川", 3), ("桂", 2), ("皖", 3), ("贵", 1), ("渝", 1))
PLATE_LETTERS = "ABCDEFGHJKLMN"
PLATE_SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def org_code_check(digits8: str) -> str:
    """GB 11714 check character of an organisation code (8 digits)."""
    total = sum(int(d) * w for d, w in zip(digits8, (3, 7, 9, 10, 5, 8, 4, 2)))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def make_uscc(rng: random.Random) -> str:
    """A company's unified social credit code registered in Jinjiang (91 350582 …)."""
    if rng.random() < 0.5:  # newer companies: organisation part MA + 7 code characters
        org = "MA" + rng.choice("23") + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    else:
        digits = "".join(rng.choice("0123456789") for _ in range(8))
        org = digits + org_code_check(digits)
    first17 = "91" + "350582" + org
    return first17 + uscc_check_character(first17)


def make_plate(rng: random.Random) -> str:
    province = weighted(rng, PLATE_PROVINCES)
    office = "C" if province == "闽" and rng.random() < 0.6 else rng.choice(PLATE_LETTERS)
    kind = rng.random()
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if kind < 0.80:  # ordinary: five serial characters, at most two letters
        serial = list(digits(5))
        for position in rng.sample(range(5), rng.choice((0, 0, 0, 1, 1, 2))):
            serial[position] = rng.choice(PLATE_SERIAL_LETTERS)
        return province + office + "".join(serial)
    if kind < 0.92:  # new energy, large vehicle
        return province + office + digits(5) + rng.choice("DF")
    if kind < 0.96:  # new energy, small vehicle
        return province + office + rng.choice("DF") + rng.choice("0123456789ABCDEFGH") + digits(4)
    return province + office + digits(4) + "挂"
