"""Render the executed notebooks with jupyter-book, from a staged copy of the book sources
(`_build/.staging/<id>/src`), so that the build never touches the sources and HTML (code behind a
click) and the PDF's single-page render (printed by `analysis.pdf`) may differ. See docs/builds.md, *Rendering*."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

MARKER = "ofullstandig"  # in a kept folder while Sphinx works in it


class BookBuildError(RuntimeError):
    """jupyter-book failed; the message holds the tail of its log."""


def stage_sources(root: Path, staging: Path, builder: str) -> Path:
    src = staging / f"src-{builder}"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(root / "book", src / "book", ignore=shutil.ignore_patterns("*.running.ipynb"))
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(root / name, src / name)
    if builder == "html":
        for path in (src / "book").rglob("*.ipynb"):
            _code_behind_a_click(path)
    _bundle_plotly(src / "book" / "_static")
    return src


def _bundle_plotly(static: Path) -> None:
    """Ship plotly.js with the book so interactive figures work offline."""
    from plotly.offline import get_plotlyjs

    static.mkdir(parents=True, exist_ok=True)
    (static / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")


def _code_behind_a_click(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and "remove-input" in tags:
            cell.metadata["tags"] = [("hide-input" if t == "remove-input" else t) for t in tags]
    nbformat.write(nb, path)


def render_html(staged: Path, kept: Path, log: Path) -> Path:
    """Render `staged` as HTML in the folder kept between builds; return the HTML folder.

    The staged sources are copied into `kept/src` file by file, and only files whose bytes differ
    are written, so unchanged pages keep their modification time and Sphinx's own incremental
    build neither reads nor writes them again (unless a heading they show changed: `analysis.sphinx_ext.nav`).
    A marker covers the run: after a failed or killed render the next build starts from scratch.
    """
    marker = kept / MARKER
    if marker.exists():
        shutil.rmtree(kept)
    _sync_tree(staged, kept / "src")
    marker.touch()
    result = run_jupyter_book(kept / "src", kept / "out", "html", log)
    marker.unlink()
    return result


def _sync_tree(src: Path, dest: Path) -> None:
    """Make `dest` a copy of `src`, writing only the files whose bytes differ."""
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for path in sorted(dest.rglob("*")) if dest.exists() else ():
        if path.is_file() and path.relative_to(dest) not in wanted:
            path.unlink()
    for name in sorted(wanted):
        data = (src / name).read_bytes()
        target = dest / name
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def run_jupyter_book(src: Path, out: Path, builder: str, log: Path) -> Path:
    """`jupyter-book build` of `src` (its own command line, in a process of its own); return the
    folder with the result. Its output goes to `log`; on failure the error quotes its tail."""
    log.parent.mkdir(parents=True, exist_ok=True)
    cli = Path(sys.executable).with_name("jupyter-book")  # the one installed beside this Python
    cmd = [
        str(cli) if cli.exists() else "jupyter-book",
        "build",
        str(src),
        "--path-output",
        str(out),
        "--builder",
        builder,
    ]
    if builder not in ("html", "latex", "pdflatex", "linkcheck", "dirhtml"):  # not one of jupyter-book's own
        cmd[-1:] = ["custom", "--custom-builder", builder]
    with open(log, "w", encoding="utf-8") as fh:
        code = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT).returncode
    result = out / "_build" / builder
    if code != 0 or not result.exists():
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise BookBuildError(f"jupyter-book ({builder}) misslyckades; logg: {log}\n{tail}")
    return result
