"""Age-weighted payments: capitation ("ersättning listad") and the drug budget ("läkemedel").

Both follow the same rule (report §6): a weight per five-year age band times a price per weight
unit times the centre's listed persons in that band, summed over bands (sexes summed). The
weights come from region-wide use per band: visits for capitation, drug costs for the drug
budget. A weight of 1 is the population average, so `weight × price` is the yearly amount per
listed person of that age.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.model.bands import AGE_BANDS, check_bands, listed_by_band, weights_series

#: Doctor visits count twice, nursing treatments once (report §6).
DOCTOR_VISIT_FACTOR = 2.0
NURSING_FACTOR = 1.0


def normalise_weights(usage: pd.Series, population: pd.Series) -> pd.Series:
    """Weights proportional to use per person, scaled so the population mean weight is 1.

    `w_b = (u_b / N_b) / (Σ u / Σ N)`, hence `Σ N_b·w_b / Σ N_b = 1`.
    """
    usage = usage.astype("float64")
    population = population.astype("float64")
    if (population <= 0).any():
        bad = list(population.index[population <= 0])
        raise ValueError(f"befolkningen måste vara större än noll i varje åldersgrupp ({bad})")
    rate = usage / population
    return rate / (usage.sum() / population.sum())


def _by_band(df: pd.DataFrame, what: str) -> pd.DataFrame:
    check_bands(df["aldersgrupp"], what)
    out = df.set_index(df["aldersgrupp"].astype(str)).reindex(list(AGE_BANDS))
    if out.isna().any(axis=None):
        missing = list(out.index[out.isna().any(axis=1)])
        raise ValueError(f"{what}: åldersgrupperna {missing} saknas")
    return out


def visit_usage(vardbesok_alder: pd.DataFrame) -> pd.Series:
    """Weighted visits per band: 2 × doctor visits + 1 × nursing treatments."""
    df = _by_band(vardbesok_alder, "vardbesok_alder")
    return (
        DOCTOR_VISIT_FACTOR * df["lakarbesok"].astype("float64")
        + NURSING_FACTOR * df["sjukvardande_behandlingar"].astype("float64")
    ).rename("viktade_besok")


def derive_age_weights(vardbesok_alder: pd.DataFrame) -> pd.Series:
    """Capitation weights per band from visit counts (table `vardbesok_alder`).

    `rate_b = (2·lakarbesok_b + sjukvardande_behandlingar_b) / befolkning_b`, normalised so the
    population-weighted mean weight is 1 (report §6: twelve months of visits, doctor ×2,
    nursing ×1). Returns a float Series indexed by AGE_BANDS (unrounded).
    """
    df = _by_band(vardbesok_alder, "vardbesok_alder")
    return normalise_weights(visit_usage(vardbesok_alder), df["befolkning"]).rename("aldersvikt")


def derive_drug_weights(lakemedel_alder: pd.DataFrame) -> pd.Series:
    """Drug-budget weights per band from drug costs (table `lakemedel_alder`, column kostnad_kr).

    `rate_b = kostnad_kr_b / befolkning_b`, normalised like `derive_age_weights`.
    """
    df = _by_band(lakemedel_alder, "lakemedel_alder")
    return normalise_weights(df["kostnad_kr"], df["befolkning"]).rename("lakemedelsvikt")


def weighted_listed(listade: pd.DataFrame, weights: Mapping[str, float], what: str = "vikter") -> pd.Series:
    """Σ_b w_b × listed_{c,b} per centre (the centre's number of weight units)."""
    wide = listed_by_band(listade)
    w = weights_series(weights, what)
    return (wide.astype("float64") @ w).rename("viktsumma")


def age_weighted_payment(listade: pd.DataFrame, weights: Mapping[str, float], price: float) -> pd.Series:
    """Σ_b w_b × price × listed_{c,b} per centre (kr per year).

    Used for both capitation (`aldersvikter` × the price per weight unit) and the drug budget
    (`lakemedelsvikter` × the drug price). Linear in listings: doubling every centre's listings doubles
    every centre's payment.
    """
    return (weighted_listed(listade, weights) * float(price)).rename("ersattning")
