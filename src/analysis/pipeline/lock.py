"""One build at a time per project folder."""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path


class BuildLocked(RuntimeError):
    """Another build holds the lock."""


@contextmanager
def build_lock(build_dir: Path):
    """Hold an exclusive, non-blocking lock on `_build/.lock` for the whole build.

    The kernel releases a flock when its process dies, so a killed build never leaves a stale
    lock behind.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    fh = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "okänd process"
        fh.close()
        raise BuildLocked(
            f"Ett annat bygge pågår redan i {build_dir.parent} ({holder}). "
            "Vänta tills det är klart och försök igen."
        ) from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, startat {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
