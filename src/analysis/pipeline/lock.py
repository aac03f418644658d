"""One build at a time per project folder (`filelock`, on `_build/.lock`)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class BuildLocked(RuntimeError):
    """Another build holds the lock."""


@contextmanager
def build_lock(build_dir: Path):
    """Hold an exclusive lock for the whole build; refuse at once if another build holds it.

    The operating system releases the lock when its process dies, so a killed build never leaves
    a stale lock behind."""
    build_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(build_dir / ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLocked(
            f"Ett annat bygge pågår redan i {build_dir.parent}. Vänta tills det är klart och försök igen."
        ) from None
    try:
        yield
    finally:
        lock.release()
