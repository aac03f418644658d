"""Publish a finished build atomically, so the last good book always stays readable.

Complete builds live in `_build/.releases/<id>/`; `_build/current` links to one of them and is
switched by a single `os.replace` (atomic on POSIX); `html`, `pdf`, `manifest.json` link into it.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
import time
from pathlib import Path

ENTRY_POINTS = ("html", "pdf", "manifest.json")


def new_release(build_dir: Path) -> Path:
    releases = build_dir / ".releases"
    releases.mkdir(parents=True, exist_ok=True)
    release = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=releases))
    release.chmod(0o755)  # mkdtemp makes it private; the book is for everyone on the machine
    return release


def current_release(build_dir: Path) -> Path | None:
    link = build_dir / "current"
    return link.resolve() if link.is_symlink() else None


def copy_into_release(src: Path, dest: Path, previous: Path | None) -> None:
    """Copy the folder `src` to `dest` in a new release. A file with the same bytes at the same
    place in `previous` (the published copy of `dest`) is hard-linked instead: published files
    are never written again, so sharing them is safe, and most of the book (MathJax, the theme,
    plotly.js, unchanged pages) is then not copied again."""

    def link_or_copy(source: str, target: str) -> str:
        old = previous / Path(source).relative_to(src) if previous else None
        if old is not None and old.is_file() and filecmp.cmp(source, old, shallow=False):
            try:
                os.link(old, target)
                return target
            except OSError:  # no hard links here (another file system): copy
                pass
        return shutil.copy2(source, target)

    shutil.copytree(src, dest, copy_function=link_or_copy)


def publish(build_dir: Path, release: Path) -> None:
    """Point `_build/current` at `release`; keep the previous PDF if this build made none."""
    previous = current_release(build_dir)
    if previous and not (release / "pdf").exists() and (previous / "pdf").exists():
        copy_into_release(previous / "pdf", release / "pdf", previous / "pdf")
    tmp = build_dir / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path(".releases") / release.name)
    os.replace(tmp, build_dir / "current")
    for name in ENTRY_POINTS:
        if (release / name).exists():
            _ensure_link(build_dir / name, Path("current") / name)
    _prune(build_dir, keep=release)


def _ensure_link(path: Path, target: Path) -> None:
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():  # an old real directory from a previous layout
        shutil.rmtree(path)
    path.symlink_to(target)


def _prune(build_dir: Path, keep: Path) -> None:
    for old in (build_dir / ".releases").iterdir():
        if old.resolve() != keep.resolve():
            shutil.rmtree(old, ignore_errors=True)
