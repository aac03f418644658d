"""`make bench`: build timings and the national model run, measured; one table and bench/results.json.

Measures, in a temporary copy of the project (data: data/exempel-2020):
  clean build (--force), no-op rebuild, one-chapter-changed rebuild, and the chapter-execution
  phase (`run_jobs` only) with 1 job vs all cores;
and on a synthetic national register (10 327 589 persons, SCB 2019; bench/national/, reused):
  the national model run (aggregate_listing + listade_ort + synthetic CNI/costs + compute_model,
  on the loaded register), the bare groupby floor on the same loaded register, and the peak RSS.

Every measured step runs in its own process; medians are reported. Options: --quick (10 %
register, fewer repeats), --only national|builds, --out FILE, --budget-min M.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import builds  # noqa: E402
import national  # noqa: E402

#: The one-changed rebuild for each other chapter (shown beside the headline, not a goal).
OTHER_CHANGED = {f"one_changed_{key}": key for key in builds.TEMPLATES if key != builds.TOUCHED_KEY}
#: Measurements of each round, in order; each round starts with a clean build.
BUILD_LABELS = ("clean", "no_sheets", "noop", "one_changed", *OTHER_CHANGED, "prose_changed", "jobs1", "jobsN", "peer")
REQUIRED_KEYS = (
    "clean_s",
    "noop_s",
    "one_changed_s",
    "jobs1_s",
    "jobsN_s",
    "national_model_s",
    "national_groupby_s",
    "national_peak_mb",
)
GOALS = {
    # key: (ratio or value key, comparison, limit, text)
    "noop": ("noop_over_clean", "<=", 0.10, "no-op ≤ 10 % of clean"),
    "one_changed": ("one_changed_over_clean", "<=", 0.60, "one changed ≤ 60 % of clean"),
    "parallel": ("speedup_jobsN", ">=", 1.3, "speed-up ≥ 1.3×"),
    "peer": ("clean_over_peer", "<=", 1.0, "clean faster than jupyter-book's own"),
    "sheets": ("sheets_share_of_clean", "<=", 0.30, "sheets add ≤ 30 % to a clean build"),
    "national": ("national_over_groupby", "<=", 4.0, "national ≤ 4× groupby"),
    "memory": ("national_peak_mb", "<=", 4096.0, "peak ≤ 4 GB (4 096 MiB)"),
}


DEFINITIONS = {
    "clean_s": "build(force=True, jobs=all cores) in a temporary project copy, data/exempel-2020: validate, execute 3 chapters, appendices, jupyter-book HTML, publish",
    "no_sheets_s": "the same clean build in a copy whose book/_toc.skeleton.yml has no part Hälsocentralsblad (so no sheets are made), right after each clean build",
    "sheets_share_of_clean": "clean_s / no_sheets_s - 1: what the health-centre sheets add to a clean build",
    "noop_s": "the same build again with nothing changed (force=False); must execute no chapter",
    "one_changed_s": "build after appending a comment line to the last code cell of notebooks/03-uppfoljning.ipynb; must execute only uppfoljning",
    "one_changed_by_chapter_s": "the one-changed rebuild for each chapter's template in turn (uppfoljning is one_changed_s)",
    "prose_changed_s": "build after appending a space to a markdown cell of the same template; must execute nothing (the new text is merged into the executed notebook) and re-render",
    "jobs1_s": "analysis.pipeline.execute.run_jobs on the 3 chapter jobs of a forced build, 1 worker (execution phase only)",
    "jobsN_s": "the same with os.cpu_count() workers",
    "peer_s": "the peer: `jupyter-book build` (execute_notebooks: force, its own serial execution, no cache) of the same three chapter templates, given the build's parameters by papermill's prepare_only, on the same data, in a fresh project copy; wall clock of that command, interpreter start included",
    "jobs1_cpu_s": "CPU seconds (user + system, getrusage of the ended workers and kernels) of the 1-worker chapter phase; medians",
    "jobsN_cpu_s": "the same for the N-worker chapter phase",
    "jobsN_cores_busy": "median over the N-worker runs of CPU seconds / (wall seconds x N): how much of the cores the phase kept busy",
    "national_model_s": "load the register (Parquet, pyarrow) + aggregate_listing + listade_ort from distances + synthetic CNI/costs/fees + compute_model",
    "national_groupby_s": "load the same register + df.groupby(['hc_id', 'alder', 'kon'], observed=True).size() (the floor: one pass over the data)",
    "national_peak_mb": "peak RSS (MiB, ru_maxrss via os.wait4) of the process that reads the register and runs the national model",
    "national_sheets_s": "analysis.sheets.write_from_source for every centre of the national register (numbers, pages, figures drawn afresh with os.cpu_count() workers), after the model step's inputs; one run",
    "national_sheets_peak_mb": "peak RSS (MiB, os.wait4: the largest of the process that makes the national register's sheets and its figure workers)",
    "times": "seconds, wall clock (time.perf_counter) inside a fresh process per run, interpreter start excluded; medians",
}


# --- plan ------------------------------------------------------------------------------------


def repeats(quick: bool) -> dict[str, int]:
    """How many runs per measurement. The builds the goals compare (clean, one changed, the
    chapter phase) get five rounds: their single rounds spread by up to a fifth on a shared machine."""
    if quick:
        return {
            "national": 2,
            "clean": 1,
            "noop": 2,
            "one_changed": 1,
            "other_changed": 1,
            "prose_changed": 1,
            "chapters": 1,
            "peer": 1,
        }
    return {
        "national": 3,
        "clean": 5,
        "noop": 3,
        "one_changed": 5,
        "other_changed": 3,
        "prose_changed": 3,
        "chapters": 5,
        "peer": 3,
    }


class Budget:
    """Stop repeating (never below one run) when the next run would overrun the time budget."""

    def __init__(self, minutes: float):
        self.start = time.perf_counter()
        self.limit = minutes * 60

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def allows(self, next_seconds: float) -> bool:
        return self.elapsed() + next_seconds <= self.limit


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- national --------------------------------------------------------------------------------


def bench_national(fraction: float, n: int, seed: int, centres: int) -> dict:
    say(f"nationellt register ({fraction:.0%} av befolkningen) …")
    gen = national.run_step("generate", fraction, seed, centres)
    made = "återanvänt" if gen["reused"] else f"skapat på {gen['seconds']:.1f} s"
    say(f"  {made}: {gen['rows']:,} personer, {gen['file']} ({gen['mb']} MB)")
    runs: dict[str, list[dict]] = {"groupby": [], "model": []}
    for i in range(n):
        for step in runs:  # interleaved, so background load hits every step alike
            res = national.run_step(step, fraction, seed, centres)
            runs[step].append(res)
            say(
                f"  {step:<10} körning {i + 1}/{n}: {res['seconds']:.2f} s (+ läsning "
                f"{res['phases']['load']:.2f} s), topp {res['peak_mb']:.0f} MiB"
            )
    sheets = national.run_step("sheets", fraction, seed, centres, timeout=3600)  # once: minutes
    say(
        f"  sheets     {sheets['centres']:,} blad, {sheets['figures']:,} figurer: {sheets['seconds']:.1f} s, "
        f"topp {sheets['peak_mb']:.0f} MiB"
    )
    med = lambda step, key: statistics.median(r[key] for r in runs[step])  # noqa: E731
    phase = lambda step, p: statistics.median(r["phases"][p] for r in runs[step])  # noqa: E731
    return {
        "national_rows": gen["rows"],
        "national_fraction": fraction,
        "national_register": {k: gen[k] for k in ("file", "mb", "hash", "reused")},
        "national_generate_s": None if gen["reused"] else gen["seconds"],
        "national_model_s": med("model", "seconds_with_load"),
        "national_groupby_s": med("groupby", "seconds_with_load"),
        "national_model_after_load_s": med("model", "seconds"),
        "national_groupby_after_load_s": med("groupby", "seconds"),
        "national_load_s": phase("model", "load"),
        "national_model_phases_s": {p: phase("model", p) for p in runs["model"][0]["phases"]},
        "national_peak_mb": max(r["peak_mb"] for r in runs["model"]),
        "national_groupby_peak_mb": max(r["peak_mb"] for r in runs["groupby"]),
        "national_generate_peak_mb": gen["peak_mb"],
        "national_params": runs["model"][0]["params"],
        "national_model_check": {
            "centres": runs["model"][0]["centres"],
            "listade": runs["model"][0]["listade"],
            "ersattning_total_kr": runs["model"][0]["ersattning_total"],
        },
        "national_runs": {step: [r["seconds"] for r in rs] for step, rs in runs.items()},
        "national_peaks_mb": {step: [r["peak_mb"] for r in rs] for step, rs in runs.items()},
        "national_sheets_s": sheets["seconds"],
        "national_sheets_peak_mb": sheets["peak_mb"],
        "national_sheets_phases_s": sheets["phases"],
        "national_sheets_check": {k: sheets[k] for k in ("centres", "pages", "figures", "scenarios", "jobs")},
    }


# --- builds ----------------------------------------------------------------------------------


def bench_builds(reps: dict[str, int], budget: Budget, data: Path, keep: bool) -> dict:
    """Rounds of: clean, no-op, one changed, prose changed, chapter phase 1 job and N jobs, so that
    each rebuild is compared with a clean build made a minute before it (the machine's speed
    drifts). Every measurement runs at least once; further rounds while the budget allows.

    Four project copies: A for the builds (its state is always "built"), B for the chapter phase
    (run_jobs leaves no build record behind, so it gets its own copy), C for the peer, D for the
    clean builds without the sheets.
    """
    ncpu = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="halsoval-bench-"))
    a = builds.copy_project(tmp / "bygg")
    b = builds.copy_project(tmp / "kapitel")
    c = builds.copy_project(tmp / "jupyter-book")
    d = builds.without_sheets(builds.copy_project(tmp / "utan-blad"))
    say(f"byggtider i kopior av projektet under {tmp}")
    builds_of_a = tuple(label for label in BUILD_LABELS if label not in ("jobs1", "jobsN", "peer", "no_sheets"))
    samples: dict[str, list[float]] = {k: [] for k in BUILD_LABELS}
    executed: dict[str, list[list[str]]] = {k: [] for k in builds_of_a}
    chapters: dict[str, list[dict]] = {k: [] for k in BUILD_LABELS}
    phases: dict[str, list[dict]] = {k: [] for k in builds_of_a}
    cpu: dict[str, list[float]] = {"jobs1": [], "jobsN": []}
    want = {
        "clean": reps["clean"],
        "no_sheets": reps["clean"],
        "noop": reps["noop"],
        "one_changed": reps["one_changed"],
        "prose_changed": reps["prose_changed"],
        "jobs1": reps["chapters"],
        "jobsN": reps["chapters"],
        "peer": reps["peer"],
    }
    want.update({label: reps["other_changed"] for label in OTHER_CHANGED})

    built_from = {"digest": None}  # package sources of copy A's last build

    def build_a(label: str) -> dict:
        """A build of copy A. No-op and one-changed runs must start from a build of the current
        package sources: if someone edited src/ in the shared tree since the last build (or during
        this one) or the dataset, sync with an unmeasured build and measure again."""
        for _ in range(3):
            if label != "clean" and built_from["digest"] != builds.inputs_digest(data):
                say("  (källkod eller data har ändrats sedan förra bygget: synkar utan mätning)")
                builds.run_child("build", a, data, ncpu)
            if label == "one_changed" or label in OTHER_CHANGED:
                builds.touch_code(a / builds.TEMPLATES[OTHER_CHANGED.get(label, builds.TOUCHED_KEY)])
            if label == "prose_changed":
                builds.touch_markdown(a / builds.TOUCHED_TEMPLATE)
            before = builds.inputs_digest(data)
            res = builds.run_child("build", a, data, ncpu, force=(label == "clean"))
            after = builds.inputs_digest(data)
            built_from["digest"] = after if before == after else None
            if before == after or label == "clean":  # a forced build runs everything anyway
                return res
            say(f"  ({label}: källkod eller data ändrades under bygget, mäter om)")
        return res

    def measure(label: str) -> None:
        if label in ("jobs1", "jobsN"):
            res = builds.run_child("chapters", b, data, 1 if label == "jobs1" else ncpu)
        elif label == "peer":
            res = builds.run_child("peer", c, data, ncpu)
        elif label == "no_sheets":
            res = builds.run_child("build", d, data, ncpu, force=True)
        else:
            res = build_a(label)
        samples[label].append(res["seconds"])
        executed.get(label, []).append(res["executed"])
        chapters.get(label, []).append(res["chapters"])
        phases.get(label, []).append(res.get("phases", {}))
        if label in cpu:
            cpu[label].append(res["cpu_s"])
        say(f"  {label:<12} {res['seconds']:7.1f} s  kört: {', '.join(res['executed']) or 'inget'}")

    def wanted(label: str) -> bool:
        done = samples[label]
        return not done or (len(done) < want[label] and budget.allows(max(done)))

    try:
        for _ in range(max(want.values())):
            for label in BUILD_LABELS:  # each round's rebuilds follow its clean build
                if wanted(label):
                    measure(label)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in samples.items()}
    return {
        "clean_s": med["clean"],
        "no_sheets_s": med["no_sheets"],
        "noop_s": med["noop"],
        "one_changed_s": med["one_changed"],
        "prose_changed_s": med["prose_changed"],
        "jobs1_s": med["jobs1"],
        "jobsN_s": med["jobsN"],
        "jobs_n": ncpu,
        "peer_s": med["peer"],
        "jobs1_cpu_s": statistics.median(cpu["jobs1"]),
        "jobsN_cpu_s": statistics.median(cpu["jobsN"]),
        "jobsN_cores_busy": statistics.median(c / (w * ncpu) for c, w in zip(cpu["jobsN"], samples["jobsN"])),
        "chapter_cpu_runs": cpu,
        "build_runs": samples,
        "build_executed": executed,
        "chapter_seconds": chapters,
        "build_phases_s": {label: _median_phases(runs) for label, runs in phases.items()},
        "noop_executed_nothing": all(not e for e in executed["noop"]),
        "prose_changed_executed_nothing": all(not e for e in executed["prose_changed"]),
        "one_changed_executed_only": sorted({k for e in executed["one_changed"] for k in e}),
        "one_changed_expected": builds.TOUCHED_KEY,
        "one_changed_by_chapter_s": {builds.TOUCHED_KEY: med["one_changed"]}
        | {key: med[label] for label, key in OTHER_CHANGED.items()},
        "one_changed_by_chapter_executed": {
            key: sorted({k for e in executed[label] for k in e}) for label, key in OTHER_CHANGED.items()
        },
    }


def _median_phases(runs: list[dict]) -> dict[str, float]:
    keys = sorted({k for r in runs for k in r})
    return {k: round(statistics.median(r.get(k, 0.0) for r in runs), 2) for k in keys} if runs else {}


# --- results ---------------------------------------------------------------------------------


def ratio(a, b):
    return None if a is None or not b else a / b


def add_ratios_and_goals(r: dict) -> dict:
    r["noop_over_clean"] = ratio(r.get("noop_s"), r.get("clean_s"))
    r["one_changed_over_clean"] = ratio(r.get("one_changed_s"), r.get("clean_s"))
    r["prose_changed_over_clean"] = ratio(r.get("prose_changed_s"), r.get("clean_s"))
    r["one_changed_by_chapter_over_clean"] = {
        key: ratio(s, r.get("clean_s")) for key, s in r.get("one_changed_by_chapter_s", {}).items()
    }
    r["speedup_jobsN"] = ratio(r.get("jobs1_s"), r.get("jobsN_s"))
    r["clean_over_peer"] = ratio(r.get("clean_s"), r.get("peer_s"))
    sheets = ratio(r.get("clean_s"), r.get("no_sheets_s"))
    r["sheets_share_of_clean"] = None if sheets is None else sheets - 1
    r["jobsN_cpu_over_jobs1"] = ratio(r.get("jobsN_cpu_s"), r.get("jobs1_cpu_s"))
    r["national_over_groupby"] = ratio(r.get("national_model_s"), r.get("national_groupby_s"))
    r["national_after_load_over_groupby_after_load"] = ratio(
        r.get("national_model_after_load_s"), r.get("national_groupby_after_load_s")
    )
    goals = {}
    for name, (key, op, limit, text) in GOALS.items():
        value = r.get(key)
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        if name == "noop" and r.get("noop_executed_nothing") is False:
            met = False  # a no-op rebuild that executed a chapter fails whatever its time
        if name == "one_changed" and "one_changed_executed_only" in r:
            if r["one_changed_executed_only"] != [r.get("one_changed_expected")]:
                met = False
        goals[name] = {"value": value, "limit": limit, "goal": text, "met": met}
    r["goals"] = goals
    return r


def machine_info() -> dict:
    import numpy
    import pandas
    import pyarrow

    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _mem_gb(),
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "numpy": numpy.__version__,
    }
    try:
        info["loadavg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def code_lines(root: Path = ROOT) -> dict:
    """The code's size, as tests/test_lint.py bounds it: the largest module in src/ and the build
    machinery (`src/analysis/pipeline/*.py`) in all."""

    def lines(path: Path) -> int:
        return len(path.read_text(encoding="utf-8").splitlines())

    modules = {p.relative_to(root).as_posix(): lines(p) for p in sorted((root / "src").rglob("*.py"))}
    largest = max(modules, key=modules.get)
    return {
        "largest_module": largest,
        "largest_module_lines": modules[largest],
        "pipeline_lines": sum(lines(p) for p in (root / "src" / "analysis" / "pipeline").glob("*.py")),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _mem_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def write_results(path: Path, record: dict) -> Path:
    """Write `record` as JSON; every REQUIRED_KEYS key is present (null when not measured)."""
    out = {key: record.get(key) for key in REQUIRED_KEYS}
    out.update({k: v for k, v in record.items() if k not in out})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=_json_default) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(type(value).__name__)


# --- the table -------------------------------------------------------------------------------


def render_table(r: dict):
    from rich.table import Table

    def s(key):
        v = r.get(key)
        return "–" if v is None else f"{v:,.2f}"

    def runs(values):
        return str(len(values)) if values else "–"

    def goal(name):
        g = r["goals"][name]
        mark = {True: "[green]✔ met[/]", False: "[red]✘ not met[/]", None: "–"}[g["met"]]
        return g["goal"], mark

    def pct(key):
        v = r.get(key)
        return "–" if v is None else f"{v:.1%}"

    def times(key, unit="×"):
        v = r.get(key)
        return "–" if v is None else f"{v:.2f}{unit}"

    br = r.get("build_runs", {})
    nr = r.get("national_runs", {})
    n = r.get("jobs_n", os.cpu_count())
    title = "Hälsovalsboken – benchmark" + (" (--quick)" if r.get("quick") else "")
    t = Table(title=title, show_lines=False)
    for col, kw in (
        ("measure", {}),
        ("median s", {"justify": "right"}),
        ("runs", {"justify": "right"}),
        ("ratio", {"justify": "right"}),
        ("goal", {}),
        ("", {}),
    ):
        t.add_column(col, **kw)
    noop_ran = {True: " (executed nothing)", False: " ([red]EXECUTED CHAPTERS[/])"}.get(
        r.get("noop_executed_nothing"), ""
    )
    one = ", ".join(r.get("one_changed_executed_only", []))
    t.add_row(
        "clean build (--force, HTML)",
        s("clean_s"),
        runs(br.get("clean")),
        f"{pct('clean_over_peer')} of jupyter-book's",
        *goal("peer"),
    )
    t.add_row("[dim]  jupyter-book alone (execute_notebooks: force)[/]", s("peer_s"), runs(br.get("peer")), "", "", "")
    t.add_row(
        "[dim]  clean, without the sheets[/]",
        s("no_sheets_s"),
        runs(br.get("no_sheets")),
        f"sheets add {pct('sheets_share_of_clean')}",
        *goal("sheets"),
    )
    t.add_row(
        f"no-op rebuild{noop_ran}",
        s("noop_s"),
        runs(br.get("noop")),
        f"{pct('noop_over_clean')} of clean",
        *goal("noop"),
    )
    t.add_row(
        f"one chapter changed{f' (executed: {one})' if one else ''}",
        s("one_changed_s"),
        runs(br.get("one_changed")),
        f"{pct('one_changed_over_clean')} of clean",
        *goal("one_changed"),
    )
    for key, seconds in r.get("one_changed_by_chapter_s", {}).items():
        if key != r.get("one_changed_expected"):
            share = r.get("one_changed_by_chapter_over_clean", {}).get(key)
            ran = ", ".join(r.get("one_changed_by_chapter_executed", {}).get(key, []))
            t.add_row(
                f"[dim]  the same for {key} (executed: {ran})[/]",
                f"{seconds:,.2f}",
                runs(br.get(f"one_changed_{key}")),
                "–" if share is None else f"[dim]{share:.1%} of clean[/]",
                "",
                "",
            )
    prose_ran = {True: " (executed nothing)", False: " ([red]EXECUTED CHAPTERS[/])"}.get(
        r.get("prose_changed_executed_nothing"), ""
    )
    t.add_row(
        f"one chapter's prose changed{prose_ran}",
        s("prose_changed_s"),
        runs(br.get("prose_changed")),
        f"{pct('prose_changed_over_clean')} of clean",
        "",
        "",
    )
    t.add_row("chapter phase, 1 job (run_jobs)", s("jobs1_s"), runs(br.get("jobs1")), "", "", "")
    t.add_row(
        f"chapter phase, {n} jobs (run_jobs)",
        s("jobsN_s"),
        runs(br.get("jobsN")),
        f"{times('speedup_jobsN')} speed-up",
        *goal("parallel"),
    )
    rows = r.get("national_rows")
    who = f"{rows:,} persons" if rows else "national"
    t.add_row(
        f"national model run ({who})",
        s("national_model_s"),
        runs(nr.get("model")),
        f"{times('national_over_groupby')} groupby",
        *goal("national"),
    )
    t.add_row("bare groupby (hc_id, alder, kon)", s("national_groupby_s"), runs(nr.get("groupby")), "", "", "")
    peak = r.get("national_peak_mb")
    t.add_row(
        "peak memory, national model run",
        "–" if peak is None else f"{peak:,.0f} MiB",
        runs(r.get("national_peaks_mb", {}).get("model")),
        "",
        *goal("memory"),
    )
    sheets_peak = r.get("national_sheets_peak_mb")
    if r.get("national_sheets_s") is not None:
        done = r.get("national_sheets_check", {})
        t.add_row(
            f"sheets, national register ({done.get('centres', 0):,} centres)",
            s("national_sheets_s"),
            "1",
            "" if sheets_peak is None else f"peak {sheets_peak:,.0f} MiB",
            "",
            "",
        )
    t.add_section()
    noop_phases = r.get("build_phases_s", {}).get("noop") or {}
    if noop_phases:
        parts = ", ".join(f"{k} {v:.1f}" for k, v in sorted(noop_phases.items(), key=lambda kv: -kv[1]) if v >= 0.05)
        t.add_row("[dim]no-op rebuild by step (s)[/]", "", "", "", f"[dim]{parts}[/]", "")
    if r.get("jobsN_cpu_s") is not None:
        busy = r.get("jobsN_cores_busy")
        t.add_row(
            f"[dim]chapter phase CPU time, 1 → {n} jobs (s)[/]",
            f"[dim]{r['jobs1_cpu_s']:.1f} → {r['jobsN_cpu_s']:.1f}[/]",
            "",
            f"[dim]{times('jobsN_cpu_over_jobs1')}[/]",
            "" if busy is None else f"[dim]{n} jobs kept the cores {busy:.0%} busy[/]",
            "",
        )
    t.add_row("[dim]register load (4 columns, pyarrow)[/]", s("national_load_s"), "", "", "", "")
    t.add_row(
        "[dim]model vs groupby, both after the load[/]",
        s("national_model_after_load_s"),
        "",
        f"[dim]{times('national_after_load_over_groupby_after_load')}[/]",
        "",
        "",
    )
    return t


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 %% register, fewer repeats")
    parser.add_argument("--only", choices=["national", "builds"], help="measure only one part")
    parser.add_argument("--fraction", type=float, help="share of the population in the register")
    parser.add_argument("--seed", type=int, default=20191231)
    parser.add_argument("--centres", type=int, default=1100)
    parser.add_argument("--data", type=Path, default=builds.EXAMPLE, help="dataset for the build timings")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument(
        "--budget-min",
        type=float,
        default=11.0,
        help="stop repeating expensive steps after this many minutes (default %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary project copy")
    args = parser.parse_args(argv)

    from rich.console import Console

    budget = Budget(args.budget_min)
    reps = repeats(args.quick)
    fraction = args.fraction if args.fraction is not None else (0.1 if args.quick else 1.0)
    record: dict = {
        "definitions": DEFINITIONS,
        "quick": args.quick,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "repeats": reps,
        "code_lines": code_lines(),
    }
    if args.only in (None, "national"):
        record.update(bench_national(fraction, reps["national"], args.seed, args.centres))
    if args.only in (None, "builds"):
        record.update(bench_builds(reps, budget, args.data.resolve(), args.keep))
    add_ratios_and_goals(record)
    record["bench_seconds"] = round(budget.elapsed(), 1)
    try:
        record["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    write_results(args.out, record)
    console = Console()
    if console.width < 120:
        console = Console(width=120)
    console.print(render_table(record))
    console.print(
        f"[dim]{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} · "
        f"{record['bench_seconds']:.0f} s · {record['machine']['cpu_count']} cores · "
        f"medians of the runs shown[/]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
