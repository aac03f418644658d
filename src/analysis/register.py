"""The register of numbers (Sifferregister): where every glued number comes from.

A prose module marks the function that formats numbers for the prose with `@registers(...)`,
naming the tables and parameter entries the numbers depend on. Its returned text (or every value
of its returned dict) then becomes a `Number`: a `str` that also knows that function and those
inputs. `Chapter.glue` records each glued number in the chapter's register file
(`<output_dir>/sifferregister.json`) with the inputs' checksums from the dataset's manifest, and
glues it as a link to its entry in the appendix *Sifferregister*. The build collects the
chapters' files (`analysis.register_pages`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

REGISTER_FILE = "sifferregister.json"
SCENARIOS = "scenariofiler"  # an input kind the build fills in with the scenario files it used
LONG_TEXT = 60  # characters; a longer glued text gets its register link after it


@dataclass(frozen=True)
class Source:
    """The function that computed a number and what it read."""

    function: str
    tables: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    scenarios: bool = False


class Number(str):
    """A formatted number for the prose that remembers its `Source`."""

    source: Source | None

    def __new__(cls, text: str, source: Source | None = None):
        obj = super().__new__(cls, text)
        obj.source = source
        return obj


def registers(
    tables: tuple[str, ...] = (),
    params: tuple[str, ...] = (),
    scenarios: bool = False,
    by_prefix: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
):
    """Decorate a function returning prose text (or a dict of texts) with its inputs.

    `tables` are dataset table names, `params` entries of the parameter file as dotted paths
    (`ersattning_listad.pris_per_viktenhet`), `scenarios` says the numbers depend on the scenario
    files. `by_prefix` narrows the inputs of a dict's keys by their prefix:
    `{"cni_": {"tables": ("cni_underlag",), "params": ("cni.vikter",)}}` (the longest matching
    prefix wins). Values that already are `Number`s (from a decorated helper) keep their source.
    """

    def wrap(fn: Callable) -> Callable:
        name = f"{fn.__module__}.{fn.__qualname__}"
        source = Source(name, tuple(tables), tuple(params), scenarios)
        narrower = {
            prefix: Source(name, tuple(part.get("tables", ())), tuple(part.get("params", ())), scenarios)
            for prefix, part in (by_prefix or {}).items()
        }

        @functools.wraps(fn)
        def inner(*args, **kwargs):
            return _tag(fn(*args, **kwargs), source, narrower)

        inner.register_source = source
        return inner

    return wrap


def _tag(value, source: Source, narrower: Mapping[str, Source] | None = None):
    if isinstance(value, Mapping):
        return {k: _tag(v, _narrowest(k, source, narrower or {})) for k, v in value.items()}
    if isinstance(value, Number) and value.source is not None:
        return value
    return Number(str(value), source)


def _narrowest(key: str, source: Source, narrower: Mapping[str, Source]) -> Source:
    matches = [prefix for prefix in narrower if key.startswith(prefix)]
    return narrower[max(matches, key=len)] if matches else source


def anchor(chapter: str, key: str) -> str:
    """The label of a number's entry in the appendix (`sr-` and its stable name)."""
    return "sr-" + stable_name(chapter, key)


def stable_name(chapter: str, key: str) -> str:
    return f"{chapter}.{key}"


class GluedNumber:
    """What `Chapter.glue` glues: plain text for `{glue:text}`, a link to the register entry
    for `{glue:md}` (MyST, so the link resolves across pages)."""

    def __init__(self, text: str, target: str):
        self.text = text
        self.target = target

    def __repr__(self) -> str:  # myst-nb reads `{glue:text}` from the repr, quotes stripped
        return repr(self.text)

    def _repr_markdown_(self) -> str:
        shown = re.sub(r"([\\`*_\[\]<>])", r"\\\1", self.text)
        if len(self.text) > LONG_TEXT:  # a whole sentence: a short link after it, not a linked paragraph
            return f"{shown} [(källa)](#{self.target})"
        return f"[{shown}](#{self.target})"


def unit(text: str) -> str:
    """The unit of a formatted number as shown (`2 453 kr` → `kr`); `text` for words."""
    t = text.replace("\u00a0", " ").strip()
    for suffix, name in (
        (" mnkr", "mnkr"),
        (" kr", "kr"),
        (" %", "procent"),
        (" procentenheter", "procentenheter"),
        (" km", "km"),
    ):
        if t.endswith(suffix) and _is_number(t[: -len(suffix)]):
            return name
    if _is_number(t):
        return "antal" if re.fullmatch(r"[\d ]+", t) else "tal"
    if re.fullmatch(r"\d{4}[–-]\d{4}|[\d ,]+[–-][\d ,]+", t):
        return "intervall"
    return "text"


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[+\u2212-]?[\d ]+(,\d+)?", text.strip()))


def resolve_inputs(source: Source | None, dataset) -> list[dict]:
    """The source's inputs with their files and the checksums of the dataset's manifest."""
    if source is None:
        return []
    manifest = getattr(dataset, "manifest", {}) or {}
    tables = manifest.get("tabeller", {})
    params = manifest.get("parametrar", {}) or {}
    out = []
    for name in source.tables:
        entry = tables.get(name, {})
        out.append({"typ": "tabell", "namn": name, "fil": entry.get("fil"), "sha256": entry.get("sha256")})
    for path in source.params:
        out.append(
            {
                "typ": "parameter",
                "namn": path,
                "fil": params.get("fil"),
                "sha256": params.get("sha256"),
                "varde": _param_value(getattr(dataset, "params", {}), path),
            }
        )
    if source.scenarios:
        out.append({"typ": SCENARIOS, "namn": SCENARIOS})
    return out


def _param_value(params, path: str):
    node = params
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    if isinstance(node, Mapping):
        node = node.get("varde")
    return node if isinstance(node, (int, float, str, bool)) else None  # tables of values: see the file


def entry(chapter: str, key: str, text: str, dataset) -> dict:
    source = text.source if isinstance(text, Number) else None
    return {
        "namn": stable_name(chapter, key),
        "nyckel": key,
        "kapitel": chapter,
        "varde": str(text),
        "enhet": unit(str(text)),
        "funktion": source.function if source else None,
        "indata": resolve_inputs(source, dataset),
    }


def write_chapter_register(folder: Path, entries: Mapping[str, dict]) -> Path:
    path = Path(folder) / REGISTER_FILE
    data = [entries[k] for k in sorted(entries)]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
