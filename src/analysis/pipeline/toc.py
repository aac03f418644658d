"""`_toc.yml`, written from the chapter registry and a skeleton of the other pages.

The skeleton (`book/_toc.skeleton.yml`) lists the parts and every page that is not a chapter;
each chapter of `registry.CHAPTERS` goes first into the part whose caption is its `part` (None:
the untitled part after the title), in the registry's order. jupyter-book reads `_toc.yml` at
the root; the build writes it before rendering, and a test checks that the committed file is
what the registry gives.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis.chapters.registry import CHAPTERS

SKELETON = Path("book") / "_toc.skeleton.yml"
HEADER = (
    "# Written by `python -m analysis build` from the chapter registry and book/_toc.skeleton.yml\n"
    "# (analysis.pipeline.toc): edit those, not this file.\n"
)


def toc(skeleton: dict, chapters=CHAPTERS) -> dict:
    """The skeleton with each chapter's notebook first in its part."""
    parts = [dict(part, chapters=list(part.get("chapters") or [])) for part in skeleton["parts"]]
    by_caption = {part.get("caption"): part for part in parts}
    for chapter in reversed(chapters):
        if chapter.part not in by_caption:
            raise ValueError(f"{chapter.key}: the part '{chapter.part}' is not in {SKELETON}")
        by_caption[chapter.part]["chapters"].insert(0, {"file": chapter.output.removesuffix(".ipynb")})
    return dict(skeleton, parts=parts)


def lists_folder(root: Path, folder: Path) -> bool:
    """Whether the skeleton has a page or glob inside `folder` (e.g. the sheets' folder)."""
    skeleton = yaml.safe_load((root / SKELETON).read_text(encoding="utf-8"))
    prefix = folder.as_posix().rstrip("/") + "/"

    def entries(items):
        for item in items or []:
            yield item.get("file") or item.get("glob") or ""
            yield from entries(item.get("sections"))

    return any(e.startswith(prefix) for part in skeleton["parts"] for e in entries(part.get("chapters")))


def toc_text(root: Path) -> str:
    skeleton = yaml.safe_load((root / SKELETON).read_text(encoding="utf-8"))
    return HEADER + yaml.safe_dump(toc(skeleton), allow_unicode=True, sort_keys=False)


def write_toc(root: Path) -> Path:
    """Write `_toc.yml` (only if its text changes: Sphinx rereads every page when it does)."""
    path = root / "_toc.yml"
    text = toc_text(root)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
