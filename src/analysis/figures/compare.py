"""Waterfall charts of the change in compensation between two editions, by cause."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from analysis import formatting as fmt
from analysis.figures.style import GAIN_COLOUR, LOSS_COLOUR, NEUTRAL_COLOUR


def waterfall(
    ax,
    start: float,
    steps: list[tuple[str, float]],
    end: float,
    scale: float = 1e6,
    unit: str = "mnkr",
    title: str = "",
) -> None:
    """Bars: the old total, one floating bar per cause (green up, red down), the new total."""
    labels = ["Förra utgåvan"] + [label for label, _ in steps] + ["Nu"]
    level = start
    for i, (_, delta) in enumerate(steps, start=1):
        colour = GAIN_COLOUR if delta > 0 else LOSS_COLOUR if delta < 0 else NEUTRAL_COLOUR
        ax.bar(i, delta / scale, bottom=level / scale, color=colour, width=0.7)
        if _signed(delta / scale, unit) != "0":
            ax.text(
                i, (level + max(delta, 0)) / scale, _signed(delta / scale, unit), ha="center", va="bottom", fontsize=7
            )
        level += delta
    for i, value in ((0, start), (len(labels) - 1, end)):
        ax.bar(i, value / scale, color=NEUTRAL_COLOUR, width=0.7)
    ax.set_xticks(range(len(labels)), labels, rotation=35, ha="right", fontsize=8)
    low = min(start, end, *_levels(start, steps)) / scale
    high = max(start, end, *_levels(start, steps)) / scale
    pad = (high - low) * 0.25 or abs(high) * 0.05 or 1.0
    ax.set_ylim(max(0.0, low - pad), high + pad)
    fmt.ticks_kr(ax, decimals=1 if unit == "mnkr" else 0)
    ax.set_ylabel(unit)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", visible=False)


def _levels(start: float, steps) -> list[float]:
    out, level = [], start
    for _, delta in steps:
        level += delta
        out.append(level)
    return out


def _signed(value: float, unit: str) -> str:
    decimals = 1 if unit == "mnkr" else 0
    if abs(value) < 0.5 * 10**-decimals:
        return "0"
    return ("+" if value > 0 else "") + fmt.num(value, decimals)


def region_waterfall(region: pd.Series, causes: list[tuple[str, str]]) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(8.0, 4.2))
    waterfall(
        ax,
        region["fore"],
        [(label, region[col]) for col, label in causes],
        region["efter"],
        title="Regionen: ersättning totalt, miljoner kronor per år",
    )
    fig.tight_layout()
    return fig


def centre_waterfalls(per_centre: pd.DataFrame, causes: list[tuple[str, str]], columns: int = 4) -> plt.Figure:
    """Small multiples: one waterfall per centre (thousands of kronor per year)."""
    n = len(per_centre)
    rows = max(1, math.ceil(n / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(8.0, 2.5 * rows), squeeze=False)
    for ax, (_, r) in zip(axes.flat, per_centre.iterrows()):
        waterfall(
            ax,
            r["fore"],
            [(label, r[col]) for col, label in causes],
            r["efter"],
            scale=1e3,
            unit="tkr",
            title=f"{r['namn']} ({r['status']})" if r["status"] != "kvar" else str(r["namn"]),
        )
        ax.set_xticks(ax.get_xticks(), [""] * len(ax.get_xticks()))
        ax.set_ylabel("")
        ax.title.set_fontsize(8)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    labels = ", ".join(f"{i + 1}: {label}" for i, (_, label) in enumerate(causes))
    fig.suptitle(
        f"Ersättning per hälsocentral, tusental kronor per år.\nStaplar: förra utgåvan, {labels}, den här.", fontsize=8
    )
    fig.tight_layout()
    return fig
