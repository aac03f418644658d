"""Where a sheet's numbers come from: the register of all sheets' numbers, made in one pass.

Every number on a sheet is an `analysis.register.Number` from a section function of
`analysis.sheets.numbers`. This module is the sheets' counterpart of `Chapter.glue` and
`analysis.pipeline.register_pages`, for all centres at once:

- `link`: the template's `finalize`; a registered number is written as a link to its function's
  entry in the sheet's section *Siffrornas ursprung* (`origin_sections`).
- `SheetRegister`: collects each centre's numbers (centre, key, text, unit, function) and each
  function's inputs with the dataset manifest's checksums (scenario files with the build's), and
  writes `register.json`/`register.csv` beside the sheets; the build publishes them in the HTML
  book as `halsocentralsblad-register.json`/`.csv` (`publish_files`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

from jinja2 import pass_context

from analysis.register import SCENARIOS, Number, Source, resolve_inputs, unit
from analysis.sheets.numbers import SECTIONS

#: Each section function's anchor word and heading on the sheet (the template shows the heading).
SECTION_NAMES = {
    "population_numbers": ("befolkning", "Listade och befolkning"),
    "compensation_numbers": ("ersattning", "Ersättning enligt 2020 års modell"),
    "cni_numbers": ("cni", "CNI och dess variabler"),
    "scenario_numbers": ("forslag", "Förslagen"),
    "indicator_numbers": ("uppfoljning", "Uppföljning"),
}
REGISTER_JSON, REGISTER_CSV = "register.json", "register.csv"  # in book/halsocentraler/
PUBLISHED = {REGISTER_JSON: "halsocentralsblad-register.json", REGISTER_CSV: "halsocentralsblad-register.csv"}
_FUNCTIONS = {f"{fn.__module__}.{fn.__qualname__}": fn.__name__ for fn in SECTIONS}


def label(slug: str, function: str) -> str:
    """The anchor of a section function's entry on a centre's sheet (`function`: full or short name)."""
    return f"ursprung-{slug}-{SECTION_NAMES[_FUNCTIONS.get(function, function)][0]}"


@pass_context
def link(context, value):
    """Jinja `finalize`: a registered number becomes a Markdown link to its origin on the sheet."""
    if not isinstance(value, Number) or value.source is None or value in ("", "–"):
        return "" if value is None else value
    shown = re.sub(r"([\\`*_\[\]<>|])", r"\\\1", str(value))
    return f"[{shown}](#{label(context['slug'], value.source.function)})"


class SheetRegister:
    """Every sheet's numbers and their sources (`add` per centre, then `write`)."""

    def __init__(self, source, scenario_files=(), root: Path | None = None):
        self.source, self.root = source, root
        self.scenario_files = [Path(p) for p in scenario_files]
        self.rows: list[tuple] = []
        self.sources: dict[str, Source] = {}
        self._inputs: tuple[int, dict] = (-1, {})

    def add(self, hc_id: str, name: str, numbers: dict[str, dict[str, str]]) -> None:
        for values in numbers.values():
            for key, text in values.items():
                src = text.source if isinstance(text, Number) else None
                function = src.function if src else None
                if src is not None:
                    self.sources.setdefault(function, src)
                self.rows.append((hc_id, name, key, str(text), function))

    def inputs(self) -> dict[str, list[dict]]:
        """Each function's inputs with the manifest's checksums; the scenario files by name."""
        if self._inputs[0] != len(self.sources):  # resolved once, not per centre
            self._inputs = (
                len(self.sources),
                {fn: self._expand(resolve_inputs(src, self.source)) for fn, src in sorted(self.sources.items())},
            )
        return self._inputs[1]

    def _expand(self, items: list[dict]) -> list[dict]:
        from analysis.pipeline.cache import sha256_file

        out = []
        for item in items:
            if item["typ"] != SCENARIOS:
                out.append(item)
                continue
            out += [
                {"typ": "scenariofil", "namn": p.stem, "fil": self._rel(p), "sha256": sha256_file(p)}
                for p in self.scenario_files
            ]
        return out

    def _rel(self, path: Path) -> str:
        if self.root is None:
            return path.name
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.name

    def sections(self, slug: str) -> list[dict]:
        """The sheet's section *Siffrornas ursprung*: one entry per function, with its inputs."""
        out = []
        for fn, items in self.inputs().items():
            short = _FUNCTIONS.get(fn)
            if short is None:
                continue
            out.append(
                {
                    "etikett": label(slug, fn),
                    "rubrik": SECTION_NAMES[short][1],
                    "funktion": fn,
                    "tabeller": [i["namn"] for i in items if i["typ"] == "tabell"],
                    "parametrar": [i["namn"] for i in items if i["typ"] == "parameter"],
                    "scenariofiler": [i["namn"] for i in items if i["typ"] == "scenariofil"],
                }
            )
        order = list(SECTION_NAMES)
        return sorted(out, key=lambda e: order.index(_FUNCTIONS[e["funktion"]]))

    def write(self, folder: Path) -> None:
        """`register.json` (functions with inputs and checksums, then one record per number) and
        `register.csv` (one row per number; the inputs by name)."""
        inputs = self.inputs()
        records = [
            {"hc_id": h, "halsocentral": n, "nyckel": k, "varde": t, "enhet": unit(t), "funktion": f}
            for h, n, k, t, f in self.rows
        ]
        lines = ['{"format": 1,', f' "funktioner": {json.dumps(inputs, ensure_ascii=False)},', ' "tal": [']
        lines.append(",\n".join(json.dumps(r, ensure_ascii=False) for r in records))
        lines.append("]}")
        _write(folder / REGISTER_JSON, "\n".join(lines) + "\n", "utf-8")
        names = {fn: " | ".join(f"{i['typ']}:{i['namn']}" for i in items) for fn, items in inputs.items()}
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(["hc_id", "halsocentral", "nyckel", "varde", "enhet", "funktion", "indata"])
        for r in records:
            writer.writerow(
                [
                    r["hc_id"],
                    r["halsocentral"],
                    r["nyckel"],
                    r["varde"],
                    r["enhet"],
                    r["funktion"] or "",
                    names.get(r["funktion"], ""),
                ]
            )
        _write(folder / REGISTER_CSV, out.getvalue(), "utf-8-sig")


def _write(path: Path, text: str, encoding: str) -> None:
    """Write only when the text changed (the folder is part of the build's manifest)."""
    data = text.encode(encoding)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def publish_files(folder: Path, html: Path) -> None:
    """Copy the sheets' register into the HTML book (beside `sifferregister.json`)."""
    for name, published in PUBLISHED.items():
        if (folder / name).exists():
            shutil.copy2(folder / name, html / published)
