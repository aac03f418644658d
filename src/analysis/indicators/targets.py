"""Targets and thresholds the follow-up chapter compares against, each with its source.

The numbers live here and, for a target that belongs to one indicator, in that indicator's row of
`analysis.vocabulary.indicators` (not in the notebook), so that every target the book shows has
one home and one citation. The parameter file wins where it has the number: `tillganglighet.
kommiljard_grans_procent` and `tillganglighet.tre_an_mal_procent` (per cent, converted to shares),
and any entry of an `uppfoljning:` section with the keys below (PolicyEngine style:
`{varde: ..., kalla: ..., status: ...}`).
"""

from __future__ import annotations

from dataclasses import replace

from analysis.vocabulary import indicators as V
from analysis.vocabulary.indicators import Target

#: Targets and thresholds that belong to no single indicator of the table (an indicator's own
#: target, e.g. the antibiotics goal, is its row's `target` in `analysis.vocabulary.indicators`).
THRESHOLDS: dict[str, Target] = {
    "tre_an_mal": Target(1.0, "andel", "Mål för medicinsk bedömning inom tre dagar", "rapporten §7", "publicerad"),
    "tackningsgrad_motion": Target(
        0.71,
        "andel",
        "Täckningsgrad i regionen enligt ett motionssvar",
        "motionssvar december 2017 (underlag 003)",
        "publicerad",
        2016,
    ),
    "komiljard_start": Target(2019, "år", "Kömiljarden återinförd", "rapporten §5.2", "publicerad"),
    "tackningsgrad_okning_motion": Target(
        0.09,
        "andel (procentenheter)",
        "Täckningsgradens ökning från året innan, enligt samma motionssvar",
        "motionssvar december 2017 (underlag 003)",
        "publicerad",
        2016,
    ),
    "kontinuitet_min_besok": Target(
        3, "besök", "Minsta antal besök för kontinuitetsmåttet", "rapporten §7", "publicerad"
    ),
    "kontinuitet_manader": Target(18, "månader", "Mätperiod för kontinuitetsmåttet", "rapporten §7", "publicerad"),
    "minsta_antal": Target(
        5,
        "personer/observationer",
        "Minsta antal bakom en redovisad cell (röjandeskydd)",
        "bokens publiceringsregel",
        "sammanstalld",
    ),
}


def default_targets() -> dict[str, Target]:
    """Every target before the parameter file: the indicators' own and the other thresholds."""
    own = {i.target.key: i.target.default for i in V.INDICATOR_TABLE if i.target is not None}
    return own | THRESHOLDS


# parameter-file entries (section, key) -> (our key, factor to a share)
PARAMETER_ENTRIES = {
    ("tillganglighet", "kommiljard_grans_procent"): ("komiljard_troskel", 0.01),
    ("tillganglighet", "tre_an_mal_procent"): ("tre_an_mal", 0.01),
}


def targets(params: dict | None = None) -> dict[str, Target]:
    """The targets, with the parameter file's entries taking precedence over the defaults."""
    out = default_targets()
    params = params or {}
    for (section, key), (ours, factor) in PARAMETER_ENTRIES.items():
        entry = (params.get(section) or {}).get(key)
        if isinstance(entry, dict) and "varde" in entry:
            out[ours] = replace(
                out[ours],
                varde=entry["varde"] * factor,
                kalla=entry.get("kalla", out[ours].kalla),
                status=entry.get("status", out[ours].status),
            )
    section = params.get("uppfoljning") or {}
    for key, entry in section.items():
        if not isinstance(entry, dict) or "varde" not in entry:
            continue
        base = out.get(key, Target(entry["varde"], "", key, "", ""))
        out[key] = replace(
            base,
            varde=entry["varde"],
            enhet=entry.get("enhet", base.enhet),
            etikett=entry.get("etikett", base.etikett),
            kalla=entry.get("kalla", base.kalla),
            status=entry.get("status", base.status),
        )
    return out
