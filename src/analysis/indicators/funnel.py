"""Funnel plots: each centre against the region, with control limits that narrow as units grow.

A funnel plot puts each centre's value on the y-axis against its size (denominator) on the
x-axis, around the region's pooled value (the *target*). Control limits show how far a centre
of that size can fall from the target by chance alone if it really performed like the region:
95 % (about 1 in 20 centres outside by chance) and 99.8 % (about 1 in 500). A centre outside
the 99.8 % limits is flagged (Spiegelhalter, *Statistics in Medicine* 2005).

Limits used here:

- **Proportions** (0:an, 3:an, NPE, täckningsgrad): exact binomial quantiles. For a centre with
  denominator n and the region's pooled proportion p0 = Σ täljare / Σ nämnare, the limits are
  `scipy.stats.binom.ppf(α/2, n, p0) / n` and `binom.ppf(1 − α/2, n, p0) / n`
  (`binomial_limits`, method="exact"); a normal approximation p0 ± z·√(p0(1 − p0)/n) is
  available as method="normal".
- **Rates** (antibiotic prescriptions per 1 000 listed): exact Poisson quantiles. With exposure
  E listed persons and pooled rate λ0 = Σ recept / Σ listade, the limits are
  `scipy.stats.poisson.ppf(α/2, λ0·E) / E × 1 000` and the same at 1 − α/2 (`poisson_limits`).
- **Means** (continuity, a mean over patients of a per-patient share): normal approximation
  around the region's mean over all eligible patients, target ± z·SD/√n with the region's
  patient-level SD (`mean_limits`).

**Over-dispersion.** With thousands of calls per centre the chance-only limits are narrow, and
real centres differ for many reasons besides chance, so many may fall outside. `overdispersion`
measures this (Spiegelhalter, *Qual Saf Health Care* 2005): with z_i = (y_i − target)/s_i
(s_i the chance-only standard error at the centre's size), z winsorised at the 10th and 90th
percentiles, φ = mean(z²) (≈ 1 when chance explains the spread), and the additive
between-centre variance τ² = (I·φ − (I − 1)) / (Σ w_i − Σ w_i² / Σ w_i), w_i = 1/s_i² (0 when
negative). Each funnel also carries *adjusted* 99.8 % limits, target ± z·√(s_i² + τ²), and the
flag `utanfor_justerad`: a centre outside those differs from the region even after allowing for
the usual variation between centres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

LEVELS = (0.95, 0.998)


def _suffix(level: float) -> str:
    return f"{level * 100:g}".replace(".", "")


def _as_array(n) -> np.ndarray:
    return np.atleast_1d(np.asarray(n, dtype="float64"))


def binomial_limits(p0: float, n, levels=LEVELS, method: str = "exact") -> pd.DataFrame:
    """Control limits for a proportion around p0 at denominators `n`.

    Returns a DataFrame with column `n` and `nedre_<lvl>`/`ovre_<lvl>` per level (e.g.
    `nedre_95`, `ovre_998`), as proportions. method "exact": binomial quantiles (step-shaped
    in n); "normal": p0 ± z·√(p0(1−p0)/n), clipped to [0, 1].
    """
    if not 0 <= p0 <= 1:
        raise ValueError(f"p0 måste ligga mellan 0 och 1, fick {p0}")
    n = _as_array(n)
    if np.any(n <= 0):
        raise ValueError("nämnaren måste vara större än noll")
    out = pd.DataFrame({"n": n})
    for level in levels:
        a = (1 - level) / 2
        s = _suffix(level)
        if method == "exact":
            lo = stats.binom.ppf(a, n, p0) / n
            hi = stats.binom.ppf(1 - a, n, p0) / n
        elif method == "normal":
            z = stats.norm.ppf(1 - a)
            half = z * np.sqrt(p0 * (1 - p0) / n)
            lo, hi = np.clip(p0 - half, 0, 1), np.clip(p0 + half, 0, 1)
        else:
            raise ValueError(f"okänd metod '{method}' (exact eller normal)")
        out[f"nedre_{s}"] = lo
        out[f"ovre_{s}"] = hi
    return out


def poisson_limits(rate0: float, exposure, per: float = 1000, levels=LEVELS) -> pd.DataFrame:
    """Exact Poisson control limits for a rate around `rate0` (events per person).

    `exposure` is the number of persons (listed). Limits are returned per `per` persons
    (default per 1 000), in columns `n` (= exposure), `nedre_<lvl>`, `ovre_<lvl>`.
    """
    if rate0 < 0:
        raise ValueError("takten kan inte vara negativ")
    e = _as_array(exposure)
    if np.any(e <= 0):
        raise ValueError("exponeringen måste vara större än noll")
    out = pd.DataFrame({"n": e})
    for level in levels:
        a = (1 - level) / 2
        s = _suffix(level)
        mu = rate0 * e
        out[f"nedre_{s}"] = stats.poisson.ppf(a, mu) / e * per
        out[f"ovre_{s}"] = stats.poisson.ppf(1 - a, mu) / e * per
    return out


def mean_limits(target: float, sd: float, n, levels=LEVELS) -> pd.DataFrame:
    """Normal-approximation limits for a mean over n units: target ± z·sd/√n."""
    n = _as_array(n)
    if np.any(n <= 0):
        raise ValueError("antalet måste vara större än noll")
    out = pd.DataFrame({"n": n})
    for level in levels:
        z = stats.norm.ppf(1 - (1 - level) / 2)
        s = _suffix(level)
        out[f"nedre_{s}"] = target - z * sd / np.sqrt(n)
        out[f"ovre_{s}"] = target + z * sd / np.sqrt(n)
    return out


def overdispersion(value, target: float, se, winsor: float = 0.1) -> tuple[float, float]:
    """(φ, τ²): the dispersion ratio and the additive between-centre variance (Spiegelhalter 2005)."""
    y = np.asarray(value, dtype="float64")
    s = np.asarray(se, dtype="float64")
    ok = np.isfinite(y) & np.isfinite(s) & (s > 0)
    y, s = y[ok], s[ok]
    k = len(y)
    if k < 3:
        return float("nan"), 0.0
    z = (y - target) / s
    lo, hi = np.quantile(z, [winsor, 1 - winsor])
    z = np.clip(z, lo, hi)
    phi = float(np.mean(z**2))
    w = 1 / s**2
    tau2 = (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum())
    return phi, float(max(tau2, 0.0))


@dataclass
class Funnel:
    """What a funnel plot needs: points per centre, limit curves, the target and the method."""

    points: pd.DataFrame  # id, n, varde, limits at own n, utanfor_95, utanfor_998, signal
    curve: pd.DataFrame  # n grid with limits
    target: float
    kind: str  # "andel", "takt" or "medel"
    method: str  # one-line Swedish description for captions
    per: float = 1.0
    suppressed: int = 0  # centres left out by the small-number rule
    bounded: bool = False  # a mean of shares: adjusted limits are kept within 0–1
    phi: float = float("nan")  # dispersion ratio (≈ 1 if chance explains the spread)
    tau2: float = 0.0  # additive between-centre variance (scale of `varde`)

    @property
    def flagged_adjusted(self) -> pd.DataFrame:
        """Centres outside the 99.8 % limits widened by the between-centre variance τ²."""
        return self.points[self.points["utanfor_justerad"]]

    @property
    def flagged(self) -> pd.DataFrame:
        """Centres outside the 99.8 % limits."""
        return self.points[self.points["utanfor_998"]]

    @property
    def outside_95(self) -> pd.DataFrame:
        return self.points[self.points["utanfor_95"]]


def _grid(n_min: float, n_max: float, points: int = 300) -> np.ndarray:
    if not (np.isfinite(n_min) and np.isfinite(n_max)):
        n_min, n_max = 1.0, 10.0
    lo = max(1.0, n_min * 0.5)
    hi = max(lo + 1, n_max * 1.1)
    return np.unique(np.round(np.geomspace(lo, hi, points)))


def _flag(points: pd.DataFrame, limits: pd.DataFrame | None, levels) -> pd.DataFrame:
    out = points.reset_index(drop=True).copy()
    if limits is None or out.empty:
        for level in levels:
            s = _suffix(level)
            out[f"nedre_{s}"] = pd.Series(dtype="float64")
            out[f"ovre_{s}"] = pd.Series(dtype="float64")
            out[f"utanfor_{s}"] = pd.Series(dtype="bool")
        out["signal"] = pd.Series(dtype="object")
        return out
    limits = limits.reset_index(drop=True)
    for level in levels:
        s = _suffix(level)
        out[f"nedre_{s}"] = limits[f"nedre_{s}"]
        out[f"ovre_{s}"] = limits[f"ovre_{s}"]
        out[f"utanfor_{s}"] = (out["varde"] < out[f"nedre_{s}"]) | (out["varde"] > out[f"ovre_{s}"])
    s = _suffix(max(levels))
    out["signal"] = np.select(
        [out["varde"] > out[f"ovre_{s}"], out["varde"] < out[f"nedre_{s}"]], ["över", "under"], ""
    )
    return out


def _adjust(f: Funnel, se_of_n, level: float = 0.998) -> Funnel:
    """Add φ, τ² and the over-dispersion-adjusted limits (points and curve) to a funnel."""
    z = stats.norm.ppf(1 - (1 - level) / 2)
    pts = f.points
    pts["nedre_justerad"] = pd.Series(dtype="float64")
    pts["ovre_justerad"] = pd.Series(dtype="float64")
    pts["utanfor_justerad"] = pd.Series(dtype="bool")
    if len(pts):
        se = se_of_n(pts["n"].to_numpy())
        f.phi, f.tau2 = overdispersion(pts["varde"], f.target, se)
        half = z * np.sqrt(se**2 + f.tau2)
        pts["nedre_justerad"] = _clip(f, f.target - half)
        pts["ovre_justerad"] = _clip(f, f.target + half)
        pts["utanfor_justerad"] = (pts["varde"] < pts["nedre_justerad"]) | (pts["varde"] > pts["ovre_justerad"])
    half = z * np.sqrt(se_of_n(f.curve["n"].to_numpy()) ** 2 + f.tau2)
    f.curve["nedre_justerad"] = _clip(f, f.target - half)
    f.curve["ovre_justerad"] = _clip(f, f.target + half)
    return f


def _clip(f: Funnel, values):
    """Shares (and means of shares) stay within 0–1, rates at or above 0."""
    if f.kind == "andel" or (f.kind == "medel" and f.bounded):
        return np.clip(values, 0, 1)
    return np.maximum(values, 0)


def binomial_funnel(
    df: pd.DataFrame,
    events: str = "taljare",
    trials: str = "namnare",
    id_col: str = "hc_id",
    min_n: int = 5,
    levels=LEVELS,
    method: str = "exact",
) -> Funnel:
    """Funnel for proportions: events/trials per centre around the pooled proportion.

    Centres with fewer than `min_n` in the denominator are left out (small-number rule) and
    counted in `Funnel.suppressed`; the pooled target uses all centres.
    """
    d = df[df[trials] > 0]
    p0 = float(d[events].sum() / d[trials].sum())
    keep = d[d[trials] >= min_n]
    pts = pd.DataFrame(
        {
            id_col: keep[id_col].values,
            "n": keep[trials].values.astype(float),
            "varde": (keep[events] / keep[trials]).values,
        }
    )
    lim = binomial_limits(p0, pts["n"], levels, method) if len(pts) else None
    pts = _flag(pts, lim, levels)
    curve = binomial_limits(p0, _grid(pts["n"].min(), pts["n"].max()), levels, method)
    label = (
        "exakta binomialgränser (95 % och 99,8 %)"
        if method == "exact"
        else "binomialgränser med normalapproximation (95 % och 99,8 %)"
    )
    f = Funnel(pts, curve, p0, "andel", label, 1.0, int(len(d) - len(keep)))
    return _adjust(f, lambda n: np.sqrt(p0 * (1 - p0) / n))


def poisson_funnel(
    df: pd.DataFrame,
    events: str = "taljare",
    exposure: str = "namnare",
    id_col: str = "hc_id",
    per: float = 1000,
    min_n: int = 5,
    levels=LEVELS,
) -> Funnel:
    """Funnel for rates per `per` persons: events/exposure around the pooled rate."""
    d = df[df[exposure] > 0]
    rate0 = float(d[events].sum() / d[exposure].sum())
    keep = d[d[exposure] >= min_n]
    pts = pd.DataFrame(
        {
            id_col: keep[id_col].values,
            "n": keep[exposure].values.astype(float),
            "varde": (keep[events] / keep[exposure] * per).values,
        }
    )
    pts = _flag(pts, poisson_limits(rate0, pts["n"], per, levels) if len(pts) else None, levels)
    curve = poisson_limits(rate0, _grid(pts["n"].min(), pts["n"].max()), per, levels)
    f = Funnel(
        pts,
        curve,
        rate0 * per,
        "takt",
        "exakta Poissongränser (95 % och 99,8 %)",
        per,
        int(len(d) - len(keep)),
    )
    return _adjust(f, lambda n: np.sqrt(rate0 / n) * per)


def mean_funnel(
    df: pd.DataFrame,
    value: str,
    n: str,
    target: float,
    sd: float,
    id_col: str = "hc_id",
    min_n: int = 5,
    levels=LEVELS,
    bounded: bool = True,
) -> Funnel:
    """Funnel for a mean over patients (e.g. continuity) with normal-approximation limits.

    `bounded`: the mean is of shares (0–1), so the over-dispersion-adjusted limits are clipped.
    """
    d = df[df[n] > 0]
    keep = d[d[n] >= min_n]
    pts = pd.DataFrame({id_col: keep[id_col].values, "n": keep[n].values.astype(float), "varde": keep[value].values})
    pts = _flag(pts, mean_limits(target, sd, pts["n"], levels) if len(pts) else None, levels)
    grid = _grid(pts["n"].min(), pts["n"].max())
    curve = mean_limits(target, sd, grid, levels)
    f = Funnel(
        pts,
        curve,
        float(target),
        "medel",
        "normalapproximation kring regionens medelvärde (95 % och 99,8 %)",
        1.0,
        int(len(d) - len(keep)),
        bounded=bounded,
    )
    return _adjust(f, lambda m: sd / np.sqrt(m))
