"""Where the centres are: the map of the county and the change against the catchment's size.

Both take `ScenarioResult.per_centre` (`analysis.scenarios`) with each centre's place (`lat`,
`lon`) and catchment population, and return a matplotlib Figure in the house style. Labels are
placed so that they cover neither each other nor a point (`_place_labels`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Polygon
from matplotlib.transforms import Bbox

from analysis import formatting as fmt
from analysis.figures.scenarios import DIVERGING, NET_PER_LISTED, short_name, sign_colours
from analysis.figures.style import FULL_WIDTH

#: Östersund hospital (lat, lon), the reference point of the 2020 sparsity rule (report §9).
OSTERSUND_HOSPITAL = (63.1766, 14.6361)
NEAR_KM = 35
#: Colours of the two areas of `analysis.scenarios.group_change(..., "omrade")`.
AREA_COLOURS = {"Östersunds kommun": "#1f5f8b", "Övriga länet": "#8c6d31"}


def catchment_chart(
    per_centre: pd.DataFrame, limit: float | None = None, value: str = "skillnad_netto_per_listad"
) -> plt.Figure:
    """Change per listed person against the catchment population (sparsity by catchment)."""
    df = per_centre
    fig, ax = plt.subplots(figsize=FULL_WIDTH)
    colours = sign_colours(df[value])
    sizes = 20 + 120 * df["listade"] / df["listade"].max()
    ax.scatter(
        df["upptagningsomrade_befolkning"],
        df[value],
        s=sizes,
        c=colours,
        alpha=0.85,
        edgecolor="white",
        linewidth=0.6,
        zorder=3,
    )
    ax.axhline(0, color="#333333", linewidth=0.8)
    if limit:
        ax.axvline(limit, color="#333333", linestyle="--", linewidth=0.8)
        ax.text(
            limit, 1.0, f" gräns {fmt.num(limit)} invånare", transform=ax.get_xaxis_transform(), va="top", fontsize=8
        )
    fmt.ticks_kr(ax, axis="x")
    fmt.ticks_kr(ax, axis="y")
    ax.set_xlabel("Invånare i hälsocentralens upptagningsområde")
    ax.set_ylabel("Förändring, kr per listad")
    ax.set_title("Glesbygdsersättning efter upptagningsområde: små områden vinner")
    ax.text(
        0.99, 0.02, "Punktens storlek: antal listade", transform=ax.transAxes, ha="right", fontsize=7.5, color="#555555"
    )
    extremes = pd.concat([df.nlargest(3, value), df.nsmallest(2, value)]).drop_duplicates("hc_id")
    radius_px = np.sqrt(sizes.to_numpy()) / 2 * fig.dpi / 72
    _place_labels(
        ax,
        list(extremes["upptagningsomrade_befolkning"]),
        list(extremes[value]),
        [short_name(n) for n in extremes["namn"]],
        avoid=list(zip(df["upptagningsomrade_befolkning"], df[value], radius_px)),
        fontsize=8,
    )
    return fig


def _spread_identical(lon: pd.Series, lat: pd.Series, radius: float = 0.09) -> tuple[np.ndarray, np.ndarray]:
    """Place centres that share a coordinate on a small circle around it (deterministic)."""
    x, y = lon.to_numpy(dtype=float).copy(), lat.to_numpy(dtype=float).copy()
    keys = [f"{a:.4f},{b:.4f}" for a, b in zip(x, y)]
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        for j, i in enumerate(members):
            angle = 2 * math.pi * j / len(members)
            x[i] += radius * 2.0 * math.cos(angle)  # a degree of longitude is ~half a degree of latitude here
            y[i] += radius * math.sin(angle)
    return x, y


def _km_from(lat: pd.Series, lon: pd.Series, lat0: float, lon0: float) -> pd.Series:
    """Great-circle distance in km (haversine)."""
    la, lo = np.radians(lat.astype(float)), np.radians(lon.astype(float))
    a = (
        np.sin((la - math.radians(lat0)) / 2) ** 2
        + np.cos(la) * math.cos(math.radians(lat0)) * np.sin((lo - math.radians(lon0)) / 2) ** 2
    )
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def _place_labels(ax, xs, ys, texts, avoid=(), fontsize: float = 7.5) -> None:
    """Greedy label placement: try right, left, below, above each point; keep the first position
    whose box overlaps no placed label and no other point. Deterministic (points in given order)."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    points = [(*ax.transData.transform((px, py)), r) for px, py, r in avoid]
    placed = []
    options = [
        ((7, 0), "left", "center"),
        ((-7, 0), "right", "center"),
        ((0, -8), "center", "top"),
        ((0, 8), "center", "bottom"),
    ]
    for px, py, text in zip(xs, ys, texts):
        here = ax.transData.transform((px, py))
        chosen = None
        for offset, ha, va in options:
            ann = ax.annotate(
                text, (px, py), xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=fontsize, zorder=4
            )
            box = ann.get_window_extent(renderer).expanded(1.04, 1.1)
            hits_label = any(box.overlaps(b) for b in placed)
            hits_point = any(
                box.overlaps(Bbox.from_extents(qx - r, qy - r, qx + r, qy + r))
                for qx, qy, r in points
                if abs(qx - here[0]) > 1 or abs(qy - here[1]) > 1
            )
            if not hits_label and not hits_point:
                chosen = box
                break
            ann.remove()
        if chosen is None:  # nothing free: keep the first position
            ann = ax.annotate(
                text,
                (px, py),
                xytext=(7, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=fontsize,
                zorder=4,
            )
            chosen = ann.get_window_extent(renderer)
        placed.append(chosen)


def load_outlines(path: str | Path | None) -> list[np.ndarray]:
    """Municipality outlines (lon, lat rings) from a GeoJSON file; [] if the file is missing."""
    if path is None or not Path(path).exists():
        return []
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rings = []
    for feature in data.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            if poly:
                rings.append(np.asarray(poly[0], dtype=float))
    return rings


def change_map(
    per_centre: pd.DataFrame, title: str, outlines: Sequence[np.ndarray] = (), value: str = "skillnad_netto_per_listad"
) -> plt.Figure:
    """A simple map: each centre a dot at its place, coloured by its change, sized by listed.

    Centres sharing a place (Östersund town) are spread on a small circle and named together;
    the others are named with their change. Municipality outlines are drawn when given
    (`load_outlines`).
    """
    df = per_centre.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], 7.2))
    vmax = max(1.0, float(df[value].abs().max()))
    norm = TwoSlopeNorm(vmin=-vmax, vcenter=0.0, vmax=vmax)
    for ring in outlines:
        ax.add_patch(Polygon(ring, closed=True, facecolor="#f7f7f7", edgecolor="#9a9a9a", linewidth=0.6))
    x, y = _spread_identical(df["lon"], df["lat"], radius=0.07)
    sizes = 30 + 220 * df["listade"] / df["listade"].max()
    sc = ax.scatter(x, y, c=df[value], cmap=DIVERGING, norm=norm, s=sizes, edgecolor="#333333", linewidth=0.5, zorder=3)
    near = _km_from(df["lat"], df["lon"], *OSTERSUND_HOSPITAL) < NEAR_KM
    if near.any():
        box = df[near].sort_values(value, ascending=False)
        text = "\n".join(f"{short_name(n)} {fmt.num(v)}" for n, v in zip(box["namn"], box[value]))
        ax.annotate(
            f"Inom {NEAR_KM} km från Östersund:\n" + text,
            xy=OSTERSUND_HOSPITAL[::-1],
            xytext=(0.74, 0.30),
            textcoords="axes fraction",
            fontsize=7.5,
            va="top",
            arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6},
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#bbbbbb"},
            zorder=5,
        )
    ax.set_aspect(1 / math.cos(math.radians(63)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    if outlines:
        allpts = np.vstack(outlines)
        ax.set_xlim(allpts[:, 0].min() - 0.1, allpts[:, 0].max() + 0.1)
        ax.set_ylim(allpts[:, 1].min() - 0.1, allpts[:, 1].max() + 0.1)
    cbar = fig.colorbar(sc, ax=ax, orientation="horizontal", fraction=0.04, pad=0.03, shrink=0.8, aspect=35)
    cbar.set_label(NET_PER_LISTED, fontsize=8.5)
    cbar.ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: fmt.num(v)))
    cbar.ax.tick_params(labelsize=7.5)
    ax.set_title(title)
    ax.text(
        0.0,
        0.0,
        "Punktens storlek: antal listade. Kommungränser: Open Knowledge Sweden.",
        transform=ax.transAxes,
        fontsize=7,
        color="#555555",
    )
    labelled = [i for i in df.index if not near[i]]  # placed last: needs the final axes layout
    radius_px = np.sqrt(sizes.to_numpy()) / 2 * fig.dpi / 72
    _place_labels(
        ax,
        [x[i] for i in labelled],
        [y[i] for i in labelled],
        [f"{short_name(df.loc[i, 'namn'])} {fmt.num(df.loc[i, value])}" for i in labelled],
        avoid=list(zip(x, y, radius_px)),
    )
    return fig
