"""A later example year's population: SCB's 31 December 2019 table projected forward, year by year.

Only the 2019 table is in `data/raw/`, so a later year is synthetic: everyone ages one year, a
small age-dependent share dies (Gompertz-like, MORTALITY_*), the 100+ group keeps its survivors,
and the newborns are BIRTHS_FACTOR × last year's 0-year-olds. Rounded to integers per municipality,
sex and age, so the result is deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MORTALITY_BASE, MORTALITY_SCALE, MORTALITY_RATE = 0.0003, 0.00003, 0.095
BIRTHS_FACTOR = 0.97


def survival(age: np.ndarray) -> np.ndarray:
    return 1.0 - np.minimum(0.5, MORTALITY_BASE + MORTALITY_SCALE * np.exp(MORTALITY_RATE * age))


def project(befolkning: pd.DataFrame, years: int) -> pd.DataFrame:
    """`befolkning` (kommunkod, kon, alder 0–100, kommun, antal) `years` years later."""
    out = befolkning.sort_values(["kommunkod", "kon", "alder"]).reset_index(drop=True)
    for _ in range(years):
        parts = []
        for _, grp in out.groupby(["kommunkod", "kon"], sort=True):
            n = grp["antal"].to_numpy(dtype="float64")  # ages 0..100
            alive = n * survival(np.arange(len(n)))
            new = np.empty_like(n)
            new[0] = n[0] * BIRTHS_FACTOR
            new[1:] = alive[:-1]
            new[-1] += alive[-1]  # 100+ stays 100+
            g = grp.copy()
            g["antal"] = np.round(new).astype("int64")
            parts.append(g)
        out = pd.concat(parts, ignore_index=True)
    return out
