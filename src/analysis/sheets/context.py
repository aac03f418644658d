"""What a sheet's template is given: one centre's registered numbers and the words around them.

The sheets are Markdown pages rendered from one Jinja template, not notebooks: myst-nb's glue
needs a kernel run per page, and a kernel start and imports per centre (about 3 s) rules out a
national dataset of 1 100 centres. So the numbers are computed by `analysis.sheets.compute`,
formatted and registered by `analysis.sheets.numbers` (each a `analysis.register.Number`), and
arranged here for the template; none is typed into it. docs/sheets.md.
"""

from __future__ import annotations

from analysis import formatting as fmt
from analysis.data.schemas import SCHEMAS
from analysis.figures.style import OWNERSHIP_LABELS
from analysis.model import CNI_SHORT_LABELS, CNI_VARIABLES
from analysis.model.compute import PAYMENT_COLUMNS
from analysis.sheets.compute import FOLLOWUP_TABLES, MODEL_TABLES, Sheets
from analysis.sheets.numbers import (
    SECTIONS,
    kr,
    signed,
    waterfall_effects,
)
from analysis.status import status_label, weakest

COMPONENT_LABELS = {
    "ersattning_listad": "Ersättning listad (ålder)",
    "ersattning_cni": "CNI",
    "ersattning_lakemedel": "Läkemedel",
    "ersattning_glesbygd": "Glesbygd",
    "ersattning_total": "Totalt",
}


def weakest_status(statuses: dict[str, str]) -> str:
    return weakest(statuses.values())


def status_rows(sheets: Sheets) -> list[dict]:
    return [
        {"titel": SCHEMAS[t].title or t if t in SCHEMAS else t, "tabell": t, "status": status_label(sheets.statuses[t])}
        for t in (*MODEL_TABLES, *FOLLOWUP_TABLES)
        if t in sheets.statuses
    ]


def sheet_numbers(sheets: Sheets, hc_id: str) -> dict[str, dict[str, str]]:
    """Each section function's numbers for one centre, by the function's name."""
    return {fn.__name__: fn(sheets, hc_id) for fn in SECTIONS}


def sheet_context(
    sheets: Sheets, hc_id: str, figures: dict[str, str], numbers: dict[str, dict[str, str]] | None = None
) -> dict:
    """Everything the template shows for one centre (`figures`: kind → file relative to the page;
    `numbers`: `sheet_numbers`, computed here when not given)."""
    n = numbers or sheet_numbers(sheets, hc_id)
    pop, pay, cni = n["population_numbers"], n["compensation_numbers"], n["cni_numbers"]
    c = sheets.centres.loc[hc_id]
    groups = list(sheets.age_groups.columns)
    ctx = {
        "hc_id": hc_id,
        "namn": str(c["namn"]),
        "kommun": str(c["kommun"]),
        "driftsform": OWNERSHIP_LABELS.get(c["driftsform"], str(c["driftsform"])).lower(),
        "ar": pop["ar"],
        "datamangd": sheets.dataset_name,
        "listade": pop["listade"],
        "upptagningsomrade": None if pop["upptagningsomrade"] == "–" else pop["upptagningsomrade"],
        "antal_hc": pop["antal_hc"],
        "syntetisk": "syntetisk" in sheets.statuses.values(),
        "status": status_rows(sheets),
        "status_svagast": weakest_status(sheets.statuses),
        "figurer": figures,
    }
    ctx["aldrar"] = [
        {"grupp": g, "hc": pop[f"alder_{k}_hc"], "region": pop[f"alder_{k}_region"]} for k, g in enumerate(groups)
    ]
    old, women = groups.index("65 år och äldre"), groups.index("kvinnor")
    ctx["andel_65"], ctx["andel_65_region"] = pop[f"alder_{old}_hc"], pop[f"alder_{old}_region"]
    ctx["andel_kvinnor"] = pop[f"alder_{women}_hc"]
    ctx["ersattning"] = [
        {
            "del": COMPONENT_LABELS[col],
            "per_listad": pay[f"{col}_per_listad"],
            "region": pay[f"{col}_region"],
            "skillnad": pay[f"{col}_skillnad"],
            "per_ar": pay[f"{col}_per_ar"],
        }
        for col in (*PAYMENT_COLUMNS, "ersattning_total")
    ]
    ctx["total_per_ar"] = pay["ersattning_total_per_ar"]
    ctx["total_per_listad"] = pay["ersattning_total_per_listad"]
    ctx["total_skillnad"] = pay["ersattning_total_skillnad"]
    ctx["cni"], ctx["cni_region"] = cni["cni"], cni["cni_region"]
    ctx["cni_variabler"] = [
        {
            "variabel": CNI_SHORT_LABELS[v],
            "hc": cni[f"{v}_hc"],
            "region": cni[f"{v}_region"],
            "bidrag": cni[f"{v}_bidrag"],
        }
        for v in CNI_VARIABLES
    ]
    s = n["scenario_numbers"]
    ctx["scenarier"] = [
        {
            "titel": e.title,
            "forandring": s[f"{e.name}_forandring"],
            "med_forslaget": s[f"{e.name}_med"],
            "plats": s[f"{e.name}_plats"],
        }
        for e in sheets.scenarios
    ]
    ctx["netto_idag"] = s["netto_idag"]
    ctx["vattenfall"] = [_waterfall(e, s) for e in waterfall_effects(sheets)]
    ctx["indikatorer"] = _indicators(sheets, hc_id, n["indicator_numbers"])
    ctx["minsta_antal"] = n["indicator_numbers"]["minsta_antal"]
    return ctx


def _waterfall(e, s: dict[str, str]) -> dict:
    steps = [str(label) for label in e.steps.columns]
    return {
        "titel": e.title,
        "idag": s[f"{e.name}_vattenfall_idag"],
        "med_forslaget": s[f"{e.name}_vattenfall_med"],
        "forandring": s[f"{e.name}_vattenfall_forandring"],
        "steg": [{"steg": label, "kr": s[f"{e.name}_vattenfall_steg_{k}"]} for k, label in enumerate(steps)],
    }


def _indicators(sheets: Sheets, hc_id: str, numbers: dict[str, str]) -> list[dict]:
    rows = sheets.indicators_by_centre.get(hc_id)
    if rows is None:
        return []
    out = []
    for r in rows.itertuples(index=False):
        key = f"{r.indikator}_{r.ar}"
        out.append(
            {
                "indikator": f"{r.etikett} ({r.ar})",
                "n": numbers[f"{key}_n"],
                "hc": numbers[f"{key}_hc"],
                "region": numbers[f"{key}_region"],
                "lage": numbers[f"{key}_lage"],
                "mal": numbers[f"{key}_mal"],
            }
        )
    return out


def overview_rows(sheets: Sheets, slugs: dict[str, str], main: str | None) -> list[dict]:
    """One row per centre for the overview, in Swedish alphabetical order."""
    from analysis.chapters.ersattningsmodell.presentation import swedish_sort_key

    c = sheets.centres
    order = c.sort_values("namn", key=swedish_sort_key, kind="stable").index
    effect = next((e for e in sheets.scenarios if e.name == main), None)
    rows = []
    for hc_id in order:
        rows.append(
            {
                "namn": str(c.loc[hc_id, "namn"]),
                "slug": slugs[hc_id],
                "kommun": str(c.loc[hc_id, "kommun"]),
                "listade": fmt.num(int(c.loc[hc_id, "listade"])),
                "per_listad": kr(sheets.per_listed.loc[hc_id, "ersattning_total"]),
                "forslag": signed(effect.change[hc_id]) if effect is not None else None,
            }
        )
    return rows
