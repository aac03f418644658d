"""compute_model on a small hand-made input: shape, identities, parameters, errors."""

import dataclasses

import pandas as pd
import pytest
from toy import toy_inputs, toy_params

from analysis.model import (
    COST_TYPES,
    MONEY_COLUMNS,
    PAYMENT_COLUMNS,
    ModelParams,
    compute_model,
)

EXPECTED_COLUMNS = [
    "hc_id",
    "namn",
    "kommunkod",
    "kommun",
    "driftsform",
    "listade",
    "viktsumma_alder",
    "viktsumma_lakemedel",
    "cni",
    "ersattning_listad",
    "ersattning_cni",
    "ersattning_lakemedel",
    "ersattning_glesbygd",
    "ersattning_total",
    *[f"kostnad_{k}" for k in COST_TYPES],
    "kostnad_total",
    "patientavgifter",
    "netto",
]


@pytest.fixture
def inputs():
    return toy_inputs()


@pytest.fixture
def result(inputs):
    return compute_model(inputs)


def test_columns_and_order(result):
    pc = result.per_centre
    assert list(pc.columns) == EXPECTED_COLUMNS
    assert list(pc["hc_id"]) == sorted(pc["hc_id"])


def test_identities(result):
    pc = result.per_centre
    assert pc["ersattning_total"].to_numpy() == pytest.approx(pc[list(PAYMENT_COLUMNS)].sum(axis=1).to_numpy())
    costs = pc[[f"kostnad_{k}" for k in COST_TYPES]].sum(axis=1)
    assert pc["kostnad_total"].to_numpy() == pytest.approx(costs.to_numpy())
    netto = pc["ersattning_total"] + pc["patientavgifter"] - pc["kostnad_total"]
    assert pc["netto"].to_numpy() == pytest.approx(netto.to_numpy())
    for col in ["listade", *MONEY_COLUMNS]:
        assert result.totals[col] == pytest.approx(pc[col].sum())


def test_components_match_their_rules(inputs, result):
    p = inputs.params
    pc = result.per_centre.set_index("hc_id")
    assert pc["ersattning_listad"].to_numpy() == pytest.approx((pc["viktsumma_alder"] * 2453).to_numpy())
    assert pc["ersattning_lakemedel"].to_numpy() == pytest.approx((pc["viktsumma_lakemedel"] * 1272).to_numpy())
    assert result.totals["ersattning_cni"] == pytest.approx(820 * result.totals["listade"])
    assert result.totals["ersattning_glesbygd"] == pytest.approx(p.glesbygd_budget)
    assert pc.loc["lugnvik", "ersattning_glesbygd"] == 0  # everyone within 30 km
    # a centre's CNI money per listed is proportional to its CNI
    per = pc["ersattning_cni"] / pc["listade"] / pc["cni"]
    assert per.max() == pytest.approx(per.min())


def test_cni_recomputed_from_counts(inputs, result):
    delivered = inputs.cni_underlag.set_index("enhet")["cni"]
    ours = result.per_centre.set_index("hc_id")["cni"]
    assert (ours - delivered.reindex(ours.index)).abs().max() < 1e-4


def test_without_patient_fees(inputs):
    res = compute_model(dataclasses.replace(inputs, patientavgifter=None))
    assert (res.per_centre["patientavgifter"] == 0).all()


def test_cost_not_carried_is_zero(inputs):
    params = toy_params(kostnadsansvar=frozenset(COST_TYPES) - {"lof_lol"})
    res = compute_model(inputs.replace(params=params))
    assert (res.per_centre["kostnad_lof_lol"] == 0).all()
    assert res.totals["kostnad_lokaler"] > 0


def test_params_replace_copies_and_validates():
    p = toy_params()
    q = p.replace(pris_per_viktenhet=3000)
    assert q.pris_per_viktenhet == 3000 and p.pris_per_viktenhet == 2453
    assert q.aldersvikter == p.aldersvikter and q.aldersvikter is not p.aldersvikter
    with pytest.raises(ValueError, match="ogiltigt"):
        p.replace(cni_referens=0)
    with pytest.raises(ValueError, match="kostnadstyper"):
        p.replace(kostnadsansvar=frozenset({"hyra"}))


def test_from_params_reads_parameter_file_layout():
    p = toy_params()
    entry = lambda v: {"varde": v, "enhet": "kr", "kalla": "rapporten §6", "status": "publicerad"}  # noqa: E731
    raw = {
        "ar": 2020,
        "prisniva": "februari 2020",
        "ersattning_listad": {"pris_per_viktenhet": entry(2453), "aldersvikter": {"varden": dict(p.aldersvikter)}},
        "cni": {
            "vikter": {"varden": dict(p.cni_vikter)},
            "referensvarde": entry(2.476),
            "snitt_per_listad": entry(820),
        },
        "lakemedel": {"pris_per_viktenhet": entry(1272), "vikter": {"varden": dict(p.lakemedelsvikter)}},
        "glesbygd": {"budget_kr": entry(1_000_000), "troskel_km": entry(30)},
    }
    q = ModelParams.from_params(raw)
    assert q.replace(prisniva="") == p
    assert q.prisniva == "februari 2020"
    assert q.kostnadsansvar == frozenset(COST_TYPES)
    raw["kostnadsansvar"] = {"varden": ["lokaler"]}
    assert ModelParams.from_params(raw).kostnadsansvar == frozenset({"lokaler"})
    del raw["cni"]["referensvarde"]
    with pytest.raises(KeyError, match="cni.referensvarde"):
        ModelParams.from_params(raw)


def test_replace_component_redoes_totals(result):
    new = pd.Series({"hallen": 1.0, "jarpen": 2.0})
    res = result.replace_component("ersattning_glesbygd", new)
    pc = res.per_centre.set_index("hc_id")
    assert pc.loc["lugnvik", "ersattning_glesbygd"] == 0
    assert res.totals["ersattning_glesbygd"] == 3.0
    assert res.totals["ersattning_total"] == pytest.approx(
        result.totals["ersattning_total"] - result.totals["ersattning_glesbygd"] + 3.0
    )
    with pytest.raises(ValueError):
        result.replace_component("netto", new)


class TestErrors:
    def test_unknown_centre_in_listade(self, inputs):
        listade = inputs.listade.copy()
        listade.loc[0, "hc_id"] = "okand"
        with pytest.raises(ValueError, match="okand"):
            compute_model(inputs.replace(listade=listade))

    def test_listade_ort_must_add_up(self, inputs):
        ort = inputs.listade_ort.copy()
        ort.loc[0, "antal"] += 1
        with pytest.raises(ValueError, match="listade_ort"):
            compute_model(inputs.replace(listade_ort=ort))

    def test_missing_cni_for_listed_centre(self, inputs):
        cni = inputs.cni_underlag[inputs.cni_underlag["enhet"] != "hallen"]
        with pytest.raises(ValueError, match="CNI saknas"):
            compute_model(inputs.replace(cni_underlag=cni))

    def test_duplicate_centre(self, inputs):
        hc = pd.concat([inputs.halsocentraler, inputs.halsocentraler.iloc[[0]]])
        with pytest.raises(ValueError, match="dubbla"):
            compute_model(inputs.replace(halsocentraler=hc))


def test_row_order_does_not_matter(inputs, result):
    shuffled = inputs.replace(
        halsocentraler=inputs.halsocentraler.iloc[::-1],
        listade=inputs.listade.sample(frac=1, random_state=1),
        listade_ort=inputs.listade_ort.iloc[::-1],
        cni_underlag=inputs.cni_underlag.iloc[::-1],
        kostnader=inputs.kostnader.iloc[::-1],
    )
    pd.testing.assert_frame_equal(compute_model(shuffled).per_centre, result.per_centre)
