"""The year's model parameters (`parametrar.yml`): every number with unit, source and status."""

from __future__ import annotations

import pandas as pd

from exempeldata.cni import WEIGHTS as CNI_WEIGHTS

GLESBYGD_BUDGET_KR = 22_000_000
GLESBYGD_TROSKEL_KM = 30


def _entry(value, enhet: str, kalla: str, status: str) -> dict:
    key = "varden" if isinstance(value, dict) else "varde"
    return {key: value, "enhet": enhet, "kalla": kalla, "status": status}


def _weights(w: pd.Series) -> dict[str, float]:
    return {band: round(float(v), 4) for band, v in w.items()}


def parameters(age_w: pd.Series, drug_w: pd.Series, r: float) -> dict:
    kr = "kr per listad och år"
    return {
        "ar": 2020,
        "prisniva": "februari 2020",
        "ersattning_listad": {
            "pris_per_viktenhet": _entry(2453, kr, "rapporten §6 (vikt 1,0 = 2 453 kr/listad, februari 2020)", "publicerad"),
            "aldersvikter": _entry(
                _weights(age_w), "vikt (befolkningsviktat medel = 1)",
                "härledda ur vardbesok_alder.csv (2 × läkarbesök + sjukvårdande behandlingar per invånare); "
                "kalibrerade till rapporten §6: 0,33 (10-14 år) – 2,21 (85-89 år), 816 – 5 429 kr", "syntetisk"),
        },
        "cni": {
            "vikter": _entry(dict(CNI_WEIGHTS), "indexpoäng per person", "rapporten §6 (SCB:s CNI-variabler)", "publicerad"),
            "referensvarde": _entry(
                r, "indexpoäng per person",
                "R i CNI = (index/befolkning)/R; kalibrerat i exempeldata så att regionens listningsviktade "
                "medel-CNI blir 1,0037, vilket ger rapportens 646 kr (Hallen) och 1 078 kr (Järpen), rapporten §6",
                "syntetisk"),
            "snitt_per_listad": _entry(820, kr, "rapporten §6 (snittersättning februari 2020)", "publicerad"),
        },
        "lakemedel": {
            "pris_per_viktenhet": _entry(1272, kr, "rapporten §6 (vikt 1,0 = 1 272 kr/listad, februari 2020)", "publicerad"),
            "vikter": _entry(
                _weights(drug_w), "vikt (befolkningsviktat medel = 1)",
                "härledda ur lakemedel_alder.csv (kostnad per invånare); kalibrerade till rapporten §6: "
                "0,23 (25-29 år) – 3,22 (100-104 år, här 100+), 290 – 4 098 kr", "syntetisk"),
        },
        "glesbygd": {
            "budget_kr": _entry(
                GLESBYGD_BUDGET_KR, "kr per år",
                "antagande: cirka 5 % av summan ersättning listad + CNI + glesbygd; rapporten §6 redovisar "
                "bara andelar per hälsocentral", "syntetisk"),
            "troskel_km": _entry(
                GLESBYGD_TROSKEL_KM, "km (vägekvivalent, fågelväg × 1,3) till Östersunds sjukhus",
                "antagande: listade som bor längre bort än tröskeln ger glesbygdsersättning; "
                "rapporten §6 och §9 anger bara att avståndet till Östersunds sjukhus används", "syntetisk"),
        },
        "lof_lol": {
            "central_budget_kr": _entry(21_000_000, "kr per år", "rapporten §6.1 (21 miljoner till central budget 2021)", "publicerad"),
            "kvar_i_halsoval_kr": _entry(19_000_000, "kr per år", "rapporten §6.1 (19 miljoner stannar i hälsovalsersättningen)", "publicerad"),
        },
        "tillganglighet": {
            "vite_per_vecka_kr": _entry(10_000, "kr per vecka", "rapporten §5.2 (öppettidskravet 2020)", "publicerad"),
            "vite_max_kr": _entry(100_000, "kr per tillfälle", "rapporten §5.2", "publicerad"),
            "tre_an_mal_procent": _entry(100, "procent", "rapporten §7 (3:an, mål 100 %)", "publicerad"),
            "kommiljard_grans_procent": _entry(85, "procent", "rapporten §5.2 (kömiljarden betalas vid minst 85 %)", "publicerad"),
        },
    }


# Side items priced for issue 19 (out-of-county revenue, training, fines, special duties).
from exempeldata.proposals import with_side_items  # noqa: E402

parameters = with_side_items(parameters)
