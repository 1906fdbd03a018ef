"""Which files are ledgers to read: workbooks named on the command line or found in a folder.

One place for the suffixes, for Excel's lock files and for "never write over an input"; the
commands, the buttons, the refresh and the demo all ask here.
"""

from __future__ import annotations

import os
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


class InputError(Exception):
    """An input that cannot be used as given; the message (Chinese) says what to do."""


def workbooks_in(folder: str | os.PathLike) -> list[Path]:
    """The workbooks in a folder, sorted: not Excel's ~$ lock files, not hidden files."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", ".")))


def expand(items: list[str]) -> list[str]:
    """Files as given; a folder stands for the workbooks in it."""
    paths: list[str] = []
    for item in items:
        if os.path.isdir(item):
            found = workbooks_in(item)
            if not found:
                raise InputError(f"文件夹“{item}”里没有Excel台账（.xlsx/.xlsm/.xls）。")
            paths.extend(map(str, found))
        else:
            paths.append(item)
    return paths


def lock_file(path: Path) -> Path | None:
    """Excel's lock file beside an open workbook: "~$" + the name (Excel drops the first two
    characters of long names)."""
    for name in (f"~${path.name}", f"~${path.name[2:]}"):
        candidate = path.parent / name
        if candidate.exists():
            return candidate
    return None


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """The same file however the two paths are spelt (relative, .., links, case on Windows)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def refuse_overwriting_inputs(out: str | os.PathLike, inputs: list[str]) -> None:
    """An output must never replace a ledger it was made from, however the path is spelt."""
    for item in inputs:
        if same_file(out, item):
            raise InputError(f"输出文件“{out}”就是输入的台账“{item}”，写入会覆盖台账。请换一个输出文件名。")
