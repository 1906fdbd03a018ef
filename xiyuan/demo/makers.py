"""How a clerk gets one cell wrong: makers that turn a clean cell value into a planted mistake.

Each maker takes (record, field key) and returns the wrong value, or REJECT when the record
does not suit that mistake (say a truck cell holding two ID numbers).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Callable

from xiyuan.demo.codes import USCC_ALPHABET
from xiyuan.demo.model import Record
from xiyuan.demo.people import PeopleFactory, id_check_character

Maker = Callable[[Record, str], object]
REJECT = object()  # a maker's answer when a record does not suit the mistake


def to_full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


class Makers:
    """The makers, sharing the demo's random stream and its people (for fresh ID numbers)."""

    def __init__(self, rng: random.Random, people: PeopleFactory):
        self.rng = rng
        self.people = people

    def _blank(self, record: Record, key: str) -> object:
        return None

    def text(self, value: str | None) -> Maker:
        if value is None:
            return self._blank

        def make(record: Record, key: str) -> object:
            return value if isinstance(record[key], (str, int)) else REJECT
        return make

    def on_duty_word(self, value: str) -> Maker:
        return lambda record, key: value if record[key] != "离职" else REJECT

    @staticmethod
    def _single_id(value: object) -> str | None:
        return value if isinstance(value, str) and len(value) == 18 and "、" not in value else None

    def id_as_number(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None or not number.isdigit():
            return REJECT
        return float(f"{int(number):.15g}")  # Excel keeps 15 significant digits

    def id_wrong_check(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None:
            return REJECT
        wrong = self.rng.choice([c for c in "0123456789X" if c != number[17]])
        return number[:17] + wrong

    def id_17_digits(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None:
            return REJECT
        drop = self.rng.randrange(6, 17)
        return number[:drop] + number[drop + 1:]

    def id_15_digits(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None or number[6:8] != "19" or not number.isdigit():
            return REJECT
        return number[:6] + number[8:14] + number[14:17]

    def id_bad_birth(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        if number is None:
            return REJECT
        bad_day = self.rng.choice(("0230", "0231", "1301", "0000", "1132", "0431"))
        first17 = number[:10] + bad_day + number[14:17]
        return first17 + id_check_character(first17)

    def id_full_width(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        return to_full_width(number) if number else REJECT

    def id_trailing_space(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        return number + " " if number else REJECT

    def id_inner_spaces(self, record: Record, key: str) -> object:
        number = self._single_id(record[key])
        return f"{number[:6]} {number[6:14]} {number[14:]}" if number else REJECT

    def id_lower_x(self, record: Record, key: str) -> object:
        """A number ending in X typed with a small x (the person gets such a number)."""
        number = self._single_id(record[key])
        if number is None:
            return REJECT
        if not number.endswith("X"):
            sex = record.get("_sex", "男")
            born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            number = self.people.id_number(number[:6], born, sex, ends_in_x=True)
        return number[:17] + "x"

    @staticmethod
    def _single_phone(value: object) -> str | None:
        return value if isinstance(value, str) and len(value) == 11 and value.isdigit() else None

    def phone_bad_prefix(self, record: Record, key: str) -> object:
        if self._single_phone(record[key]) is None:
            return REJECT
        return "14" + self.rng.choice("01234689") + f"{self.rng.randrange(100_000_000):08d}"

    def phone_10_digits(self, record: Record, key: str) -> object:
        phone = self._single_phone(record[key])
        return phone[:10] if phone else REJECT

    def landline_as_number(self, record: Record, key: str) -> object:
        if self._single_phone(record[key]) is None:
            return REJECT
        return int("595" + self.rng.choice("2568") + f"{self.rng.randrange(10_000_000):07d}")

    def phone_spaced(self, record: Record, key: str) -> object:
        phone = self._single_phone(record[key])
        if phone is None:
            return REJECT
        style = self.rng.randrange(3)  # (dashes are accepted silently, so not used here)
        if style == 0:
            return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if style == 1:
            return to_full_width(phone)
        return "+86 " + phone

    def uscc_wrong_check(self, record: Record, key: str) -> object:
        code = record[key]
        if not isinstance(code, str) or len(code) != 18:
            return REJECT
        return code[:17] + self.rng.choice([c for c in USCC_ALPHABET if c != code[17]])

    def plate_wrong_shape(self, record: Record, key: str) -> object:
        plate = record[key]
        if not isinstance(plate, str) or len(plate) != 7 or plate.endswith("挂"):
            return REJECT
        style = self.rng.randrange(3)
        if style == 0:
            return plate[:6]  # a character left out
        if style == 1 and plate[2].isdigit():  # (after a letter it could read as a new-energy plate)
            return plate + self.rng.choice("0123456789")  # one too many
        return plate[:2] + "O" + plate[3:]  # letter O for the digit 0

    def plate_wrong_province(self, record: Record, key: str) -> object:
        plate = record[key]
        if not isinstance(plate, str) or len(plate) < 7:
            return REJECT
        return plate[1:] if self.rng.random() < 0.5 else "广" + plate[1:]  # 广 for 粤, or none

    def plate_decorated(self, record: Record, key: str) -> object:
        plate = record[key]
        if not isinstance(plate, str) or len(plate) < 7:
            return REJECT
        style = self.rng.randrange(3)
        if style == 0:
            return plate[:2] + "·" + plate[2:]
        if style == 1:
            return plate[:1] + plate[1].lower() + plate[2:]
        return plate[:2] + " " + plate[2:]

    def date_decimal(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, dt.date):
            return REJECT
        return float(f"{value.month}.{value.day:02d}")  # "11.10" typed, 11.1 kept

    def date_no_year(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, dt.date):
            return REJECT
        text = f"{value.month}月{value.day}日"
        return f"{text} {value:%H:%M}" if isinstance(value, dt.datetime) else text

    def date_impossible(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, dt.date):
            return REJECT
        day = 31 if value.month in (4, 6, 9, 11) else 32
        separator = "." if self.rng.random() < 0.5 else "-"
        text = f"{value.year}{separator}{value.month}{separator}{day}"
        return f"{text} {value:%H:%M}" if isinstance(value, dt.datetime) else text

    def count_with_unit(self, before: str, after: str) -> Maker:
        def make(record: Record, key: str) -> object:
            value = record[key]
            if not isinstance(value, int) or value <= 0:
                return REJECT
            return f"{before}{value}{after}"
        return make

    def count_negative(self, record: Record, key: str) -> object:
        value = record[key]
        if not isinstance(value, int):
            return REJECT
        return -max(1, value)
