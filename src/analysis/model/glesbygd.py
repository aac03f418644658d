"""Sparsity compensation ("glesbygdsersättning") under the 2020 rule — OUR ASSUMPTION.

The report says only that the 2020 sparsity payment is computed from each listed person's
registered address (distance to Östersund hospital, report §6 and §9) and shows each centre's
share of (capitation + CNI + sparsity); it publishes no formula. This module implements a
documented, parameterised rule instead:

* every listed person contributes an *excess distance* `max(0, avstand_km − troskel_km)` from the
  home locality (table `listade_ort`) to Östersund hospital;
* the budget `glesbygd_budget` is shared among centres in proportion to the sum of excess
  distance of their listed persons.

So the total paid is the budget (when anyone lives beyond the threshold), a centre whose listed
persons all live within the threshold gets nothing, and a person 100 km beyond the threshold
weighs twice one 50 km beyond it. Both parameters come from the parameter file (synthetic in the
example data).
"""

from __future__ import annotations

import pandas as pd


def excess_distance(listade_ort: pd.DataFrame, threshold_km: float) -> pd.Series:
    """Σ_persons max(0, avstand_km − threshold_km) per centre (person-km beyond the threshold)."""
    if threshold_km < 0:
        raise ValueError("tröskeln för glesbygdsersättning kan inte vara negativ")
    if (listade_ort["avstand_km"] < 0).any() or (listade_ort["antal"] < 0).any():
        raise ValueError("listade_ort: avstånd och antal måste vara ≥ 0")
    excess = (listade_ort["avstand_km"].astype("float64") - float(threshold_km)).clip(lower=0.0)
    per_row = excess * listade_ort["antal"].astype("float64")
    out = per_row.groupby(listade_ort["hc_id"].astype(str)).sum()
    out.index.name = "hc_id"
    return out.rename("overavstand_km")


def glesbygd_payment(listade_ort: pd.DataFrame, budget: float, threshold_km: float) -> pd.Series:
    """Share `budget` among centres in proportion to their excess distance (see module docstring).

    Σ payment = budget whenever some listed person lives beyond the threshold; otherwise all 0.
    """
    excess = excess_distance(listade_ort, threshold_km)
    total = float(excess.sum())
    if total == 0:
        return pd.Series(0.0, index=excess.index, name="ersattning_glesbygd")
    return (float(budget) * excess / total).rename("ersattning_glesbygd")
