"""The benchmark's peer (jupyter-book executing the chapter templates itself) runs, on tiny
templates standing in for the chapters so that it takes seconds, not minutes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from conftest import EXAMPLE, ROOT, copy_project

pytestmark = pytest.mark.slow


def _builds():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_builds", ROOT / "bench" / "builds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_peer_executes_and_renders_the_templates_it_is_given(tmp_path):
    from analysis.chapters.registry import CHAPTERS

    root = copy_project(tmp_path / "projekt")
    for chapter in CHAPTERS:  # a parameters cell and one output that uses a parameter
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell(f"# {chapter.title}"),
                nbformat.v4.new_code_cell("output_dir = ''\nyear = 0", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("print('kördes för', year, 'i', output_dir.rsplit('/', 1)[-1])"),
            ]
        )
        nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / chapter.template)

    result = _builds().child_peer(SimpleNamespace(root=str(root), data=str(EXAMPLE)))

    assert result["seconds"] > 0 and result["executed"] == [c.key for c in CHAPTERS]
    html = root / "_build" / "peer" / "out" / "_build" / "html"
    page = html / Path(CHAPTERS[-1].output).with_suffix(".html")
    assert f"kördes för 2020 i {CHAPTERS[-1].key}" in page.read_text(encoding="utf-8")
