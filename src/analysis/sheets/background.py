"""The sheets made while the chapters run: a separate process, started with the chapter phase.

The sheets need only the dataset and the scenario files, not the chapters, so a build that runs
chapters starts `python -m analysis.sheets` at once and collects it before rendering; the sheets'
work then shares the cores with the chapters instead of adding its time after them. A build that
runs no chapter (nothing changed, or only the sheets' templates) makes them in-process after the
render-key check, so a no-op build does no sheet work at all. A book whose skeleton
(`book/_toc.skeleton.yml`) has no part for the sheets gets none (`NoSheets`). The build stops the
process when it stops (Ctrl-C, an error); like the chapters' workers, it is not tied to the
build's life by other means (docs/builds.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from analysis.sheets.templates import FOLDER

LOG = Path("loggar") / "halsocentralsblad.log"  # under _build/


class SheetsJob:
    """`with SheetsJob(...) as sheets: ... sheets.finish(dataset)` (see the module docstring)."""

    def __init__(
        self,
        root: Path,
        data_dir: Path,
        scenarios: list[Path],
        jobs: int,
        force: bool,
        table_cache: Path | None = None,
        start_now: bool = True,
        pdf: bool = False,
    ):
        self.root, self.scenarios, self.jobs, self.force, self.pdf = root, scenarios, jobs, force, pdf
        self.log = root / "_build" / LOG
        self._proc = None
        if start_now:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            cmd = [
                sys.executable,
                "-m",
                "analysis.sheets",
                "--root",
                str(root),
                "--data",
                str(Path(data_dir).resolve()),
                "--jobs",
                str(jobs),
            ]
            cmd += ["--force"] if force else []
            cmd += ["--pdf"] if pdf else []
            cmd += ["--tabellcache", str(table_cache)] if table_cache else []
            for path in scenarios:
                cmd += ["--scenario", str(path)]
            with open(self.log, "w", encoding="utf-8") as fh:
                self._proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def finish(self, dataset) -> None:
        """The sheets are written when this returns (waits for the process, or makes them now)."""
        if self._proc is None:
            from analysis.sheets.pages import write_sheets

            write_sheets(self.root, dataset, self.scenarios, self.jobs, force=self.force, pdf=self.pdf)
            return
        if self._proc.wait() != 0:
            from analysis.pipeline import BuildError

            tail = "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            raise BuildError(f"Hälsocentralsbladen kunde inte göras; logg: {self.log}\n{tail}")

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()

    def __enter__(self) -> SheetsJob:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class NoSheets:
    """The book's skeleton has no part for the sheets: make none, and remove earlier ones (their
    folder is a build product)."""

    def __init__(self, root: Path):
        self.root = root

    def finish(self, dataset) -> None:
        shutil.rmtree(self.root / FOLDER, ignore_errors=True)

    def __enter__(self) -> NoSheets:
        return self

    def __exit__(self, *exc) -> None:
        pass
