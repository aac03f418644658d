"""The chapter "Uppföljning": texts about the region (prose module).

Data status sentences, Jämtland Härjedalen against Riket in Kolada, the trends and the patient
survey's region value, each made from a `FollowUp`. Comparisons ("far from the target", "like
Kolada's") are stated only when computed to hold.
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.chapters.uppfoljning.centres_text import p_phrase
from analysis.indicators import kolada as KO
from analysis.indicators.followup import FollowUp
from analysis.indicators.shortfalls import years_text
from analysis.indicators.trend import Trend
from analysis.status import status_label

FAR_FROM_TARGET = 0.10  # "långt från målet" when at least 10 percentage points below it
MATCHES_KOLADA = 0.005  # pooled centre value within half a percentage point of Kolada's


def swedish_list(items) -> str:
    """`A`, `A och B`, `A, B och C`; `ingen` for an empty list."""
    items = list(items)
    if not items:
        return "ingen"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]


def _pct(v) -> str:
    return fmt.pct(v, 1)


def _trend_words(t: Trend) -> str:
    if t.direction == "ökande":
        return "en tydligt stigande trend"
    if t.direction == "minskande":
        return "en tydligt sjunkande trend"
    return "ingen säker trend åt något håll"


# -- data status ---------------------------------------------------------------------------


def data_note(status: str, fu: FollowUp | None = None) -> str:
    """What the per-centre figures are, in one sentence, from the data status of `indikatorer`."""
    if status == "syntetisk":
        like = " så att regionens samlade värden liknar Koladas" if fu is not None and matches_kolada(fu) else ""
        return (
            f"Värdena per hälsocentral är syntetiska exempeldata: de är framtagna med ett skript{like}, "
            "men skillnaderna mellan hälsocentralerna är påhittade och säger ingenting om en verklig "
            "hälsocentral."
        )
    return (
        "Värdena per hälsocentral kommer från datamängdens tabell över indikatorer och "
        "besök; se rutan om data ovan för källa och status."
    )


def matches_kolada(fu: FollowUp) -> bool:
    """Does the pooled per-centre 3:an equal Kolada's region value for the same year?"""
    f, s, y = fu.funnels.get("tre_an"), fu.summaries.get(KO.KPI_TRE_AN), fu.years.get("tre_an")
    if f is None or s is None or y is None or y not in set(s["ar"]):
        return False
    return abs(f.target - s.set_index("ar").loc[y, "varde"] / 100) <= MATCHES_KOLADA


def kolada_note(status: str) -> str:
    """How to read the region's Kolada values, from the data status of `kolada`."""
    if status == "offentlig statistik":
        return "De är offentlig statistik, alltså verkliga värden."
    return f"Läs dem med datastatusen i rutan ovan: de är {status_label(status).lower()}."


def kolada_sentence(status: str) -> str:
    """The closing chapter's sentence on the Kolada values."""
    if status == "offentlig statistik":
        return "Regionens värden från Kolada är verkliga."
    return f"Regionens värden från Kolada är {status_label(status).lower()}."


# -- Kolada: the region against Riket -------------------------------------------------------

_KOLADA_VERB = {
    KO.KPI_NOLL_AN: ("besvarades {v} av samtalen samma dag i Jämtland Härjedalen", "andelen"),
    KO.KPI_TRE_AN: ("fick {v} av patienterna i Jämtland Härjedalen en medicinsk bedömning inom tre dagar", "andelen"),
}


def kolada_text(fu: FollowUp, kpi: str) -> str:
    """The region's value in the book's year (or the nearest), the latest year, and how often
    it was below Riket; for 3:an also the kömiljard threshold and the target."""
    if kpi not in fu.summaries:
        return fu.note(f"kolada:{kpi}")
    s = fu.summaries[kpi].set_index("ar")
    years = sorted(int(y) for y in s.index)
    first, last = years[0], years[-1]
    before = [y for y in years if y <= fu.year]
    ya = fu.year if fu.year in years else (before[-1] if before else last)
    r = s.loc[ya]
    out = [] if ya == fu.year else [f"Kolada har inget värde för {fu.year}."]
    riket = "" if pd.isna(r["riket"]) else f", mot {_pct(r['riket'] / 100)} i riket"
    out.append(
        f"År {ya} {_KOLADA_VERB[kpi][0].format(v=_pct(r['varde'] / 100))}{riket}; det var plats "
        f"{fmt.num(r['rank'])} av {fmt.num(r['antal_regioner'])} regioner (plats 1 = högst andel)."
    )
    if last != ya:
        rl = s.loc[last]
        vs = "" if pd.isna(rl["riket"]) else f" mot rikets {_pct(rl['riket'] / 100)}"
        out.append(
            f"Det senaste året, {last}, var andelen {_pct(rl['varde'] / 100)}{vs} (plats {fmt.num(rl['rank'])})."
        )
    compared = s.dropna(subset=["riket"])
    if len(compared) >= 2:
        under = int((compared["skillnad"] < 0).sum())
        out.append(
            f"Regionen låg under riket {fmt.num(under)} av de {fmt.num(len(compared))} år "
            f"som båda har värden ({years_text(compared.index)})."
        )
    if kpi == KO.KPI_TRE_AN:
        out += _tre_an_sentences(fu, s)
    brk = KO.SOURCE_BREAKS.get(kpi)
    if brk and first < brk <= last:
        out.append(
            f"Från {brk} hämtas måttet ur en ny källa, så de sista åren går inte helt att jämföra med de tidigare."
        )
    return " ".join(out)


def _tre_an_sentences(fu: FollowUp, s: pd.DataFrame) -> list[str]:
    t = fu.targets
    threshold, target = t["komiljard_troskel"].varde, t["tre_an_mal"].varde
    share = s["varde"] / 100
    out = []
    if len(s) >= 3:
        lo = share.idxmin()
        out.append(f"Lägst var andelen år {int(lo)}, {_pct(share[lo])}.")
    reached = int((share >= threshold).sum())
    hi = share.idxmax()
    gap = target - share[hi]
    where = "långt från målet" if gap >= FAR_FROM_TARGET else "under målet" if gap > 0 else "på eller över målet"
    if len(s) == 1:
        out.append(
            f"Regionen nådde {'' if reached else 'inte '}kömiljardens gräns det året, och andelen "
            f"var {where} {fmt.pct(target)}."
        )
        return out
    riket = s["riket"].dropna() / 100
    vs = f", riket {fmt.num(int((riket >= threshold).sum()))} av {fmt.num(len(riket))}" if len(riket) else ""
    out.append(f"Regionen nådde kömiljardens gräns {fmt.num(reached)} av {fmt.num(len(s))} år{vs}.")
    out.append(f"Regionens bästa år var {int(hi)} med {_pct(share[hi])}, {where} {fmt.pct(target)}.")
    return out


def trend_text(fu: FollowUp) -> str:
    """The odds ratio per year for each KPI with a trend; the shortfall sentence for the others."""
    out = []
    for kpi in (KO.KPI_NOLL_AN, KO.KPI_TRE_AN):
        tr = fu.trends.get(kpi)
        if tr is None:
            out.append(fu.note(f"kolada:{kpi}", f"trend:{kpi}"))
            continue
        yrs = tr.observed["ar"]
        out.append(
            f"För {KO.KPI_SHORT[kpi]} {int(yrs.min())}–{int(yrs.max())} är oddskvoten "
            f"{fmt.num(tr.odds_ratio, 2)} per år (konfidensintervall {fmt.num(tr.or_lower, 2)}–"
            f"{fmt.num(tr.or_upper, 2)}, {p_phrase(tr.p_value)}), alltså {_trend_words(tr)}."
        )
    if fu.trends:
        n = max(len(t.observed) for t in fu.trends.values())
        out.append(
            f"Med högst {fmt.num(n)} årsvärden kan bara en mycket tydlig förändring skiljas från "
            "de vanliga svängningarna mellan åren."
        )
    return " ".join(o for o in out if o)


def npe_kolada_text(fu: FollowUp) -> str:
    """One sentence with Kolada's NPE value for Jämtland Härjedalen and Riket in the NPE year."""
    s = fu.summaries.get(KO.KPI_NPE)
    year = fu.years.get("npe_helhetsintryck")
    if s is None or year is None or year not in set(s["ar"]):
        return "Kolada har inget värde för regionen det året."
    r = s.set_index("ar").loc[year]
    riket = "" if pd.isna(r["riket"]) else f", mot {_pct(r['riket'] / 100)} i riket"
    return (
        f"Enligt Kolada hade {_pct(r['varde'] / 100)} av patienterna i Jämtland Härjedalen "
        f"ett positivt helhetsintryck det året{riket}."
    )
