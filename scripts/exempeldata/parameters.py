"""The year's model parameters (`parametrar.yml`): every number with unit, source and status."""

from __future__ import annotations

import pandas as pd

from exempeldata.cni import WEIGHTS as CNI_WEIGHTS
from exempeldata.profile import PROFILES, Profile
from exempeldata.proposals import side_parameters

GLESBYGD_BUDGET_KR = {2020: 22_000_000, 2021: 22_500_000}
GLESBYGD_TROSKEL_KM = 30


def _entry(value, enhet: str, kalla: str, status: str) -> dict:
    key = "varden" if isinstance(value, dict) else "varde"
    return {key: value, "enhet": enhet, "kalla": kalla, "status": status}


def _weights(w: pd.Series) -> dict[str, float]:
    return {band: round(float(v), 4) for band, v in w.items()}


def _kr(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _price_source(profile: Profile, what: str, value: int) -> str:
    if profile.report_year:
        return f"rapporten §6 (vikt 1,0 = {_kr(value)} kr/listad, {profile.prisniva})"
    return f"{profile.price_source} ({what}, vikt 1,0 = {_kr(value)} kr/listad, {profile.prisniva})"


def _weight_source(profile: Profile, table: str, rule: str, report_ends: str) -> str:
    if profile.report_year:
        return f"härledda ur {table} ({rule}); kalibrerade till rapporten §6: {report_ends}"
    return f"härledda ur {table} ({rule}); syntetiska exempelvärden för {profile.year}"


def underlag(profile: Profile) -> dict:
    """The periods and dates behind the year's weights and population (shown in the book's text)."""
    start, end = profile.weight_period
    status = "publicerad" if profile.report_year else "syntetisk"
    return {
        "viktperiod": {
            "fran": start,
            "till": end,
            "kalla": (
                "rapporten §6 (besök och läkemedelsuttag under tolv månader, utan telefonrecept)"
                if profile.report_year
                else "antagande i exempeldata: samma tolv månader ett år senare"
            ),
            "status": status,
        },
        "befolkning_datum": {
            "datum": profile.population_date,
            "kalla": (
                "SCB, folkmängd efter region, ålder och kön (BE0101)"
                if not profile.population_years_ahead
                else "SCB:s folkmängd 31 december 2019 framskriven i exempeldata"
            ),
            "status": "offentlig statistik" if not profile.population_years_ahead else "syntetisk",
        },
    }


def parameters(age_w: pd.Series, drug_w: pd.Series, r: float, profile: Profile = PROFILES[2020]) -> dict:
    """The model's parameters and, merged by group, the side items the proposals price."""
    params = _model_parameters(age_w, drug_w, r, profile)
    for group, entries in side_parameters(closed=profile.closed).items():
        params.setdefault(group, {}).update(entries)
    return params


def _model_parameters(age_w: pd.Series, drug_w: pd.Series, r: float, profile: Profile) -> dict:
    kr = "kr per listad och år"
    age_ends = "0,33 (10-14 år) – 2,21 (85-89 år), 816 – 5 429 kr"
    drug_ends = "0,23 (25-29 år) – 3,22 (100-104 år, här 100+), 290 – 4 098 kr"
    r_source = (
        "R i CNI = (index/befolkning)/R; kalibrerat i exempeldata så att regionens listningsviktade "
        "medel-CNI blir 1,0037, vilket ger rapportens 646 kr (Hallen) och 1 078 kr (Järpen), rapporten §6"
        if profile.report_year
        else "R i CNI = (index/befolkning)/R; kalibrerat i exempeldata så att regionens listningsviktade "
        "medel-CNI blir 1,0037"
    )
    return {
        "ar": profile.year,
        "prisniva": profile.prisniva,
        "underlag": underlag(profile),
        "ersattning_listad": {
            "pris_per_viktenhet": _entry(
                profile.price_age,
                kr,
                _price_source(profile, "ersättning listad", profile.price_age),
                profile.price_status,
            ),
            "aldersvikter": _entry(
                _weights(age_w),
                "vikt (befolkningsviktat medel = 1)",
                _weight_source(
                    profile, "vardbesok_alder.csv", "2 × läkarbesök + sjukvårdande behandlingar per invånare", age_ends
                ),
                "syntetisk",
            ),
        },
        "cni": {
            "vikter": _entry(
                dict(CNI_WEIGHTS), "indexpoäng per person", "rapporten §6 (SCB:s CNI-variabler)", "publicerad"
            ),
            "referensvarde": _entry(r, "indexpoäng per person", r_source, "syntetisk"),
            "snitt_per_listad": _entry(
                profile.cni_mean,
                kr,
                f"rapporten §6 (snittersättning {profile.prisniva})"
                if profile.report_year
                else f"{profile.price_source} (snittersättning {profile.prisniva})",
                profile.price_status,
            ),
        },
        "lakemedel": {
            "pris_per_viktenhet": _entry(
                profile.price_drug, kr, _price_source(profile, "läkemedel", profile.price_drug), profile.price_status
            ),
            "vikter": _entry(
                _weights(drug_w),
                "vikt (befolkningsviktat medel = 1)",
                _weight_source(profile, "lakemedel_alder.csv", "kostnad per invånare", drug_ends),
                "syntetisk",
            ),
        },
        "glesbygd": {
            "budget_kr": _entry(
                GLESBYGD_BUDGET_KR[profile.year],
                "kr per år",
                "antagande: cirka 5 % av summan ersättning listad + CNI + glesbygd; rapporten §6 redovisar "
                "bara andelar per hälsocentral",
                "syntetisk",
            ),
            "troskel_km": _entry(
                GLESBYGD_TROSKEL_KM,
                "km (vägekvivalent, fågelväg × 1,3) till Östersunds sjukhus",
                "antagande: listade som bor längre bort än tröskeln ger glesbygdsersättning; "
                "rapporten §6 och §9 anger bara att avståndet till Östersunds sjukhus används",
                "syntetisk",
            ),
        },
        "lof_lol": {
            "central_budget_kr": _entry(
                21_000_000, "kr per år", "rapporten §6.1 (21 miljoner till central budget 2021)", "publicerad"
            ),
            "kvar_i_halsoval_kr": _entry(
                19_000_000, "kr per år", "rapporten §6.1 (19 miljoner stannar i hälsovalsersättningen)", "publicerad"
            ),
        },
        "tillganglighet": {
            "vite_per_vecka_kr": _entry(10_000, "kr per vecka", "rapporten §5.2 (öppettidskravet 2020)", "publicerad"),
            "vite_max_kr": _entry(100_000, "kr per tillfälle", "rapporten §5.2", "publicerad"),
            "tre_an_mal_procent": _entry(100, "procent", "rapporten §7 (3:an, mål 100 %)", "publicerad"),
            "kommiljard_grans_procent": _entry(
                85, "procent", "rapporten §5.2 (kömiljarden betalas vid minst 85 %)", "publicerad"
            ),
        },
    }
