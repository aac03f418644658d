"""Properties of the 2020 model that hold for any input (hypothesis).

What scales with the listings (every centre's listed persons × k, SCB counts and costs fixed):
* capitation and drug budget scale by k (they are weight × price × listed);
* the CNI pot is `snitt_per_listad × Σ listed`, so it grows by k too, and since the shares
  (∝ CNI × listed) are unchanged each centre's CNI money scales by k;
* the sparsity budget is fixed, so each centre's sparsity money is unchanged (its share depends
  only on the *relative* excess distance);
* per listed person: capitation, drug and CNI money are invariant, sparsity money falls by 1/k.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from toy import toy_inputs

from analysis.model import AGE_BANDS, PAYMENT_COLUMNS, compute_model

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = toy_inputs()
IDS = sorted(BASE.halsocentraler["hc_id"])

counts = st.lists(st.integers(0, 300), min_size=len(AGE_BANDS), max_size=len(AGE_BANDS))


@st.composite
def model_inputs(draw):
    """The toy centres with random listings, distances, CNI counts and parameters."""
    rows, ort_rows, cni_rows = [], [], []
    for hc in IDS:
        per_band = draw(counts)
        if sum(per_band) == 0:
            per_band[0] = 1
        rows += [(hc, "kvinna", b, n) for b, n in zip(AGE_BANDS, per_band)]
        total = sum(per_band)
        near = draw(st.integers(0, total))
        d1, d2 = draw(st.floats(0, 300)), draw(st.floats(0, 300))
        ort_rows += [(hc, "a", "0000", d1, near), (hc, "b", "0000", d2, total - near)]
        cni_rows.append([hc] + [draw(st.integers(0, total)) for _ in range(7)] + [total])
    cni = pd.DataFrame(cni_rows, columns=["enhet", *BASE.params.cni_vikter.keys(), "befolkning"])
    if cni.iloc[:, 1:8].to_numpy().sum() == 0:
        cni.iloc[0, 1] = 1
    cni["index"] = 0.0
    cni["cni"] = 0.0
    params = BASE.params.replace(
        glesbygd_budget=draw(st.floats(0, 1e8)),
        glesbygd_troskel_km=draw(st.floats(0, 200)),
        cni_snitt_per_listad=draw(st.floats(0, 5000)),
    )
    return BASE.replace(
        listade=pd.DataFrame(rows, columns=["hc_id", "kon", "aldersgrupp", "antal"]),
        listade_ort=pd.DataFrame(ort_rows, columns=["hc_id", "ort", "kommunkod", "avstand_km", "antal"]),
        cni_underlag=cni,
        params=params,
    )


def _scale(inputs, k):
    listade = inputs.listade.assign(antal=inputs.listade["antal"] * k)
    ort = inputs.listade_ort.assign(antal=inputs.listade_ort["antal"] * k)
    return inputs.replace(listade=listade, listade_ort=ort)


def _any_beyond(inputs):
    ort = inputs.listade_ort
    return ((ort["avstand_km"] > inputs.params.glesbygd_troskel_km) & (ort["antal"] > 0)).any()


@SETTINGS
@given(model_inputs())
def test_pots_are_paid_out_exactly(inputs):
    res = compute_model(inputs)
    pot = inputs.params.cni_snitt_per_listad * res.totals["listade"]
    assert res.totals["ersattning_cni"] == pytest.approx(pot, rel=1e-9, abs=1e-6)
    expected = inputs.params.glesbygd_budget if _any_beyond(inputs) else 0.0
    assert res.totals["ersattning_glesbygd"] == pytest.approx(expected, rel=1e-9, abs=1e-6)


@SETTINGS
@given(model_inputs())
def test_total_is_sum_of_components(inputs):
    pc = compute_model(inputs).per_centre
    np.testing.assert_allclose(pc["ersattning_total"], pc[list(PAYMENT_COLUMNS)].sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(
        pc["netto"], pc["ersattning_total"] + pc["patientavgifter"] - pc["kostnad_total"], rtol=1e-9, atol=1e-6
    )
    assert (pc[list(PAYMENT_COLUMNS)] >= 0).all(axis=None)


@SETTINGS
@given(model_inputs(), st.integers(2, 5))
def test_scaling_listings(inputs, k):
    base = compute_model(inputs).per_centre
    scaled = compute_model(_scale(inputs, k)).per_centre
    for col in ("ersattning_listad", "ersattning_lakemedel", "ersattning_cni"):
        np.testing.assert_allclose(scaled[col], k * base[col], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(scaled["ersattning_glesbygd"], base["ersattning_glesbygd"], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(scaled["kostnad_total"], base["kostnad_total"])


@SETTINGS
@given(model_inputs(), st.floats(1.01, 3.0))
def test_higher_cni_price_moves_money_to_high_cni_centres(inputs, factor):
    """Raising the CNI pot raises every centre's CNI money by the same factor."""
    base = compute_model(inputs).per_centre
    params = inputs.params.replace(cni_snitt_per_listad=inputs.params.cni_snitt_per_listad * factor)
    more = compute_model(inputs.replace(params=params)).per_centre
    np.testing.assert_allclose(more["ersattning_cni"], factor * base["ersattning_cni"], rtol=1e-9, atol=1e-6)
