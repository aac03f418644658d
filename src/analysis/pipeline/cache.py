"""Content-hash cache for chapter execution.

A chapter's key hashes everything its executed notebook depends on: the template's code cells
(its markdown is merged in without running, `analysis.pipeline.prose`), the source
of the package modules it uses (and the data loader every chapter uses), the bytes of its input
tables and of the parameter file, its notebook parameters (with file paths replaced by the files'
contents) and the locked dependency versions. Timestamps play no part.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import analysis
from analysis.pipeline.prose import code_digest

COMMON_MODULES = ("analysis.data", "analysis.params", "analysis.chapter", "analysis.formatting", "analysis.register")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def module_files(module: str) -> list[Path]:
    """The .py files of a module or subpackage of `analysis`, sorted."""
    pkg_root = Path(analysis.__file__).parent
    rel = Path(*module.split(".")[1:])
    as_dir, as_file = pkg_root / rel, (pkg_root / rel).with_suffix(".py")
    files: list[Path] = []
    if as_dir.is_dir():
        files += sorted(as_dir.rglob("*.py"))
    if as_file.is_file():
        files.append(as_file)
    return files


def modules_digest(modules: tuple[str, ...]) -> dict[str, str]:
    pkg_root = Path(analysis.__file__).parent
    digest = {}
    for module in sorted(set(modules) | set(COMMON_MODULES)):
        for path in module_files(module):
            digest[path.relative_to(pkg_root).as_posix()] = sha256_file(path)
    return digest


def chapter_key(
    template: Path,
    modules: tuple[str, ...],
    inputs: dict[str, str],
    parameters: dict,
    lockfile: Path | None,
) -> tuple[str, dict]:
    """The cache key of a chapter run and the record it was computed from."""
    record = {
        "template": code_digest(template),
        "modules": modules_digest(modules),
        "inputs": dict(sorted(inputs.items())),
        "parameters": parameters,
        "lock": sha256_file(lockfile) if lockfile and lockfile.exists() else None,
    }
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    return sha256_bytes(blob), record
