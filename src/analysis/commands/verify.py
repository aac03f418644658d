"""`python -m analysis verify`: rebuild in a temporary folder and compare with the published book.

An auditor's one command. It reports, by file, (1) inputs that changed since the book was built
and (2) tables and figures whose bytes a fresh build from the current inputs does not reproduce.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from analysis.pipeline.build import BuildError, BuildOptions, build
from analysis.pipeline.cache import sha256_file
from analysis.pipeline.workspace import copy_sources


def verify(root: Path, keep: bool = False) -> int:
    manifest_path = root / "_build" / "manifest.json"
    if not manifest_path.exists():
        print("Det finns ingen publicerad bok att verifiera (saknar _build/manifest.json). Kör först: make book")
        return 2
    published = json.loads(manifest_path.read_text(encoding="utf-8"))
    changed_inputs = changed_input_files(root, published)
    try:
        rebuilt = rebuild(root, published, keep)
    except BuildError as err:
        differing = [f"ett nytt bygge från dagens indata misslyckades:\n{err}"]
    else:
        differing = compare_outputs(published["utdata"], rebuilt["utdata"])
    return report(changed_inputs, differing, len(published["utdata"]))


def changed_input_files(root: Path, manifest: dict) -> list[str]:
    dataset_dir = _resolve(root, manifest["dataset"])
    changes = []
    groups = manifest["indata"]
    for name, sha in groups["dataset"].items():
        changes += _check(dataset_dir / name, sha, f"{manifest['dataset']}/{name}")
    for name, sha in {**groups["scenarier"], **groups["mallar"], **groups.get("projektfiler", {})}.items():
        changes += _check(_resolve(root, name), sha, name)
    return changes


def _check(path: Path, sha: str, shown: str) -> list[str]:
    if not path.exists():
        return [f"{shown}: filen saknas"]
    now = sha256_file(path)
    return [] if now == sha else [f"{shown}: ändrad (SHA-256 {now[:12]}… i stället för {sha[:12]}…)"]


def rebuild(root: Path, manifest: dict, keep: bool) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="halsoval-verify-"))
    try:
        copy_sources(root, tmp)
        extra = [_resolve(root, s) for s in manifest["indata"]["scenarier"] if not s.startswith("scenarios/")]
        print(f"Bygger om boken i {tmp} …")
        build(
            BuildOptions(
                root=tmp, data_dir=_resolve(root, manifest["dataset"]), scenario_files=extra, force=True, quiet=True
            )
        )
        return json.loads((tmp / "_build" / "manifest.json").read_text(encoding="utf-8"))
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def compare_outputs(published: dict[str, str], rebuilt: dict[str, str]) -> list[str]:
    def problem(name: str) -> str | None:
        if name not in rebuilt:
            return f"{name}: finns i den publicerade boken men skapades inte nu"
        if name not in published:
            return f"{name}: skapades nu men finns inte i den publicerade boken"
        return f"{name}: innehållet skiljer sig" if published[name] != rebuilt[name] else None

    return [p for name in sorted(set(published) | set(rebuilt)) if (p := problem(name))]


def report(changed_inputs: list[str], differing: list[str], n_outputs: int) -> int:
    for title, lines in (
        ("Indata har ändrats sedan boken byggdes:", changed_inputs),
        ("Tabeller och figurer som inte återskapas av ett nytt bygge:", differing),
    ):
        if lines:
            print("\n  ".join([title, *lines]))
    if changed_inputs or differing:
        print("Verifieringen misslyckades.")
        return 1
    print(
        f"Verifieringen lyckades: alla {n_outputs} tabeller och figurer återskapades byte för byte, "
        "och inga indata har ändrats."
    )
    return 0


def _resolve(root: Path, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else root / path
