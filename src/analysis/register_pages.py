"""The book's register of numbers: collected from the chapters, published, and shown.

Each chapter's run writes `<output_dir>/sifferregister.json` (`analysis.register`). The build
collects them, adds the section of the chapter where each number appears (read from the executed
notebook) and the scenario files with their checksums, writes the appendix page
*Sifferregister* before rendering, and after rendering publishes `sifferregister.json` and
`sifferregister.csv` in the HTML book beside a copy of `manifest.json`.
"""

from __future__ import annotations

import csv
import importlib
import inspect
import io
import json
import re
import shutil
from pathlib import Path

from analysis.pipeline.cache import sha256_file
from analysis.pipeline.manifest import rel
from analysis.register import REGISTER_FILE, SCENARIOS, anchor

GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`([\w-]+)(?::\w+)?`")
CHAPTER_IMPORT = re.compile(r"from analysis\.chapters import (\w+) as kapitel")
#: A glued number read in code: `g["key"]`, `g.get("key")` (the chapters' dict of glued texts).
GLUED_READ = re.compile(r"\bg(?:\[|\.get\()['\"]([\w-]+)['\"]")


def collect(root: Path, chapters, scenarios: list[Path]) -> list[dict]:
    """Every registered number of the chapters, in book order, with sections and scenario files."""
    scenario_inputs = [
        {"typ": "scenariofil", "namn": p.stem, "fil": rel(p, root), "sha256": sha256_file(p)} for p in scenarios
    ]
    entries = []
    for chapter in chapters:
        path = root / chapter.output_dir / REGISTER_FILE
        if not path.exists():
            continue
        sections = glue_sections(root / chapter.output) if (root / chapter.output).exists() else {}
        for e in json.loads(path.read_text(encoding="utf-8")):
            e = dict(e, kapitel_titel=chapter.title, avsnitt=sections.get(e["nyckel"], []))
            inputs = []
            for item in e["indata"]:
                inputs += scenario_inputs if item["typ"] == SCENARIOS else [item]
            e["indata"] = inputs
            entries.append(e)
    return entries


def write_appendix(root: Path, chapters, scenarios: list[Path]) -> list[dict]:
    """Write the appendix page (book/bilagor/sifferregister.md); return its entries."""
    numbers = collect(root, chapters, scenarios)
    (root / "book" / "bilagor" / "sifferregister.md").write_text(appendix(numbers), encoding="utf-8")
    return numbers


def glue_sections(notebook: Path) -> dict[str, list[str]]:
    """For each glue key, the sections (headings) of the notebook where the prose shows it; a
    number used only in a figure or table text gets the section of that code cell."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    heading, shown, captions, module = "", {}, {}, None
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            for line in text.splitlines():
                m = re.match(r"#{1,6}\s+(.*)", line)
                if m:
                    heading = GLUE_ROLE.sub(r"\1", m.group(1)).strip()
                for key in GLUE_ROLE.findall(line):
                    _add(shown, key, heading)
        elif cell["cell_type"] == "code":
            module = module or CHAPTER_IMPORT.search(text)
            for key in caption_keys(text, module.group(1) if module else None):
                _add(captions, key, f"{heading} (figur- eller tabelltext)")
    for key, where in captions.items():
        shown.setdefault(key, where)
    return shown


def caption_keys(code: str, chapter: str | None) -> set[str]:
    """The glued numbers a code cell puts into a figure or table text: read in the cell itself or
    in the chapter module's functions it calls (`kapitel.figure_x(ch, k)`), including the
    properties of the chapter's data those functions use (`k.limits`)."""
    keys = set(GLUED_READ.findall(code))
    if chapter is None:
        return keys
    module = importlib.import_module(f"analysis.chapters.{chapter}")
    for name in re.findall(r"\bkapitel\.(\w+)\(", code):
        func = getattr(module, name, None)
        if not callable(func):
            continue
        source = inspect.getsource(func)
        keys |= set(GLUED_READ.findall(source))
        for attr in set(re.findall(r"\bk\.(\w+)", source)):
            for cls in [v for v in vars(module).values() if isinstance(v, type)]:
                prop = getattr(cls, attr, None)
                if isinstance(prop, property):
                    keys |= set(GLUED_READ.findall(inspect.getsource(prop.fget)))
    return keys


def _add(found: dict, key: str, section: str) -> None:
    found.setdefault(key, [])
    if section not in found[key]:
        found[key].append(section)


def to_csv(entries: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["namn", "kapitel", "avsnitt", "varde", "enhet", "funktion", "indata"])
    for e in entries:
        inputs = " | ".join(
            f"{i['typ']}:{i['namn']} ({i.get('fil') or '–'}, sha256 {i.get('sha256') or '–'})" for i in e["indata"]
        )
        writer.writerow(
            [e["namn"], e["kapitel"], " / ".join(e["avsnitt"]), e["varde"], e["enhet"], e["funktion"] or "", inputs]
        )
    return out.getvalue()


def publish_files(entries: list[dict], release: Path) -> None:
    """Write the register and a copy of the manifest into the release's HTML book."""
    html = release / "html"
    (html / "sifferregister.json").write_text(
        json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (html / "sifferregister.csv").write_text(to_csv(entries), encoding="utf-8-sig")
    if (release / "manifest.json").exists():
        shutil.copy2(release / "manifest.json", html / "manifest.json")


def appendix(entries: list[dict]) -> str:
    """The appendix page: the numbers grouped by chapter, each with an anchor the prose links to."""
    lines = [
        "# Sifferregister",
        "",
        "Varje tal som står i bokens text eller i en figur- eller tabelltext är räknat av en funktion "
        "i paketet `analysis` ur datamängdens tabeller och parameterfil. Här står varje tal med sitt "
        "namn, värdet som det visas, enheten och avsnittet där det står, ordnat efter funktionen som "
        "räknade ut det och dess indata; kontrollsummorna står sist. Talen i texten länkar hit; "
        "håll pekaren över ett tal för att se dess namn.",
        "",
        ":::{only} html",
        'Registret finns också maskinläsbart: <a href="../../sifferregister.json">sifferregister.json</a> '
        'och <a href="../../sifferregister.csv">sifferregister.csv</a> (semikolonseparerad, UTF-8), bredvid '
        'byggets <a href="../../manifest.json">manifest.json</a>.',
        ":::",
        "",
    ]
    for numbers in _grouped(entries, "kapitel").values():
        lines += [f"## {numbers[0]['kapitel_titel']}", ""]
        for function, group in _grouped(numbers, "funktion").items():
            short = ".".join(function.split(".")[-2:]) if function else "Okänd funktion"
            lines += [f"### {short}", "", f"Beräknat av `{function}`.", ""]
            for inputs, same in _grouped([dict(e, _in=_inputs(e["indata"])) for e in group], "_in").items():
                lines += [f"Indata: {inputs}.", ""]
                for e in same:
                    where = " · ".join(f"*{s}*" for s in e["avsnitt"] if s) or "*visas inte i texten*"
                    lines += [
                        f"({anchor(e['kapitel'], e['nyckel'])})=",
                        f"`{e['namn']}`",
                        f": **{_md(e['varde'])}** ({e['enhet']}) · {where}",
                        "",
                    ]
    return "\n".join(lines + _checksums(entries)) + "\n"


def _grouped(entries: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for e in entries:
        groups.setdefault(e[key], []).append(e)
    return groups


def _inputs(items: list[dict]) -> str:
    if not items:
        return "**inga angivna**"
    words = {"tabell": "tabell", "parameter": "parameter", "scenariofil": "scenariofil"}
    return ", ".join(f"{words.get(i['typ'], i['typ'])} `{i['namn']}`" for i in items)


def _checksums(entries: list[dict]) -> list[str]:
    files = {}
    for e in entries:
        for i in e["indata"]:
            if i.get("fil"):
                files[i["fil"]] = i.get("sha256") or "–"
    lines = [
        "## Indata och kontrollsummor",
        "",
        "Filerna som talen ovan bygger på, med kontrollsummorna i datamängdens manifest "
        "(scenariofilerna: byggets egna).",
        "",
        "| Fil | SHA-256 |",
        "|---|---|",
    ]
    return lines + [f"| `{name}` | `{sha}` |" for name, sha in sorted(files.items())] + [""]


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", str(text)).replace("\n", " ")


def audit_section() -> list[str]:
    """Lines for the appendix Reproducerbarhet: the published audit files and how to check a copy."""
    return [
        "",
        "## Granska och kontrollera en kopia",
        "",
        "Byggets manifest listar varje indatafil, mall och genererad fil med SHA-256; "
        "sifferregistret listar varje tal i texten med funktionen som räknade ut det och dess "
        "indata (bilagan {doc}`Sifferregister <sifferregister>`).",
        "",
        ":::{only} html",
        'Filerna publiceras med boken: <a href="../../manifest.json">manifest.json</a>, '
        '<a href="../../sifferregister.json">sifferregister.json</a> och '
        '<a href="../../sifferregister.csv">sifferregister.csv</a>.',
        ":::",
        "",
        "Så kontrollerar du att en kopia av boken stämmer: hämta projektet i den git-version som "
        "står ovan, lägg datamängden på samma plats och bokens `manifest.json` som "
        "`_build/manifest.json`, och kör",
        "",
        "```bash",
        "python -m analysis verify",
        "```",
        "",
        "Kommandot bygger om boken i en tillfällig mapp och jämför kontrollsummorna för indata "
        "och genererade filer med `_build/manifest.json`; det skriver vilka filer som skiljer sig.",
    ]
