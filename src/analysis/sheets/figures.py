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
    todo = [(str(path), spec) for path, spec in tasks
            if old.get(path.name) != new[path.name] or not path.exists()]
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


def _figure(kind: str, size: tuple[float, float], panels: int = 1):
    """This process's figure for `kind` (made once, with `panels` axes side by side)."""
    key = f"{kind}-{panels}"
    if key not in _FIGURES:
        import matplotlib.pyplot as plt

        from analysis.figures import style

        style.apply()
        fig, axes = plt.subplots(1, panels, figsize=size, squeeze=False)
        _FIGURES[key] = (fig, list(axes[0]))
    fig, axes = _FIGURES[key]
    for ax in axes:
        ax.cla()
    return fig, axes


def _save(fig, path: Path) -> None:
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=DPI, bbox_inches=None, metadata={"Software": None})
    os.replace(tmp, path)


# -- age pyramid ------------------------------------------------------------------------------
def age_spec(bands: list[str], women: list[float], men: list[float], region_women: list[float],
             region_men: list[float]) -> dict:
    """Shares (0–1) per band, rounded to 0,01 percentage points (finer than the figure shows)."""
    r = lambda xs: [round(float(x) * 100, 2) for x in xs]  # noqa: E731
    return {"kind": "alder", "bands": list(bands), "women": r(women), "men": r(men),
            "region_women": r(region_women), "region_men": r(region_men)}


def draw_age(spec: dict, path: Path) -> None:
    from analysis import formatting as fmt

    fig, (ax,) = _figure("alder", (6.4, 4.6))
    y = list(range(len(spec["bands"])))
    ax.barh(y, [-v for v in spec["men"]], height=0.85, color="#4c72b0", label="Män, hälsocentralen")
    ax.barh(y, spec["women"], height=0.85, color="#dd8452", label="Kvinnor, hälsocentralen")
    ax.step([-v for v in spec["region_men"]], y, where="mid", color="black", linewidth=1.2,
            label="Regionen")
    ax.step(spec["region_women"], y, where="mid", color="black", linewidth=1.2)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(y[::2], [spec["bands"][i].replace("-", "–") for i in y[::2]], fontsize=9)
    lim = max(max(spec["men"]), max(spec["women"]), max(spec["region_men"]), max(spec["region_women"])) * 1.08
    ax.set_xlim(-lim, lim)
    ax.xaxis.set_major_formatter(_abs_pct(fmt))
    ax.tick_params(axis="x", labelsize=9)
    ax.set_xlabel("Andel av de listade (män till vänster, kvinnor till höger)", fontsize=10)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=9)
    fig.subplots_adjust(left=0.13, right=0.97, top=0.90, bottom=0.13)
    _save(fig, path)


def _abs_pct(fmt):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{fmt.num(abs(v))}\u00a0%")


# -- waterfalls -------------------------------------------------------------------------------
def waterfall_spec(panels: list[dict]) -> dict:
    """`panels`: one per proposal: title, start, steps [(label, kr)], end (kr per listed person).
    Rounded to whole kronor, as the sheet shows them."""
    return {"kind": "vattenfall", "panels": [
        {"title": p["title"], "start": round(float(p["start"])), "end": round(float(p["end"])),
         "steps": [[label, round(float(v))] for label, v in p["steps"]]} for p in panels]}


def draw_waterfall(spec: dict, path: Path) -> None:
    from analysis import formatting as fmt
    from analysis.figures.style import GAIN_COLOUR, LOSS_COLOUR, NEUTRAL_COLOUR

    panels = spec["panels"]
    fig, axes = _figure("vattenfall", (3.3 * len(panels) + 0.6, 4.4), len(panels))
    tops = [max(p["start"], p["end"], *_running(p)) for p in panels]
    lows = [min(p["start"], p["end"], *_running(p)) for p in panels]
    pad = max(40.0, (max(tops) - min(lows)) * 0.25)
    for ax, p in zip(axes, panels):
        labels = ["I dag", *[_wrap(label) for label, _ in p["steps"]], "Förslaget"]
        x = list(range(len(labels)))
        before = [p["start"], *_running(p)[:-1]]
        ax.bar(0, p["start"], color=NEUTRAL_COLOUR, width=0.7)
        for i, ((_, value), base) in enumerate(zip(p["steps"], before), start=1):
            ax.bar(i, value, bottom=base, width=0.7, color=GAIN_COLOUR if value >= 0 else LOSS_COLOUR)
        ax.bar(len(labels) - 1, p["end"], color="#1f5f8b", width=0.7)
        ax.set_ylim(min(lows) - pad, max(tops) + pad)  # the axis does not start at 0: said below
        for i, value in enumerate([p["start"], *[v for _, v in p["steps"]], p["end"]]):
            label = fmt.num(value) if i in (0, len(labels) - 1) else fmt.signed_kr(value).replace("\u00a0kr", "")
            ax.annotate(label, (i, _label_y(p, i)), ha="center", va="bottom", fontsize=8,
                        xytext=(0, 2), textcoords="offset points")
        ax.set_xticks(x, labels, fontsize=7, rotation=90)
        ax.set_title(p["title"], fontsize=10, loc="left")
        ax.tick_params(axis="y", labelsize=8)
        fmt.ticks_kr(ax)
    axes[0].set_ylabel("Netto, kr per listad och år", fontsize=9)
    fig.subplots_adjust(left=0.6 / fig.get_figwidth() + 0.05, right=0.98, top=0.91, bottom=0.42, wspace=0.3)
    _save(fig, path)


def _running(p: dict) -> list[float]:
    """The running total after each step."""
    out, total = [], p["start"]
    for _, value in p["steps"]:
        total += value
        out.append(total)
    return out or [p["start"]]


def _label_y(p: dict, i: int) -> float:
    """Where bar i's number goes: just above the bar's top."""
    n = len(p["steps"])
    if i == 0:
        return p["start"]
    if i == n + 1:
        return p["end"]
    before = ([p["start"]] + _running(p))[i - 1]
    return max(before, before + p["steps"][i - 1][1])


def _wrap(label: str, width: int = 22) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


DRAW = {"alder": draw_age, "vattenfall": draw_waterfall}
