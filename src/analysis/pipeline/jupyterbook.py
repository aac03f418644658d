r"""Render the executed notebooks with jupyter-book, from a staged copy of the book sources.

The book is built from a copy (`_build/.staging/<id>/src`) so that nothing the build does can
touch the sources, and so that HTML and PDF can differ where they must:

- HTML: the code of each cell is hidden behind a click (for auditors); in the PDF it is removed.
- PDF: the book is rendered as one page (Sphinx's `singlehtml` builder) and printed by
  `analysis.pipeline.pdf`.

The HTML is rendered in a folder kept between builds (`KeptHtml`), so that Sphinx reads again
only the pages whose sources changed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import nbformat

from analysis.pipeline.cache import sha256_file

BOOK_FILES = ("_config.yml", "_toc.yml")
BOOK_DIRS = ("book",)
PAGE_SUFFIXES = (".md", ".ipynb")
GENERATED_DIR = "book/genererat/"  # the chapters' figures and tables
MARKER = "ofullstandig"  # in a kept folder while Sphinx works in it
KEPT_ENVIRONMENT = Path("out", "_build", ".doctrees", "environment.pickle")
WARM_UP_NICENESS = 10  # `nice` of the jupyter-book process until it is told to build


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


class KeptHtml:
    """The HTML render, in a folder kept between builds (`_build/.cache/sphinx-html`).

    The staged sources are copied into `kept/src` file by file, and only files whose bytes
    differ are written, so unchanged pages keep their modification time and Sphinx does not read
    them again (nor write them, unless a heading they show changed: `sphinx_nav`). A marker
    covers the run: after a failed or killed run the next build starts from scratch.

    A build creates it when chapters begin to run. If the folder holds a finished render, Sphinx
    itself starts at once (configuration, extensions, the kept environment) and builds when
    `render` is called. Sphinx reads at start-up only the configuration and which files exist;
    if either differs once the new sources are in place, the early start is thrown away and
    Sphinx starts afresh.
    """

    def __init__(self, kept: Path, log: Path, start: Callable[..., JupyterBook] | None = None):
        self.kept, self.log = kept, log
        self._start = start or JupyterBook
        if (kept / MARKER).exists():
            shutil.rmtree(kept)
        early = (kept / KEPT_ENVIRONMENT).exists()
        self._seen = _startup_inputs(kept / "src") if early else None
        self._book = self._start(log, kept / "src", kept / "out", "html", sphinx_early=early)

    def render(self, staged: Path) -> Path:
        """Render `staged` (HTML); return the HTML folder."""
        _sync_tree(staged, self.kept / "src")
        if self._seen is not None and not self._early_start_holds():
            self._book.close()  # Sphinx must start from the new sources
            self._book = self._start(self.log, self.kept / "src", self.kept / "out", "html")
        marker = self.kept / MARKER
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        result = self._book.build()
        marker.unlink()
        return result

    def _early_start_holds(self) -> bool:
        """Sphinx, started early, is still waiting and saw what a start now would see."""
        return self._book.waiting() and _startup_inputs(self.kept / "src") == self._seen

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> "KeptHtml":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _startup_inputs(src: Path) -> dict[str, str]:
    """What Sphinx reads when it starts: every file's name (with `only_build_toc_files` it
    excludes the pages the table of contents does not list) and the content of the files that
    are not pages or chapter output (configuration, table of contents, static files)."""
    inputs = {}
    for path in sorted(src.rglob("*")) if src.exists() else ():
        if path.is_file():
            name = path.relative_to(src).as_posix()
            read_later = path.suffix in PAGE_SUFFIXES or name.startswith(GENERATED_DIR)
            inputs[name] = "" if read_later else sha256_file(path)
    return inputs


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


#: Run by the `JupyterBook` process: import what a build needs, start Sphinx if asked, then wait.
_PRELOAD = """
import importlib, json, os, sys
args, sphinx_early, nice = json.loads(sys.argv[1]), sys.argv[2] == "sphinx", int(sys.argv[3])
priority = os.getpriority(os.PRIO_PROCESS, 0)
os.nice(nice)  # warming up must not take a core from the chapters running meanwhile
for name in ("jupyter_book.cli.main", "sphinx.application", "sphinx.builders.html", "myst_nb.sphinx_ext",
             "sphinx_book_theme", "sphinx_design", "sphinxcontrib.bibtex", "sphinx_external_toc"):
    try:
        importlib.import_module(name)
    except Exception:
        pass  # only warming up; the build itself reports what is missing

def wait_for_go():
    if sys.stdin.readline().strip() != "go":
        os._exit(0)  # the build that started us stopped without rendering
    try:
        os.setpriority(os.PRIO_PROCESS, 0, priority)
    except OSError:
        pass  # only a privileged user may raise a priority again; the render then runs niced

if sphinx_early:
    from sphinx.application import Sphinx
    build = Sphinx.build
    def build_when_told(self, *a, **kw):
        wait_for_go()
        return build(self, *a, **kw)
    Sphinx.build = build_when_told
else:
    wait_for_go()
from jupyter_book.cli.main import main
try:
    main(args, prog_name="jupyter-book")
    status = 0
except SystemExit as end:
    status = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    if isinstance(end.code, str):
        print(end.code, file=sys.stderr)
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)  # the book is written; tearing down Sphinx's objects would only cost time
"""


class JupyterBook:
    """One `jupyter-book build`, in a process that may be started before it is needed.

    Importing Sphinx, myst-nb and the theme takes one to two seconds, and starting Sphinx on a
    kept environment (`sphinx_early`) another half second. A build starts the HTML process when
    chapters begin to run, so this work uses a core the chapters leave idle; the process then
    waits for "go" on standard input (and exits if the build dies).
    """

    def __init__(self, log: Path, src: Path, out: Path, builder: str, sphinx_early: bool = False):
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = log
        self.result = out / "_build" / builder
        self.builder = builder
        args = ["build", str(src), "--path-output", str(out), "--builder", builder]
        if builder not in ("html", "latex", "pdflatex", "linkcheck", "dirhtml"):  # jupyter-book's own
            args[-1:] = ["custom", "--custom-builder", builder]
        with open(log, "w", encoding="utf-8") as fh:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _PRELOAD, json.dumps(args), "sphinx" if sphinx_early else "import",
                 str(WARM_UP_NICENESS)],
                stdin=subprocess.PIPE, stdout=fh, stderr=subprocess.STDOUT, text=True,
            )

    def waiting(self) -> bool:
        """The process is still alive (it did not fail while starting Sphinx early)."""
        return self._proc.poll() is None

    def build(self) -> Path:
        """Let the build run; return the folder with the result."""
        self._proc.communicate("go\n")
        if self._proc.returncode != 0 or not self.result.exists():
            tail = "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
            raise BookBuildError(f"jupyter-book ({self.builder}) misslyckades; logg: {self.log}\n{tail}")
        return self.result

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
    with JupyterBook(log, src, out, builder) as book:
        return book.build()

