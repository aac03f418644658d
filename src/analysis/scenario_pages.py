"""The appendix *Scenariofiler*: each scenario file of the build as a reader can read it.

One section per scenario: what it is (title, description, proposer, source), its changes in the
order the engine applies them with every parameter (defaults marked), and the YAML file itself
to download. The files are copied next to the page (`book/bilagor/scenariofiler/`), so a
scenario given with `--scenario` from anywhere is offered too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis import formatting as fmt
from analysis.pipeline.cache import sha256_file
from analysis.pipeline.manifest import rel

PAGE = "scenarier.md"
FILES = "scenariofiler"
SKIPPED = ("typ", "kalla", "kommentar")
PROPOSERS = {
    "majoriteten": "majoriteten",
    "oppositionen": "oppositionen",
    "enighet": "hela styrgruppen",
    "utredningen": "utredningen (jämförelse)",
}


def write_scenario_appendix(root: Path, scenario_files: list[Path]) -> Path:
    """Write `book/bilagor/scenarier.md` and copy the files beside it; returns the page."""
    from analysis.scenarios import load_scenarios

    folder = root / "book" / "bilagor"
    files = folder / FILES
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    scenarios = load_scenarios(scenario_files) if scenario_files else []
    for s in scenarios:
        shutil.copy2(s.path, files / Path(s.path).name)
    page = folder / PAGE
    page.write_text(scenario_appendix(root, scenarios), encoding="utf-8")
    return page


def scenario_appendix(root: Path, scenarios) -> str:
    from analysis.scenarios.schema import CHANGE_LABELS

    lines = [
        "# Scenariofiler",
        "",
        "Kapitlet Förändringar 2021 räknar fram varje förslag ur en scenariofil i YAML. Här står "
        "varje fil som bygget använde: vad scenariot är, dess förändringar i den ordning "
        "scenariomotorn genomför dem och alla parametrar (*standard* = värdet när filen inte "
        "anger något). Hur varje förändring räknas står i bilagan "
        "{doc}`Metod och formler <metod>`.",
        "",
    ]
    if not scenarios:
        lines += ["*Bygget använde inga scenariofiler.*", ""]
    for s in scenarios:
        name = Path(s.path).name
        lines += [
            f"## {s.titel}",
            "",
            _one_line(s.beskrivning),
            "",
            "| Uppgift | Värde |",
            "|---|---|",
            f"| Fil | `{rel(Path(s.path), root)}` |",
            f"| Namn | `{s.namn}` |",
            f"| Förslag av | {PROPOSERS.get(s.forslag_av, s.forslag_av)} |",
            f"| Källa | {_one_line(s.kalla)} |",
            f"| SHA-256 | `{sha256_file(Path(s.path))}` |",
            "",
        ]
        changes = s.ordered_changes()
        if changes:
            lines += ["| Steg | Förändring | Parametrar |", "|---:|---|---|"]
            notes = []
            for k, change in enumerate(changes, start=1):
                lines.append(
                    f"| {k} | {CHANGE_LABELS.get(change.typ, change.typ)} (`{change.typ}`) | {_parameters(change)} |"
                )
                note = " ".join(_one_line(t).rstrip(".") + "." for t in (change.kalla, change.kommentar) if t)
                notes.append(f"{k}. {note}" if note else f"{k}. –")
            lines += ["", "Källa och kommentar per steg:", "", *notes]
        else:
            lines.append("*Scenariot ändrar ingenting (jämförelsebas).*")
        lines += ["", ":::{only} html", f"Ladda ner filen: {{download}}`{name} <{FILES}/{name}>`", ":::", ""]
    return "\n".join(lines) + "\n"


def _parameters(change) -> str:
    explicit = change.model_fields_set
    parts = []
    for key in type(change).model_fields:
        if key in SKIPPED:
            continue
        value = getattr(change, key)
        shown = f"`{key}`: {_value(key, value)}"
        parts.append(shown if key in explicit else f"{shown} *(standard)*")
    return "; ".join(parts) if parts else "–"


def _value(key: str, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        if value and hasattr(value[0], "max_befolkning"):
            return ", ".join(f"högst {fmt.num(b.max_befolkning)} invånare → vikt {fmt.num(b.vikt, 1)}" for b in value)
        return ", ".join(str(v) for v in value)
    if isinstance(value, (int, float)):
        if "andel" in key:
            return fmt.pct(value, 1 if round(value * 100) != value * 100 else 0)
        if key.endswith("_kr"):
            return fmt.mkr(value)
        return fmt.num(value)
    return str(value)


def _one_line(text: object) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")
