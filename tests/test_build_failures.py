"""Bad input and failing notebooks stop the build cleanly and leave the last good book untouched."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import EXAMPLE, copy_built, run_cli, tree_digest

from analysis.pipeline.lock import build_lock

pytestmark = pytest.mark.slow


@pytest.fixture()
def project(built_book, tmp_path) -> Path:
    """A private copy of the built project, so a test may break it."""
    return copy_built(built_book, tmp_path / "projekt")


def _dataset_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    return data


def test_renamed_column_stops_build_and_keeps_book(project, tmp_path):
    data = _dataset_copy(tmp_path)
    listade = data / "listade.csv"
    header, rest = listade.read_text(encoding="utf-8").split("\n", 1)
    listade.write_text(header.replace("antal", "antal_personer") + "\n" + rest, encoding="utf-8")
    run_cli(project, "data", "rehash", str(data))  # the edit is deliberate; only the column is wrong
    before = tree_digest(project / "_build" / "html")

    result = run_cli(project, "build", "--data", str(data), "--quiet")

    assert result.returncode == 1
    message = result.stdout + result.stderr
    assert "listade.csv" in message and "antal" in message
    assert "Bygget avbröts" in message
    assert tree_digest(project / "_build" / "html") == before


def test_failing_notebook_reports_chapter_cell_and_error(project):
    template = project / "notebooks" / "03-uppfoljning.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "raise ValueError('avsiktligt fel för testet')",
        }
    )
    template.write_text(json.dumps(nb), encoding="utf-8")
    before = tree_digest(project / "_build" / "html")

    result = run_cli(project, "build", "--data", str(EXAMPLE), "--quiet")

    message = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Uppföljning" in message and "ValueError" in message and "avsiktligt fel" in message
    assert "raise ValueError" in message  # the failing cell's source
    kept = project / "_build" / "misslyckade" / "uppfoljning.ipynb"
    assert kept.exists() and str(kept.relative_to(project)) in message
    assert tree_digest(project / "_build" / "html") == before


def test_second_concurrent_build_is_refused(project):
    first = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--force", "--quiet", "--data", str(EXAMPLE)],
        cwd=project,
        start_new_session=True,
    )
    try:
        _wait_for_chapter_processes(first.pid)  # the first build holds the lock and runs chapters
        second = run_cli(project, "build", "--quiet", "--data", str(EXAMPLE))
        assert second.returncode == 3
        assert "Ett annat bygge pågår" in second.stdout + second.stderr
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the build, its workers and kernels
        first.wait(30)


def _wait_for_chapter_processes(pid: int) -> list:
    """The build's worker processes and kernels, once its first kernel runs."""
    deadline = time.time() + 60
    while time.time() < deadline:
        found = psutil.Process(pid).children(recursive=True)
        if any("ipykernel" in " ".join(p.cmdline()) for p in found):
            return found
        time.sleep(0.2)
    raise AssertionError("bygget startade inga kärnor")


@pytest.mark.parametrize("delay", [3, 12])
def test_killed_build_leaves_last_good_book(project, delay):
    before = tree_digest(project / "_build" / "html")
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", "--force", "--quiet", "--data", str(EXAMPLE)],
        cwd=project,
        start_new_session=True,
    )
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its kernels, as a crash would
    proc.wait(30)
    assert tree_digest(project / "_build" / "html") == before
    with build_lock(project / "_build"):  # no stale lock blocks the next build
        pass


def test_scenario_with_typo_is_refused_before_anything_runs(project, tmp_path):
    bad = tmp_path / "mitt-scenario.yml"
    bad.write_text(
        "namn: mitt\ntitel: Mitt förslag\nbeskrivning: test\nforslag_av: utredningen\nkalla: test\n"
        "forandringar:\n  - typ: cni_andel\n    andle: 0.4\n",
        encoding="utf-8",
    )
    before = tree_digest(project / "_build" / "html")

    result = run_cli(project, "build", "--data", str(EXAMPLE), "--scenario", str(bad), "--quiet")

    message = result.stdout + result.stderr
    assert result.returncode == 1
    assert "mitt-scenario.yml" in message and "andle" in message
    assert tree_digest(project / "_build" / "html") == before


def test_scenario_share_outside_range_is_refused(project, tmp_path):
    bad = tmp_path / "for-stor-andel.yml"
    bad.write_text(
        "namn: stor\ntitel: För stor andel\nbeskrivning: test\nforslag_av: utredningen\nkalla: test\n"
        "forandringar:\n  - typ: cni_andel\n    andel: 1.4\n",
        encoding="utf-8",
    )
    result = run_cli(project, "build", "--data", str(EXAMPLE), "--scenario", str(bad), "--quiet")
    message = result.stdout + result.stderr
    assert result.returncode == 1
    assert "for-stor-andel.yml" in message and "andel" in message and "1.4" in message
