"""The health-centre sheets: their numbers, the pages written, and what a rebuild redraws."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLE, ROOT

from analysis.data import load_dataset
from analysis.scenarios import load_scenarios, shipped_scenario_files
from analysis.sheets.compute import SheetSource, compute_sheets
from analysis.sheets.context import sheet_context
from analysis.sheets.numbers import rounded_steps, waterfall_panel
from analysis.sheets.pages import slugs_for, write_from_source
from analysis.sheets.tables import table

FOLLOW_UP_TABLES = ("indikatorer", "besok")


@pytest.fixture(scope="module")
def source() -> SheetSource:
    return SheetSource.from_dataset(load_dataset(EXAMPLE))


@pytest.fixture(scope="module")
def scenarios():
    return load_scenarios(shipped_scenario_files(ROOT))


@pytest.fixture(scope="module")
def sheets(source, scenarios):
    return compute_sheets(source, scenarios)


def _filter(df, keep, column="hc_id"):
    return None if df is None else df[df[column].astype(str).isin(keep)].reset_index(drop=True)


def subset(source: SheetSource, keep) -> SheetSource:
    """The same dataset with only the centres in `keep` (every table filtered)."""
    inputs = source.inputs
    new_inputs = dataclasses.replace(
        inputs,
        halsocentraler=_filter(inputs.halsocentraler, keep),
        listade=_filter(inputs.listade, keep),
        listade_ort=_filter(inputs.listade_ort, keep),
        cni_underlag=_filter(inputs.cni_underlag, keep, "enhet"),
        kostnader=_filter(inputs.kostnader, keep),
        patientavgifter=_filter(inputs.patientavgifter, keep),
    )
    return dataclasses.replace(
        source,
        inputs=new_inputs,
        indikatorer=_filter(source.indikatorer, keep),
        besok=_filter(source.besok, keep, "listad_hc"),
    )


def with_copy(source: SheetSource, of: str, new_id: str, name: str) -> SheetSource:
    """The dataset with one more centre, a copy of `of` under `new_id`."""

    def add(df, column="hc_id"):
        if df is None:
            return None
        rows = df[df[column].astype(str) == of].copy()
        rows[column] = new_id
        if "namn" in rows.columns:
            rows["namn"] = name
        return pd.concat([df, rows], ignore_index=True)

    inputs = source.inputs
    new_inputs = dataclasses.replace(
        inputs,
        halsocentraler=add(inputs.halsocentraler),
        listade=add(inputs.listade),
        listade_ort=add(inputs.listade_ort),
        cni_underlag=add(inputs.cni_underlag, "enhet"),
        kostnader=add(inputs.kostnader),
        patientavgifter=add(inputs.patientavgifter),
    )
    return dataclasses.replace(source, inputs=new_inputs, indikatorer=add(source.indikatorer), besok=None)


# -- the numbers -------------------------------------------------------------------------------
def test_one_sheet_per_centre_with_the_models_totals(sheets, source):
    pc = sheets.result.per_centre.set_index("hc_id")
    assert sheets.ids == pc.index.tolist() == sorted(source.centres["hc_id"].astype(str))
    back = sheets.per_listed["ersattning_total"] * pc["listade"]
    assert np.allclose(back, pc["ersattning_total"])
    assert np.allclose(
        sheets.per_listed.drop(columns="ersattning_total").sum(axis=1), sheets.per_listed["ersattning_total"]
    )
    region = pc["ersattning_total"].sum() / pc["listade"].sum()
    assert sheets.region_per_listed["ersattning_total"] == pytest.approx(region)


def test_age_and_sex_shares_add_up(sheets):
    assert np.allclose(sheets.age_sex.sum(axis=1), 1.0)
    assert sheets.region_age_sex.sum() == pytest.approx(1.0)
    groups = sheets.age_groups
    assert np.allclose(groups["0–19 år"] + groups["20–64 år"] + groups["65 år och äldre"], 1.0)
    assert (groups["80 år och äldre"] <= groups["65 år och äldre"]).all()


def test_cni_parts_add_up_to_the_cni(sheets):
    cni = sheets.result.per_centre.set_index("hc_id")["cni"]
    assert np.allclose(sheets.cni_parts.sum(axis=1), cni, atol=1e-3)  # SCB's CNI is truncated
    assert ((sheets.cni_shares >= 0) & (sheets.cni_shares <= 1)).all().all()


def test_waterfalls_add_up_and_ranks_cover_all_centres(sheets):
    assert sheets.scenarios, "the shipped scenarios have changes"
    for e in sheets.scenarios:
        assert np.allclose(e.start + e.steps.sum(axis=1), e.end), e.name
        assert e.rank.min() == 1 and e.rank.max() <= e.n_ranked == len(sheets.ids)
        best = e.change.idxmax()
        assert e.rank[best] == 1
        for hc_id in sheets.ids:
            p = waterfall_panel(e, hc_id)
            assert p["start"] + sum(v for _, v in p["steps"]) == p["end"]


@pytest.mark.parametrize(
    "start,steps,end",
    [(100.4, [0.4, 0.4, 0.4], 101.6), (0.0, [0.6, 0.6, 0.6], 1.8), (5.0, [-0.6, -0.6], 3.8), (1.0, [], 1.2)],
)
def test_rounded_steps_add_up(start, steps, end):
    assert round(start) + sum(rounded_steps(start, steps, end)) == round(end)


def test_indicators_are_suppressed_below_the_minimum(source):
    ind = source.indikatorer.copy()
    small = (ind["hc_id"] == "hallen") & (ind["indikator"] == "tre_an")
    ind.loc[small, ["taljare", "namnare"]] = [2, 3]
    sheets = compute_sheets(dataclasses.replace(source, indikatorer=ind, besok=None))
    rows = sheets.indicators.set_index(["hc_id", "indikator"])
    assert rows.loc[("hallen", "tre_an"), "undertryckt"]
    assert np.isnan(rows.loc[("hallen", "tre_an"), "varde"])
    assert rows.loc[("hallen", "tre_an"), "mal_uppfyllt"] is None
    ctx = sheet_context(sheets, "hallen", {"alder": {"fil": "", "alt": ""}})
    row = next(r for r in ctx["indikatorer"] if r["indikator"].startswith("3:an"))
    assert row["n"] == "<5" and row["hc"] == "–" and "visas inte" in row["lage"]
    met = rows.xs("tre_an", level="indikator").dropna(subset=["varde"])
    assert (met["mal_uppfyllt"] == (met["varde"] >= 0.85)).all()


def test_slugs_are_unique_file_names():
    slugs = slugs_for(["are", "Åre", "a b", "a-b", "Östersund 1"])
    assert len(set(slugs.values())) == 5
    assert all(s.replace("-", "").isalnum() and s.isascii() for s in slugs.values())


# -- the pages -----------------------------------------------------------------------------------
KEEP = ["are", "hallen", "ripan", "sveg"]


def _sheet_set(folder: Path) -> set[str]:
    return {p.stem for p in (folder / "blad").glob("*.md")}


def test_pages_follow_the_centres_in_the_data(tmp_path, source, scenarios):
    small = subset(source, KEEP)
    out = tmp_path / "halsocentraler"
    write_from_source(ROOT, small, scenarios, out=out)
    assert _sheet_set(out) == set(KEEP)
    assert {p.name for p in (out / "bilder").glob("*.png")} == {
        f"{k}-{f}.png" for k in KEEP for f in ("alder", "vattenfall")
    }
    overview = (out / "index.md").read_text(encoding="utf-8")
    assert all(f"<blad/{k}>" in overview for k in KEEP)

    # a centre closes: its sheet and figures go, nothing else changes
    before = {p.name: p.read_bytes() for p in (out / "blad").glob("*.md")}
    report = write_from_source(ROOT, subset(source, KEEP[:-1]), scenarios, out=out)
    assert _sheet_set(out) == set(KEEP[:-1])
    assert not list((out / "bilder").glob("sveg-*"))
    assert report.centres == 3

    # a new centre opens: it gets a sheet
    write_from_source(
        ROOT, with_copy(subset(source, KEEP[:-1]), "ripan", "nyhc", "Nya hälsocentralen"), scenarios, out=out
    )
    assert _sheet_set(out) == {*KEEP[:-1], "nyhc"}
    assert "# Nya hälsocentralen" in (out / "blad" / "nyhc.md").read_text(encoding="utf-8")
    assert before  # (pages of the remaining centres are rewritten only if their text changed)


def test_a_change_to_one_centre_redraws_only_its_figures(tmp_path, source, scenarios):
    small = subset(source, KEEP)
    out = tmp_path / "halsocentraler"
    first = write_from_source(ROOT, small, scenarios, out=out)
    assert first.figures_drawn == 2 * len(KEEP)
    assert write_from_source(ROOT, small, scenarios, out=out).figures_drawn == 0
    costs = small.inputs.kostnader.copy()
    premises = (costs["hc_id"] == "hallen") & (costs["kostnadstyp"] == "lokaler")
    costs.loc[premises, "belopp_kr"] += 500_000
    changed = dataclasses.replace(small, inputs=dataclasses.replace(small.inputs, kostnader=costs))
    mtimes = {p.name: p.stat().st_mtime_ns for p in (out / "bilder").glob("*.png")}
    report = write_from_source(ROOT, changed, scenarios, out=out)
    redrawn = {p.name for p in (out / "bilder").glob("*.png") if p.stat().st_mtime_ns != mtimes[p.name]}
    assert report.figures_drawn == 1
    assert redrawn == {"hallen-vattenfall.png"}


def test_sheet_marks_synthetic_data_and_status(tmp_path, source, scenarios):
    out = tmp_path / "halsocentraler"
    write_from_source(ROOT, subset(source, KEEP), scenarios, out=out)
    text = (out / "blad" / "are.md").read_text(encoding="utf-8")
    assert ":::{admonition} Syntetisk exempeldata" in text
    assert "<strong>Syntetisk exempeldata</strong>" in text and "<code>listade</code>" in text
    assert ":alt: Befolkningspyramid" in text and ":alt: Vattenfallsdiagram" in text


def test_sheets_for_a_national_register_without_follow_up(tmp_path, scenarios):
    """The benchmark's path: a synthetic register, no follow-up tables, no Östersund."""
    sys.path.insert(0, str(ROOT / "bench"))
    import national_register as N
    from toy import toy_params

    from analysis.data.aggregate import aggregate_listing

    pop = N.read_scb_population(ROOT / "data" / "raw" / "scb-via-SCBHandlerPlotter" / "SCB_alderkon.csv")
    totals = pop.groupby("kommun", sort=False)["antal"].sum()
    pop = pop[pop["kommun"].isin(set(totals.nsmallest(3).index))].reset_index(drop=True)
    geo = N.make_geography(pop, n_centres=5, seed=7)
    register = N.synthetic_register(pop, geo, seed=7)
    inputs = N.national_model_inputs(
        aggregate_listing(register), N.listade_ort_from_register(register, geo.centres), geo.centres, toy_params(), 7
    )
    source = SheetSource(inputs=inputs, statuses={"listade": "syntetisk"}, dataset_name="register", year=2019)
    usable = [s for s in scenarios if not any(c.typ == "separat_halsoval_ostersund" for c in s.forandringar)]
    out = tmp_path / "halsocentraler"
    report = write_from_source(ROOT, source, usable, out=out)
    assert report.centres == len(_sheet_set(out)) == 5
    text = next((out / "blad").glob("*.md")).read_text(encoding="utf-8")
    assert "## Förslagen för 2021" in text and "## Uppföljning" not in text


def test_a_centre_without_listed_persons_still_gets_a_sheet(tmp_path, source, scenarios):
    small = subset(source, KEEP)
    inputs = small.inputs
    listade, orts = inputs.listade.copy(), inputs.listade_ort.copy()
    listade.loc[listade["hc_id"] == "hallen", "antal"] = 0
    orts.loc[orts["hc_id"] == "hallen", "antal"] = 0
    empty = dataclasses.replace(small, inputs=dataclasses.replace(inputs, listade=listade, listade_ort=orts))
    out = tmp_path / "halsocentraler"
    write_from_source(ROOT, empty, scenarios, out=out)
    text = (out / "blad" / "hallen.md").read_text(encoding="utf-8")
    assert "hade [0](#ursprung-hallen-befolkning) listade" in text
    assert re.search(r"<td[^>]*>Totalt</td>\s*<td[^>]*>–</td>", text)


def test_a_failing_sheets_process_stops_the_build_with_its_log(tmp_path):
    from analysis.pipeline.build import BuildError
    from analysis.sheets.background import SheetsJob

    with SheetsJob(tmp_path, tmp_path / "finns-inte", [], jobs=1, force=False) as job:
        with pytest.raises(BuildError, match="Hälsocentralsbladen kunde inte göras; logg:"):
            job.finish(dataset=None)
    assert (tmp_path / "_build" / "loggar" / "halsocentralsblad.log").exists()


def test_a_figure_does_not_depend_on_the_centres_drawn_before_it(tmp_path, source, scenarios):
    """What `verify` needs: an incremental build's redrawn PNG equals a clean build's."""
    from analysis.sheets import figures as F

    F._FIGURES.clear()
    write_from_source(ROOT, subset(source, KEEP), scenarios, out=tmp_path / "alla")
    F._FIGURES.clear()
    write_from_source(ROOT, subset(source, KEEP), scenarios, out=tmp_path / "en")
    for png in (tmp_path / "en" / "bilder").glob("*.png"):
        png.unlink()
    F._FIGURES.clear()
    F.draw_all(
        [(p, s) for p, s in _tasks_for(tmp_path / "en", source, scenarios) if "ripan" in p.name],
        tmp_path / "en" / "bilder",
    )
    for png in (tmp_path / "en" / "bilder").glob("ripan-*.png"):
        assert png.read_bytes() == (tmp_path / "alla" / "bilder" / png.name).read_bytes(), png.name


def _tasks_for(out: Path, source, scenarios):
    from analysis.sheets.context import sheet_numbers
    from analysis.sheets.pages import _page

    sheets = compute_sheets(subset(source, KEEP), scenarios)
    slugs = slugs_for(sheets.ids)
    for hc_id in sheets.ids:
        _, specs = _page(sheets, hc_id, slugs[hc_id], sheet_numbers(sheets, hc_id))
        yield from ((out / "bilder" / f"{slugs[hc_id]}-{kind}.png", spec) for kind, spec in specs.items())


def test_a_sheet_table_is_html_in_the_themes_markup():
    text = table(
        "| Del | Kr |\n|:---|---:|\n| A & B | [1 kr](#ursprung-x) |\n| `t` | **S** |\n", "tab-hc-Åre 1", "Delar: *kr*"
    )
    assert text.startswith('<div class="pst-scrollable-table-container"><table class="table" id="tab-hc-are-1">\n')
    assert '<caption><span class="caption-text">Delar: <em>kr</em></span></caption>' in text
    assert '<td class="text-left">A &amp; B</td>' in text and '<a href="#ursprung-x">1 kr</a>' in text
    assert "<code>t</code>" in text and "<strong>S</strong>" in text and text.endswith("</table></div>\n")
    assert "\n\n" not in text  # one HTML block for MyST: a blank line would end it
    with pytest.raises(ValueError, match="tab-x"):
        table("Ingen tabell", "tab-x", "")


def test_a_skeleton_without_the_sheets_part_makes_no_sheets(tmp_path):
    from analysis.pipeline.build import BuildOptions, _sheets
    from analysis.pipeline.toc import SKELETON, lists_folder
    from analysis.sheets.background import NoSheets
    from analysis.sheets.templates import FOLDER

    assert lists_folder(ROOT, FOLDER)
    (tmp_path / "book").mkdir()
    text = (ROOT / SKELETON).read_text(encoding="utf-8")
    part = text[text.index("  - caption: Hälsocentralsblad") : text.index("  - caption: Bilagor")]
    (tmp_path / SKELETON).write_text(text.replace(part, ""), encoding="utf-8")
    assert not lists_folder(tmp_path, FOLDER)
    (tmp_path / FOLDER / "blad").mkdir(parents=True)
    (tmp_path / FOLDER / "blad" / "gammal.md").write_text("# Gammalt blad\n", encoding="utf-8")
    with _sheets(tmp_path, BuildOptions(root=tmp_path, data_dir=EXAMPLE), [], start_now=True) as job:
        assert isinstance(job, NoSheets)
        job.finish(None)
    assert not (tmp_path / FOLDER).exists()  # earlier sheets go with the part
