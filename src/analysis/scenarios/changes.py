"""What the change types of the 2020 model do (report §6.1, §9); the side items are in `side_items`.

Each function takes the running state (`engine._State`: the per-centre frame, the cost
responsibilities, central budgets, added money, steps) and one validated change, and changes the
state in place. The order in which they run is `schema.CHANGE_ORDER` (see `engine`).
"""

from __future__ import annotations

import pandas as pd

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
        state.steg.append(Step(change.typ, "redan_borttaget", {"kostnadstyp": typ}))
        return
    cost = float(df[col].sum())
    central = float(change.central_budget_kr) if change.central_budget_kr is not None else cost
    df[col] = 0.0
    state.kostnadsansvar.discard(typ)
    state.centrala_budgetar[label] = state.centrala_budgetar.get(label, 0.0) + central
    values = {"kostnadstyp": typ, "kostnad_i_data_kr": cost, "central_budget_kr": central}
    if change.finansiering == "tillskott":
        state.tillforda[label] = state.tillforda.get(label, 0.0) + central
        retained = float(change.behall_i_ersattning_kr)
        if retained:
            values["fordelning"] = change.fordelning
            if change.fordelning != "fast_kapitering":
                key = distribution_key(df, change.fordelning)
                _scale_fixed(df, _fixed(df) - retained, label)
                df["ersattning_behallna_medel"] += share_out(retained, key)
        values["behall_i_ersattning_kr"] = retained
    else:
        _scale_fixed(df, _fixed(df) - central, label)
    state.steg.append(Step(change.typ, change.finansiering, values))


def _apply_fees(state, change: PatientavgifterIKapitering) -> None:
    df = state.df
    kept = df["utomlans_avgifter"] if "utomlans_behalls" in state.flaggor else 0.0
    pool = float((df["patientavgifter"] - kept).sum())
    key = distribution_key(df, change.fordelning)
    df["patientavgifter"] = 0.0 + kept
    df["ersattning_avgiftspott"] += share_out(pool, key)
    state.avgifter_till_regionen += pool
    state.steg.append(Step(change.typ, "", {"avgifter_kr": pool, "fordelning": change.fordelning}))


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
    state.steg.append(
        Step(
            change.typ,
            change.regel,
            {
                "budget_kr": budget,
                "mottagare": int((new > 0).sum()),
                "grans": change.grans,
                "band": [(b.max_befolkning, b.vikt) for b in change.band or ()],
                "andel_avstand": distance_share,
            },
        )
    )


def _apply_cni(state, change: CniAndel) -> None:
    df = state.df
    before = pot_summary(df)
    redistribute_fixed(df, before["fast_kapitering_kr"], float(change.andel))
    after = pot_summary(df)
    state.steg.append(Step(change.typ, "", {"fore": before, "efter": after}))


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
    values = {
        "hc": int(mask.sum()),
        "kommunkoder": list(change.kommunkoder),
        "glesbygd_kr": sparsity,
        "glesbygd_i_potten": not change.glesbygd,
        "lof_central_kr": None,
    }
    if not change.glesbygd:
        pot += sparsity
        df.loc[mask, "ersattning_glesbygd"] = 0.0
    lof = float(df.loc[mask, "kostnad_lof_lol"].sum())
    if not change.kostnadsansvar_lof_lol and lof > 0:
        pot -= lof
        df.loc[mask, "kostnad_lof_lol"] = 0.0
        label = "LOF/LOL, separat hälsoval"
        state.centrala_budgetar[label] = state.centrala_budgetar.get(label, 0.0) + lof
        values["lof_central_kr"] = lof
    if pot <= 0:
        raise ScenarioRunError("separat_halsoval_ostersund: potten räcker inte till LOF/LOL-kostnaderna")
    share = float(change.cni_andel) if change.cni_andel is not None else before["cni_andel"]
    redistribute_fixed(df, pot, share, mask)
    after = pot_summary(df, mask)
    state.pots["separat"] = after
    state.pots["ovriga"] = pot_summary(df, ~mask)
    state.steg.append(Step(change.typ, "", {"fore": before, "efter": after, "cni_andel": share, **values}))
