"""CNI: SCB's formula on its two public example units, the SCB layout, and the CNI pot."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.model import (
    CNI_VARIABLES,
    check_scb_table,
    cni_contributions,
    cni_from_scb_table,
    cni_index,
    cni_payment,
    cni_point_value,
    cni_value,
    normalise_scb_columns,
    reference_interval,
    weighted_mean_cni,
)
from analysis.model.cni import truncate
from analysis.model.published import REPORT
from analysis.model.published import REPORT_CNI_WEIGHTS as W

EXAMPLE = Path(__file__).parent / "data" / "scb_cni_exempel.csv"
R = 2.476

# SCB's public example (docs/report-facts.md §1; SCB's CNI product page): counts in SCB order.
UNIT1 = dict(zip(CNI_VARIABLES, [595, 1391, 484, 167, 385, 981, 632]), befolkning=5912)
UNIT2 = dict(zip(CNI_VARIABLES, [293, 330, 215, 80, 240, 300, 210]), befolkning=2407)


@pytest.fixture
def scb():
    df = pd.DataFrame([UNIT1, UNIT2])
    df.insert(0, "enhet", ["Enhet 1", "Enhet 2"])
    df["index"] = [22709, 7869]
    df["cni"] = [1.5513, 1.3204]
    return df


class TestSCBExample:
    def test_index_unrounded(self, scb):
        idx = cni_index(scb, W)
        assert list(idx.round(2)) == [22709.42, 7869.74]

    def test_index_truncated_matches_scb(self, scb):
        idx = cni_index(scb, W)
        assert [truncate(v, 0) for v in idx] == [22709, 7869]
        # ordinary rounding would NOT reproduce unit 2
        assert round(idx[1]) == 7870

    def test_cni_with_published_reference(self, scb):
        cni = cni_value(cni_index(scb, W), scb["befolkning"], R)
        assert cni[0] == pytest.approx(1.55139, abs=1e-5)
        assert cni[1] == pytest.approx(1.32049, abs=1e-5)
        assert [truncate(v, 4) for v in cni] == [1.5513, 1.3204]
        assert [round(v, 4) for v in cni] == [1.5514, 1.3205]  # rounding is one unit off

    def test_reference_interval_truncate_contains_published_r(self, scb):
        low, high = reference_interval(scb, W, rule="truncate")
        assert low < R <= high
        assert low == pytest.approx(2.47598, abs=1e-5) and high == pytest.approx(2.47614, abs=1e-5)

    def test_reference_interval_round_excludes_three_decimal_r(self, scb):
        low, high = reference_interval(scb, W, rule="round")
        assert low == pytest.approx(2.47607, abs=1e-5) and high == pytest.approx(2.47622, abs=1e-5)
        assert not any(low <= r / 1000 <= high for r in range(2470, 2482))

    def test_check_scb_table_agrees(self, scb):
        check = check_scb_table(scb, W, R)
        assert check["inom_avrundning"].all()
        assert list(check["differens_index"].round(2)) == [0.42, 0.74]

    def test_check_scb_table_flags_wrong_value(self, scb):
        scb.loc[1, "cni"] = 1.3190
        check = check_scb_table(scb, W, R)
        assert list(check["inom_avrundning"]) == [True, False]

    def test_from_scb_table(self, scb):
        out = cni_from_scb_table(scb, W, R)
        assert list(out.columns) == ["enhet", "befolkning", "index", "cni"]
        assert out["cni"].round(4).tolist() == [1.5514, 1.3205]

    def test_contributions_sum_to_cni(self, scb):
        parts = cni_contributions(scb, W, R)
        cni = cni_from_scb_table(scb, W, R)["cni"]
        assert parts.sum(axis=1).to_numpy() == pytest.approx(cni.to_numpy())
        assert parts.loc[0, "aldre_ensamboende"] == pytest.approx(6.15 * 484 / 5912 / R)


class TestSCBLayout:
    def test_example_file_headers_are_recognised(self):
        df = pd.read_csv(EXAMPLE, sep=";", decimal=",")
        out = normalise_scb_columns(df)
        assert {"enhet", *CNI_VARIABLES, "befolkning", "index", "cni"} <= set(out.columns)
        assert out.loc[0, "aldre_ensamboende"] == 484
        assert out.loc[0, "utrikes_fodda"] == 1391

    def test_missing_column_is_an_error(self, scb):
        with pytest.raises(ValueError, match="saknar kolumner"):
            normalise_scb_columns(scb.drop(columns=["arbetslosa"]))

    def test_unknown_weight_is_an_error(self, scb):
        with pytest.raises(ValueError, match="okända CNI-variabler"):
            cni_index(scb, {"rokare": 1.0})

    def test_nonpositive_reference_is_an_error(self):
        with pytest.raises(ValueError, match="referensvärdet"):
            cni_value(10.0, 5.0, 0)


class TestCNIPayment:
    def test_pot_shared_by_cni_times_listed(self):
        cni = pd.Series({"a": 0.79, "b": 1.32, "c": 1.0})
        listed = pd.Series({"a": 1000, "b": 2000, "c": 3000})
        pay = cni_payment(cni, listed, 820)
        assert pay.sum() == pytest.approx(820 * 6000)
        assert pay["b"] / pay["a"] == pytest.approx(1.32 * 2000 / (0.79 * 1000))
        point = cni_point_value(cni, listed, 820)
        assert pay["a"] / 1000 == pytest.approx(0.79 * point)
        assert point == pytest.approx(820 / weighted_mean_cni(cni, listed))

    def test_report_span_is_consistent(self):
        # 646/0,79 and 1 078/1,32 both give a CNI point of ≈ 817 kr (report §6)
        point = REPORT["cni_poang_kr"].rapporten
        assert REPORT["cni_min_kr"].rapporten / REPORT["cni_min"].rapporten == pytest.approx(point, abs=1)
        assert REPORT["cni_max_kr"].rapporten / REPORT["cni_max"].rapporten == pytest.approx(point, abs=1)

    def test_missing_cni_with_listed_is_an_error(self):
        with pytest.raises(ValueError, match="CNI saknas"):
            cni_payment(pd.Series({"a": 1.0}), pd.Series({"a": 10, "b": 5}), 820)

    def test_centre_without_listed_gets_nothing(self):
        pay = cni_payment(pd.Series({"a": 1.0}), pd.Series({"a": 10, "b": 0}), 820)
        assert pay["b"] == 0 and pay["a"] == pytest.approx(8200)
