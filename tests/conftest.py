"""Shared fixtures. The whole-book build runs once per session, in a temporary copy of the project."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.pipeline.workspace import copy_sources

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"
NBSP = "\u00a0"


def copy_project(dest: Path) -> Path:
    """A fresh copy of the book sources (not the data, not the build) in `dest`."""
    return copy_sources(ROOT, dest)


def copy_built(src: Path, dest: Path) -> Path:
    """A copy of a built project, including `_build` (its links stay relative)."""
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".lock"))
    return dest


def run_cli(root: Path, *args: str, timeout: int = 1200) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=root, capture_output=True, text=True, timeout=timeout
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (following the published links) with its SHA-256."""
    folder = folder.resolve()
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def normalise(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ").replace("\u2212", "-")


def have_chromium() -> bool:
    """Debian's chromium, which prints the PDF book and runs the browser tests."""
    return Path("/usr/bin/chromium").exists()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The project built once from the example data (HTML, plus PDF where Chromium is installed)."""
    root = copy_project(tmp_path_factory.mktemp("bok") / "projekt")
    args = ["build", "--data", str(EXAMPLE), "--quiet"] + (["--pdf"] if have_chromium() else [])
    result = run_cli(root, *args)
    assert result.returncode == 0, f"bygget misslyckades:\n{result.stdout}\n{result.stderr}"
    return root


def drop_centres_from_params(folder: Path, gone: set[str]) -> None:
    """Remove centres that left the dataset from its per-centre parameters (`varden: {hc_id: …}`),
    as an investigator removing a closed centre would."""
    import yaml

    path = folder / "parametrar.yml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))

    def prune(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("varden"), dict):
                for hc_id in gone:
                    node["varden"].pop(hc_id, None)
            for child in node.values():
                prune(child)

    prune(params)
    path.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
