"""Clerks' harmless habits: which community keeps its ledger which way, and the habits that
change cell values (applied only where no mistake was planted).

The layout habits (alt, title, merged, footer) are carried out when the workbooks are laid out.
"""

from __future__ import annotations

import datetime as dt
import random

from xiyuan.demo.model import Community, Record

# Clerks' habits per community (index into COMMUNITY_NAMES). With fewer communities, community
# i takes the habits of every row j with j % n == i, so every habit still appears somewhere.
#   alt:R     synonym headers, another column order, extra columns (序号, 性别, 主要产品)
#   title:R   a merged title row and a blank row above the header
#   merged:R  each enterprise's name merged vertically over its rows
#   footer:R  a 合计 row and sign-off rows (制表人/审核人/填报日期) below the records
#   numeric_phones  many employee phones stored as numbers (harmless)
#   dotted_dates    inspection dates typed as text "2022.11.15" (harmless)
#   variant_words   accepted variants: 在职 for 在岗, 阴 for 阴性, 高速公路 for 高速
HABITS = (
    {"title:employees", "footer:enterprises"},
    {"alt:employees", "alt:enterprises", "footer:employees", "numeric_phones"},
    {"merged:employees", "title:enterprises", "variant_words"},
    {"alt:arrivals", "title:arrivals", "footer:inspections", "dotted_dates"},
    {"alt:enterprises", "title:employees", "footer:employees"},
    set(),
    {"merged:employees", "alt:employees", "numeric_phones"},
    {"title:tests", "footer:enterprises", "variant_words"},
    {"alt:arrivals", "footer:employees", "dotted_dates"},
    set(),
)


def habits_of(index: int, count: int) -> frozenset[str]:
    """The habits of community `index` when the workspace has `count` communities."""
    habits: set[str] = set()
    for j in range(index, len(HABITS), count):
        habits |= HABITS[j]
    return frozenset(habits)


def apply_habits(community: Community, used: set[tuple[int, str]], rng: random.Random) -> None:
    def free(record: Record, key: str) -> bool:
        return (id(record), key) not in used

    if community.has("numeric_phones"):
        for record in community.sheets["employees"]:
            phone = record["phone"]
            if isinstance(phone, str) and phone.isdigit() and free(record, "phone") and rng.random() < 0.35:
                record["phone"] = int(phone)
    if community.has("dotted_dates"):
        for record in community.sheets["inspections"]:
            for key in ("inspection_date", "deadline"):
                value = record[key]
                if isinstance(value, dt.date) and free(record, key):
                    record[key] = f"{value.year}.{value.month}.{value.day}"
    if community.has("variant_words"):
        swaps = {("employees", "on_duty"): ("在岗", "在职"), ("tests", "result"): ("阴性", "阴"),
                 ("trucks", "entry_mode"): ("高速", "高速公路")}
        for (role, key), (plain, variant) in swaps.items():
            for record in community.sheets[role]:
                if record[key] == plain and free(record, key):
                    record[key] = variant
