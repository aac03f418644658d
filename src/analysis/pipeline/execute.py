"""Run chapter notebook templates through papermill, in parallel worker processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from analysis.pipeline.registry import start_rank

CELL_TIMEOUT_S = 900
ENGINE = "halsoval"
VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables")


@dataclass(frozen=True)
class ChapterJob:
    """Everything a worker process needs to execute one chapter (plain, picklable data)."""

    key: str
    title: str
    template: Path
    output: Path
    cwd: Path
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


def execute_chapter(job: ChapterJob, figure_helpers: int = 0) -> ChapterOutcome:
    """Execute one template; on success the output replaces the chapter's notebook atomically.

    `figure_helpers` > 0 lets the chapter save that many figures at once in the background
    (`analysis.figures.saving`), for when the build has a core to spare."""
    from analysis.figures.saving import HELPERS_ENV

    os.environ[HELPERS_ENV] = str(figure_helpers)  # the kernel inherits this process's environment
    _log_stderr_to(job.failed_dir.parent / "loggar" / f"{job.key}.log")
    job.output.parent.mkdir(parents=True, exist_ok=True)
    running = job.output.with_name(job.output.stem + ".running.ipynb")
    start = time.perf_counter()
    try:
        km = _start_kernel(job.cwd)  # it boots while papermill is imported (0,7 s)
    except Exception as err:  # e.g. no python3 kernel installed
        return _failed(job, running, start, None, "", type(err).__name__, str(err))
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _register_engine()
    try:
        papermill.execute_notebook(
            str(job.template),
            str(running),
            parameters=job.parameters,
            cwd=str(job.cwd),
            kernel_name="python3",
            km=km,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            save_on_error=str(running),  # for `_failed`: the notebook as far as it ran
            execution_timeout=CELL_TIMEOUT_S,
            engine_name=ENGINE,
            # Stop the kernel as soon as the last cell has replied: all outputs have arrived and
            # the chapter's files are closed; a polite shutdown waits 1-2 s for its teardown.
            shutdown_kernel="immediate",
        )
    except PapermillExecutionError as err:
        return _failed(job, running, start, err.cell_index, err.source, err.ename, err.evalue)
    except Exception as err:  # kernel died, timeout, bad template: still a clean report
        return _failed(job, running, start, None, "", type(err).__name__, str(err))
    finally:
        _stop_kernel(km)
    _finalise(running, job)
    os.replace(running, job.output)
    return ChapterOutcome(job.key, job.title, True, time.perf_counter() - start, output=job.output)


def _start_kernel(cwd: Path):
    """Start the chapter's kernel (papermill's client takes it over, see `_register_engine`)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    # nbclient works asynchronously, on the per-thread event loop that `run_sync` keeps: start
    # the kernel on that loop too (a blocking KernelManager hangs nbclient when the kernel dies).
    km = AsyncKernelManager(kernel_name="python3")
    run_sync(km.start_kernel)(cwd=str(cwd))
    return km


def _stop_kernel(km) -> None:
    """Stop the kernel if papermill never got to (a template it could not read, say)."""
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already gone
        pass


#: Run in the kernel after the last cell: wait for figures still being saved in the background
#: (`analysis.figures.saving`); a no-op for a notebook that saved none.
FINISH_CODE = (
    "import sys as _sys\n"
    "if 'analysis.figures.saving' in _sys.modules:\n"
    "    _sys.modules['analysis.figures.saving'].wait_for_figures()\n"
)


def _register_engine() -> None:
    """Papermill's nbclient engine with three changes.

    - The notebook is written once at the end, not twice per cell. Papermill saves the whole
      notebook (with schema validation) before and after every cell so that a long run can be
      watched; for our chapters that is about two seconds of a ten-second run. The notebook is
      still written when the run ends, after an error in a cell, and (to `save_on_error`) when
      the kernel dies or a cell times out.
    - After the last cell, `FINISH_CODE` runs in the kernel. If it fails, its error is shown
      under the last code cell, where papermill finds it and reports it as for any cell.
    - The client takes over a kernel that `execute_chapter` started before importing papermill,
      and stops it as if it had started it itself.
    """
    import nbformat
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class FinishingClient(PapermillNotebookClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.owns_km = True  # the kernel `execute_chapter` started: stop it as nbclient stops its own

        def papermill_execute_cells(self):
            super().papermill_execute_cells()
            if self.nb.metadata.get("papermill", {}).get("exception"):
                return  # a cell failed: that is the error to report
            reply = self.wait_for_reply(self.kc.execute(FINISH_CODE, silent=True, store_history=False))
            content = reply["content"]
            if content["status"] != "ok":
                last = [c for c in self.nb.cells if c.cell_type == "code"][-1]
                last.outputs.append(nbformat.v4.new_output(
                    "error", ename=content.get("ename", ""), evalue=content.get("evalue", ""),
                    traceback=content.get("traceback", [])))

    class SaveAtEndEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, start_timeout=60,
                                     execution_timeout=None, save_on_error=None, **kwargs):
            path, nb_man.output_path = nb_man.output_path, None
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            try:  # as NBClientEngine, with FinishingClient
                return FinishingClient(nb_man, **merge_kwargs(
                    kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                    kernel_name=kernel_name, log=logger, log_output=log_output)).execute()
            except Exception:  # a dead kernel or a timeout: keep what ran, for the report
                if save_on_error:
                    nbformat.write(nb_man.nb, save_on_error)
                raise
            finally:
                nb_man.output_path = path  # Engine.execute_notebook then saves once

    papermill_engines.register(ENGINE, SaveAtEndEngine)


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
        job.key, job.title, False, time.perf_counter() - start, output=kept if kept.exists() else None,
        cell_index=cell_index, cell_source=source or "", error_name=ename, error_value=str(evalue),
    )


def _finalise(path: Path, job: ChapterJob) -> None:
    """Stamp the cache key, hide the injected parameters, drop timestamps and absolute paths."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in VOLATILE_NB_KEYS:
        pm.pop(key, None)
    pm["parameters"] = job.shown_parameters
    nb.metadata["halsoval"] = {"kapitel": job.key, "cache_key": job.cache_key}
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


def cached_key(output: Path) -> str | None:
    """The cache key stamped in an executed notebook, if any."""
    try:
        meta = json.loads(output.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    return meta.get("halsoval", {}).get("cache_key")


def _end_with_build(build_pid: int) -> None:
    """Worker start-up: if the build process dies (killed, say), this worker is killed too, and
    its kernel, which watches its parent, follows. Otherwise the chapter would run on unseen and
    write into `book/` while the next build already works there (the lock died with the build)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build_pid:  # the build died before the line above took effect
        os._exit(1)


def run_jobs(
    jobs: list[ChapterJob],
    workers: int,
    on_start: Callable[[ChapterJob], None] = lambda job: None,
    on_done: Callable[[ChapterOutcome], None] = lambda outcome: None,
) -> list[ChapterOutcome]:
    """Run jobs on up to `workers` processes; returns outcomes in job order.

    Chapters start in the registry's `START_ORDER`. With more than one worker, each chapter may
    also save up to `workers` figures at once in helper processes (`analysis.figures.saving`):
    a rebuild of one chapter then uses the cores it would leave idle. `workers=1` keeps
    everything, figures included, to one process."""
    if not jobs:
        return []
    outcomes: dict[str, ChapterOutcome] = {}
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))), mp_context=ctx,
                             initializer=_end_with_build, initargs=(os.getpid(),)) as pool:
        futures = {}
        for job in sorted(jobs, key=lambda job: start_rank(job.key)):  # stable: book order otherwise
            on_start(job)
            futures[pool.submit(execute_chapter, job, workers if workers > 1 else 0)] = job
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[outcome.key] = outcome
            on_done(outcome)
    return [outcomes[job.key] for job in jobs]
