"""Interactive figures for the HTML book (plotly), with a static PNG of the same data for the PDF.

The HTML must work without a kernel and without internet: the figure is emitted as a `<div>`
plus inline JSON (`include_plotlyjs=False`; the book loads a bundled `plotly.min.js` from
`_static`), with a fixed `div_id` so two builds give identical bytes. The same display bundle
carries an `image/png` (a matplotlib chart of the same numbers) that the PDF build uses.

    fig = cni_slider_figure(sweep)                      # sweep = analysis.scenarios.cni_sweep(...)
    png = cni_slider_png(sweep)
    display_interactive(fig, png, div_id="fig-forandringar-cni-reglage")
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.figures.style import FULL_WIDTH, OWNERSHIP_COLOURS, OWNERSHIP_LABELS

#: Plotly options: no logo, no link to plotly's cloud, Swedish-friendly number separators.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["lasso2d", "select2d"], "toImageButtonOptions": {"format": "png"}}


def _pct_label(share: float) -> str:
    return fmt.pct(share).replace("\u00a0", " ")


def _num(value: float) -> str:
    return fmt.num(value).replace("\u00a0", " ")


def _centre_order(sweep: pd.DataFrame) -> list[str]:
    """Centres ordered by their change from the lowest to the highest share (biggest loser first)."""
    shares = sorted(sweep["andel"].unique())
    wide = sweep.pivot(index="hc_id", columns="andel", values="ersattning_per_listad")
    change = (wide[shares[-1]] - wide[shares[0]]).sort_values(kind="stable")
    return list(change.index)


def cni_slider_figure(sweep: pd.DataFrame, start_share: float | None = None):
    """A plotly bar chart of each centre's compensation per listed person, with a CNI-share slider.

    One trace per share (only one visible at a time); the slider switches between them, so the
    figure needs no kernel. Bars coloured by ownership; hover text gives the change from the
    lowest share (2020's 25 %). Axis range fixed over all shares so bars move visibly.
    """
    import plotly.graph_objects as go

    from analysis.figures.scenarios import short_name

    shares = sorted(float(s) for s in sweep["andel"].unique())
    start = shares[0] if start_share is None else min(shares, key=lambda s: abs(s - start_share))
    order = _centre_order(sweep)
    info = sweep.drop_duplicates("hc_id").set_index("hc_id").loc[order]
    labels = [short_name(n) for n in info["namn"]]
    colours = [OWNERSHIP_COLOURS.get(d, "#6b6b6b") for d in info["driftsform"]]
    fig = go.Figure()
    for share in shares:
        part = sweep[sweep["andel"] == share].set_index("hc_id").loc[order]
        hover = [
            f"<b>{lab}</b><br>{OWNERSHIP_LABELS.get(d, d)}<br>CNI-andel {_pct_label(share)}<br>"
            f"Ersättning: {_num(v)} kr per listad<br>Skillnad mot {_pct_label(shares[0])}: "
            f"{'+' if dv > 0 else ''}{_num(dv)} kr"
            for lab, d, v, dv in zip(labels, info["driftsform"], part["ersattning_per_listad"],
                                     part["skillnad_per_listad"])
        ]
        fig.add_trace(go.Bar(
            x=part["ersattning_per_listad"].round(0).tolist(), y=labels, orientation="h",
            marker={"color": colours}, name=_pct_label(share), visible=(share == start),
            hovertext=hover, hoverinfo="text", showlegend=False,
        ))
    values = sweep["ersattning_per_listad"]
    lo, hi = float(values.min()), float(values.max())
    pad = (hi - lo) * 0.08
    steps = []
    for i, share in enumerate(shares):
        steps.append({
            "method": "update", "label": _pct_label(share),
            "args": [{"visible": [j == i for j in range(len(shares))]},
                     {"title.text": f"Ersättning per listad med CNI-andel {_pct_label(share)}"}],
        })
    fig.update_layout(
        title={"text": f"Ersättning per listad med CNI-andel {_pct_label(start)}", "x": 0.01},
        separators=", ",
        sliders=[{"active": shares.index(start), "steps": steps, "pad": {"t": 40},
                  "currentvalue": {"prefix": "CNI:s andel av den fasta kapiteringen: "}}],
        xaxis={"title": "Ersättning, kr per listad och år", "range": [max(0.0, lo - pad), hi + pad],
               "tickformat": ",.0f"},
        yaxis={"autorange": "reversed", "tickfont": {"size": 10}},
        height=max(420, 22 * len(order) + 220), margin={"l": 150, "r": 20, "t": 60, "b": 40},
        template="plotly_white", font={"family": "DejaVu Sans, Arial, sans-serif"},
    )
    return fig


def cni_slider_png(sweep: pd.DataFrame, shares: Sequence[float] | None = None) -> bytes:
    """Static version for the PDF: for each centre, its compensation per listed person at every
    share (dots, lowest share light, highest dark) joined by a line. Returns PNG bytes."""
    import matplotlib.pyplot as plt

    from analysis.figures.scenarios import short_name

    shares = sorted(float(s) for s in (shares or sweep["andel"].unique()))
    order = _centre_order(sweep)
    wide = sweep.pivot(index="hc_id", columns="andel", values="ersattning_per_listad").loc[order, shares]
    names = sweep.drop_duplicates("hc_id").set_index("hc_id")["namn"]
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(4.0, 1.0 + 0.27 * len(order))))
    y = np.arange(len(order))
    cmap = plt.get_cmap("Blues")
    for i, hc in enumerate(order):
        ax.plot([wide.loc[hc].min(), wide.loc[hc].max()], [i, i], color="#bbbbbb", linewidth=1.0, zorder=1)
    for k, share in enumerate(shares):
        colour = cmap(0.35 + 0.6 * k / max(1, len(shares) - 1))
        ax.scatter(wide[share], y, color=colour, s=16, zorder=2 + k,
                   label=_pct_label(share) if k in (0, len(shares) - 1) else None)
    ax.set_yticks(y, [short_name(names[h]) for h in order], fontsize=8)
    ax.set_ylim(len(order) - 0.4, -0.6)
    fmt.ticks_kr(ax, axis="x")
    ax.set_xlabel("Ersättning, kr per listad och år")
    ax.set_title(f"Ersättning per listad vid CNI-andel {_pct_label(shares[0])}–{_pct_label(shares[-1])}")
    ax.grid(axis="y", visible=False)
    ax.legend(title="CNI-andel", loc="lower right", fontsize=8, title_fontsize=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def html_div(fig, div_id: str) -> str:
    """The figure as a `<div>` + script, without plotly.js (loaded by the book), deterministic."""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOTLY_CONFIG,
                       auto_play=False)


def bundle(fig, png: bytes, div_id: str, alt: str = "") -> dict:
    """The display bundle: `text/html` for the HTML book, `image/png` (base64) for the PDF, text."""
    return {
        "text/html": html_div(fig, div_id),
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": alt or "Interaktiv figur (kräver HTML-versionen av boken).",
    }


def display_interactive(fig, png: bytes, div_id: str, alt: str = "") -> None:
    """Show the figure as one output with HTML, PNG and text (`bundle`); returns nothing, so a
    notebook cell ending with this call shows no extra text."""
    from IPython.display import display

    display(bundle(fig, png, div_id, alt), raw=True)
