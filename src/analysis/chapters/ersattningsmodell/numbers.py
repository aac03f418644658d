"""The numbers chapter 1 glues into its prose (`chapter_numbers`), with the inputs each reads."""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.chapters.ersattningsmodell.comparison import sentences
from analysis.chapters.ersattningsmodell.presentation import (
    LOW_SPARSITY_SHARE,
    _extreme_per_listed,
)
from analysis.model.bands import band_label
from analysis.model.capitation import derive_age_weights, derive_drug_weights
from analysis.model.cni import (
    check_scb_table,
    cni_point_value,
    weighted_mean_cni,
)
from analysis.model.compute import ModelResult
from analysis.model.inputs import ModelInputs
from analysis.model.published import comparable_checks
from analysis.parameters import MODEL_ENTRIES
from analysis.register import registers
from analysis.vocabulary import (
    COST_LABELS,
    COST_TYPES,
)

_AGE = {"params": ("ersattning_listad.pris_per_viktenhet", "ersattning_listad.aldersvikter")}
_CNI = {
    "tables": ("halsocentraler", "listade", "cni_underlag"),
    "params": ("cni.vikter", "cni.referensvarde", "cni.snitt_per_listad"),
}
_DRUG = {"tables": ("listade",), "params": ("lakemedel.pris_per_viktenhet", "lakemedel.vikter")}
NUMBER_INPUTS = {
    "pris_vikt1": {"params": ("ersattning_listad.pris_per_viktenhet",)},
    "listad_": _AGE,
    "aldersvikt_": {"params": ("ersattning_listad.aldersvikter",)},
    "lakemedelsvikt_": {"params": ("lakemedel.vikter",)},
    "aldersvikt_jamforelse": {"tables": ("vardbesok_alder",), "params": ("ersattning_listad.aldersvikter",)},
    "ersattning_listad_total": {"tables": ("listade",), **_AGE},
    "cni_": _CNI,
    "cni_scb_": {"tables": ("cni_underlag",), "params": ("cni.vikter", "cni.referensvarde")},
    "cni_andel": {"params": ("cni.snitt_per_listad", "ersattning_listad.pris_per_viktenhet")},
    "lakemedel": _DRUG,
    "ersattning_lakemedel_total": _DRUG,
    "lakemedelsvikt_jamforelse": {"tables": ("lakemedel_alder",), "params": ("lakemedel.vikter",)},
    "glesbygd_": {
        "tables": ("halsocentraler", "listade", "listade_ort"),
        "params": ("glesbygd.budget_kr", "glesbygd.troskel_km"),
    },
    "kostnad_": {"tables": ("listade", "kostnader")},
}


@registers(
    tables=(
        "halsocentraler",
        "listade",
        "listade_ort",
        "vardbesok_alder",
        "lakemedel_alder",
        "cni_underlag",
        "kostnader",
    ),
    params=("prisniva", *MODEL_ENTRIES.values()),
    by_prefix=NUMBER_INPUTS,
)
def chapter_numbers(
    inputs: ModelInputs, result: ModelResult, vardbesok_alder: pd.DataFrame, lakemedel_alder: pd.DataFrame, year: int
) -> dict[str, str]:
    """Every number the chapter's prose shows, formatted in Swedish, keyed by glue name."""
    p, pc, tot = result.params, result.per_centre, result.totals
    active = pc[pc["listade"] > 0]
    cni, listed = active.set_index("hc_id")["cni"], active.set_index("hc_id")["listade"]
    age, drug = pd.Series(p.aldersvikter), pd.Series(p.lakemedelsvikter)
    i_min, i_max = active["cni"].idxmin(), active["cni"].idxmax()
    base = active["ersattning_listad"] + active["ersattning_cni"] + active["ersattning_glesbygd"]
    gles_share = active["ersattning_glesbygd"] / base
    i_gles = gles_share.idxmax()
    scb = check_scb_table(inputs.cni_underlag, p.cni_vikter, p.cni_referens)
    checks = comparable_checks(result, year)
    derived_age = derive_age_weights(vardbesok_alder)
    derived_drug = derive_drug_weights(lakemedel_alder)
    dev_age = float((derived_age - age.reindex(derived_age.index)).abs().max())
    dev_drug = float((derived_drug - drug.reindex(derived_drug.index)).abs().max())
    costs = pd.Series({k: tot[f"kostnad_{k}"] for k in COST_TYPES})
    by_form = pc.groupby("driftsform")[["ersattning_total", "listade"]].sum()
    per_form = by_form["ersattning_total"] / by_form["listade"]
    numbers = {
        "ar": str(year),
        "prisniva": p.prisniva or str(year),
        "antal_hc": fmt.num(len(active)),
        "antal_listade": fmt.num(tot["listade"]),
        "ersattning_total": fmt.mkr(tot["ersattning_total"]),
        "ersattning_per_listad": fmt.kr(tot["ersattning_total"] / tot["listade"]),
        "andel_listad": fmt.pct(tot["ersattning_listad"] / tot["ersattning_total"]),
        "andel_cni": fmt.pct(tot["ersattning_cni"] / tot["ersattning_total"]),
        "andel_lakemedel": fmt.pct(tot["ersattning_lakemedel"] / tot["ersattning_total"]),
        "andel_glesbygd": fmt.pct(tot["ersattning_glesbygd"] / tot["ersattning_total"], 1),
        # capitation
        "pris_vikt1": fmt.kr(p.pris_per_viktenhet),
        "aldersvikt_min": fmt.num(age.min(), 2),
        "aldersvikt_min_grupp": band_label(age.idxmin()),
        "aldersvikt_max": fmt.num(age.max(), 2),
        "aldersvikt_max_grupp": band_label(age.idxmax()),
        "listad_min_kr": fmt.kr(age.min() * p.pris_per_viktenhet),
        "listad_max_kr": fmt.kr(age.max() * p.pris_per_viktenhet),
        "listad_min_kr_tva_dec": fmt.kr(round(age.min(), 2) * p.pris_per_viktenhet),
        "aldersvikt_jamforelse": _agreement(dev_age),
        "ersattning_listad_total": fmt.mkr(tot["ersattning_listad"]),
        # CNI
        "cni_snitt": fmt.kr(tot["ersattning_cni"] / tot["listade"]),
        "cni_referens": fmt.num(p.cni_referens, 3),
        "cni_min": fmt.num(active.loc[i_min, "cni"], 2),
        "cni_min_hc": str(active.loc[i_min, "namn"]),
        "cni_max": fmt.num(active.loc[i_max, "cni"], 2),
        "cni_max_hc": str(active.loc[i_max, "namn"]),
        "cni_min_kr": fmt.kr(active.loc[i_min, "ersattning_cni"] / active.loc[i_min, "listade"]),
        "cni_max_kr": fmt.kr(active.loc[i_max, "ersattning_cni"] / active.loc[i_max, "listade"]),
        "cni_poang": fmt.kr(cni_point_value(cni, listed, p.cni_snitt_per_listad)),
        "cni_medel": fmt.num(weighted_mean_cni(cni, listed), 2),
        "cni_medel_exakt": fmt.num(weighted_mean_cni(cni, listed), 4),
        "cni_andel": fmt.pct(p.cni_snitt_per_listad / (p.pris_per_viktenhet + p.cni_snitt_per_listad)),
        "cni_pott": fmt.mkr(tot["ersattning_cni"]),
        "cni_scb_antal": fmt.num(len(scb)),
        "cni_scb_stammer": fmt.num(int(scb["inom_avrundning"].sum())),
        "cni_scb_maxdiff": fmt.num(float(scb["differens_cni"].abs().max()), 5),
        # drugs
        "lakemedel_pris": fmt.kr(p.lakemedel_pris),
        "lakemedelsvikt_min": fmt.num(drug.min(), 2),
        "lakemedelsvikt_min_grupp": band_label(drug.idxmin()),
        "lakemedelsvikt_max": fmt.num(drug.max(), 2),
        "lakemedelsvikt_max_grupp": band_label(drug.idxmax()),
        "lakemedel_min_kr": fmt.kr(drug.min() * p.lakemedel_pris),
        "lakemedel_max_kr": fmt.kr(drug.max() * p.lakemedel_pris),
        "lakemedelsvikt_jamforelse": _agreement(dev_drug),
        "ersattning_lakemedel_total": fmt.mkr(tot["ersattning_lakemedel"]),
        "kostnad_lakemedel_total": fmt.mkr(tot["kostnad_lakemedel"]),
        # sparsity
        "glesbygd_budget": fmt.mkr(p.glesbygd_budget),
        "glesbygd_troskel": f"{fmt.num(p.glesbygd_troskel_km)}\u00a0km",
        "glesbygd_max_hc": str(active.loc[i_gles, "namn"]),
        "glesbygd_max_andel": fmt.pct(gles_share[i_gles], 1),
        "glesbygd_lag": fmt.num(int((gles_share < LOW_SPARSITY_SHARE).sum())),
        "glesbygd_lag_grans": fmt.pct(LOW_SPARSITY_SHARE),
        # costs
        "kostnad_total": fmt.mkr(tot["kostnad_total"]),
        "kostnad_storsta_typ": COST_LABELS[costs.idxmax()].lower(),
        "kostnad_storsta_andel": fmt.pct(costs.max() / costs.sum()),
        "kostnad_lof_lol": fmt.mkr(tot["kostnad_lof_lol"]),
        "kostnad_per_listad": fmt.kr(tot["kostnad_total"] / tot["listade"]),
        "kostnad_andel_av_ersattning": fmt.pct(tot["kostnad_total"] / tot["ersattning_total"]),
        # ownership
        "regiondriven_per_listad": fmt.kr(per_form.get("regiondriven", float("nan"))),
        "privat_per_listad": fmt.kr(per_form.get("privat", float("nan"))),
        "antal_regiondrivna": fmt.num(int((active["driftsform"] == "regiondriven").sum())),
        "antal_privata": fmt.num(int((active["driftsform"] == "privat").sum())),
        # checks
        "kontroll_antal": fmt.num(len(checks)),
        "kontroll_stammer": fmt.num(int(checks["stammer"].sum())),
    }
    numbers["per_listad_min_hc"], numbers["per_listad_max_hc"] = _extreme_per_listed(active)
    numbers.update(sentences(result, year))
    return numbers


def _agreement(deviation: float, decimals: int = 4) -> str:
    """How derived weights compare with the parameter file, as a phrase for the prose."""
    if deviation < 0.5 * 10.0**-decimals:
        words = {2: "två", 3: "tre", 4: "fyra"}
        return f"desamma som parameterfilens på {words.get(decimals, decimals)} decimaler"
    return f"högst {fmt.num(deviation, decimals)} från parameterfilens"
