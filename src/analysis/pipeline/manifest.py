"""The build manifest (`_build/manifest.json`): what went in, what came out, with SHA-256.

Two builds from the same inputs give the same `indata` and `utdata`; `verify` compares them.
Everything volatile (date, durations, commit) lives under `bygge`, which verify ignores.
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from importlib import metadata
from pathlib import Path

from analysis.pipeline.cache import sha256_file

#: What a build generates from the data (`verify` rebuilds and compares them): the chapters'
#: tables and figures, and the health-centre sheets' figures, overview and register of every
#: sheet's numbers; not the sheets' pages, whose text has a link to their PDF in a `--pdf` build
#: only (docs/sheets.md).
OUTPUT_FOLDERS = ("book/genererat", "book/halsocentraler")
NOT_COMPARED = ("book/halsocentraler/blad/",)
KEY_PACKAGES = (
    "jupyter-book",
    "papermill",
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "seaborn",
    "statsmodels",
    "scipy",
    "pandera",
    "babel",
    "plotly",
    "sphinx",
    "myst-nb",
)


def package_versions() -> dict[str, str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "saknas"

    return {name: version(name) for name in KEY_PACKAGES}


def git_commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        return out + (" (med ändringar)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "okänd (ingen git)"


def rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def hash_tree(folder: Path, root: Path) -> dict[str, str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return {rel(p, root): sha256_file(p) for p in files}


def build_manifest(
    root: Path,
    dataset_dir: Path,
    input_files: dict[str, str],
    scenario_files: list[Path],
    extra_files: list[Path],
    chapters: list[dict],
    seconds: float,
) -> dict:
    templates = {rel(root / c["mall"], root): sha256_file(root / c["mall"]) for c in chapters}
    return {
        "format": 1,
        "dataset": rel(dataset_dir, root),
        "indata": {
            "dataset": dict(sorted(input_files.items())),
            "scenarier": {rel(p, root): sha256_file(p) for p in scenario_files},
            "mallar": templates,
            "projektfiler": {rel(p, root): sha256_file(p) for p in extra_files if p.exists()},
            "beroenden": sha256_file(root / "requirements.lock") if (root / "requirements.lock").exists() else None,
        },
        "utdata": {
            k: v
            for folder in OUTPUT_FOLDERS
            for k, v in hash_tree(root / folder, root).items()
            if not k.startswith(NOT_COMPARED)
        },
        "kapitel": chapters,
        "bygge": {
            "datum": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "git": git_commit(root),
            "python": platform.python_version(),
            "paket": package_versions(),
            "sekunder": round(seconds, 1),
        },
    }


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)
