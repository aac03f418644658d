"""The pipeline's building blocks: atomic publish, lock, cache keys and what invalidates them,
prose merges, failure summaries."""

import multiprocessing
import os
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from analysis.chapters.registry import CHAPTERS
from analysis.pipeline import cache, jupyterbook, prose, publish, toc
from analysis.pipeline.execute import ChapterOutcome
from analysis.pipeline.lock import BuildLocked, build_lock

ROOT = Path(__file__).resolve().parents[1]


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
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(markdown),
            nbformat.v4.new_code_cell(code, metadata={"tags": tags} if tags else {}),
        ]
    )
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_chapter_key_changes_with_each_input_but_not_with_prose(tmp_path):
    template = _notebook(tmp_path / "t.ipynb", "# Rubrik", "x = 1")
    lock = tmp_path / "requirements.lock"
    lock.write_text("a==1\n")

    def key(inputs=None, params=None, package="p"):
        return cache.chapter_key(template, inputs or {"a.csv": "1"}, params or {"year": 2020}, lock, package)

    base = key()
    assert key() == base
    assert key(inputs={"a.csv": "2"}) != base
    assert key(params={"year": 2021}) != base
    assert key(package="q") != base
    _notebook(template, "# Ny rubrik och ny text", "x = 1")
    assert key() == base  # prose is merged in without running the chapter
    _notebook(template, "# Rubrik", "x = 2")
    assert key() != base
    _notebook(template, "# Rubrik", "x = 1", tags=["remove-input"])
    assert key() != base


def test_package_digest_covers_every_file_of_the_package(tmp_path):
    import analysis

    package = tmp_path / "analysis"
    shutil.copytree(Path(analysis.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    base = cache.package_digest(package)
    assert cache.package_digest(package) == base
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.pyc").write_bytes(b"0")
    assert cache.package_digest(package) == base  # compiled files are not sources
    (package / "ny_modul.py").write_text("X = 1\n")
    assert cache.package_digest(package) != base


def test_failure_summary_names_chapter_cell_and_error():
    outcome = ChapterOutcome(
        "k",
        "Uppföljning",
        False,
        1.0,
        output=Path("_build/misslyckade/k.ipynb"),
        cell_index=7,
        cell_source="x = 1 / 0\nprint(x)",
        error_name="ZeroDivisionError",
        error_value="division by zero",
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


def _fake_jupyter_book(fail=False, runs=None):
    """Stands in for `run_jupyter_book`: writes a page for every source, or fails."""

    def run(src: Path, out: Path, builder: str, log: Path) -> Path:
        if runs is not None:
            runs.append(sorted(p.name for p in src.iterdir()))
        if fail:
            raise jupyterbook.BookBuildError("fel")
        html = out / "_build" / "html"
        html.mkdir(parents=True, exist_ok=True)
        for page in src.glob("*.md"):
            (html / page.with_suffix(".html").name).write_text(page.read_text())
        return html

    return run


def test_render_html_starts_afresh_after_an_interrupted_render(tmp_path, monkeypatch):
    staged, kept = tmp_path / "staged", tmp_path / "kept"
    staged.mkdir()
    (staged / "a.md").write_text("A")
    monkeypatch.setattr(jupyterbook, "run_jupyter_book", _fake_jupyter_book(fail=True))
    with pytest.raises(jupyterbook.BookBuildError):
        jupyterbook.render_html(staged, kept, tmp_path / "log")
    assert (kept / "ofullstandig").exists()  # what a killed render leaves too
    (kept / "out").mkdir()
    (kept / "out" / "gammalt.txt").write_text("kvar från förra gången")

    monkeypatch.setattr(jupyterbook, "run_jupyter_book", _fake_jupyter_book())
    html = jupyterbook.render_html(staged, kept, tmp_path / "log")
    assert (html / "a.html").read_text() == "A"
    assert not (kept / "ofullstandig").exists() and not (kept / "out" / "gammalt.txt").exists()


def test_reproducibility_appendix_gives_no_time_for_a_reused_chapter():
    from analysis.appendices import reproducibility
    from analysis.data import load_dataset
    from analysis.pipeline.execute import ChapterOutcome

    root = Path(__file__).resolve().parents[1]
    outcomes = [ChapterOutcome("a", "Kapitel A", True, 12.34), ChapterOutcome("b", "Kapitel B", True, 0.0, reused=True)]
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


def test_build_summary_gives_no_time_for_a_reused_chapter():
    from types import SimpleNamespace

    from rich.console import Console

    from analysis.pipeline.execute import ChapterOutcome
    from analysis.pipeline.progress import summary

    report = SimpleNamespace(
        outcomes=[
            ChapterOutcome("a", "Kapitel A", True, 12.34),
            ChapterOutcome("b", "Kapitel B", True, 0.0, reused=True),
        ]
    )
    console = Console(record=True, width=80)
    console.print(summary(report))
    text = console.export_text()
    assert "12,3 s" in text and "0,0 s" not in text and "–" in text


def test_chapters_start_in_start_order_with_unlisted_ones_first():
    from analysis.chapters.registry import CHAPTERS, START_ORDER, start_rank

    assert set(START_ORDER) <= {c.key for c in CHAPTERS}
    keys = ["ny-bilaga", "ersattningsmodell", "uppfoljning", "forandringar", "annan"]
    assert sorted(keys, key=start_rank) == ["ny-bilaga", "annan", "forandringar", "uppfoljning", "ersattningsmodell"]


# --- what each kind of change invalidates (the chapters' cache keys, nothing executed) --------

ALL = {c.key for c in CHAPTERS}
READS_KOLADA = {c.key for c in CHAPTERS if "kolada" in c.tables}
READS_SCENARIOS = {c.key for c in CHAPTERS if c.uses_scenarios}


@pytest.fixture()
def keyed(tmp_path):
    """A project copy, a dataset copy and a copy of the package, and the chapters' keys now."""
    from conftest import EXAMPLE, copy_project

    import analysis

    root = copy_project(tmp_path / "projekt")
    data = shutil.copytree(EXAMPLE, tmp_path / "data")
    package = shutil.copytree(
        Path(analysis.__file__).parent, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__")
    )

    def keys() -> dict[str, str]:
        from analysis.chapters.registry import CHAPTERS
        from analysis.data import load_dataset
        from analysis.pipeline.build import chapter_keys, shipped_scenarios

        return chapter_keys(
            root, CHAPTERS, load_dataset(data), shipped_scenarios(root), package=cache.package_digest(package)
        )

    before = keys()

    def changed() -> set[str]:
        return {k for k, v in keys().items() if v != before[k]}

    return root, data, package, changed


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_templates_code_invalidates_its_chapter_only(keyed):
    root, _, _, changed = keyed
    template = root / "notebooks" / "03-uppfoljning.ipynb"
    nb = nbformat.read(template, as_version=4)
    [c for c in nb.cells if c.cell_type == "code"][-1].source += "\n# ändrad"
    nbformat.write(nb, template)
    assert changed() == {"uppfoljning"}


@pytest.mark.parametrize("module", ["status.py", "formatting.py", "pipeline/execute.py"])
def test_any_package_module_invalidates_every_chapter(keyed, module):
    _, _, package, changed = keyed
    _append(package / module, "\n# ändrad\n")
    assert changed() == ALL


def test_one_input_table_invalidates_the_chapters_that_read_it(keyed):
    from analysis.data.manifest import rehash_manifest

    _, data, _, changed = keyed
    _append(data / "kolada.csv", "")  # same bytes: nothing changes
    assert changed() == set()
    lines = (data / "kolada.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][:-1] + ("1" if lines[1][-1] != "1" else "2")
    (data / "kolada.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rehash_manifest(data)
    assert changed() == READS_KOLADA


def test_a_tables_status_in_the_manifest_invalidates_the_chapters_that_show_it(keyed):
    _, data, _, changed = keyed
    manifest = data / "manifest.yml"
    text = manifest.read_text(encoding="utf-8")
    head, tail = text.split("  kolada:\n", 1)
    manifest.write_text(
        head + "  kolada:\n" + tail.replace("status: offentlig statistik", "status: syntetisk", 1), encoding="utf-8"
    )
    assert changed() == READS_KOLADA


def test_the_parameter_file_invalidates_every_chapter(keyed):
    from analysis.data.manifest import rehash_manifest

    _, data, _, changed = keyed
    _append(data / "parametrar.yml", "\n# ändrad\n")
    rehash_manifest(data)
    assert changed() == ALL


def test_a_scenario_file_invalidates_the_chapter_that_reads_scenarios(keyed):
    root, _, _, changed = keyed
    _append(sorted((root / "scenarios").glob("*.yml"))[0], "\n# ändrad\n")
    assert changed() == READS_SCENARIOS


def test_the_lock_invalidates_every_chapter(keyed):
    root, _, _, changed = keyed
    _append(root / "requirements.lock", "ny-paket==1.0\n")
    assert changed() == ALL


def test_committed_toc_is_what_the_registry_gives():
    """`_toc.yml` is written from the registry and the skeleton; the committed file is up to date."""
    assert (ROOT / "_toc.yml").read_text(encoding="utf-8") == toc.toc_text(ROOT)
    files = [c["file"] for part in yaml.safe_load(toc.toc_text(ROOT))["parts"] for c in part["chapters"] if "file" in c]
    assert [f for f in files if f.startswith("book/kapitel/")] == [c.output.removesuffix(".ipynb") for c in CHAPTERS]


def test_toc_refuses_a_chapter_whose_part_is_missing():
    skeleton = {"format": "jb-book", "root": "book/intro", "parts": [{"caption": "Bilagor", "chapters": []}]}
    with pytest.raises(ValueError, match="Analys"):
        toc.toc(skeleton)
