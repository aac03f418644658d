"""Read a YAML file and remember the line of every key, so problems can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from analysis.data.describe import number
from analysis.data.errors import Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlFile:
    """Parsed YAML plus `lines[path_tuple] -> 1-based line` of each mapping key."""

    name: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """Line of the key at `path`, or of its nearest parent that exists."""
        path = tuple(str(p) for p in path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def problem(self, path: tuple, value, expected: str | None, message: str) -> Problem:
        key = ".".join(str(p) for p in path) or None
        return Problem(self.name, self.line(path), key, value, expected, message)


def read_yaml(path: Path, name: str) -> tuple[YamlFile | None, list[Problem]]:
    """Parse `path`; a missing or malformed file is a Problem, never an exception."""
    if path.is_dir():
        return None, [Problem(name, None, None, None, "en YAML-fil",
                              f"'{name}' är en mapp, inte en fil")]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, None, None, None, None, "filen saknas")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, None, None, None, "en YAML-fil i UTF-8",
                              f"filen går inte att läsa ({exc})")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        row, reason = syntax_error(exc)
        return None, [Problem(name, row, None, None, "giltig YAML", f"filen är inte giltig YAML: {reason}")]
    if not isinstance(data, dict):
        return None, [Problem(name, None, None, None, "en mappning (nyckel: värde) överst",
                              "filen är tom eller saknar nycklar")]
    lines: dict[tuple, int] = {}
    _collect_lines(node, (), lines)
    return YamlFile(name, data, lines), []


# PyYAML's problem -> a Swedish reason, matched on part of its English text (PyYAML and libyaml differ).
_SYNTAX_REASONS = (
    ("mapping values are not allowed", "ett kolon (':') står där det inte får stå; ett värde som "
                                       "innehåller ': ' behöver citattecken, eller så är raden fel indragen"),
    ("could not find expected ':'", "raden saknar kolon (':') efter nyckeln"),
    ("found character '\\t'", "raden har ett tabbtecken; YAML tillåter bara blanksteg som indrag"),
    ("found a tab character", "raden har ett tabbtecken; YAML tillåter bara blanksteg som indrag"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför"),
    ("did not find expected key", "indraget stämmer inte med raderna ovanför"),
    ("found unexpected end of stream", "citattecknet som börjar på raden stängs aldrig"),
    ("expected ',' or ']'", "hakparentesen som börjar på raden stängs aldrig"),
    ("expected ',' or '}'", "klammerparentesen som börjar på raden stängs aldrig"),
    ("found undefined alias", "en referens (*namn) till ett ankare som inte finns"),
)
# Errors where the line that needs fixing is where the construct began, not where PyYAML gave up.
_STARTS_AT_CONTEXT = ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")


def syntax_error(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(1-based line to fix, Swedish reason) for a PyYAML syntax error."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "context_mark", None) if context.startswith(_STARTS_AT_CONTEXT) else None
    mark = mark or getattr(exc, "problem_mark", None)
    row = mark.line + 1 if mark is not None else None
    reason = next((text for part, text in _SYNTAX_REASONS if part in problem),
                  "syntaxfel; kontrollera indrag, kolon och citattecken")
    return row, reason


def _collect_lines(node, prefix: tuple, lines: dict[tuple, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = prefix + (str(key.value),)
            lines[path] = key.start_mark.line + 1
            _collect_lines(value, path, lines)


def pydantic_problems(source: YamlFile, exc: ValidationError) -> list[Problem]:
    """Swedish problems for a pydantic validation error of a YAML file.

    pydantic's own error types are translated here; a validator's `PydanticCustomError` brings its
    Swedish message as template and `expected_sv` (what was expected) in its context, with
    `missing_key: True` when the error is about a key absent from the mapping at the error's
    location minus its last part.
    """
    return [_translate(source, err) for err in exc.errors()]


def _translate(source: YamlFile, err: dict) -> Problem:
    path = tuple(str(p) for p in err["loc"] if p != "[key]")  # pydantic's mark of an error in a key itself
    value = err.get("input")
    kind = err["type"]
    ctx = err.get("ctx", {})
    if kind == "missing":
        return source.problem(path, None, None, "nyckeln saknas")
    if "expected_sv" in ctx:  # our own PydanticCustomError: a Swedish message, `expected_sv` in its context
        if ctx.get("missing_key"):  # a key missing from a mapping: the problem is the mapping's
            return source.problem(path[:-1], None, ctx["expected_sv"], err["msg"])
        return source.problem(path, value, ctx["expected_sv"], err["msg"])
    if kind in ("float_type", "float_parsing"):
        return source.problem(path, value, "ett tal", f"värdet '{value}' är inte ett tal")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return source.problem(path, value, "ett heltal", f"värdet '{value}' är inte ett heltal")
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        bound = {"greater_than": "> {gt}", "greater_than_equal": "≥ {ge}", "less_than_equal": "≤ {le}"}[kind]
        bounds = {k: number(v) for k, v in ctx.items()}
        return source.problem(path, value, "ett tal " + bound.format(**bounds),
                              f"värdet {value} ligger utanför det tillåtna intervallet")
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return source.problem(path, value, f"ett av: {allowed}", f"värdet '{value}' är inte tillåtet")
    if kind == "string_pattern_mismatch":
        return source.problem(path, value, _PATTERN_TEXT.get(path[-1], "rätt format"),
                              f"värdet '{value}' har fel format")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return source.problem(path, value, "en mappning (nyckel: värde)",
                              "ska vara en mappning, inte ett enskilt värde")
    if kind == "string_type":
        return source.problem(path, value, "text", f"värdet '{value}' är inte text")
    return source.problem(path, value, None, f"ogiltigt värde ({err.get('msg', kind)})")


_PATTERN_TEXT = {"sha256": "64 hexadecimala tecken (0–9, a–f)"}
