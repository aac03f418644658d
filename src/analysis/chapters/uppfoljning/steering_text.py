"""The section on trust-based steering (tillitsbaserad styrning) for readers: its table and glued numbers.

Moved from `analysis.indicators.steering`, which computes the verdicts (`steering_table`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.indicators.steering import ACCESS, LEVEL, VERDICTS, verdict_counts
from analysis.register import registers


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The book's table (≤ 7 columns): share and verdict in one cell per measure."""

    def cell(share, verdict) -> str:
        return "–" if verdict is None or pd.isna(share) else f"{fmt.pct(share)} ({verdict})"

    out = pd.DataFrame({"Hälsocentral": table["namn"]})
    for key, label in ACCESS.items():
        out[label] = [cell(s, v) for s, v in zip(table[f"{key}_andel"], table[f"{key}_bedomning"])]
    out["Återbesök"] = [cell(s, v) for s, v in zip(table["aterbesok_andel"], table["aterbesok_bedomning"])]
    out["Klarar kraven"] = np.where(table["klarar_kraven"], "ja", "nej")
    if table["vite_kr"].notna().any():
        out["Vite i dag"] = [fmt.kr(v) if v > 0 else "–" for v in table["vite_kr"].fillna(0)]
    return out


@registers(
    tables=("indikatorer", "besok", "halsocentraler"),
    params=(
        "tillganglighet.kommiljard_grans_procent",
        "tillganglighet.vite_veckor",
        "tillganglighet.vite_per_vecka_kr",
        "tillganglighet.vite_max_kr",
    ),
)
def glue_values(table: pd.DataFrame, info: dict, targets_: dict, params: dict | None) -> dict[str, str]:
    """The section's numbers as Swedish text (prefix `ts_`)."""
    c = verdict_counts(table)
    fined = table["vite_kr"].fillna(0) > 0
    tg = (params or {}).get("tillganglighet") or {}
    per_week = (tg.get("vite_per_vecka_kr") or {}).get("varde")
    ceiling = (tg.get("vite_max_kr") or {}).get("varde")
    out = {
        "ts_niva": fmt.pct(info["niva"]),
        "ts_niva_kalla": targets_["komiljard_troskel"].kalla,
        "ts_konfidens": fmt.pct(LEVEL, 1),
        "ts_hc": fmt.num(len(table)),
        "ts_ar_noll": str(info.get("noll_an_ar") or "–"),
        "ts_ar_tre": str(info.get("tre_an_ar") or "–"),
        "ts_fonster": fmt.num(info["fonster_dagar"]),
        "ts_ater_region": fmt.pct(info["aterbesok_region"]) if np.isfinite(info["aterbesok_region"]) else "–",
        "ts_ater_avvikande": fmt.num(c["aterbesok_högre än regionen"] + c["aterbesok_lägre än regionen"]),
        "ts_ater_text": _differ_text(c["aterbesok_högre än regionen"] + c["aterbesok_lägre än regionen"]),
        "ts_klarar": fmt.num(c["klarar_kraven"]),
        "ts_med_vite": fmt.num(c["med_vite"]),
        "ts_vite_summa": fmt.kr(float(table["vite_kr"].fillna(0).sum())),
        "ts_vite_klarar": fmt.num(int((fined & table["klarar_kraven"]).sum())),
        "ts_vite_per_vecka": fmt.kr(per_week) if per_week else "–",
        "ts_vite_max": fmt.kr(ceiling) if ceiling else "–",
    }
    for key in ACCESS:
        for verdict, short in zip(VERDICTS, ("uppfyller", "slump", "under")):
            out[f"ts_{key}_{short}"] = fmt.num(c[f"{key}_{verdict}"])
    return out


def _differ_text(n: int) -> str:
    return (
        "ingen hälsocentral skiljer sig"
        if n == 0
        else "en hälsocentral skiljer sig"
        if n == 1
        else f"{fmt.num(n)} hälsocentraler skiljer sig"
    )
