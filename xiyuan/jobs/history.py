"""Run history in SQLite (standard library): one snapshot per day, and what changed since the
previous one - new and departed employees, headcounts per enterprise, new arrivals, people
newly overdue or cleared, enterprises newly flagged or rectified.

A second run for the same day replaces that day's snapshot, so running twice changes nothing.
ID numbers are never stored: each is kept as a token, its masked form plus a keyed hash
(HMAC-SHA256 with a key kept beside the database), so a copied database names nobody while
the same person is still recognised from one day to the next.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from xiyuan.rules.assess import Assessment
from xiyuan.checks.crosscheck import enterprise_key
from xiyuan.checks.fields.id_number import mask as mask_id
from xiyuan.intake.schema import LEFT_JOB
from xiyuan.rules.statements import Statement

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (day TEXT PRIMARY KEY, finished TEXT NOT NULL, files INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS employees (day TEXT, id_number TEXT, name TEXT, enterprise TEXT, community TEXT);
CREATE TABLE IF NOT EXISTS enterprises (day TEXT, key TEXT, name TEXT, community TEXT, employees INTEGER,
                                        flagged INTEGER, escalate INTEGER);
CREATE TABLE IF NOT EXISTS people (day TEXT, id_number TEXT, name TEXT, enterprise TEXT, community TEXT,
                                   arrival TEXT, status TEXT);
CREATE INDEX IF NOT EXISTS employees_day ON employees(day);
CREATE INDEX IF NOT EXISTS enterprises_day ON enterprises(day);
CREATE INDEX IF NOT EXISTS people_day ON people(day);
"""
COMMUNITY = {"employees": 4, "enterprises": 3, "people": 4}  # column of the community in each table's rows
EXAMPLES = 10


def snapshot_of(assessment: Assessment, token) -> dict[str, list[tuple]]:
    """The day's rows; `token(id_number)` stands in for every ID number (History.token)."""
    employees = {}
    for ledger in assessment.ledgers:
        columns = zip(ledger.employee_column("id_number"), ledger.employee_column("name"),
                      ledger.employee_column("enterprise"), ledger.employee_column("on_duty"))
        for number, name, enterprise, state in columns:
            if number and state != LEFT_JOB:
                employees.setdefault(number, (token(number), name, enterprise, ledger.community))
    enterprises = {}
    for r in assessment.enterprises:
        key = enterprise_key(r.enterprise.enterprise)
        if key:
            enterprises.setdefault(key, (key, r.name, r.community, r.employees, int(r.key), int(r.escalate)))
    people = {}
    for s in assessment.people:
        p = s.person
        if p.id_number:
            arrival = s.arrival.isoformat() if s.arrival else ""
            people[(p.id_number, arrival)] = (token(p.id_number), p.name, p.enterprise, s.community, arrival, s.status)
    return {"employees": list(employees.values()), "enterprises": list(enterprises.values()),
            "people": list(people.values())}


class History:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._key = _key(self.path.with_suffix(".key"))
        with closing(sqlite3.connect(self.path)) as db, db:
            db.executescript(SCHEMA)
            self._tokenise_plain_numbers(db)

    def token(self, number: str) -> str:
        """What the history keeps of an ID number: masked, plus a keyed hash that tells people apart."""
        digest = hmac.new(self._key, number.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
        return f"{mask_id(number)}#{digest}"

    def snapshot(self, assessment: Assessment) -> dict[str, list[tuple]]:
        return snapshot_of(assessment, self.token)

    def _tokenise_plain_numbers(self, db) -> None:
        """A database from before tokens: replace its plain numbers once."""
        for table in ("employees", "people"):
            plain = [row[0] for row in db.execute(f"SELECT DISTINCT id_number FROM {table} WHERE instr(id_number, '#') = 0")]
            db.executemany(f"UPDATE {table} SET id_number = ? WHERE id_number = ?",
                           [(self.token(number), number) for number in plain])

    def previous_day(self, day: dt.date) -> str | None:
        with closing(sqlite3.connect(self.path)) as db:
            row = db.execute("SELECT max(day) FROM runs WHERE day < ?", (day.isoformat(),)).fetchone()
        return row[0] if row and row[0] else None

    def record(self, day: dt.date, assessment: Assessment, files: int, snapshot: dict | None = None) -> None:
        """Replace the day's snapshot, in one transaction. A community missing today (its file
        was open in Excel, or broken) keeps its last known rows, so tomorrow's report does not
        count its people as new."""
        snapshot = snapshot or snapshot_of(assessment)
        key = day.isoformat()
        before = self.previous_day(day)
        if before is not None:
            snapshot = {table: rows + [row[1:] for row in self._rows(table, before)
                                       if row[COMMUNITY[table]] not in _communities(snapshot)]
                        for table, rows in snapshot.items()}
        with closing(sqlite3.connect(self.path)) as db, db:
            for table in ("runs", "employees", "enterprises", "people"):
                db.execute(f"DELETE FROM {table} WHERE day = ?", (key,))
            db.execute("INSERT INTO runs VALUES (?, ?, ?)", (key, dt.datetime.now().isoformat(timespec="seconds"), files))
            db.executemany("INSERT INTO employees VALUES (?, ?, ?, ?, ?)", [(key, *row) for row in snapshot["employees"]])
            db.executemany("INSERT INTO enterprises VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(key, *row) for row in snapshot["enterprises"]])
            db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", [(key, *row) for row in snapshot["people"]])

    def _rows(self, table: str, day: str) -> list[tuple]:
        with closing(sqlite3.connect(self.path)) as db:
            return db.execute(f"SELECT * FROM {table} WHERE day = ?", (day,)).fetchall()

    def changes(self, day: dt.date, snapshot: dict) -> list[str] | None:
        """What changed from the previous recorded day to this day's `snapshot` (not yet
        recorded, so recording can run beside the writing); None when there is no earlier day."""
        before = self.previous_day(day)
        if before is None:
            return None
        now = {table: [(day.isoformat(), *row) for row in rows] for table, rows in snapshot.items()}
        present = _communities(snapshot)  # a community missing today is not compared
        old = {table: [r for r in self._rows(table, before) if r[COMMUNITY[table]] in present] for table in now}
        lines: list[str] = []
        lines += _employee_changes(old["employees"], now["employees"])
        lines += _enterprise_changes(old["enterprises"], now["enterprises"])
        lines += _people_changes(old["people"], now["people"])
        since = Statement("change.since", {"day": dt.date.fromisoformat(str(before))})
        return [since] + lines if lines else []


def _communities(snapshot: dict) -> set[str]:
    return {row[COMMUNITY[table] - 1] for table, rows in snapshot.items() for row in rows}


def _names(rows, describe) -> str:
    rows = sorted(rows, key=lambda r: (r[4] or "", r[3] or "", r[2] or ""))
    shown = "、".join(describe(r) for r in rows[:EXAMPLES])
    return shown + ("等" if len(rows) > EXAMPLES else "")


def _employee_changes(before, now) -> list[str]:
    old = {r[1]: r for r in before}
    new = {r[1]: r for r in now}
    joined = [new[i] for i in new.keys() - old.keys()]
    left = [old[i] for i in old.keys() - new.keys()]
    describe = lambda r: f"{r[2]}（{r[3]}，{r[1].split('#')[0]}）"  # noqa: E731
    lines = []
    if joined:
        lines.append(f"新增员工{len(joined)}人：{_names(joined, describe)}。")
    if left:
        lines.append(f"离开员工{len(left)}人：{_names(left, describe)}。")
    return lines


def _enterprise_changes(before, now) -> list[str]:
    old = {r[1]: r for r in before}
    new = {r[1]: r for r in now}
    lines = []
    for key in sorted(new.keys() & old.keys(), key=lambda k: (new[k][3], new[k][2])):
        was, is_ = old[key][4], new[key][4]
        if was is not None and is_ is not None and was != is_:
            lines.append(f"员工数变化：{new[key][2]}（{new[key][3]}）{was}→{is_}人（{is_ - was:+d}）。")
    for key in sorted(new.keys() - old.keys(), key=lambda k: (new[k][3], new[k][2])):
        lines.append(f"新登记企业：{new[key][2]}（{new[key][3]}）。")
    flagged = sorted(new[k][2] for k in new if new[k][5] and not (k in old and old[k][5]))
    if flagged:
        lines.append(f"新列为重点企业{len(flagged)}家：{'、'.join(flagged)}。")
    escalated = sorted(new[k][2] for k in new if new[k][6] and not (k in old and old[k][6]))
    if escalated:
        lines.append(f"新增应上报企业{len(escalated)}家：{'、'.join(escalated)}。")
    rectified = sorted(old[k][2] for k in old if old[k][6] and k in new and not new[k][6])
    if rectified:
        lines.append(f"已整改、不再需上报的企业{len(rectified)}家：{'、'.join(rectified)}。")
    return lines


def _people_changes(before, now) -> list[str]:
    old = {(r[1], r[5]): r for r in before}
    new = {(r[1], r[5]): r for r in now}
    describe = lambda r: f"{r[2]}（{r[4]}{r[3] or ''}）"  # noqa: E731
    arrived = [new[k] for k in new.keys() - old.keys()]
    overdue = [new[k] for k in new if new[k][6] == "overdue" and not (k in old and old[k][6] == "overdue")]
    cleared = [new[k] for k in new if new[k][6] == "cleared" and not (k in old and old[k][6] == "cleared")]
    positive = [new[k] for k in new if new[k][6] == "positive" and not (k in old and old[k][6] == "positive")]
    lines = []
    if arrived:
        lines.append(f"新登记来晋人员{len(arrived)}人：{_names(arrived, describe)}。")
    if positive:
        lines.append(f"新增阳性{len(positive)}人：{_names(positive, describe)}。")
    if overdue:
        lines.append(f"新增逾期未检{len(overdue)}人：{_names(overdue, describe)}。")
    if cleared:
        lines.append(f"新解除隔离和检测要求{len(cleared)}人：{_names(cleared, describe)}。")
    return lines


def _key(path: Path) -> bytes:
    """The history's secret key, made on first use and readable by its owner only."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        key = os.urandom(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key
