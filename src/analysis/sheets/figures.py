"""The sheets' figures: an age pyramid and the proposals' waterfalls, one PNG each per centre.

Every figure is drawn from a small, rounded *spec* (plain lists, the values at the precision the
figure shows), so the spec's hash says exactly what the PNG holds: `draw_all` skips a figure
whose file exists with the same hash (`.hashes.json` beside the files). A change in one centre's
data therefore redraws that centre's figures, not everyone's. Each process keeps one matplotlib
figure per kind and clears and redraws it for the next centre (no new figure per centre), and
with `jobs > 1` the centres are shared out over a process pool.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

HASHES = ".hashes.json"
DPI = 100
#: Below this many figures to draw, a pool costs more (its start and imports) than it saves.
POOL_FROM = 60
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]  # a code change redraws all
_FIGURES: dict[str, object] = {}  # one figure per kind, per process


def spec_hash(spec: dict) -> str:
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((_CODE + text).encode()).hexdigest()


def draw_all(tasks: list[tuple[Path, dict]], folder: Path, jobs: int = 1) -> int:
    """Write the PNGs for `tasks` ((path, spec) pairs, paths inside `folder`), skipping those
    whose spec is unchanged; remove PNGs no task names. Returns how many were drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    record_path = folder / HASHES
    old = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    new = {path.name: spec_hash(spec) for path, spec in tasks}
    todo = [(str(path), spec) for path, spec in tasks if old.get(path.name) != new[path.name] or not path.exists()]
    for stale in folder.glob("*.png"):
        if stale.name not in new:
            stale.unlink()
    record_path.unlink(missing_ok=True)  # a run that stops half-way leaves no stale record
    if jobs > 1 and len(todo) >= POOL_FROM:
        chunks = [todo[i::jobs] for i in range(jobs)]
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
            list(pool.map(_draw_chunk, chunks))
    else:
        _draw_chunk(todo)
    record_path.write_text(json.dumps(new, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return len(todo)


def _draw_chunk(tasks: list[tuple[str, dict]]) -> None:
    for path, spec in tasks:
        DRAW[spec["kind"]](spec, Path(path))


def _new_figure(size: tuple[float, float]):
    import matplotlib.pyplot as plt

    from analysis.figures import style

    style.apply()
    return plt.subplots(figsize=size)


def _save(fig, path: Path, spec: dict) -> None:
    """Save the figure inside the frame `_frame` fixed for its drawer: one render per figure."""
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(
        tmp,
        dpi=DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 3},
        bbox_inches=getattr(fig, "_halsoval_frame", None) or "standard",
    )
    os.replace(tmp, path)


def _frame(fig, stamp: tuple) -> None:
    """Stamp the drawer's new, still empty figure with the source line (and, on synthetic data,
    the Exempeldata mark), inside the image as every figure of the book
    (`analysis.figures.style.stamp`), and fix the frame the PNGs are cut to: the whole figure and
    the stamp around it. Done once per drawer and before any centre's values, so a PNG's bytes
    depend on its spec only (not on which centre was drawn first), and saving needs no second
    render to find a tight frame."""
    from matplotlib.transforms import Bbox

    from analysis.figures import style

    source, synthetic = stamp
    if not source:
        return
    style.stamp(fig, source, synthetic=synthetic)
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    whole = Bbox.from_bounds(0, 0, fig.get_figwidth(), fig.get_figheight())
    fig._halsoval_frame = Bbox.union([box, whole]).padded(0.1)


def _drawer(cls, layout, stamp: tuple = ()):
    """This process's drawer for `cls` and `layout` (made once; later centres only update it)."""
    key = (cls.__name__, layout, stamp)
    if key not in _FIGURES:
        drawer = cls(layout)
        _frame(drawer.fig, stamp or (None, False))
        _FIGURES[key] = drawer
    return _FIGURES[key]


# -- age pyramid ------------------------------------------------------------------------------
def age_spec(
    bands: list[str], women: list[float], men: list[float], region_women: list[float], region_men: list[float]
) -> dict:
    """Shares (0–1) per band, rounded to 0,01 percentage points (finer than the figure shows)."""
    r = lambda xs: [round(float(x) * 100, 2) for x in xs]  # noqa: E731
    return {
        "kind": "alder",
        "bands": list(bands),
        "women": r(women),
        "men": r(men),
        "region_women": r(region_women),
        "region_men": r(region_men),
    }


def draw_age(spec: dict, path: Path) -> None:
    _drawer(_AgePyramid, tuple(spec["bands"]), _stamp_key(spec)).draw(spec, path)


class _AgePyramid:
    """Bars for the centre's men (left) and women (right), the region as a black outline."""

    def __init__(self, bands: tuple[str, ...]):
        from analysis import formatting as fmt

        self.fig, ax = _new_figure((6.4, 4.6))
        self.ax = ax
        y = list(range(len(bands)))
        zeros = [0.0] * len(y)
        self.men = ax.barh(y, zeros, height=0.85, color="#4c72b0", label="Män, hälsocentralen")
        self.women = ax.barh(y, zeros, height=0.85, color="#dd8452", label="Kvinnor, hälsocentralen")
        self.edges = [i - 0.5 for i in range(len(y) + 1)]
        self.region_men = ax.stairs(
            zeros, self.edges, orientation="horizontal", baseline=None, color="black", linewidth=1.2, label="Regionen"
        )
        self.region_women = ax.stairs(
            zeros, self.edges, orientation="horizontal", baseline=None, color="black", linewidth=1.2
        )
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_yticks(y[::2], [bands[i].replace("-", "–") for i in y[::2]], fontsize=9)
        ax.set_ylim(-0.6, len(y) - 0.4)
        ax.xaxis.set_major_formatter(_abs_pct(fmt))
        ax.tick_params(axis="x", labelsize=9)
        ax.set_xlabel("Andel av de listade (män till vänster, kvinnor till höger)", fontsize=10)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=9)
        self.fig.subplots_adjust(left=0.13, right=0.97, top=0.90, bottom=0.13)

    def draw(self, spec: dict, path: Path) -> None:
        for bar, v in zip(self.men, spec["men"]):
            bar.set_width(-v)
        for bar, v in zip(self.women, spec["women"]):
            bar.set_width(v)
        self.region_men.set_data([-v for v in spec["region_men"]], self.edges, None)
        self.region_women.set_data(spec["region_women"], self.edges, None)
        lim = max(*spec["men"], *spec["women"], *spec["region_men"], *spec["region_women"]) * 1.08
        self.ax.set_xlim(-lim, lim)
        _save(self.fig, path, spec)


def _abs_pct(fmt):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{fmt.num(abs(v))}\u00a0%")


# -- waterfalls -------------------------------------------------------------------------------
def waterfall_spec(panels: list[dict]) -> dict:
    """`panels`: one per proposal: title, start, steps [(label, kr)], end (kr per listed person).
    Rounded to whole kronor, as the sheet shows them."""
    return {
        "kind": "vattenfall",
        "panels": [
            {
                "title": p["title"],
                "start": round(float(p["start"])),
                "end": round(float(p["end"])),
                "steps": [[label, round(float(v))] for label, v in p["steps"]],
            }
            for p in panels
        ],
    }


def draw_waterfall(spec: dict, path: Path) -> None:
    layout = tuple((p["title"], tuple(label for label, _ in p["steps"])) for p in spec["panels"])
    _drawer(_Waterfall, layout, _stamp_key(spec)).draw(spec, path)


def _stamp_key(spec: dict) -> tuple:
    return (spec.get("source"), spec.get("synthetic", False))


def with_source(spec: dict, source: str, synthetic: bool) -> dict:
    """The spec with the source line and data status the image must carry (part of its hash)."""
    return {**spec, "source": source, "synthetic": synthetic}


class _Waterfall:
    """All proposals in one axes, a block of rows each: today, one row per change, the proposal.
    Horizontal bars, so that the changes' names stay readable on a phone."""

    def __init__(self, layout):
        from matplotlib.ticker import MaxNLocator
        from matplotlib.transforms import blended_transform_factory

        from analysis import formatting as fmt
        from analysis.figures.style import NEUTRAL_COLOUR

        labels, self.kinds = [], []  # kind per row: "title", "start", "step", "end"; None between blocks
        for title, steps in layout:
            labels += [title, "I dag", *steps, "Med förslaget", ""]
            self.kinds += ["title", "start", *["step"] * len(steps), "end", None]
        labels, self.kinds = labels[:-1], self.kinds[:-1]
        height = 0.9 + 0.27 * len(labels)
        self.fig, ax = _new_figure((6.4, height))
        self.ax = ax
        self.y = list(range(len(labels)))[::-1]
        for i, k in enumerate(self.kinds):  # the proposal's name above its block, inside the axes
            if k == "title":
                ax.text(
                    0.01,
                    self.y[i],
                    labels[i],
                    fontsize=10,
                    fontweight="bold",
                    va="center",
                    ha="left",
                    transform=blended_transform_factory(self.fig.transFigure, ax.transData),
                )
        shown = [i for i, k in enumerate(self.kinds) if k and k != "title"]
        colours = {"start": NEUTRAL_COLOUR, "end": "#1f5f8b", "step": NEUTRAL_COLOUR}
        self.bars = {i: ax.barh(self.y[i], 0.0, height=0.7, color=colours[self.kinds[i]])[0] for i in shown}
        self.texts = {i: ax.text(0, self.y[i], "", va="center", fontsize=9) for i in shown}
        ax.set_yticks([self.y[i] for i in shown], [labels[i] for i in shown], fontsize=9)
        for tick, i in zip(ax.get_yticklabels(), shown):
            tick.set_fontweight("normal" if self.kinds[i] == "step" else "bold")
        ax.set_ylim(-0.6, len(labels) - 0.4)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.tick_params(axis="x", labelsize=9)
        fmt.ticks_kr(ax, "x")
        ax.set_xlabel("Netto, kr per listad och år", fontsize=10)
        ax.grid(axis="y", visible=False)
        # room for the longest label (about 0,07 inch per character at 9 points)
        left = min(0.6, (0.07 * max(len(labels[i]) for i in shown) + 0.15) / 6.4)
        self.fig.subplots_adjust(left=left, right=0.98, top=1 - 0.15 / height, bottom=0.6 / height)

    def draw(self, spec: dict, path: Path) -> None:
        from analysis import formatting as fmt
        from analysis.figures.style import GAIN_COLOUR, LOSS_COLOUR

        rows = {}  # row -> (left or None for a level, width, text)
        i = 0
        for p in spec["panels"]:
            i += 1  # the title row
            rows[i] = (None, p["start"], fmt.kr(p["start"]))
            total = p["start"]
            for k, (_, value) in enumerate(p["steps"], start=1):
                rows[i + k] = (total, value, fmt.signed_kr(value))
                total += value
            rows[i + len(p["steps"]) + 1] = (None, p["end"], fmt.kr(p["end"]))
            i += len(p["steps"]) + 3
        ends = [w if left is None else left + w for left, w, _ in rows.values()]
        ends += [left for left, _, _ in rows.values() if left is not None]
        lo, hi = min(ends), max(ends)
        pad = max(30.0, (hi - lo) * 0.12)
        edge = lo - pad  # levels are drawn from the axis' left edge: the axis does not start at 0
        for row, (left, width, text) in rows.items():
            bar = self.bars[row]
            if left is None:
                left, width = edge, width - edge
            else:
                bar.set_color(GAIN_COLOUR if width >= 0 else LOSS_COLOUR)
            bar.set_x(left)
            bar.set_width(width)
            self.texts[row].set_position((max(left, left + width) + pad * 0.08, self.y[row]))
            self.texts[row].set_text(text)
        self.ax.set_xlim(edge, hi + pad * 2.6)
        _save(self.fig, path, spec)


DRAW = {"alder": draw_age, "vattenfall": draw_waterfall}
