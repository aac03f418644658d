"""Figures saved in background helper processes (same bytes, clear errors, waited for by the
build), and the chapter kernel's life around them (started before papermill, always stopped)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import psutil  # noqa: E402
import pytest  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402

from analysis.figures import saving, style  # noqa: E402
from analysis.pipeline.execute import ChapterJob, run_jobs  # noqa: E402


class _Broken(Artist):
    def draw(self, renderer):
        raise ValueError("trasig ritning")


def _figures():
    style.apply()
    figs = []
    for n in range(3):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.bar(["a", "b", "c"], [n + 1, 2, 3])
        ax.set_title(f"Figur {n}")
        figs.append(fig)
    return figs


def test_background_saves_write_the_bytes_an_in_place_save_writes(tmp_path, monkeypatch):
    figs = _figures()
    monkeypatch.setenv(saving.HELPERS_ENV, "2")
    for n, fig in enumerate(figs):
        saving.save_png(fig, tmp_path / f"bakgrund-{n}.png")
    saving.wait_for_figures()
    monkeypatch.setenv(saving.HELPERS_ENV, "0")
    for n, fig in enumerate(figs):
        saving.save_png(fig, tmp_path / f"direkt-{n}.png")
        assert (tmp_path / f"bakgrund-{n}.png").read_bytes() == (tmp_path / f"direkt-{n}.png").read_bytes()
        plt.close(fig)


def test_without_the_build_figures_are_saved_in_place(tmp_path, monkeypatch):
    monkeypatch.delenv(saving.HELPERS_ENV, raising=False)
    assert saving.helpers() == 0
    fig = _figures()[0]
    saving.save_png(fig, tmp_path / "f.png")
    assert (tmp_path / "f.png").exists() and not saving._pending
    plt.close("all")


def test_a_failed_background_save_names_the_figure(tmp_path, monkeypatch):
    monkeypatch.setenv(saving.HELPERS_ENV, "1")
    good, bad = _figures()[:2]
    bad.add_artist(_Broken())
    saving.save_png(bad, tmp_path / "trasig.png")
    saving.save_png(good, tmp_path / "hel.png")  # waits for the broken one: the notebook goes on
    with pytest.raises(RuntimeError, match="Figuren 'trasig.png' kunde inte sparas: ValueError: trasig ritning"):
        saving.wait_for_figures()
    assert (tmp_path / "hel.png").exists() and not saving._pending
    saving.wait_for_figures()  # the failure was reported once
    plt.close("all")


def _job(tmp_path, code: str) -> ChapterJob:
    """A one-cell chapter running `code` (or an unreadable template when `code` is None)."""
    template = tmp_path / "mall.ipynb"
    if code is None:
        template.write_text("{ inte json", encoding="utf-8")
    else:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, template)
    return ChapterJob("prov", "Prov", template, tmp_path / "ut" / "prov.ipynb", tmp_path,
                      tmp_path / "misslyckade", {}, "nyckel")


CHAPTER_CODE = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from analysis.figures.saving import save_png

class Broken(Artist):
    def draw(self, renderer):
        raise ValueError("trasig ritning")

good = plt.figure()
good.add_subplot().plot([1, 2])
save_png(good, {good!r})
bad = plt.figure()
bad.add_artist(Broken())
save_png(bad, {bad!r})
"""


@pytest.mark.slow
def test_the_build_waits_for_background_figures_and_fails_the_chapter_on_error(tmp_path):
    good, bad = tmp_path / "bra.png", tmp_path / "trasig.png"
    [outcome] = run_jobs([_job(tmp_path, CHAPTER_CODE.format(good=str(good), bad=str(bad)))], workers=2)  # more than one worker: figures go to a helper
    assert not outcome.ok
    assert good.exists()  # saved in the background, finished before the chapter ended
    text = outcome.summary()
    assert "misslyckades i cell 0" in text  # reported under the last code cell
    assert "Figuren 'trasig.png' kunde inte sparas: ValueError: trasig ritning" in text
    assert (tmp_path / "misslyckade" / "prov.ipynb").exists()


@pytest.mark.slow
def test_a_chapter_whose_kernel_dies_fails_cleanly(tmp_path):
    [outcome] = run_jobs([_job(tmp_path, "import os\nos._exit(1)")], workers=2)
    assert not outcome.ok and "DeadKernelError" in outcome.summary()
    assert not (tmp_path / "ut" / "prov.ipynb").exists()
    assert (tmp_path / "misslyckade" / "prov.ipynb").exists()  # as far as it ran, as the report says


def _kernels() -> set[int]:
    return {p.pid for p in psutil.process_iter(["cmdline"]) if "ipykernel_launcher" in " ".join(p.info["cmdline"] or [])}


@pytest.mark.slow
def test_a_template_papermill_cannot_read_fails_cleanly_and_stops_its_kernel(tmp_path):
    before = _kernels()
    [outcome] = run_jobs([_job(tmp_path, None)], workers=2)  # the kernel was started before papermill read the file
    assert not outcome.ok and "(prov) misslyckades:" in outcome.summary()
    assert "anteckningsboken finns" not in outcome.summary()  # papermill never read it: nothing kept
    _, alive = psutil.wait_procs([psutil.Process(pid) for pid in _kernels() - before if psutil.pid_exists(pid)], timeout=0.5)
    assert not alive
