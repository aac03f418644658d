"""A sheet's numbers, formatted the Swedish way and registered like the chapters' glued numbers.

Each function below returns one centre's numbers of one section of its sheet as a flat dict
(key → text); `analysis.register.registers` makes every value a `Number` that knows the function
and its inputs, as `Chapter.glue` expects of a chapter's numbers. `analysis.sheets.context` puts
them into the template, and `analysis.sheets.origin` records them all in one pass (the register
`halsocentralsblad-register.json`/`.csv` and each sheet's section *Siffrornas ursprung*).
"""

from __future__ import annotations

import math

from analysis import formatting as fmt
from analysis.model import CNI_VARIABLES
from analysis.model.compute import PAYMENT_COLUMNS
from analysis.parameters import MODEL_ENTRIES
from analysis.register import registers
from analysis.sheets.compute import Sheets

#: The model's parameter entries behind the compensation (as in chapter 1's register).
MODEL_PARAMS = tuple(MODEL_ENTRIES.values())
MODEL_TABLES = ("halsocentraler", "listade", "listade_ort", "cni_underlag")
NET_TABLES = (*MODEL_TABLES, "kostnader", "patientavgifter")
FOLLOWUP_PARAMS = ("tillganglighet.kommiljard_grans_procent", "tillganglighet.tre_an_mal_procent")
PLACE = {
    "över": "över gränsen",
    "under": "under gränsen",
    "över95": "över 95 %-gränsen",
    "under95": "under 95 %-gränsen",
    "inom": "inom gränserna",
}
#: Scenarios drawn as waterfalls: those with at least this many changes (one change is one step,
#: which the scenario table already shows as its change).
WATERFALL_MIN_CHANGES = 2
MISSING = "–"


def missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def kr(v) -> str:
    return MISSING if missing(v) else fmt.kr(v)


def signed(v) -> str:
    return MISSING if missing(v) else fmt.signed_kr(round(v) or 0)


def pct(v, decimals: int = 1) -> str:
    return MISSING if missing(v) else fmt.pct(v, decimals)


def waterfall_effects(sheets: Sheets) -> list:
    return [e for e in sheets.scenarios if e.steps.shape[1] >= WATERFALL_MIN_CHANGES]


@registers(tables=("halsocentraler", "listade"))
def population_numbers(sheets: Sheets, hc_id: str) -> dict[str, str]:
    """Listed persons, catchment population, the age groups' shares against the region's."""
    c = sheets.centres.loc[hc_id]
    catchment = c.get("upptagningsomrade_befolkning")
    ages = sheets.age_groups.loc[hc_id]
    out = {
        "ar": str(sheets.year),
        "listade": fmt.num(int(c["listade"])),
        "antal_hc": fmt.num(len(sheets.centres)),
        "upptagningsomrade": MISSING if missing(catchment) else fmt.num(catchment),
    }
    for k, group in enumerate(sheets.age_groups.columns):
        out[f"alder_{k}_hc"] = pct(ages[group])
        out[f"alder_{k}_region"] = pct(sheets.region_age_groups[group])
    return out


@registers(tables=MODEL_TABLES, params=MODEL_PARAMS)
def compensation_numbers(sheets: Sheets, hc_id: str) -> dict[str, str]:
    """The 2020 model's compensation by component: per listed person against the region mean, per year."""
    per, reg, money = sheets.per_listed.loc[hc_id], sheets.region_per_listed, sheets.money.loc[hc_id]
    out = {}
    for col in (*PAYMENT_COLUMNS, "ersattning_total"):
        out[f"{col}_per_listad"] = kr(per[col])
        out[f"{col}_region"] = kr(reg[col])
        out[f"{col}_skillnad"] = signed(per[col] - reg[col])
        out[f"{col}_per_ar"] = fmt.mkr(money[col], 2)
    return out


@registers(tables=("halsocentraler", "listade", "cni_underlag"), params=("cni.vikter", "cni.referensvarde"))
def cni_numbers(sheets: Sheets, hc_id: str) -> dict[str, str]:
    """The centre's CNI, the region's listed-weighted mean, and each variable's share and contribution."""
    cni = sheets.money.loc[hc_id, "cni"]
    out = {"cni": MISSING if missing(cni) else fmt.num(cni, 2), "cni_region": fmt.num(sheets.region_cni, 2)}
    for v in CNI_VARIABLES:
        part = sheets.cni_parts.loc[hc_id, v]
        out[f"{v}_hc"] = pct(sheets.cni_shares.loc[hc_id, v])
        out[f"{v}_region"] = pct(sheets.region_cni_shares[v])
        out[f"{v}_bidrag"] = MISSING if missing(part) else fmt.num(part, 3)
    return out


@registers(tables=NET_TABLES, params=MODEL_PARAMS, scenarios=True)
def scenario_numbers(sheets: Sheets, hc_id: str) -> dict[str, str]:
    """Today's net per listed person, each scenario's change, the net with it and the centre's
    rank; each waterfall's steps in whole kronor, adding up to its change as shown."""
    out = {"netto_idag": kr(sheets.scenarios[0].start[hc_id]) if sheets.scenarios else MISSING}
    for e in sheets.scenarios:
        rank, start, end = e.rank.get(hc_id), e.start[hc_id], e.end[hc_id]
        change = e.change[hc_id] if missing(start) or missing(end) else round(end) - round(start)
        out[f"{e.name}_forandring"] = signed(change)
        out[f"{e.name}_med"] = kr(end)
        out[f"{e.name}_plats"] = MISSING if missing(rank) else f"{fmt.num(int(rank))} av {fmt.num(e.n_ranked)}"
    for e in waterfall_effects(sheets):
        p = waterfall_panel(e, hc_id)
        out[f"{e.name}_vattenfall_idag"] = kr(p["start"])
        out[f"{e.name}_vattenfall_med"] = kr(p["end"])
        out[f"{e.name}_vattenfall_forandring"] = signed(p["end"] - p["start"])
        for k, (_label, v) in enumerate(p["steps"]):
            out[f"{e.name}_vattenfall_steg_{k}"] = signed(v)
    return out


@registers(tables=("indikatorer", "besok"), params=FOLLOWUP_PARAMS)
def indicator_numbers(sheets: Sheets, hc_id: str) -> dict[str, str]:
    """Each follow-up indicator: how many it rests on, the centre's and the region's value, the
    place in the funnel plot and the target; values resting on too few are not shown."""
    out = {"minsta_antal": fmt.num(sheets.min_n)}
    rows = sheets.indicators_by_centre.get(hc_id)
    for r in [] if rows is None else rows.itertuples(index=False):
        rate = r.typ == "takt"
        show = (lambda v: MISSING if missing(v) else fmt.num(v)) if rate else pct
        key = f"{r.indikator}_{r.ar}"
        out[f"{key}_n"] = MISSING if missing(r.n) else ("<" + fmt.num(sheets.min_n) if r.undertryckt else fmt.num(r.n))
        out[f"{key}_hc"] = show(r.varde)
        out[f"{key}_region"] = show(r.region)
        if r.undertryckt:
            out[f"{key}_lage"] = "visas inte (för få)"
        else:
            out[f"{key}_lage"] = PLACE.get(r.lage, r.lage) + (" (även justerat)" if r.justerad else "")
        target = MISSING
        if r.mal_etikett:
            value = fmt.num(r.mal) if rate else fmt.pct(r.mal)
            goal = f"minst {value}" if r.mal_riktning == "min" else f"högst {value}"
            target = f"{goal}: {({True: 'ja', False: 'nej'}).get(r.mal_uppfyllt, MISSING)}"
        out[f"{key}_mal"] = target
    return out


#: Every section's numbers, in the order of the sheet (`analysis.sheets.origin` records them).
SECTIONS = (population_numbers, compensation_numbers, cni_numbers, scenario_numbers, indicator_numbers)


def waterfall_panel(e, hc_id: str) -> dict:
    """The waterfall's values for one centre in whole kronor: start, (step label, kr) per change,
    end; the rounded steps add up to the rounded change (`rounded_steps`)."""
    start, end = float(e.start[hc_id]), float(e.end[hc_id])
    if missing(start) or missing(end):  # a centre without listed persons: nothing per listed person
        start = end = 0.0
    labels = [str(label) for label in e.steps.columns]
    steps = rounded_steps(start, e.steps.loc[hc_id].to_numpy(dtype=float), end)
    return {"title": e.title, "start": round(start), "end": round(end), "steps": list(zip(labels, steps))}


def rounded_steps(start: float, steps, end: float) -> list[int]:
    """Steps rounded to whole kronor so that round(start) + Σ steps = round(end) (largest
    remainder: the steps whose rounding moved them most absorb the difference)."""
    if any(map(missing, [start, end, *steps])):
        return [0 for _ in steps]
    rounded = [round(v) for v in steps]
    short = (round(end) - round(start)) - sum(rounded)
    order = sorted(range(len(steps)), key=lambda i: (steps[i] - rounded[i]) * (1 if short > 0 else -1), reverse=True)
    for i in order[: abs(short)]:
        rounded[i] += 1 if short > 0 else -1
    return rounded
