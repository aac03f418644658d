"""Content-hash cache for chapter execution.

A chapter's key hashes everything its executed notebook depends on: the template's code cells
(its markdown is merged in without running, `analysis.pipeline.prose`), every source file of the
`analysis` package (all of it, so no list of modules can miss one), the bytes of its input tables
and of the parameter file, its notebook parameters (with file paths replaced by the files'
contents) and the locked dependency versions. Timestamps play no part.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import analysis
from analysis.pipeline.prose import code_digest


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_digest(package_dir: Path | None = None) -> str:
    """SHA-256 over every file of the `analysis` package (names and bytes; caches excluded)."""
    root = package_dir or Path(analysis.__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(sha256_file(path).encode())
    return h.hexdigest()


def chapter_key(
    template: Path,
    inputs: dict[str, str],
    parameters: dict,
    lockfile: Path | None,
    package: str | None = None,
) -> str:
    """The cache key of a chapter run (`package`: a `package_digest`, computed once per build)."""
    record = {
        "template": code_digest(template),
        "package": package or package_digest(),
        "inputs": dict(sorted(inputs.items())),
        "parameters": parameters,
        "lock": sha256_file(lockfile) if lockfile and lockfile.exists() else None,
    }
    return sha256_bytes(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
