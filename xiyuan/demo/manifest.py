"""The manifest: every planted mistake by file, sheet and cell, every policy case by row, the
workspace's counts, and demo_manifest.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from xiyuan.demo.model import Mark
from xiyuan.demo.workbooks import Placement
from xiyuan.intake import schema
from xiyuan.outputs.atomic import write_text

MANIFEST_NAME = "demo_manifest.json"


@dataclass
class DemoManifest:
    out_dir: str
    files: list[str]
    seed: int
    today: str
    communities: int
    enterprises: int
    employees: int
    travellers: int
    trucks: int
    events: int
    inspections: int
    tests: int
    # every planted mistake: {"file", "sheet", "cell", "code", "value"}; value as written
    injected: list[dict] = field(default_factory=list)
    # situations the policy rules should notice (not cell errors): {"file", "sheet", "row", "case"}
    cases: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def codes(self) -> dict[str, int]:
        """How many cells were planted per finding code."""
        counts: dict[str, int] = {}
        for item in self.injected:
            counts[item["code"]] = counts.get(item["code"], 0) + 1
        return dict(sorted(counts.items()))


def json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def resolve_marks(marks: list[Mark], placements: dict[str, dict[str, Placement]]) -> list[dict]:
    found = []
    for mark in marks:
        placement = placements[mark.community.short][mark.role]
        found.append({"file": mark.community.file, "sheet": placement.sheet,
                      "cell": placement.cell(mark.record, mark.field), "code": mark.code,
                      "value": json_value(mark.record.get(mark.field))})
    return sorted(found, key=_cell_order)


def resolve_cases(cases: list[Mark], placements: dict[str, dict[str, Placement]]) -> list[dict]:
    found = []
    for case in cases:
        placement = placements[case.community.short][case.role]
        found.append({"file": case.community.file, "sheet": placement.sheet,
                      "row": placement.rows[id(case.record)], "case": case.code})
    return sorted(found, key=lambda c: (c["file"], _SHEET_ORDER[c["sheet"]], c["row"], c["case"]))


_SHEET_ORDER = {role.sheet: i for i, role in enumerate(schema.ROLES)}


def _cell_order(item: dict) -> tuple:
    cell = item["cell"]
    letters = cell.rstrip("0123456789")
    return (item["file"], _SHEET_ORDER[item["sheet"]], int(cell[len(letters):]), len(letters), letters)


def write_manifest(out_dir: Path, manifest: DemoManifest) -> None:
    """demo_manifest.json in out_dir, UTF-8 with Chinese as it is."""
    write_text(out_dir / MANIFEST_NAME, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n")
