"""The texts of the chapter "Uppföljning", made from a `FollowUp` (prose module).

`glue_values(fu, halsocentraler, statuses)` returns every text the chapter glues, by name. Texts
that depend on what the dataset allows are whole paragraphs: each says what was found, or, when
an analysis could not be done, the `Shortfall` sentence that says why. Every year, period and
number comes from the data or the parameter file. The region's texts (Kolada, trends, data
status) are in `analysis.chapters.uppfoljning.region_text`; this module has the centres' texts and the
glue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.chapters.uppfoljning.centres_text import p_phrase, step_text
from analysis.chapters.uppfoljning.region_text import (
    _pct,
    data_note,
    kolada_note,
    kolada_sentence,
    kolada_text,
    npe_kolada_text,
    swedish_list,
    trend_text,
)
from analysis.indicators import centres as C
from analysis.indicators import kolada as KO
from analysis.indicators.followup import FollowUp
from analysis.indicators.funnel import LEVELS, Funnel
from analysis.indicators.shortfalls import (
    MIN_ASSOCIATION_CENTRES,
    MIN_FUNNEL_CENTRES,
    MIN_TREND_YEARS,
    date_text,
)
from analysis.indicators.suppression import is_suppressed
from analysis.register import registers
from analysis.vocabulary.indicators import ACCESS_INDICATORS

__all__ = ["glue_values", "caption_values", "comparison_caption", "source_break_text", "standout_text", "swedish_list"]


def standout_text(names: list[str]) -> str:
    """`sticker ingen hälsocentral ut`, `sticker en hälsocentral ut: A`, `sticker 2 … ut: A och B`."""
    if not names:
        return "sticker ingen hälsocentral ut"
    if len(names) == 1:
        return f"sticker en hälsocentral ut: {names[0]}"
    return f"sticker {fmt.num(len(names))} hälsocentraler ut: {swedish_list(names)}"


# -- per-centre funnels ----------------------------------------------------------------------


def _funnel_missing(fu: FollowUp, key: str) -> str:
    if key.startswith("kont_"):
        return fu.note(f"tratt:{key}") or (
            f"Därför finns inget trattdiagram för {'läkar' if key == 'kont_lakare' else 'sjuksköterske'}kontinuiteten."
        )
    return fu.note(f"indikator:{key}", f"tratt:{key}")


def _show(f: Funnel):
    return (lambda v: fmt.num(v)) if f.kind == "takt" else _pct


def _standout(f: Funnel, hc: pd.DataFrame) -> str:
    names = hc.set_index("hc_id")["namn"]
    return standout_text(sorted(names.get(i, i) for i in f.flagged_adjusted["hc_id"]))


def funnel_text(fu: FollowUp, key: str, hc: pd.DataFrame) -> str:
    """What the funnel for `key` shows, or why there is none."""
    f = fu.funnels.get(key)
    if f is None:
        return _funnel_missing(fu, key)
    show, pts, year = _show(f), f.points, fu.years.get(key)
    outside = fmt.num(int(pts["utanfor_998"].sum()))
    centres = fmt.num(len(pts))
    adjusted = f"med hänsyn till vanlig skillnad mellan hälsocentraler {_standout(f, hc)}."
    spread = f"{show(pts['varde'].min())} och {show(pts['varde'].max())}"
    if key == "tre_an":
        below, _ = C.share_below(pts["varde"], fu.targets["komiljard_troskel"].varde)
        return (
            f"För 3:an {year} låg {fmt.num(below)} av {centres} hälsocentraler under kömiljardens "
            f"{fmt.pct(fu.targets['komiljard_troskel'].varde)}; regionens samlade värde var "
            f"{show(f.target)} och hälsocentralerna låg mellan {spread}. {outside} låg utanför den "
            f"yttre gränsen; {adjusted}"
        )
    if key == "antibiotika":
        goal = fu.targets["antibiotika_mal"].varde
        over = fmt.num(int((pts["varde"] > goal).sum()))
        return (
            f"År {year} låg regionen på {show(f.target)} recept per 1 000 listade, och {over} av "
            f"{centres} hälsocentraler låg över målet {fmt.num(goal)}. Hälsocentralerna låg mellan "
            f"{spread}; {outside} låg utanför den yttre gränsen; {adjusted}"
        )
    if key.startswith("kont_"):
        return (
            f"{outside} av {centres} hälsocentraler ligger utanför den yttre gränsen för "
            f"{'läkar' if key == 'kont_lakare' else 'sjuksköterske'}kontinuitet; {adjusted}"
        )
    over, under = (fmt.num(int((pts["signal"] == s).sum())) for s in ("över", "under"))
    phi = (
        ""
        if not np.isfinite(f.phi)
        else (f": spridningen är ungefär {fmt.num(f.phi, 1)} gånger så stor som slumpen ensam skulle ge")
    )
    return (
        f"För {C.INDICATORS[key].short} {year} låg hälsocentralerna mellan {spread}, kring regionens "
        f"{show(f.target)}. {outside} av {centres} låg utanför den yttre gränsen ({over} över och "
        f"{under} under){phi}. Med hänsyn till den vanliga skillnaden mellan hälsocentraler "
        f"{_standout(f, hc)}."
    )


def npe_text(fu: FollowUp) -> str:
    """The latest patient survey up to the year: Kolada's region value and the centres' values."""
    year = fu.years.get("npe_helhetsintryck")
    if year is None:
        return fu.note("indikator:npe_helhetsintryck")
    out = [f"Den senaste mätningen till och med {fu.year} är från {year}.", npe_kolada_text(fu)]
    f = fu.funnels.get("npe_helhetsintryck")
    if f is None:
        return " ".join(out + [fu.note("tratt:npe_helhetsintryck")])
    pts = f.points
    n = float(pts["n"].median())
    half = 1.96 * np.sqrt(f.target * (1 - f.target) / n)
    out.append(
        f"I hälsocentralernas data var {_pct(f.target)} av svaren positiva, och hälsocentralerna låg "
        f"mellan {_pct(pts['varde'].min())} och {_pct(pts['varde'].max())}. En hälsocentral har i "
        f"mitten av fördelningen {fmt.num(n)} svar, vilket ger en osäkerhet på ungefär ±"
        f"{fmt.num(half * 100, 1)} procentenheter i dess värde; {fmt.num(int(pts['utanfor_998'].sum()))} "
        f"av {fmt.num(len(pts))} låg utanför den yttre gränsen ({fmt.pct(max(LEVELS), 1)})."
    )
    return " ".join(out)


def coverage_text(fu: FollowUp) -> str:
    """Täckningsgrad in the latest year: the region and the range over centres."""
    year, c = fu.years.get("tackningsgrad"), fu.centre.get("tackningsgrad")
    if year is None or c is None:
        return fu.note("indikator:tackningsgrad")
    ok = c[c["namnare"] >= fu.min_n]["varde"]
    region = c["taljare"].sum() / c["namnare"].sum()
    spread = f", och hälsocentralerna låg mellan {_pct(ok.min())} och {_pct(ok.max())}" if len(ok) else ""
    return f"År {year} var den {_pct(region)} i regionen som helhet{spread}."


# -- continuity and associations -------------------------------------------------------------

_PROFESSION_TEXT = {
    "lakare": ("läkare", "läkarbesöken hos den läkare patienten träffat oftast", "läkarkontinuiteten"),
    "sjukskoterska": (
        "sjuksköterskor",
        "sjuksköterskebesöken hos den vanligaste sjuksköterskan",
        "sjuksköterskekontinuiteten",
    ),
}


def continuity_text(fu: FollowUp) -> str:
    """Eligible patients, mean MFPC and COC per profession, and the range between centres."""
    whole = fu.shortfalls.get("kontinuitet")
    if whole is not None and not whole.partial:
        return whole.text
    out = [whole.text] if whole is not None else []
    reg = fu.continuity_region.set_index("yrke")
    for yrke, (who, visits, measure) in _PROFESSION_TEXT.items():
        if yrke not in reg.index:
            out.append(fu.note(f"kontinuitet:{yrke}"))
            continue
        r = reg.loc[yrke]
        c = fu.continuity[(fu.continuity["yrke"] == yrke) & (fu.continuity["patienter"] >= fu.min_n)]
        spread = (
            (
                f"; mellan hälsocentralerna varierade {measure} från {fmt.pct(c['mfpc'].min())} till "
                f"{fmt.pct(c['mfpc'].max())}"
            )
            if len(c)
            else ""
        )
        out.append(
            f"För {who} uppfyllde {fmt.num(r['patienter'])} patienter villkoret, och i genomsnitt gjordes "
            f"{fmt.pct(r['mfpc'])} av {visits} (COC {fmt.num(r['coc'], 2)}){spread}."
        )
    return " ".join(o for o in out if o)


def association_text(fu: FollowUp, status: str) -> str:
    """How many associations exclude 1, the 3:an–CNI one, and what the table can say."""
    a = fu.associations
    notes = fu.note(*(k for k in fu.shortfalls if k.startswith("samband:")))
    if a is None or a.empty:
        return " ".join(x for x in (notes, "Inga samband kunde skattas med den här datamängden.") if x)
    sig = a[(a["nedre"] > 1) | (a["ovre"] < 1)]
    out = [
        f"{fmt.num(len(sig)) if len(sig) else 'Inget'} av de {fmt.num(len(a))} sambanden har ett "
        "konfidensintervall som utesluter 1."
    ]
    row = a[(a["indikator"] == "3:an") & (a["forklaring"] == "CNI")]
    if len(row):
        r = row.iloc[0]
        out.append(
            f"För 3:an är oddskvoten per {step_text(r)} CNI {fmt.num(r['effekt'], 2)} "
            f"(konfidensintervall {fmt.num(r['nedre'], 2)}–{fmt.num(r['ovre'], 2)}, "
            f"{p_phrase(r['p'])})."
        )
    out.append(
        f"Med {fmt.num(int(a['centraler'].max()))} hälsocentraler och ett enda år kan bara stora "
        "samband upptäckas, och ett samband säger inget om orsak."
    )
    if status == "syntetisk":
        out.append("Med syntetiska värden per hälsocentral säger tabellen bara hur analysen går till.")
    if notes:
        out.append(notes)
    return " ".join(out)


# -- everything the chapter glues ---------------------------------------------------------------


_KOLADA = {"tables": ("kolada",)}
_CENTRES = {"tables": ("halsocentraler", "indikatorer")}
_VISITS = {"tables": ("halsocentraler", "besok")}
#: The inputs of the chapter's texts, narrowed by the glue name's prefix (the register of numbers).
NUMBER_INPUTS = {
    "k0_": _KOLADA,
    "k3_": _KOLADA,
    "tr": _KOLADA,
    "trend_": _KOLADA,
    "kolada_": _KOLADA,
    "data_not_kolada": _KOLADA,
    "regioner_": _KOLADA,
    "min_trend_": _KOLADA,
    "f0_": _CENTRES,
    "f3_": _CENTRES,
    "fab_": _CENTRES,
    "fnpe_": _CENTRES,
    "ftg_": _CENTRES,
    "tg_": _CENTRES,
    "data_not_hc": _CENTRES,
    "min_tratt_": _CENTRES,
    "fkl_": _VISITS,
    "fks_": _VISITS,
    "kont_": _VISITS,
    "npe_": {"tables": ("kolada", "indikatorer")},
    "jmf_": {"tables": ("halsocentraler", "indikatorer", "besok")},
    "as_": {"tables": ("indikatorer", "cni_underlag", "listade")},
    "min_samband_": {"tables": ("indikatorer",)},
    "antal_hc": {"tables": ("halsocentraler",)},
    "komiljard": {"params": ("tillganglighet.kommiljard_grans_procent",)},
    "tre_an_mal": {"params": ("tillganglighet.tre_an_mal_procent",)},
}


@registers(
    tables=("halsocentraler", "listade", "cni_underlag", "indikatorer", "besok", "kolada"),
    params=("tillganglighet.kommiljard_grans_procent", "tillganglighet.tre_an_mal_procent"),
    by_prefix=NUMBER_INPUTS,
)
def glue_values(fu: FollowUp, halsocentraler: pd.DataFrame, statuses: dict[str, str] | None = None) -> dict[str, str]:
    """Every text the chapter's prose glues, by name; present whatever the dataset allows.

    `statuses` maps table names (`kolada`, `indikatorer`) to their data status.
    """
    statuses = statuses or {}
    hc = halsocentraler
    t = fu.targets
    inner, outer = min(LEVELS), max(LEVELS)
    g = {
        "ar": str(fu.year),
        "antal_hc": fmt.num(fu.n_centres),
        "min_n": fmt.num(fu.min_n),
        "komiljard": fmt.pct(t["komiljard_troskel"].varde),
        "tre_an_mal": fmt.pct(t["tre_an_mal"].varde),
        "ab_mal": fmt.num(t["antibiotika_mal"].varde),
        "kont_man": fmt.num(t["kontinuitet_manader"].varde),
        "kont_besok": fmt.num(t["kontinuitet_min_besok"].varde),
        "komiljard_start": str(int(t["komiljard_start"].varde)),
        "tg_rapport_ar": str(t["tackningsgrad_motion"].ar),
        "tg_motion": fmt.pct(t["tackningsgrad_motion"].varde),
        "tg_rapport_okning": fmt.num(t["tackningsgrad_okning_motion"].varde * 100) + "\u00a0procentenheter",
        "niva_inre": fmt.pct(inner, 0 if round(inner * 100) == inner * 100 else 1),
        "niva_yttre": fmt.pct(outer, 0 if round(outer * 100) == outer * 100 else 1),
        "inre_en_av": fmt.num(round(1 / (1 - inner))),
        "yttre_en_av": fmt.num(round(1 / (1 - outer))),
        "kont_ref": date_text(fu.ref_date),
        "kont_start": date_text(
            fu.ref_date - pd.DateOffset(months=int(t["kontinuitet_manader"].varde)) + pd.Timedelta(days=1)
        ),
        "min_trend_ar": fmt.num(MIN_TREND_YEARS),
        "min_tratt_hc": fmt.num(MIN_FUNNEL_CENTRES),
        "min_samband_hc": fmt.num(MIN_ASSOCIATION_CENTRES),
        "data_not_hc": data_note(statuses.get("indikatorer", ""), fu),
        "data_not_kolada": kolada_note(statuses.get("kolada", "")),
        "kolada_mening": kolada_sentence(statuses.get("kolada", "")),
        "regioner_figur_text": (
            "Figuren nedan visar Jämtland Härjedalen mot riket och mot var och en av de andra regionerna."
            if fu.panels
            else "Kolada-tabellen i datamängden har inga värden för 0:an eller 3:an att visa."
        ),
        "k0_text": kolada_text(fu, KO.KPI_NOLL_AN),
        "k3_text": kolada_text(fu, KO.KPI_TRE_AN),
        "trend_text": trend_text(fu),
        "npe_text": npe_text(fu),
        "tg_text": coverage_text(fu),
        "kont_text": continuity_text(fu),
        "as_text": association_text(fu, statuses.get("indikatorer", "")),
    }
    for key, p in (("noll_an", "f0"), ("tre_an", "f3"), ("antibiotika", "fab"), ("kont_lakare", "fkl")):
        g[f"{p}_text"] = funnel_text(fu, key, hc)
    d = fu.comparison_download
    g["jmf_undertryckta"] = fmt.num(
        sum(int(is_suppressed(d, col, fu.min_n).sum()) for col in d.columns if col.endswith("_n"))
    )
    g.update(caption_values(fu))
    return g


def caption_values(fu: FollowUp) -> dict[str, str]:
    """Short numbers the figure captions and alt texts use, for the figures that exist."""
    g: dict[str, str] = {}
    for kpi, p in ((KO.KPI_NOLL_AN, "k0"), (KO.KPI_TRE_AN, "k3")):
        if kpi in fu.summaries:
            s = fu.summaries[kpi].set_index("ar")
            g[f"{p}_period"] = f"{int(s.index.min())}–{int(s.index.max())}"
            g[f"{p}_antal_ar"] = fmt.num(len(s))
            g[f"{p}_ar_under_riket"] = fmt.num(int((s["skillnad"] < 0).sum()))
            share = s["varde"] / 100
            g[f"{p}_ar_over_komiljard"] = fmt.num(int((share >= fu.targets["komiljard_troskel"].varde).sum()))
        if kpi in fu.trends:
            tr = fu.trends[kpi]
            g[f"tr{p[1]}_period"] = f"{int(tr.observed['ar'].min())}–{int(tr.observed['ar'].max())}"
            g[f"tr{p[1]}_or"] = fmt.num(tr.odds_ratio, 2)
    for key, f in fu.funnels.items():
        pts = f.points
        g[f"{key}_region"] = _show(f)(f.target)
        g[f"{key}_centraler"] = fmt.num(len(pts))
        g[f"{key}_utanfor998"] = fmt.num(int(pts["utanfor_998"].sum()))
        if fu.years.get(key) is not None:
            g[f"{key}_ar"] = str(fu.years[key])
    if "tre_an" in fu.funnels:
        below, _ = C.share_below(fu.funnels["tre_an"].points["varde"], fu.targets["komiljard_troskel"].varde)
        g["tre_an_under_komiljard"] = fmt.num(below)
    if "antibiotika" in fu.funnels:
        pts = fu.funnels["antibiotika"].points
        g["antibiotika_over_mal"] = fmt.num(int((pts["varde"] > fu.targets["antibiotika_mal"].varde).sum()))
    return g


def comparison_caption(fu: FollowUp, g: dict[str, str]) -> str:
    """Caption of the comparison table: each shown indicator with the year it is from."""
    y = fu.years
    parts = []
    access = [k for k in ACCESS_INDICATORS if y.get(k) is not None]
    if access and len({y[k] for k in access}) == 1:
        parts.append(f"{' och '.join(C.INDICATORS[k].short for k in access)} {y[access[0]]}")
    else:
        parts += [f"{C.INDICATORS[k].short} {y[k]}" for k in access]
    parts.append(
        "kontinuitet (andel besök hos den vanligaste läkaren respektive sjuksköterskan, "
        f"{g['kont_start']} – {g['kont_ref']})"
    )
    if y.get("antibiotika") is not None:
        parts.append(f"antibiotikarecept per 1 000 listade {y['antibiotika']}")
    if y.get("npe_helhetsintryck") is not None:
        parts.append(f"andel positivt helhetsintryck i patientenkäten {y['npe_helhetsintryck']}")
    return f"Hälsocentralerna jämförda: {swedish_list(parts)}. – = färre än {g['min_n']} i underlaget."


def source_break_text(fu: FollowUp, kpi: str) -> str:
    """`0:an mäts med en ny källa från …` when the region's series crosses the change of source."""
    brk = KO.SOURCE_BREAKS.get(kpi)
    s = fu.summaries.get(kpi)
    if not brk or s is None or not (s["ar"].min() < brk <= s["ar"].max()):
        return ""
    return f"{KO.KPI_SHORT[kpi]} mäts med en ny källa från {brk}."
