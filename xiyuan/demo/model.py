"""The demo workspace in memory: communities, their enterprises and records, and marks (cells
to locate once the workbooks are laid out)."""

from __future__ import annotations

from dataclasses import dataclass, field

SUBDISTRICT = "西园街道"
COMMUNITY_NAMES = ("霞浯", "洋埭", "杏坑", "溪前", "蔡厝", "王厝", "钞坑", "湖中", "桂山", "英墩")

Record = dict  # field key -> cell value as it will be written; keys starting "_" are helpers


@dataclass
class Enterprise:
    name: str
    brand: str
    industry: str
    product: str
    listed: int  # staff in 员工台账 who count toward 员工总数 (everyone but 离职)
    left: int = 0  # extra rows for staff who have left (在岗状态 离职)
    record: Record = field(default_factory=dict)
    staff: list[Record] = field(default_factory=list)


@dataclass
class Community:
    index: int
    short: str
    habits: frozenset[str]
    cadres: tuple[str, ...] = ()
    enterprises: list[Enterprise] = field(default_factory=list)
    sheets: dict[str, list[Record]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.short}社区"

    @property
    def file(self) -> str:
        return f"{SUBDISTRICT}{self.short}社区台账.xlsx"

    def has(self, habit: str) -> bool:
        return habit in self.habits


@dataclass
class Mark:
    """A cell to be located once the workbook is laid out: a planted mistake or a policy case."""

    community: Community
    role: str
    record: Record
    field: str
    code: str
