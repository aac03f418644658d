"""What a sheet's template is given: every number already computed and formatted the Swedish way.

The sheets are Markdown pages rendered from one Jinja template, not notebooks: myst-nb's glue
needs a kernel run per page, and a kernel start and imports per centre (about 3 s) rules out a
national dataset of 1 100 centres. So the numbers are "glued" here instead: computed by
`analysis.sheets.compute` and formatted by `analysis.formatting`, never typed into the template.
"""

from __future__ import annotations

import math

from analysis import formatting as fmt
from analysis.data.schemas import SCHEMAS
from analysis.figures.style import OWNERSHIP_LABELS
from analysis.model import CNI_SHORT_LABELS, CNI_VARIABLES
from analysis.model.compute import PAYMENT_COLUMNS
from analysis.sheets.compute import FOLLOWUP_TABLES, MODEL_TABLES, Sheets
from analysis.status import status_label, weakest

COMPONENT_LABELS = {
    "ersattning_listad": "Ersättning listad (ålder)", "ersattning_cni": "CNI",
    "ersattning_lakemedel": "Läkemedel", "ersattning_glesbygd": "Glesbygd", "ersattning_total": "Totalt",
}
PLACE = {"över": "över gränsen", "under": "under gränsen", "över95": "över 95 %-gränsen",
         "under95": "under 95 %-gränsen", "inom": "inom gränserna"}
#: Scenarios drawn as waterfalls: those with at least this many changes (one change is one step,
#: which the scenario table already shows as its change).
WATERFALL_MIN_CHANGES = 2


def _kr(v) -> str:
    return "–" if _missing(v) else fmt.kr(v)


def _signed(v) -> str:
    return "–" if _missing(v) else fmt.signed_kr(round(v) or 0)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _pct(v, decimals: int = 1) -> str:
    return "–" if _missing(v) else fmt.pct(v, decimals)


def weakest_status(statuses: dict[str, str]) -> str:
    return weakest(statuses.values())


def status_rows(sheets: Sheets) -> list[dict]:
    return [{"titel": SCHEMAS[t].title or t if t in SCHEMAS else t, "tabell": t,
             "status": status_label(sheets.statuses[t])}
            for t in (*MODEL_TABLES, *FOLLOWUP_TABLES) if t in sheets.statuses]


def waterfall_effects(sheets: Sheets) -> list:
    return [e for e in sheets.scenarios if e.steps.shape[1] >= WATERFALL_MIN_CHANGES]


def sheet_context(sheets: Sheets, hc_id: str, figures: dict[str, str]) -> dict:
    """Everything the template shows for one centre (`figures`: kind → file relative to the page)."""
    c = sheets.centres.loc[hc_id]
    listed = int(c["listade"])
    per, reg = sheets.per_listed.loc[hc_id], sheets.region_per_listed
    money = sheets.money.loc[hc_id]
    catchment = c.get("upptagningsomrade_befolkning")
    ctx = {
        "hc_id": hc_id, "namn": str(c["namn"]), "kommun": str(c["kommun"]),
        "driftsform": OWNERSHIP_LABELS.get(c["driftsform"], str(c["driftsform"])).lower(),
        "ar": str(sheets.year), "datamangd": sheets.dataset_name, "listade": fmt.num(listed),
        "upptagningsomrade": None if _missing(catchment) else fmt.num(catchment),
        "antal_hc": fmt.num(len(sheets.centres)),
        "syntetisk": "syntetisk" in sheets.statuses.values(),
        "status": status_rows(sheets), "status_svagast": weakest_status(sheets.statuses),
        "figurer": figures,
    }
    ages = sheets.age_groups.loc[hc_id]
    ctx["aldrar"] = [{"grupp": g, "hc": _pct(ages[g]), "region": _pct(sheets.region_age_groups[g])}
                     for g in sheets.age_groups.columns]
    ctx["andel_65"] = _pct(ages["65 år och äldre"])
    ctx["andel_65_region"] = _pct(sheets.region_age_groups["65 år och äldre"])
    ctx["andel_kvinnor"] = _pct(ages["kvinnor"])
    ctx["ersattning"] = [
        {"del": COMPONENT_LABELS[col], "per_listad": _kr(per[col]), "region": _kr(reg[col]),
         "skillnad": _signed(per[col] - reg[col]), "per_ar": fmt.mkr(money[col], 2)}
        for col in (*PAYMENT_COLUMNS, "ersattning_total")]
    ctx["total_per_ar"] = fmt.mkr(money["ersattning_total"], 2)
    ctx["total_per_listad"] = _kr(per["ersattning_total"])
    ctx["total_skillnad"] = _signed(per["ersattning_total"] - reg["ersattning_total"])
    ctx["cni"] = fmt.num(money["cni"], 2) if not _missing(money["cni"]) else "–"
    ctx["cni_region"] = fmt.num(sheets.region_cni, 2)
    ctx["cni_variabler"] = [
        {"variabel": CNI_SHORT_LABELS[v], "hc": _pct(sheets.cni_shares.loc[hc_id, v]),
         "region": _pct(sheets.region_cni_shares[v]),
         "bidrag": "–" if _missing(sheets.cni_parts.loc[hc_id, v]) else fmt.num(sheets.cni_parts.loc[hc_id, v], 3)}
        for v in CNI_VARIABLES]
    ctx["scenarier"] = [_scenario_row(e, hc_id) for e in sheets.scenarios]
    ctx["netto_idag"] = _kr(sheets.scenarios[0].start[hc_id]) if sheets.scenarios else "–"
    ctx["vattenfall"] = [_waterfall(e, hc_id) for e in waterfall_effects(sheets)]
    ctx["indikatorer"] = _indicators(sheets, hc_id)
    return ctx


def _scenario_row(e, hc_id: str) -> dict:
    rank = e.rank.get(hc_id)
    start, end = e.start[hc_id], e.end[hc_id]
    change = e.change[hc_id] if _missing(start) or _missing(end) else round(end) - round(start)  # adds up as shown
    return {"titel": e.title, "forandring": _signed(change),
            "med_forslaget": _kr(e.end[hc_id]),
            "plats": "–" if _missing(rank) else f"{fmt.num(int(rank))} av {fmt.num(e.n_ranked)}"}


def waterfall_panel(e, hc_id: str) -> dict:
    """The waterfall's values for one centre in whole kronor: start, (step label, kr) per change,
    end; the rounded steps add up to the rounded change (`rounded_steps`)."""
    start, end = float(e.start[hc_id]), float(e.end[hc_id])
    if _missing(start) or _missing(end):  # a centre without listed persons: nothing per listed person
        start = end = 0.0
    labels = [str(label) for label in e.steps.columns]
    steps = rounded_steps(start, e.steps.loc[hc_id].to_numpy(dtype=float), end)
    return {"title": e.title, "start": round(start), "end": round(end), "steps": list(zip(labels, steps))}


def rounded_steps(start: float, steps, end: float) -> list[int]:
    """Steps rounded to whole kronor so that round(start) + Σ steps = round(end) (largest
    remainder: the steps whose rounding moved them most absorb the difference)."""
    if any(map(_missing, [start, end, *steps])):
        return [0 for _ in steps]
    rounded = [round(v) for v in steps]
    short = (round(end) - round(start)) - sum(rounded)
    order = sorted(range(len(steps)), key=lambda i: (steps[i] - rounded[i]) * (1 if short > 0 else -1),
                   reverse=True)
    for i in order[:abs(short)]:
        rounded[i] += 1 if short > 0 else -1
    return rounded


def _waterfall(e, hc_id: str) -> dict:
    p = waterfall_panel(e, hc_id)
    return {"titel": e.title, "idag": _kr(p["start"]), "med_forslaget": _kr(p["end"]),
            "forandring": _signed(p["end"] - p["start"]),
            "steg": [{"steg": label, "kr": _signed(v)} for label, v in p["steps"]]}


def _indicators(sheets: Sheets, hc_id: str) -> list[dict]:
    rows = sheets.indicators_by_centre.get(hc_id)
    if rows is None:
        return []
    out = []
    for r in rows.itertuples(index=False):
        rate = r.typ == "takt"
        show = (lambda v: "–" if _missing(v) else fmt.num(v)) if rate else _pct
        n = "–" if _missing(r.n) else ("<" + fmt.num(sheets.min_n) if r.undertryckt else fmt.num(r.n))
        if r.undertryckt:
            place = "visas inte (för få)"
        else:
            place = PLACE.get(r.lage, r.lage) + (" (även justerat)" if r.justerad else "")
        target = "–"
        if r.mal_etikett:
            value = fmt.num(r.mal) if rate else fmt.pct(r.mal)
            goal = f"minst {value}" if r.mal_riktning == "min" else f"högst {value}"
            met = {True: "ja", False: "nej"}.get(r.mal_uppfyllt, "–")
            target = f"{goal}: {met}"
        out.append({"indikator": f"{r.etikett} ({r.ar})", "n": n, "hc": show(r.varde),
                    "region": show(r.region), "lage": place, "mal": target})
    return out


def overview_rows(sheets: Sheets, slugs: dict[str, str], main: str | None) -> list[dict]:
    """One row per centre for the overview, in Swedish alphabetical order."""
    from analysis.chapters.ersattningsmodell.presentation import swedish_sort_key

    c = sheets.centres
    order = c.sort_values("namn", key=swedish_sort_key, kind="stable").index
    effect = next((e for e in sheets.scenarios if e.name == main), None)
    rows = []
    for hc_id in order:
        rows.append({"namn": str(c.loc[hc_id, "namn"]), "slug": slugs[hc_id], "kommun": str(c.loc[hc_id, "kommun"]),
                     "listade": fmt.num(int(c.loc[hc_id, "listade"])),
                     "per_listad": _kr(sheets.per_listed.loc[hc_id, "ersattning_total"]),
                     "forslag": _signed(effect.change[hc_id]) if effect is not None else None})
    return rows
