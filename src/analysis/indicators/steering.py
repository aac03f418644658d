"""Trust-based steering of accessibility (the majority's proposal, report §9), centre by centre.

The majority would replace the opening-hours, phone and speciality requirements (and the fine for
opening hours, report §5.2) with a requirement to meet the care guarantee's 0:an (contact the same
day) and 3:an (medical assessment within three days), plus "another parameter for revisits". The
report gives no level and does not define the revisit parameter, so:

- **Requirement on 0:an and 3:an**: a centre's share must reach `level` (by default the kömiljard
  threshold, report §5.2). Chance is judged with the funnel-plot logic of
  `analysis.indicators.funnel`: the exact binomial limits around the *requirement* at the centre's
  denominator. A centre below the level but above the lower 99,8 % limit could meet the
  requirement and still have been unlucky in this year's calls or assessments:

  - `uppfyller`: share ≥ level;
  - `inom slumpen`: level > share ≥ lower limit;
  - `under kravet`: share < lower limit (below the level by more than chance explains).

- **Revisit parameter** (our reading): the share of doctor visits followed by another visit by the
  same patient at the same centre within `window_days` days. With no published level, a centre is
  compared with the region (pooled share) in a funnel with over-dispersion-adjusted limits:
  `som regionen`, `högre än regionen`, `lägre än regionen`.

- **The rule it replaces**: the fine for not keeping the opening hours in the dataset's year
  (`analysis.scenarios.side_items.fine`), when the parameter file has the weeks per centre.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.indicators.centres import centre_values, indicator_year
from analysis.indicators.funnel import binomial_funnel, binomial_limits
from analysis.status import weakest
from analysis.vocabulary.indicators import ACCESS_INDICATORS, INDICATORS

#: Days within which a second visit counts as a revisit (our reading; the report gives none).
REVISIT_WINDOW_DAYS = 30
#: The confidence level of the chance limits (the funnel plots' outer limits).
LEVEL = 0.998
VERDICTS = ("uppfyller", "inom slumpen", "under kravet")
REVISIT_VERDICTS = ("som regionen", "högre än regionen", "lägre än regionen")
ACCESS = {k: INDICATORS[k].short for k in ACCESS_INDICATORS}


def requirement_verdicts(values: pd.DataFrame, level: float, confidence: float = LEVEL, min_n: int = 5) -> pd.DataFrame:
    """Per centre: andel, lower chance limit around `level`, and the verdict (`VERDICTS`).

    `values` has hc_id, taljare, namnare. Centres with fewer than `min_n` in the denominator get
    no verdict (`bedomning` = None): too few to judge, and not shown under the small-number rule.
    """
    if not 0 < level <= 1:
        raise ValueError(f"kravnivån måste vara en andel mellan 0 och 1, fick {level}")
    out = values[["hc_id", "taljare", "namnare"]].copy().reset_index(drop=True)
    out["andel"] = out["taljare"] / out["namnare"].where(out["namnare"] > 0)
    suffix = f"{confidence * 100:g}".replace(".", "")
    ok = out["namnare"] >= max(min_n, 1)
    lower = pd.Series(np.nan, index=out.index)
    if ok.any():
        lower[ok] = binomial_limits(level, out.loc[ok, "namnare"], levels=(confidence,))[f"nedre_{suffix}"].to_numpy()
    out["krav"] = level
    out["nedre_grans"] = lower
    out["bedomning"] = np.select(
        [~ok, out["andel"] >= level, out["andel"] >= out["nedre_grans"]], [None, VERDICTS[0], VERDICTS[1]], VERDICTS[2]
    ).astype(object)
    out.loc[~ok, "bedomning"] = None
    return out


def revisit_counts(
    besok: pd.DataFrame, window_days: int = REVISIT_WINDOW_DAYS, profession: str = "lakare"
) -> pd.DataFrame:
    """Per visited centre: doctor visits (namnare) and those followed by a revisit (taljare).

    A revisit is any later visit by the same patient at the same centre within `window_days`
    days. Visits in the last `window_days` days of the data are left out (their follow-up time is
    cut short).
    """
    if window_days <= 0:
        raise ValueError(f"fönstret måste vara minst en dag, fick {window_days}")
    v = besok[["patient_id", "besokt_hc", "datum", "yrke"]].copy()
    v["datum"] = pd.to_datetime(v["datum"])
    v = v.sort_values(["patient_id", "besokt_hc", "datum"], kind="stable")
    nxt = v.groupby(["patient_id", "besokt_hc"], sort=False)["datum"].shift(-1)
    v["aterbesok"] = (nxt - v["datum"]).dt.days.between(1, window_days)
    cutoff = v["datum"].max() - pd.Timedelta(days=window_days)
    doctor = v[(v["yrke"] == profession) & (v["datum"] <= cutoff)]
    out = doctor.groupby("besokt_hc").agg(taljare=("aterbesok", "sum"), namnare=("aterbesok", "size"))
    out = out.reset_index().rename(columns={"besokt_hc": "hc_id"})
    out["taljare"] = out["taljare"].astype("int64")
    return out


def revisit_verdicts(counts: pd.DataFrame, min_n: int = 5) -> tuple[pd.DataFrame, float]:
    """Each centre's revisit share against the region's, over-dispersion-adjusted 99,8 % limits.
    Without doctor visits to count (none, or none at a centre with `min_n`), no centre is judged
    and the region's share is NaN."""
    if counts.empty or counts["taljare"].sum() == 0 or not (counts["namnare"] >= min_n).any():
        empty = pd.DataFrame(
            {
                "hc_id": pd.Series(dtype=object),
                "andel": pd.Series(dtype=float),
                "namnare": pd.Series(dtype="int64"),
                "nedre_justerad": pd.Series(dtype=float),
                "ovre_justerad": pd.Series(dtype=float),
                "bedomning": pd.Series(dtype=object),
            }
        )
        return empty, float("nan")
    funnel = binomial_funnel(counts, min_n=min_n)
    pts = funnel.points[["hc_id", "varde", "n", "nedre_justerad", "ovre_justerad"]].rename(
        columns={"varde": "andel", "n": "namnare"}
    )
    pts["bedomning"] = np.select(
        [pts["andel"] > pts["ovre_justerad"], pts["andel"] < pts["nedre_justerad"]],
        [REVISIT_VERDICTS[1], REVISIT_VERDICTS[2]],
        REVISIT_VERDICTS[0],
    ).astype(object)
    return pts, float(funnel.target)


def access_verdicts(
    indikatorer: pd.DataFrame, level: float, year: int | None = None, min_n: int = 5
) -> tuple[dict[str, pd.DataFrame], dict[str, int | None]]:
    """`requirement_verdicts` for 0:an and 3:an in their latest year ≤ `year` (and those years)."""
    verdicts, years = {}, {}
    for key in ACCESS:
        years[key] = indicator_year(indikatorer, key, year)
        if years[key] is not None:
            verdicts[key] = requirement_verdicts(centre_values(indikatorer, key, years[key]), level, min_n=min_n)
    return verdicts, years


def fines_from_params(params: dict | None, centres: pd.DataFrame) -> pd.Series | None:
    """Each centre's opening-hours fine by the 2020 rule, from the parameter file (None without data)."""
    from analysis.scenarios.side_items import fine, read_side_parameters

    ids = centres["hc_id"].astype(str).tolist()
    per, scal = read_side_parameters(params, ids)
    if "tillganglighet.vite_veckor" not in per or "tillganglighet.vite_per_vecka_kr" not in scal:
        return None
    occasions = per.get("tillganglighet.vite_tillfallen", pd.Series(0.0, index=ids))
    weeks = per["tillganglighet.vite_veckor"]
    occasions = occasions.where(~((weeks > 0) & (occasions <= 0)), 1.0)
    return fine(
        weeks, occasions, scal["tillganglighet.vite_per_vecka_kr"], scal.get("tillganglighet.vite_max_kr", float("inf"))
    )


def steering_table(
    indikatorer: pd.DataFrame,
    besok: pd.DataFrame,
    centres: pd.DataFrame,
    level: float,
    year: int | None = None,
    fines: pd.Series | None = None,
    window_days: int = REVISIT_WINDOW_DAYS,
    min_n: int = 5,
) -> tuple[pd.DataFrame, dict]:
    """Per centre: the 0:an and 3:an verdicts, the revisit verdict and the fine of the old rule.

    Returns (table, info) with table columns hc_id, namn, driftsform, `<ind>_andel`, `<ind>_bedomning`
    for 0:an and 3:an, `aterbesok_andel`, `aterbesok_bedomning`, `vite_kr` (NaN without fines),
    `klarar_kraven` (both access verdicts `uppfyller` or `inom slumpen`); info holds the years,
    the region's revisit share and the level.
    """
    out = centres[["hc_id", "namn", "driftsform"]].copy()
    info: dict = {"niva": level, "fonster_dagar": window_days}
    verdicts, years = access_verdicts(indikatorer, level, year, min_n)
    for key in ACCESS:
        info[f"{key}_ar"] = years[key]
        if key not in verdicts:
            out[f"{key}_andel"], out[f"{key}_bedomning"] = np.nan, None
            continue
        v = verdicts[key]
        out = out.merge(
            v[["hc_id", "andel", "bedomning"]].rename(
                columns={"andel": f"{key}_andel", "bedomning": f"{key}_bedomning"}
            ),
            on="hc_id",
            how="left",
        )
    rv, region = revisit_verdicts(revisit_counts(besok, window_days), min_n=min_n)
    info["aterbesok_region"] = region
    out = out.merge(
        rv[["hc_id", "andel", "bedomning"]].rename(
            columns={"andel": "aterbesok_andel", "bedomning": "aterbesok_bedomning"}
        ),
        on="hc_id",
        how="left",
    )
    out["vite_kr"] = out["hc_id"].map(fines) if fines is not None else np.nan
    passing = {VERDICTS[0], VERDICTS[1]}
    out["klarar_kraven"] = out["noll_an_bedomning"].isin(passing) & out["tre_an_bedomning"].isin(passing)
    return out, info


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many centres got each verdict, per access indicator (keys like `tre_an_inom slumpen`)."""
    counts = {}
    for key in ACCESS:
        for verdict in VERDICTS:
            counts[f"{key}_{verdict}"] = int((table[f"{key}_bedomning"] == verdict).sum())
    for verdict in REVISIT_VERDICTS:
        counts[f"aterbesok_{verdict}"] = int((table["aterbesok_bedomning"] == verdict).sum())
    counts["klarar_kraven"] = int(table["klarar_kraven"].sum())
    counts["med_vite"] = int((table["vite_kr"].fillna(0) > 0).sum())
    return counts


def data_status(dataset) -> str:
    """The weakest status among the tables (indikatorer, besok) and the fine entries this section uses."""
    found = [dataset.status("indikatorer"), dataset.status("besok")]
    entry = ((dataset.params or {}).get("tillganglighet") or {}).get("vite_veckor")
    if isinstance(entry, dict) and entry.get("status"):
        found.append(entry["status"])
    return weakest(found)
