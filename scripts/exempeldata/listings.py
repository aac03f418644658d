"""Synthetic listings: `listade` (centre × sex × age band) and `listade_ort` (centre × home place).

Rules (all parameters below):

* Per municipality, sex and age band, the listed total is the real SCB population times
  (1 − UNLISTED_SHARE), rounded. Nobody is listed outside their home municipality in this example,
  so every municipality's listings add up to its own population minus the unlisted.
* Residents of a place choose a centre in their municipality with odds ∝ attractiveness ×
  HOME_PREFERENCE for the centre(s) of the place's catchment (1 for the others). In Östersund town
  the five town centres share the catchment and differ only by attractiveness.
* Centres differ mildly in age profile (AGE_TILT): the expected number of listed at a centre in an
  age band is its expected share of the municipality × exp(tilt × (band midpoint − 42) / 25).
* Integers come from largest-remainder rounding, so all sums are exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exempeldata.common import AGE_BANDS, BAND_MID, SEXES, age_band, largest_remainder, rng_for

UNLISTED_SHARE = 0.015
HOME_PREFERENCE = 12.0
# Relative pull of a centre on residents who can choose (1 = average); only Östersund's town
# centres are set by hand, the others get 1.
ATTRACTIVENESS = {"lugnvik": 1.25, "odensala": 1.15, "zatagrand": 1.0, "ripan": 0.85, "nnv": 0.6}
# Age tilts set by hand (younger listings at the private town centres, older on Frösön);
# the rest are drawn from N(0, 0.08).
AGE_TILT = {"nnv": -0.18, "ripan": -0.08, "froso": 0.12}


def population_by_band(befolkning: pd.DataFrame) -> pd.DataFrame:
    """Real population per kommunkod, kon, aldersgrupp."""
    b = befolkning.assign(aldersgrupp=befolkning["alder"].map(age_band))
    return b.groupby(["kommunkod", "kon", "aldersgrupp"], as_index=False)["antal"].sum()


def choice_flows(centres: pd.DataFrame, catch: pd.DataFrame, place_pop: pd.Series) -> pd.DataFrame:
    """Expected residents of each place listed at each centre: kommunkod, ort, hc_id, flode."""
    rows = []
    for (kod, ort), n in place_pop.items():
        cand = centres.loc[centres["kommunkod"] == kod, "hc_id"].tolist()
        home = set(catch.loc[(catch["kommunkod"] == kod) & (catch["ort"] == ort), "hc_id"])
        odds = np.array([ATTRACTIVENESS.get(c, 1.0) * (HOME_PREFERENCE if c in home else 1.0) for c in cand])
        rows += [(kod, ort, c, n * o / odds.sum()) for c, o in zip(cand, odds)]
    return pd.DataFrame(rows, columns=["kommunkod", "ort", "hc_id", "flode"])


def age_tilts(centres: pd.DataFrame) -> pd.Series:
    rng = rng_for("listade.age_tilt")
    drawn = rng.normal(0.0, 0.08, size=len(centres))
    tilt = [AGE_TILT.get(hc, float(d)) for hc, d in zip(centres["hc_id"], drawn)]
    return pd.Series(tilt, index=centres["hc_id"])


def make_listade(centres: pd.DataFrame, flows: pd.DataFrame, pop_band: pd.DataFrame) -> pd.DataFrame:
    """Table `listade`: hc_id, kon, aldersgrupp, antal."""
    share = flows.groupby("hc_id")["flode"].sum()
    tilt = age_tilts(centres)
    cells = pop_band.merge(centres[["kommunkod", "hc_id"]], on="kommunkod")  # one row per cell × centre
    x = (cells["aldersgrupp"].map(BAND_MID) - 42.0) / 25.0
    cells["vikt"] = cells["hc_id"].map(share) * np.exp(cells["hc_id"].map(tilt) * x)
    parts = []
    for _, grp in cells.groupby(["kommunkod", "kon", "aldersgrupp"], sort=True):
        target = int(round(grp["antal"].iloc[0] * (1.0 - UNLISTED_SHARE)))
        parts.append(grp[["hc_id", "kon", "aldersgrupp"]].assign(antal=largest_remainder(target, grp["vikt"])))
    return sort_listade(pd.concat(parts, ignore_index=True))


def sort_listade(df: pd.DataFrame) -> pd.DataFrame:
    key = df["aldersgrupp"].map({b: i for i, b in enumerate(AGE_BANDS)})
    sex = df["kon"].map({s: i for i, s in enumerate(SEXES)})
    order = np.lexsort((key, sex, df["hc_id"].to_numpy()))
    return df.iloc[order].reset_index(drop=True)


def make_listade_ort(listade: pd.DataFrame, flows: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Table `listade_ort`: hc_id, ort, kommunkod, avstand_km, antal (rows with antal > 0)."""
    totals = listade.groupby("hc_id")["antal"].sum()
    dist = places.set_index(["kommunkod", "ort"])["avstand_km"]
    rows = []
    for hc, grp in flows.groupby("hc_id", sort=True):
        for r, n in zip(grp.itertuples(), largest_remainder(int(totals[hc]), grp["flode"])):
            if n > 0:
                rows.append((hc, r.ort, r.kommunkod, float(dist[(r.kommunkod, r.ort)]), int(n)))
    out = pd.DataFrame(rows, columns=["hc_id", "ort", "kommunkod", "avstand_km", "antal"])
    return out.sort_values(["hc_id", "ort"], kind="mergesort").reset_index(drop=True)
