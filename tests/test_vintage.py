"""Years, periods and dates as the book writes them, read from the parameter file; report comparisons
that are computed, not assumed (analysis.vintage, analysis.chapters.ersattningsmodell.comparison)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from analysis.data.yamlfile import read_yaml
from analysis.parameters import validate_params
from analysis.vintage import Vintage

ROOT = Path(__file__).resolve().parents[1]


def params_of(name: str) -> dict:
    return yaml.safe_load((ROOT / "data" / name / "parametrar.yml").read_text(encoding="utf-8"))


def test_vintage_of_the_two_example_years():
    v20, v21 = Vintage.from_params(params_of("exempel-2020")), Vintage.from_params(params_of("exempel-2021"))
    assert v20.weight_period == "november 2018 till oktober 2019"
    assert v20.population_text == "vid utgången av 2019"
    assert v20.titles()["ersattningsmodell"] == "Ersättningsmodell 2020"
    assert v20.titles()["forandringar"] == "Förändringar 2021"
    assert v21.weight_period == "november 2019 till oktober 2020"
    assert v21.population_text == "vid utgången av 2020"
    assert (v21.prisniva, v21.titles()["forandringar"]) == ("februari 2021", "Förändringar 2022")


def test_vintage_without_the_optional_entries():
    v = Vintage.from_params({"ar": 2023, "prisniva": "mars 2023"})
    assert v.weight_period == "den period som datamängdens besöksstatistik avser"
    assert v.population_text == "" and v.glue()["ar"] == "2023"


@pytest.mark.parametrize(
    "fran, till, expected",
    [
        ("2019-10", "2018-11", "slutar (2018-11) före den börjar (2019-10)"),
        ("2018-13", "2019-10", "underlag.viktperiod.fran"),
    ],
)
def test_bad_weight_period_is_named(tmp_path, fran, till, expected):
    text = (ROOT / "data" / "exempel-2020" / "parametrar.yml").read_text(encoding="utf-8")
    text = text.replace("fran: 2018-11", f"fran: {fran}").replace("till: 2019-10", f"till: {till}")
    path = tmp_path / "parametrar.yml"
    path.write_text(text, encoding="utf-8")
    params, problems = read_yaml(path, "parametrar.yml")
    found = [p.format() for p in validate_params(params)]
    assert any(expected in p for p in found), found


@pytest.fixture(scope="module")
def results():
    from analysis.data import load_dataset
    from analysis.model import ModelInputs, compute_model

    out = {}
    for name in ("exempel-2020", "exempel-2021"):
        ds = load_dataset(ROOT / "data" / name)
        out[name] = (ds, compute_model(ModelInputs.from_dataset(ds)))
    return out


def test_report_sentences_only_when_they_hold(results):
    from analysis.chapters.ersattningsmodell.comparison import sentences

    ds, result = results["exempel-2020"]
    s = sentences(result, ds.params["ar"])
    assert s["listad_jamforelse"] == ", precis som i rapporten"
    assert "två decimaler" in s["listad_tva_dec"] and s["lakemedel_rapportnot"].endswith("100–104 år")
    assert "rapportens år, 2020" in s["kontroll_ram"]

    ds, result = results["exempel-2021"]
    s = sentences(result, ds.params["ar"])
    assert s["listad_jamforelse"] == s["listad_tva_dec"] == s["lakemedel_rapportnot"] == ""
    assert s["kontroll_ram"].startswith("Datamängden gäller 2021, inte rapportens år (2020).")


def test_report_span_that_does_not_hold_is_said(results):
    from analysis.chapters.ersattningsmodell.comparison import sentences

    ds, result = results["exempel-2020"]
    changed = dataclasses.replace(result, params=result.params.replace(pris_per_viktenhet=2400))
    s = sentences(changed, 2020)
    assert s["listad_jamforelse"].startswith(", medan rapporten anger 816") and s["listad_tva_dec"] == ""


def test_checks_for_another_year_compare_only_cni_weights(results):
    from analysis.chapters.ersattningsmodell.comparison import checks_for_year

    ds, result = results["exempel-2021"]
    checks = checks_for_year(result, 2021)
    assert len(checks) == 7 and checks["storhet"].str.startswith("CNI-vikt").all() and checks["stammer"].all()
    ds, result = results["exempel-2020"]
    assert len(checks_for_year(result, 2020)) > 7


def test_weight_figure_shows_the_report_points_only_for_its_year(results):
    import matplotlib.pyplot as plt

    from analysis.chapters.ersattningsmodell import comparison
    from analysis.chapters.ersattningsmodell import presentation as pres
    from analysis.figures import model as figs

    assert len(comparison.weight_figure_points(2020)) == 4
    assert comparison.weight_figure_points(2021).empty
    assert "100–104" in comparison.weight_figure_caption(2020)
    assert "100–104" not in comparison.weight_figure_caption(2021)
    _, result = results["exempel-2021"]
    fig = figs.weight_curves(pres.weights_frame(result), comparison.weight_figure_points(2021))
    plt.close(fig)


def test_front_page_parts_follow_the_dataset(results):
    from analysis.frontpage import contents, sources

    ds20, _ = results["exempel-2020"]
    ds21, _ = results["exempel-2021"]
    assert "**Ersättningsmodell 2020**" in contents(ds20) and "prisnivå februari 2020" in contents(ds20)
    assert "**Förändringar 2022**" in contents(ds21) and "prisnivå februari 2021" in contents(ds21)
    assert "SCB:s befolkningsstatistik per kommun, ålder och kön vid utgången av 2019." in sources(ds20)
    assert "vid utgången av 2020 (syntetisk exempeldata" in sources(ds21)
    assert "år 2016–2021" in sources(ds21) and "2025" not in sources(ds21) + contents(ds21)


def test_appendix_paths_are_never_the_builders(tmp_path, results):
    from analysis.appendices import reproducibility, shown_path

    ds, _ = results["exempel-2021"]
    assert shown_path(ROOT / "data" / "exempel-2021", ROOT) == "data/exempel-2021"
    assert shown_path(tmp_path / "min-data", ROOT) == "min-data (utanför projektmappen)"
    page = reproducibility(tmp_path, ds, [ROOT / "scenarios" / "bas-2020.yml"], [])
    assert str(ROOT) not in page and str(tmp_path) not in page
    assert "exempel-2021 (utanför projektmappen)" in page
