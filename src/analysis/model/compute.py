"""One run of the 2020 reimbursement model: per-centre payments, costs and net result."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.model.capitation import weighted_listed
from analysis.model.cni import cni_from_scb_table, cni_payment
from analysis.model.costs import costs_by_type
from analysis.model.glesbygd import glesbygd_payment
from analysis.model.inputs import ModelInputs
from analysis.parameters import ModelParams
from analysis.vocabulary import COST_SHORT_LABELS, COST_TYPES

#: Payment components, in the order they are shown (their sum is `ersattning_total`).
PAYMENT_COLUMNS: tuple[str, ...] = (
    "ersattning_listad",
    "ersattning_cni",
    "ersattning_lakemedel",
    "ersattning_glesbygd",
)
COST_COLUMNS: tuple[str, ...] = tuple(f"kostnad_{k}" for k in COST_TYPES)
MONEY_COLUMNS: tuple[str, ...] = (
    *PAYMENT_COLUMNS,
    "ersattning_total",
    *COST_COLUMNS,
    "kostnad_total",
    "patientavgifter",
    "netto",
)
ID_COLUMNS: tuple[str, ...] = ("hc_id", "namn", "kommunkod", "kommun", "driftsform")
COLUMNS: tuple[str, ...] = (
    *ID_COLUMNS,
    "listade",
    "viktsumma_alder",
    "viktsumma_lakemedel",
    "cni",
    *MONEY_COLUMNS,
)

#: Swedish labels for the per-centre columns (tables and figures).
LABELS: dict[str, str] = {
    "hc_id": "Id",
    "namn": "Hälsocentral",
    "kommunkod": "Kommunkod",
    "kommun": "Kommun",
    "driftsform": "Driftsform",
    "listade": "Listade",
    "viktsumma_alder": "Viktsumma ålder",
    "viktsumma_lakemedel": "Viktsumma läkemedel",
    "cni": "CNI",
    "ersattning_listad": "Ersättning listad",
    "ersattning_cni": "CNI-ersättning",
    "ersattning_lakemedel": "Läkemedelsersättning",
    "ersattning_glesbygd": "Glesbygdsersättning",
    "ersattning_total": "Ersättning totalt",
    "kostnad_total": "Kostnader totalt",
    "patientavgifter": "Patientavgifter",
    "netto": "Netto",
    **{f"kostnad_{k}": f"Kostnad {v.lower()}" for k, v in COST_SHORT_LABELS.items()},
}


@dataclass(frozen=True)
class ModelResult:
    """Per-centre result (one row per hc_id, sorted) and region totals."""

    per_centre: pd.DataFrame
    totals: pd.Series
    params: ModelParams

    def replace_component(self, column: str, values: pd.Series) -> ModelResult:
        """A result with one payment or cost column replaced (aligned on hc_id); totals redone.

        For scenarios that swap a component's rule (e.g. sparsity by catchment area).
        """
        if column not in PAYMENT_COLUMNS + COST_COLUMNS + ("patientavgifter",):
            raise ValueError(f"kan inte ersätta kolumnen '{column}'")
        df = self.per_centre.copy()
        aligned = values.reindex(df["hc_id"]).fillna(0.0).astype("float64")
        df[column] = aligned.to_numpy()
        return _finish(df, self.params)


def compute_model(inputs: ModelInputs) -> ModelResult:
    """Run the 2020 model (report §6) on `inputs`.

    Components (each its own function, see the modules): capitation by age weight, CNI share of a
    fixed pot, drug budget by drug weight, sparsity (our documented rule), costs carried.
    `netto = ersattning_total + patientavgifter − kostnad_total`.

    How the result responds to the listings (every centre's listed persons × k, SCB counts, costs
    and parameters fixed): capitation and drug budget scale by k (weight × price × listed); the CNI
    pot is `cni_snitt_per_listad × Σ listed`, so it grows by k and, the shares (∝ CNI × listed)
    being unchanged, each centre's CNI money scales by k; the sparsity budget is fixed, so sparsity
    money is unchanged. Per listed person capitation, drug and CNI money are invariant and sparsity
    money falls by 1/k (tests/test_model_properties.py).
    """
    p = inputs.params
    centres = _centres(inputs.halsocentraler)
    ids = pd.Index(centres["hc_id"], name="hc_id")
    _check_known(inputs.listade["hc_id"], ids, "listade")
    _check_known(inputs.listade_ort["hc_id"], ids, "listade_ort")
    _check_known(inputs.kostnader["hc_id"], ids, "kostnader")

    listed = inputs.listade.groupby(inputs.listade["hc_id"].astype(str))["antal"].sum()
    listed = listed.reindex(ids, fill_value=0).astype("int64")
    _check_listade_ort(inputs.listade_ort, listed)

    vs_age = weighted_listed(inputs.listade, p.aldersvikter, "åldersvikter").reindex(ids, fill_value=0.0)
    vs_drug = weighted_listed(inputs.listade, p.lakemedelsvikter, "läkemedelsvikter").reindex(ids, fill_value=0.0)

    cni_table = cni_from_scb_table(inputs.cni_underlag, p.cni_vikter, p.cni_referens)
    cni = cni_table.set_index("enhet")["cni"].reindex(ids)

    df = centres.copy()
    df["listade"] = listed.to_numpy()
    df["viktsumma_alder"] = vs_age.to_numpy()
    df["viktsumma_lakemedel"] = vs_drug.to_numpy()
    df["cni"] = cni.to_numpy()
    df["ersattning_listad"] = vs_age.to_numpy() * p.pris_per_viktenhet
    df["ersattning_cni"] = cni_payment(cni, listed, p.cni_snitt_per_listad).to_numpy()
    df["ersattning_lakemedel"] = vs_drug.to_numpy() * p.lakemedel_pris
    gles = glesbygd_payment(inputs.listade_ort, p.glesbygd_budget, p.glesbygd_troskel_km)
    df["ersattning_glesbygd"] = gles.reindex(ids, fill_value=0.0).to_numpy()
    costs = costs_by_type(inputs.kostnader, p.kostnadsansvar).reindex(ids, fill_value=0.0)
    for col in COST_COLUMNS:
        df[col] = costs[col].to_numpy()
    df["patientavgifter"] = _fees(inputs.patientavgifter, ids).to_numpy()
    return _finish(df, p)


def _finish(df: pd.DataFrame, params: ModelParams) -> ModelResult:
    df = df.copy()
    df["ersattning_total"] = df[list(PAYMENT_COLUMNS)].sum(axis=1)
    df["kostnad_total"] = df[list(COST_COLUMNS)].sum(axis=1)
    df["netto"] = df["ersattning_total"] + df["patientavgifter"] - df["kostnad_total"]
    df = df[list(COLUMNS)].sort_values("hc_id", kind="stable").reset_index(drop=True)
    totals = df[["listade", *MONEY_COLUMNS]].sum()
    return ModelResult(per_centre=df, totals=totals, params=params)


def _centres(halsocentraler: pd.DataFrame) -> pd.DataFrame:
    df = halsocentraler[list(ID_COLUMNS)].copy()
    df["hc_id"] = df["hc_id"].astype(str)
    df["kommunkod"] = df["kommunkod"].astype(str).str.zfill(4)
    if df["hc_id"].duplicated().any():
        raise ValueError(f"halsocentraler: dubbla hc_id {sorted(df.loc[df['hc_id'].duplicated(), 'hc_id'])}")
    return df.sort_values("hc_id", kind="stable").reset_index(drop=True)


def _check_known(values: pd.Series, ids: pd.Index, table: str) -> None:
    unknown = sorted(set(values.astype(str)) - set(ids))
    if unknown:
        raise ValueError(f"{table}: hälsocentraler som saknas i halsocentraler: {unknown}")


def _check_listade_ort(listade_ort: pd.DataFrame, listed: pd.Series) -> None:
    per_hc = listade_ort.groupby(listade_ort["hc_id"].astype(str))["antal"].sum()
    per_hc = per_hc.reindex(listed.index, fill_value=0)
    bad = per_hc.index[per_hc != listed]
    if len(bad):
        raise ValueError("listade_ort: summan över orter skiljer sig från listade för " + ", ".join(bad))


def _fees(patientavgifter: pd.DataFrame | None, ids: pd.Index) -> pd.Series:
    if patientavgifter is None:
        return pd.Series(0.0, index=ids)
    _check_known(patientavgifter["hc_id"], ids, "patientavgifter")
    fees = patientavgifter.groupby(patientavgifter["hc_id"].astype(str))["avgifter_kr"].sum()
    return fees.reindex(ids, fill_value=0.0).astype("float64")
