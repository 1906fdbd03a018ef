"""发文字号: which number each document gets.

`Numbering` counts up within one run (check-template, tests). `NumberRegister` keeps the numbers
given in SQLite - the run history's database - so that they are unique per kind and year
across runs, the same document made again for the same day keeps its number, and the office
can set the next number. The words of a number come from the settings (Settings.number).

>>> n = Numbering(first=1)
>>> n.take("enterprise", 2022, "甲公司", "2022-11-25"), n.take("enterprise", 2022, "乙公司", "2022-11-25")
(1, 2)
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS numbers (kind TEXT, year INTEGER, n INTEGER, subject TEXT, day TEXT,
                                    PRIMARY KEY (kind, year, n));
CREATE UNIQUE INDEX IF NOT EXISTS numbers_subject ON numbers(kind, year, subject, day);
CREATE TABLE IF NOT EXISTS next_numbers (kind TEXT, year INTEGER, n INTEGER, PRIMARY KEY (kind, year));
"""


class Numbering:
    """Numbers counted up from `first` within one run."""

    def __init__(self, first: int = 1):
        self.first = first
        self._given: Counter = Counter()
        self.taken: list[tuple[str, int, int, str]] = []  # (kind, year, n, subject) of this run

    def take(self, kind: str, year: int, subject: str, day: str) -> int:
        n = self.first + self._given[(kind, year)]
        self._given[(kind, year)] += 1
        self.taken.append((kind, year, n, subject))
        return n


class NumberTaken(ValueError):
    """A next number at or below one already given (the message is Chinese)."""


class NumberRegister(Numbering):
    """Numbers kept across runs in a SQLite file (the run history)."""

    def __init__(self, path: str | Path, first: int = 1):
        super().__init__(first)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path)) as db, db:
            db.executescript(SCHEMA)

    def take(self, kind: str, year: int, subject: str, day: str) -> int:
        with closing(sqlite3.connect(self.path)) as db, db:
            row = db.execute("SELECT n FROM numbers WHERE kind=? AND year=? AND subject=? AND day=?",
                             (kind, year, subject, day)).fetchone()
            if row:
                n = row[0]
            else:
                (last,) = db.execute("SELECT max(n) FROM numbers WHERE kind=? AND year=?", (kind, year)).fetchone()
                chosen = db.execute("SELECT n FROM next_numbers WHERE kind=? AND year=?", (kind, year)).fetchone()
                n = max((last or 0) + 1, self.first, chosen[0] if chosen else 0)
                db.execute("INSERT INTO numbers VALUES (?, ?, ?, ?, ?)", (kind, year, n, subject, day))
        self.taken.append((kind, year, n, subject))
        return n

    def set_next(self, kind: str, year: int, n: int) -> None:
        """The office's own next number (e.g. after numbers given by hand). A number already
        given is refused: it would never be used, and the office would be told it was."""
        with closing(sqlite3.connect(self.path)) as db, db:
            (last,) = db.execute("SELECT max(n) FROM numbers WHERE kind=? AND year=?", (kind, year)).fetchone()
            if last is not None and n <= last:
                raise NumberTaken(f"{year}年这类文书已发到{last}号，下一个文号至少为{last + 1}。")
            db.execute("INSERT OR REPLACE INTO next_numbers VALUES (?, ?, ?)", (kind, year, n))

    def given(self, year: int | None = None) -> list[tuple]:
        """(kind, year, n, subject, day) of every number given, in order."""
        query = "SELECT kind, year, n, subject, day FROM numbers"
        args: tuple = ()
        if year is not None:
            query, args = query + " WHERE year=?", (year,)
        with closing(sqlite3.connect(self.path)) as db:
            return db.execute(query + " ORDER BY kind, year, n", args).fetchall()
