"""Short or partial data never break the chapter "Uppföljning": what `validate` accepts builds.

Each variant of the example dataset (Kolada cut to one or two years, a centre or an indicator
without rows, visits that do not cover the continuity period, too few centres) must be accepted by
`validate`, which warns about every analysis the chapter cannot do (naming table, indicator and
years); and the chapter template's own code cells must then run to the end, showing the same
sentences where figures are missing. The template is executed in-process (no kernel), with the
dataset variant as its parameter.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest
from conftest import drop_centres_from_params

from analysis.chapters.uppfoljning.followup_text import glue_values
from analysis.data import load_dataset, rehash_manifest, validate_dataset
from analysis.indicators import shortfalls as S
from analysis.indicators.followup import TABLES, follow_up

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"
TEMPLATE = ROOT / "notebooks" / "03-uppfoljning.ipynb"
GLUED = {
    key
    for cell in nbformat.read(TEMPLATE, 4).cells
    if cell.cell_type == "markdown"
    for key in re.findall(r"\{glue:text\}`(\w+)`", cell.source)
}
CENTRE_COLUMNS = {
    "halsocentraler": ["hc_id"],
    "listade": ["hc_id"],
    "listade_ort": ["hc_id"],
    "cni_underlag": ["enhet"],
    "kostnader": ["hc_id"],
    "patientavgifter": ["hc_id"],
    "indikatorer": ["hc_id"],
    "besok": ["listad_hc", "besokt_hc"],
}


# -- dataset variants ------------------------------------------------------------------------------


def variant(tmp_path: Path, **tables) -> Path:
    """The example dataset with some tables replaced by `transform(frame)`, rehashed."""
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE, folder)
    for name, transform in tables.items():
        path = folder / (f"{name}.parquet" if name == "besok" else f"{name}.csv")
        if name == "besok":
            frame = pd.read_parquet(path)
            transform(frame).to_parquet(path, index=False)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            transform(frame).to_csv(path, index=False, lineterminator="\n")
    if "halsocentraler" in tables:
        before = set(pd.read_csv(EXAMPLE / "halsocentraler.csv", dtype=str)["hc_id"])
        drop_centres_from_params(folder, before - set(pd.read_csv(folder / "halsocentraler.csv", dtype=str)["hc_id"]))
    rehash_manifest(folder)
    return folder


def kolada_first_years(n: int):
    """Each KPI from the region's first year, `n` years long (all regions)."""

    def cut(k: pd.DataFrame) -> pd.DataFrame:
        ar = k["ar"].astype(int)
        first = k[k["region_id"] == "0023"].assign(ar=ar).groupby("kpi")["ar"].min()
        start = k["kpi"].map(first)
        return k[(ar >= start) & (ar < start + n)]

    return cut


def kolada_until(year: int):
    return lambda k: k[k["ar"].astype(int) <= year]


def without(column: str, value: str):
    return lambda f: f[f[column] != value]


def only_centres(keep: list[str]) -> dict:
    def filt(columns):
        return lambda f: f[f[columns].isin(keep).all(axis=1)]

    return {name: filt(cols) for name, cols in CENTRE_COLUMNS.items()}


def visits_from(start: str):
    return lambda b: b[pd.to_datetime(b["datum"]) >= pd.Timestamp(start)]


def visits_moved_years(years: int):
    return lambda b: b.assign(datum=(pd.to_datetime(b["datum"]) - pd.DateOffset(years=years)).dt.date)


CENTRES = ["lugnvik", "jarpen", "brunflo", "are"]
VARIANTS = {
    "kolada_ett_ar": dict(kolada=kolada_first_years(1)),
    "kolada_tva_ar": dict(kolada=kolada_first_years(2)),
    "kolada_till_ar_efter": dict(kolada=kolada_until(2021)),
    "kolada_utan_3an": dict(kolada=without("kpi", "N79173")),
    "kolada_3an_100_procent": dict(
        kolada=lambda k: k.assign(varde=k["varde"].where((k["kpi"] != "N79173") | (k["region_id"] != "0023"), "100.0"))
    ),
    "hc_utan_indikatorer": dict(indikatorer=without("hc_id", "lugnvik")),
    "utan_npe_och_antibiotika": dict(
        indikatorer=lambda f: f[~f["indikator"].isin(["npe_helhetsintryck", "antibiotika"])]
    ),
    "besok_bara_slutet": dict(besok=visits_from("2020-09-01")),
    "besok_utanfor_perioden": dict(besok=visits_moved_years(3)),
    "besok_utan_lakare": dict(besok=lambda b: b[b["yrke"] != "lakare"]),
    "kolada_utan_riket": dict(kolada=without("region_id", "0000")),
    "npe_bara_senare_ar": dict(
        indikatorer=lambda f: f[(f["indikator"] != "npe_helhetsintryck") | (f["ar"].astype(int) > 2020)]
    ),
    "fyra_hc": only_centres(CENTRES),
    "tva_hc": only_centres(CENTRES[:2]),
}
EXPECTED = {  # variant -> shortfall keys the chapter must report
    "kolada_ett_ar": {"trend:N79179", "trend:N79173"},
    "kolada_tva_ar": {"trend:N79179", "trend:N79173"},
    "kolada_till_ar_efter": {"trend:N79173"},
    "kolada_utan_3an": {"kolada:N79173"},
    "kolada_3an_100_procent": {"trend:N79173"},
    "hc_utan_indikatorer": set(),
    "utan_npe_och_antibiotika": {"indikator:npe_helhetsintryck", "indikator:antibiotika"},
    "besok_bara_slutet": {"kontinuitet"},
    "besok_utanfor_perioden": {"kontinuitet"},
    "besok_utan_lakare": {"kontinuitet:lakare"},
    "kolada_utan_riket": set(),
    "npe_bara_senare_ar": {"indikator:npe_helhetsintryck"},
    "fyra_hc": {"samband:noll_an", "samband:tre_an", "samband:antibiotika"},
    "tva_hc": {"tratt:noll_an", "tratt:tre_an", "tratt:antibiotika", "samband:tre_an"},
}


def run_template(folder: Path, out: Path) -> tuple[dict, str]:
    """Execute the template's code cells in-process with `folder` as data_dir; (namespace, output)."""
    nb = nbformat.read(TEMPLATE, 4)
    ns: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            exec(compile(cell.source, "03-uppfoljning", "exec"), ns)  # noqa: S102
            if "parameters" in cell.metadata.get("tags", []):
                ns.update(data_dir=str(folder), output_dir=str(out), year=2020, tabellcache=None)
    matplotlib.pyplot.close("all")
    return ns, printed.getvalue()


FAST = {
    "kolada_ett_ar",
    "kolada_tva_ar",
    "hc_utan_indikatorer",
    "fyra_hc",
    "kolada_3an_100_procent",
}  # the rest: ~8 s each


@pytest.mark.parametrize("name", [n if n in FAST else pytest.param(n, marks=pytest.mark.slow) for n in VARIANTS])
def test_validate_accepts_warns_and_the_chapter_runs(name, tmp_path, monkeypatch):
    from analysis.chapter import Chapter

    glued: set[str] = set()
    original = Chapter.glue

    def recording_glue(self, key, text, *args, **kwargs):
        glued.add(key)
        return original(self, key, text, *args, **kwargs)

    monkeypatch.setattr(Chapter, "glue", recording_glue)
    folder = variant(tmp_path, **VARIANTS[name])
    assert validate_dataset(folder) == [], "validate must accept the variant"
    ns, printed = run_template(folder, tmp_path / "genererat")  # the chapter's own cells, to the end
    fu, g, ds = ns["k"].fu, ns["k"].g, ns["ch"].dataset
    expected = EXPECTED[name]
    assert expected <= set(fu.shortfalls), f"{name}: {sorted(fu.shortfalls)}"
    files = {t: e["fil"] for t, e in ds.manifest["tabeller"].items()}
    for key in expected:
        s = fu.shortfalls[key]
        line = s.warning(files)  # what validate prints (test_validate_command_prints_the_warnings)
        assert f"tabellen '{s.table}' ({files[s.table]})" in line and s.indicator in line
        if s.years:
            assert S.years_text(s.years) in line
        assert s.text in printed + " ".join(g.values()), f"{key} is not shown in the chapter"
    bad = {k: v for k, v in g.items() if not (isinstance(v, str) and v and "nan" not in v)}
    assert not bad, bad
    assert GLUED <= glued, f"glued in the prose but not computed: {sorted(GLUED - glued)}"


def test_two_year_kolada_says_which_indicator_table_and_years(tmp_path):
    folder = variant(tmp_path, kolada=kolada_until(2021))
    ds = load_dataset(folder, tables=list(TABLES))
    fu = follow_up(ds, ds.year)
    s = fu.shortfalls["trend:N79173"]
    assert s.text == (
        "Trenden för 3:an kan inte beräknas: Kolada har regionens värde bara för 2020 och "
        "2021, och en trendlinje kräver minst 3 år."
    )
    assert "trend:N79179" not in fu.shortfalls  # 0:an still has 2016–2021
    g = glue_values(fu, ds.table("halsocentraler"))
    assert s.text in g["trend_text"]
    assert "källa" not in g["k0_text"]  # the 0:an source change is after the series ends


def test_validate_command_prints_the_warnings(tmp_path, capsys):
    from analysis.cli import main

    folder = variant(tmp_path, kolada=kolada_until(2021))
    assert main(["validate", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "datamängden är giltig" in out and "1 varning" in out
    assert "tabellen 'kolada' (kolada.csv), 3:an, år 2020 och 2021: Trenden för 3:an kan inte" in out


def test_years_text():
    assert S.years_text([2021, 2020]) == "2020 och 2021"
    assert S.years_text([2016, 2017, 2018]) == "2016–2018"
    assert S.years_text([2017, 2019, 2021]) == "2017, 2019 och 2021"
    assert S.years_text([2020]) == "2020"


@pytest.mark.slow
def test_whole_book_builds_with_two_years_of_kolada(tmp_path):
    """Kolada as it stood a year after the dataset: validate warns, the build succeeds, the chapter explains."""
    from bs4 import BeautifulSoup
    from conftest import copy_project, normalise, run_cli

    root = copy_project(tmp_path / "projekt")
    folder = variant(tmp_path, kolada=kolada_until(2021))
    checked = run_cli(root, "validate", "--data", str(folder))
    assert checked.returncode == 0 and "varning" in checked.stdout, checked.stdout + checked.stderr
    built = run_cli(root, "build", "--data", str(folder), "--quiet")
    assert built.returncode == 0, f"bygget misslyckades:\n{built.stdout}\n{built.stderr}"
    page = root / "_build" / "html" / "book" / "kapitel" / "03-uppfoljning.html"
    text = normalise(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" "))
    text = " ".join(text.split())
    assert (
        "Trenden för 3:an kan inte beräknas: Kolada har regionens värde bara för 2020 och 2021, "
        "och en trendlinje kräver minst 3 år."
    ) in text
    assert "oddskvoten" in text  # the 0:an trend is still there


def test_validate_rejects_what_the_chapter_could_not_compute(monkeypatch, capsys):
    """If the chapter's computation failed, validate says so (no traceback) instead of accepting."""
    import analysis.chapters.uppfoljning as F  # chapter_warnings runs the follow-up from here
    from analysis.cli import main

    def broken(dataset, year=None):
        raise ValueError("oväntat innehåll")

    monkeypatch.setattr(F, "follow_up", broken)
    assert main(["validate", "--data", str(EXAMPLE)]) == 2
    out = capsys.readouterr().out
    assert "kapitlet Uppföljning kan inte beräknas" in out and "oväntat innehåll" in out
