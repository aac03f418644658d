"""Care Need Index (CNI): SCB's socioeconomic index and the CNI part of the capitation.

SCB delivers, per unit (here: health centre), the number of persons `n_i` meeting each of seven
variables, the population `N`, an index and the CNI (report §6; SCB's product page shows the
layout with two example units). The rule, verified on SCB's public example:

    index = Σ_i w_i · n_i          CNI = (index / N) / R

where `R` is the national mean index per person. SCB's two public example units (weights of
report §6) give index 22 709,42 and 7 869,74 and, with R = 2,476, CNI 1,55139 and 1,32049. SCB
prints 22 709 / 7 869 and 1,5513 / 1,3204: the example is reproduced exactly when both numbers
are *truncated* to the delivered decimals (ordinary rounding would give 7 870 and 1,5514 /
1,3205, and no R stated to three decimals would give both CNI values). `check_scb_table` therefore
accepts a difference below one unit of the last delivered decimal (covers rounding and truncation);
`reference_interval` gives the range of R consistent with a delivered table.

The region shares a pot of `snitt_per_listad × total listed` among centres in proportion to
`CNI_c × listed_c` (report §6: mean 820 kr per listed person in February 2020).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from analysis.vocabulary import CNI_VARIABLE_TABLE, CNI_VARIABLES


def _weights(weights: Mapping[str, float]) -> pd.Series:
    w = pd.Series({str(k): float(v) for k, v in dict(weights).items()}, dtype="float64")
    unknown = sorted(set(w.index) - set(CNI_VARIABLES))
    if unknown:
        raise ValueError(f"okända CNI-variabler {unknown}; giltiga är {', '.join(CNI_VARIABLES)}")
    return w


def cni_index(counts: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """index = Σ_i w_i · n_i per row, for the variables in `weights` (unrounded)."""
    w = _weights(weights)
    missing = [v for v in w.index if v not in counts.columns]
    if missing:
        raise ValueError(f"CNI-underlaget saknar kolumnerna {missing}")
    return (counts[list(w.index)].astype("float64") @ w).rename("index")


def cni_value(index, population, reference: float):
    """CNI = (index / N) / R; scalars or aligned Series."""
    if reference is None or not reference > 0:
        raise ValueError("referensvärdet R måste vara ett positivt tal")
    return (index / population) / float(reference)


def cni_contributions(counts: pd.DataFrame, weights: Mapping[str, float], reference: float) -> pd.DataFrame:
    """Each variable's part of the CNI per row: `w_i · n_i / N / R` (rows sum to the CNI).

    `counts` must hold the variables and `befolkning`.
    """
    w = _weights(weights)
    parts = counts[list(w.index)].astype("float64").mul(w, axis=1)
    return parts.div(counts["befolkning"].astype("float64"), axis=0) / float(reference)


# --- SCB's delivery layout -----------------------------------------------------------------

_SCB_HEADERS: tuple[tuple[str, str], ...] = (
    # (pattern in SCB's or our header, our column); first match wins, checked in this order
    (r"^enhet$|^hc_id$|vårdenhet|vardenhet", "enhet"),
    *((v.scb_header, v.key) for v in CNI_VARIABLE_TABLE),
    (r"population|befolkning", "befolkning"),
    (r"^index$", "index"),
    (r"^cni$", "cni"),
)


def normalise_scb_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Rename SCB's Swedish headers (e.g. "Ålder yngre än 5 år", "Population") to our names.

    Headers already in our names pass unchanged. Raises if a required column is missing.
    """
    rename: dict[str, str] = {}
    for col in df.columns:
        text = str(col).strip().lower()
        for pattern, name in _SCB_HEADERS:
            if re.search(pattern, text) and name not in rename.values():
                rename[col] = name
                break
    out = df.rename(columns=rename)
    required = ("enhet", *CNI_VARIABLES, "befolkning")
    missing = [c for c in required if c not in out.columns]
    if missing:
        raise ValueError(
            "CNI-tabellen saknar kolumner för " + ", ".join(missing) + f" (hittade: {', '.join(map(str, df.columns))})"
        )
    out["enhet"] = out["enhet"].astype(str)
    return out


def cni_from_scb_table(df: pd.DataFrame, weights: Mapping[str, float], reference: float) -> pd.DataFrame:
    """Index and CNI per unit recomputed from the counts of an SCB delivery (unrounded).

    Returns columns enhet, befolkning, index, cni in the input's row order.
    """
    table = normalise_scb_columns(df)
    index = cni_index(table, weights)
    population = table["befolkning"].astype("float64")
    if (population <= 0).any():
        bad = list(table.loc[population <= 0, "enhet"])
        raise ValueError(f"befolkningen måste vara större än noll (enheter: {bad})")
    return pd.DataFrame(
        {
            "enhet": table["enhet"].to_numpy(),
            "befolkning": table["befolkning"].to_numpy(),
            "index": index.to_numpy(),
            "cni": cni_value(index, population, reference).to_numpy(),
        }
    )


def check_scb_table(
    df: pd.DataFrame,
    weights: Mapping[str, float],
    reference: float,
    index_tolerance: float = 1.0,
    cni_tolerance: float = 1e-4,
) -> pd.DataFrame:
    """Compare SCB's delivered index and CNI with the recomputation, unit by unit.

    A unit agrees (`inom_avrundning`) when |computed − delivered| is below one unit of the last
    delivered decimal (default 1 for the index, 0,0001 for the CNI): SCB truncates rather than
    rounds (see module docstring), so half a unit would be too strict. Columns: enhet, befolkning,
    index_beraknat, index_scb, differens_index, cni_beraknat, cni_scb, differens_cni,
    inom_avrundning.
    """
    table = normalise_scb_columns(df)
    for col in ("index", "cni"):
        if col not in table.columns:
            raise ValueError(f"CNI-tabellen saknar SCB:s levererade kolumn '{col}'")
    computed = cni_from_scb_table(table, weights, reference)
    out = pd.DataFrame(
        {
            "enhet": computed["enhet"],
            "befolkning": computed["befolkning"],
            "index_beraknat": computed["index"],
            "index_scb": table["index"].astype("float64").to_numpy(),
            "cni_beraknat": computed["cni"],
            "cni_scb": table["cni"].astype("float64").to_numpy(),
        }
    )
    out["differens_index"] = out["index_beraknat"] - out["index_scb"]
    out["differens_cni"] = out["cni_beraknat"] - out["cni_scb"]
    eps = 1e-9
    out["inom_avrundning"] = (out["differens_index"].abs() < index_tolerance + eps) & (
        out["differens_cni"].abs() < cni_tolerance + eps
    )
    return out[
        [
            "enhet",
            "befolkning",
            "index_beraknat",
            "index_scb",
            "differens_index",
            "cni_beraknat",
            "cni_scb",
            "differens_cni",
            "inom_avrundning",
        ]
    ]


def reference_interval(
    df: pd.DataFrame, weights: Mapping[str, float], decimals: int = 4, rule: str = "round"
) -> tuple[float, float]:
    """The range of R for which every recomputed CNI gives SCB's delivered value.

    `rule="round"`: delivered = CNI rounded to `decimals`; `rule="truncate"`: CNI cut after
    `decimals`. Returns (low, high); low > high means no single R fits. On SCB's public example
    (weights of report §6): round → about (2,47607, 2,47622); truncate → about (2,47598, 2,47614),
    which contains the published R = 2,476.
    """
    table = normalise_scb_columns(df)
    index = cni_index(table, weights)
    per_person = index / table["befolkning"].astype("float64")
    step = 10.0**-decimals
    delivered = table["cni"].astype("float64")
    if rule == "round":
        lower_cni, upper_cni = delivered - step / 2, delivered + step / 2
    elif rule == "truncate":
        lower_cni, upper_cni = delivered, delivered + step
    else:
        raise ValueError("rule måste vara 'round' eller 'truncate'")
    # CNI = p / R is decreasing in R: CNI ≤ upper ⇔ R ≥ p/upper
    low = float((per_person / upper_cni).max())
    high = float((per_person / lower_cni).min())
    return low, high


def truncate(value: float, decimals: int) -> float:
    """Cut a number after `decimals` decimals (as SCB's example table does)."""
    factor = 10.0**decimals
    return math.floor(value * factor + 1e-9) / factor


# --- money -----------------------------------------------------------------------------------


def cni_payment(cni: pd.Series, listed: pd.Series, mean_per_listed: float) -> pd.Series:
    """Share the CNI pot among centres in proportion to CNI_c × listed_c.

    pot = mean_per_listed × Σ listed; payment_c = pot × CNI_c·listed_c / Σ_k CNI_k·listed_k.
    Σ payment = pot exactly. Centres with no listed persons get 0 (their CNI may be missing).
    """
    listed = listed.astype("float64")
    cni = cni.reindex(listed.index).astype("float64")
    missing = listed.index[(listed > 0) & cni.isna()]
    if len(missing):
        raise ValueError(f"CNI saknas för hälsocentraler med listade: {list(missing)}")
    weight = (cni.fillna(0.0) * listed).clip(lower=0.0)
    pot = float(mean_per_listed) * float(listed.sum())
    total = float(weight.sum())
    if total == 0:
        return pd.Series(0.0, index=listed.index, name="ersattning_cni")
    return (pot * weight / total).rename("ersattning_cni")


def cni_point_value(cni: pd.Series, listed: pd.Series, mean_per_listed: float) -> float:
    """Kronor per listed person per CNI point: pot / Σ CNI_c·listed_c.

    A centre's CNI money per listed person is `CNI_c × this`. Equals `mean_per_listed` divided by
    the listed-weighted mean CNI.
    """
    listed = listed.astype("float64")
    weight = (cni.reindex(listed.index).fillna(0.0) * listed).sum()
    return float(mean_per_listed) * float(listed.sum()) / float(weight)


def weighted_mean_cni(cni: pd.Series, listed: pd.Series) -> float:
    """Listed-weighted mean CNI of the region: Σ CNI_c·listed_c / Σ listed_c."""
    listed = listed.astype("float64")
    return float((cni.reindex(listed.index).fillna(0.0) * listed).sum() / listed.sum())
