"""The chapter "Uppföljning" takes every year from the data and shows readers no code.

Checked statically: the template's markdown and code cells (except the parameters cell) and the
string literals of the chapter's prose modules contain no four-digit year; the markdown the reader
sees names no Python function, module or command.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "notebooks" / "03-uppfoljning.ipynb"
# targets.py is left out: its sources cite dated documents
PROSE_MODULES = [
    ROOT / "src" / "analysis" / "indicators" / name
    for name in ("followup.py", "shortfalls.py", "centres.py", "steering.py")
]
PROSE_MODULES += sorted((ROOT / "src" / "analysis" / "chapters" / "uppfoljning").glob("*.py"))
PROSE_MODULES.append(ROOT / "src" / "analysis" / "figures" / "indicators.py")
YEAR = re.compile(r"(?<![\d§.,])(19|20)\d\d(?![\d])")
CODE_IN_PROSE = re.compile(r"`(analysis|scipy|statsmodels|pandas|python)[.\s]|python -m|\w+\(\)`")


def _cells():
    return nbformat.read(TEMPLATE, 4).cells


def test_template_has_no_year_literals():
    for i, cell in enumerate(_cells()):
        if "parameters" in cell.metadata.get("tags", []):
            continue
        text = cell.source if cell.cell_type == "markdown" else _string_literals(cell.source)
        found = YEAR.findall(text)
        assert not found, f"cell {i} of {TEMPLATE.name} has a year literal: {YEAR.search(text).group(0)}"


@pytest.mark.parametrize("module", PROSE_MODULES, ids=[m.name for m in PROSE_MODULES])
def test_prose_modules_have_no_year_literals(module):
    text = _string_literals(module.read_text(encoding="utf-8"), docstrings=False)
    match = YEAR.search(text)
    assert match is None, f"{module.name} has a year literal in a string: {match.group(0)}"


def test_reader_prose_names_no_code():
    for i, cell in enumerate(_cells()):
        if cell.cell_type != "markdown":
            continue
        match = CODE_IN_PROSE.search(cell.source)
        assert match is None, f"cell {i}: code in reader prose: {match.group(0)}"


def test_template_keeps_the_chapter_pattern():
    cells = _cells()
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert cells[1].metadata["tags"] == ["parameters", "remove-cell"]
    assert "Chapter.open(" in cells[2].source and cells[2].metadata["tags"] == ["remove-cell"]
    assert "ch.status_banner(" in cells[3].source and cells[3].metadata["tags"] == ["remove-input"]
    for cell in cells[4:]:
        if cell.cell_type == "code":
            assert cell.metadata.get("tags") in (["remove-cell"], ["remove-input"])
            assert not cell.get("outputs")


def _string_literals(source: str, docstrings: bool = True) -> str:
    """All string constants of Python source (f-string parts included), one per line."""
    tree = ast.parse(source)
    skip = set()
    if not docstrings:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                body = node.body
                if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                    skip.add(id(body[0].value))
    return "\n".join(
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
    )
