"""The page "Ändringar sedan förra utgåvan", written by `build --jamfor-med BOK`.

The page exists only in a book built with `--jamfor-med`: `_toc.yml` lists it with a glob, and
a build without the option removes the page and its charts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis.compare.books import open_book
from analysis.compare.editions import book_inputs, compare

PAGE = Path("book") / "bilagor" / "andringar.md"
FIGURES = Path("book") / "bilagor" / "andringar"


def write_changes_page(root: Path, older: Path | None, numbers: list[dict], dataset, new_label: str) -> Path | None:
    """Compare the build under way (its register `numbers` and `dataset`) with the built book
    `older`; None without `older`. Raises `BookError` when `older` is not a built book."""
    from analysis.model import ModelInputs

    shutil.rmtree(root / FIGURES, ignore_errors=True)
    (root / PAGE).unlink(missing_ok=True)
    if older is None:
        return None
    old = open_book(older)
    old_inputs, note = book_inputs(old)
    result = compare(
        old,
        numbers,
        ModelInputs.from_dataset(dataset),
        new_label,
        old_inputs=old_inputs,
        figures=root / FIGURES,
        figure_prefix=f"{FIGURES.name}/",
        notes=[note],
    )
    (root / PAGE).write_text(result.text, encoding="utf-8")
    return root / PAGE


def compared_digest(older: Path | None) -> str | None:
    """What the page depends on besides this build: the older book's manifest."""
    from analysis.pipeline.cache import sha256_file

    if older is None:
        return None
    found = [p for p in (older / "_build" / "manifest.json", older / "manifest.json") if p.is_file()]
    return sha256_file(found[0]) if found else str(older)
