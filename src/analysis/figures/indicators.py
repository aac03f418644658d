"""Figures for the chapter "Uppföljning": region comparison, funnel plots, trends, continuity.

Every function takes DataFrames (or the result objects of `analysis.indicators`) and returns a
matplotlib Figure in the house style; the notebook passes it to `ch.figure(...)`. Labels are
Swedish; shares are plotted as 0–1 and shown in per cent with `fmt.ticks_pct`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis import formatting as fmt
from analysis.figures.style import (
    FULL_WIDTH,
    NEUTRAL_COLOUR,
    OWNERSHIP_COLOURS,
    OWNERSHIP_LABELS,
)

JAMTLAND_COLOUR = "#1f5f8b"
RIKET_COLOUR = "#000000"
OTHER_REGION_COLOUR = "#b5b5b5"
THRESHOLD_COLOUR = "#c62828"
TARGET_COLOUR = "#2e7d32"
BAND_COLOUR = "#9ecae1"
DOCTOR_COLOUR = "#1f5f8b"
NURSE_COLOUR = "#e07b39"


def _year_axis(ax, years) -> None:
    years = sorted(set(int(y) for y in years))
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=0)
    ax.set_xlim(min(years) - 0.4, max(years) + 0.4)
    ax.set_xlabel("")


def shown_break(panel: pd.DataFrame, kpi: str) -> int | None:
    """The year Kolada changed source for `kpi`, if the panel has years on both sides of it."""
    from analysis.indicators.kolada import SOURCE_BREAKS

    brk = SOURCE_BREAKS.get(kpi)
    return brk if brk and panel["ar"].min() < brk <= panel["ar"].max() else None


def region_comparison(
    panels: Sequence[pd.DataFrame],
    titles: Sequence[str],
    thresholds: Sequence[tuple[float, str] | None] = (),
    breaks: Sequence[int | None] = (),
) -> plt.Figure:
    """Jämtland Härjedalen and Riket highlighted against every other region (thin grey lines).

    `panels` are `analysis.indicators.region_panel(...)` frames (columns ar, region_id, andel,
    roll). `thresholds[i]` = (value, label) draws a horizontal reference line (e.g. the 85 %
    kömiljard threshold); `breaks[i]` = year from which the source changed (dotted line).
    """
    fig, axes = plt.subplots(1, len(panels), figsize=(FULL_WIDTH[0], 4.6), sharey=True)
    axes = np.atleast_1d(axes)
    lo = min(p["andel"].min() for p in panels)
    for i, (ax, panel, title) in enumerate(zip(axes, panels, titles)):
        for _, g in panel[panel["roll"] == "ovrig"].groupby("region_id"):
            g = g.sort_values("ar")
            ax.plot(g["ar"], g["andel"], color=OTHER_REGION_COLOUR, lw=0.8, alpha=0.8, zorder=1)
        r = panel[panel["roll"] == "riket"].sort_values("ar")
        ax.plot(r["ar"], r["andel"], color=RIKET_COLOUR, lw=2, ls="--", zorder=3)
        j = panel[panel["roll"] == "jamtland"].sort_values("ar")
        ax.plot(j["ar"], j["andel"], color=JAMTLAND_COLOUR, lw=2.6, marker="o", ms=4.5, zorder=4)
        if len(j):
            last = j.iloc[-1]
            ax.annotate(
                fmt.pct(last["andel"], 1),
                (last["ar"], last["andel"]),
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                color=JAMTLAND_COLOUR,
                fontweight="bold",
            )
        threshold = thresholds[i] if i < len(thresholds) else None
        if threshold is not None:
            value, label = threshold
            ax.axhline(value, color=THRESHOLD_COLOUR, lw=1.3, ls=":", zorder=2)
            ax.text(
                panel["ar"].min() - 0.3,
                value + 0.004,
                label,
                color=THRESHOLD_COLOUR,
                fontsize=8.5,
                va="bottom",
                ha="left",
            )
        brk = breaks[i] if i < len(breaks) else None
        if brk is not None:
            ax.axvline(brk - 0.5, color=NEUTRAL_COLOUR, lw=1, ls=":", zorder=0)
            ax.text(brk - 0.45, lo - 0.02, "ny källa", fontsize=8, color=NEUTRAL_COLOUR, va="bottom", ha="left")
        ax.set_title(title)
        _year_axis(ax, panel["ar"])
        ax.tick_params(axis="x", labelrotation=45)
        fmt.ticks_pct(ax)
    axes[0].set_ylabel("Andel")
    axes[0].set_ylim(max(0.0, lo - 0.03), 1.0)
    handles = [
        Line2D([], [], color=JAMTLAND_COLOUR, lw=2.6, marker="o", ms=4.5, label="Jämtland Härjedalen"),
        Line2D([], [], color=RIKET_COLOUR, lw=2, ls="--", label="Riket"),
        Line2D([], [], color=OTHER_REGION_COLOUR, lw=1, label="Övriga regioner"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=3, bbox_to_anchor=(0.5, -0.04))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def funnel_plot(
    funnel,
    halsocentraler: pd.DataFrame,
    title: str,
    xlabel: str,
    ylabel: str,
    target_label: str,
    pct: bool = True,
    reference: tuple[float, str] | None = None,
    id_col: str = "hc_id",
    show_adjusted: bool = True,
) -> plt.Figure:
    """A funnel plot: centres (coloured by ownership) around the region with 95/99,8 % limits.

    `funnel` is an `analysis.indicators.Funnel`. With `show_adjusted` (and τ² > 0) the 99,8 %
    limits widened for over-dispersion are drawn dotted and the centres outside *them* are
    named; otherwise the centres outside the plain 99,8 % limits are named.
    `reference` = (value, label) adds a target line (e.g. the national antibiotics target).
    """
    fig, ax = plt.subplots(figsize=FULL_WIDTH)
    c = funnel.curve
    ax.fill_between(c["n"], c["nedre_998"], c["ovre_998"], color="#eeeeee", zorder=0, step="mid")
    ax.fill_between(c["n"], c["nedre_95"], c["ovre_95"], color="#dddddd", zorder=0, step="mid")
    for col, ls in (("95", "--"), ("998", "-")):
        ax.step(c["n"], c[f"nedre_{col}"], where="mid", color=NEUTRAL_COLOUR, lw=0.9, ls=ls)
        ax.step(c["n"], c[f"ovre_{col}"], where="mid", color=NEUTRAL_COLOUR, lw=0.9, ls=ls)
    ax.axhline(funnel.target, color=RIKET_COLOUR, lw=1.3)
    adjusted = show_adjusted and "ovre_justerad" in c.columns and funnel.tau2 > 0
    if adjusted:
        ax.plot(c["n"], c["nedre_justerad"], color=THRESHOLD_COLOUR, lw=1.1, ls=":")
        ax.plot(c["n"], c["ovre_justerad"], color=THRESHOLD_COLOUR, lw=1.1, ls=":")
    if reference is not None:
        ax.axhline(reference[0], color=TARGET_COLOUR, lw=1.3, ls=":")
    pts = funnel.points.merge(halsocentraler[[id_col, "namn", "driftsform"]], on=id_col, how="left")
    for form, g in pts.groupby("driftsform"):
        ax.scatter(
            g["n"],
            g["varde"],
            s=38,
            color=OWNERSHIP_COLOURS.get(form, NEUTRAL_COLOUR),
            edgecolor="white",
            linewidth=0.6,
            zorder=3,
        )
    named = "utanfor_justerad" if adjusted else "utanfor_998"
    flagged = pts[pts[named]].sort_values("varde")
    right = c["n"].max() * 0.7
    for k, (_, row) in enumerate(flagged.iterrows()):
        left = row["n"] > right
        ax.annotate(
            row["namn"],
            (row["n"], row["varde"]),
            xytext=(-6 if left else 6, -3 if k % 2 else 3),
            textcoords="offset points",
            fontsize=7.5,
            color="#333333",
            zorder=4,
            ha="right" if left else "left",
            va="center",
        )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, c["n"].max())
    fmt.ticks_kr(ax, axis="x")
    if pct:
        fmt.ticks_pct(ax)
    else:
        fmt.ticks_kr(ax)
    forms = [f for f in OWNERSHIP_COLOURS if f in set(pts["driftsform"])]
    handles = [Line2D([], [], marker="o", ls="", color=OWNERSHIP_COLOURS[f], label=OWNERSHIP_LABELS[f]) for f in forms]
    handles += [
        Line2D([], [], color=RIKET_COLOUR, lw=1.3, label=target_label),
        Line2D([], [], color=NEUTRAL_COLOUR, lw=0.9, ls="--", label="95 % kontrollgräns"),
        Line2D([], [], color=NEUTRAL_COLOUR, lw=0.9, label="99,8 % kontrollgräns"),
    ]
    if adjusted:
        handles.append(
            Line2D(
                [],
                [],
                color=THRESHOLD_COLOUR,
                lw=1.1,
                ls=":",
                label="99,8 % med hänsyn till\nvanlig skillnad mellan\nhälsocentraler",
            )
        )
    if reference is not None:
        handles.append(Line2D([], [], color=TARGET_COLOUR, lw=1.3, ls=":", label=reference[1]))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
    fig.tight_layout()
    return fig


def trend_figure(items: Sequence[Mapping]) -> plt.Figure:
    """Region series with a fitted GLM trend and its 95 % band, one panel per item.

    Each item: `title`, `trend` (`analysis.indicators.Trend`), optional `after` (DataFrame ar,
    andel: points outside the fitted years, e.g. after a source change), `reference`
    (DataFrame ar, andel: e.g. Riket), `threshold` ((value, label)).
    """
    fig, axes = plt.subplots(1, len(items), figsize=(FULL_WIDTH[0], 4.4), sharey=True)
    axes = np.atleast_1d(axes)
    all_years: list[int] = []
    for ax, item in zip(axes, items):
        t = item["trend"]
        f = t.fitted
        ax.fill_between(f["ar"], f["nedre"], f["ovre"], color=BAND_COLOUR, alpha=0.6, lw=0, zorder=1)
        ax.plot(f["ar"], f["anpassad"], color=JAMTLAND_COLOUR, lw=2, zorder=2)
        ax.scatter(t.observed["ar"], t.observed["andel"], color=JAMTLAND_COLOUR, s=26, zorder=3)
        years = list(t.observed["ar"])
        after = item.get("after")
        if after is not None and len(after):
            ax.scatter(after["ar"], after["andel"], facecolor="white", edgecolor=JAMTLAND_COLOUR, s=26, zorder=3)
            years += list(after["ar"])
        ref = item.get("reference")
        if ref is not None and len(ref):
            ax.plot(ref["ar"], ref["andel"], color=RIKET_COLOUR, lw=1.2, ls="--", zorder=2)
            years += list(ref["ar"])
        thr = item.get("threshold")
        if thr is not None:
            ax.axhline(thr[0], color=THRESHOLD_COLOUR, lw=1.2, ls=":")
            ax.text(min(years) - 0.3, thr[0] + 0.004, thr[1], color=THRESHOLD_COLOUR, fontsize=8.5, va="bottom")
        ax.set_title(item["title"])
        _year_axis(ax, years)
        ax.tick_params(axis="x", labelrotation=45)
        fmt.ticks_pct(ax)
        all_years += years
    axes[0].set_ylabel("Andel")
    handles = [
        Line2D([], [], marker="o", ls="", color=JAMTLAND_COLOUR, label="Jämtland Härjedalen"),
        Line2D([], [], color=JAMTLAND_COLOUR, lw=2, label="Anpassad trend (GLM)"),
        plt.Rectangle((0, 0), 1, 1, color=BAND_COLOUR, alpha=0.6, label="95 % konfidensband"),
        Line2D([], [], color=RIKET_COLOUR, lw=1.2, ls="--", label="Riket"),
    ]
    if any(item.get("after") is not None and len(item.get("after")) for item in items):
        handles.insert(
            1,
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                markerfacecolor="white",
                color=JAMTLAND_COLOUR,
                label="Ny källa (ingår inte i trenden)",
            ),
        )
    fig.legend(handles=handles, loc="lower center", ncol=3, bbox_to_anchor=(0.5, -0.06), fontsize=9)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    return fig


def continuity_by_centre(
    continuity: pd.DataFrame,
    halsocentraler: pd.DataFrame,
    region: pd.DataFrame,
    measure: str = "mfpc",
    min_n: int = 5,
) -> plt.Figure:
    """Continuity per centre for doctors and nurses, as dots on one row per centre.

    `continuity` is `centre_continuity(...)`; `region` is `region_continuity(...)` (the region's
    mean per profession, drawn as vertical lines). Cells with fewer than `min_n` eligible
    patients are not drawn and the row says "<5".
    """
    wide = continuity.pivot(index="hc_id", columns="yrke", values=[measure, "patienter"])
    names = halsocentraler.set_index("hc_id")["namn"]
    wide = wide.reindex(names.index)
    order = wide[(measure, "lakare")].where(wide[("patienter", "lakare")] >= min_n)
    order = order.sort_values(na_position="first").index
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(4.0, 0.26 * len(order) + 1.4)))
    y = np.arange(len(order))
    for yrke, colour, marker, label in (
        ("lakare", DOCTOR_COLOUR, "o", "Läkare"),
        ("sjukskoterska", NURSE_COLOUR, "D", "Sjuksköterska"),
    ):
        vals = wide.loc[order, (measure, yrke)].astype(float)
        n = wide.loc[order, ("patienter", yrke)].fillna(0)
        ok = n >= min_n
        ax.scatter(vals[ok], y[ok.to_numpy()], color=colour, marker=marker, s=30, zorder=3, label=label)
        reg = region.set_index("yrke")[measure].get(yrke)
        if reg is not None and not pd.isna(reg):
            ax.axvline(reg, color=colour, lw=1, ls="--", zorder=1, label=f"Regionens medelvärde, {label.lower()}")
        for yi in y[~ok.to_numpy()]:
            ax.text(
                1.005,
                yi,
                f"{label.lower()[:3]}. <{min_n}",
                fontsize=7,
                color=colour,
                va="center",
                transform=ax.get_yaxis_transform(),
            )
    lows = wide.loc[order, [(measure, "lakare"), (measure, "sjukskoterska")]].astype(float)
    lows = lows.min(axis=1)
    highs = wide.loc[order, [(measure, "lakare"), (measure, "sjukskoterska")]].astype(float)
    highs = highs.max(axis=1)
    ax.hlines(y, lows, highs, color="#cccccc", lw=1, zorder=2)
    ax.set_yticks(y)
    ax.set_yticklabels([names[i] for i in order], fontsize=8.5)
    ax.set_ylim(-0.7, len(order) - 0.3)
    shown = pd.concat([lows, highs]).dropna()
    low = float(np.floor((shown.min() - 0.05) * 10) / 10) if len(shown) else 0.0
    ax.set_xlim(max(0.0, low), 1.02)
    fmt.ticks_pct(ax, axis="x")
    ax.set_xlabel("Andel av besöken hos den man träffat oftast (medel per patient)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=9)
    fig.tight_layout()
    return fig
