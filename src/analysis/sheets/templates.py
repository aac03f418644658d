"""The sheets' templates (kept light: the build hashes them for its render key in every build)."""

from __future__ import annotations

import hashlib
from pathlib import Path

FOLDER = Path("book") / "halsocentraler"  # the sheets' pages, figures and register (a build product)
PDF_FOLDER = "halsocentralsblad"  # the sheets' one-page PDFs, in the HTML book (`build --pdf`)
SHEET = "notebooks/halsocentralsblad.md.jinja"
OVERVIEW = "notebooks/halsocentraler-oversikt.md.jinja"
TEMPLATES = (SHEET, OVERVIEW)


def templates_digest(root: Path) -> str:
    """The templates' bytes (part of the build's render key: a template edit re-renders)."""
    h = hashlib.sha256()
    for name in TEMPLATES:
        h.update((root / name).read_bytes())
    return h.hexdigest()
