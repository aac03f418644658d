"""Text follows data: no template or prose module types a year, period or date the data should supply.

Checked: every notebook template in notebooks/ (markdown cells, and the string literals of code cells,
which become captions, titles and table text; not the `parameters` cell, whose defaults the pipeline
replaces), and the modules that write the chapters', front page's and appendices' text. Docstrings and
identifiers (e.g. the scenario name `bas-2020`) are not reader text. What may remain are citations
of the report itself, which name its own title and documents (ALLOWED).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
YEAR = re.compile(r"(?<![\w.])(?:19|20)\d\d(?![\w])")
#: The report's own title and its documents' registration numbers (citations, not data), and links
#: to other pages by file name (they show the page's title, which comes from the data).
ALLOWED = (re.compile(r"Hälsoval 2021"), re.compile(r"RS/\d+/\d{4}"), re.compile(r"\{doc\}`[^`]*`"))
IDENTIFIER = re.compile(r"^[a-z0-9_./-]+$")
PROSE_MODULES = (
    "src/analysis/vintage.py",
    "src/analysis/frontpage.py",
    "src/analysis/appendices.py",
    "src/analysis/figures/model.py",
    "src/analysis/figures/scenarios.py",
    "src/analysis/figures/geography.py",
    "src/analysis/figures/sensitivity.py",
    "src/analysis/chapter.py",
    "src/analysis/status.py",
    "src/analysis/data/schemas.py",
    "src/analysis/data/dictionary.py",
    # every chapter module (analysis.chapters) holds reader prose
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "src" / "analysis" / "chapters").rglob("*.py")),
)


def years_in(text: str) -> list[str]:
    for pattern in ALLOWED:
        text = pattern.sub("", text)
    return [m.group(0) for m in YEAR.finditer(text)]


def string_literals(source: str) -> list[str]:
    """String constants of a piece of code, without docstrings and bare identifiers."""
    tree = ast.parse(source)
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docs
        and not IDENTIFIER.match(n.value)
    ]


TEMPLATES = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_types_no_year(template):
    found = []
    for i, cell in enumerate(json.loads(template.read_text(encoding="utf-8"))["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            texts = [source]
        elif "parameters" in cell["metadata"].get("tags", []):
            continue
        else:
            texts = string_literals(source)
        found += [f"cell {i}: {year} in {text[:80]!r}" for text in texts for year in years_in(text)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", PROSE_MODULES)
def test_prose_module_types_no_year(module):
    found = [
        f"{year} in {text[:80]!r}"
        for text in string_literals((ROOT / module).read_text(encoding="utf-8"))
        for year in years_in(text)
    ]
    assert not found, "\n".join(found)


def test_the_check_catches_a_typed_year():
    assert years_in("så som modellen såg ut år 2020") == ["2020"]
    assert years_in("under perioden november 2018 till oktober 2019") == ["2018", "2019"]
    assert years_in("Styrgruppen för Hälsoval 2021; tjänsteskrivelsen RS/554/2019") == []
    assert string_literals('"""Doc 1999."""\nx = f"{a} 2020 års modell"\ny = "bas-2020"') == [" 2020 års modell"]


CODE = re.compile(r"`[A-Za-z_]\w*(\.\w+)+`|`\w+\(|python -m|--\w+")
ROLES = re.compile(r"\{(glue:text|doc|eq|ref|numref)\}`[^`]*`|```\{math\}.*?```", re.S)


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.name[:2] in ("01", "02")], ids=lambda p: p.name)
def test_reader_prose_names_no_code(template):
    """Chapters 1 and 2 speak to readers: formulas yes, function names and commands no."""
    found = []
    for i, cell in enumerate(json.loads(template.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] == "markdown":
            text = ROLES.sub("", "".join(cell["source"]))
            found += [f"cell {i}: {m.group(0)}" for m in CODE.finditer(text)]
    assert not found, "\n".join(found)
