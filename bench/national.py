"""National-scale steps of the benchmark, each run in its own process (`python bench/national.py STEP`).

Steps (each prints one JSON line on stdout; the parent measures the process's peak RSS):

* `generate`: make the synthetic national register (or reuse it when its content hash matches).
* `model`: load the register (needed columns only), aggregate with
  `analysis.data.aggregate.aggregate_listing`, derive `listade_ort` from the persons' distances,
  make the synthetic CNI delivery, costs and fees, and run `analysis.model.compute_model`.
* `sheets`: the same inputs, then every centre's sheet (`analysis.sheets.write_from_source`:
  numbers, pages and figures, drawn afresh) into `bench/national/halsocentralsblad/`.
* `groupby`: the floor: load the same register and run a bare
  `df.groupby(["hc_id", "alder", "kon"], observed=True).size()`.

Phases are timed inside the process with `time.perf_counter` (interpreter start and imports
excluded; they are the same for every step).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POPULATION = ROOT / "data" / "raw" / "scb-via-SCBHandlerPlotter" / "SCB_alderkon.csv"
PARAMS = ROOT / "data" / "exempel-2020" / "parametrar.yml"
STORE = ROOT / "bench" / "national"
MODEL_COLUMNS = ("hc_id", "kon", "alder", "avstand_km")
GROUPBY_COLUMNS = ("hc_id", "kon", "alder")


@dataclass(frozen=True)
class RegisterFiles:
    register: Path
    centres: Path
    content_hash: str


def register_files(fraction: float, seed: int, centres: int, store: Path = STORE) -> RegisterFiles:
    from national_register import register_hash

    digest = register_hash(POPULATION, seed, centres, fraction)
    tag = f"{fraction:g}-{digest[:16]}"
    return RegisterFiles(store / f"register-{tag}.parquet", store / f"centres-{tag}.parquet", digest)


# --- steps (run in the child process) --------------------------------------------------------


def step_generate(args) -> dict:
    import national_register as N
    import pandas as pd

    files = register_files(args.fraction, args.seed, args.centres)
    if files.centres.exists() and N.stored_hash(files.register) == files.content_hash:
        rows = _parquet_rows(files.register)
        return {
            "reused": True,
            "seconds": 0.0,
            "rows": rows,
            "hash": files.content_hash,
            "file": str(files.register.relative_to(ROOT)),
            "mb": _mb(files.register),
        }
    start = time.perf_counter()
    pop = N.scale_population(N.read_scb_population(POPULATION), args.fraction)
    geo = N.make_geography(pop, args.centres, args.seed)
    register = N.synthetic_register(pop, geo, args.seed)
    made = time.perf_counter() - start
    for old in files.register.parent.glob(f"*-{args.fraction:g}-*.parquet"):
        old.unlink()  # stale versions of this size (another seed or generator version)
    files.centres.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(geo.centres).to_parquet(files.centres, index=False)
    N.write_register(register, files.register, files.content_hash)
    return {
        "reused": False,
        "seconds": time.perf_counter() - start,
        "generate_s": made,
        "write_s": time.perf_counter() - start - made,
        "rows": len(register),
        "hash": files.content_hash,
        "file": str(files.register.relative_to(ROOT)),
        "mb": _mb(files.register),
        "centres": len(geo.centres),
        "localities": len(geo.localities),
    }


def step_model(args) -> dict:
    import national_register as N
    import pandas as pd

    from analysis.data.aggregate import aggregate_listing
    from analysis.model import compute_model

    files = register_files(args.fraction, args.seed, args.centres)
    params, params_source = load_params()
    centres = pd.read_parquet(files.centres)
    phases = {}
    t = time.perf_counter()
    df = N.read_register(files.register, MODEL_COLUMNS)
    phases["load"] = _lap(t)
    t = time.perf_counter()
    listade = aggregate_listing(df)
    phases["aggregate"] = _lap(t)
    t = time.perf_counter()
    listade_ort = N.listade_ort_from_register(df, centres)
    phases["listade_ort"] = _lap(t)
    t = time.perf_counter()
    inputs = N.national_model_inputs(listade, listade_ort, centres, params, args.seed)
    phases["inputs"] = _lap(t)
    t = time.perf_counter()
    result = compute_model(inputs)
    phases["compute"] = _lap(t)
    totals = result.totals
    return {
        "rows": len(df),
        "phases": phases,
        "seconds": sum(v for k, v in phases.items() if k != "load"),
        "seconds_with_load": sum(phases.values()),
        "centres": len(result.per_centre),
        "listade": int(totals["listade"]),
        "ersattning_total": float(totals["ersattning_total"]),
        "params": params_source,
    }


def step_sheets(args) -> dict:
    """The health-centre sheets for every centre of the register (pages and figures into
    bench/national/halsocentralsblad/, drawn afresh), after the model step's inputs."""
    import shutil

    import national_register as N
    import pandas as pd

    from analysis.data.aggregate import aggregate_listing
    from analysis.scenarios import load_scenarios, shipped_scenario_files
    from analysis.sheets.compute import MODEL_TABLES, SheetSource
    from analysis.sheets.pages import write_from_source

    files = register_files(args.fraction, args.seed, args.centres)
    params, _ = load_params()
    centres = pd.read_parquet(files.centres)
    t = time.perf_counter()
    df = N.read_register(files.register, MODEL_COLUMNS)
    inputs = N.national_model_inputs(
        aggregate_listing(df), N.listade_ort_from_register(df, centres), centres, params, args.seed
    )
    del df
    inputs_s = _lap(t)
    # the register has no municipality 2380: scenarios with a separate Östersund do not apply
    scenarios = [
        s
        for s in load_scenarios(shipped_scenario_files(ROOT))
        if not any(c.typ == "separat_halsoval_ostersund" for c in s.forandringar)
    ]
    source = SheetSource(
        inputs=inputs,
        statuses={t: "syntetisk" for t in MODEL_TABLES},
        dataset_name="nationellt register (syntetiskt)",
        year=2019,
    )
    out = STORE / "halsocentralsblad"
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    report = write_from_source(ROOT, source, scenarios, jobs=args.jobs, out=out)
    seconds = _lap(t)
    return {
        "seconds": seconds,
        "phases": {"inputs": inputs_s, **report.seconds},
        "centres": report.centres,
        "figures": report.figures_drawn,
        "scenarios": len(scenarios),
        "jobs": args.jobs,
        "pages": len(list((out / "blad").glob("*.md"))),
    }


def step_groupby(args) -> dict:
    import national_register as N

    files = register_files(args.fraction, args.seed, args.centres)
    t = time.perf_counter()
    df = N.read_register(files.register, GROUPBY_COLUMNS)
    load = _lap(t)
    t = time.perf_counter()
    counts = df.groupby(["hc_id", "alder", "kon"], observed=True).size()
    seconds = _lap(t)
    return {
        "rows": len(df),
        "phases": {"load": load, "groupby": seconds},
        "seconds": seconds,
        "seconds_with_load": load + seconds,
        "groups": len(counts),
        "total": int(counts.sum()),
    }


def load_params():
    """The example dataset's model parameters (weights, prices); the parameter file's path."""
    import yaml

    from analysis.model import ModelParams

    with open(PARAMS, encoding="utf-8") as fh:
        return ModelParams.from_params(yaml.safe_load(fh)), str(PARAMS.relative_to(ROOT))


def _lap(start: float) -> float:
    return time.perf_counter() - start


def _mb(path: Path) -> float:
    return round(path.stat().st_size / 1e6, 1)


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


STEPS = {
    "generate": step_generate,
    "model": step_model,
    "groupby": step_groupby,
    "sheets": step_sheets,
}


# --- the parent's side -----------------------------------------------------------------------


def run_step(
    step: str, fraction: float, seed: int, centres: int, timeout: float = 600, jobs: int | None = None
) -> dict:
    """Run one step in a fresh Python process; its JSON plus `peak_mb` (the child's ru_maxrss).

    `os.wait4` returns the resource usage of exactly that child, so every step's peak is its own
    (RUSAGE_CHILDREN would be the maximum over all children so far).
    """
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        step,
        "--fraction",
        repr(fraction),
        "--seed",
        str(seed),
        "--centres",
        str(centres),
    ] + (["--jobs", str(jobs)] if jobs else [])
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env, text=True)
    out, err = _read_all(proc, timeout)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"steget '{step}' misslyckades (kod {proc.returncode}):\n{err[-4000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux: kilobytes
    return result


def _read_all(proc: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """Read stdout and stderr to the end without reaping the child (wait4 does that)."""
    import threading

    chunks: dict[str, str] = {}

    def drain(name, stream):
        chunks[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout)
    if any(th.is_alive() for th in threads):
        proc.kill()
        raise TimeoutError(f"steget tog mer än {timeout:.0f} s")
    return chunks.get("out", ""), chunks.get("err", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20191231)
    parser.add_argument("--centres", type=int, default=1100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="sheets: figure workers")
    args = parser.parse_args(argv)
    print(json.dumps(STEPS[args.step](args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
