"""Reading scenario files: YAML → validated `Scenario`, or a `ScenarioError` in Swedish.

Every problem names the file and the key, e.g.::

    scenarios/mitt.yml: okänd nyckel 'andle' i förändring 2 (cni_andel) (menade du 'andel'?)
    scenarios/mitt.yml: förändring 2 (cni_andel): 'andel' måste vara mellan 0 och 1 (0–100 %), fick 1.4

All problems of all files are collected before raising, so an investigator sees everything at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml
from pydantic import ValidationError

from analysis.scenarios.schema import CHANGE_TYPES, TOP_LEVEL_KEYS, Band, Scenario

#: Keys holding a share 0–1 (they also accept "40 %").
SHARE_KEYS = {"andel", "andel_avstand", "cni_andel"}

#: Where the shipped scenario files live, relative to the repository root.
SHIPPED_DIR = "scenarios"


class ScenarioError(ValueError):
    """One or more problems in scenario files. `.problems` is the list of Swedish messages."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__(
            self.problems[0]
            if len(self.problems) == 1
            else f"{len(self.problems)} fel i scenariofilerna:\n" + "\n".join(f"- {p}" for p in self.problems)
        )


# -- YAML ----------------------------------------------------------------------------------
class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    """A safe loader that refuses a key written twice in the same mapping."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"nyckeln '{key}' förekommer två gånger", key_node.start_mark
            )
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _display(path: Path) -> str:
    """The path as the reader knows it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_yaml(path: Path, shown: str) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{shown}: filen finns inte"]) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"{shown}: filen är inte UTF-8-kodad text"]) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([f"{shown}: ogiltig YAML{where}: {problem}"]) from None
    if data is None:
        raise ScenarioError([f"{shown}: filen är tom"])
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                f"{shown}: filen ska vara en YAML-mapping (nyckel: värde) med 'namn', 'titel', "
                f"'forandringar' …, inte {type(data).__name__}"
            ]
        )
    return data


# -- pydantic errors → Swedish ---------------------------------------------------------------
def _suggest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f" (menade du '{match[0]}'?)" if match else ""


def _allowed_keys(loc: tuple) -> list[str]:
    """The keys allowed at the mapping where `loc[:-1]` points."""
    parent = loc[:-1]
    if len(parent) == 0:
        return list(TOP_LEVEL_KEYS)
    if parent[0] == "forandringar" and len(parent) >= 3 and parent[2] in CHANGE_TYPES:
        if len(parent) >= 5 and parent[3] == "band":
            return list(Band.model_fields)
        return list(CHANGE_TYPES[parent[2]].model_fields)
    return []


def _where(loc: tuple) -> tuple[str, str]:
    """(`i förändring 2 (cni_andel)` or '', the key name) for a pydantic location."""
    if not loc:
        return "", ""
    if loc[0] != "forandringar" or len(loc) < 2 or not isinstance(loc[1], int):
        return "", ".".join(str(p) for p in loc)
    place = f"förändring {loc[1] + 1}"
    rest = list(loc[2:])
    if rest and rest[0] in CHANGE_TYPES:
        place += f" ({rest.pop(0)})"
    if len(rest) >= 2 and rest[0] == "band" and isinstance(rest[1], int):
        place += f", band {rest[1] + 1}"
        rest = rest[2:]
    return place, ".".join(str(p) for p in rest)


def _value(v) -> str:
    return repr(v) if isinstance(v, str) else str(v)


def _translate(error: dict) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    place, key = _where(loc)
    prefix = f"{place}: " if place else ""
    in_place = f" i {place}" if place else ""

    if kind == "extra_forbidden":
        return f"okänd nyckel '{key}'{in_place}{_suggest(key, _allowed_keys(loc))}"
    if kind == "missing":
        return f"nyckeln '{key}' saknas{in_place}"
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", given)
        known = ", ".join(CHANGE_TYPES)
        return f"{prefix}okänd förändringstyp (typ) '{tag}'{_suggest(tag, CHANGE_TYPES)}; kända typer: {known}"
    if kind == "union_tag_not_found":
        return f"{prefix}nyckeln 'typ' saknas; kända typer: {', '.join(CHANGE_TYPES)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{prefix}'{key or 'förändringen'}' ska vara en mapping (nyckel: värde), fick {_value(given)}"
    if kind == "list_type":
        return f"{prefix}'{key}' ska vara en lista, fick {_value(given)}"
    if key.split(".")[-1] in SHARE_KEYS and kind in {
        "greater_than_equal",
        "less_than_equal",
        "float_parsing",
        "float_type",
    }:
        hint = ""
        if isinstance(given, (int, float)) and 5 <= given <= 100:  # clearly written as per cent
            hint = f' (skriv {given / 100:.2f} eller "{given:g} %")'
        return f"{prefix}'{key}' måste vara mellan 0 och 1 (0–100 %), fick {_value(given)}{hint}"
    if kind == "greater_than_equal":
        return f"{prefix}'{key}' måste vara minst {ctx.get('ge')}, fick {_value(given)}"
    if kind == "greater_than":
        return f"{prefix}'{key}' måste vara större än {ctx.get('gt')}, fick {_value(given)}"
    if kind == "less_than_equal":
        return f"{prefix}'{key}' får vara högst {ctx.get('le')}, fick {_value(given)}"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return f"{prefix}'{key}' måste vara ett tal, fick {_value(given)}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{prefix}'{key}' måste vara true eller false, fick {_value(given)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " eller ")
        return f"{prefix}'{key}' måste vara en av {expected}, fick {_value(given)}"
    if kind == "string_pattern_mismatch" and key == "namn":
        return (
            f"'namn' får bara innehålla små bokstäver a–z, siffror och bindestreck (blir filnamn), fick {_value(given)}"
        )
    if kind in {"string_type", "string_too_short", "string_too_long"}:
        return f"{prefix}'{key}' måste vara en text{_limits(ctx)}, fick {_value(given)}"
    if kind == "value_error":
        message = str(ctx.get("error", error.get("msg", "")))
        return f"{prefix}{message}" if place or not key else f"'{key}': {message}"
    return f"{prefix}'{key}': {error.get('msg', kind)} (fick {_value(given)})"


def _limits(ctx: dict) -> str:
    if "max_length" in ctx:
        return f" på högst {ctx['max_length']} tecken"
    if "min_length" in ctx:
        return " som inte är tom"
    return ""


# -- public -----------------------------------------------------------------------------------
def load_scenario(path: str | Path) -> Scenario:
    """Read and validate one scenario file. Raises `ScenarioError` naming the file and key."""
    path = Path(path)
    shown = _display(path)
    data = _read_yaml(path, shown)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [f"{shown}: {_translate(e)}" for e in exc.errors(include_url=False)]
        raise ScenarioError(problems) from None
    return scenario.model_copy(update={"path": str(path)})


def load_scenarios(paths: Iterable[str | Path]) -> list[Scenario]:
    """Read several files; collect every problem; refuse two scenarios with the same `namn`.

    The result is sorted by (`ordning`, file order): the shipped files set `ordning`, an
    investigator's file without it comes last, in the order given.
    """
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for path in paths:
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    names: dict[str, str] = {}
    for s in scenarios:
        shown = _display(Path(s.path))
        if s.namn in names:
            problems.append(f"{shown}: 'namn' {s.namn!r} används redan av {names[s.namn]}; välj ett annat namn")
        else:
            names[s.namn] = shown
    if problems:
        raise ScenarioError(problems)
    order = {id(s): i for i, s in enumerate(scenarios)}
    return sorted(scenarios, key=lambda s: (s.ordning, order[id(s)]))


def shipped_scenario_files(root: str | Path | None = None) -> list[Path]:
    """The scenario files shipped with the book (`scenarios/*.yml` at the repository root)."""
    if root is None:
        root = Path(__file__).resolve().parents[3]
    return sorted((Path(root) / SHIPPED_DIR).glob("*.yml"))


def scenario_files(given: Iterable[str | Path] = (), root: str | Path | None = None) -> list[Path]:
    """The files the chapter runs: `given` (the pipeline passes the shipped files of the project it
    builds plus the investigator's `--scenario FILE`s) completed with any shipped file whose name is
    missing, so that the chapter also runs with only extra files, or none, given. Each file once.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for f in given:
        path = Path(f)
        if path.resolve() not in seen:
            files.append(path)
            seen.add(path.resolve())
    stems = {p.stem for p in files}
    shipped = [p for p in shipped_scenario_files(root) if p.stem not in stems]
    return shipped + files
