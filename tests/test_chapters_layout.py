"""The layout rule of issue #16: one module per chapter, no reader prose in the domain packages.

- Every chapter of the registry has exactly one module in `analysis.chapters` (`<key>.py`, or a
  package `<key>/` when it needs more than 400 lines), with the entry points every template calls.
- No module of `analysis.model`, `analysis.scenarios` or `analysis.indicators` imports
  `analysis.formatting` or holds a Swedish reader sentence. A *reader sentence* (checked on the
  AST) is a string with a Swedish letter and a space that is either formatted (an f-string: a text
  with values in it) or a sentence (it has a full stop). Not counted: docstrings, error messages
  (inside `raise` or a call of `…Error`/`…Problem`/`…Warning`), messages to investigators (a
  `Shortfall`, built in a function that returns one: the book and `validate` show them like
  warnings), `description=` of the scenario file format, and plain labels (vocabulary such as
  `"Ersättning listad"`: no values, no full stop).
- What is still left, module by module, is in `ALLOWED` with the reason.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from analysis.chapters.registry import CHAPTERS

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
DOMAIN = ("model", "scenarios", "indicators")
CHAPTER_API = ("build", "numbers")

#: Domain modules that may still import `analysis.formatting`, and why.
FORMATTING_ALLOWED = {
    "scenarios/engine.py": "error messages (ScenarioRunError) name the amounts that do not add up",
    "scenarios/money.py": "error messages (ScenarioRunError) name the pot that is too small",
    "scenarios/side_items.py": "error messages (ScenarioRunError) name the fees that do not fit",
}

#: Domain modules that may still hold Swedish reader sentences, and why.
PROSE_ALLOWED = {
    "scenarios/loader.py": "scenario-file error messages (pydantic's errors in Swedish), collected as a list "
    "before one ScenarioError is raised with all of them: not reader prose, but built outside the raise",
}

SWEDISH = re.compile(r"[åäöÅÄÖ]")
ERROR_CALL = re.compile(r"(Error|Problem|Exception|Warning|warn|Shortfall)$")
#: Message classes: a function annotated to return one builds a message, not reader prose.
MESSAGE_TYPES = re.compile(r"\bShortfall\b")
FULL_STOP = re.compile(r"\.(\s|$)")


def domain_modules() -> list[Path]:
    return sorted(p for package in DOMAIN for p in (SRC / package).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _imports_formatting(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.module == "analysis.formatting" or (
                node.module == "analysis" and any(a.name == "formatting" for a in node.names)
            ):
                return True
        if isinstance(node, ast.Import) and any(a.name == "analysis.formatting" for a in node.names):
            return True
    return False


def _not_prose(tree: ast.AST) -> set[int]:
    """Ids of the string nodes that are not reader prose: docstrings, error messages, descriptions,
    and the parts of f-strings (an f-string is judged whole)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        inside = isinstance(node, ast.Raise) or (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.returns is not None
            and bool(MESSAGE_TYPES.search(ast.unparse(node.returns)))
        )
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            inside = bool(ERROR_CALL.search(name))
            skip.update(id(m) for kw in node.keywords if kw.arg == "description" for m in ast.walk(kw.value))
        if inside:
            skip.update(id(m) for m in ast.walk(node))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    return skip


def reader_sentences(source: str) -> list[tuple[int, str]]:
    """(line, text) of every Swedish reader sentence in a module's code (see the module docstring)."""
    tree = ast.parse(source)
    skip = _not_prose(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text, formatted = "".join(v.value for v in node.values if isinstance(v, ast.Constant)), True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text, formatted = node.value, False
        else:
            continue
        if SWEDISH.search(text) and " " in text.strip() and (formatted or FULL_STOP.search(text.strip())):
            found.append((node.lineno, text))
    return found


def test_the_check_finds_sentences_and_leaves_labels_errors_and_docstrings():
    source = '''
"""Modulens text på svenska."""
LABELS = {"a": "Ersättning listad", "b": "Östersunds kommun"}
def f(x):
    """En docstring på svenska."""
    if x < 0:
        raise ValueError(f"värdet får inte vara {x}")
    return f"Hälsocentralen får {x} kr."
NOTE = "Det här är en mening på svenska."
def short(x) -> Shortfall | None:
    which = f"före källbytet {x} "
    return Shortfall("k", f"Trenden kan inte beräknas {which}.")
'''
    found = [text for _, text in reader_sentences(source)]
    assert sorted(found) == ["Det här är en mening på svenska.", "Hälsocentralen får  kr."]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.key)
def test_every_chapter_has_exactly_one_module(chapter):
    candidates = [SRC / "chapters" / f"{chapter.key}.py", SRC / "chapters" / chapter.key / "__init__.py"]
    assert sum(p.exists() for p in candidates) == 1, f"chapter {chapter.key}: one of {candidates}"
    module = importlib.import_module(f"analysis.chapters.{chapter.key}")
    for name in CHAPTER_API:
        assert callable(getattr(module, name, None)), f"analysis.chapters.{chapter.key} has no {name}()"


def test_the_chapters_package_holds_only_chapter_modules():
    """Besides the registry that lists them, every module of `analysis.chapters` is a chapter."""
    keys = {c.key for c in CHAPTERS} | {"registry"}
    entries = {
        p.stem if p.is_file() else p.name
        for p in (SRC / "chapters").iterdir()
        if p.name != "__pycache__" and p.name != "__init__.py"
    }
    assert entries <= keys, f"not a chapter: {sorted(entries - keys)}"


@pytest.mark.parametrize("path", domain_modules(), ids=_name)
def test_domain_modules_do_not_format_for_readers(path):
    if _name(path) in FORMATTING_ALLOWED:
        return
    assert not _imports_formatting(ast.parse(path.read_text(encoding="utf-8"))), (
        f"{_name(path)} imports analysis.formatting: reader formatting belongs in analysis.chapters"
    )


@pytest.mark.parametrize("path", domain_modules(), ids=_name)
def test_domain_modules_hold_no_reader_sentences(path):
    if _name(path) in PROSE_ALLOWED:
        return
    found = reader_sentences(path.read_text(encoding="utf-8"))
    assert not found, f"{_name(path)} has reader prose (move it to analysis.chapters): {found[:3]}"


def test_the_allowlists_are_still_needed():
    """An entry whose module is clean (or gone) is removed from the list."""
    for name in FORMATTING_ALLOWED:
        path = SRC / name
        assert path.exists() and _imports_formatting(ast.parse(path.read_text(encoding="utf-8"))), name
    for name in PROSE_ALLOWED:
        path = SRC / name
        assert path.exists() and reader_sentences(path.read_text(encoding="utf-8")), name


def test_chapter_and_domain_modules_are_at_most_400_lines():
    paths = [p for package in ("chapters", *DOMAIN) for p in (SRC / package).rglob("*.py")]
    long = {_name(p): n for p in paths if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long
