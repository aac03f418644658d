"""GLM trends (band contains the fitted line) and centre-level associations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.indicators import association, glm_trend


def test_band_contains_fitted_line_shares():
    years = np.arange(2016, 2026)
    share = np.array([81.0, 86.6, 90.1, 87.5, 89.1, 85.4, 86.1, 85.8, 85.8, 83.7]) / 100
    t = glm_trend(years, share=share)
    f = t.fitted
    assert (f["nedre"] <= f["anpassad"]).all() and (f["anpassad"] <= f["ovre"]).all()
    assert ((f["nedre"] > 0) & (f["ovre"] < 1)).all()
    assert f["ar"].min() == 2016 and f["ar"].max() == pytest.approx(2025)
    assert t.or_lower <= t.odds_ratio <= t.or_upper
    assert 0 <= t.p_value <= 1
    assert t.observed["andel"].tolist() == pytest.approx(share.tolist())


def test_counts_detect_a_clear_increase():
    years = np.arange(2015, 2021)
    trials = np.full(6, 5000)
    p = 1 / (1 + np.exp(-(0.2 + 0.15 * (years - 2015))))
    events = np.round(p * trials)
    t = glm_trend(years, events=events, trials=trials)
    assert t.direction == "ökande" and t.p_value < 0.001
    assert t.odds_ratio == pytest.approx(np.exp(0.15), rel=0.02)
    f = t.fitted
    assert (f["nedre"] <= f["anpassad"]).all() and (f["anpassad"] <= f["ovre"]).all()


def test_flat_series_has_no_clear_direction():
    t = glm_trend([2020, 2021, 2022, 2023], share=[0.7, 0.72, 0.69, 0.71])
    assert t.direction == "ingen tydlig"


def test_needs_three_years_and_valid_input():
    with pytest.raises(ValueError):
        glm_trend([2020, 2021], share=[0.5, 0.6])
    with pytest.raises(ValueError):
        glm_trend([2020, 2021, 2022], share=[50, 60, 70])
    with pytest.raises(ValueError):
        glm_trend([2020, 2021, 2022])


def test_association_recovers_a_built_in_effect():
    rng = np.random.default_rng(3)
    cni = rng.uniform(0.6, 1.6, 40)
    n = rng.integers(800, 3000, 40)
    p = 1 / (1 + np.exp(-(1.5 - 1.0 * cni)))
    d = pd.DataFrame({"cni": cni, "namnare": n, "taljare": rng.binomial(n, p)})
    eff, lo, hi, pval, k = association(d, "cni", per_unit=1.0)
    assert k == 40 and lo < np.exp(-1.0) < hi and pval < 0.001
    # rates: no built-in effect of size -> CI includes 1
    d2 = pd.DataFrame({"listade": n, "namnare": n, "taljare": rng.poisson(0.25 * n)})
    eff2, lo2, hi2, p2, _ = association(d2, "listade", "taljare", trials=None, exposure="namnare", per_unit=1000)
    assert lo2 < 1 < hi2


def test_association_needs_enough_centres():
    d = pd.DataFrame({"cni": [1.0, 1.1], "taljare": [5, 6], "namnare": [10, 10]})
    with pytest.raises(ValueError):
        association(d, "cni")


def test_trend_method_is_described_as_code():
    """The fitted model is named as code (family, link, response, scale); words for readers live in the chapter."""
    t = glm_trend([2020, 2021, 2022, 2023], events=[70, 72, 69, 71], trials=[100, 100, 100, 100])
    assert (t.response, t.quasi) == ("counts", True)
    assert t.method == "GLM(Binomial(logit), year, response=counts, scale=pearson)"
    s = glm_trend([2020, 2021, 2022, 2023], share=[0.7, 0.72, 0.69, 0.71], quasi=False)
    assert s.method == "GLM(Binomial(logit), year, response=shares, scale=1)"
