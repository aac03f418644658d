r"""Render the executed notebooks with jupyter-book, from a staged copy of the book sources.

The book is built from a copy (`_build/.staging/<id>/src`) so that nothing the build does can
touch the sources, and so that HTML and PDF can differ where they must:

- HTML: the code of each cell is hidden behind a click (for auditors); in the PDF it is removed.
- PDF: part pages and table layouts that Sphinx's LaTeX writer cannot make by itself
  (`analysis.pipeline.latex`).

The HTML is rendered in a folder kept between builds (`render_kept`), so that Sphinx reads again
only the pages whose sources changed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from analysis.pipeline.latex import prepare_for_latex

BOOK_FILES = ("_config.yml", "_toc.yml")
BOOK_DIRS = ("book",)


class BookBuildError(RuntimeError):
    """jupyter-book failed; the message holds the tail of its log."""


def stage_sources(root: Path, staging: Path, builder: str) -> Path:
    src = staging / f"src-{builder}"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy2(root / name, src / name)
    for name in BOOK_DIRS:
        shutil.copytree(root / name, src / name, ignore=shutil.ignore_patterns("*.running.ipynb"))
    if builder == "html":
        for path in (src / "book").rglob("*.ipynb"):
            _code_behind_a_click(path)
    else:
        prepare_for_latex(src)
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


def render_kept(staged: Path, kept: Path, book: JupyterBook) -> Path:
    """Render `staged` (HTML) in `kept`, a folder kept between builds; return the HTML folder.

    The staged sources are copied into `kept/src` file by file, and only files whose bytes
    differ are written, so unchanged pages keep their modification time and Sphinx does not read
    them again (nor write them, unless a heading they show changed: `sphinx_nav`). A marker
    covers the run: after a failed or killed run the next build starts from scratch.
    """
    marker = kept / "ofullstandig"
    if marker.exists():
        shutil.rmtree(kept)
    _sync_tree(staged, kept / "src")
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    result = book.build(kept / "src", kept / "out", "html")
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


#: Run by the `JupyterBook` process: import what a build needs, then wait for the arguments.
_PRELOAD = """
import importlib, json, sys
for name in ("jupyter_book.cli.main", "sphinx.application", "sphinx.builders.html", "myst_nb.sphinx_ext",
             "sphinx_book_theme", "sphinx_design", "sphinxcontrib.bibtex", "sphinx_external_toc"):
    try:
        importlib.import_module(name)
    except Exception:
        pass  # only warming up; the build itself reports what is missing
line = sys.stdin.readline()
if line:  # no line: the build that started us stopped without rendering
    from jupyter_book.cli.main import main
    main(json.loads(line), prog_name="jupyter-book")
"""


class JupyterBook:
    """One `jupyter-book build`, in a process that may be started before it is needed.

    Importing Sphinx, myst-nb and the theme takes one to two seconds. A build starts the HTML
    process when chapters begin to run, so the imports use a core the chapters leave idle; the
    process then waits for its arguments on standard input (and exits if the build dies).
    """

    def __init__(self, log: Path):
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = log
        with open(log, "w", encoding="utf-8") as fh:
            self._proc = subprocess.Popen([sys.executable, "-c", _PRELOAD], stdin=subprocess.PIPE,
                                          stdout=fh, stderr=subprocess.STDOUT, text=True)

    def build(self, src: Path, out: Path, builder: str) -> Path:
        """Build `src` into `out`; return the folder with the result."""
        args = ["build", str(src), "--path-output", str(out), "--builder", builder]
        self._proc.communicate(json.dumps(args) + "\n")
        result = out / "_build" / ("html" if builder == "html" else "latex")
        if self._proc.returncode != 0 or not result.exists():
            tail = "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
            raise BookBuildError(f"jupyter-book ({builder}) misslyckades; logg: {self.log}\n{tail}")
        return result

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()

    def __enter__(self) -> "JupyterBook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_jupyter_book(src: Path, out: Path, builder: str, log: Path) -> Path:
    """Build `src` with jupyter-book now; return the folder with the result."""
    with JupyterBook(log) as book:
        return book.build(src, out, builder)


def find_pdf(latex_dir: Path) -> Path:
    pdfs = sorted(latex_dir.glob("*.pdf"))
    if not pdfs:
        raise BookBuildError(f"ingen PDF skapades i {latex_dir}")
    return pdfs[0]
