"""Made-up people: names, resident ID numbers and mobiles, each ID number and mobile unique in
the workspace."""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from xiyuan.demo.draw import draw_unique, weighted

SURNAMES = (
    ("陈", 16), ("林", 10), ("黄", 8), ("张", 6), ("王", 6), ("吴", 6), ("李", 5), ("蔡", 5),
    ("许", 5), ("洪", 4), ("施", 4), ("庄", 3), ("苏", 3), ("郑", 3), ("杨", 3), ("刘", 3),
    ("丁", 2), ("粘", 1), ("曾", 2), ("赖", 1), ("周", 2), ("谢", 2), ("何", 1), ("董", 1),
    ("龚", 1), ("柯", 1), ("骆", 1), ("潘", 1), ("罗", 1), ("邱", 1), ("叶", 1), ("朱", 1),
)
MALE_CHARS = "伟强军建国志明俊杰文华平辉斌勇涛鹏超宇浩然家豪振坤荣福海峰鸿锦清源德秋水金山泽铭晓东子轩梓航培荣永聪"
FEMALE_CHARS = "美玲丽娟秀英红燕芳华雪梅婷静惠敏淑琴莉霞兰凤萍婉晴雅欣怡佳慧秋月小燕碧珠惠珍丽华诗涵梓萱"

LOCAL_AREA = "350582"  # 晋江市, from 1992
OLD_LOCAL_AREA = "350522"  # 晋江县 1985-1992; still on many older residents' cards
# Home counties of Jinjiang's migrant workers and of neighbouring Quanzhou people (GB/T 2260).
OTHER_AREAS = (
    ("510322", 6), ("522422", 6), ("362321", 5), ("430524", 5), ("411526", 4), ("612425", 4),
    ("350583", 5), ("350524", 5), ("350521", 3), ("350581", 3), ("500228", 3), ("513030", 2),
    ("520521", 2), ("421127", 2), ("362330", 2), ("450881", 2), ("522121", 2), ("341221", 2),
    ("445281", 1), ("360731", 1), ("510623", 1), ("350322", 1), ("350128", 1),
)
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
MOBILE_PREFIXES = tuple(
    [str(p) for p in range(130, 140)] + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + [str(p) for p in range(180, 190)] + ["191", "193", "195", "198", "199"]
)


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-character resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return "10X98765432"[total % 11]


class Person(NamedTuple):
    name: str
    id_number: str
    phone: str
    sex: str  # 男 / 女


class PeopleFactory:
    """Names, ID numbers and mobiles; every ID number and mobile is unique in the workspace."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_weights = [w for _, w in SURNAMES]

    def name(self, sex: str) -> str:
        rng = self.rng
        chars = MALE_CHARS if sex == "男" else FEMALE_CHARS
        surname = rng.choices(self._surnames, self._surname_weights)[0]
        given = rng.choice(chars) if rng.random() < 0.2 else rng.choice(chars) + rng.choice(chars)
        return surname + given

    def birth_date(self, earliest: int = 1960, latest: int = 2004) -> dt.date:
        year = min(latest, int(self.rng.triangular(earliest, latest + 1, 1991)))
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def area(self, born: dt.date, local_share: float) -> str:
        rng = self.rng
        if rng.random() < local_share:
            if born.year < 1992 and rng.random() < 0.35:
                return OLD_LOCAL_AREA
            return LOCAL_AREA
        return weighted(rng, OTHER_AREAS)

    def id_number(self, area: str, born: dt.date, sex: str, *, ends_in_x: bool = False) -> str:
        """A valid, unused 18-character ID number for the given area, birth date and sex."""
        rng = self.rng

        def draw() -> str:
            sequence = rng.randrange(500) * 2 + (1 if sex == "男" else 0)
            first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
            return first17 + id_check_character(first17)

        suits = (lambda number: number[17] == "X") if ends_in_x else None
        return draw_unique(draw, self.ids, "身份证号码", suits=suits)

    def mobile(self) -> str:
        rng = self.rng
        return draw_unique(lambda: rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}",
                           self.phones, "手机号码")

    def person(self, local_share: float = 0.6, earliest: int = 1960, latest: int = 2004) -> Person:
        sex = "男" if self.rng.random() < 0.55 else "女"
        born = self.birth_date(earliest, latest)
        number = self.id_number(self.area(born, local_share), born, sex)
        return Person(self.name(sex), number, self.mobile(), sex)
