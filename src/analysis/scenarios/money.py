"""Shared pieces of the scenario engine: the error type, a step's description and the money helpers
(the fixed-capitation pot, scaling it, distribution keys). Used by `engine` and `side_items`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import formatting as fmt


class ScenarioRunError(ValueError):
    """A scenario that is valid as a file but cannot be applied to this dataset."""


@dataclass
class Step:
    """What one change did, for the chapter's tables (Swedish text, numbers already formatted)."""

    typ: str
    rubrik: str
    text: str
    varden: dict = field(default_factory=dict)


def fixed_pot(df: pd.DataFrame, mask: pd.Series | None = None) -> float:
    sub = df if mask is None else df[mask]
    return float(sub["ersattning_listad"].sum() + sub["ersattning_cni"].sum())


def scale_fixed(df: pd.DataFrame, new_pot: float, what: str) -> None:
    pot = fixed_pot(df)
    if new_pot < 0 or pot <= 0:
        raise ScenarioRunError(
            f"{what}: den fasta kapiteringen ({fmt.mkr(pot)}) räcker inte för att lyfta ut "
            f"{fmt.mkr(pot - new_pot)}"
        )
    factor = new_pot / pot
    df["ersattning_listad"] *= factor
    df["ersattning_cni"] *= factor


def distribution_key(df: pd.DataFrame, fordelning: str) -> pd.Series:
    """The key a pot is shared by: age-weighted listed, listed, or the current fixed capitation."""
    if fordelning == "aldersviktad":
        key = df["viktsumma_alder"].astype("float64")
    elif fordelning == "per_listad":
        key = df["listade"].astype("float64")
    elif fordelning == "fast_kapitering":
        key = (df["ersattning_listad"] + df["ersattning_cni"]).astype("float64")
    else:  # pragma: no cover - the schema only allows the three
        raise ScenarioRunError(f"okänd fördelning '{fordelning}'")
    if key.sum() <= 0:
        raise ScenarioRunError(f"fördelningsnyckeln '{fordelning}' summerar till noll")
    return key


def share_out(amount: float, key: pd.Series) -> pd.Series:
    """`amount × key / Σ key` (largest remainder not needed: kronor are floats here)."""
    return amount * key / key.sum()
