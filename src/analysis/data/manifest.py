"""The dataset manifest (`manifest.yml`): its structure, file checks, hashing and `rehash_manifest`."""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analysis.data.errors import DatasetError, Problem
from analysis.data.schemas import SCHEMAS, SUBSTITUTES, required_tables
from analysis.data.yamlfile import YamlFile, pydantic_problems, read_yaml, syntax_error
from analysis.status import Status

MANIFEST_NAME = "manifest.yml"
DEFAULT_PARAMS = "parametrar.yml"
PARAMS_KEY = "parametrar"
REHASH_COMMAND = "python -m analysis data rehash {path}"
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class TableEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    fil: str
    status: Status
    kalla: str
    licens: str
    sha256: Sha256


class ParamsEntry(BaseModel):
    """`parametrar` as a mapping: the file plus (optionally) its hash and provenance."""

    model_config = ConfigDict(extra="allow")
    fil: str
    status: Status | None = None
    kalla: str | None = None
    sha256: Sha256 | None = None


class Manifest(BaseModel):
    model_config = ConfigDict(extra="allow")
    namn: str
    ar: Annotated[int, Field(strict=True, ge=1990, le=2100)]
    beskrivning: str | None = None
    parametrar: ParamsEntry = ParamsEntry(fil=DEFAULT_PARAMS)
    tabeller: dict[str, TableEntry]

    @field_validator("parametrar", mode="before")
    @classmethod
    def _file_name_only(cls, value):
        return {"fil": value} if isinstance(value, str) else value


def params_file(manifest: dict) -> str | None:
    """The parameter file's name: `parametrar: x.yml` or `parametrar: {fil: x.yml, sha256: …}`."""
    entry = manifest.get("parametrar", DEFAULT_PARAMS)
    if isinstance(entry, dict):
        entry = entry.get("fil")
    return entry if isinstance(entry, str) else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> tuple[YamlFile | None, list[Problem]]:
    """Parse and check the manifest's structure and table names (not the files)."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, [Problem(str(folder), None, None, None, "en mapp med manifest.yml och tabellfiler",
                              "sökvägen är en fil, inte en mapp" if folder.exists() else "mappen finns inte")]
    manifest, problems = read_yaml(folder / MANIFEST_NAME, MANIFEST_NAME)
    if manifest is None:
        return None, problems
    try:
        Manifest.model_validate(manifest.data)
    except ValidationError as exc:
        problems += [_with_rehash_hint(p, folder) for p in pydantic_problems(manifest, exc)]
    tables = manifest.data.get("tabeller")
    if isinstance(tables, dict):
        problems += _table_name_problems(manifest, tables)
    return manifest, problems


def _with_rehash_hint(problem: Problem, folder: Path) -> Problem:
    if problem.column and problem.column.endswith(".sha256"):
        hint = f"; kör `{REHASH_COMMAND.format(path=folder)}` för att fylla i den"
        return Problem(problem.file, problem.row, problem.column, problem.value, problem.expected,
                       problem.message + hint)
    return problem


def _table_name_problems(manifest: YamlFile, tables: dict) -> list[Problem]:
    known = list(SCHEMAS)
    problems = []
    for name in tables:
        if name not in SCHEMAS:
            close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
            hint = f" – menade du '{close[0]}'?" if close else ""
            problems.append(manifest.problem(("tabeller", name), name, "en av: " + ", ".join(known),
                                             f"okänd tabell '{name}'{hint}"))
    for name in required_tables():
        if name not in tables and SUBSTITUTES.get(name) not in tables:
            problems.append(manifest.problem(("tabeller",), name, "alla tabeller i datakontraktet",
                                             f"tabellen '{name}' saknas i manifestet"))
    return problems


def file_problems(folder: Path, manifest: YamlFile, table: str) -> list[Problem]:
    """The table's file exists and its bytes match the manifest's sha256."""
    entry = manifest.data["tabeller"][table]
    if not isinstance(entry, dict) or not isinstance(entry.get("fil"), str):
        return []
    path = Path(folder) / entry["fil"]
    if not inside(folder, path):
        return [manifest.problem(("tabeller", table, "fil"), entry["fil"], "en fil i datamängdens mapp",
                                 f"filen '{entry['fil']}' ligger utanför datamängdens mapp")]
    if path.is_dir():
        return [manifest.problem(("tabeller", table, "fil"), entry["fil"], "en fil i datamängdens mapp",
                                 f"'{entry['fil']}' för tabellen '{table}' är en mapp, inte en fil; "
                                 "ange filen i mappen, t.ex. '" + Path(entry["fil"]).as_posix().rstrip("/")
                                 + "/<fil>.csv'")]
    if not path.is_file():
        return [manifest.problem(("tabeller", table, "fil"), entry["fil"], "en fil i datamängdens mapp",
                                 f"filen '{entry['fil']}' för tabellen '{table}' finns inte")]
    return hash_problems(folder, manifest, ("tabeller", table))


def inside(folder: Path, path: Path) -> bool:
    """The dataset is self-contained: its files lie in its folder (or below)."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def hash_problems(folder: Path, manifest: YamlFile, key: tuple) -> list[Problem]:
    """The file of the entry at `key` has the sha256 recorded there (if one is recorded)."""
    entry = _get(manifest.data, key)
    recorded = entry.get("sha256") if isinstance(entry, dict) else None
    if not isinstance(recorded, str) or len(recorded) != 64:
        return []  # missing or malformed: reported by the structure check
    path = Path(folder) / entry["fil"]
    actual = sha256_of(path)
    if actual == recorded.lower():
        return []
    command = REHASH_COMMAND.format(path=folder)
    return [manifest.problem(
        key + ("sha256",), actual, f"sha256 {recorded[:12]}… enligt manifestet",
        f"filen '{entry['fil']}' har ändrats efter att manifestet skrevs (sha256 {actual[:12]}…); "
        f"är ändringen avsiktlig, kör `{command}`")]


def _get(data, key: tuple):
    for part in key:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def rehash_manifest(folder: str | Path) -> dict[str, str]:
    """Rewrite the sha256 of every table file in manifest.yml; return {table: new sha256} changed.

    The parameter file is rehashed too when `parametrar` is a mapping (key `parametrar` in the result).

    Only the hash values are replaced in the text, so comments and layout stay as they were.
    A table entry without a sha256 line gets one after its last key. If the text cannot be edited
    in place (e.g. flow-style mappings without sha256), the manifest is rewritten with yaml.safe_dump.
    """
    path = Path(folder) / MANIFEST_NAME
    text, data = _manifest_to_rehash(Path(folder))
    entries = dict(data.get("tabeller") or {})
    if isinstance(data.get("parametrar"), dict):
        entries[PARAMS_KEY] = data["parametrar"]
    hashes = _current_hashes(Path(folder), entries)
    changed = {t: h for t, h in hashes.items() if entries[t].get("sha256") != h}
    if not changed:
        return {}
    new_text = _edit_hashes(text, changed)
    for name, digest in changed.items():
        entries[name]["sha256"] = digest
    if new_text is None or yaml.safe_load(new_text) != data:
        new_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        path.write_text(new_text, encoding="utf-8")
    except OSError as exc:
        reason = "filen eller mappen är skrivskyddad" if isinstance(exc, PermissionError) else (
            exc.strerror or str(exc))
        raise DatasetError([Problem(MANIFEST_NAME, None, None, None, "en fil som går att skriva",
                                    f"kan inte skriva de nya kontrollsummorna: {reason}")], str(folder)) from exc
    return changed


def _manifest_to_rehash(folder: Path) -> tuple[str, dict]:
    """The manifest's text and data; a Swedish DatasetError if the folder or file is missing or broken."""
    def fail(message: str, expected: str | None = None, row: int | None = None) -> DatasetError:
        return DatasetError([Problem(MANIFEST_NAME, row, None, None, expected, message)], str(folder))

    if not folder.is_dir():
        raise fail("mappen finns inte" if not folder.exists() else "sökvägen är en fil, inte en mapp",
                   "en datamängds mapp med manifest.yml")
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise fail("manifest.yml saknas i mappen", "en manifest.yml som listar tabellerna")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"filen går inte att läsa ({getattr(exc, 'strerror', None) or exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        row, reason = syntax_error(exc)
        raise fail(f"filen är inte giltig YAML: {reason}", "giltig YAML", row) from exc
    if not isinstance(data, dict):
        raise fail("filen är tom eller saknar nycklar", "en mappning (nyckel: värde) överst")
    return text, data


def _current_hashes(folder: Path, tables: dict) -> dict[str, str]:
    return {name: sha256_of(folder / entry["fil"]) for name, entry in tables.items()
            if isinstance(entry, dict) and isinstance(entry.get("fil"), str)
            and (folder / entry["fil"]).is_file()}


def _edit_hashes(text: str, changed: dict[str, str]) -> str | None:
    root = yaml.compose(text)
    tables = _mapping_value(root, "tabeller")
    if tables is None:
        return None
    entries = list(tables.value)
    params = _mapping_value(root, PARAMS_KEY)
    if isinstance(params, yaml.MappingNode):
        entries.append((yaml.ScalarNode("tag:yaml.org,2002:str", PARAMS_KEY), params))
    edits: list[tuple[int, int, str]] = []
    for key, entry in entries:
        if key.value not in changed or not isinstance(entry, yaml.MappingNode):
            continue
        digest = changed[key.value]
        value = _mapping_value(entry, "sha256")
        if value is not None:
            edits.append((value.start_mark.index, value.end_mark.index, digest))
        elif entry.flow_style or not entry.value:
            return None
        else:
            edits.append(_insert_after_last_key(text, entry, digest))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _mapping_value(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if k.value == key:
            return v
    return None


def _insert_after_last_key(text: str, entry: yaml.MappingNode, digest: str) -> tuple[int, int, str]:
    indent = " " * entry.value[0][0].start_mark.column
    last_value = entry.value[-1][1]
    line_end = text.find("\n", last_value.end_mark.index)
    at = len(text) if line_end == -1 else line_end
    return at, at, f"\n{indent}sha256: {digest}"
