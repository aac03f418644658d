"""Figure for trust-based steering of accessibility: each centre against the requirement, with the
band chance allows (`analysis.indicators.steering`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from analysis import formatting as fmt
from analysis.figures.style import FULL_WIDTH, GAIN_COLOUR, LOSS_COLOUR, NEUTRAL_COLOUR
from analysis.indicators.funnel import binomial_limits
from analysis.indicators.steering import ACCESS, LEVEL, VERDICTS
from analysis.vocabulary.indicators import INDICATORS

XLABELS = {k: f"Antal {INDICATORS[k].unit}" for k in ACCESS}
VERDICT_COLOURS = {VERDICTS[0]: GAIN_COLOUR, VERDICTS[1]: "#e0a030", VERDICTS[2]: LOSS_COLOUR}


def requirement_chart(values: dict[str, pd.DataFrame], level: float, confidence: float = LEVEL) -> plt.Figure:
    """One panel per access indicator: share against denominator, the requirement line and the lower
    chance limit around it; points coloured by verdict.

    `values[key]` is `requirement_verdicts(...)` for `key` in `ACCESS` (hc_id, namnare, andel, bedomning).
    """
    keys = [k for k in ACCESS if k in values]
    fig, axes = plt.subplots(1, len(keys), figsize=(FULL_WIDTH[0], 3.8), sharey=True, squeeze=False)
    suffix = f"{confidence * 100:g}".replace(".", "")
    low_y = 1.0
    for ax, key in zip(axes[0], keys):
        v = values[key].dropna(subset=["bedomning"])
        n = np.linspace(max(v["namnare"].min() * 0.8, 5), v["namnare"].max() * 1.1, 200)
        lim = binomial_limits(level, n, levels=(confidence,))
        ax.fill_between(
            n,
            lim[f"nedre_{suffix}"],
            level,
            color="#f3e3c0",
            step="mid",
            zorder=0,
            label="under kravet men inom slumpen",
        )
        ax.axhline(level, color="#333333", lw=1.2, label=f"kravet {fmt.pct(level)}")
        for verdict in VERDICTS:
            part = v[v["bedomning"] == verdict]
            ax.scatter(
                part["namnare"],
                part["andel"],
                s=28,
                color=VERDICT_COLOURS[verdict],
                edgecolor="white",
                linewidth=0.5,
                label=verdict,
                zorder=3,
            )
        low_y = min(low_y, float(v["andel"].min()), float(lim[f"nedre_{suffix}"].min()))
        ax.set_title(ACCESS[key], fontsize=11)
        ax.set_xlabel(XLABELS.get(key, "Antal"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: fmt.num(x)))
        fmt.ticks_pct(ax)
    axes[0][0].set_ylabel("Andel")
    axes[0][0].set_ylim(max(0.0, low_y - 0.05), 1.0)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False, fontsize=8, bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    for ax in axes[0]:
        ax.grid(color=NEUTRAL_COLOUR, alpha=0.15)
    return fig
