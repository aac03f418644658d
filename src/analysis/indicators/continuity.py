"""Continuity of care from the visit extract `besok`, as the report defines the population (§7).

Population (rapporten §7): listed patients who have made **at least 3 visits in the last 18
months** before a reference date, counting **only visits at the unit where the patient is
listed**. We apply this per profession: a patient enters the doctor measure with at least three
visits to doctors (district doctors) at the listing unit, and the nurse measure with at least
three visits to nurses (district nurses) there.

In detail (`eligible_visits`):

- window: `reference_date − 18 months < datum ≤ reference_date` (a visit exactly 18 calendar
  months before the reference date is outside; visits after it are ignored);
- unit of listing: the row's `besokt_hc == listad_hc` (a patient who changed listing within the
  window is counted at each unit for the visits made while listed there);
- profession: `yrke` is `lakare` or `sjukskoterska` (`ovrig` is not measured); visits without a
  `personal_id` cannot be attributed to a professional and are dropped.

Per patient and profession, with n_j visits to professional j and n = Σ n_j ≥ 3:

- MFPC (most frequent provider continuity) = max_j n_j / n: the share of the visits made to the
  professional the patient saw most often. 1 = always the same person.
- COC (Bice–Boxerman continuity of care index) = (Σ_j n_j² − n) / (n (n − 1)): the probability
  that two visits drawn at random (without replacement) are to the same professional.
  1 = always the same person, 0 = never the same person twice.

Per centre (`centre_continuity`): the mean of each measure over eligible patients, their standard
deviation, and the number of eligible patients (`patienter`), which the chapter uses for the
small-number rule and as the funnel-plot denominator.

Everything is vectorised with `groupby`; there is no Python loop over patients.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

PROFESSIONS = ("lakare", "sjukskoterska")
PROFESSION_LABELS = {"lakare": "Läkare", "sjukskoterska": "Sjuksköterska"}
MIN_VISITS = 3
WINDOW_MONTHS = 18


def reference_date(besok: pd.DataFrame, year: int | None = None) -> pd.Timestamp:
    """The default reference date: 31 December of `year`, else the date of the last visit."""
    if year is not None:
        return pd.Timestamp(year=int(year), month=12, day=31)
    return pd.to_datetime(besok["datum"]).max().normalize()


def window_start(ref: pd.Timestamp, months: int = WINDOW_MONTHS) -> pd.Timestamp:
    """The (exclusive) start of the window: the same calendar day `months` months earlier."""
    return pd.Timestamp(ref) - pd.DateOffset(months=months)


def eligible_visits(
    besok: pd.DataFrame,
    ref: pd.Timestamp | str,
    months: int = WINDOW_MONTHS,
    professions: Iterable[str] = PROFESSIONS,
) -> pd.DataFrame:
    """The visits that count: in the window, at the unit of listing, by a named professional."""
    ref = pd.Timestamp(ref)
    datum = pd.to_datetime(besok["datum"])
    mask = (
        (datum > window_start(ref, months))
        & (datum <= ref)
        & besok["listad_hc"].notna()
        & (besok["besokt_hc"] == besok["listad_hc"])
        & besok["yrke"].isin(list(professions))
        & besok["personal_id"].notna()
    )
    return besok.loc[mask.fillna(False).astype(bool)]


def patient_continuity(
    besok: pd.DataFrame,
    ref: pd.Timestamp | str,
    months: int = WINDOW_MONTHS,
    min_visits: int = MIN_VISITS,
    professions: Iterable[str] = PROFESSIONS,
) -> pd.DataFrame:
    """MFPC and COC per eligible patient, unit of listing and profession.

    Columns: hc_id (unit of listing), yrke, patient_id, besok (n), vardgivare (number of
    different professionals), max_besok (max n_j), mfpc, coc.
    """
    v = eligible_visits(besok, ref, months, professions)
    keys = ["listad_hc", "yrke", "patient_id"]
    per_prof = v.groupby(keys + ["personal_id"], sort=True, observed=True).size().rename("n_j").reset_index()
    per_prof["n_j2"] = per_prof["n_j"] ** 2
    pat = (
        per_prof.groupby(keys, sort=True, observed=True)
        .agg(
            besok=("n_j", "sum"),
            vardgivare=("n_j", "size"),
            max_besok=("n_j", "max"),
            summa_kvadrat=("n_j2", "sum"),
        )
        .reset_index()
    )
    pat = pat[pat["besok"] >= min_visits].copy()
    n = pat["besok"].astype("float64")
    pat["mfpc"] = pat["max_besok"] / n
    pat["coc"] = (pat["summa_kvadrat"] - n) / (n * (n - 1))
    pat = pat.drop(columns="summa_kvadrat").rename(columns={"listad_hc": "hc_id"})
    return pat.reset_index(drop=True)


def centre_continuity(
    besok: pd.DataFrame,
    ref: pd.Timestamp | str,
    months: int = WINDOW_MONTHS,
    min_visits: int = MIN_VISITS,
    professions: Iterable[str] = PROFESSIONS,
    centres: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Per unit of listing and profession: eligible patients, mean and SD of MFPC and COC.

    Columns: hc_id, yrke, patienter, mfpc, mfpc_sd, coc, coc_sd. With `centres`, every centre
    and profession gets a row (patienter = 0 and NaN measures where nobody is eligible).
    """
    pat = patient_continuity(besok, ref, months, min_visits, professions)
    out = _summarise(pat, ["hc_id", "yrke"])
    if centres is not None:
        full = pd.MultiIndex.from_product([sorted(set(centres)), list(professions)], names=["hc_id", "yrke"])
        out = out.set_index(["hc_id", "yrke"]).reindex(full).reset_index()
        out["patienter"] = out["patienter"].fillna(0)
    out["patienter"] = out["patienter"].astype("int64")
    return out


def region_continuity(
    besok: pd.DataFrame,
    ref: pd.Timestamp | str,
    months: int = WINDOW_MONTHS,
    min_visits: int = MIN_VISITS,
    professions: Iterable[str] = PROFESSIONS,
) -> pd.DataFrame:
    """Region-wide mean and SD of MFPC and COC over all eligible patients, per profession."""
    pat = patient_continuity(besok, ref, months, min_visits, professions)
    return _summarise(pat, ["yrke"])


def _summarise(pat: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Eligible patients, and mean and SD of MFPC and COC, per group."""
    return (
        pat.groupby(by, observed=True)
        .agg(
            patienter=("patient_id", "size"),
            mfpc=("mfpc", "mean"),
            mfpc_sd=("mfpc", "std"),
            coc=("coc", "mean"),
            coc_sd=("coc", "std"),
        )
        .reset_index()
    )
