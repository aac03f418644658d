"""Comparing scenario results: all scenarios per centre (long or wide) and change per group."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.scenarios.columns import ID_COLUMNS, OPTIONAL_COLUMNS, OSTERSUND

if TYPE_CHECKING:
    from analysis.scenarios.engine import ScenarioResult

COMPARE_VALUES = (
    "ersattning_total",
    "netto",
    "skillnad_kr",
    "skillnad_per_listad",
    "skillnad_netto_kr",
    "skillnad_netto_per_listad",
)


def compare(
    results: Iterable[ScenarioResult], form: str = "long", value: str = "skillnad_netto_per_listad"
) -> pd.DataFrame:
    """All scenarios per centre.

    `form="long"`: one row per centre × scenario with `COMPARE_VALUES` (plus `scenario`, `titel`,
    `etikett`, `forslag_av`). `form="wide"`: one row per centre, one column per scenario holding
    `value` (column names are the scenarios' short labels), in the order of `results`.
    """
    results = list(results)
    frames = []
    for r in results:
        cols = [c for c in (*ID_COLUMNS, *OPTIONAL_COLUMNS) if c in r.per_centre.columns]
        part = r.per_centre[[*cols, *COMPARE_VALUES]].copy()
        part.insert(0, "scenario", r.namn)
        part.insert(1, "titel", r.scenario.titel)
        part.insert(2, "etikett", r.scenario.etikett)
        part.insert(3, "forslag_av", r.scenario.forslag_av)
        frames.append(part)
    long = pd.concat(frames, ignore_index=True)
    if form == "long":
        return long
    if form != "wide":
        raise ValueError(f"form måste vara 'long' eller 'wide', fick {form!r}")
    if value not in COMPARE_VALUES:
        raise ValueError(f"value måste vara en av {COMPARE_VALUES}, fick {value!r}")
    wide = long.pivot(index="hc_id", columns="scenario", values=value)
    wide = wide[[r.namn for r in results]]
    labels = [r.scenario.etikett for r in results]
    wide.columns = labels if len(set(labels)) == len(labels) else [r.namn for r in results]
    ids = results[0].per_centre[[c for c in ID_COLUMNS if c in results[0].per_centre.columns]]
    return ids.merge(wide.reset_index(), on="hc_id", how="left")


def group_change(results: Iterable[ScenarioResult], by: str, value: str = "skillnad_netto_kr") -> pd.DataFrame:
    """Σ change per group (e.g. `driftsform`, or `omrade` = Östersund / övriga länet) and scenario,
    also per listed person in the group (Σ change / Σ listed)."""
    rows = []
    for r in results:
        df = r.per_centre.copy()
        if by == "omrade":
            df["omrade"] = np.where(df["kommunkod"] == OSTERSUND, "Östersunds kommun", "Övriga länet")
        g = df.groupby(by, observed=True).agg(summa=(value, "sum"), listade=("listade", "sum"), hc=("hc_id", "count"))
        g["per_listad"] = g["summa"] / g["listade"]
        g = g.reset_index().rename(columns={by: "grupp"})
        g.insert(0, "scenario", r.namn)
        g.insert(1, "etikett", r.scenario.etikett)
        rows.append(g)
    return pd.concat(rows, ignore_index=True)
