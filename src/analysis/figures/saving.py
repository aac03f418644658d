"""Saving figures as PNG, in a forked helper process when the build has a core to spare.

Drawing and encoding a figure takes 0,2-0,6 s, close to half of a chapter's run time. When the
build runs chapters with more than one job, it sets `HELPERS_ENV` in the kernel's environment:
each figure is then saved by a forked copy of the kernel while the notebook goes on, and the
build calls `wait_for_figures()` after the last cell, failing the chapter (naming the figures)
if any figure could not be saved. The forked copy holds the very same figure and settings, so
the file is byte for byte the one an in-place save writes. Without the variable (Jupyter, plain
papermill, `--jobs 1`), or off Linux, figures are saved in place.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

#: Number of helper processes a chapter may keep busy at once (set by the build; 0 = in place).
HELPERS_ENV = "HALSOVAL_FIGURHJALPARE"


@dataclass
class _Pending:
    pid: int
    report_fd: int  # read end of a pipe: warnings on success, "FEL" and the traceback on failure
    path: Path


_pending: list[_Pending] = []
_failures: list[str] = []  # reported together by `wait_for_figures`


def helpers() -> int:
    """How many figures may be saved in the background at once here (0: save in place)."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return 0
    try:
        return max(0, int(os.environ.get(HELPERS_ENV, "0")))
    except ValueError:
        return 0


def save_png(fig, path: Path) -> None:
    """Save `fig` as PNG at `path` (no software stamp, so the bytes are reproducible)."""
    n = helpers()
    if n == 0:
        fig.savefig(path, metadata={"Software": None})
        return
    while len(_pending) >= n:
        _finish(_pending.pop(0))
    _pending.append(_fork_save(fig, Path(path)))


def wait_for_figures() -> None:
    """Wait for every figure being saved in the background; raise if any of them failed."""
    while _pending:
        _finish(_pending.pop(0))
    failures = list(_failures)
    _failures.clear()
    if failures:
        raise RuntimeError("\n".join(failures))


def _fork_save(fig, path: Path) -> _Pending:
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():  # Python >= 3.12 warns about fork() beside the kernel's threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the helper: save, report, and leave without running the kernel's exit code
        os.close(read_fd)
        _child_save(fig, path, write_fd)
    os.close(write_fd)
    return _Pending(pid, read_fd, path)


def _child_save(fig, path: Path, write_fd: int) -> None:
    code = 1
    try:
        # The kernel's streams belong to its threads, which were not copied; never touch them.
        sys.stdout = sys.stderr = io.StringIO()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(path, metadata={"Software": None})
        report = "".join(f"Varning: {w.category.__name__}: {w.message}\n" for w in caught)
        os.write(write_fd, report.encode("utf-8") if report else b"")
        code = 0
    except BaseException:
        os.write(write_fd, ("FEL\n" + traceback.format_exc()).encode("utf-8", "replace"))
    finally:
        os._exit(code)


def _finish(job: _Pending) -> None:
    """Wait for one helper; if it failed, note a Swedish error naming the figure."""
    chunks = []
    while chunk := os.read(job.report_fd, 65536):
        chunks.append(chunk)
    os.close(job.report_fd)
    report = b"".join(chunks).decode("utf-8", "replace")
    try:
        _, status = os.waitpid(job.pid, 0)
        exit_code = os.waitstatus_to_exitcode(status)
    except ChildProcessError:  # reaped by someone else: the report alone tells
        exit_code = 0
    if exit_code == 0 and not report.startswith("FEL"):
        if report:  # warnings go to the build log (the kernel's stderr), as they carry no result
            print(f"{job.path.name}: {report}", file=sys.__stderr__, flush=True)
        return
    detail = report.strip().splitlines()[-1] if report.strip() else f"processen avslutades med kod {exit_code}"
    _failures.append(f"Figuren '{job.path.name}' kunde inte sparas: {detail}")
