"""Region-level use per age band (`vardbesok_alder`, `lakemedel_alder`) and the weights they give.

The report (§6) publishes only the ends of the two weight curves. We choose a plausible shape for
every band (AGE_SHAPE, DRUG_SHAPE: high for infants, lowest for school children / young adults,
rising steeply with age), pin the published ends, and scale the other bands by one factor so that
the population-weighted mean weight is 1 with the REAL region population per band (SCB 2019).
Counts are then weights × population × a per-capita level, rounded to integers; the weights in
`parametrar.yml` are those derived back from the rounded counts (model rule, rounded to 4 decimals).

Pinned ends (report §6): age weight 0,33 at 10-14 and 2,21 at 85-89 (2 453 kr × w → 816 and
5 429 kr); drug weight 0,23 at 25-29 and 3,22 at "100-104" = our 100+ (1 272 kr × w → 290 and 4 098 kr).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exempeldata.common import AGE_BANDS

AGE_PINNED = {"10-14": 0.3327, "85-89": 2.2132}
AGE_SHAPE = [
    1.30,
    0.62,
    None,
    0.52,
    0.60,
    0.64,
    0.67,
    0.70,
    0.73,
    0.78,
    0.86,
    0.97,
    1.12,
    1.36,
    1.62,
    1.88,
    2.08,
    None,
    2.15,
    2.06,
    1.96,
]
DRUG_PINNED = {"25-29": 0.2280, "100+": 3.2217}
DRUG_SHAPE = [
    0.42,
    0.35,
    0.37,
    0.44,
    0.36,
    None,
    0.36,
    0.42,
    0.52,
    0.66,
    0.85,
    1.08,
    1.36,
    1.68,
    2.02,
    2.36,
    2.64,
    2.86,
    2.96,
    3.02,
    None,
]

WEIGHTED_VISITS_PER_CAPITA = 3.45  # 2 × doctor visits + nursing treatments per inhabitant and year
DRUG_COST_PER_CAPITA = 1250.0  # kr per inhabitant, Nov 2018 – Oct 2019
# Share of visits that are doctor visits, by band (children see doctors more, the old nurses more).
DOCTOR_SHARE = [
    0.62,
    0.58,
    0.55,
    0.50,
    0.46,
    0.45,
    0.45,
    0.46,
    0.47,
    0.48,
    0.49,
    0.50,
    0.50,
    0.48,
    0.46,
    0.44,
    0.42,
    0.40,
    0.38,
    0.36,
    0.35,
]


def target_weights(shape: list, pinned: dict[str, float], population: pd.Series) -> pd.Series:
    """Shape with pinned bands, the free bands scaled so that Σ N_b·w_b / Σ N_b = 1."""
    w = pd.Series(shape, index=list(AGE_BANDS), dtype="float64")
    fixed = list(pinned)
    w[fixed] = pd.Series(pinned)
    free = [b for b in AGE_BANDS if b not in pinned]
    scale = (population.sum() - (population[fixed] * w[fixed]).sum()) / (population[free] * w[free]).sum()
    w[free] = w[free] * scale
    return w


def derive(usage: pd.Series, population: pd.Series) -> pd.Series:
    """The model's rule: (usage_b / N_b) / (Σ usage / Σ N)."""
    return (usage / population) / (usage.sum() / population.sum())


def shape_for(shape: list, pinned: dict[str, float], top: float | None = None) -> list:
    """`shape` with the pinned bands left open and a formerly pinned band filled with `top`."""
    out = list(shape)
    for i, band in enumerate(AGE_BANDS):
        if band in pinned:
            out[i] = None
        elif out[i] is None:
            out[i] = top
    return out


def make_vardbesok_alder(population: pd.Series, pinned: dict[str, float] = AGE_PINNED) -> pd.DataFrame:
    w = target_weights(shape_for(AGE_SHAPE, pinned), pinned, population)
    weighted = np.round(w * population * WEIGHTED_VISITS_PER_CAPITA).astype("int64")
    share = pd.Series(DOCTOR_SHARE, index=list(AGE_BANDS))
    # weighted = 2L + S and L = q·(L + S)  ⇒  L = q·weighted / (1 + q)
    doctor = np.round(share * weighted / (1 + share)).astype("int64")
    return pd.DataFrame(
        {
            "aldersgrupp": list(AGE_BANDS),
            "befolkning": population.to_numpy(),
            "lakarbesok": doctor.to_numpy(),
            "sjukvardande_behandlingar": (weighted - 2 * doctor).to_numpy(),
        }
    )


def make_lakemedel_alder(
    population: pd.Series, pinned: dict[str, float] = DRUG_PINNED, top: float | None = None
) -> pd.DataFrame:
    w = target_weights(shape_for(DRUG_SHAPE, pinned, top), pinned, population)
    return pd.DataFrame(
        {
            "aldersgrupp": list(AGE_BANDS),
            "befolkning": population.to_numpy(),
            "kostnad_kr": np.round(w * population * DRUG_COST_PER_CAPITA).astype("int64").to_numpy(),
        }
    )


def age_weights(vardbesok: pd.DataFrame) -> pd.Series:
    v = vardbesok.set_index("aldersgrupp")
    return derive((2 * v["lakarbesok"] + v["sjukvardande_behandlingar"]).astype(float), v["befolkning"].astype(float))


def drug_weights(lakemedel: pd.DataFrame) -> pd.Series:
    d = lakemedel.set_index("aldersgrupp")
    return derive(d["kostnad_kr"].astype(float), d["befolkning"].astype(float))
