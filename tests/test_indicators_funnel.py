"""Funnel-plot control limits against independently computed binomial and Poisson quantiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom, norm, poisson

from analysis.indicators import (
    binomial_funnel,
    binomial_limits,
    mean_funnel,
    mean_limits,
    poisson_funnel,
    poisson_limits,
)


class TestBinomialLimits:
    def test_p_half_n_100_is_40_to_60_percent(self):
        lim = binomial_limits(0.5, 100).iloc[0]
        assert lim["nedre_95"] == pytest.approx(binom.ppf(0.025, 100, 0.5) / 100)
        assert lim["ovre_95"] == pytest.approx(binom.ppf(0.975, 100, 0.5) / 100)
        assert lim["nedre_95"] == pytest.approx(0.40, abs=0.01)
        assert lim["ovre_95"] == pytest.approx(0.60, abs=0.01)
        assert lim["nedre_998"] == pytest.approx(binom.ppf(0.001, 100, 0.5) / 100)
        assert lim["ovre_998"] == pytest.approx(binom.ppf(0.999, 100, 0.5) / 100)
        assert lim["nedre_998"] < lim["nedre_95"] < 0.5 < lim["ovre_95"] < lim["ovre_998"]

    def test_vector_of_denominators_narrows(self):
        n = [20, 200, 2000]
        lim = binomial_limits(0.8, n)
        for i, ni in enumerate(n):
            assert lim.loc[i, "nedre_95"] == pytest.approx(binom.ppf(0.025, ni, 0.8) / ni)
            assert lim.loc[i, "ovre_998"] == pytest.approx(binom.ppf(0.999, ni, 0.8) / ni)
        width = lim["ovre_95"] - lim["nedre_95"]
        assert width.is_monotonic_decreasing

    def test_normal_approximation(self):
        lim = binomial_limits(0.5, 100, method="normal").iloc[0]
        half = norm.ppf(0.975) * np.sqrt(0.25 / 100)
        assert lim["nedre_95"] == pytest.approx(0.5 - half)
        assert lim["ovre_95"] == pytest.approx(0.5 + half)
        assert lim["nedre_95"] == pytest.approx(0.402, abs=0.001)
        # clipped to [0, 1]
        assert binomial_limits(0.99, 10, method="normal").iloc[0]["ovre_998"] == 1.0

    @pytest.mark.parametrize("p0, n", [(1.2, 10), (0.5, 0), (0.5, -3)])
    def test_invalid_input_raises(self, p0, n):
        with pytest.raises(ValueError):
            binomial_limits(p0, n)

    def test_unknown_method_raises(self):
        with pytest.raises(ValueError, match="okänd metod"):
            binomial_limits(0.5, 10, method="wilson")


class TestPoissonLimits:
    def test_known_quantiles_rate_250_per_1000(self):
        # 400 listed at 0.25 prescriptions per person -> expected 100 prescriptions
        lim = poisson_limits(0.25, 400).iloc[0]
        assert poisson.ppf(0.025, 100) == 81 and poisson.ppf(0.975, 100) == 120
        assert lim["nedre_95"] == pytest.approx(81 / 400 * 1000)
        assert lim["ovre_95"] == pytest.approx(120 / 400 * 1000)
        assert lim["nedre_998"] == pytest.approx(poisson.ppf(0.001, 100) / 400 * 1000)
        assert lim["ovre_998"] == pytest.approx(poisson.ppf(0.999, 100) / 400 * 1000)

    def test_per_argument(self):
        a = poisson_limits(0.25, 400, per=1000).iloc[0]
        b = poisson_limits(0.25, 400, per=1).iloc[0]
        assert a["ovre_95"] == pytest.approx(b["ovre_95"] * 1000)

    def test_invalid(self):
        with pytest.raises(ValueError):
            poisson_limits(-1, 10)
        with pytest.raises(ValueError):
            poisson_limits(0.2, 0)


def test_mean_limits():
    lim = mean_limits(0.5, 0.2, [100]).iloc[0]
    assert lim["ovre_95"] == pytest.approx(0.5 + norm.ppf(0.975) * 0.02)
    assert lim["nedre_998"] == pytest.approx(0.5 - norm.ppf(0.999) * 0.02)


def centres() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hc_id": ["a", "b", "c", "d", "e", "tiny"],
            "taljare": [800, 410, 1650, 300, 240, 2],
            "namnare": [1000, 500, 2000, 400, 300, 3],
        }
    )


def test_binomial_funnel_target_flags_and_suppression():
    f = binomial_funnel(centres())
    d = centres()
    assert f.target == pytest.approx(d["taljare"].sum() / d["namnare"].sum())
    assert f.suppressed == 1 and "tiny" not in set(f.points["hc_id"])
    pts = f.points.set_index("hc_id")
    # d (75 % of 400) is far below the ~0.80 target at its size
    p0 = f.target
    assert pts.loc["d", "nedre_998"] == pytest.approx(binom.ppf(0.001, 400, p0) / 400)
    assert bool(pts.loc["d", "utanfor_998"]) == bool(0.75 < binom.ppf(0.001, 400, p0) / 400)
    assert set(f.flagged["hc_id"]) == set(pts.index[pts["utanfor_998"]])
    assert set(pts.loc[pts["utanfor_998"], "signal"]) <= {"över", "under"}
    # the limit curve spans the centres
    assert f.curve["n"].min() <= pts["n"].min() and f.curve["n"].max() >= pts["n"].max()


def test_binomial_funnel_flags_an_obvious_outlier():
    d = pd.DataFrame({"hc_id": list("abcdefg"), "taljare": [500, 510, 490, 505, 495, 500, 300], "namnare": [1000] * 7})
    f = binomial_funnel(d)
    assert list(f.flagged["hc_id"]) == ["g"]
    assert f.flagged["signal"].iloc[0] == "under"


def test_poisson_funnel():
    d = pd.DataFrame({"hc_id": list("abcd"), "taljare": [250, 260, 500, 100], "namnare": [1000, 1000, 1000, 1000]})
    f = poisson_funnel(d)
    assert f.target == pytest.approx(1110 / 4000 * 1000)
    pts = f.points.set_index("hc_id")
    assert pts.loc["c", "varde"] == pytest.approx(500)
    assert pts.loc["c", "signal"] == "över" and pts.loc["d", "signal"] == "under"
    assert pts.loc["a", "ovre_998"] == pytest.approx(poisson.ppf(0.999, 1110 / 4) / 1000 * 1000)


def test_mean_funnel():
    d = pd.DataFrame({"hc_id": list("abc"), "m": [0.5, 0.52, 0.9], "n": [100, 200, 150]})
    f = mean_funnel(d, "m", "n", target=0.5, sd=0.25)
    assert list(f.flagged["hc_id"]) == ["c"]


class TestOverdispersion:
    def test_pure_chance_gives_phi_near_one_and_no_tau(self):
        from analysis.indicators import overdispersion

        rng = np.random.default_rng(7)
        n = rng.integers(500, 5000, 400)
        y = rng.binomial(n, 0.8) / n
        phi, tau2 = overdispersion(y, 0.8, np.sqrt(0.8 * 0.2 / n))
        assert phi == pytest.approx(1.0, abs=0.25)
        assert tau2 < 0.0005

    def test_recovers_between_centre_variance(self):
        from analysis.indicators import overdispersion

        rng = np.random.default_rng(8)
        n = rng.integers(5000, 20000, 2000)
        true = np.clip(0.8 + rng.normal(0, 0.04, len(n)), 0, 1)
        y = rng.binomial(n, true) / n
        phi, tau2 = overdispersion(y, 0.8, np.sqrt(0.8 * 0.2 / n), winsor=0.0)
        assert phi > 10
        assert np.sqrt(tau2) == pytest.approx(0.04, rel=0.1)

    def test_adjusted_limits_are_wider_and_flag_fewer(self):
        rng = np.random.default_rng(9)
        n = rng.integers(3000, 15000, 30)
        d = pd.DataFrame({"hc_id": [f"c{i}" for i in range(30)], "namnare": n})
        d["taljare"] = rng.binomial(n, np.clip(0.8 + rng.normal(0, 0.05, 30), 0, 1))
        f = binomial_funnel(d)
        assert f.tau2 > 0
        pts = f.points
        assert (pts["ovre_justerad"] >= pts["ovre_998"] - 1e-3).all()
        assert len(f.flagged_adjusted) <= len(f.flagged)
        assert {"nedre_justerad", "ovre_justerad"} <= set(f.curve.columns)


def test_funnel_with_every_centre_suppressed_is_empty_not_an_error():
    d = pd.DataFrame({"hc_id": ["a", "b"], "taljare": [1, 2], "namnare": [3, 4]})
    f = binomial_funnel(d)
    assert f.points.empty and f.suppressed == 2
    assert f.flagged.empty and f.flagged_adjusted.empty
