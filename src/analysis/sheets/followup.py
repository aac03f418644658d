"""Each centre's follow-up indicators: value, the region's value, place in the funnel plot, target.

The funnels are the chapter "Uppföljning"'s (`analysis.indicators.funnel`, same indicators, years,
small-number rule and continuity measure as `analysis.indicators.followup.follow_up`), without the
chapter's Kolada trends, which say nothing per centre.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.indicators import continuity as K
from analysis.indicators.centres import INDICATORS, centre_values, indicator_year
from analysis.indicators.funnel import LEVELS, binomial_funnel, mean_funnel, poisson_funnel
from analysis.indicators.targets import targets

#: indicator → (target key, "min" if the value should reach it, "max" if it should stay below it)
TARGETS = {k: (i.target.key, i.target.direction) for k, i in INDICATORS.items() if i.target is not None}
CONTINUITY_LABELS = {"lakare": "Läkarkontinuitet", "sjukskoterska": "Sjuksköterskekontinuitet"}

COLUMNS = (
    "hc_id",
    "indikator",
    "etikett",
    "ar",
    "typ",
    "n",
    "varde",
    "region",
    "undertryckt",
    "lage",
    "justerad",
    "mal_etikett",
    "mal",
    "mal_riktning",
    "mal_uppfyllt",
)


def indicator_positions(source, ids: pd.Index) -> pd.DataFrame:
    """One row per centre × indicator present in the data (columns `COLUMNS`).

    `undertryckt`: fewer than the minimum number behind the value (value and place left out).
    `lage`: "över" / "under" the 99,8 % limit, "över95" / "under95" outside only the 95 % limit,
    "inom" inside both. `justerad`: outside the limits widened for the usual variation between
    centres too. `mal_uppfyllt`: True/False where the indicator has a target, else None.
    """
    t = targets(source.params)
    min_n = int(t["minsta_antal"].varde)
    frames = []
    ind = source.indikatorer
    for key, info in INDICATORS.items():
        year = indicator_year(ind, key, source.year)
        if year is None:
            continue
        values = centre_values(ind, key, year)
        funnel = (
            poisson_funnel(values, per=info.per, min_n=min_n)
            if info.kind == "takt"
            else binomial_funnel(values, min_n=min_n)
        )
        frames.append(_rows(ids, key, info.short, year, info.kind, values.set_index("hc_id")["namnare"], funnel, t))
    if source.besok is not None:
        frames += _continuity(source, ids, t, min_n)
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


def _continuity(source, ids: pd.Index, t: dict, min_n: int) -> list[pd.DataFrame]:
    months, visits = int(t["kontinuitet_manader"].varde), int(t["kontinuitet_min_besok"].varde)
    ref = K.reference_date(source.besok, source.year)
    per_centre = K.centre_continuity(source.besok, ref, months, visits, centres=list(ids))
    region = K.region_continuity(source.besok, ref, months, visits).set_index("yrke")
    out = []
    for yrke, label in CONTINUITY_LABELS.items():
        if yrke not in region.index:
            continue
        rows = per_centre[per_centre["yrke"] == yrke]
        funnel = mean_funnel(
            rows,
            "mfpc",
            "patienter",
            target=float(region.loc[yrke, "mfpc"]),
            sd=float(region.loc[yrke, "mfpc_sd"]),
            min_n=min_n,
        )
        out.append(
            _rows(ids, f"kont_{yrke}", label, ref.year, "andel", rows.set_index("hc_id")["patienter"], funnel, t)
        )
    return out


def _rows(ids, key, label, year, kind, n, funnel, t) -> pd.DataFrame:
    pts = funnel.points.assign(hc_id=funnel.points["hc_id"].astype(str)).set_index("hc_id").reindex(ids)
    outer, inner = max(LEVELS), min(LEVELS)
    so, si = _suffix(outer), _suffix(inner)
    shown = pts["varde"].notna()
    lage = np.select(
        [
            pts[f"utanfor_{so}"].eq(True) & (pts["varde"] > pts[f"ovre_{so}"]),
            pts[f"utanfor_{so}"].eq(True),
            pts[f"utanfor_{si}"].eq(True) & (pts["varde"] > pts[f"ovre_{si}"]),
            pts[f"utanfor_{si}"].eq(True),
        ],
        ["över", "under", "över95", "under95"],
        "inom",
    )
    frame = pd.DataFrame(
        {
            "hc_id": ids,
            "indikator": key,
            "etikett": label,
            "ar": int(year),
            "typ": kind,
            "n": pd.to_numeric(n.reindex(ids), errors="coerce").to_numpy(),
            "varde": pts["varde"].to_numpy(),
            "region": funnel.target,
            "undertryckt": ~shown.to_numpy(),
            "lage": np.where(shown, lage, ""),
            "justerad": pts["utanfor_justerad"].eq(True).to_numpy(),
        }
    )
    target_key, direction = TARGETS.get(key, (None, None))
    if target_key:
        target = t[target_key]
        met = frame["varde"] >= target.varde if direction == "min" else frame["varde"] <= target.varde
        frame["mal_etikett"], frame["mal"], frame["mal_riktning"] = target.etikett, target.varde, direction
        frame["mal_uppfyllt"] = np.where(shown, met, None)
    else:
        frame["mal_etikett"], frame["mal"], frame["mal_riktning"], frame["mal_uppfyllt"] = "", np.nan, "", None
    return frame


def _suffix(level: float) -> str:
    return f"{level * 100:g}".replace(".", "")
