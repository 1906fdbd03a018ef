"""What a day's refresh was made from, so that the same inputs need not be worked again.

A refresh's outputs depend on the ledgers (their bytes, and which are open in Excel), the day,
the policy, the office settings, the templates and the program itself. Their fingerprint is a
SHA-256 over all of these; hashing the inbox costs a small fraction of parsing it. The
fingerprint is kept beside the reports (reports/.刷新记录/YYYY-MM-DD.json) with what the run
said (changes, document numbers, skipped files, its log) and the files it wrote, so that a
rerun on unchanged inputs answers as the first. The record is removed before a day's outputs
are replaced and written after, so it never describes outputs it did not see made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

RECORDS = ".刷新记录"  # under the reports folder, one file per day
_PROGRAM = Path(__file__).resolve().parents[1]  # the xiyuan package


def _feed(digest, label: str, path: Path | None) -> None:
    digest.update(label.encode("utf-8") + b"\0")
    if path is not None and path.is_file():
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    digest.update(b"\0")


def fingerprint(ledgers: list[Path], locked: list[bool], as_of: dt.date, policy: Path, settings: Path,
                templates: Path | None) -> str:
    digest = hashlib.sha256(f"xiyuan-refresh 1 {as_of.isoformat()}".encode())
    for path in sorted(_PROGRAM.rglob("*")):  # a new version of the program works everything again
        if path.suffix in (".py", ".toml", ".conf") and "__pycache__" not in path.parts:
            _feed(digest, str(path.relative_to(_PROGRAM)), path)
    for ledger, is_locked in sorted(zip(ledgers, locked)):
        _feed(digest, f"{ledger.name}|{is_locked}", ledger)
    _feed(digest, "policy", policy)
    _feed(digest, "settings", settings)
    for template in sorted(templates.glob("*.docx")) if templates else ():
        _feed(digest, template.name, template)
    return digest.hexdigest()


def record_path(out_root: Path, as_of: dt.date) -> Path:
    return out_root / RECORDS / f"{as_of.isoformat()}.json"


def forget(out_root: Path, as_of: dt.date) -> None:
    record_path(out_root, as_of).unlink(missing_ok=True)


def save_record(out_root: Path, as_of: dt.date, folder: Path, stamp: str, record: dict) -> None:
    outputs = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    path = record_path(out_root, as_of)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"fingerprint": stamp, "outputs": outputs, **record}, ensure_ascii=False, indent=1),
                    encoding="utf-8")


def reusable(out_root: Path, as_of: dt.date, stamp: str) -> dict | None:
    """The earlier run's record when the day's outputs were made from exactly these inputs and
    are all still there; None otherwise."""
    try:
        record = json.loads(record_path(out_root, as_of).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = out_root / as_of.isoformat()
    if record.get("fingerprint") != stamp or not all(key in record for key in ("skipped", "changes", "numbers", "log")):
        return None  # other inputs, or a record this version cannot answer from
    if not all((folder / name).is_file() for name in record.get("outputs", [])):
        return None  # someone removed an output: make them again
    return record
