"""What each proposal changes for each centre: bars, the overview heatmap, steps and groups.

Every function takes DataFrames from `analysis.scenarios` (`ScenarioResult.per_centre`,
`compare(...)`, `group_change(...)`, `decompose(...)`) and returns a matplotlib Figure in the
house style; the notebook passes it to `ch.figure(...)`. Gains are green, losses red
(`GAIN_COLOUR`, `LOSS_COLOUR`); money in Swedish number format. The map and the catchment chart
are in `figures.geography`, the CNI sweep and the tornado chart in `figures.sensitivity`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis import formatting as fmt
from analysis.figures.style import (
    FULL_WIDTH,
    GAIN_COLOUR,
    LOSS_COLOUR,
    NEUTRAL_COLOUR,
    OWNERSHIP_COLOURS,
    OWNERSHIP_LABELS,
    TALL,
)

#: Label of the main measure (shown on axes).
NET_PER_LISTED = "Förändring av netto, kr per listad och år"
DIVERGING = LinearSegmentedColormap.from_list("vinst_forlust", [LOSS_COLOUR, "#f2f2f2", GAIN_COLOUR])
STEP_COLOURS = ["#1f5f8b", "#e07b39", "#5a9e5a", "#8c6d31", "#9467bd", "#17becf"]
OSTERSUND_KOMMUNKOD = "2380"  # its centres are marked ● after the name


def short_name(name: str) -> str:
    """`Frösö hälsocentral` → `Frösö`, `Hälsocentralen Ripan (Medinord AB)` → `Ripan (Medinord AB)`."""
    out = str(name)
    for prefix in ("Hälsocentralen ", "Hälsorum "):
        if out.startswith(prefix):
            out = out[len(prefix) :]
    for suffix in ("s hälsocentral", " hälsocentral", " Hälsocentral"):
        if out.endswith(suffix):  # "Hallens hälsocentral" → "Hallen" (genitive s dropped)
            out = out[: -len(suffix)]
            break
    return out.replace("Nya närvården (NNV)", "NNV")


def column_label(title: str, width: int = 9) -> str:
    """A narrow column heading: lines of at most about `width` characters; a longer word is split
    in the middle with a hyphen ("Opposi-/tionen"), so that neighbouring headings never touch."""
    import textwrap

    words = []
    for word in title.split():
        if len(word) > width:
            cut = (len(word) + 1) // 2
            words += [word[:cut] + "-", word[cut:]]
        else:
            words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(textwrap.shorten(line, 40) for line in lines)


def sign_colours(values: pd.Series, tol: float = 0.5) -> list[str]:
    return [GAIN_COLOUR if v > tol else LOSS_COLOUR if v < -tol else NEUTRAL_COLOUR for v in values]


def _height(n_rows: int) -> float:
    return max(3.2, min(TALL[1] + 1.5, 1.0 + 0.27 * n_rows))


def _kr_label(v: float) -> str:
    return fmt.num(v) if abs(v) >= 0.5 else "0"


def _marked_name(name: str, kommunkod: str) -> str:
    return short_name(name) + (" ●" if str(kommunkod) == OSTERSUND_KOMMUNKOD else "")


def change_bars(
    per_centre: pd.DataFrame, title: str, value: str = "skillnad_netto_per_listad", xlabel: str = NET_PER_LISTED
) -> plt.Figure:
    """Diverging bar chart: each centre's change, sorted, gains green and losses red.

    Östersund's centres (kommunkod 2380) are marked with ● after the name.
    """
    df = per_centre.sort_values(value, kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], _height(len(df))))
    y = np.arange(len(df))
    values = df[value].astype(float)
    bars = ax.barh(y, values, color=sign_colours(values), height=0.7)
    ax.bar_label(bars, [_kr_label(v) for v in values], padding=2, fontsize=7.5, color="#333333")
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, [_marked_name(n, k) for n, k in zip(df["namn"], df["kommunkod"])], fontsize=8.5)
    lo, hi = min(values.min(), 0.0), max(values.max(), 0.0)
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - 0.14 * span, hi + 0.14 * span)
    ax.set_ylim(-0.7, len(df) - 0.3)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(color=GAIN_COLOUR, label="Vinner"),
        Patch(color=LOSS_COLOUR, label="Förlorar"),
        Line2D([], [], linestyle="", marker="", label="● = i Östersunds kommun"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return fig


def _geo_order(df: pd.DataFrame) -> list[str]:
    """hc_id from north to south (latitude), falling back to name when there are no coordinates."""
    if "lat" in df.columns and df["lat"].notna().all():
        return list(df.sort_values(["lat", "namn"], ascending=[False, True], kind="stable")["hc_id"])
    return list(df.sort_values("namn", kind="stable")["hc_id"])


def group_chart(
    groups: pd.DataFrame,
    title: str,
    colours: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    order: Sequence[str] | None = None,
) -> plt.Figure:
    """Grouped horizontal bars: change per listed person by group (rows: scenarios).

    `groups` is `analysis.scenarios.group_change(...)`: scenario, etikett, grupp, summa, listade,
    per_listad. Colours by group (ownership colours by default).
    """
    colours = colours or OWNERSHIP_COLOURS
    labels = labels or OWNERSHIP_LABELS
    grp = list(order or [g for g in colours if g in set(groups["grupp"])])
    grp += [g for g in dict.fromkeys(groups["grupp"]) if g not in grp]
    shown = {g: labels.get(g, g) + _centre_count(groups, g) for g in grp}
    rows = list(dict.fromkeys(groups["etikett"]))
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(3.0, 0.9 + 0.22 * len(grp) * len(rows) + 0.15 * len(rows))))
    sns.barplot(
        groups.assign(grupp=groups["grupp"].map(shown)),
        x="per_listad",
        y="etikett",
        hue="grupp",
        order=rows,
        hue_order=list(shown.values()),
        orient="h",
        errorbar=None,
        saturation=1,
        ax=ax,
        palette={shown[g]: colours.get(g, NEUTRAL_COLOUR) for g in grp},
    )
    for bars in ax.containers:
        ax.bar_label(bars, [_kr_label(v) if np.isfinite(v) else "" for v in bars.datavalues], padding=2, fontsize=7.5)
    values = groups["per_listad"].to_numpy(dtype=float)
    span = float(max(np.abs(values).max(), 1.0))
    ax.set_xlim(min(0.0, values.min()) - 0.15 * span, max(0.0, values.max()) + 0.15 * span)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.tick_params(axis="y", labelsize=9)
    ax.set_ylabel("")
    ax.set_xlabel(NET_PER_LISTED + " (gruppens summa / gruppens listade)")
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.2), ncols=min(len(grp), 3), fontsize=8, title=None)
    return fig


def _centre_count(groups: pd.DataFrame, group: str) -> str:
    if "hc" not in groups.columns:
        return ""
    n = int(groups.loc[groups["grupp"] == group, "hc"].iloc[0])
    return f" ({n} hälsocentral{'er' if n != 1 else ''})" if n else ""


def step_chart(steps: pd.DataFrame, title: str) -> plt.Figure:
    """Stacked contributions of each change to each centre's change (per listed person).

    `steps` has hc_id, namn, steg (label), bidrag_per_listad, in the order the steps are applied.
    Centres sorted by their total change; a black dot marks the total. Gains stack to the right
    of zero and losses to the left (pandas' stacked bars).
    """
    order_steps = list(dict.fromkeys(steps["steg"]))
    wide = steps.pivot(index="hc_id", columns="steg", values="bidrag_per_listad")[order_steps]
    total = wide.sum(axis=1).sort_values()
    wide = wide.loc[total.index]
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], _height(len(wide))))
    wide.plot.barh(
        stacked=True,
        ax=ax,
        width=0.7,
        legend=False,
        color=[STEP_COLOURS[k % len(STEP_COLOURS)] for k in range(len(order_steps))],
    )
    ax.scatter(total.to_numpy(), range(len(wide)), color="black", s=14, zorder=4, label="Summa")
    ax.axvline(0, color="#333333", linewidth=0.8)
    names = steps.drop_duplicates("hc_id").set_index("hc_id")["namn"]
    ax.set_yticks(range(len(wide)), [short_name(names[h]) for h in wide.index], fontsize=8.5)
    ax.set_ylim(-0.7, len(wide) - 0.3)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(NET_PER_LISTED)
    ax.set_ylabel("")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=7.5)
    return fig


def change_heatmap(
    compare_long: pd.DataFrame,
    scenarios: Sequence[str],
    titles: Sequence[str],
    value: str = "skillnad_netto_per_listad",
    title: str | None = None,
    separators: Sequence[int] = (),
) -> plt.Figure:
    """A table as a picture: centres (north to south) × scenarios, each cell the change in kronor
    per listed person, coloured green (gain) to red (loss). Colours saturate at the 90th percentile
    of the absolute changes so that small changes stay visible; the printed numbers are exact, in
    white on the darkest cells (seaborn picks it by the cell's luminance).
    """
    first = compare_long[compare_long["scenario"] == scenarios[0]].set_index("hc_id")
    order = _geo_order(first.reset_index())
    grid = (
        compare_long[compare_long["scenario"].isin(scenarios)]
        .pivot(index="hc_id", columns="scenario", values=value)
        .loc[order, list(scenarios)]
        .astype(float)
    )
    vmax = max(1.0, float(np.nanpercentile(np.abs(grid.to_numpy()), 90)))
    labels = [column_label(t) for t in titles]
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], 1.4 + 0.26 * len(order)))
    sns.heatmap(
        grid,
        ax=ax,
        cmap=DIVERGING,
        vmin=-vmax,
        vmax=vmax,
        cbar=False,
        linewidths=1.2,
        linecolor="white",
        annot=grid.map(_kr_label),
        fmt="",
        annot_kws={"fontsize": 7.5},
        xticklabels=labels,
        yticklabels=[_marked_name(first.loc[h, "namn"], first.loc[h, "kommunkod"]) for h in order],
    )
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize=7, rotation=0, length=0)
    ax.tick_params(axis="y", labelsize=8, rotation=0, length=0)
    ax.set(xlabel="", ylabel="")
    for j in separators:  # e.g. between single changes and whole proposals
        ax.axvline(j, color="#333333", linewidth=1.6)
    lines = max(label.count("\n") + 1 for label in labels)
    ax.set_title(title or "Förändring av netto, kr per listad och år", fontsize=11, pad=12 + 11 * lines)
    return fig
