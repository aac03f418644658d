"""A fresh copy of the book's sources, for `verify`, the tests and the benchmark."""

from __future__ import annotations

import shutil
from pathlib import Path

SOURCES = ("_config.yml", "_toc.yml", "requirements.lock", "book", "notebooks", "scenarios")
BUILD_PRODUCTS = ("kapitel", "genererat", "bilagor", ".ipynb_checkpoints")


def copy_sources(root: Path, dest: Path) -> Path:
    """Copy what a build reads from the project (not the data, not earlier build products)."""
    from analysis.pipeline.build import extra_files

    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(*BUILD_PRODUCTS))
        elif src.exists():
            shutil.copy2(src, dest / name)
    (dest / "book" / "kapitel").mkdir(parents=True, exist_ok=True)
    for path in extra_files(root):
        target = dest / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return dest
