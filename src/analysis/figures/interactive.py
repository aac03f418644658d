"""Interactive figures for the HTML book (plotly), with a static PNG of the same data for the PDF.

The HTML must work without a kernel and without internet: the figure is emitted as a `<div>`
plus inline JSON (`include_plotlyjs=False`; the book loads a bundled `plotly.min.js` from
`_static` on the pages that hold a plotly figure), with fixed ids so two builds give identical
bytes. The same display bundle carries an `image/png` (a matplotlib chart of the same numbers)
that the PDF uses. `display_interactive` shows the bundle as a numbered figure with caption,
source and data status (myst-nb's `glue:figure`), like the book's other figures.

The CNI chart shows, per health centre, how its compensation per listed person changes when
CNI's share of the fixed capitation changes, against the 2020 share: bars from zero, one colour
per ownership form (legend). The share is chosen with a native range control under the chart,
which the keyboard reaches and a screen reader announces ("CNI:s andel: 40 %").

    fig = cni_slider_figure(sweep, start_share=baseline.cni_share)
    png = cni_slider_png(sweep, source_line="Källa: …", synthetic=True)
    display_interactive(fig, png, div_id="fig-forandringar-cni-reglage", alt="…",
                        caption="…", source="…", status="syntetisk")
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.figures.style import FULL_WIDTH, OWNERSHIP_COLOURS, OWNERSHIP_LABELS
from analysis.status import status_label

#: Plotly options: no logo, no link to plotly's cloud, no mode bar to tab through.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
CHANGE_AXIS = "Förändring, kr per listad och år"
DEFAULT_CAPTION = (
    "Hur varje hälsocentrals ersättning per listad (alla delar) ändras när CNI:s andel av "
    "den fasta kapiteringen ändras, jämfört med andelen {ref}. Välj andel med reglaget under "
    "diagrammet. Staplarna är färgade efter driftsform."
)


def _pct_label(share: float) -> str:
    return fmt.pct(share).replace("\u00a0", " ")


def _num(value: float) -> str:
    return fmt.num(value).replace("\u00a0", " ")


def _signed(value: float) -> str:
    value = round(value)
    return ("+" if value > 0 else "") + _num(value)


def _centre_order(sweep: pd.DataFrame) -> list[str]:
    """Centres ordered by their change from the lowest to the highest share (biggest loser first)."""
    shares = sorted(sweep["andel"].unique())
    wide = sweep.pivot(index="hc_id", columns="andel", values="ersattning_per_listad")
    change = (wide[shares[-1]] - wide[shares[0]]).sort_values(kind="stable")
    return list(change.index)


def _groups(info: pd.DataFrame) -> list[str]:
    known = [g for g in OWNERSHIP_LABELS if g in set(info["driftsform"])]
    return known + sorted(set(info["driftsform"]) - set(known))


def cni_slider_figure(sweep: pd.DataFrame, start_share: float | None = None):
    """A plotly bar chart of each centre's change in compensation per listed person against the
    lowest share of the sweep (2020's), one set of bars per share (only one shown at a time).

    One trace per share and ownership form, so that the legend names the colours; the range
    control (`html_div`) switches between the shares. The x-axis is fixed over all shares, from
    the largest loss to the largest gain, with the zero line drawn. `start_share` is where the
    control starts; the reference share itself (no change at all) starts it mid-range instead.
    """
    import plotly.graph_objects as go

    from analysis.figures.scenarios import short_name

    shares = sorted(float(s) for s in sweep["andel"].unique())
    reference = shares[0]
    start = shares[len(shares) // 2] if start_share is None else min(shares, key=lambda s: abs(s - start_share))
    if start == reference and len(shares) > 1:
        start = shares[len(shares) // 2]
    order = _centre_order(sweep)
    info = sweep.drop_duplicates("hc_id").set_index("hc_id").loc[order]
    labels = dict(zip(order, (short_name(n) for n in info["namn"])))
    groups = _groups(info)
    fig = go.Figure()
    visible: list[list[bool]] = []
    for i, share in enumerate(shares):
        part = sweep[sweep["andel"] == share].set_index("hc_id").loc[order]
        for group in groups:
            rows = part[part["driftsform"] == group]
            hover = [
                f"<b>{labels[h]}</b><br>{OWNERSHIP_LABELS.get(group, group)}<br>CNI-andel {_pct_label(share)}<br>"
                f"Förändring: {_signed(d)} kr per listad<br>Ersättning: {_num(v)} kr per listad"
                for h, d, v in zip(rows.index, rows["skillnad_per_listad"], rows["ersattning_per_listad"])
            ]
            fig.add_trace(
                go.Bar(
                    x=rows["skillnad_per_listad"].round(0).tolist(),
                    y=[labels[h] for h in rows.index],
                    orientation="h",
                    marker={"color": OWNERSHIP_COLOURS.get(group, "#6b6b6b")},
                    name=OWNERSHIP_LABELS.get(group, group),
                    legendgroup=group,
                    showlegend=True,
                    visible=(share == start),
                    hovertext=hover,
                    hoverinfo="text",
                )
            )
        visible.append([j // len(groups) == i for j in range(len(shares) * len(groups))])
    change = sweep["skillnad_per_listad"]
    reach = max(1.0, float(change.abs().max())) * 1.08
    titles = [f"CNI-andel {_pct_label(s)}" for s in shares]
    fig.update_layout(
        title={"text": titles[shares.index(start)], "x": 0.01},
        separators=", ",
        xaxis={
            "title": CHANGE_AXIS,
            "range": [-reach, reach],
            "tickformat": ",.0f",
            "zeroline": True,
            "zerolinecolor": "#222222",
            "zerolinewidth": 1.5,
        },
        yaxis={
            "categoryorder": "array",
            "categoryarray": [labels[h] for h in order],
            "autorange": "reversed",
            "tickfont": {"size": 13},
            "automargin": True,
        },
        legend={"title": {"text": "Driftsform"}, "orientation": "h", "y": -0.12, "x": 0},
        barmode="overlay",
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
        height=max(460, 24 * len(order) + 200),
        margin={"l": 10, "r": 20, "t": 50, "b": 90},
        template="plotly_white",
        meta={
            "andelar": [_pct_label(s) for s in shares],
            "synliga": visible,
            "rubriker": titles,
            "start": shares.index(start),
            "referens": _pct_label(reference),
        },
    )
    return fig


def cni_slider_png(
    sweep: pd.DataFrame, shares: Sequence[float] | None = None, source_line: str | None = None, synthetic: bool = False
) -> bytes:
    """Static version for the PDF: each centre's change per listed person against the lowest
    share, at every share (dots, light to dark), joined by a line from zero. With `source_line`
    the PNG carries it (and the "Exempeldata" mark if `synthetic`), as the book's other figures."""
    import matplotlib.pyplot as plt

    from analysis.figures import style
    from analysis.figures.scenarios import short_name

    shares = sorted(float(s) for s in (shares or sweep["andel"].unique()))
    order = _centre_order(sweep)
    wide = sweep.pivot(index="hc_id", columns="andel", values="skillnad_per_listad").loc[order, shares]
    names = sweep.drop_duplicates("hc_id").set_index("hc_id")["namn"]
    fig, ax = plt.subplots(figsize=(FULL_WIDTH[0], max(4.0, 1.2 + 0.3 * len(order))))
    y = np.arange(len(order))
    cmap = plt.get_cmap("Blues")
    ax.axvline(0, color="#222222", linewidth=1.0, zorder=1)
    for i, hc in enumerate(order):
        ax.plot(
            [min(0.0, wide.loc[hc].min()), max(0.0, wide.loc[hc].max())],
            [i, i],
            color="#bbbbbb",
            linewidth=1.0,
            zorder=1,
        )
    for k, share in enumerate(shares[1:], start=1):
        colour = cmap(0.35 + 0.6 * k / max(1, len(shares) - 1))
        ax.scatter(
            wide[share],
            y,
            color=colour,
            s=18,
            zorder=2 + k,
            label=_pct_label(share) if k in (1, len(shares) - 1) else None,
        )
    ax.set_yticks(y, [short_name(names[h]) for h in order])
    ax.set_ylim(len(order) - 0.4, -0.6)
    fmt.ticks_kr(ax, axis="x")
    ax.set_xlabel(f"Förändring av ersättningen, kr per listad och år, jämfört med CNI-andel {_pct_label(shares[0])}")
    ax.set_title(
        f"Förändring per listad vid CNI-andel {_pct_label(shares[1] if len(shares) > 1 else shares[0])}"
        f"–{_pct_label(shares[-1])}"
    )
    ax.grid(axis="y", visible=False)
    ax.legend(title="CNI-andel", loc="lower right")
    size = style.readable_text(fig)
    if source_line:
        style.stamp(fig, source_line, synthetic=synthetic, size=size)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


_CONTROL = """<div class="cni-reglage">
<label for="{id}-andel">CNI:s andel av den fasta kapiteringen: <output id="{id}-utfall" for="{id}-andel">{value}</output></label>
<input type="range" id="{id}-andel" min="0" max="{max}" step="1" value="{start}" aria-valuetext="{value}">
</div>
<script>
(function () {{
  var plot = document.getElementById("{id}"), input = document.getElementById("{id}-andel");
  var out = document.getElementById("{id}-utfall"), meta = {meta};
  input.addEventListener("input", function () {{
    var i = Number(input.value), text = meta.andelar[i];
    out.textContent = text;
    input.setAttribute("aria-valuetext", text);
    if (window.Plotly) Plotly.update(plot, {{visible: meta.synliga[i]}}, {{"title.text": meta.rubriker[i]}});
  }});
}})();
</script>"""


def html_div(fig, div_id: str) -> str:
    """The figure as a `<div>` + script, without plotly.js (loaded by the book), and its range
    control, deterministic."""
    meta = fig.layout.meta or {}
    html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOTLY_CONFIG, auto_play=False)
    shares = meta.get("andelar") or []
    if len(shares) < 2:
        return html
    start = int(meta.get("start", 0))
    control = _CONTROL.format(
        id=div_id,
        max=len(shares) - 1,
        start=start,
        value=shares[start],
        meta=json.dumps({k: meta[k] for k in ("andelar", "synliga", "rubriker")}, ensure_ascii=False),
    )
    return html + "\n" + control


def bundle(fig, png: bytes, div_id: str, alt: str = "") -> dict:
    """The display bundle: `text/html` for the HTML book, `image/png` (base64) for the PDF, text."""
    return {
        "text/html": html_div(fig, div_id),
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": alt or "Interaktiv figur (kräver HTML-versionen av boken).",
    }


class _Bundle:
    """A ready display bundle, so that myst-nb can glue it like any displayable object."""

    def __init__(self, data: dict):
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.data


def display_interactive(
    fig,
    png: bytes,
    div_id: str,
    alt: str = "",
    caption: str | None = None,
    source: str | None = None,
    status: str | None = None,
) -> None:
    """Show the figure as a numbered figure (`Figur 2.4`) with caption, source and data status:
    the bundle is glued under `div_id` and shown by a `glue:figure` named `div_id` (the plotly
    `<div>` itself gets `div_id-plot`, so that the page has each id once). Returns nothing."""
    from IPython.display import Markdown, display
    from myst_nb import glue

    meta = fig.layout.meta or {}
    caption = caption or DEFAULT_CAPTION.format(ref=meta.get("referens", ""))
    note = ""
    if source:
        note = f"Källa: {source.strip().rstrip('.')}."
    if status:
        note += f" Data: {status_label(status).lower()}."
    glue(div_id, _Bundle(bundle(fig, png, f"{div_id}-plot", alt)), display=False)
    alt_line = f":alt: {alt}\n" if alt else ""
    display(
        Markdown(
            f":::{{glue:figure}} {div_id}\n:name: {div_id}\n{alt_line}\n{caption}"
            + (f" *{note.strip()}*" if note else "")
            + "\n:::\n"
        )
    )
