"""Figures are saved with reproducible bytes; a chapter whose kernel dies or whose template
cannot be read fails cleanly."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402

from analysis.figures import saving, style  # noqa: E402
from analysis.pipeline.execute import ChapterJob, run_jobs  # noqa: E402


def _figure():
    style.apply()
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["a", "b", "c"], [1, 2, 3])
    ax.set_title("Figur")
    return fig


def test_a_figure_saved_twice_gives_the_same_bytes(tmp_path):
    fig = _figure()
    saving.save_png(fig, tmp_path / "a.png")
    saving.save_png(fig, tmp_path / "b.png")
    plt.close(fig)
    data = (tmp_path / "a.png").read_bytes()
    assert data == (tmp_path / "b.png").read_bytes()
    assert b"matplotlib" not in data.lower()  # no software stamp


def _job(tmp_path, code: str | None) -> ChapterJob:
    """A one-cell chapter running `code` (or an unreadable template when `code` is None)."""
    template = tmp_path / "mall.ipynb"
    if code is None:
        template.write_text("{ inte json", encoding="utf-8")
    else:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, template)
    return ChapterJob("prov", "Prov", template, tmp_path / "ut" / "prov.ipynb", tmp_path / "misslyckade", {}, "nyckel")


@pytest.mark.slow
def test_a_chapter_whose_kernel_dies_fails_cleanly(tmp_path):
    [outcome] = run_jobs([_job(tmp_path, "import os\nos._exit(1)")], workers=1)
    assert not outcome.ok and "DeadKernelError" in outcome.summary()
    assert not (tmp_path / "ut" / "prov.ipynb").exists()


@pytest.mark.slow
def test_a_template_papermill_cannot_read_fails_cleanly(tmp_path):
    [outcome] = run_jobs([_job(tmp_path, None)], workers=1)
    assert not outcome.ok and "(prov) misslyckades:" in outcome.summary()
    assert "anteckningsboken finns" not in outcome.summary()  # papermill never read it: nothing kept
