"""What the change types of the 2020 model do (report §6.1, §9); the side items are in `side_items`.

Each function takes the running state (`engine._State`: the per-centre frame, the cost
responsibilities, central budgets, added money, steps) and one validated change, and changes the
state in place. The order in which they run is `schema.CHANGE_ORDER` (see `engine`).
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.scenarios.money import (
    ScenarioRunError,
    Step,
    distribution_key,
    pot_summary,
    redistribute_fixed,
    share_out,
)
from analysis.scenarios.money import fixed_pot as _fixed
from analysis.scenarios.money import scale_fixed as _scale_fixed
from analysis.scenarios.schema import (
    DISTRIBUTIONS,
    CniAndel,
    GlesbygdUpptagningsomrade,
    PatientavgifterIKapitering,
    SeparatHalsovalOstersund,
    TaBortKostnadsansvar,
)
from analysis.vocabulary import COST_LABELS


def _apply_remove_cost(state, change: TaBortKostnadsansvar) -> None:
    df, typ = state.df, change.kostnadstyp
    col, label = f"kostnad_{typ}", COST_LABELS[typ]
    if typ not in state.kostnadsansvar:
        state.steg.append(Step(change.typ, f"{label}: redan borttaget",
                               f"Hälsocentralerna bär inte kostnaden för {label.lower()}; inget ändras."))
        return
    cost = float(df[col].sum())
    central = float(change.central_budget_kr) if change.central_budget_kr is not None else cost
    df[col] = 0.0
    state.kostnadsansvar.discard(typ)
    state.centrala_budgetar[label] = state.centrala_budgetar.get(label, 0.0) + central
    values = {"kostnad_i_data_kr": cost, "central_budget_kr": central}
    if change.finansiering == "tillskott":
        state.tillforda[label] = state.tillforda.get(label, 0.0) + central
        retained = float(change.behall_i_ersattning_kr)
        text = (f"Hälsocentralerna slutar bära kostnaden för {label} ({fmt.mkr(cost)} i datamängden). "
                f"Regionen betalar den ur en ny central budget på {fmt.mkr(central)} (tillförda medel).")
        if retained:
            text += f" {fmt.mkr(retained)} stannar i hälsovalsersättningen och fördelas {DISTRIBUTIONS[change.fordelning]}."
            if change.fordelning != "fast_kapitering":
                key = distribution_key(df, change.fordelning)
                _scale_fixed(df, _fixed(df) - retained, label)
                df["ersattning_behallna_medel"] += share_out(retained, key)
        values["behall_i_ersattning_kr"] = retained
    else:
        _scale_fixed(df, _fixed(df) - central, label)
        text = (f"Hälsocentralerna slutar bära kostnaden för {label.lower()} ({fmt.mkr(cost)}). "
                f"Lika mycket ({fmt.mkr(central)}) lyfts ur den fasta kapiteringen (alla hälsocentraler "
                "i proportion) till en central budget; regionens kostnad är oförändrad.")
    state.steg.append(Step(change.typ, f"{label} ur kostnadsansvaret", text, values))


def _apply_fees(state, change: PatientavgifterIKapitering) -> None:
    df = state.df
    kept = df["utomlans_avgifter"] if "utomlans_behalls" in state.flaggor else 0.0
    pool = float((df["patientavgifter"] - kept).sum())
    key = distribution_key(df, change.fordelning)
    df["patientavgifter"] = 0.0 + kept
    df["ersattning_avgiftspott"] += share_out(pool, key)
    state.avgifter_till_regionen += pool
    state.steg.append(Step(
        change.typ, "Patientavgifter in i kapiteringen",
        f"Hälsocentralerna behåller inte längre patientavgifterna ({fmt.mkr(pool)}); regionen tar in dem "
        f"och betalar tillbaka samma summa som kapitering, fördelad {DISTRIBUTIONS[change.fordelning]}.",
        {"avgifter_kr": pool},
    ))


def catchment_weights(population: pd.Series, change: GlesbygdUpptagningsomrade) -> pd.Series:
    """Sparsity weight per centre from its catchment population (rule in the scenario file).

    linjar: w = max(0, grans − P); band: w = vikt of the first band with P ≤ max_befolkning.
    """
    pop = population.astype("float64")
    if change.regel == "linjar":
        return (float(change.grans) - pop).clip(lower=0.0)
    weights = pd.Series(0.0, index=pop.index)
    assigned = pd.Series(False, index=pop.index)
    for band in change.band:
        hit = (~assigned) & (pop <= band.max_befolkning)
        weights[hit] = band.vikt
        assigned |= hit
    return weights


def _apply_sparsity(state, change: GlesbygdUpptagningsomrade) -> None:
    df = state.df
    if "upptagningsomrade_befolkning" not in df.columns or df["upptagningsomrade_befolkning"].isna().any():
        raise ScenarioRunError(
            "glesbygd_upptagningsomrade kräver kolumnen 'upptagningsomrade_befolkning' i tabellen "
            "halsocentraler för varje hälsocentral"
        )
    old = df["ersattning_glesbygd"].copy()
    before = float(old.sum())
    budget = float(change.budget_kr) if change.budget_kr is not None else before
    if budget != before:
        _scale_fixed(df, _fixed(df) - (budget - before), "glesbygdsbudgeten")
    weights = catchment_weights(df["upptagningsomrade_befolkning"], change)
    distance_share = change.andel_avstand if before > 0 else 0.0
    if weights.sum() <= 0 and distance_share < 1:
        raise ScenarioRunError(
            "glesbygd_upptagningsomrade: ingen hälsocentral får glesbygdsersättning med den regeln "
            "(alla upptagningsområden är större än gränsen)"
        )
    new = pd.Series(0.0, index=df.index)
    if distance_share:
        new += distance_share * budget * old / before
    if distance_share < 1:
        new += share_out((1.0 - distance_share) * budget, weights)
    df["ersattning_glesbygd"] = new
    rule = (f"vikt = max(0, {fmt.num(change.grans)} − invånare i upptagningsområdet)"
            if change.regel == "linjar" else
            "vikt efter storleksband: " + ", ".join(
                f"högst {fmt.num(b.max_befolkning)} invånare → {fmt.num(b.vikt, 1)}" for b in change.band))
    text = (f"Glesbygdsbudgeten ({fmt.mkr(budget)}) fördelas per hälsocentral efter upptagningsområdets "
            f"storlek ({rule})")
    text += (f"; {fmt.pct(distance_share)} fördelas fortfarande efter avstånd." if distance_share else
             " i stället för efter de listades avstånd till Östersunds sjukhus.")
    state.steg.append(Step(change.typ, "Glesbygdsersättning efter upptagningsområde", text,
                           {"budget_kr": budget, "mottagare": int((new > 0).sum())}))


def _apply_cni(state, change: CniAndel) -> None:
    df = state.df
    before = pot_summary(df)
    redistribute_fixed(df, before["fast_kapitering_kr"], float(change.andel))
    after = pot_summary(df)
    state.steg.append(Step(
        change.typ, "Ny CNI-andel",
        f"CNI:s andel av den fasta kapiteringen ({fmt.mkr(before['fast_kapitering_kr'])}) ändras från "
        f"{fmt.pct(before['cni_andel'], 1)} till {fmt.pct(after['cni_andel'], 1)}. Priset per viktenhet blir "
        f"{fmt.kr(after['pris_per_viktenhet'])} (förut {fmt.kr(before['pris_per_viktenhet'])}) och CNI-pengen i "
        f"snitt {fmt.kr(after['cni_per_listad'])} per listad (förut {fmt.kr(before['cni_per_listad'])}).",
        {"fore": before, "efter": after},
    ))


def _apply_ostersund(state, change: SeparatHalsovalOstersund) -> None:
    df = state.df
    mask = df["kommunkod"].isin(change.kommunkoder)
    if not mask.any():
        raise ScenarioRunError(
            f"separat_halsoval_ostersund: ingen hälsocentral har kommunkod {', '.join(change.kommunkoder)}"
        )
    if mask.all():
        raise ScenarioRunError("separat_halsoval_ostersund: alla hälsocentraler ligger i det separata hälsovalet")
    before = pot_summary(df, mask)
    pot = before["fast_kapitering_kr"]
    sparsity = float(df.loc[mask, "ersattning_glesbygd"].sum())
    parts = []
    if not change.glesbygd:
        pot += sparsity
        df.loc[mask, "ersattning_glesbygd"] = 0.0
        parts.append(f"ingen glesbygdsersättning ({fmt.mkr(sparsity)} stannar i potten)")
    lof = float(df.loc[mask, "kostnad_lof_lol"].sum())
    if not change.kostnadsansvar_lof_lol and lof > 0:
        pot -= lof
        df.loc[mask, "kostnad_lof_lol"] = 0.0
        label = "LOF/LOL, separat hälsoval"
        state.centrala_budgetar[label] = state.centrala_budgetar.get(label, 0.0) + lof
        parts.append(f"inget kostnadsansvar för LOF/LOL (potten betalar en central budget på {fmt.mkr(lof)})")
    if pot <= 0:
        raise ScenarioRunError("separat_halsoval_ostersund: potten räcker inte till LOF/LOL-kostnaderna")
    share = float(change.cni_andel) if change.cni_andel is not None else before["cni_andel"]
    redistribute_fixed(df, pot, share, mask)
    after = pot_summary(df, mask)
    parts.append(f"CNI-andel {fmt.pct(share, 1)} (förut {fmt.pct(before['cni_andel'], 1)})")
    state.pots["separat"] = after
    state.pots["ovriga"] = pot_summary(df, ~mask)
    state.steg.append(Step(
        change.typ, "Separat hälsoval för Östersund",
        f"{_centres_phrase(int(mask.sum()))} i kommun {', '.join(change.kommunkoder)} får en egen pott "
        f"({fmt.mkr(before['fast_kapitering_kr'] + sparsity)}: deras fasta kapitering och glesbygdsersättning), med "
        + "; ".join(parts) + ". Övriga länet är oförändrat.",
        {"fore": before, "efter": after, "hc": int(mask.sum())},
    ))


def _centres_phrase(n: int) -> str:
    return "Den enda hälsocentralen" if n == 1 else f"De {n} hälsocentralerna"


