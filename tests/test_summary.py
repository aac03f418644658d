"""The summary's numbers (analysis.chapters.sammanfattning): computed from the example data, honest about it."""

from __future__ import annotations

import copy

import pytest
from conftest import EXAMPLE

from analysis import formatting as fmt
from analysis.chapters.sammanfattning import (
    MONEY_TABLES,
    Summary,
    centre_data_phrase,
    data_words,
    follow_up_numbers,
)
from analysis.data import load_dataset


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(EXAMPLE)


@pytest.fixture(scope="module")
def summary(dataset) -> Summary:
    return Summary.build(dataset)


def test_synthetic_results_say_so():
    assert data_words("syntetisk") == ("I exempeldata", "i exempeldata")
    assert "exempeldata" not in " ".join(data_words("offentlig statistik"))
    assert centre_data_phrase("syntetisk", "x").startswith("syntetiska exempeldata")
    assert centre_data_phrase("publicerad", "riktiga-2021") == "datamängden riktiga-2021"


def test_numbers_come_from_the_model_and_the_proposals(summary):
    n = summary.numbers()
    b = summary.baseline.per_centre
    assert n["sam_hc"] == fmt.num(len(b)) and n["sam_listade"] == fmt.num(int(b["listade"].sum()))
    assert n["sam_I_data"] == "I exempeldata"  # the example's listings are synthetic
    majority = summary.results["majoritetens-forslag"]
    s = majority.summary()
    assert n["maj_kostnad"] == fmt.mkr(majority.tillforda_medel)
    assert n["maj_antal_vinnare"] == fmt.num(s["antal_vinnare"])
    assert n["maj_vinnare_kr"] == fmt.signed_kr(round(s["vinnare_varde"]))
    assert s["vinnare"].startswith(n["maj_vinnare"]) or n["maj_vinnare"] in s["vinnare"]
    for key in ("opp", "eni"):
        assert f"{key}_antal_forlorare" in n
    assert n["sam_mest_flyttar"] in {r.scenario.titel for r in summary.results.values()}
    assert n["sam_cni_maj"].endswith("%") and n["sam_sens_antagande"]
    assert "\n" not in "".join(n.values())


def test_proposals_table_has_one_row_per_whole_proposal(summary):
    table = summary.proposals_table()
    assert list(table["Förslag"]) == [r.scenario.titel for r in summary.results.values()]
    assert table.shape[1] <= 5  # fits the page at 1366 px and in the PDF
    assert all(cell.count(" / ") == 1 for cell in table["Vinner / förlorar"])


def test_real_data_drop_the_example_words(dataset):
    real = copy.copy(dataset)
    real.status = lambda name: "offentlig statistik"
    summary = Summary.build(real)
    assert summary.money_status == "offentlig statistik"
    assert summary.numbers()["sam_I_data"] == "I datamängden"
    from analysis.chapters.uppfoljning.followup_text import glue_values
    from analysis.indicators.followup import follow_up

    fu = follow_up(real, real.year)
    out = follow_up_numbers(fu, glue_values(fu, real.table("halsocentraler")), real)
    assert out["sam_uf_hc"].startswith("I datamängden ligger") and "exempeldata" not in out["sam_uf_hc"]
    assert "3:an" in out["sam_uf_region"] and "0:an" in out["sam_uf_region"]
    assert set(MONEY_TABLES) <= set(dataset.manifest["tabeller"])


def test_data_box_names_each_status_of_the_tables(dataset):
    from analysis.chapters.sammanfattning import FOLLOW_UP_TABLES, data_box

    box = data_box(dataset, MONEY_TABLES + FOLLOW_UP_TABLES)
    assert box.startswith(":::{admonition} Om siffrorna") and box.rstrip().endswith(":::")
    assert "**Syntetisk exempeldata:**" in box and "**Offentlig statistik:**" in box
    assert str(dataset.name) in box


def test_follow_up_sentences_survive_a_dataset_without_kolada(dataset):
    from analysis.chapters.uppfoljning.followup_text import glue_values
    from analysis.indicators.followup import follow_up

    short = copy.copy(dataset)
    kolada = dataset.table("kolada")
    short.table = lambda name: kolada.iloc[0:0] if name == "kolada" else dataset.table(name)
    fu = follow_up(short, short.year)
    out = follow_up_numbers(fu, glue_values(fu, short.table("halsocentraler")), short)
    assert out["sam_uf_region"] == "Datamängden har inga värden från Kolada för 0:an och 3:an."
    assert out["sam_uf_hc"].startswith("I exempeldata ligger")
