"""How the outcome depends on the assumptions: the CNI sweep and the tornado chart.

`cni_sweep_chart` takes `analysis.scenarios.cni_sweep(...)`, `tornado_chart` takes
`analysis.scenarios.sensitivity(...)`; both return a matplotlib Figure in the house style.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis import formatting as fmt
from analysis.figures.scenarios import short_name
from analysis.figures.style import FULL_WIDTH, GAIN_COLOUR, LOSS_COLOUR

LOW_COLOUR, HIGH_COLOUR = "#7fa7c9", "#1f5f8b"
LABEL_WIDTH = 24  # characters per line of an assumption's name


def cni_sweep_chart(
    sweep: pd.DataFrame,
    highlight: int = 2,
    marks: Sequence[tuple[float, str]] = (),
    value: str = "ersattning_per_listad",
) -> plt.Figure:
    """Each centre's compensation per listed person as CNI's share grows (one line per centre).

    The `highlight` centres that gain most and lose most between the first and last share are
    coloured and named; `marks` draws vertical reference lines, e.g. [(0.25, "2020"), (0.40, "vår läsning")].
    """
    shares = sorted(sweep["andel"].unique())
    wide = sweep.pivot(index="hc_id", columns="andel", values=value)[shares]
    names = sweep.drop_duplicates("hc_id").set_index("hc_id")["namn"]
    change = wide[shares[-1]] - wide[shares[0]]
    winners = list(change.sort_values(ascending=False).index[:highlight])
    losers = list(change.sort_values().index[:highlight])
    fig, ax = plt.subplots(figsize=FULL_WIDTH)
    for hc in wide.index:
        if hc in winners or hc in losers:
            continue
        ax.plot(shares, wide.loc[hc], color="#b5b5b5", linewidth=0.9, zorder=1)
    label_positions = []
    for hc in winners + losers:
        colour = GAIN_COLOUR if hc in winners else LOSS_COLOUR
        ax.plot(shares, wide.loc[hc], color=colour, linewidth=2.2, zorder=3)
        label_positions.append((wide.loc[hc, shares[-1]], hc, colour))
    _end_labels(ax, label_positions, shares[-1], names)
    for x, text in marks:
        ax.axvline(x, color="#333333", linestyle=(0, (4, 3)), linewidth=1.3, zorder=2)
        ax.text(x, 1.01, text, transform=ax.get_xaxis_transform(), va="bottom", ha="center", fontsize=8)
    ax.set_xlim(shares[0] - 0.01, shares[-1] + (shares[-1] - shares[0]) * 0.38)
    ax.set_xticks(shares)
    fmt.ticks_pct(ax, axis="x")
    fmt.ticks_kr(ax, axis="y")
    ax.set_xlabel("CNI:s andel av den fasta kapiteringen")
    ax.set_ylabel("Ersättning, kr per listad och år")
    handles = [
        Line2D([], [], color=GAIN_COLOUR, linewidth=2.2, label="Vinner mest"),
        Line2D([], [], color=LOSS_COLOUR, linewidth=2.2, label="Förlorar mest"),
        Line2D([], [], color="#b5b5b5", linewidth=0.9, label="Övriga hälsocentraler"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=8)
    ax.set_title("Ersättning per listad när CNI-andelen höjs", pad=18)
    return fig


def _end_labels(ax, items, x, names) -> None:
    """Names at the right end of highlighted lines, nudged apart so they do not overlap."""
    if not items:
        return
    items = sorted(items)
    lo, hi = ax.get_ylim()
    gap = (max(v for v, _, _ in items) - min(v for v, _, _ in items) + 1.0) * 0.07 + (hi - lo) * 0.03
    placed: list[float] = []
    for value, hc, colour in items:
        y = value if not placed else max(value, placed[-1] + gap)
        placed.append(y)
        ax.annotate(
            short_name(names[hc]),
            xy=(x, value),
            xytext=(x + 0.01, y),
            fontsize=8,
            color=colour,
            va="center",
            arrowprops=None,
        )


def tornado_chart(sens: pd.DataFrame, title: str | None = None) -> plt.Figure:
    """Tornado: each assumption's outcome at its low and high value around the chosen value.

    `sens` is `analysis.scenarios.sensitivity(...)`; the outcome's description is
    `sens.attrs["utfall"]`. Longest bar on top; for each assumption the low (or first alternative)
    value is the upper, light bar and the high (or second alternative) the lower, dark bar, each
    labelled with the value used and the outcome. The assumptions' names are wrapped and each
    pair of bars has a row of its own, so the labels never crowd one another.
    """
    df = sens.reset_index(drop=True)
    base = float(df.attrs.get("utfall_bas", df["utfall_bas"].iloc[0] if len(df) else 0.0))
    height = max(3.0, 1.5 + 0.9 * len(df))
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], height))
    span = float(max((df[["utfall_lag", "utfall_hog"]] - base).abs().to_numpy().max(), 1.0)) if len(df) else 1.0
    for i, row in df.iterrows():
        for key, lab, colour, dy in (
            ("utfall_lag", "lag_etikett", LOW_COLOUR, -0.2),
            ("utfall_hog", "hog_etikett", HIGH_COLOUR, 0.2),
        ):
            v = float(row[key])
            ax.barh(i + dy, v - base, left=base, color=colour, height=0.38)
            right = v > base or (v == base and dy > 0)  # equal values: one label each side
            ax.annotate(
                f"{row[lab]}: {fmt.num(v)}",
                (v, i + dy),
                xytext=(4 if right else -4, 0),
                textcoords="offset points",
                va="center",
                ha="left" if right else "right",
                fontsize=7.5,
            )
    ax.axvline(base, color="#333333", linewidth=1.0)
    ax.set_yticks(range(len(df)), [textwrap.fill(str(e), LABEL_WIDTH) for e in df["etikett"]], fontsize=8.5)
    ax.set_ylim(len(df) - 0.45, -0.55)
    ax.set_xlim(base - span * 2.0, base + span * 2.0)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    outcome = textwrap.fill(f"Utfall: {df.attrs.get('utfall', '')}", 70)
    ax.set_xlabel(f"{outcome}\nLodrät linje: med de valda antagandena ({fmt.num(base)})", fontsize=8.5)
    ax.set_title(title or "Känslighetsanalys")
    handles = [
        Patch(color=LOW_COLOUR, label="Lägre värde / första alternativet"),
        Patch(color=HIGH_COLOUR, label="Högre värde / andra alternativet"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -1.3 / height), ncols=2, fontsize=8)
    return fig
