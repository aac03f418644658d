"""Make every glued number in the chapter templates a link to its register entry.

Rewrites {glue:text}`key` as {glue:md}`key:myst` in the markdown cells of notebooks/*.ipynb
(the glued Markdown is a link to the appendix Sifferregister; `analysis.register`). Idempotent:
run it again after merging templates that others edited. Only markdown cells change, so the
chapters are not executed again for it.

    python scripts/glue_links.py [TEMPLATE ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

TEXT_ROLE = re.compile(r"\{glue:text\}`([\w-]+)`")


def convert(text: str) -> str:
    """Convert every line but headings: a heading stays plain text (a title is no link)."""
    lines = text.split("\n")
    return "\n".join(
        line if line.lstrip().startswith("#") else TEXT_ROLE.sub(r"{glue:md}`\1:myst`", line) for line in lines
    )


def convert_notebook(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            new = convert(cell.source)
            changed |= new != cell.source
            cell.source = new
    if changed:
        nbformat.write(nb, path)
    return changed


def main(paths: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    for path in [Path(p) for p in paths] or sorted((root / "notebooks").glob("*.ipynb")):
        print(f"{path}: {'omskriven' if convert_notebook(path) else 'oförändrad'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
