"""Synthetic CNI delivery (`cni_underlag`), in SCB's layout, calibrated to the report's CNI span.

Counts per centre (persons among the centre's listed who meet each CNI variable):

* alder_under_5: the centre's listed 0–4 year olds (from `listade`, exact);
* aldre_ensamboende: listed 65+ × ALONE_65_FACTOR × the municipality's share living in one-person
  households (SCB hushållsstorlek 2019; the elderly live alone more often than average);
* lagutbildade: listed 25–64 × the municipality's share with at most compulsory schooling among
  25–64-year-olds (SCB utbildningsnivå 2019);
* utrikes_fodda, arbetslosa, ensamstaende_foralder, inflyttade: listed in the relevant ages × a
  plausible base rate (BASE_RATES);
each times a centre-and-variable noise factor (log-normal, σ = NOISE_SD).

Calibration (report §6: CNI 0,79 Hallen – 1,32 Järpen, 646 – 1 078 kr, mean 820 kr/listad):
the CNI money per listed person is 820 × cni / m with m the listed-weighted mean CNI, so the
published kronor force m ≈ 1.0037, CNI(Hallen) ≈ 0.7907 and CNI(Järpen) ≈ 1.3195 (TARGETS).
Other centres get targets that keep their natural ranking (from the base counts), spread with
SPREAD and clipped to [OTHER_MIN, OTHER_MAX], shifted so that the listed-weighted mean is
TARGET_MEAN. R (reference index per person) is the base index per listed person divided by
TARGET_MEAN, rounded to 3 decimals. Each centre's six socio-economic counts (all but under-5) are
then scaled by one factor to reach index = target × R × listed, rounded, and the last few index
points are fixed by adding or removing a handful of persons (small integer search).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from exempeldata.common import BAND_LOWER, rng_for

WEIGHTS = {  # report §6 (SCB standard CNI)
    "aldre_ensamboende": 6.15,
    "utrikes_fodda": 5.72,
    "arbetslosa": 5.13,
    "ensamstaende_foralder": 4.19,
    "inflyttade": 4.19,
    "lagutbildade": 3.97,
    "alder_under_5": 3.23,
}
COLUMNS = [
    "alder_under_5",
    "utrikes_fodda",
    "aldre_ensamboende",
    "ensamstaende_foralder",
    "inflyttade",
    "arbetslosa",
    "lagutbildade",
]
SOCIO = [c for c in COLUMNS if c != "alder_under_5"]

ALONE_65_FACTOR = 1.6
BASE_RATES = {
    "utrikes_fodda": 0.055,  # of all listed (born in the CNI's regions: non-EU Europe, Asia, Africa, S. America)
    "arbetslosa": 0.045,  # of listed 16–64
    "ensamstaende_foralder": 0.055,  # of listed 20–59
    "inflyttade": 0.08,  # of listed aged 1 or more
}
NOISE_SD = 0.15
TARGETS = {"hallen": 0.7907, "jarpen": 1.3195}
TARGET_MEAN = 1.0037
SPREAD = 0.11
OTHER_MIN, OTHER_MAX = 0.82, 1.29


def _listed_in(wide: pd.DataFrame, lo: int, hi: int) -> pd.Series:
    """Listed persons aged lo..hi (band-wise; the 15-19 band counts 4/5 for ages 16–19)."""
    total = pd.Series(0.0, index=wide.index)
    for band in wide.columns:
        a = BAND_LOWER[band]
        overlap = max(0, min(hi, a + 4 if band != "100+" else 110) - max(lo, a) + 1)
        total += wide[band] * overlap / (5 if band != "100+" else 11)
    return total


def base_counts(wide: pd.DataFrame, kommun: pd.Series, alone: pd.Series, lowedu: pd.Series) -> pd.DataFrame:
    """Uncalibrated expected counts per centre (floats), before noise."""
    base = pd.DataFrame(index=wide.index)
    base["alder_under_5"] = wide["0-4"].astype(float)
    base["aldre_ensamboende"] = _listed_in(wide, 65, 110) * ALONE_65_FACTOR * kommun.map(alone)
    base["lagutbildade"] = _listed_in(wide, 25, 64) * kommun.map(lowedu)
    base["utrikes_fodda"] = wide.sum(axis=1) * BASE_RATES["utrikes_fodda"]
    base["arbetslosa"] = _listed_in(wide, 16, 64) * BASE_RATES["arbetslosa"]
    base["ensamstaende_foralder"] = _listed_in(wide, 20, 59) * BASE_RATES["ensamstaende_foralder"]
    base["inflyttade"] = (wide.sum(axis=1) - wide["0-4"] / 5) * BASE_RATES["inflyttade"]
    noise = np.exp(rng_for("cni.noise").normal(0.0, NOISE_SD, size=(len(base), len(SOCIO))))
    base[SOCIO] = base[SOCIO] * noise
    return base[COLUMNS]


def index_of(counts: pd.DataFrame) -> pd.Series:
    return sum(counts[c] * WEIGHTS[c] for c in COLUMNS)


def targets(base: pd.DataFrame, listed: pd.Series) -> pd.Series:
    """Target CNI per centre (see module docstring)."""
    natural = index_of(base) / listed
    z = (natural - natural.mean()) / natural.std()
    others = ~natural.index.isin(list(TARGETS))
    fixed = pd.Series(TARGETS)
    shift = 0.0
    for _ in range(50):  # the clipping makes the mean non-linear in the shift; iterate
        t = (TARGET_MEAN + shift + SPREAD * z).clip(OTHER_MIN, OTHER_MAX)
        t[fixed.index] = fixed
        gap = TARGET_MEAN - (t * listed).sum() / listed.sum()
        if abs(gap) < 1e-9:
            break
        shift += gap * listed.sum() / listed[others].sum()
    return t


def reference_value(base: pd.DataFrame, listed: pd.Series) -> float:
    return round(float(index_of(base).sum() / listed.sum() / TARGET_MEAN), 3)


_STEPS = np.array(list(itertools.product(range(-3, 4), repeat=5)))
_STEP_VARS = ["aldre_ensamboende", "utrikes_fodda", "arbetslosa", "inflyttade", "lagutbildade"]


def integer_counts(base_row: pd.Series, index_target: float) -> pd.Series:
    """Integer counts for one centre whose index is as close as possible to index_target."""
    socio = sum(base_row[c] * WEIGHTS[c] for c in SOCIO)
    factor = (index_target - base_row["alder_under_5"] * WEIGHTS["alder_under_5"]) / socio
    counts = base_row.copy()
    counts[SOCIO] = counts[SOCIO] * factor
    counts = counts.round().astype("int64")
    residual = index_target - sum(counts[c] * WEIGHTS[c] for c in COLUMNS)
    w = np.array([WEIGHTS[c] for c in _STEP_VARS])
    best = _STEPS[np.argmin(np.abs(residual - _STEPS @ w))]
    counts[_STEP_VARS] = counts[_STEP_VARS] + best
    return counts


def make_cni_underlag(
    wide: pd.DataFrame, kommun: pd.Series, alone: pd.Series, lowedu: pd.Series
) -> tuple[pd.DataFrame, float]:
    """Table `cni_underlag` (enhet = hc_id) and the reference value R."""
    listed = wide.sum(axis=1).astype("int64")
    base = base_counts(wide, kommun, alone, lowedu)
    r = reference_value(base, listed)
    t = targets(base, listed)
    counts = pd.DataFrame([integer_counts(base.loc[hc], t[hc] * r * listed[hc]) for hc in wide.index], index=wide.index)
    out = counts.copy()
    out["befolkning"] = listed
    out["index"] = index_of(counts).round(2)
    out["cni"] = (out["index"] / listed / r).round(4)
    out = out.reset_index(names="enhet")
    return out[["enhet"] + COLUMNS + ["befolkning", "index", "cni"]].sort_values("enhet").reset_index(drop=True), r
