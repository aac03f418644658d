"""The benchmark's results file (bench/results.json) and goal checks, without running anything."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def _measured() -> dict:
    return {
        "clean_s": 100.0,
        "noop_s": 8.0,
        "one_changed_s": 40.0,
        "jobs1_s": 60.0,
        "jobsN_s": 35.0,
        "national_model_s": 2.0,
        "national_groupby_s": 1.0,
        "national_peak_mb": 900.0,
        "noop_executed_nothing": True,
        "one_changed_executed_only": ["uppfoljning"],
        "one_changed_expected": "uppfoljning",
        "machine": {"cpu_count": 2},
        "one_changed_by_chapter_s": {"uppfoljning": 40.0, "forandringar": 45.0},
        "one_changed_by_chapter_executed": {"forandringar": ["forandringar"]},
        "jobs1_cpu_s": 59.0,
        "jobsN_cpu_s": 64.9,
        "jobsN_cores_busy": 0.93,
        "peer_s": 125.0,
        "no_sheets_s": 80.0,
    }


def test_results_file_has_required_keys_and_ratios(bench_run, tmp_path):
    record = bench_run.add_ratios_and_goals(_measured())
    path = bench_run.write_results(tmp_path / "results.json", record)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in (
        "clean_s",
        "noop_s",
        "one_changed_s",
        "jobs1_s",
        "jobsN_s",
        "national_model_s",
        "national_groupby_s",
        "national_peak_mb",
    ):
        assert key in data
    assert data["noop_over_clean"] == pytest.approx(0.08)
    assert data["one_changed_over_clean"] == pytest.approx(0.4)
    assert data["one_changed_by_chapter_over_clean"] == pytest.approx({"uppfoljning": 0.4, "forandringar": 0.45})
    assert data["speedup_jobsN"] == pytest.approx(60 / 35)
    assert data["jobsN_cpu_over_jobs1"] == pytest.approx(1.1)
    assert data["national_over_groupby"] == pytest.approx(2.0)
    assert data["clean_over_peer"] == pytest.approx(0.8)
    assert data["sheets_share_of_clean"] == pytest.approx(0.25)
    assert all(g["met"] for g in data["goals"].values())
    assert "machine" in data


def test_missing_measurements_are_null(bench_run, tmp_path):
    record = bench_run.add_ratios_and_goals({"national_model_s": 3.0, "national_groupby_s": 1.0})
    data = json.loads(bench_run.write_results(tmp_path / "r.json", record).read_text(encoding="utf-8"))
    assert data["clean_s"] is None and data["noop_over_clean"] is None
    assert data["goals"]["noop"]["met"] is None and data["goals"]["national"]["met"] is True


def test_goals_fail_when_rebuilds_execute_the_wrong_chapters(bench_run):
    record = _measured() | {
        "noop_executed_nothing": False,
        "one_changed_executed_only": ["uppfoljning", "forandringar"],
    }
    goals = bench_run.add_ratios_and_goals(record)["goals"]
    assert goals["noop"]["met"] is False and goals["one_changed"]["met"] is False
    slow = bench_run.add_ratios_and_goals(_measured() | {"national_model_s": 5.0, "national_peak_mb": 5000.0})
    assert slow["goals"]["national"]["met"] is False and slow["goals"]["memory"]["met"] is False


def test_table_renders(bench_run):
    from rich.console import Console

    record = bench_run.add_ratios_and_goals(_measured())
    console = Console(width=160, record=True)
    console.print(bench_run.render_table(record))
    text = console.export_text()
    assert "no-op rebuild" in text and "national model run" in text and "8.0%" in text
    assert "the same for forandringar (executed: forandringar)" in text and "45.0% of clean" in text
    assert "80.0% of jupyter-book's" in text and "jupyter-book alone" in text
    assert "59.0 → 64.9" in text and "kept the cores 93% busy" in text
    assert "without the sheets" in text and "sheets add 25.0%" in text


def test_touch_markdown_changes_only_one_cell(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_builds", ROOT / "bench" / "builds.py")
    builds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builds)
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["x = 1"], "metadata": {}},
            {"cell_type": "markdown", "source": ["# Rubrik\n", "Text."], "metadata": {}},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "k.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    builds.touch_markdown(path)
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["cells"][1]["source"] == ["# Rubrik\n", "Text. "]
    assert after["cells"][0] == nb["cells"][0]


def test_goals_fail_when_jupyter_book_alone_is_faster(bench_run):
    goals = bench_run.add_ratios_and_goals(_measured() | {"peer_s": 90.0})["goals"]
    assert goals["peer"]["met"] is False


def test_results_record_the_code_size(bench_run):
    lines = bench_run.code_lines()
    assert lines["largest_module"].startswith("src/") and lines["largest_module_lines"] > 0
    assert 0 < lines["pipeline_lines"] <= 1200


def test_goal_fails_when_the_sheets_add_more_than_30_percent(bench_run):
    goals = bench_run.add_ratios_and_goals(_measured() | {"no_sheets_s": 75.0})["goals"]
    assert goals["sheets"]["met"] is False and goals["sheets"]["value"] == pytest.approx(1 / 3)


def test_the_copy_without_sheets_has_no_sheets_part(tmp_path):
    import shutil

    import yaml

    spec = importlib.util.spec_from_file_location("bench_builds", ROOT / "bench" / "builds.py")
    builds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builds)
    (tmp_path / "book").mkdir()
    shutil.copy2(ROOT / "book" / "_toc.skeleton.yml", tmp_path / "book" / "_toc.skeleton.yml")
    builds.without_sheets(tmp_path)
    skeleton = yaml.safe_load((tmp_path / "book" / "_toc.skeleton.yml").read_text(encoding="utf-8"))
    captions = [p.get("caption") for p in skeleton["parts"]]
    assert "Hälsocentralsblad" not in captions and "Bilagor" in captions and "Analys" in captions
