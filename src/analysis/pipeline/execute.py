"""Run chapter notebook templates through papermill, in parallel worker processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from analysis.chapters.registry import start_rank
from analysis.pipeline.cache import sha256_file

CELL_TIMEOUT_S = 900
VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables")


@dataclass(frozen=True)
class ChapterJob:
    """Everything a worker process needs to execute one chapter (plain, picklable data)."""

    key: str
    title: str
    template: Path
    output: Path  # the notebook runs in its folder
    failed_dir: Path
    parameters: dict
    cache_key: str
    shown_parameters: dict = field(default_factory=dict)


@dataclass
class ChapterOutcome:
    key: str
    title: str
    ok: bool
    seconds: float
    reused: bool = False
    new_prose: bool = False  # reused, with the template's new markdown merged in
    output: Path | None = None
    cell_index: int | None = None
    cell_source: str = ""
    error_name: str = ""
    error_value: str = ""

    def run_label(self) -> str:
        if not self.reused:
            return "körd"
        return "återanvänd, ny text" if self.new_prose else "återanvänd"

    def summary(self) -> str:
        """The failure in a few Swedish lines: chapter, cell, error, where the notebook is."""
        first_lines = "\n".join("      " + line for line in self.cell_source.splitlines()[:4])
        where = f" i cell {self.cell_index}" if self.cell_index is not None else ""
        kept = f"\n  Hela den körda anteckningsboken finns i {self.output}" if self.output else ""
        return (
            f"Kapitlet '{self.title}' ({self.key}) misslyckades{where}:\n{first_lines}\n"
            f"  {self.error_name}: {self.error_value}{kept}"
        )


def execute_chapter(job: ChapterJob) -> ChapterOutcome:
    """Execute one template; on success the output replaces the chapter's notebook atomically."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _log_stderr_to(job.failed_dir.parent / "loggar" / f"{job.key}.log")
    job.output.parent.mkdir(parents=True, exist_ok=True)
    running = job.output.with_name(job.output.stem + ".running.ipynb")
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(job.template),
            str(running),
            parameters=job.parameters,
            cwd=str(job.output.parent),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            # Written once at the end (and on an error in a cell), not around every cell.
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT_S,
            # nbclient's option: stop the kernel as soon as the last cell has replied (all outputs
            # have arrived); a polite shutdown waits 1-2 s for the kernel's teardown.
            shutdown_kernel="immediate",
        )
    except PapermillExecutionError as err:
        return _failed(job, running, start, err.cell_index, err.source, err.ename, err.evalue)
    except Exception as err:  # kernel died, timeout, bad template: still a clean report
        return _failed(job, running, start, None, "", type(err).__name__, str(err))
    _finalise(running, job)
    os.replace(running, job.output)
    return ChapterOutcome(job.key, job.title, True, time.perf_counter() - start, output=job.output)


def _log_stderr_to(path: Path) -> None:
    """Send this worker's (and its kernel's) stderr to a log file instead of the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def _failed(job, running, start, cell_index, source, ename, evalue) -> ChapterOutcome:
    job.failed_dir.mkdir(parents=True, exist_ok=True)
    kept = job.failed_dir / f"{job.key}.ipynb"
    kept.unlink(missing_ok=True)  # an earlier failure's notebook would mislead
    if running.exists():
        shutil.move(str(running), kept)
    return ChapterOutcome(
        job.key,
        job.title,
        False,
        time.perf_counter() - start,
        output=kept if kept.exists() else None,
        cell_index=cell_index,
        cell_source=source or "",
        error_name=ename,
        error_value=str(evalue),
    )


def _finalise(path: Path, job: ChapterJob) -> None:
    """Stamp the cache key, hide the injected parameters, drop timestamps and absolute paths."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in VOLATILE_NB_KEYS:
        pm.pop(key, None)
    pm["parameters"] = job.shown_parameters
    out_dir = Path(job.parameters["output_dir"]) if "output_dir" in job.parameters else None
    outputs = {p.name: sha256_file(p) for p in sorted(out_dir.glob("*")) if p.is_file()} if out_dir else {}
    nb.metadata["halsoval"] = {"kapitel": job.key, "cache_key": job.cache_key, "utdata": outputs}
    for cell in nb.cells:  # papermill's additions to every cell go: merged prose then matches
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.id = "parametrar-fran-bygget"  # papermill's id is random
            tags.append("remove-cell")
            cell.source = "# Parametrar från bygget (se bilagan Reproducerbarhet)\n" + json.dumps(
                job.shown_parameters, ensure_ascii=False, indent=1
            )
    nbformat.write(nb, path)


def stamp(output: Path) -> dict:
    """What `_finalise` stamped in an executed notebook: its cache key and its generated files."""
    try:
        return json.loads(output.read_text(encoding="utf-8")).get("metadata", {}).get("halsoval", {})
    except (OSError, ValueError):
        return {}


def cached_key(output: Path) -> str | None:
    """The cache key stamped in an executed notebook, if any."""
    return stamp(output).get("cache_key")


def run_jobs(
    jobs: list[ChapterJob],
    workers: int,
    on_start: Callable = lambda job: None,
    on_done: Callable = lambda outcome: None,
) -> list[ChapterOutcome]:
    """Run jobs on up to `workers` processes, starting them in the registry's `START_ORDER`;
    returns outcomes in job order."""
    if not jobs:
        return []
    outcomes: dict[str, ChapterOutcome] = {}
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))), mp_context=ctx) as pool:
        futures = {}
        for job in sorted(jobs, key=lambda job: start_rank(job.key)):  # stable: book order otherwise
            on_start(job)
            futures[pool.submit(execute_chapter, job)] = job
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[outcome.key] = outcome
            on_done(outcome)
    return [outcomes[job.key] for job in jobs]
