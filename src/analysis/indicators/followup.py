"""Everything the chapter "Uppföljning" shows, computed in one place from a dataset.

`follow_up(dataset, year)` returns a `FollowUp` with the Kolada panels, trends, per-centre
values, funnels, continuity, the comparison table and the associations; `glue_values(fu)`
turns its key numbers into the formatted texts the chapter's prose glues. The notebook only
calls these two functions and the figure helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from babel.dates import format_date

from analysis import formatting as fmt
from analysis.register import registers
from analysis.indicators import centres as C
from analysis.indicators import continuity as K
from analysis.indicators import kolada as KO
from analysis.indicators.funnel import (
    LEVELS,
    Funnel,
    binomial_funnel,
    mean_funnel,
    poisson_funnel,
)
from analysis.indicators.suppression import is_suppressed
from analysis.indicators.targets import Target, targets
from analysis.indicators.trend import Trend, glm_trend

ACCESS_KPIS = (KO.KPI_NOLL_AN, KO.KPI_TRE_AN)


@dataclass
class FollowUp:
    year: int
    targets: dict[str, Target]
    min_n: int
    panels: dict[str, pd.DataFrame] = field(default_factory=dict)
    summaries: dict[str, pd.DataFrame] = field(default_factory=dict)
    trends: dict[str, Trend] = field(default_factory=dict)
    trend_after: dict[str, pd.DataFrame] = field(default_factory=dict)
    years: dict[str, int | None] = field(default_factory=dict)
    centre: dict[str, pd.DataFrame] = field(default_factory=dict)
    funnels: dict[str, Funnel] = field(default_factory=dict)
    ref_date: pd.Timestamp | None = None
    continuity: pd.DataFrame | None = None
    continuity_region: pd.DataFrame | None = None
    comparison: pd.DataFrame | None = None
    comparison_download: pd.DataFrame | None = None
    associations: pd.DataFrame | None = None
    n_centres: int = 0


def follow_up(dataset, year: int | None = None) -> FollowUp:
    """Compute the chapter's results from a dataset (anything with `.table(name)`, `.params`)."""
    params = getattr(dataset, "params", None)
    year = int(year if year is not None else dataset.year)
    t = targets(params)
    min_n = int(t["minsta_antal"].varde)
    fu = FollowUp(year=year, targets=t, min_n=min_n)

    kolada = dataset.table("kolada")
    for kpi in ACCESS_KPIS:
        fu.panels[kpi] = KO.region_panel(kolada, kpi)
        fu.summaries[kpi] = KO.jamtland_summary(kolada, kpi)
        s = KO.jamtland_series(kolada, kpi)
        brk = KO.SOURCE_BREAKS.get(kpi)
        fit = s[s.index < brk] if brk else s
        fu.trends[kpi] = glm_trend(fit.index.to_numpy(), share=fit.to_numpy() / 100)
        after = s[s.index >= brk] if brk else s.iloc[0:0]
        fu.trend_after[kpi] = pd.DataFrame({"ar": after.index, "andel": after.to_numpy() / 100})

    try:
        fu.summaries[KO.KPI_NPE] = KO.jamtland_summary(kolada, KO.KPI_NPE)
    except KeyError:
        pass

    hc = dataset.table("halsocentraler")
    fu.n_centres = int(hc["hc_id"].nunique())
    ind = dataset.table("indikatorer")
    for key in C.INDICATORS:
        y = C.indicator_year(ind, key, year)
        fu.years[key] = y
        if y is None:
            continue
        fu.centre[key] = C.centre_values(ind, key, y)
        if C.INDICATORS[key].kind == "takt":
            fu.funnels[key] = poisson_funnel(fu.centre[key], per=C.INDICATORS[key].per, min_n=min_n)
        else:
            fu.funnels[key] = binomial_funnel(fu.centre[key], min_n=min_n)

    besok = dataset.table("besok")
    months = int(t["kontinuitet_manader"].varde)
    visits = int(t["kontinuitet_min_besok"].varde)
    fu.ref_date = K.reference_date(besok, year)
    fu.continuity = K.centre_continuity(
        besok, fu.ref_date, months, visits, centres=hc["hc_id"].tolist()
    )
    fu.continuity_region = K.region_continuity(besok, fu.ref_date, months, visits)
    reg = fu.continuity_region.set_index("yrke")
    for yrke in K.PROFESSIONS:
        if yrke in reg.index:
            fu.funnels[f"kont_{yrke}"] = mean_funnel(
                fu.continuity[fu.continuity["yrke"] == yrke], "mfpc", "patienter",
                target=float(reg.loc[yrke, "mfpc"]), sd=float(reg.loc[yrke, "mfpc_sd"]),
                min_n=min_n,
            )

    fu.comparison, fu.comparison_download, _ = C.comparison_table(
        hc, ind, fu.continuity, year, min_n
    )
    fu.associations = C.association_table(
        ind, dataset.table("cni_underlag"), dataset.table("listade"), year
    )
    return fu


# -- texts for the prose ------------------------------------------------------------------


def swedish_list(items) -> str:
    """`A`, `A och B`, `A, B och C`; `ingen` for an empty list."""
    items = list(items)
    if not items:
        return "ingen"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]


def date_text(d: pd.Timestamp) -> str:
    """`31 december 2020`."""
    return format_date(pd.Timestamp(d).date(), format="d MMMM y", locale="sv_SE")


def _trend_words(t: Trend) -> str:
    if t.direction == "ökande":
        return "en tydligt stigande trend"
    if t.direction == "minskande":
        return "en tydligt sjunkande trend"
    return "ingen säker trend åt något håll"


def _names(fu: FollowUp, hc: pd.DataFrame, ids) -> str:
    names = hc.set_index("hc_id")["namn"]
    return swedish_list(sorted(names.get(i, i) for i in ids))


def standout_text(names: list[str]) -> str:
    """`sticker ingen hälsocentral ut`, `sticker en hälsocentral ut: A`, `sticker 2 … ut: A och B`."""
    if not names:
        return "sticker ingen hälsocentral ut"
    if len(names) == 1:
        return f"sticker en hälsocentral ut: {names[0]}"
    return f"sticker {fmt.num(len(names))} hälsocentraler ut: {swedish_list(names)}"


@registers(tables=("indikatorer",))
def data_note(status: str) -> str:
    """What the per-centre figures are, in one sentence, from the data status of `indikatorer`."""
    if status == "syntetisk":
        return (
            "Värdena per hälsocentral är syntetiska exempeldata: de är framtagna med ett skript "
            "så att regionens samlade värden liknar de publicerade, men skillnaderna mellan "
            "hälsocentralerna är påhittade och säger ingenting om en verklig hälsocentral."
        )
    return (
        "Värdena per hälsocentral kommer från datamängdens tabell över indikatorer och "
        "besök; se rutan om data ovan för källa och status."
    )


def npe_kolada_text(fu: FollowUp) -> str:
    """One sentence with Kolada's NPE value for Jämtland Härjedalen and Riket in the NPE year."""
    s = fu.summaries.get(KO.KPI_NPE)
    year = fu.years.get("npe_helhetsintryck")
    if s is None or year is None or year not in set(s["ar"]):
        return "Kolada har inget värde för regionen det året."
    r = s.set_index("ar").loc[year]
    riket = "" if pd.isna(r["riket"]) else f", mot {fmt.pct(r['riket'] / 100, 1)} i riket"
    return (
        f"Enligt Kolada hade {fmt.pct(r['varde'] / 100, 1)} av patienterna i Jämtland Härjedalen "
        f"ett positivt helhetsintryck det året{riket}."
    )


#: The inputs behind the chapter's numbers, narrowed by the glue name's prefix (register of numbers).
_KOLADA = {"tables": ("kolada",), "params": ("tillganglighet.kommiljard_grans_procent",)}
_CENTRES = {"tables": ("halsocentraler", "indikatorer")}
_VISITS = {"tables": ("halsocentraler", "besok")}
NUMBER_INPUTS = {
    "k0_": _KOLADA, "k3_": _KOLADA, "tr0_": _KOLADA, "tr3_": _KOLADA, "f0_": _CENTRES, "f3_": _CENTRES,
    "fab_": _CENTRES, "fnpe_": _CENTRES, "ftg_": _CENTRES, "fkl_": _VISITS, "fks_": _VISITS, "kont_": _VISITS,
    "npe_": {"tables": ("kolada", "indikatorer")}, "jmf_": {"tables": ("halsocentraler", "indikatorer", "besok")},
    "as": {"tables": ("indikatorer", "cni_underlag", "listade")}, "antal_hc": {"tables": ("halsocentraler",)},
    "komiljard": {"params": ("tillganglighet.kommiljard_grans_procent",)},
    "tre_an_mal": {"params": ("tillganglighet.tre_an_mal_procent",)},
}


@registers(tables=("halsocentraler", "listade", "cni_underlag", "indikatorer", "besok", "kolada"),
           params=("tillganglighet.kommiljard_grans_procent", "tillganglighet.tre_an_mal_procent"),
           by_prefix=NUMBER_INPUTS)
def glue_values(fu: FollowUp, halsocentraler: pd.DataFrame) -> dict[str, str]:
    """The formatted key numbers the chapter's prose glues, by name."""
    g: dict[str, str] = {}
    t = fu.targets
    g["ar"] = str(fu.year)
    g["antal_hc"] = fmt.num(fu.n_centres)
    g["min_n"] = fmt.num(fu.min_n)
    g["komiljard"] = fmt.pct(t["komiljard_troskel"].varde)
    g["tre_an_mal"] = fmt.pct(t["tre_an_mal"].varde)
    g["ab_mal"] = fmt.num(t["antibiotika_mal"].varde)
    g["kont_man"] = fmt.num(t["kontinuitet_manader"].varde)
    g["kont_besok"] = fmt.num(t["kontinuitet_min_besok"].varde)
    g["komiljard_start"] = str(int(t["komiljard_start"].varde))
    g["tg_rapport_ar"] = str(t["tackningsgrad_2016"].ar)
    g["tg_rapport_okning"] = fmt.num(t["tackningsgrad_okning_2016"].varde * 100) + "\u00a0procentenheter"
    inner, outer = min(LEVELS), max(LEVELS)
    g["niva_inre"] = fmt.pct(inner, 0 if round(inner * 100) == inner * 100 else 1)
    g["niva_yttre"] = fmt.pct(outer, 0 if round(outer * 100) == outer * 100 else 1)
    g["inre_en_av"] = fmt.num(round(1 / (1 - inner)))
    g["yttre_en_av"] = fmt.num(round(1 / (1 - outer)))

    # Kolada: Jämtland against Riket and the other regions
    for kpi, p in ((KO.KPI_NOLL_AN, "k0"), (KO.KPI_TRE_AN, "k3")):
        s = fu.summaries[kpi].set_index("ar")
        first, last = int(s.index.min()), int(s.index.max())
        g[f"{p}_forsta_ar"], g[f"{p}_sista_ar"] = str(first), str(last)
        g[f"{p}_jh_forsta"] = fmt.pct(s.loc[first, "varde"] / 100, 1)
        g[f"{p}_jh_sista"] = fmt.pct(s.loc[last, "varde"] / 100, 1)
        g[f"{p}_riket_sista"] = fmt.pct(s.loc[last, "riket"] / 100, 1)
        g[f"{p}_rank_sista"] = fmt.num(s.loc[last, "rank"])
        g[f"{p}_antal_regioner"] = fmt.num(s.loc[last, "antal_regioner"])
        ya = fu.year if fu.year in s.index else last
        g[f"{p}_ar"] = str(ya)
        g[f"{p}_jh_ar"] = fmt.pct(s.loc[ya, "varde"] / 100, 1)
        g[f"{p}_riket_ar"] = fmt.pct(s.loc[ya, "riket"] / 100, 1)
        g[f"{p}_rank_ar"] = fmt.num(s.loc[ya, "rank"])
        g[f"{p}_antal_ar"] = fmt.num(len(s))
        under = (s["skillnad"] < 0).sum()
        g[f"{p}_ar_under_riket"] = fmt.num(under)
        lo = s["varde"].idxmin()
        g[f"{p}_min_ar"], g[f"{p}_min"] = str(int(lo)), fmt.pct(s.loc[lo, "varde"] / 100, 1)
        hi = s["varde"].idxmax()
        g[f"{p}_max_ar"], g[f"{p}_max"] = str(int(hi)), fmt.pct(s.loc[hi, "varde"] / 100, 1)
        tr = fu.trends[kpi]
        yrs = tr.observed["ar"]
        g[f"tr{p[1]}_period"] = f"{int(yrs.min())}–{int(yrs.max())}"
        g[f"tr{p[1]}_or"] = fmt.num(tr.odds_ratio, 2)
        g[f"tr{p[1]}_ki"] = f"{fmt.num(tr.or_lower, 2)}–{fmt.num(tr.or_upper, 2)}"
        g[f"tr{p[1]}_p"] = C.p_phrase(tr.p_value)
        g[f"tr{p[1]}_ord"] = _trend_words(tr)
    s3 = fu.summaries[KO.KPI_TRE_AN].set_index("ar")
    thr = t["komiljard_troskel"].varde * 100
    g["k3_ar_over_komiljard"] = fmt.num((s3["varde"] >= thr).sum())
    g["k3_riket_ar_over_komiljard"] = fmt.num((s3["riket"] >= thr).sum())
    g["k0_brytar"] = str(KO.SOURCE_BREAKS.get(KO.KPI_NOLL_AN, ""))

    # per-centre funnels
    for key, p in (("noll_an", "f0"), ("tre_an", "f3"), ("antibiotika", "fab"),
                   ("npe_helhetsintryck", "fnpe"), ("tackningsgrad", "ftg"),
                   ("kont_lakare", "fkl"), ("kont_sjukskoterska", "fks")):
        f = fu.funnels.get(key)
        if f is None:
            continue
        rate = f.kind == "takt"
        show = (lambda v: fmt.num(v)) if rate else (lambda v: fmt.pct(v, 1))
        pts = f.points
        g[f"{p}_mal"] = show(f.target)
        g[f"{p}_centraler"] = fmt.num(len(pts))
        g[f"{p}_min"], g[f"{p}_max"] = show(pts["varde"].min()), show(pts["varde"].max())
        g[f"{p}_utanfor95"] = fmt.num(int(pts["utanfor_95"].sum()))
        g[f"{p}_utanfor998"] = fmt.num(int(pts["utanfor_998"].sum()))
        g[f"{p}_over"] = fmt.num(int((pts["signal"] == "över").sum()))
        g[f"{p}_under"] = fmt.num(int((pts["signal"] == "under").sum()))
        g[f"{p}_phi"] = fmt.num(f.phi, 1)
        g[f"{p}_justerad"] = fmt.num(int(pts["utanfor_justerad"].sum()))
        g[f"{p}_justerad_namn"] = _names(fu, halsocentraler, f.flagged_adjusted["hc_id"])
        names = halsocentraler.set_index("hc_id")["namn"]
        g[f"{p}_justerad_text"] = standout_text(
            sorted(names.get(i, i) for i in f.flagged_adjusted["hc_id"])
        )
        g[f"{p}_undertryckta"] = fmt.num(f.suppressed)
        if key in fu.years:
            g[f"{p}_ar"] = str(fu.years[key])
    if "tre_an" in fu.centre:
        below, n = C.share_below(fu.funnels["tre_an"].points["varde"], t["komiljard_troskel"].varde)
        g["f3_under_komiljard"] = fmt.num(below)
    g["npe_kolada_text"] = npe_kolada_text(fu)
    if "antibiotika" in fu.funnels:
        pts = fu.funnels["antibiotika"].points
        g["fab_over_mal"] = fmt.num(int((pts["varde"] > t["antibiotika_mal"].varde).sum()))
    if "tackningsgrad" in fu.centre:
        tg = fu.centre["tackningsgrad"]
        g["tg_rapport_2016"] = fmt.pct(t["tackningsgrad_2016"].varde)

    # continuity
    if fu.ref_date is not None:
        g["kont_ref"] = date_text(fu.ref_date)
        g["kont_start"] = date_text(K.window_start(fu.ref_date, int(t["kontinuitet_manader"].varde))
                                    + pd.Timedelta(days=1))
        reg = fu.continuity_region.set_index("yrke")
        for yrke, p in (("lakare", "lak"), ("sjukskoterska", "ssk")):
            if yrke not in reg.index:
                continue
            g[f"kont_pat_{p}"] = fmt.num(reg.loc[yrke, "patienter"])
            g[f"kont_mfpc_{p}"] = fmt.pct(reg.loc[yrke, "mfpc"])
            g[f"kont_coc_{p}"] = fmt.num(reg.loc[yrke, "coc"], 2)
            c = fu.continuity[fu.continuity["yrke"] == yrke]
            ok = c[c["patienter"] >= fu.min_n]
            g[f"kont_min_{p}"] = fmt.pct(ok["mfpc"].min())
            g[f"kont_max_{p}"] = fmt.pct(ok["mfpc"].max())
            g[f"kont_undertryckta_{p}"] = fmt.num(int((c["patienter"] < fu.min_n).sum()))

    # comparison table and associations
    if fu.comparison_download is not None:
        d = fu.comparison_download
        cells = sum(int(is_suppressed(d, col, fu.min_n).sum()) for col in d.columns
                    if col.endswith("_n"))
        g["jmf_undertryckta"] = fmt.num(cells)
    if fu.associations is not None and len(fu.associations):
        a = fu.associations
        for ind, p in (("3:an", "as3"), ("0:an", "as0"), ("Antibiotika per 1 000", "asab")):
            for cov, q in (("CNI", "cni"), ("Antal listade", "stl")):
                row = a[(a["indikator"] == ind) & (a["forklaring"] == cov)]
                if row.empty:
                    continue
                r = row.iloc[0]
                g[f"{p}_{q}_eff"] = fmt.num(r["effekt"], 2)
                g[f"{p}_{q}_ki"] = f"{fmt.num(r['nedre'], 2)}–{fmt.num(r['ovre'], 2)}"
                g[f"{p}_{q}_p"] = C.p_phrase(r["p"])
                g[f"{p}_{q}_steg"] = r["enhet"]
        sig = a[(a["nedre"] > 1) | (a["ovre"] < 1)]
        g["as_antal"] = fmt.num(len(a))
        g["as_tydliga"] = fmt.num(len(sig))
    return g
