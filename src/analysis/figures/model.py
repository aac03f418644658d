"""Figures for the chapter on the compensation model (report §6). Each function returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis import formatting as fmt
from analysis.figures.style import (
    FULL_WIDTH,
    NEUTRAL_COLOUR,
    OWNERSHIP_COLOURS,
    OWNERSHIP_LABELS,
    REPORT_COLOUR,
    TALL,
)
from analysis.model.bands import AGE_BANDS
from analysis.vocabulary import CNI_SHORT_LABELS, COST_LABELS, COST_TYPES

COMPONENT_COLOURS = {
    "ersattning_listad": "#1f5f8b",
    "ersattning_cni": "#7fb3d5",
    "ersattning_lakemedel": "#e07b39",
    "ersattning_glesbygd": "#5a9e5a",
}
COMPONENT_LABELS = {
    "ersattning_listad": "Ersättning listad",
    "ersattning_cni": "CNI",
    "ersattning_lakemedel": "Läkemedel",
    "ersattning_glesbygd": "Glesbygd",
}
CURVE_COLOURS = {"aldersvikt": "#1f5f8b", "lakemedelsvikt": "#e07b39"}
CURVE_LABELS = {"aldersvikt": "Åldersvikt (ersättning listad)", "lakemedelsvikt": "Läkemedelsvikt"}


def _tall(n_rows: int, width: float = TALL[0]) -> tuple[float, float]:
    return (width, max(3.5, 1.2 + 0.26 * n_rows))


def _colours(driftsform: pd.Series) -> list[str]:
    return [OWNERSHIP_COLOURS.get(d, NEUTRAL_COLOUR) for d in driftsform]


def _ownership_legend(ax, forms, loc="lower right", extra=()) -> None:
    handles = [
        Patch(color=OWNERSHIP_COLOURS.get(f, NEUTRAL_COLOUR), label=OWNERSHIP_LABELS.get(f, f))
        for f in OWNERSHIP_COLOURS
        if f in set(forms)
    ]
    ax.legend(handles=handles + list(extra), loc=loc, fontsize=9, framealpha=0.9, frameon=True, edgecolor="none")


def _legend_below(ax, handles=None, ncol: int = 4) -> None:
    """A legend centred under the axes, below the x-axis label (never over the bars)."""
    from matplotlib.transforms import ScaledTranslation

    offset = ScaledTranslation(0, -0.62, ax.figure.dpi_scale_trans)
    kwargs = {"handles": handles} if handles is not None else {}
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=ax.transAxes + offset,
        ncol=ncol,
        fontsize=8,
        **kwargs,
    )


def weight_curves(weights: pd.DataFrame, published: pd.DataFrame) -> plt.Figure:
    """Age weights and drug weights per age band, with the report's published endpoints.

    `weights`: columns aldersgrupp, aldersvikt, lakemedelsvikt (one row per band).
    `published`: columns kurva (aldersvikt/lakemedelsvikt), aldersgrupp, varde, etikett.
    """
    w = weights.set_index("aldersgrupp").reindex(list(AGE_BANDS))
    x = np.arange(len(AGE_BANDS))
    fig, ax = plt.subplots(figsize=FULL_WIDTH)
    for curve in ("aldersvikt", "lakemedelsvikt"):
        ax.plot(x, w[curve], marker="o", markersize=3.5, color=CURVE_COLOURS[curve], label=CURVE_LABELS[curve])
    ax.axhline(1.0, color=NEUTRAL_COLOUR, linewidth=0.8, linestyle="--")
    ax.annotate(
        "vikt 1 = genomsnittet",
        (0.3, 1.0),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=8,
        color=NEUTRAL_COLOUR,
    )
    first = True
    for row in published.itertuples(index=False):
        xi = AGE_BANDS.index(row.aldersgrupp)
        ax.scatter(
            [xi],
            [row.varde],
            s=70,
            facecolors="none",
            edgecolors=REPORT_COLOUR,
            linewidths=1.4,
            zorder=5,
            label="Publicerat i rapporten §6" if first else None,
        )
        first = False
        offset, ha = _label_offset(row.kurva, row.varde, w[row.kurva])
        ax.annotate(
            row.etikett,
            (xi, row.varde),
            xytext=offset,
            textcoords="offset points",
            fontsize=8,
            ha=ha,
            va="center",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
    ax.set_xlim(-0.6, len(AGE_BANDS) - 0.1)
    top = published["varde"].max() if len(published) else 0.0
    ax.set_ylim(0, max(w[["aldersvikt", "lakemedelsvikt"]].max().max(), top) * 1.12)
    ax.set_xticks(x)
    ax.set_xticklabels([b.replace("-", "–") for b in AGE_BANDS], rotation=60, ha="right", fontsize=8)
    ax.set_xlabel("Åldersgrupp (år)")
    ax.set_ylabel("Vikt (1 = befolkningens genomsnitt)")
    fmt.ticks_kr(ax, decimals=1)
    ax.set_title("Vikter per åldersgrupp")
    ax.legend(loc="upper left")
    return fig


def _label_offset(curve: str, value: float, values: pd.Series) -> tuple[tuple[int, int], str]:
    """Where to put a published point's label: under a minimum, above a maximum, clear of the lines."""
    if value <= values.median():  # a minimum: under the point (drug label shifted right)
        return ((6, -13), "left") if curve == "lakemedelsvikt" else ((0, -15), "center")
    return ((4, 13), "left") if curve == "aldersvikt" else ((0, 13), "right")


def cni_by_centre(per_centre: pd.DataFrame, mean_cni: float, point_value: float) -> plt.Figure:
    """CNI per centre (bars, coloured by ownership) against the listed-weighted region mean.

    The top axis translates CNI into CNI money per listed person (CNI × `point_value` kr).
    """
    df = per_centre[per_centre["listade"] > 0].sort_values("cni")
    fig, ax = plt.subplots(figsize=_tall(len(df)))
    ax.barh(df["namn"], df["cni"], color=_colours(df["driftsform"]), zorder=2)
    ax.axvline(mean_cni, color=REPORT_COLOUR, linestyle="--", linewidth=1, zorder=1)
    for y, value in enumerate(df["cni"]):
        ax.annotate(
            fmt.num(value, 2),
            (value, y),
            xytext=(-3, 0),
            textcoords="offset points",
            va="center",
            ha="right",
            fontsize=7,
            color="white",
            zorder=3,
        )
    ax.set_xlabel("CNI (1 = rikets genomsnitt)")
    ax.set_xlim(0, df["cni"].max() * 1.12)
    fmt.ticks_kr(ax, axis="x", decimals=1)
    top = ax.secondary_xaxis("top", functions=(lambda c: c * point_value, lambda k: k / point_value))
    top.set_xlabel("CNI-ersättning, kr per listad och år")
    fmt.ticks_kr(top, axis="x")
    ax.margins(y=0.01)
    ax.set_title("CNI per hälsocentral", pad=28)
    _ownership_legend(
        ax,
        df["driftsform"],
        extra=[
            plt.Line2D([], [], color=REPORT_COLOUR, linestyle="--", label=f"Regionens medel ({fmt.num(mean_cni, 2)})")
        ],
    )
    return fig


def cni_contributions_chart(contrib: pd.DataFrame) -> plt.Figure:
    """Each variable's part of the CNI per centre (stacked; the bar's length is the CNI).

    `contrib`: index = centre name, columns = CNI variables (as from `cni_contributions`).
    """
    colours = sns.color_palette("tab10", len(contrib.columns))
    labels = [CNI_SHORT_LABELS.get(var, var) for var in contrib.columns]
    return _stacked_by_centre(
        contrib, colours, labels, "Bidrag till CNI", "Vad CNI består av, per hälsocentral", decimals=1
    )


def _stacked_by_centre(
    parts: pd.DataFrame, colours, labels, xlabel: str, title: str, decimals: int = 0, ncol: int = 4
) -> plt.Figure:
    """Horizontal stacked bars, one per centre (index), sorted by total; one segment per column."""
    parts = parts.loc[parts.sum(axis=1).sort_values().index].set_axis(labels, axis=1)
    fig, ax = plt.subplots(figsize=_tall(len(parts)))
    parts.plot.barh(stacked=True, ax=ax, color=list(colours), width=0.8, legend=False)
    ax.set_ylabel("")
    ax.set_xlabel(xlabel)
    fmt.ticks_kr(ax, axis="x", decimals=decimals)
    ax.margins(y=0.01)
    ax.set_title(title)
    _legend_below(ax, ncol=ncol)
    return fig


def _per_listed(per_centre: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """`cols` per listed person, indexed by centre name (centres with listed persons only)."""
    df = per_centre[per_centre["listade"] > 0]
    per = df[cols].div(df["listade"], axis=0)
    per.index = df["namn"]
    return per


def sparsity_share_chart(per_centre: pd.DataFrame) -> plt.Figure:
    """Sparsity money's share of (capitation + CNI + sparsity) per centre, as the report shows it."""
    df = per_centre[per_centre["listade"] > 0].copy()
    base = df["ersattning_listad"] + df["ersattning_cni"] + df["ersattning_glesbygd"]
    df["andel"] = df["ersattning_glesbygd"] / base
    df = df.sort_values("andel")
    fig, ax = plt.subplots(figsize=_tall(len(df)))
    bars = ax.barh(df["namn"], df["andel"], color=_colours(df["driftsform"]))
    ax.bar_label(bars, [fmt.pct(value, 1) for value in df["andel"]], padding=3, fontsize=7)
    ax.set_xlabel("Glesbygdsersättningens andel av ersättning listad + CNI + glesbygd")
    ax.set_xlim(0, max(df["andel"].max() * 1.15, 0.01))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
    fmt.ticks_pct(ax, axis="x")
    ax.margins(y=0.01)
    ax.set_title("Glesbygdsersättningens andel per hälsocentral")
    _ownership_legend(ax, df["driftsform"])
    return fig


def compensation_chart(per_centre: pd.DataFrame) -> plt.Figure:
    """Total compensation per centre (mnkr) and per listed person (kr), coloured by ownership.

    The right panel marks the listed-weighted mean per listed person of each ownership form.
    """
    df = per_centre[per_centre["listade"] > 0].copy()
    df["per_listad"] = df["ersattning_total"] / df["listade"]
    df = df.sort_values("per_listad")
    fig, (left, right) = plt.subplots(1, 2, figsize=_tall(len(df), width=10), sharey=True)
    colours = _colours(df["driftsform"])
    left.barh(df["namn"], df["ersattning_total"] / 1e6, color=colours)
    left.set_xlabel("Miljoner kr per år")
    left.set_title("Ersättning totalt")
    fmt.ticks_kr(left, axis="x")
    right.barh(df["namn"], df["per_listad"], color=colours, zorder=2)
    right.set_xlabel("Kr per listad och år")
    right.set_title("Ersättning per listad")
    fmt.ticks_kr(right, axis="x")
    for form, group in df.groupby("driftsform"):
        mean = group["ersattning_total"].sum() / group["listade"].sum()
        right.axvline(mean, color=OWNERSHIP_COLOURS.get(form, NEUTRAL_COLOUR), linestyle="--", linewidth=1.6, zorder=1)
    handles = [
        Patch(color=OWNERSHIP_COLOURS.get(f, NEUTRAL_COLOUR), label=OWNERSHIP_LABELS.get(f, f))
        for f in OWNERSHIP_COLOURS
        if f in set(df["driftsform"])
    ]
    handles.append(plt.Line2D([], [], color=NEUTRAL_COLOUR, linestyle="--", label="Medel per listad för driftsformen"))
    _legend_below(right, handles=handles, ncol=2)
    for ax in (left, right):
        ax.margins(y=0.01)
    fig.tight_layout()
    return fig


def components_per_listed_chart(per_centre: pd.DataFrame) -> plt.Figure:
    """Compensation per listed person split into its four components (stacked), per centre."""
    cols = list(COMPONENT_COLOURS)
    return _stacked_by_centre(
        _per_listed(per_centre, cols),
        [COMPONENT_COLOURS[c] for c in cols],
        [COMPONENT_LABELS[c] for c in cols],
        "Kr per listad och år",
        "Ersättningens delar per listad",
    )


def costs_per_listed_chart(per_centre: pd.DataFrame) -> plt.Figure:
    """Costs carried per listed person, by cost type (stacked), per centre."""
    listed = per_centre[per_centre["listade"] > 0]
    cols = [f"kostnad_{k}" for k in COST_TYPES if listed[f"kostnad_{k}"].sum() > 0]
    colours = sns.color_palette("Set2", len(cols))
    labels = [COST_LABELS[c.removeprefix("kostnad_")] for c in cols]
    return _stacked_by_centre(
        _per_listed(per_centre, cols),
        colours,
        labels,
        "Kr per listad och år",
        "Kostnader som hälsocentralen bär, per listad",
        ncol=3,
    )
