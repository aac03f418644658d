"""The optional side items of the parameter file (issue 19) and their cross-check against the centres.

Out-of-county visits, trainees, fines and special duties (docs/data-contract.md, *Side items*):
the scenario engine reads them (`analysis.scenarios.side_items`); `python -m analysis validate`
checks here that every per-centre value names a centre of `halsocentraler` and is a number ≥ 0.
"""

from __future__ import annotations

from analysis.data.errors import Problem

#: Parameter paths in `parametrar.yml`: (group, key) → (per centre?, Swedish description).
SIDE_PARAMETERS: dict[tuple[str, str], tuple[bool, str]] = {
    ("utomlans", "besok"): (True, "besök av patienter från andra regioner per hälsocentral och år"),
    ("utomlans", "ersattning_per_besok_kr"): (False, "ersättning från patientens hemregion, kr per besök"),
    ("utomlans", "avgift_per_besok_kr"): (False, "patientavgift per utomlänsbesök, kr"),
    ("utbildning", "st_lakare"): (True, "ST-läkare per hälsocentral, helårstjänster"),
    ("utbildning", "ptp_psykologer"): (True, "PTP-psykologer per hälsocentral, helårstjänster"),
    ("utbildning", "ersattning_st_kr"): (False, "utbildningsersättning per ST-läkare, kr per helår"),
    ("utbildning", "ersattning_ptp_kr"): (False, "utbildningsersättning per PTP-psykolog, kr per helår"),
    ("tillganglighet", "vite_per_vecka_kr"): (False, "vite per vecka då öppettidskravet inte uppfylls, kr"),
    ("tillganglighet", "vite_max_kr"): (False, "högsta vite per tillfälle, kr"),
    ("tillganglighet", "vite_veckor"): (True, "veckor under året då öppettidskravet inte uppfylldes"),
    ("tillganglighet", "vite_tillfallen"): (True, "tillfällen (perioder) då öppettidskravet inte uppfylldes"),
    ("sarskilda_ataganden", "huvudmannauppdrag_kr"): (False, "regiondrivna hälsocentralers särskilda åtaganden, kr per år"),
    ("sarskilda_ataganden", "e_frikort_kr"): (False, "regiondrivna primärvårdens andel av e-frikortsmodulen, kr per år"),
}


def side_parameter_problems(tables: dict, params) -> list[Problem]:
    """Per-centre side entries: keys must be hc_ids of halsocentraler (numbers are checked elsewhere)."""
    centres = tables.get("halsocentraler")
    data = getattr(params, "data", None)
    if centres is None or "hc_id" not in centres.source.columns or not isinstance(data, dict):
        return []
    known = set(centres.source["hc_id"].astype("str").str.strip())
    expected = f"ett hc_id från {centres.file}"
    problems = []
    for (group, key), (per_centre, what) in SIDE_PARAMETERS.items():
        entry = (data.get(group) or {}).get(key) if isinstance(data.get(group), dict) else None
        if not per_centre or not isinstance(entry, dict):
            continue
        values = entry.get("varden")
        if not isinstance(values, dict):
            problems.append(params.problem((group, key), None, "varden: {hc_id: värde}",
                                           f"väntade nyckeln 'varden' ({what})"))
            continue
        for hc in values:
            if str(hc) not in known:
                problems.append(params.problem((group, key, "varden", str(hc)), hc, expected,
                                               f"okänd hälsocentral '{hc}'"))
    return problems
