"""Competitive neutrality (report §5.5) as numbers: compensation by form of operation, per scenario.

For each scenario result and each form of operation (`driftsform`: region-run, private, municipal):
Σ compensation / Σ listed persons and / Σ age-weighted listed persons (`viktsumma_alder`, the
number of listed persons each counted by its age weight), and the net (compensation + fees kept +
side items − costs) per listed person. Per weighted listed person removes the part of the gap that
is only the groups' age mix: what remains comes from CNI, sparsity, drugs and the scenario's rules.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.scenarios.engine import ScenarioResult


def by_operator(results: Iterable[ScenarioResult]) -> pd.DataFrame:
    """Long table: scenario, etikett, driftsform, hc, listade, viktade, ersattning, netto and the ratios."""
    rows = []
    for r in results:
        g = r.per_centre.groupby("driftsform", observed=True).agg(
            hc=("hc_id", "count"),
            listade=("listade", "sum"),
            viktade=("viktsumma_alder", "sum"),
            ersattning=("ersattning_total", "sum"),
            netto=("netto", "sum"),
        )
        g = g.reset_index()
        g.insert(0, "scenario", r.namn)
        g.insert(1, "etikett", r.scenario.etikett)
        rows.append(g)
    df = pd.concat(rows, ignore_index=True)
    df["ersattning_per_listad"] = df["ersattning"] / df["listade"]
    df["ersattning_per_viktad"] = df["ersattning"] / df["viktade"]
    df["netto_per_listad"] = df["netto"] / df["listade"]
    return df


def change_from_base(long: pd.DataFrame, base: str) -> pd.DataFrame:
    """Per scenario and form: the change of compensation per weighted listed person from `base`."""
    ref = long[long["scenario"] == base].set_index("driftsform")["ersattning_per_viktad"]
    out = long[long["scenario"] != base].copy()
    out["forandring_per_viktad"] = out["ersattning_per_viktad"] - out["driftsform"].map(ref)
    out["netto_forandring_per_listad"] = out["netto_per_listad"] - out["driftsform"].map(
        long[long["scenario"] == base].set_index("driftsform")["netto_per_listad"]
    )
    return out
