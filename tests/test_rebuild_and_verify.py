"""Incremental rebuilds execute exactly what changed; `verify` confirms or rejects a published book."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, copy_built, run_cli

from analysis.pipeline.build import BuildOptions, build

pytestmark = pytest.mark.slow


@pytest.fixture()
def project(built_book, tmp_path) -> Path:
    return copy_built(built_book, tmp_path / "projekt")


def _rebuild(project: Path, data: Path) -> list[str]:
    return build(BuildOptions(root=project, data_dir=data, quiet=True)).executed


def test_noop_rebuild_executes_nothing(project):
    assert _rebuild(project, EXAMPLE) == []


def test_changing_one_table_reexecutes_exactly_its_chapters(project, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    kolada = data / "kolada.csv"
    lines = kolada.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][:-1] + ("1" if lines[1][-1] != "1" else "2")  # one digit of one value
    kolada.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli(project, "data", "rehash", str(data)).returncode == 0

    # kolada is used by the follow-up chapter and the summary only
    assert sorted(_rebuild(project, data)) == ["sammanfattning", "uppfoljning"]


def _edit_template(project: Path, name: str, cell_type: str, text: str) -> None:
    template = project / "notebooks" / name
    nb = json.loads(template.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == cell_type)
    cell["source"] = "".join(cell["source"]) + text
    template.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def _pages(project: Path) -> dict[str, str]:
    """The book's pages, except the one recording how it was built, without Sphinx's cache-busting
    `?v=` suffixes (added only when a static file is already in place, as after an earlier build)."""
    html = project / "_build" / "html"
    return {
        p.relative_to(html).as_posix(): re.sub(r"\?v=[0-9a-f]+", "", p.read_text(encoding="utf-8"))
        for p in html.rglob("*.html")
        if "_static" not in p.parts and p.name != "reproducerbarhet.html"
    }


def test_changing_a_templates_code_reexecutes_only_that_chapter(project):
    _edit_template(project, "01-ersattningsmodell-2020.ipynb", "code", "\n# en kommentar")
    assert _rebuild(project, EXAMPLE) == ["ersattningsmodell"]


def test_changed_prose_reaches_the_book_without_execution_as_a_fresh_build_would(project):
    chapter = project / "book" / "kapitel" / "03-uppfoljning.ipynb"
    _edit_template(project, "03-uppfoljning.ipynb", "markdown", "\n\nEn helt ny mening i inledningen.")
    assert _rebuild(project, EXAMPLE) == []  # Sphinx reads everything: the project has moved
    _edit_template(project, "03-uppfoljning.ipynb", "markdown", "")
    nb = json.loads((project / "notebooks" / "03-uppfoljning.ipynb").read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = nb["cells"][0]["source"].replace("# Uppföljning", "# Uppföljning av vården")
    (project / "notebooks" / "03-uppfoljning.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    assert _rebuild(project, EXAMPLE) == []
    log = (project / "_build" / "loggar" / "jupyter-book-html.log").read_text(encoding="utf-8")
    updates = [line for line in log.splitlines() if "updating environment" in line]
    # the chapter, and the pages that name its sections or title (Reproducerbarhet, Sifferregister, …)
    assert re.search(r"0 added, [1-4] changed, 0 removed", updates[0]), updates
    merged, pages = chapter.read_bytes(), _pages(project)
    assert "En helt ny mening i inledningen." in pages["book/kapitel/03-uppfoljning.html"]
    assert "Uppföljning av vården" in pages["book/kapitel/01-ersattningsmodell-2020.html"]  # navigation

    fresh = build(BuildOptions(root=project, data_dir=EXAMPLE, quiet=True, force=True, only=["uppfoljning"]))
    assert fresh.executed == ["uppfoljning"]
    assert chapter.read_bytes() == merged  # the merged notebook is what running it gives
    assert _pages(project) == pages  # and Sphinx's kept folder renders what a fresh render does


def test_verify_passes_on_unchanged_book_and_names_edited_input(project, tmp_path):
    outputs = json.loads((project / "_build" / "manifest.json").read_text(encoding="utf-8"))["utdata"]
    assert any(n.endswith(".png") for n in outputs) and any(n.endswith(".xlsx") for n in outputs)
    ok = run_cli(project, "verify")  # a second build from the same inputs, compared byte for byte
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Verifieringen lyckades" in ok.stdout

    manifest = json.loads((project / "_build" / "manifest.json").read_text(encoding="utf-8"))
    data = Path(manifest["dataset"])
    assert data.is_absolute()  # the example data lives outside this temporary project
    edited = tmp_path / "data"
    shutil.copytree(data, edited)
    manifest["dataset"] = str(edited)
    (project / "_build" / "manifest.json").unlink()
    (project / "_build" / "current" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (project / "_build" / "manifest.json").symlink_to(Path("current") / "manifest.json")
    (edited / "parametrar.yml").write_text(
        (edited / "parametrar.yml").read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8"
    )

    bad = run_cli(project, "verify")
    assert bad.returncode == 1
    assert "parametrar.yml" in bad.stdout and "ändrad" in bad.stdout
