"""A realistic demo workspace: one ledger workbook per community, with known mistakes.

`build_demo()` writes the ledgers that the community clerks of the Xiyuan Subdistrict keep
for policy 晋政西〔2022〕81号 - enterprises, their staff, arrivals, trucks, business events,
inspections and test records - as real clerks keep them: synonym headers, title rows, merged
cells, total and sign-off rows, phones stored as numbers. On top of that it plants a controlled
set of real mistakes and lists every one in the manifest with the finding code the validator
should report at that cell.

Everything is drawn from one `random.Random(seed)`, never from the clock, so a seed always
gives the same cell values and byte-identical files. All people, enterprises and numbers are
made up; ID numbers and credit codes are valid in form only.

Pipeline: check the sizes (sizes) -> generate clean data (world, activity, people, enterprises,
codes) -> plant mistakes as marks (mistakes, makers) -> apply clerks' writing habits to the
cells that hold no mistake (habits) -> write the workbooks (layouts, workbooks) -> resolve
marks to Excel cells and write the manifest (manifest).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from xiyuan.demo.enterprises import EnterpriseNames
from xiyuan.demo.habits import apply_habits
from xiyuan.demo.layouts import ALTERNATIVE_COLUMNS, TEMPLATE_COLUMNS
from xiyuan.demo.manifest import MANIFEST_NAME, DemoManifest, json_value, resolve_cases, resolve_marks, write_manifest
from xiyuan.demo.mistakes import Injector
from xiyuan.demo.model import COMMUNITY_NAMES, SUBDISTRICT
from xiyuan.demo.people import id_check_character
from xiyuan.demo.sizes import (
    MAX_COMMUNITIES, MAX_EMPLOYEES, MAX_ENTERPRISES, STRAY_GROUP_SIZES, STRAY_GROUPS, DemoSizeError, check_sizes,
    minimum_employees, plan_headcounts,
)
from xiyuan.demo.workbooks import write_community
from xiyuan.demo.world import DemoBuilder
from xiyuan.rules.policy import Policy, load_policy

__all__ = [
    "ALTERNATIVE_COLUMNS", "COMMUNITY_NAMES", "DEFAULT_SEED", "DEMO_DATE", "MANIFEST_NAME",
    "MAX_COMMUNITIES", "MAX_EMPLOYEES", "MAX_ENTERPRISES", "SUBDISTRICT", "TEMPLATE_COLUMNS",
    "DemoManifest", "DemoSizeError", "EnterpriseNames", "build_demo", "check_sizes",
    "id_check_character", "json_value", "minimum_employees", "plan_headcounts",
]

DEMO_DATE = dt.date(2022, 11, 25)
DEFAULT_SEED = 20221115


def build_demo(
    out_dir: str | os.PathLike,
    *,
    seed: int = DEFAULT_SEED,
    communities: int = 10,
    enterprises: int = 300,
    employees: int = 50000,
    today: dt.date = DEMO_DATE,
    policy: Policy | str | os.PathLike | None = None,
) -> DemoManifest:
    """Write one workbook per community and demo_manifest.json into out_dir, following the
    policy (default 81号): its categories, test days, hours and thresholds.

    Raises DemoSizeError (a ValueError with a Chinese message) for sizes that cannot be built,
    before anything is written (see check_sizes): 1 to MAX_COMMUNITIES communities,
    `communities` to MAX_ENTERPRISES enterprises, minimum_employees(enterprises) to MAX_EMPLOYEES
    employees.
    """
    check_sizes(communities, enterprises, employees)
    out = Path(out_dir)
    rng = random.Random(seed)
    builder = DemoBuilder(rng, today, policy if isinstance(policy, Policy) else load_policy(policy))
    stray_groups = [rng.randint(*STRAY_GROUP_SIZES) for _ in range(STRAY_GROUPS)]
    world = builder.build(communities, enterprises, employees, sum(stray_groups))
    injector = Injector(rng, builder.people, world, builder)
    injector.run(stray_groups)
    for community in world:
        apply_habits(community, injector.used, rng)
    placements = {c.short: write_community(out, c, today, builder.policy) for c in world}
    manifest = DemoManifest(
        out_dir=str(out),
        files=[str(out / c.file) for c in world],
        seed=seed,
        today=today.isoformat(),
        communities=communities,
        enterprises=sum(len(c.sheets["enterprises"]) for c in world),
        employees=sum(len(c.sheets["employees"]) for c in world),
        travellers=sum(len(c.sheets["arrivals"]) for c in world),
        trucks=sum(len(c.sheets["trucks"]) for c in world),
        events=sum(len(c.sheets["events"]) for c in world),
        inspections=sum(len(c.sheets["inspections"]) for c in world),
        tests=sum(len(c.sheets["tests"]) for c in world),
        injected=resolve_marks(injector.marks, placements),
        cases=resolve_cases(builder.cases, placements),
    )
    write_manifest(out, manifest)
    return manifest
