"""A console progress bar (tqdm on stderr) that stays silent when nobody is watching."""

from __future__ import annotations

import sys


class Progress:
    """progress(done, total, name) callbacks (one step a workbook) drawn as one bar; no output off a terminal."""

    def __init__(self, description: str, enabled: bool | None = None):
        self.description = description
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def __call__(self, done: int, total: int, name: str = "") -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm  # only when a bar is drawn: its import is a tenth of a small run

            self._bar = tqdm(total=total, desc=self.description, unit="个", file=sys.stderr,
                             leave=False, dynamic_ncols=True)
        self._bar.set_postfix_str(name[:30], refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
