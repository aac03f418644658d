"""Tables already read, typed and checked, kept by content so that nobody parses them twice.

The build checks the dataset, then every chapter notebook loads it again. Given a cache folder,
both take each clean table from a pickle named by a hash of everything the result depends on:
the file's bytes, the table, the validation mode, the source of `analysis.data` and the versions
of pandas and pandera. A change to any of these misses the cache, and the table is read and
checked afresh. Tables with problems are never stored, so errors are always found and reported.
The folder belongs to the build (`_build/.cache/tabeller`); nothing else writes there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.manifest import sha256_of

FORMAT = 1  # raise when what is stored changes


@lru_cache(maxsize=1)
def _code_digest() -> str:
    import pandera

    h = hashlib.sha256(f"{FORMAT} {pd.__version__} {pandera.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def key(path: Path, table: str, mode: str) -> str:
    return hashlib.sha256(f"{_code_digest()} {table} {mode} {sha256_of(path)}".encode()).hexdigest()


def load(folder: Path, name: str):
    """The stored value, or None; a hit is touched so that `prune` keeps it."""
    path = folder / f"{name}.pkl"
    try:
        with open(path, "rb") as fh:
            value = pickle.load(fh)
        os.utime(path)
    except (OSError, EOFError, ValueError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    return value


def store(folder: Path, name: str, value) -> None:
    """Write atomically: a concurrent reader sees the old file or the whole new one."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{name}.pkl")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prune(folder: Path, unused_since: float) -> None:
    """Remove the entries nobody read or wrote since `unused_since` (a `time.time()` value; two
    seconds of margin allow for coarse file-system clocks)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < unused_since - 2:
                path.unlink()
        except FileNotFoundError:
            pass

