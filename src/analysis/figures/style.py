"""The book's house style for matplotlib/seaborn figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

# One colour per ownership form, used in every chapter.
OWNERSHIP_COLOURS = {
    "regiondriven": "#1f5f8b",
    "privat": "#e07b39",
    "kommunal": "#5a9e5a",
}
OWNERSHIP_LABELS = {"regiondriven": "Regiondriven", "privat": "Privat", "kommunal": "Kommunal"}
GAIN_COLOUR = "#2e7d32"
LOSS_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#6b6b6b"
REPORT_COLOUR = "#000000"

FULL_WIDTH = (8.0, 4.8)
TALL = (8.0, 7.5)


def apply() -> None:
    """Set the style once per chapter; deterministic output (no dates in files)."""
    sns.set_theme(context="notebook", style="whitegrid", font="DejaVu Sans")
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
