"""A small hand-made model input (three centres) for the tests; not real data."""

from __future__ import annotations

import pandas as pd

from analysis.model.bands import AGE_BANDS
from analysis.model.inputs import ModelInputs
from analysis.parameters import ModelParams
from analysis.vocabulary import COST_TYPES, REPORT_CNI_WEIGHTS


def toy_params(**changes) -> ModelParams:
    """Report prices (2 453, 820, 1 272 kr) with simple made-up age and drug weights."""
    age = {b: 0.5 + 0.08 * i for i, b in enumerate(AGE_BANDS)}
    drug = {b: 0.3 + 0.15 * i for i, b in enumerate(AGE_BANDS)}
    base = ModelParams(
        pris_per_viktenhet=2453,
        aldersvikter=age,
        cni_vikter=REPORT_CNI_WEIGHTS,
        cni_referens=2.476,
        cni_snitt_per_listad=820,
        lakemedel_pris=1272,
        lakemedelsvikter=drug,
        glesbygd_budget=1_000_000,
        glesbygd_troskel_km=30,
    )
    return base.replace(**changes) if changes else base


def toy_inputs(params: ModelParams | None = None) -> ModelInputs:
    """Three centres with a few hundred listed persons each."""
    centres = pd.DataFrame(
        {
            "hc_id": ["jarpen", "hallen", "lugnvik"],
            "namn": ["Järpen", "Hallen", "Lugnvik"],
            "kommunkod": ["2321", "2313", "2380"],
            "kommun": ["Åre", "Strömsund", "Östersund"],
            "ort": ["Järpen", "Hallen", "Östersund"],
            "driftsform": ["regiondriven", "privat", "privat"],
            "lat": [63.35, 63.2, 63.18],
            "lon": [13.47, 14.1, 14.65],
            "upptagningsomrade_befolkning": [5000, 1200, 12000],
        }
    )
    rows = []
    for k, hc in enumerate(["jarpen", "hallen", "lugnvik"]):
        for i, band in enumerate(AGE_BANDS):
            for sex in ("kvinna", "man"):
                rows.append((hc, sex, band, (i * 7 + k * 13 + (sex == "man") * 3) % 40 + 1))
    listade = pd.DataFrame(rows, columns=["hc_id", "kon", "aldersgrupp", "antal"])
    totals = listade.groupby("hc_id")["antal"].sum()
    ort_rows = []
    for hc, dists in {"jarpen": (60, 90), "hallen": (70, 130), "lugnvik": (2, 10)}.items():
        n = int(totals[hc])
        ort_rows += [(hc, f"{hc}-a", "0000", dists[0], n // 2), (hc, f"{hc}-b", "0000", dists[1], n - n // 2)]
    listade_ort = pd.DataFrame(ort_rows, columns=["hc_id", "ort", "kommunkod", "avstand_km", "antal"])
    cni = pd.DataFrame(
        {
            "enhet": ["jarpen", "hallen", "lugnvik"],
            "alder_under_5": [40, 20, 60],
            "utrikes_fodda": [80, 15, 90],
            "aldre_ensamboende": [60, 30, 50],
            "ensamstaende_foralder": [20, 8, 30],
            "inflyttade": [50, 15, 80],
            "arbetslosa": [45, 10, 40],
            "lagutbildade": [60, 30, 45],
        }
    )
    cni["befolkning"] = [int(totals[h]) for h in cni["enhet"]]
    idx = sum(cni[v] * w for v, w in REPORT_CNI_WEIGHTS.items())
    cni["index"] = idx.round()
    cni["cni"] = (idx / cni["befolkning"] / 2.476).round(4)
    kostnader = pd.DataFrame(
        [
            (hc, kind, 1000.0 * (k + 1) * (j + 1))
            for k, hc in enumerate(["jarpen", "hallen", "lugnvik"])
            for j, kind in enumerate(COST_TYPES)
        ],
        columns=["hc_id", "kostnadstyp", "belopp_kr"],
    )
    fees = pd.DataFrame(
        {
            "hc_id": ["jarpen", "hallen", "lugnvik"],
            "avgifter_kr": [50_000.0, 20_000.0, 90_000.0],
            "besok_totalt": [500, 200, 900],
            "besok_hogkostnadsskydd": [100, 30, 150],
        }
    )
    return ModelInputs(
        halsocentraler=centres,
        listade=listade,
        listade_ort=listade_ort,
        cni_underlag=cni,
        kostnader=kostnader,
        patientavgifter=fees,
        params=params or toy_params(),
    )
