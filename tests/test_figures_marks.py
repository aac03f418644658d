"""Every saved figure carries its source and data status; synthetic ones a visible mark; all
text large enough to read at page width (analysis.figures.style, Chapter.figure)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.chapter import Chapter  # noqa: E402
from analysis.figures import style  # noqa: E402


def _figure():
    style.apply()
    fig, ax = plt.subplots(figsize=style.FULL_WIDTH)
    ax.barh(["Hallen", "Lit"], [1, -2])
    ax.text(0, 0, "liten text", fontsize=6)
    ax.legend(["x"], fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    return fig


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_text_is_raised_to_what_reads_at_page_width():
    fig = _figure()
    style.readable_text(fig)
    floor = style.min_font_pt(fig)
    assert 9.5 <= floor <= 10.5  # 8 in shown 757 px wide: 13 px
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text()]
    assert min(sizes) >= floor
    plt.close(fig)


@pytest.mark.parametrize(
    "status, marked",
    [("syntetisk", True), ("offentlig statistik", False), ("publicerad", False), ("sammanstalld", False)],
)
def test_chapter_figure_stamps_source_and_marks_synthetic_data(tmp_path, monkeypatch, status, marked):
    monkeypatch.setattr("analysis.chapter._show_markdown", lambda text: None)
    ch = Chapter(key="k", dataset=None, output_dir=tmp_path, notebook_dir=tmp_path)
    fig = _figure()
    plain = _figure()
    plain.savefig(tmp_path / "plain.png")
    ch.figure(fig, "f", "Bildtext.", alt="Alt.", source="egen beräkning", status=status)
    texts = _texts(fig)
    assert any(t.startswith("Källa: egen beräkning. Data: ") for t in texts)
    assert (style.SYNTHETIC_MARK in texts) is marked
    with Image.open(tmp_path / "f.png") as saved, Image.open(tmp_path / "plain.png") as before:
        assert saved.height > before.height  # the source line (and mark) lie inside the PNG
