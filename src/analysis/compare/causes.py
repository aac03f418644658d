"""Each centre's change in compensation between two editions, by component and by cause.

By component: the change in each of the model's four payments (`PAYMENT_COLUMNS`).

By cause: the model is run again while the old inputs are replaced by the new ones one group at
a time, in the order of `CAUSES`; a cause's contribution is what the compensation moved at its
step. The first run uses only old inputs and the last only new ones, so the contributions add up
exactly to the total change of every centre (the sum telescopes). The order matters for how an
interaction is attributed (a new price applied to new listings counts as "listings"), not for
the total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.model import ModelInputs, compute_model
from analysis.model.compute import LABELS, PAYMENT_COLUMNS

PRICES = ("pris_per_viktenhet", "lakemedel_pris", "cni_snitt_per_listad", "glesbygd_budget")
WEIGHTS = ("aldersvikter", "lakemedelsvikter", "cni_vikter", "cni_referens")
LISTING_TABLES = ("halsocentraler", "listade", "listade_ort", "kostnader", "patientavgifter")


def _prices(cur: ModelInputs, new: ModelInputs) -> ModelInputs:
    return cur.replace(params=cur.params.replace(**{k: getattr(new.params, k) for k in PRICES}))


def _weights(cur: ModelInputs, new: ModelInputs) -> ModelInputs:
    return cur.replace(params=cur.params.replace(**{k: getattr(new.params, k) for k in WEIGHTS}))


def _cni(cur: ModelInputs, new: ModelInputs) -> ModelInputs:
    """The new SCB table; units it lacks (centres closed since) keep their old rows until the
    listings step removes the centres themselves."""
    old, fresh = cur.cni_underlag, new.cni_underlag
    kept = old[~old["enhet"].astype(str).isin(set(fresh["enhet"].astype(str)))]
    return cur.replace(cni_underlag=pd.concat([fresh, kept], ignore_index=True))


def _listings(cur: ModelInputs, new: ModelInputs) -> ModelInputs:
    return cur.replace(**{name: getattr(new, name) for name in LISTING_TABLES})


def _rules(cur: ModelInputs, new: ModelInputs) -> ModelInputs:
    return new  # everything else: the sparsity threshold, cost responsibility, …


#: (key, Swedish label, step) in the order the inputs are swapped.
CAUSES: tuple[tuple[str, str, Callable[[ModelInputs, ModelInputs], ModelInputs]], ...] = (
    ("priser", "Priser och belopp", _prices),
    ("vikter", "Vikter", _weights),
    ("cni", "CNI-underlag", _cni),
    ("listning", "Listning och hälsocentraler", _listings),
    ("regler", "Regler", _rules),
)


@dataclass
class Decomposition:
    """Per centre (rows: hc_id; `namn`, `status` ny/stängd/kvar): old and new totals, the change
    by component (`komp_<column>`) and by cause (`orsak_<key>`), in kronor per year."""

    per_centre: pd.DataFrame

    def region(self) -> pd.Series:
        return self.per_centre.drop(columns=["namn", "status"]).sum()

    @property
    def cause_columns(self) -> list[str]:
        return [f"orsak_{key}" for key, _, _ in CAUSES]

    @property
    def component_columns(self) -> list[str]:
        return [f"komp_{c}" for c in PAYMENT_COLUMNS]


def decompose(old: ModelInputs, new: ModelInputs) -> Decomposition:
    runs = [_per_centre(old)]
    current = old
    for _, _, step in CAUSES:
        current = step(current, new)
        runs.append(_per_centre(current))
    first, last = runs[0], runs[-1]
    ids = sorted(set(first.index) | set(last.index))
    names = last["namn"].combine_first(first["namn"]).reindex(ids)
    df = pd.DataFrame(index=pd.Index(ids, name="hc_id"))
    df["namn"] = names
    df["status"] = ["ny" if i not in first.index else "stängd" if i not in last.index else "kvar" for i in ids]
    total = lambda r: r["ersattning_total"].reindex(ids, fill_value=0.0)  # noqa: E731
    df["fore"] = total(first)
    df["efter"] = total(last)
    df["forandring"] = df["efter"] - df["fore"]
    for col in PAYMENT_COLUMNS:
        df[f"komp_{col}"] = last[col].reindex(ids, fill_value=0.0) - first[col].reindex(ids, fill_value=0.0)
    for (key, _, _), before, after in zip(CAUSES, runs, runs[1:]):
        df[f"orsak_{key}"] = total(after) - total(before)
    return Decomposition(df)


def _per_centre(inputs: ModelInputs) -> pd.DataFrame:
    return compute_model(inputs).per_centre.set_index("hc_id")


def component_label(column: str) -> str:
    return LABELS.get(column.removeprefix("komp_"), column)


def cause_label(column: str) -> str:
    return {f"orsak_{key}": label for key, label, _ in CAUSES}.get(column, column)
