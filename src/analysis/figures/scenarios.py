"""Figures for the chapter on the proposals (scenarios of report §6.1 and §9).

Every function takes DataFrames from `analysis.scenarios` (`ScenarioResult.per_centre`,
`compare(...)`, `group_change(...)`, `cni_sweep(...)`, `sensitivity(...)`) and returns a
matplotlib Figure in the house style; the notebook passes it to `ch.figure(...)`.
Gains are green, losses red (`GAIN_COLOUR`, `LOSS_COLOUR`); money in Swedish number format.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.transforms import Bbox

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
#: Östersund hospital (lat, lon), the reference point of the 2020 sparsity rule (report §9).
OSTERSUND_HOSPITAL = (63.1766, 14.6361)
NEAR_KM = 35
AREA_COLOURS = {"Östersunds kommun": "#1f5f8b", "Övriga länet": "#8c6d31"}
DIVERGING = LinearSegmentedColormap.from_list("vinst_forlust", [LOSS_COLOUR, "#f2f2f2", GAIN_COLOUR])


def short_name(name: str) -> str:
    """`Frösö hälsocentral` → `Frösö`, `Hälsocentralen Ripan (Medinord AB)` → `Ripan (Medinord AB)`."""
    out = str(name)
    for prefix in ("Hälsocentralen ", "Hälsorum "):
        if out.startswith(prefix):
            out = out[len(prefix):]
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


def _sign_colours(values: pd.Series, tol: float = 0.5) -> list[str]:
    return [GAIN_COLOUR if v > tol else LOSS_COLOUR if v < -tol else NEUTRAL_COLOUR for v in values]


def _height(n_rows: int) -> float:
    return max(3.2, min(TALL[1] + 1.5, 1.0 + 0.27 * n_rows))


def _value_labels(ax, y, values, span: float) -> None:
    pad = span * 0.012
    for yi, v in zip(y, values):
        text = fmt.num(v) if abs(v) >= 0.5 else "0"
        ax.text(v + (pad if v >= 0 else -pad), yi, text, va="center", ha="left" if v >= 0 else "right",
                fontsize=7.5, color="#333333")


def change_bars(per_centre: pd.DataFrame, title: str, value: str = "skillnad_netto_per_listad",
                xlabel: str = NET_PER_LISTED) -> plt.Figure:
    """Diverging bar chart: each centre's change, sorted, gains green and losses red.

    Östersund's centres (kommunkod 2380) are marked with ● after the name.
    """
    df = per_centre.sort_values(value, kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], _height(len(df))))
    y = np.arange(len(df))
    values = df[value].astype(float)
    ax.barh(y, values, color=_sign_colours(values), height=0.7)
    ax.axvline(0, color="#333333", linewidth=0.8)
    labels = [short_name(n) + (" ●" if k == "2380" else "") for n, k in zip(df["namn"], df["kommunkod"])]
    ax.set_yticks(y, labels, fontsize=8.5)
    lo, hi = min(values.min(), 0.0), max(values.max(), 0.0)
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - 0.14 * span, hi + 0.14 * span)
    _value_labels(ax, y, values, span)
    ax.set_ylim(-0.7, len(df) - 0.3)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    handles = [Patch(color=GAIN_COLOUR, label="Vinner"), Patch(color=LOSS_COLOUR, label="Förlorar"),
               Line2D([], [], linestyle="", marker="", label="● = i Östersunds kommun")]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return fig


def change_small_multiples(compare_long: pd.DataFrame, scenarios: Sequence[str], titles: Sequence[str],
                           value: str = "skillnad_netto_per_listad", ncols: int = 3) -> plt.Figure:
    """One diverging panel per scenario, centres in the same order (north to south) in every panel."""
    first = compare_long[compare_long["scenario"] == scenarios[0]]
    order = _geo_order(first)
    n = len(scenarios)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(FULL_WIDTH[0], 0.6 + nrows * (0.2 * len(order) + 0.7)),
                             sharey=True, squeeze=False)
    vmax = max(1.0, float(compare_long[compare_long["scenario"].isin(scenarios)][value].abs().max()))
    y = np.arange(len(order))
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.set_visible(False)
            continue
        part = compare_long[compare_long["scenario"] == scenarios[i]].set_index("hc_id").loc[order]
        values = part[value].astype(float)
        ax.barh(y, values, color=_sign_colours(values), height=0.72)
        ax.axvline(0, color="#333333", linewidth=0.7)
        ax.set_xlim(-vmax * 1.05, vmax * 1.05)
        ax.set_title(titles[i], fontsize=9.5)
        ax.tick_params(axis="x", labelsize=7.5)
        fmt.ticks_kr(ax, axis="x")
        ax.grid(axis="y", visible=False)
        if i % ncols == 0:
            ax.set_yticks(y, [short_name(nm) for nm in part["namn"]], fontsize=7.5)
    for ax in axes[-1]:
        if ax.get_visible():
            ax.set_xlabel("kr per listad", fontsize=8)
    axes[0, 0].set_ylim(len(order) - 0.4, -0.6)  # north at the top
    fig.suptitle("Varje förändring för sig: förändring av netto per listad (norr överst)",
                 x=0.01, ha="left", fontsize=11, fontweight="bold")
    fig.tight_layout()
    return fig


def _geo_order(df: pd.DataFrame) -> list[str]:
    """hc_id from north to south (latitude), falling back to name when there are no coordinates."""
    if "lat" in df.columns and df["lat"].notna().all():
        return list(df.sort_values(["lat", "namn"], ascending=[False, True], kind="stable")["hc_id"])
    return list(df.sort_values("namn", kind="stable")["hc_id"])


def cni_sweep_chart(sweep: pd.DataFrame, highlight: int = 2, marks: Sequence[tuple[float, str]] = (),
                    value: str = "ersattning_per_listad") -> plt.Figure:
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
    handles = [Line2D([], [], color=GAIN_COLOUR, linewidth=2.2, label="Vinner mest"),
               Line2D([], [], color=LOSS_COLOUR, linewidth=2.2, label="Förlorar mest"),
               Line2D([], [], color="#b5b5b5", linewidth=0.9, label="Övriga hälsocentraler")]
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
        ax.annotate(short_name(names[hc]), xy=(x, value), xytext=(x + 0.01, y), fontsize=8, color=colour,
                    va="center", arrowprops=None)


def group_chart(groups: pd.DataFrame, title: str, colours: dict[str, str] | None = None,
                labels: dict[str, str] | None = None, order: Sequence[str] | None = None) -> plt.Figure:
    """Grouped horizontal bars: change per listed person by group (rows: scenarios).

    `groups` is `analysis.scenarios.group_change(...)`: scenario, etikett, grupp, summa, listade,
    per_listad. Colours by group (ownership colours by default).
    """
    colours = colours or OWNERSHIP_COLOURS
    labels = labels or OWNERSHIP_LABELS
    scen = list(dict.fromkeys(groups["scenario"]))
    etik = groups.drop_duplicates("scenario").set_index("scenario")["etikett"]
    grp = list(order or [g for g in colours if g in set(groups["grupp"])])
    grp += [g for g in dict.fromkeys(groups["grupp"]) if g not in grp]
    n = len(grp)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(3.0, 0.9 + 0.22 * n * len(scen) + 0.15 * len(scen))))
    height = 0.8 / n
    table = groups.set_index(["scenario", "grupp"])["per_listad"]
    vals = table.to_numpy(dtype=float)
    span = float(max(np.abs(vals).max(), 1.0))
    for j, g in enumerate(grp):
        ys, xs = [], []
        for i, s in enumerate(scen):
            if (s, g) in table.index:
                ys.append(i + (j - (n - 1) / 2) * height)
                xs.append(float(table[(s, g)]))
        n_hc = int(groups.loc[groups["grupp"] == g, "hc"].iloc[0]) if "hc" in groups.columns else None
        label = labels.get(g, g) + (f" ({n_hc} hälsocentral{'er' if n_hc != 1 else ''})" if n_hc else "")
        ax.barh(ys, xs, height=height * 0.92, color=colours.get(g, NEUTRAL_COLOUR), label=label)
        for yi, v in zip(ys, xs):
            ax.text(v + (span * 0.01 if v >= 0 else -span * 0.01), yi, fmt.num(v), va="center",
                    ha="left" if v >= 0 else "right", fontsize=7.5)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(scen)), [etik[s] for s in scen], fontsize=9)
    ax.set_ylim(len(scen) - 0.5, -0.5)
    lo = min(0.0, float(vals.min()))
    hi = max(0.0, float(vals.max()))
    ax.set_xlim(lo - 0.15 * span, hi + 0.15 * span)
    ax.set_xlabel(NET_PER_LISTED + " (gruppens summa / gruppens listade)")
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=min(n, 3), fontsize=8)
    return fig


def catchment_chart(per_centre: pd.DataFrame, limit: float | None = None,
                    value: str = "skillnad_netto_per_listad") -> plt.Figure:
    """Change per listed person against the catchment population (sparsity by catchment)."""
    df = per_centre
    fig, ax = plt.subplots(figsize=FULL_WIDTH)
    colours = _sign_colours(df[value])
    sizes = 20 + 120 * df["listade"] / df["listade"].max()
    ax.scatter(df["upptagningsomrade_befolkning"], df[value], s=sizes, c=colours, alpha=0.85,
               edgecolor="white", linewidth=0.6, zorder=3)
    ax.axhline(0, color="#333333", linewidth=0.8)
    if limit:
        ax.axvline(limit, color="#333333", linestyle="--", linewidth=0.8)
        ax.text(limit, 1.0, f" gräns {fmt.num(limit)} invånare", transform=ax.get_xaxis_transform(),
                va="top", fontsize=8)
    fmt.ticks_kr(ax, axis="x")
    fmt.ticks_kr(ax, axis="y")
    ax.set_xlabel("Invånare i hälsocentralens upptagningsområde")
    ax.set_ylabel("Förändring, kr per listad")
    ax.set_title("Glesbygdsersättning efter upptagningsområde: små områden vinner")
    ax.text(0.99, 0.02, "Punktens storlek: antal listade", transform=ax.transAxes, ha="right", fontsize=7.5,
            color="#555555")
    extremes = pd.concat([df.nlargest(3, value), df.nsmallest(2, value)]).drop_duplicates("hc_id")
    radius_px = np.sqrt(sizes.to_numpy()) / 2 * fig.dpi / 72
    _place_labels(ax, list(extremes["upptagningsomrade_befolkning"]), list(extremes[value]),
                  [short_name(n) for n in extremes["namn"]],
                  avoid=list(zip(df["upptagningsomrade_befolkning"], df[value], radius_px)), fontsize=8)
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
    a = np.sin((la - math.radians(lat0)) / 2) ** 2 + np.cos(la) * math.cos(math.radians(lat0)) * \
        np.sin((lo - math.radians(lon0)) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def _place_labels(ax, xs, ys, texts, avoid=(), fontsize: float = 7.5) -> None:
    """Greedy label placement: try right, left, below, above each point; keep the first position
    whose box overlaps no placed label and no other point. Deterministic (points in given order)."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    points = [(*ax.transData.transform((px, py)), r) for px, py, r in avoid]
    placed = []
    options = [((7, 0), "left", "center"), ((-7, 0), "right", "center"), ((0, -8), "center", "top"),
               ((0, 8), "center", "bottom")]
    for px, py, text in zip(xs, ys, texts):
        here = ax.transData.transform((px, py))
        chosen = None
        for offset, ha, va in options:
            ann = ax.annotate(text, (px, py), xytext=offset, textcoords="offset points", ha=ha, va=va,
                              fontsize=fontsize, zorder=4)
            box = ann.get_window_extent(renderer).expanded(1.04, 1.1)
            hits_label = any(box.overlaps(b) for b in placed)
            hits_point = any(box.overlaps(Bbox.from_extents(qx - r, qy - r, qx + r, qy + r))
                             for qx, qy, r in points if abs(qx - here[0]) > 1 or abs(qy - here[1]) > 1)
            if not hits_label and not hits_point:
                chosen = box
                break
            ann.remove()
        if chosen is None:  # nothing free: keep the first position
            ann = ax.annotate(text, (px, py), xytext=(7, 0), textcoords="offset points", ha="left",
                              va="center", fontsize=fontsize, zorder=4)
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


def change_map(per_centre: pd.DataFrame, title: str, outlines: Sequence[np.ndarray] = (),
               value: str = "skillnad_netto_per_listad") -> plt.Figure:
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
    sc = ax.scatter(x, y, c=df[value], cmap=DIVERGING, norm=norm, s=sizes, edgecolor="#333333",
                    linewidth=0.5, zorder=3)
    near = _km_from(df["lat"], df["lon"], *OSTERSUND_HOSPITAL) < NEAR_KM
    if near.any():
        box = df[near].sort_values(value, ascending=False)
        text = "\n".join(f"{short_name(n)} {fmt.num(v)}" for n, v in zip(box["namn"], box[value]))
        ax.annotate(f"Inom {NEAR_KM} km från Östersund:\n" + text, xy=OSTERSUND_HOSPITAL[::-1],
                    xytext=(0.74, 0.30), textcoords="axes fraction", fontsize=7.5, va="top",
                    arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6},
                    bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#bbbbbb"}, zorder=5)
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
    ax.text(0.0, 0.0, "Punktens storlek: antal listade. Kommungränser: Open Knowledge Sweden.",
            transform=ax.transAxes, fontsize=7, color="#555555")
    labelled = [i for i in df.index if not near[i]]  # placed last: needs the final axes layout
    radius_px = np.sqrt(sizes.to_numpy()) / 2 * fig.dpi / 72
    _place_labels(ax, [x[i] for i in labelled], [y[i] for i in labelled],
                  [f"{short_name(df.loc[i, 'namn'])} {fmt.num(df.loc[i, value])}" for i in labelled],
                  avoid=list(zip(x, y, radius_px)))
    return fig


def tornado_chart(sens: pd.DataFrame, title: str | None = None) -> plt.Figure:
    """Tornado: each assumption's outcome at its low and high value around the chosen value.

    `sens` is `analysis.scenarios.sensitivity(...)`; the outcome's description is
    `sens.attrs["utfall"]`. Longest bar on top; for each assumption the low (or first alternative)
    value is the upper, light bar and the high (or second alternative) the lower, dark bar, each
    labelled with the value used and the outcome.
    """
    df = sens.reset_index(drop=True)
    base = float(df.attrs.get("utfall_bas", df["utfall_bas"].iloc[0] if len(df) else 0.0))
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(2.6, 1.3 + 0.62 * len(df))))
    span = float(max((df[["utfall_lag", "utfall_hog"]] - base).abs().to_numpy().max(), 1.0)) if len(df) else 1.0
    for i, row in df.iterrows():
        for key, lab, colour, dy in (("utfall_lag", "lag_etikett", "#7fa7c9", -0.19),
                                     ("utfall_hog", "hog_etikett", "#1f5f8b", 0.19)):
            v = float(row[key])
            ax.barh(i + dy, v - base, left=base, color=colour, height=0.36)
            right = v >= base
            ax.text(v + (span * 0.02 if right else -span * 0.02), i + dy, f"{row[lab]}: {fmt.num(v)}",
                    va="center", ha="left" if right else "right", fontsize=7.5)
    ax.axvline(base, color="#333333", linewidth=1.0)
    ax.set_yticks(range(len(df)), df["etikett"], fontsize=8.5)
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.set_xlim(base - span * 1.8, base + span * 1.8)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"Utfall: {df.attrs.get('utfall', '')}\nLodrät linje: med de valda antagandena ({fmt.num(base)})",
                  fontsize=8.5)
    ax.set_title(title or "Känslighetsanalys")
    handles = [Patch(color="#7fa7c9", label="Lägre värde / första alternativet"),
               Patch(color="#1f5f8b", label="Högre värde / andra alternativet")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2, fontsize=8)
    return fig


def step_chart(steps: pd.DataFrame, title: str) -> plt.Figure:
    """Stacked contributions of each change to each centre's change (per listed person).

    `steps` has hc_id, namn, steg (label), bidrag_per_listad, in the order the steps are applied.
    Centres sorted by their total change; a black dot marks the total.
    """
    order_steps = list(dict.fromkeys(steps["steg"]))
    wide = steps.pivot(index="hc_id", columns="steg", values="bidrag_per_listad")[order_steps]
    names = steps.drop_duplicates("hc_id").set_index("hc_id")["namn"]
    total = wide.sum(axis=1).sort_values()
    wide = wide.loc[total.index]
    palette = ["#1f5f8b", "#e07b39", "#5a9e5a", "#8c6d31", "#9467bd", "#17becf"]
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], _height(len(wide))))
    y = np.arange(len(wide))
    pos = np.zeros(len(wide))
    neg = np.zeros(len(wide))
    for k, col in enumerate(order_steps):
        v = wide[col].to_numpy(dtype=float)
        left = np.where(v >= 0, pos, neg)
        ax.barh(y, v, left=left, color=palette[k % len(palette)], height=0.7, label=col)
        pos += np.where(v >= 0, v, 0)
        neg += np.where(v < 0, v, 0)
    ax.scatter(total.to_numpy(), y, color="black", s=14, zorder=4, label="Summa")
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, [short_name(names[h]) for h in wide.index], fontsize=8.5)
    ax.set_ylim(-0.7, len(wide) - 0.3)
    fmt.ticks_kr(ax, axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(NET_PER_LISTED)
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=7.5)
    return fig


def change_heatmap(compare_long: pd.DataFrame, scenarios: Sequence[str], titles: Sequence[str],
                   value: str = "skillnad_netto_per_listad", title: str | None = None,
                   separators: Sequence[int] = ()) -> plt.Figure:
    """A table as a picture: centres (north to south) × scenarios, each cell the change in kronor
    per listed person, coloured green (gain) to red (loss). Colours saturate at the 90th percentile
    of the absolute changes so that small changes stay visible; the printed numbers are exact.
    """
    first = compare_long[compare_long["scenario"] == scenarios[0]]
    order = _geo_order(first)
    names = first.set_index("hc_id")["namn"]
    grid = (compare_long[compare_long["scenario"].isin(scenarios)]
            .pivot(index="hc_id", columns="scenario", values=value).loc[order, list(scenarios)])
    values = grid.to_numpy(dtype=float)
    vmax = max(1.0, float(np.nanpercentile(np.abs(values), 90)))
    norm = TwoSlopeNorm(vmin=-vmax, vcenter=0.0, vmax=vmax)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], 1.4 + 0.26 * len(order)))
    ax.imshow(np.clip(values, -vmax, vmax), cmap=DIVERGING, norm=norm, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            strong = abs(v) > 0.6 * vmax
            ax.text(j, i, fmt.num(v) if abs(v) >= 0.5 else "0", ha="center", va="center", fontsize=7.5,
                    color="white" if strong else "#222222")
    labels = [column_label(t) for t in titles]
    ax.set_xticks(range(len(scenarios)), labels, fontsize=7)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(order)), [short_name(names[h]) + (" ●" if k == "2380" else "")
                                      for h, k in zip(order, first.set_index("hc_id").loc[order, "kommunkod"])],
                  fontsize=8)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(scenarios)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(order)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="both", length=0)
    for j in separators:  # e.g. between single changes and whole proposals
        ax.axvline(j - 0.5, color="#333333", linewidth=1.6)
    lines = max(label.count("\n") + 1 for label in labels)
    ax.set_title(title or "Förändring av netto, kr per listad och år", fontsize=11, pad=12 + 11 * lines)
    return fig
