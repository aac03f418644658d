"""Figures for the chapter "Förslagen i utredningen": competitive neutrality by form of operation."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.figures.style import FULL_WIDTH, NEUTRAL_COLOUR, OWNERSHIP_COLOURS, OWNERSHIP_LABELS


def operator_change_chart(
    changes: pd.DataFrame,
    value: str = "forandring_per_viktad",
    xlabel: str = "Förändring av ersättningen, kr per viktad listad och år",
) -> plt.Figure:
    """Grouped horizontal bars: per scenario (rows), the change for each form of operation.

    `changes` is `analysis.scenarios.neutrality.change_from_base(...)`: scenario, etikett,
    driftsform, hc and `value`.
    """
    scen = list(dict.fromkeys(changes["scenario"]))
    label = changes.drop_duplicates("scenario").set_index("scenario")["etikett"]
    forms = [f for f in OWNERSHIP_COLOURS if f in set(changes["driftsform"])]
    n = len(forms)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(3.0, 0.9 + 0.2 * n * len(scen))))
    height = 0.8 / n
    table = changes.set_index(["scenario", "driftsform"])
    span = float(max(np.abs(changes[value].to_numpy(dtype=float)).max(), 1.0))
    for j, form in enumerate(forms):
        ys = [i + (j - (n - 1) / 2) * height for i, s in enumerate(scen) if (s, form) in table.index]
        xs = [float(table.loc[(s, form), value]) for s in scen if (s, form) in table.index]
        n_hc = int(changes.loc[changes["driftsform"] == form, "hc"].iloc[0])
        ax.barh(
            ys,
            xs,
            height=height * 0.92,
            color=OWNERSHIP_COLOURS.get(form, NEUTRAL_COLOUR),
            label=f"{OWNERSHIP_LABELS.get(form, form)} ({n_hc} hälsocentral{'er' if n_hc != 1 else ''})",
        )
        for yi, v in zip(ys, xs):
            ax.text(
                v + (span * 0.01 if v >= 0 else -span * 0.01),
                yi,
                fmt.num(v),
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=7,
            )
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(scen)), [label[s] for s in scen], fontsize=8.5)
    ax.set_ylim(len(scen) - 0.5, -0.5)
    lo, hi = min(0.0, float(changes[value].min())), max(0.0, float(changes[value].max()))
    ax.set_xlim(lo - 0.18 * span, hi + 0.18 * span)
    ax.set_xlabel(xlabel)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=n, frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
