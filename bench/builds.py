"""Build timings of the benchmark, in a temporary copy of the project.

Each measured build runs in its own process (`python bench/builds.py build ...`), the way
`make book` runs it, and calls `analysis.pipeline.build.build` directly; the time is the wall
clock of that call (interpreter start and imports excluded), split into the build's steps
(validate, plan, execute, appendices, render; "other" is publishing and the manifest). The chapter phase
(`python bench/builds.py chapters --jobs N`) times only `analysis.pipeline.execute.run_jobs` on
the chapter jobs a forced build would run (validation, rendering and publishing excluded), and
counts the CPU time its processes used. The peer (`python bench/builds.py peer`) is jupyter-book
executing and rendering the same chapter templates itself (`child_peer`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis.pipeline.workspace import copy_sources

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"
#: Each chapter's template (registry key: path), for the one-changed rebuilds.
TEMPLATES = {
    "ersattningsmodell": "notebooks/01-ersattningsmodell-2020.ipynb",
    "forandringar": "notebooks/02-forandringar-2021.ipynb",
    "uppfoljning": "notebooks/03-uppfoljning.ipynb",
}
#: The chapter whose template the headline one-changed rebuild touches.
TOUCHED_KEY = "uppfoljning"
TOUCHED_TEMPLATE = TEMPLATES[TOUCHED_KEY]


def copy_project(dest: Path) -> Path:
    """A fresh copy of the book sources (not the data, not the build products) in `dest`."""
    return copy_sources(ROOT, dest)


def without_sheets(root: Path) -> Path:
    """The copy's book without the part *Hälsocentralsblad*: its skeleton loses that part, so the
    build makes no sheets (analysis.sheets.background.NoSheets). The baseline the sheets' cost is
    measured against."""
    import yaml

    from analysis.pipeline.toc import SKELETON, lists_folder
    from analysis.sheets.templates import FOLDER

    path = root / SKELETON
    skeleton = yaml.safe_load(path.read_text(encoding="utf-8"))
    skeleton["parts"] = [
        p
        for p in skeleton["parts"]
        if not any(str(c.get("file", "")).startswith(FOLDER.as_posix()) for c in p.get("chapters") or [])
    ]
    path.write_text(yaml.safe_dump(skeleton, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if lists_folder(root, FOLDER):
        raise RuntimeError(f"{path} listar fortfarande hälsocentralsbladen")
    return root


def touch_markdown(template: Path) -> None:
    """Append a space to the first markdown cell: the chapter's prose changes, its code does not
    (so it is not executed again; its new text is merged into the last executed notebook)."""
    _append_to_first(template, "markdown", " ")


def touch_code(template: Path) -> None:
    """Append a comment line to the last code cell: the chapter's code changes, so it runs again."""
    _append_to_first(template, "code", "\n# (ändrad av benchmarken)", last=True)


def _append_to_first(template: Path, cell_type: str, text: str, last: bool = False) -> None:
    nb = json.loads(template.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == cell_type]
    if not cells:
        raise ValueError(f"{template} har ingen {cell_type}-cell")
    cell = cells[-1] if last else cells[0]
    source = cell["source"]
    if isinstance(source, list):
        if source:
            source[-1] += text
        else:
            source.append(text)
    else:
        cell["source"] = source + text
    template.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def inputs_digest(data: Path) -> str:
    """SHA-256 over what a build reads from outside the project copy: the package sources
    (`src/analysis/**/*.py`, part of the chapters' cache keys) and the dataset's files. Both live
    in the shared tree, where others may edit them while the benchmark runs."""
    import hashlib

    h = hashlib.sha256()
    files = sorted((ROOT / "src" / "analysis").rglob("*.py")) + sorted(p for p in Path(data).glob("*") if p.is_file())
    for path in files:
        h.update(str(path).encode())
        try:
            h.update(path.read_bytes())
        except OSError:  # removed while we read
            pass
    return h.hexdigest()


# --- child side ------------------------------------------------------------------------------

#: Steps of `analysis.pipeline.build.build` timed separately (module-level functions it calls).
BUILD_PHASES = {
    "_load_valid_dataset": "validate",
    "_check_scenarios": "scenarios",
    "_plan": "plan",
    "_execute": "execute",
    "write_appendices": "appendices",
    "_render": "render",
}


def _time_phases(module, phases: dict[str, float]) -> None:
    """Wrap the build's steps so their wall time adds up in `phases` (this process only)."""
    for name, label in BUILD_PHASES.items():
        original = getattr(module, name, None)
        if original is None:
            continue

        def timed(*a, _f=original, _label=label, **kw):
            start = time.perf_counter()
            try:
                return _f(*a, **kw)
            finally:
                phases[_label] = phases.get(_label, 0.0) + time.perf_counter() - start

        setattr(module, name, timed)


def child_build(args) -> dict:
    from analysis.pipeline import build as B

    phases: dict[str, float] = {}
    _time_phases(B, phases)
    opts = B.BuildOptions(root=Path(args.root), data_dir=Path(args.data), jobs=args.jobs, force=args.force, quiet=True)
    start = time.perf_counter()
    report = B.build(opts)
    seconds = time.perf_counter() - start
    phases["other"] = seconds - sum(phases.values())
    return {
        "seconds": seconds,
        "executed": report.executed,
        "phases": {k: round(v, 2) for k, v in phases.items()},
        "chapters": {o.key: round(o.seconds, 2) for o in report.outcomes if not o.reused},
    }


def child_chapters(args) -> dict:
    """Time `run_jobs` alone on the jobs of a forced build (planned as `build` plans them)."""
    from analysis.chapters.registry import CHAPTERS
    from analysis.pipeline import build as B
    from analysis.pipeline.execute import run_jobs

    root = Path(args.root).resolve()
    dataset = B._load_valid_dataset(Path(args.data), B.table_cache(root))
    scenarios = B.shipped_scenarios(root)
    jobs, _ = B._plan(root, list(CHAPTERS), dataset, scenarios, True, None)
    for job in jobs:
        shutil.rmtree(job.parameters["output_dir"], ignore_errors=True)
    before = _children_cpu()
    start = time.perf_counter()
    outcomes = run_jobs(jobs, args.jobs)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - before
    failed = [o.summary() for o in outcomes if not o.ok]
    if failed:
        raise RuntimeError("\n\n".join(failed))
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "jobs": args.jobs,
        "executed": [j.key for j in jobs],
        "chapters": {o.key: round(o.seconds, 2) for o in outcomes},
    }


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's ended children and their descendants:
    workers and kernels."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_peer(args) -> dict:
    """The peer: jupyter-book itself executes and renders the same three chapter templates.

    The templates get the parameters our build gives them (papermill's `prepare_only`: injected,
    not executed) and the book sources are staged as for our HTML; then `jupyter-book build` runs
    with `execute_notebooks: force` (its own serial execution, no cache). Timed: that command,
    its interpreter start included."""
    import papermill
    import yaml

    from analysis.appendices import write_appendices
    from analysis.chapters.registry import CHAPTERS
    from analysis.pipeline import build as B
    from analysis.pipeline import jupyterbook
    from analysis.pipeline.execute import ChapterOutcome

    root = Path(args.root).resolve()
    dataset = B._load_valid_dataset(Path(args.data))
    scenarios = B.shipped_scenarios(root)
    write_appendices(root, dataset, scenarios, [ChapterOutcome(c.key, c.title, True, 0.0) for c in CHAPTERS])
    peer = root / "_build" / "peer"
    shutil.rmtree(peer, ignore_errors=True)
    src = jupyterbook.stage_sources(root, peer, "html")
    for chapter in CHAPTERS:
        params = B._parameters(root, chapter, dataset, scenarios)[0]
        params |= {"output_dir": str(src / chapter.output_dir), "tabellcache": None}
        papermill.execute_notebook(
            str(root / chapter.template),
            str(src / chapter.output),
            parameters=params,
            prepare_only=True,
            kernel_name="python3",
            progress_bar=False,
        )
        jupyterbook._code_behind_a_click(src / chapter.output)
    config = yaml.safe_load((src / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 900}
    (src / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    log = peer / "jupyter-book.log"
    start = time.perf_counter()
    jupyterbook.run_jupyter_book(src, peer / "out", "html", log)
    seconds = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    if "Executing notebook failed" in text or "Execution Failed" in text:  # myst-nb's warnings
        raise RuntimeError(f"jupyter-book kunde inte köra kapitlen; se {log}")
    pages = [src / c.output for c in CHAPTERS]
    missing = [
        p.stem
        for p in pages
        if not (peer / "out" / "_build" / "html" / p.relative_to(src)).with_suffix(".html").exists()
    ]
    if missing:
        raise RuntimeError(f"jupyter-book gav inga sidor för {', '.join(missing)}; se {log}")
    return {"seconds": seconds, "executed": [c.key for c in CHAPTERS], "chapters": {}}


# --- parent side -----------------------------------------------------------------------------


def run_child(kind: str, root: Path, data: Path, jobs: int, force: bool = False, timeout: float = 1200) -> dict:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        kind,
        "--root",
        str(root),
        "--data",
        str(data),
        "--jobs",
        str(jobs),
    ] + (["--force"] if force else [])
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{kind} misslyckades (kod {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["build", "chapters", "peer"])
    parser.add_argument("--root", required=True)
    parser.add_argument("--data", default=str(EXAMPLE))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    result = {"build": child_build, "chapters": child_chapters, "peer": child_peer}[args.kind](args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
