"""Edits to a chapter's prose reach the book without running the chapter again: the cache hashes
only what execution sees (`code_digest`), and new markdown is merged into the last executed
notebook (`refresh_prose`), whose code cells and outputs (glued numbers included) stay."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat

INJECTED = "injected-parameters"


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def code_digest(template: Path) -> str:
    """SHA-256 of what executing the template depends on: kernel, code cells and their tags."""
    nb = json.loads(template.read_text(encoding="utf-8"))
    record = {
        "kernel": nb.get("metadata", {}).get("kernelspec", {}).get("name"),
        "code": [
            ("".join(c["source"]) if isinstance(c["source"], list) else c["source"], _tags(c))
            for c in nb["cells"]
            if c["cell_type"] == "code"
        ],
    }
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode()).hexdigest()


def refresh_prose(template: Path, executed: Path) -> bool:
    """Give `executed` the template's current markdown; True when the file changed.

    The template's `code_digest` must be the one the notebook was executed with; a ValueError
    says when its code cells do not match after all (then the chapter must run again).
    """
    tpl = nbformat.read(template, as_version=4)
    done = nbformat.read(executed, as_version=4)
    injected = [c for c in done.cells if INJECTED in _tags(c)]
    code = [c for c in done.cells if c.cell_type == "code" and INJECTED not in _tags(c)]
    if [c.source for c in code] != [c.source for c in tpl.cells if c.cell_type == "code"]:
        raise ValueError(f"{executed.name}: kodcellerna stämmer inte med mallen {template.name}")
    code_cells = iter(code)
    cells = []
    for cell in tpl.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.append(next(code_cells))
        if "parameters" in _tags(cell):
            cells += injected
    if done.cells == cells:  # the usual case, and cheap to see: nothing to merge
        return False
    before = nbformat.writes(done)
    done.cells = cells
    if nbformat.writes(done) == before:
        return False
    nbformat.write(done, executed)
    return True
