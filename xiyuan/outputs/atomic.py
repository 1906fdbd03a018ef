"""Atomic output: write to a temporary file beside the target, then rename over it.

A reader (a clerk opening the report, tomorrow's run) sees either the old file or the new
one, never half of one; an interrupted run leaves the previous output intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path in the target's folder; on success rename it to the target."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # a short temporary name: the target's own name may already be as long as the system allows
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:16]}.", suffix=".tmp" + target.suffix[:8], dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
