"""The pipeline's building blocks: atomic publish, lock, cache keys, prose merges, failure summaries."""

import multiprocessing
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis.pipeline import cache, jupyterbook, prose, publish
from analysis.pipeline.execute import ChapterOutcome
from analysis.pipeline.lock import BuildLocked, build_lock


def _release(build_dir: Path, text: str) -> Path:
    release = publish.new_release(build_dir)
    (release / "html").mkdir()
    (release / "html" / "index.html").write_text(text)
    (release / "manifest.json").write_text("{}")
    return release


def test_publish_switches_atomically_and_prunes(tmp_path):
    build_dir = tmp_path / "_build"
    publish.publish(build_dir, _release(build_dir, "first"))
    assert (build_dir / "html" / "index.html").read_text() == "first"
    second = _release(build_dir, "second")
    # before publishing, readers still see the first book
    assert (build_dir / "html" / "index.html").read_text() == "first"
    publish.publish(build_dir, second)
    assert (build_dir / "html" / "index.html").read_text() == "second"
    assert [p.name for p in (build_dir / ".releases").iterdir()] == [second.name]


def test_publish_keeps_previous_pdf_when_none_built(tmp_path):
    build_dir = tmp_path / "_build"
    first = _release(build_dir, "first")
    (first / "pdf").mkdir()
    (first / "pdf" / "bok.pdf").write_bytes(b"%PDF")
    publish.publish(build_dir, first)
    publish.publish(build_dir, _release(build_dir, "second"))
    assert (build_dir / "pdf" / "bok.pdf").read_bytes() == b"%PDF"


def _hold_lock(build_dir, ready, release):
    with build_lock(build_dir):
        ready.set()
        release.wait(10)


def test_second_build_is_refused_while_first_holds_lock(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(BuildLocked, match="Ett annat bygge pågår"):
            with build_lock(tmp_path):
                pass
    finally:
        release.set()
        holder.join(10)
    with build_lock(tmp_path):  # free again once the first build ended
        pass


def test_lock_is_released_when_holder_is_killed(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    assert ready.wait(20)
    holder.kill()
    holder.join(10)
    with build_lock(tmp_path):
        pass


def _notebook(path: Path, markdown: str, code: str, tags: list[str] | None = None) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell(code, metadata={"tags": tags} if tags else {}),
    ])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_chapter_key_changes_with_each_input_but_not_with_prose(tmp_path):
    template = _notebook(tmp_path / "t.ipynb", "# Rubrik", "x = 1")
    lock = tmp_path / "requirements.lock"
    lock.write_text("a==1\n")

    def key(inputs=None, params=None):
        return cache.chapter_key(template, ("analysis.model",), inputs or {"a.csv": "1"},
                                 params or {"year": 2020}, lock)[0]

    base = key()
    assert key() == base
    assert key(inputs={"a.csv": "2"}) != base
    assert key(params={"year": 2021}) != base
    _notebook(template, "# Ny rubrik och ny text", "x = 1")
    assert key() == base  # prose is merged in without running the chapter
    _notebook(template, "# Rubrik", "x = 2")
    assert key() != base
    _notebook(template, "# Rubrik", "x = 1", tags=["remove-input"])
    assert key() != base


def test_module_digest_covers_package_sources():
    digest = cache.modules_digest(("analysis.pipeline",))
    assert "pipeline/build.py" in digest
    assert "formatting.py" in digest  # every chapter depends on the common modules


def test_failure_summary_names_chapter_cell_and_error():
    outcome = ChapterOutcome(
        "k", "Uppföljning", False, 1.0, output=Path("_build/misslyckade/k.ipynb"), cell_index=7,
        cell_source="x = 1 / 0\nprint(x)", error_name="ZeroDivisionError", error_value="division by zero",
    )
    text = outcome.summary()
    assert "Uppföljning" in text and "cell 7" in text and "ZeroDivisionError" in text
    assert "_build/misslyckade/k.ipynb" in text


def _executed(template: Path, path: Path) -> Path:
    """What a run of `template` leaves: an injected-parameters cell and outputs."""
    nb = nbformat.read(template, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("x = 5", metadata={"tags": ["injected-parameters"]}))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="utdata\n")]
    nbformat.write(nb, path)
    return path


def test_refresh_prose_merges_new_text_and_keeps_outputs(tmp_path):
    template = _notebook(tmp_path / "t.ipynb", "# Rubrik", "x = 1", tags=["parameters"])
    executed = _executed(template, tmp_path / "k.ipynb")
    assert not prose.refresh_prose(template, executed)  # nothing new: the file is left alone

    _notebook(template, "# Rubrik\n\nNy text.", "x = 1", tags=["parameters"])
    assert prose.refresh_prose(template, executed)
    nb = nbformat.read(executed, as_version=4)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    assert nb.cells[0].source == "# Rubrik\n\nNy text."
    assert nb.cells[2].metadata.tags == ["injected-parameters"]  # stays right after `parameters`
    assert all(c.outputs[0].text == "utdata\n" for c in nb.cells[1:])


def test_refresh_prose_refuses_changed_code(tmp_path):
    template = _notebook(tmp_path / "t.ipynb", "# Rubrik", "x = 1")
    executed = _executed(template, tmp_path / "k.ipynb")
    _notebook(template, "# Rubrik", "x = 2")
    with pytest.raises(ValueError, match="kodcellerna"):
        prose.refresh_prose(template, executed)


def test_sync_tree_writes_only_changed_files(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    for name, text in (("a.md", "A"), ("sub/b.md", "B"), ("c.md", "C")):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    jupyterbook._sync_tree(src, dest)
    os.utime(dest / "a.md", (1_000_000, 1_000_000))
    os.utime(dest / "sub" / "b.md", (1_000_000, 1_000_000))
    (src / "sub" / "b.md").write_text("B2")
    (src / "c.md").unlink()
    jupyterbook._sync_tree(src, dest)
    assert (dest / "a.md").stat().st_mtime == 1_000_000  # same bytes: Sphinx will not read it again
    assert (dest / "sub" / "b.md").read_text() == "B2" and (dest / "sub" / "b.md").stat().st_mtime > 1_000_000
    assert not (dest / "c.md").exists()


def test_save_at_end_engine_writes_the_notebook_once(tmp_path, monkeypatch):
    import papermill
    from papermill import engines

    from analysis.pipeline.execute import ENGINE, _register_engine

    template = _notebook(tmp_path / "t.ipynb", "# Rubrik", "x = 1")
    writes = []
    real = engines.write_ipynb
    monkeypatch.setattr(engines, "write_ipynb", lambda nb, path: (writes.append(path), real(nb, path)))
    _register_engine()
    papermill.execute_notebook(str(template), str(tmp_path / "ut.ipynb"), kernel_name="python3",
                               progress_bar=False, engine_name=ENGINE)
    assert len(writes) == 2  # when the run starts and when it ends, not around every cell
    assert nbformat.read(tmp_path / "ut.ipynb", as_version=4).cells[1].execution_count == 1


class _FakeBook:
    """Stands in for jupyter-book: writes a page for every source, or fails."""

    started: list = []

    def __init__(self, log, src: Path, out: Path, builder: str, sphinx_early: bool = False, fail: bool = False):
        self.src, self.out, self.fail, self.sphinx_early = src, out, fail, sphinx_early
        self.closed = False
        _FakeBook.started.append(self)

    def waiting(self) -> bool:
        return not self.closed

    def build(self) -> Path:
        if self.fail:
            raise jupyterbook.BookBuildError("fel")
        html = self.out / "_build" / "html"
        html.mkdir(parents=True, exist_ok=True)
        for page in self.src.glob("*.md"):
            (html / page.with_suffix(".html").name).write_text(page.read_text())
        env = self.out.parent / jupyterbook.KEPT_ENVIRONMENT
        env.parent.mkdir(parents=True, exist_ok=True)
        env.write_text("miljö")
        return html

    def close(self) -> None:
        self.closed = True


def _failing_book(*args, **kwargs):
    return _FakeBook(*args, fail=True, **kwargs)


def test_kept_html_starts_afresh_after_an_interrupted_render(tmp_path):
    staged, kept = tmp_path / "staged", tmp_path / "kept"
    staged.mkdir()
    (staged / "a.md").write_text("A")
    with pytest.raises(jupyterbook.BookBuildError):
        jupyterbook.KeptHtml(kept, tmp_path / "log", start=_failing_book).render(staged)
    assert (kept / "ofullstandig").exists()  # what a killed render leaves too
    (kept / "out").mkdir()
    (kept / "out" / "gammalt.txt").write_text("kvar från förra gången")

    html = jupyterbook.KeptHtml(kept, tmp_path / "log", start=_FakeBook).render(staged)
    assert (html / "a.html").read_text() == "A"
    assert not (kept / "ofullstandig").exists() and not (kept / "out" / "gammalt.txt").exists()


def test_kept_html_starts_sphinx_early_only_while_its_startup_inputs_hold(tmp_path):
    staged, kept = tmp_path / "staged", tmp_path / "kept"
    (staged / "book" / "genererat").mkdir(parents=True)
    (staged / "_config.yml").write_text("title: A\n")
    (staged / "a.md").write_text("A")
    (staged / "book" / "genererat" / "fig.png").write_bytes(b"1")
    _FakeBook.started.clear()
    with jupyterbook.KeptHtml(kept, tmp_path / "log", start=_FakeBook) as first:
        first.render(staged)
    assert [b.sphinx_early for b in _FakeBook.started] == [False]  # nothing kept yet

    # pages and chapter output changed, not the configuration or the file names: the early start holds
    (staged / "a.md").write_text("A2")
    (staged / "book" / "genererat" / "fig.png").write_bytes(b"2")
    with jupyterbook.KeptHtml(kept, tmp_path / "log", start=_FakeBook) as second:
        assert (second.render(staged) / "a.html").read_text() == "A2"
    assert [b.sphinx_early for b in _FakeBook.started] == [False, True]

    # a new file or a changed configuration: Sphinx starts again, after the sources are in place
    for change in (lambda: (staged / "b.md").write_text("B"), lambda: (staged / "_config.yml").write_text("title: B\n")):
        _FakeBook.started.clear()
        change()
        with jupyterbook.KeptHtml(kept, tmp_path / "log", start=_FakeBook) as book:
            book.render(staged)
        early, afresh = _FakeBook.started
        assert early.sphinx_early and early.closed and not afresh.sphinx_early

    # the early process died (say, while reading the kept environment): Sphinx starts afresh
    _FakeBook.started.clear()
    with jupyterbook.KeptHtml(kept, tmp_path / "log", start=_FakeBook) as book:
        _FakeBook.started[0].closed = True
        book.render(staged)
    assert [b.sphinx_early for b in _FakeBook.started] == [True, False]


def test_reproducibility_appendix_gives_no_time_for_a_reused_chapter():
    from analysis.appendices import reproducibility
    from analysis.data import load_dataset
    from analysis.pipeline.execute import ChapterOutcome

    root = Path(__file__).resolve().parents[1]
    outcomes = [ChapterOutcome("a", "Kapitel A", True, 12.34),
                ChapterOutcome("b", "Kapitel B", True, 0.0, reused=True)]
    text = reproducibility(root, load_dataset(root / "data" / "exempel-2020"), [], outcomes)
    assert "| Kapitel A | körd | 12,3 |" in text
    assert "| Kapitel B | återanvänd | – |" in text


def test_copy_into_release_links_the_files_the_published_book_already_has(tmp_path):
    from analysis.pipeline.publish import copy_into_release

    new, previous = tmp_path / "ny", tmp_path / "publicerad"
    for folder, changed in ((new, "ny text"), (previous, "gammal text")):
        (folder / "_static").mkdir(parents=True)
        (folder / "_static" / "stor.js").write_text("samma")
        (folder / "sida.html").write_text(changed)
    (new / "extra.html").write_text("bara i den nya")

    copy_into_release(new, tmp_path / "release", previous)
    out = tmp_path / "release"
    assert (out / "_static" / "stor.js").stat().st_ino == (previous / "_static" / "stor.js").stat().st_ino
    assert (out / "sida.html").read_text() == "ny text"
    assert (out / "sida.html").stat().st_ino != (previous / "sida.html").stat().st_ino
    assert (out / "extra.html").read_text() == "bara i den nya"

    copy_into_release(new, tmp_path / "forsta", None)  # nothing published yet: plain copies
    assert (tmp_path / "forsta" / "_static" / "stor.js").stat().st_ino != (new / "_static" / "stor.js").stat().st_ino


def test_sphinx_templates_are_compiled_once_and_give_the_same_pages(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["analysis.pipeline.sphinx_templates"]\n')
    (src / "index.rst").write_text("Rubrik\n======\n\nText.\n")

    def build(out: Path) -> str:
        app = Sphinx(src, src, out / "html", out / ".doctrees", "html", status=None, warning=None,
                     freshenv=True)
        app.build()
        return (out / "html" / "index.html").read_text()

    first = build(tmp_path / "a")
    cached = sorted((tmp_path / "a" / "jinja").iterdir())
    assert cached, "compiled templates are kept beside the doctrees"
    shutil.copytree(tmp_path / "a" / "jinja", tmp_path / "b" / "jinja")
    for path in (tmp_path / "b" / "jinja").iterdir():
        os.utime(path, (1_000_000, 1_000_000))
    assert build(tmp_path / "b") == first
    # loaded, not compiled again (Jinja writes a template's entry only after compiling it)
    assert all(p.stat().st_mtime == 1_000_000 for p in (tmp_path / "b" / "jinja").iterdir())


def test_build_summary_gives_no_time_for_a_reused_chapter():
    from types import SimpleNamespace

    from rich.console import Console

    from analysis.pipeline.execute import ChapterOutcome
    from analysis.pipeline.progress import summary

    report = SimpleNamespace(outcomes=[ChapterOutcome("a", "Kapitel A", True, 12.34),
                                       ChapterOutcome("b", "Kapitel B", True, 0.0, reused=True)])
    console = Console(record=True, width=80)
    console.print(summary(report))
    text = console.export_text()
    assert "12,3 s" in text and "0,0 s" not in text and "–" in text


def test_chapters_start_in_start_order_with_unlisted_ones_first():
    from analysis.pipeline.registry import CHAPTERS, START_ORDER, start_rank

    assert set(START_ORDER) <= {c.key for c in CHAPTERS}
    keys = ["ny-bilaga", "ersattningsmodell", "uppfoljning", "forandringar", "annan"]
    assert sorted(keys, key=start_rank) == ["ny-bilaga", "annan", "forandringar", "uppfoljning", "ersattningsmodell"]
