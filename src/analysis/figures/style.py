"""The book's house style for matplotlib figures: seaborn's "whitegrid" theme, and ours on top."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from analysis import vocabulary as V  # noqa: E402

#: seaborn's theme for every figure; `apply` sets ours on top.
THEME = {"context": "notebook", "style": "whitegrid", "font": "DejaVu Sans"}

# One colour per ownership form, used in every chapter (owned by `analysis.vocabulary`).
OWNERSHIP_COLOURS = V.OWNERSHIP_COLOURS
OWNERSHIP_LABELS = V.OWNERSHIP_LABELS
GAIN_COLOUR = "#2e7d32"
LOSS_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#6b6b6b"
REPORT_COLOUR = "#000000"

FULL_WIDTH = (8.0, 4.8)
TALL = (8.0, 7.5)


def apply() -> None:
    """Set the style once per chapter; deterministic output (no dates in files)."""
    sns.set_theme(**THEME)
    plt.rcParams.update(
        {
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.hashsalt": "halsoval",
            "path.simplify": True,
        }
    )


# -- what every saved figure carries ---------------------------------------------------------------
#: The web book's text column at 1366 px is about 757 px wide; a figure is shown at that width.
#: Its text must read at least as large as the page's small print there (13 px): a figure 8 in wide
#: needs 10 pt. In the PDF (text width 166 mm) the same text prints at 8,5–9 pt.
TEXT_COLUMN_PX = 757
MIN_TEXT_PX = 13
SYNTHETIC_MARK = "Exempeldata – inte verkliga uppgifter"
MARK_COLOUR = "#8a1c1c"
MARK_BACKGROUND = "#fdecea"
SOURCE_COLOUR = "#444444"


def min_font_pt(fig, width_in: float | None = None) -> float:
    """The smallest font size (pt) that reads as `MIN_TEXT_PX` when `fig`, saved `width_in` inches
    wide (default: its width), fills the text column."""
    width = width_in if width_in is not None else fig.get_figwidth()
    return round(MIN_TEXT_PX * width * 72 / TEXT_COLUMN_PX, 1)


def saved_width(fig) -> float:
    """The width (in) of the saved PNG: everything drawn, as `savefig.bbox: tight` crops it."""
    return fig.get_tightbbox(fig.canvas.get_renderer()).width


def readable_text(fig) -> float:
    """Raise every text of `fig` (ticks, labels, legends, annotations) to what reads at page width,
    measured on the saved width (labels that stick out make the image wider, so smaller on the
    page); return that size."""
    from matplotlib.text import Text

    floor = min_font_pt(fig)
    for _ in range(3):  # larger text makes the image wider: settle
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                    for label in (tick.label1, tick.label2):
                        if label.get_fontsize() < floor:
                            label.set_fontsize(floor)
        for text in fig.findobj(Text):
            if text.get_text() and text.get_fontsize() < floor:
                text.set_fontsize(floor)
        needed = min_font_pt(fig, max(fig.get_figwidth(), saved_width(fig)))
        if needed <= floor + 0.1:
            break
        floor = needed
    return floor


def stamp(fig, source_line: str, synthetic: bool, size: float | None = None) -> None:
    """Write the source line under the figure and, if it rests on synthetic data, a visible
    "Exempeldata" mark above it, inside the image: a copied chart keeps its caveat."""
    import textwrap

    size = size or min_font_pt(fig, max(fig.get_figwidth(), saved_width(fig)))
    width, height = fig.get_figwidth(), fig.get_figheight()
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # everything drawn so far, in inches
    gap = size / 72 * 0.6
    chars = max(30, int(box.width * 72 / (size * 0.56)))
    fig.text(
        box.x0 / width,
        (box.y0 - gap) / height,
        textwrap.fill(source_line, chars),
        ha="left",
        va="top",
        fontsize=size,
        color=SOURCE_COLOUR,
    )
    if synthetic:
        fig.text(
            box.x0 / width,
            (box.y1 + gap) / height,
            SYNTHETIC_MARK,
            ha="left",
            va="bottom",
            fontsize=size * 1.1,
            fontweight="bold",
            color=MARK_COLOUR,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": MARK_BACKGROUND, "edgecolor": MARK_COLOUR},
        )
