"""Synthetic costs per centre (`kostnader`) and patient fees (`patientavgifter`).

Costs (kr per year, 2020; report §6 "Kostnadsansvar" lists the seven types):

* lakemedel: the centre's drug budget (1 272 kr × Σ listed × drug weight) × log-normal noise
  (σ = 0.06): costs roughly follow the budget, some centres over, some under;
* lof_lol: exactly LOF_LOL_TOTAL = 21 000 000 kr (the 2021 LOF/LOL cost, report §6.1), shared
  ∝ listed × (1 for Östersund centres, LOF_LOL_RURAL_FACTOR elsewhere) × noise: the private
  physiotherapists are in town (report §8.4, §9), so ≥ 80 % falls on Östersund's centres;
* fotvard: listed 65+ × FOOTCARE_PER_65;
* tjanstekop_kommun: listed × (SERVICES_BASE + SERVICES_PER_KM × mean distance of the listed to
  Östersund hospital);
* lab_rontgen: listed × age weight × LAB_PER_WEIGHT (rural centres × 1.1: they refer less to
  hospital clinics and carry imaging themselves, report §8.1);
* lokaler: PREMISES_FIXED + PREMISES_PER_LISTED × listed;
* sjukresor: listed × TRIPS_PER_LISTED × road-equivalent km from home place to the centre × KR_PER_KM
  (both ways), plus TRAVEL_BASE per listed.
All but lof_lol get a log-normal noise factor (σ = COST_NOISE).

Patient fees: visits per centre = Σ_band listed × the region's visits per person in that band
(`vardbesok_alder`) × noise. Visits by under-20s are free; a share of the other visits are by
patients above the high-cost ceiling (högkostnadsskydd, HIGH_COST_SHARE by age, × the centre's
CNI^0.5: sicker listings reach the ceiling more often). avgifter_kr = paying visits × MEAN_FEE × noise
(σ = 0.04).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exempeldata.common import (
    AGE_BANDS,
    BAND_LOWER,
    OSTERSUND,
    ROAD_FACTOR,
    haversine_km,
    largest_remainder,
    rng_for,
)

LOF_LOL_TOTAL = 21_000_000
LOF_LOL_RURAL_FACTOR = 0.08
FOOTCARE_PER_65 = 140.0
SERVICES_BASE, SERVICES_PER_KM = 45.0, 0.6
LAB_PER_WEIGHT = 330.0
PREMISES_FIXED, PREMISES_PER_LISTED = 900_000.0, 320.0
TRIPS_PER_LISTED, KR_PER_KM, TRAVEL_BASE = 0.12, 2 * 11.0, 15.0
COST_NOISE = 0.08
MEAN_FEE = 150.0  # kr per paying visit (mix of doctor and nurse visits)
HIGH_COST_SHARE = {(0, 19): 0.0, (20, 39): 0.05, (40, 64): 0.10, (65, 79): 0.25, (80, 200): 0.35}
VISIT_NOISE = 0.05


def _noise(rng: np.random.Generator, n: int, sd: float = COST_NOISE) -> np.ndarray:
    return np.exp(rng.normal(0.0, sd, size=n))


def _band_share(table: dict, band: str) -> float:
    return next(v for (lo, hi), v in table.items() if lo <= BAND_LOWER[band] <= hi)


def lof_lol(listed: pd.Series, kommun: pd.Series, rng: np.random.Generator) -> np.ndarray:
    factor = np.where(kommun[listed.index] == OSTERSUND, 1.0, LOF_LOL_RURAL_FACTOR)
    return largest_remainder(LOF_LOL_TOTAL, listed.to_numpy() * factor * _noise(rng, len(listed), 0.15))


def travel_km(listade_ort: pd.DataFrame, centres: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """Σ listed × road-equivalent km from home place to the centre, per hc_id."""
    m = listade_ort.merge(places[["ort", "kommunkod", "lat", "lon"]], on=["ort", "kommunkod"])
    m = m.merge(centres[["hc_id", "lat", "lon"]], on="hc_id", suffixes=("", "_hc"))
    km = haversine_km(m["lat"], m["lon"], m["lat_hc"], m["lon_hc"]) * ROAD_FACTOR
    return (m["antal"] * km).groupby(m["hc_id"]).sum()


def make_kostnader(
    wide: pd.DataFrame,
    kommun: pd.Series,
    drug_w: pd.Series,
    age_w: pd.Series,
    listade_ort: pd.DataFrame,
    centres: pd.DataFrame,
    places: pd.DataFrame,
    drug_price: float = 1272,
) -> pd.DataFrame:
    rng = rng_for("kostnader")
    n = len(wide)
    listed = wide.sum(axis=1)
    old = wide[[b for b in AGE_BANDS if BAND_LOWER[b] >= 65]].sum(axis=1)
    mean_km = (listade_ort["antal"] * listade_ort["avstand_km"]).groupby(listade_ort["hc_id"]).sum() / listed
    rural = np.where(kommun[wide.index] == OSTERSUND, 1.0, 1.1)
    costs = {
        "lakemedel": drug_price * (wide @ drug_w[list(AGE_BANDS)]) * _noise(rng, n, 0.06),
        "lof_lol": lof_lol(listed, kommun, rng),
        "fotvard": old * FOOTCARE_PER_65 * _noise(rng, n),
        "tjanstekop_kommun": listed * (SERVICES_BASE + SERVICES_PER_KM * mean_km) * _noise(rng, n),
        "lab_rontgen": (wide @ age_w[list(AGE_BANDS)]) * LAB_PER_WEIGHT * rural * _noise(rng, n),
        "lokaler": (PREMISES_FIXED + PREMISES_PER_LISTED * listed) * _noise(rng, n),
        "sjukresor": (
            travel_km(listade_ort, centres, places)[wide.index] * TRIPS_PER_LISTED * KR_PER_KM + TRAVEL_BASE * listed
        )
        * _noise(rng, n),
    }
    rows = [
        (hc, typ, int(round(float(v))))
        for typ, values in costs.items()
        for hc, v in zip(wide.index, np.asarray(values, dtype="float64"))
    ]
    out = pd.DataFrame(rows, columns=["hc_id", "kostnadstyp", "belopp_kr"])
    order = {t: i for i, t in enumerate(costs)}
    return out.sort_values(
        ["hc_id", "kostnadstyp"], key=lambda s: s.map(order) if s.name == "kostnadstyp" else s, kind="mergesort"
    ).reset_index(drop=True)


def make_patientavgifter(wide: pd.DataFrame, vardbesok: pd.DataFrame, cni: pd.Series) -> pd.DataFrame:
    rng = rng_for("patientavgifter")
    v = vardbesok.set_index("aldersgrupp")
    per_person = (v["lakarbesok"] + v["sjukvardande_behandlingar"]) / v["befolkning"]
    visits = wide[list(AGE_BANDS)] * per_person[list(AGE_BANDS)]
    noise = _noise(rng, len(wide), VISIT_NOISE)
    total = visits.sum(axis=1) * noise
    hk_share = pd.Series({b: _band_share(HIGH_COST_SHARE, b) for b in AGE_BANDS})
    high_cost = (visits @ hk_share) * noise * np.sqrt(cni[wide.index])
    free = visits[[b for b in AGE_BANDS if BAND_LOWER[b] < 20]].sum(axis=1) * noise
    out = pd.DataFrame(
        {
            "hc_id": wide.index,
            "besok_totalt": total.round().astype("int64").to_numpy(),
            "besok_hogkostnadsskydd": high_cost.round().astype("int64").to_numpy(),
        }
    )
    paying = out["besok_totalt"] - out["besok_hogkostnadsskydd"] - free.round().astype("int64").to_numpy()
    fee = MEAN_FEE * _noise(rng, len(wide), 0.04)
    out.insert(1, "avgifter_kr", (paying * fee).round().astype("int64"))
    return out.sort_values("hc_id").reset_index(drop=True)
