"""Backtest: the report's published figures (docs/report-facts.md §1) from the example dataset.

Skipped when `data/exempel-2020` has not been generated (`make data`).
"""

from pathlib import Path

import pandas as pd
import pytest
from golden import GOLDEN_TEXTS
from toy import toy_inputs

from analysis.chapters.ersattningsmodell.comparison import (
    check_label,
    checks_for_display,
    published_weight_points,
)
from analysis.model import REPORT, REPORT_FIGURES, compute_model, published_checks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "exempel-2020"


def test_report_figures_cite_the_report():
    # the values themselves are checked against docs/report-facts.md (tests/test_docs.py)
    assert REPORT["cni_andel"].avsnitt == "§9"
    assert all(f.avsnitt in ("§6", "§9") for f in REPORT_FIGURES)


def test_checks_shape_on_toy_data():
    checks = published_checks(compute_model(toy_inputs()))
    assert list(checks.columns) == [
        "storhet",
        "band",
        "bandtyp",
        "band_beraknat",
        "rapporten",
        "beraknat",
        "differens",
        "enhet",
        "avsnitt",
        "tolerans",
        "stammer",
    ]
    assert len(checks) == len(REPORT_FIGURES)
    assert (checks["differens"] == checks["beraknat"] - checks["rapporten"]).all()
    # price parameters are the report's, so those rows agree even on toy data
    assert checks.loc[0, "stammer"] and checks.loc[10, "stammer"]
    # toy weights differ from the report's, and the label says which band we found instead
    assert checks.loc[1, "band_beraknat"] == "0-4"
    shown = checks_for_display(checks)
    assert "[beräknat: 0–4 år]" in shown.loc[1, "Storhet"]
    assert shown.shape[1] <= 7 and "−0,0" not in " ".join(shown["Differens"])


def test_weight_points_for_the_figure():
    points = published_weight_points()
    assert list(points["aldersgrupp"]) == ["10-14", "85-89", "25-29", "100+"]
    assert "100–104 år" in points.loc[3, "etikett"]


@pytest.fixture(scope="module")
def example():
    if not (EXAMPLE / "manifest.yml").exists():
        pytest.skip("data/exempel-2020 finns inte ännu (skapa med `make data`)")
    from analysis.data import load_dataset
    from analysis.model import ModelInputs

    ds = load_dataset(EXAMPLE)
    inputs = ModelInputs.from_dataset(ds)
    return ds, inputs, compute_model(inputs)


def test_every_golden_value_reproduced(example):
    _, inputs, result = example
    checks = published_checks(result, inputs)
    failing = checks.loc[~checks["stammer"], ["storhet", "rapporten", "beraknat"]]
    assert failing.empty, f"stämmer inte med rapporten:\n{failing.to_string()}"
    assert checks["band_beraknat"].isna().all()  # same bands and centres as the report


def test_golden_texts_in_chapter_numbers(example):
    from analysis.chapters.ersattningsmodell.numbers import chapter_numbers

    ds, inputs, result = example
    numbers = chapter_numbers(inputs, result, ds.table("vardbesok_alder"), ds.table("lakemedel_alder"), ds.year)
    texts = {v.replace("\u00a0", " ") for v in numbers.values()}
    missing = [t for t in GOLDEN_TEXTS if t not in texts]
    assert not missing, f"saknas bland kapitlets limmade tal: {missing}"


def test_example_cni_delivery_agrees_with_recomputation(example):
    from analysis.model import check_scb_table

    _, inputs, _ = example
    p = inputs.params
    assert check_scb_table(inputs.cni_underlag, p.cni_vikter, p.cni_referens)["inom_avrundning"].all()


def test_example_totals(example):
    _, inputs, result = example
    t = result.totals
    assert t["ersattning_cni"] == pytest.approx(inputs.params.cni_snitt_per_listad * t["listade"])
    assert t["ersattning_glesbygd"] == pytest.approx(inputs.params.glesbygd_budget)
    assert isinstance(result.per_centre, pd.DataFrame) and result.per_centre["hc_id"].is_monotonic_increasing


def test_check_labels_name_the_report_band_and_ours():
    row = {"storhet": "Lägsta CNI", "band": "Hallen", "bandtyp": "central", "band_beraknat": None}
    assert check_label(row) == "Lägsta CNI (Hallen)"
    assert check_label(row | {"band_beraknat": "Bräcke"}) == "Lägsta CNI (Hallen) [beräknat: Bräcke]"
    age = {"storhet": "Lägsta åldersvikt", "band": "10-14", "bandtyp": "aldersgrupp", "band_beraknat": "0-4"}
    assert check_label(age) == "Lägsta åldersvikt (10–14 år) [beräknat: 0–4 år]"
    assert check_label({"storhet": "CNI-vikt: ålder", "band": None}) == "CNI-vikt: ålder"
