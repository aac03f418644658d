"""Sparsity (our documented rule) and cost responsibilities."""

import pandas as pd
import pytest

from analysis.model import COST_TYPES, costs_by_type, excess_distance, glesbygd_payment


@pytest.fixture
def listade_ort():
    return pd.DataFrame(
        {
            "hc_id": ["a", "a", "b", "c"],
            "ort": ["x", "y", "z", "w"],
            "kommunkod": ["2380"] * 4,
            "avstand_km": [10.0, 80.0, 130.0, 20.0],
            "antal": [100, 50, 10, 500],
        }
    )


class TestGlesbygd:
    def test_excess_distance(self, listade_ort):
        ex = excess_distance(listade_ort, 30)
        assert ex["a"] == 50 * 50
        assert ex["b"] == 10 * 100
        assert ex["c"] == 0

    def test_budget_shared_by_excess(self, listade_ort):
        pay = glesbygd_payment(listade_ort, 3_500_000, 30)
        assert pay.sum() == pytest.approx(3_500_000)
        assert pay["a"] == pytest.approx(2_500_000)
        assert pay["b"] == pytest.approx(1_000_000)
        assert pay["c"] == 0

    def test_nobody_beyond_threshold_pays_nothing(self, listade_ort):
        assert (glesbygd_payment(listade_ort, 1e6, 500) == 0).all()

    def test_negative_threshold_is_an_error(self, listade_ort):
        with pytest.raises(ValueError, match="negativ"):
            excess_distance(listade_ort, -1)


class TestCosts:
    @pytest.fixture
    def kostnader(self):
        return pd.DataFrame(
            {
                "hc_id": ["a", "a", "b"],
                "kostnadstyp": ["lof_lol", "lokaler", "lokaler"],
                "belopp_kr": [100.0, 50.0, 70.0],
            }
        )

    def test_wide_with_every_type(self, kostnader):
        wide = costs_by_type(kostnader)
        assert list(wide.columns) == [f"kostnad_{k}" for k in COST_TYPES]
        assert wide.loc["a", "kostnad_lof_lol"] == 100
        assert wide.loc["b", "kostnad_lakemedel"] == 0

    def test_types_not_carried_are_zero(self, kostnader):
        wide = costs_by_type(kostnader, carried=set(COST_TYPES) - {"lof_lol"})
        assert wide.loc["a", "kostnad_lof_lol"] == 0
        assert wide.loc["a", "kostnad_lokaler"] == 50

    def test_unknown_type_is_an_error(self, kostnader):
        kostnader.loc[0, "kostnadstyp"] = "hyra"
        with pytest.raises(ValueError, match="okända kostnadstyper"):
            costs_by_type(kostnader)
