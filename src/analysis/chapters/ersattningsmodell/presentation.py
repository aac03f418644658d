"""Tables and glued numbers for the chapter on the year's compensation model (no plotting here).

The notebook calls these functions so that it holds no constants and no logic: each returns a
DataFrame with Swedish headers (≤ 7 columns when meant to be shown) or a dict of formatted texts
for `Chapter.glue_all`.
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.model.bands import AGE_BANDS, band_label
from analysis.model.capitation import derive_age_weights, derive_drug_weights, visit_usage
from analysis.model.cni import (
    cni_contributions,
    cni_point_value,
    normalise_scb_columns,
    weighted_mean_cni,
)
from analysis.model.compute import LABELS, ModelResult
from analysis.model.inputs import ModelInputs
from analysis.status import weakest_in
from analysis.vocabulary import (
    CNI_LABELS,
    CNI_VARIABLES,
    COST_LABELS,
    COST_TYPE_TABLE,
    COST_TYPES,
    OWNERSHIP_LABELS,
)


def weights_frame(result: ModelResult) -> pd.DataFrame:
    """The model's two weight curves: aldersgrupp, aldersvikt, lakemedelsvikt."""
    p = result.params
    return pd.DataFrame(
        {
            "aldersgrupp": list(AGE_BANDS),
            "aldersvikt": [p.aldersvikter[b] for b in AGE_BANDS],
            "lakemedelsvikt": [p.lakemedelsvikter[b] for b in AGE_BANDS],
        }
    )


def age_derivation_table(vardbesok_alder: pd.DataFrame, result: ModelResult) -> pd.DataFrame:
    """Per band: population, weighted visits, visits per inhabitant, derived and used weight, kr."""
    v = vardbesok_alder.set_index(vardbesok_alder["aldersgrupp"].astype(str)).reindex(list(AGE_BANDS))
    usage = visit_usage(vardbesok_alder)
    derived = derive_age_weights(vardbesok_alder)
    used = pd.Series(result.params.aldersvikter).reindex(list(AGE_BANDS))
    return pd.DataFrame(
        {
            "Åldersgrupp": [band_label(b) for b in AGE_BANDS],
            "Befolkning": v["befolkning"].astype("int64").to_numpy(),
            "Viktade besök": usage.round().astype("int64").to_numpy(),
            "Besök per invånare": (usage / v["befolkning"]).to_numpy(),
            "Härledd vikt": derived.to_numpy(),
            "Vikt i modellen": used.to_numpy(),
            "Kr per listad": (used * result.params.pris_per_viktenhet).to_numpy(),
        }
    )


def drug_derivation_table(lakemedel_alder: pd.DataFrame, result: ModelResult) -> pd.DataFrame:
    """Per band: population, drug cost, cost per inhabitant, derived and used weight, kr."""
    d = lakemedel_alder.set_index(lakemedel_alder["aldersgrupp"].astype(str)).reindex(list(AGE_BANDS))
    derived = derive_drug_weights(lakemedel_alder)
    used = pd.Series(result.params.lakemedelsvikter).reindex(list(AGE_BANDS))
    return pd.DataFrame(
        {
            "Åldersgrupp": [band_label(b) for b in AGE_BANDS],
            "Befolkning": d["befolkning"].astype("int64").to_numpy(),
            "Läkemedelskostnad": d["kostnad_kr"].astype("float64").to_numpy(),
            "Kr per invånare": (d["kostnad_kr"] / d["befolkning"]).astype("float64").to_numpy(),
            "Härledd vikt": derived.to_numpy(),
            "Vikt i modellen": used.to_numpy(),
            "Kr per listad": (used * result.params.lakemedel_pris).to_numpy(),
        }
    )


DERIVATION_FORMATS = {
    "Besök per invånare": lambda v: fmt.num(v, 2),
    "Kr per invånare": lambda v: fmt.kr(v),
    "Läkemedelskostnad": lambda v: fmt.mkr(v, 2),
    "Härledd vikt": lambda v: fmt.num(v, 4),
    "Vikt i modellen": lambda v: fmt.num(v, 4),
    "Kr per listad": lambda v: fmt.kr(v),
}


def cni_weights_table(result: ModelResult) -> pd.DataFrame:
    """The seven CNI variables (report's wording) and their weights, heaviest first."""
    w = pd.Series(result.params.cni_vikter).sort_values(ascending=False, kind="stable")
    return pd.DataFrame({"Variabel": [CNI_LABELS[v] for v in w.index], "Vikt": w.to_numpy()})


def cni_contributions_by_centre(inputs: ModelInputs, result: ModelResult) -> pd.DataFrame:
    """Each variable's part of the CNI, rows = centre name (centres with listed persons)."""
    table = normalise_scb_columns(inputs.cni_underlag).set_index("enhet")
    parts = cni_contributions(table, result.params.cni_vikter, result.params.cni_referens)
    names = result.per_centre.set_index("hc_id")
    active = names.index[names["listade"] > 0]
    parts = parts.reindex(active)
    parts.index = names.loc[active, "namn"]
    return parts[[v for v in CNI_VARIABLES if v in parts.columns]]


def cni_table(result: ModelResult) -> pd.DataFrame:
    """Per centre: name, ownership, listed, CNI, CNI money per listed and in total."""
    pc = result.per_centre[result.per_centre["listade"] > 0].sort_values("cni", ascending=False)
    return pd.DataFrame(
        {
            "Hälsocentral": pc["namn"],
            "Driftsform": pc["driftsform"].map(OWNERSHIP_LABELS).fillna(pc["driftsform"]),
            "Listade": pc["listade"],
            "CNI": pc["cni"],
            "Kr per listad": pc["ersattning_cni"] / pc["listade"],
            "CNI-ersättning": pc["ersattning_cni"],
        }
    ).reset_index(drop=True)


CNI_TABLE_FORMATS = {"CNI": lambda v: fmt.num(v, 2), "Kr per listad": fmt.kr, "CNI-ersättning": fmt.mkr}

#: Centres whose sparsity share is below this are "hardly any sparsity money" in the prose.
LOW_SPARSITY_SHARE = 0.01

_OTHER_COSTS = tuple(c.key for c in COST_TYPE_TABLE if not c.shown_apart)


def costs_table(result: ModelResult) -> pd.DataFrame:
    """Costs carried per centre: drugs, LOF/LOL, premises, the rest, total and per listed (7 cols)."""
    pc = _by_name(result.per_centre)
    other = pc[[f"kostnad_{k}" for k in _OTHER_COSTS]].sum(axis=1)
    out = pd.DataFrame(
        {
            "Hälsocentral": pc["namn"],
            "Läkemedel": pc["kostnad_lakemedel"],
            "LOF/LOL": pc["kostnad_lof_lol"],
            "Lokaler": pc["kostnad_lokaler"],
            "Övriga": other,
            "Totalt": pc["kostnad_total"],
            "Kr per listad": (pc["kostnad_total"] / pc["listade"].where(pc["listade"] > 0)),
        }
    )
    return _with_total(out, per_listed=("Kr per listad", pc["kostnad_total"].sum() / pc["listade"].sum()))


def costs_download(result: ModelResult) -> pd.DataFrame:
    """All seven cost types per centre (for download)."""
    pc = _by_name(result.per_centre)
    cols = {f"kostnad_{k}": COST_LABELS[k] for k in COST_TYPES} | {"kostnad_total": "Totalt"}
    out = pc[["namn", "listade", *cols]].rename(columns={"namn": "Hälsocentral", "listade": "Listade", **cols})
    return out


COSTS_OTHER_LABEL = ", ".join(COST_LABELS[k].lower() for k in _OTHER_COSTS)


def compensation_table(result: ModelResult) -> pd.DataFrame:
    """Per centre: listed and the four payment components and total (kr per year), with a sum row."""
    pc = _by_name(result.per_centre)
    out = pd.DataFrame(
        {
            "Hälsocentral": pc["namn"],
            "Listade": pc["listade"],
            "Listad": pc["ersattning_listad"],
            "CNI": pc["ersattning_cni"],
            "Läkemedel": pc["ersattning_lakemedel"],
            "Glesbygd": pc["ersattning_glesbygd"],
            "Totalt": pc["ersattning_total"],
        }
    )
    return _with_total(out)


def compensation_download(result: ModelResult, inputs: ModelInputs | None = None) -> pd.DataFrame:
    """The whole per-centre result with Swedish headers (for download).

    Without a patient-fee table the fee column is dropped and the net is labelled as what it is
    (compensation minus costs).
    """
    pc = _by_name(result.per_centre).copy()
    if inputs is not None and inputs.patientavgifter is None:
        pc = pc.drop(columns=["patientavgifter"]).rename(columns={"netto": "ersattning_minus_kostnader"})
    pc["driftsform"] = pc["driftsform"].map(OWNERSHIP_LABELS).fillna(pc["driftsform"])
    return pc.rename(columns=LABELS | {"ersattning_minus_kostnader": "Ersättning minus kostnader"})


def ownership_summary(result: ModelResult) -> pd.DataFrame:
    """Per ownership form: centres, listed, compensation, and per listed person by component."""
    pc = result.per_centre
    g = pc.groupby("driftsform", sort=True)
    out = pd.DataFrame(
        {
            "Driftsform": [OWNERSHIP_LABELS.get(k, k) for k in g.groups],
            "Hälsocentraler": g.size().to_numpy(),
            "Listade": g["listade"].sum().to_numpy(),
            "Ersättning": g["ersattning_total"].sum().to_numpy(),
            "Kr per listad": (g["ersattning_total"].sum() / g["listade"].sum()).to_numpy(),
            "Varav CNI per listad": (g["ersattning_cni"].sum() / g["listade"].sum()).to_numpy(),
            "Varav glesbygd per listad": (g["ersattning_glesbygd"].sum() / g["listade"].sum()).to_numpy(),
        }
    )
    return out


def _with_total(df: pd.DataFrame, per_listed: tuple[str, float] | None = None) -> pd.DataFrame:
    total = {c: (df[c].sum() if pd.api.types.is_numeric_dtype(df[c]) else "") for c in df.columns}
    total["Hälsocentral"] = "Summa"
    if per_listed:
        total[per_listed[0]] = per_listed[1]
    return pd.concat([df, pd.DataFrame([total])], ignore_index=True)


combined_status = weakest_in  # the name chapter 1 uses: the weakest status among its tables


def money_formats(columns, per_listed=("Kr per listad",)) -> dict:
    """Formats for Chapter.table: counts as integers, kr per listed in kr, other money in mnkr."""
    out = {}
    for c in columns:
        if c in ("Hälsocentral", "Driftsform"):
            continue
        if c in ("Listade", "Hälsocentraler"):
            out[c] = fmt.num
        elif c in per_listed or c.startswith("Varav"):
            out[c] = fmt.kr
        else:
            out[c] = lambda v: fmt.mkr(v, 2)
    return out


#: The inputs behind the chapter's numbers, narrowed by the glue name's prefix (register of numbers).
def swedish_sort_key(names: pd.Series) -> pd.Series:
    """Sort key for names in Swedish alphabetical order (å, ä, ö after z)."""
    table = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})
    return names.astype(str).str.lower().map(lambda s: s.translate(table))


def _by_name(pc: pd.DataFrame) -> pd.DataFrame:
    return pc.sort_values("namn", key=swedish_sort_key, kind="stable")


def _extreme_per_listed(active: pd.DataFrame) -> tuple[str, str]:
    per = active.set_index("namn")["ersattning_total"] / active.set_index("namn")["listade"]
    lo, hi = per.idxmin(), per.idxmax()
    return f"{lo} ({fmt.kr(per[lo])})", f"{hi} ({fmt.kr(per[hi])})"


def _active_cni(result: ModelResult) -> tuple[pd.Series, pd.Series]:
    active = result.per_centre[result.per_centre["listade"] > 0].set_index("hc_id")
    return active["cni"], active["listade"]


def region_mean_cni(result: ModelResult) -> float:
    """The region's listed-weighted mean CNI."""
    return weighted_mean_cni(*_active_cni(result))


def cni_point_kr(result: ModelResult) -> float:
    """Kronor per listed person and year per CNI point."""
    return cni_point_value(*_active_cni(result), result.params.cni_snitt_per_listad)
