"""Shared pieces of the scenario engine: the error type, a step's description and the money helpers
(the fixed-capitation pot, scaling and splitting it, distribution keys). Used by `engine` and `side_items`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import formatting as fmt


class ScenarioRunError(ValueError):
    """A scenario that is valid as a file but cannot be applied to this dataset."""


@dataclass
class Step:
    """What one change did: its type, its variant (`art`, e.g. how it was financed) and its amounts.
    The chapter writes it for readers (`analysis.chapters.forandringar.steps`)."""

    typ: str
    art: str = ""
    varden: dict = field(default_factory=dict)


def fixed_pot(df: pd.DataFrame, mask: pd.Series | None = None) -> float:
    sub = df if mask is None else df[mask]
    return float(sub["ersattning_listad"].sum() + sub["ersattning_cni"].sum())


def scale_fixed(df: pd.DataFrame, new_pot: float, what: str) -> None:
    pot = fixed_pot(df)
    if new_pot < 0 or pot <= 0:
        raise ScenarioRunError(
            f"{what}: den fasta kapiteringen ({fmt.mkr(pot)}) räcker inte för att lyfta ut {fmt.mkr(pot - new_pot)}"
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


def redistribute_fixed(df: pd.DataFrame, pot: float, andel: float, mask: pd.Series | None = None) -> None:
    """Split a fixed-capitation pot: `andel` by CNI × listed, the rest by age-weighted listed.

    CNI money_c = andel · pot · (CNI_c · listed_c) / Σ(CNI · listed);
    age money_c = (1 − andel) · pot · viktsumma_c / Σ viktsumma.
    Implemented for all centres or those in `mask`; the pot is unchanged by construction.
    """
    if mask is None:
        mask = pd.Series(True, index=df.index)
    sub = df.loc[mask]
    age_key = sub["viktsumma_alder"].astype("float64")
    cni_key = (sub["cni"] * sub["listade"]).astype("float64")
    if age_key.sum() <= 0 or (andel > 0 and cni_key.sum() <= 0):
        raise ScenarioRunError("kan inte fördela den fasta kapiteringen: inga listade")
    df.loc[mask, "ersattning_listad"] = share_out((1.0 - andel) * pot, age_key)
    df.loc[mask, "ersattning_cni"] = share_out(andel * pot, cni_key) if andel > 0 else 0.0


def pot_summary(df: pd.DataFrame, mask: pd.Series | None = None) -> dict:
    """Size, CNI share and implied prices of a fixed-capitation pot."""
    sub = df if mask is None else df[mask]
    pot = fixed_pot(sub)
    return {
        "fast_kapitering_kr": pot,
        "cni_andel": float(sub["ersattning_cni"].sum() / pot) if pot else float("nan"),
        "pris_per_viktenhet": float(sub["ersattning_listad"].sum() / sub["viktsumma_alder"].sum()),
        "cni_per_listad": float(sub["ersattning_cni"].sum() / sub["listade"].sum()),
        "listade": int(sub["listade"].sum()),
    }
