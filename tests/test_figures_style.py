"""The house style: seaborn's "whitegrid" theme, and ours on top."""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

from analysis.figures import style

OURS = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "savefig.dpi": 150.0,
    "legend.frameon": False,
    "font.family": ["DejaVu Sans"],
}


def test_house_style_is_seaborns_whitegrid_with_ours_on_top():
    style.apply()
    theme = sns.axes_style("whitegrid")
    differ = {k for k, v in theme.items() if plt.rcParams[k] != v}
    assert differ <= set(OURS)
    assert all(plt.rcParams[k] == v for k, v in OURS.items())
