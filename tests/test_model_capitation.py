"""Age-weighted capitation and drug budget: weights from use rates, payments per centre."""

import pandas as pd
import pytest

from analysis.model import (
    AGE_BANDS,
    age_weighted_payment,
    derive_age_weights,
    derive_drug_weights,
    listed_by_band,
    normalise_weights,
    weighted_listed,
)


def _usage_table(**cols):
    df = pd.DataFrame({"aldersgrupp": list(AGE_BANDS)})
    for name, values in cols.items():
        df[name] = values
    return df


class TestNormaliseWeights:
    def test_population_mean_is_one(self):
        usage = pd.Series([10.0, 30.0, 60.0])
        pop = pd.Series([100.0, 100.0, 200.0])
        w = normalise_weights(usage, pop)
        assert (w * pop).sum() / pop.sum() == pytest.approx(1.0)
        # rate 0.1, 0.3, 0.3; mean rate 100/400 = 0.25
        assert list(w.round(6)) == [0.4, 1.2, 1.2]

    def test_zero_population_is_an_error(self):
        with pytest.raises(ValueError, match="större än noll"):
            normalise_weights(pd.Series([1.0, 2.0]), pd.Series([0.0, 5.0]))


class TestDeriveAgeWeights:
    def test_doctor_visits_count_twice(self):
        n = len(AGE_BANDS)
        # band 0: 10 doctor visits; band 1: 20 nursing treatments -> same weighted use
        doctors = [10] + [0] * (n - 1)
        nursing = [0, 20] + [0] * (n - 2)
        df = _usage_table(befolkning=[100] * n, lakarbesok=doctors, sjukvardande_behandlingar=nursing)
        w = derive_age_weights(df)
        assert w["0-4"] == pytest.approx(w["5-9"])
        assert w["0-4"] == pytest.approx(n / 2)  # use 20 of 40 in 2 of n equal bands
        assert (w.iloc[2:] == 0).all()

    def test_normalised_and_ordered(self):
        n = len(AGE_BANDS)
        df = _usage_table(
            befolkning=[1000 + 50 * i for i in range(n)],
            lakarbesok=[100 + 20 * i for i in range(n)],
            sjukvardande_behandlingar=[300] * n,
        ).iloc[::-1]  # order of rows must not matter
        w = derive_age_weights(df)
        assert list(w.index) == list(AGE_BANDS)
        pop = df.set_index("aldersgrupp")["befolkning"].reindex(list(AGE_BANDS))
        assert (w * pop).sum() / pop.sum() == pytest.approx(1.0)

    def test_missing_band_is_an_error(self):
        df = _usage_table(befolkning=1, lakarbesok=1, sjukvardande_behandlingar=1).iloc[:-1]
        with pytest.raises(ValueError, match="saknas"):
            derive_age_weights(df)

    def test_unknown_band_is_an_error(self):
        df = _usage_table(befolkning=1, lakarbesok=1, sjukvardande_behandlingar=1)
        df.loc[0, "aldersgrupp"] = "0-5"
        with pytest.raises(ValueError, match="okända åldersgrupper"):
            derive_age_weights(df)


def test_drug_weights_from_costs():
    n = len(AGE_BANDS)
    df = _usage_table(befolkning=[100] * n, kostnad_kr=[1000.0] * (n - 1) + [3000.0])
    w = derive_drug_weights(df)
    assert w["100+"] == pytest.approx(3 * w["0-4"])
    assert w.mean() == pytest.approx(1.0)


class TestPayments:
    @pytest.fixture
    def listade(self):
        return pd.DataFrame(
            {
                "hc_id": ["a", "a", "a", "b"],
                "kon": ["kvinna", "man", "kvinna", "man"],
                "aldersgrupp": ["10-14", "10-14", "85-89", "0-4"],
                "antal": [10, 5, 2, 7],
            }
        )

    def test_listed_by_band_sums_sexes(self, listade):
        wide = listed_by_band(listade)
        assert list(wide.columns) == list(AGE_BANDS)
        assert wide.loc["a", "10-14"] == 15
        assert wide.loc["a", "85-89"] == 2
        assert wide.loc["b"].sum() == 7

    def test_payment_is_weight_times_price_times_listed(self, listade):
        weights = {b: 1.0 for b in AGE_BANDS} | {"10-14": 0.33, "85-89": 2.21, "0-4": 1.5}
        pay = age_weighted_payment(listade, weights, 2453)
        assert pay["a"] == pytest.approx((15 * 0.33 + 2 * 2.21) * 2453)
        assert pay["b"] == pytest.approx(7 * 1.5 * 2453)
        assert weighted_listed(listade, weights)["a"] == pytest.approx(15 * 0.33 + 2 * 2.21)

    def test_weights_must_cover_every_band(self, listade):
        with pytest.raises(ValueError, match="vikt saknas"):
            age_weighted_payment(listade, {"0-4": 1.0}, 2453)
