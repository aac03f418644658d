"""Trends over years and cautious associations, fitted as GLMs with statsmodels.

**Trend** (`glm_trend`): a binomial GLM with logit link and year as a linear covariate,
logit(p_t) = β0 + β1·(t − t̄). With counts (täljare/nämnare) each year is weighted by its
denominator; with published shares only (Kolada gives per cent, not counts) the share itself is
the response. In both cases the dispersion is estimated from the Pearson χ² (quasi-binomial:
φ = χ²/df, with counts never below 1), so the band reflects how much the yearly values actually
scatter around the line and not only sampling noise. The 95 % band is the confidence interval of the fitted mean,
computed on the logit scale and transformed back. exp(β1) is the odds ratio per year.

**Association** (`association`, `association_table`): the same kind of model across centres in
one year, with one centre-level covariate (CNI, or the number of listed persons): quasi-binomial
for shares, quasi-Poisson with log(listade) as offset for the antibiotic rate. The effect is an
odds ratio (shares) or rate ratio (antibiotics) per stated unit of the covariate, with 95 %
confidence interval and p-value. With some thirty centres and one year these are descriptions,
not causal estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.indicators.shortfalls import MIN_ASSOCIATION_CENTRES, MIN_TREND_YEARS


@dataclass
class Trend:
    """A fitted trend: yearly observed values, a fine grid with the fitted line and its band."""

    observed: pd.DataFrame  # ar, andel
    fitted: pd.DataFrame  # ar (fine grid), anpassad, nedre, ovre
    odds_ratio: float  # per year
    or_lower: float
    or_upper: float
    p_value: float
    scale: float
    level: float
    response: str  # "counts" (täljare/nämnare, weighted by the denominator) or "shares" (published per cent)
    quasi: bool  # dispersion estimated from the Pearson χ² (quasi-binomial)

    @property
    def method(self) -> str:
        """The fitted model as code, e.g. `GLM(Binomial(logit), year, response=counts, scale=pearson)`."""
        scale = "pearson" if self.quasi else "1"
        return f"GLM(Binomial(logit), year, response={self.response}, scale={scale})"

    @property
    def direction(self) -> str:
        """`ökande`, `minskande` or `ingen tydlig` (CI of the odds ratio includes 1)."""
        if self.or_lower > 1:
            return "ökande"
        if self.or_upper < 1:
            return "minskande"
        return "ingen tydlig"


def _statsmodels():
    """statsmodels' GLM, imported on first use: the sheets' process never fits one, and
    `statsmodels.api` would import every model."""
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools.tools import add_constant

    return GLM, families, add_constant


def glm_trend(
    years,
    share=None,
    events=None,
    trials=None,
    level: float = 0.95,
    quasi: bool = True,
    step: float = 0.1,
) -> Trend:
    """Fit logit(p) = β0 + β1·(year − mean year) and return the fitted line with its band.

    Give either `share` (0–1, e.g. Kolada per cent / 100) or `events` and `trials` (counts).
    Needs at least `MIN_TREND_YEARS` years: `follow_up` checks that first and says so in the book
    (`analysis.indicators.shortfalls.trend_check`).
    """
    years = np.asarray(years, dtype="float64")
    if len(years) < MIN_TREND_YEARS:
        raise ValueError(f"trenden kräver minst {MIN_TREND_YEARS} år, fick {len(years)}")
    centre = years.mean()
    GLM, families, add_constant = _statsmodels()
    X = add_constant(years - centre)
    if events is not None and trials is not None:
        ev = np.asarray(events, dtype="float64")
        tr = np.asarray(trials, dtype="float64")
        endog = np.column_stack([ev, tr - ev])
        observed = ev / tr
        response = "counts"
    elif share is not None:
        endog = np.asarray(share, dtype="float64")
        if np.any((endog < 0) | (endog > 1)):
            raise ValueError("andelar måste ligga mellan 0 och 1")
        observed = endog
        response = "shares"
    else:
        raise ValueError("ange share eller events och trials")
    model = GLM(endog, X, family=families.Binomial())
    res = _quasi_fit(model, floor=endog.ndim == 2) if quasi else model.fit()
    grid = np.arange(years.min(), years.max() + step / 2, step)
    pred = res.get_prediction(add_constant(grid - centre, has_constant="add"))
    frame = pred.summary_frame(alpha=1 - level)
    fitted = pd.DataFrame(
        {
            "ar": grid,
            "anpassad": frame["mean"].to_numpy(),
            "nedre": frame["mean_ci_lower"].to_numpy(),
            "ovre": frame["mean_ci_upper"].to_numpy(),
        }
    )
    b, se = res.params[1], res.bse[1]
    z = _z(level)
    return Trend(
        observed=pd.DataFrame({"ar": years.astype(int), "andel": observed}),
        fitted=fitted,
        odds_ratio=float(np.exp(b)),
        or_lower=float(np.exp(b - z * se)),
        or_upper=float(np.exp(b + z * se)),
        p_value=float(res.pvalues[1]),
        scale=float(res.scale),
        level=level,
        response=response,
        quasi=quasi,
    )


def _quasi_fit(model, floor: bool):
    """Fit, then refit with the Pearson dispersion φ = χ²/df as fixed scale (quasi-likelihood).

    statsmodels' own `scale="X2"` mis-scales a binomial GLM given as (successes, failures)
    columns, so φ is computed here. With counts (`floor=True`) φ is not allowed below 1: an
    indicator is never treated as less variable than pure binomial/Poisson noise.
    """
    first = model.fit()
    phi = float(first.pearson_chi2 / first.df_resid) if first.df_resid > 0 else 1.0
    if floor:
        phi = max(phi, 1.0)
    return model.fit(scale=phi)


def _z(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(1 - (1 - level) / 2))


@dataclass
class Association:
    """The effect of one centre-level covariate on one indicator."""

    indikator: str
    forklaring: str
    enhet: str  # the covariate step the effect refers to, e.g. "0,1 CNI-enheter"
    matt: str  # "oddskvot" or "kvot mellan takter"
    effekt: float
    nedre: float
    ovre: float
    p_value: float
    centraler: int


def association(
    df: pd.DataFrame,
    covariate: str,
    events: str = "taljare",
    trials: str | None = "namnare",
    exposure: str | None = None,
    per_unit: float = 1.0,
    level: float = 0.95,
) -> tuple[float, float, float, float, int]:
    """GLM of a centre indicator on one covariate; returns (effect, lower, upper, p, n centres).

    With `trials`: quasi-binomial logit, effect = odds ratio per `per_unit` of the covariate.
    With `exposure`: quasi-Poisson log link with offset log(exposure), effect = rate ratio.
    """
    cols = [covariate, events] + [c for c in (trials, exposure) if c]
    d = df.dropna(subset=cols)
    d = d[(d[exposure] > 0) if exposure else (d[trials] > 0)]
    if len(d) < MIN_ASSOCIATION_CENTRES:
        raise ValueError(f"för få centraler för en regression ({len(d)}, minst {MIN_ASSOCIATION_CENTRES})")
    GLM, families, add_constant = _statsmodels()
    X = add_constant(d[covariate].astype("float64") / per_unit)
    if exposure:
        model = GLM(
            d[events].astype("float64"),
            X,
            family=families.Poisson(),
            offset=np.log(d[exposure].astype("float64")),
        )
    else:
        ev = d[events].astype("float64").to_numpy()
        tr = d[trials].astype("float64").to_numpy()
        model = GLM(np.column_stack([ev, tr - ev]), X, family=families.Binomial())
    res = _quasi_fit(model, floor=True)
    b, se = float(res.params.iloc[1]), float(res.bse.iloc[1])
    z = _z(level)
    return (
        float(np.exp(b)),
        float(np.exp(b - z * se)),
        float(np.exp(b + z * se)),
        float(res.pvalues.iloc[1]),
        int(len(d)),
    )
