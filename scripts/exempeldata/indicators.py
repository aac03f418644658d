"""Synthetic follow-up indicators per centre and year (`indikatorer`: hc_id, indikator, ar, taljare, namnare).

For the shares (0:an, 3:an, NPE helhetsintryck, täckningsgrad) each centre has a persistent effect
on the logit scale (σ = SPREAD) plus a small yearly wobble; one region-wide shift per year is solved
so that the expected region share equals the target; taljare are binomial draws (so small centres
are noisier), and finally the region total is set to round(target × Σ namnare) by moving a few
counts between centres in proportion to namnare. Hence Σ taljare / Σ namnare equals the target to
within 0.5 / Σ namnare.

Targets: 0:an = Kolada N79179 and 3:an = Kolada N79173 for Jämtland Härjedalen, NPE = Kolada
U71451 (all real, every year Kolada has a Jämtland value); täckningsgrad 71 % in 2016
(board paper 003, 2017-12-19) and assumed values after that; antibiotics per 1 000 listed
ANTIBIOTICS_PER_1000 (assumed; region level between 250 and 330 with the national goal 250).
Denominators: listed persons of 2020 times a small per-centre drift per year, times the
per-listed volumes below (assumed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit, logit

from exempeldata.common import OSTERSUND, largest_remainder, rng_for

CALLS_PER_LISTED = 1.8  # telephone calls per listed person and year (0:an denominator)
ASSESSMENTS_PER_LISTED = 0.45  # medical assessments (3:an denominator)
NPE_RESPONSE_PER_LISTED = 0.02  # NPE answers per listed person (at least NPE_MIN_ANSWERS)
NPE_MIN_ANSWERS = 25
VISITS_PER_LISTED = 2.5  # all primary-care visits of listed persons (täckningsgrad denominator)
SPREAD = {"noll_an": 0.5, "tre_an": 0.4, "npe_helhetsintryck": 0.25, "tackningsgrad": 0.2}
COVERAGE = {2016: 71.0, 2017: 72.0, 2018: 72.6, 2019: 73.1, 2020: 73.5}
COVERAGE_OSTERSUND_EFFECT = -0.35  # report 003: potential to raise coverage mainly in Östersund
ANTIBIOTICS_PER_1000 = {2016: 322.0, 2017: 309.0, 2018: 301.0, 2019: 292.0, 2020: 271.0}
ANTIBIOTICS_SPREAD = 0.09


def listed_by_year(
    listed: pd.Series, years: list[int], rng: np.random.Generator, base_year: int = 2020
) -> pd.DataFrame:
    """Listed persons per centre and year: the dataset's listing × (1 + drift × (year − its year))."""
    drift = rng.normal(0.0, 0.01, size=len(listed))
    rows = [(hc, y, n * (1 + d * (y - base_year))) for hc, n, d in zip(listed.index, listed, drift) for y in years]
    return pd.DataFrame(rows, columns=["hc_id", "ar", "listade"])


def _calibrate_total(taljare: np.ndarray, namnare: np.ndarray, target_total: int) -> np.ndarray:
    """Move counts between centres so that Σ taljare == target_total, keeping 0 ≤ taljare ≤ namnare."""
    t = taljare.copy()
    for _ in range(20):
        diff = int(target_total - t.sum())
        if diff == 0:
            return t
        room = (namnare - t) if diff > 0 else t
        step = largest_remainder(abs(diff), np.minimum(namnare, room))
        t = t + np.sign(diff) * np.minimum(step, room)
    raise ValueError("could not calibrate indicator total")


def share_indicator(
    name: str, frame: pd.DataFrame, targets: dict[int, float], volume: float, effect: pd.Series | None = None
) -> pd.DataFrame:
    """Binomial share indicator calibrated to `targets` (per cent) per year."""
    rng = rng_for(f"indikatorer.{name}")
    hcs = frame["hc_id"].unique()
    centre = pd.Series(rng.normal(0.0, SPREAD[name], size=len(hcs)), index=hcs)
    if effect is not None:
        centre = centre + effect.reindex(hcs).fillna(0.0)
    out = []
    for year in sorted(targets):
        f = frame[frame["ar"] == year]
        n = np.round(f["listade"].to_numpy() * volume).astype("int64")
        if name == "npe_helhetsintryck":
            n = np.maximum(n, NPE_MIN_ANSWERS)
        eff = centre[f["hc_id"]].to_numpy() + rng.normal(0.0, 0.1, size=len(f))
        p_region = targets[year] / 100.0
        shift = brentq(
            lambda s, n=n, p_region=p_region, eff=eff: (
                (n * expit(logit(p_region) + s + eff)).sum() / n.sum() - p_region
            ),
            -5,
            5,
        )
        drawn = rng.binomial(n, expit(logit(p_region) + shift + eff))
        t = _calibrate_total(drawn, n, int(round(p_region * n.sum())))
        out.append(
            pd.DataFrame({"hc_id": f["hc_id"].to_numpy(), "indikator": name, "ar": year, "taljare": t, "namnare": n})
        )
    return pd.concat(out)


def antibiotics(frame: pd.DataFrame, per_1000: dict[int, float] = ANTIBIOTICS_PER_1000) -> pd.DataFrame:
    """Antibiotic prescriptions (taljare) per listed persons (namnare); Poisson, calibrated per year."""
    rng = rng_for("indikatorer.antibiotika")
    hcs = frame["hc_id"].unique()
    centre = pd.Series(rng.normal(0.0, ANTIBIOTICS_SPREAD, size=len(hcs)), index=hcs)
    out = []
    for year, rate in sorted(per_1000.items()):
        f = frame[frame["ar"] == year]
        n = np.round(f["listade"].to_numpy()).astype("int64")
        lam = n * rate / 1000 * np.exp(centre[f["hc_id"]].to_numpy() + rng.normal(0.0, 0.04, size=len(f)))
        drawn = rng.poisson(lam * rate / 1000 * n.sum() / lam.sum())
        total = int(round(rate / 1000 * n.sum()))
        t = (
            drawn + largest_remainder(total - drawn.sum(), n)
            if total >= drawn.sum()
            else drawn - largest_remainder(drawn.sum() - total, drawn)
        )
        out.append(
            pd.DataFrame(
                {"hc_id": f["hc_id"].to_numpy(), "indikator": "antibiotika", "ar": year, "taljare": t, "namnare": n}
            )
        )
    return pd.concat(out)


def kolada_targets(kolada: pd.DataFrame, kpi: str) -> dict[int, float]:
    j = kolada[(kolada["kpi"] == kpi) & (kolada["region_id"] == "0023")]
    return dict(zip(j["ar"].astype(int), j["varde"].astype(float)))


def make_indikatorer(
    listed: pd.Series,
    kommun: pd.Series,
    kolada: pd.DataFrame,
    year: int = 2020,
    coverage_extra: dict | None = None,
    antibiotics_extra: dict | None = None,
) -> pd.DataFrame:
    """Every indicator for every year up to what Kolada holds (and the assumed series, extended by
    the `*_extra` years of a later example year)."""
    noll, tre, npe = (kolada_targets(kolada, k) for k in ("N79179", "N79173", "U71451"))
    coverage = {**COVERAGE, **(coverage_extra or {})}
    abx = {**ANTIBIOTICS_PER_1000, **(antibiotics_extra or {})}
    years = sorted(set(noll) | set(tre) | set(npe) | set(coverage) | set(abx))
    frame = listed_by_year(listed, years, rng_for("indikatorer.listade"), year)
    ostersund = pd.Series(np.where(kommun == OSTERSUND, COVERAGE_OSTERSUND_EFFECT, 0.0), index=kommun.index)
    parts = [
        share_indicator("noll_an", frame, noll, CALLS_PER_LISTED),
        share_indicator("tre_an", frame, tre, ASSESSMENTS_PER_LISTED),
        share_indicator("npe_helhetsintryck", frame, npe, NPE_RESPONSE_PER_LISTED),
        share_indicator("tackningsgrad", frame, coverage, VISITS_PER_LISTED, effect=ostersund),
        antibiotics(frame, abx),
    ]
    out = pd.concat(parts)
    out["taljare"] = out["taljare"].astype("int64")
    out["namnare"] = out["namnare"].astype("int64")
    return out.sort_values(["hc_id", "indikator", "ar"], kind="mergesort").reset_index(drop=True)
