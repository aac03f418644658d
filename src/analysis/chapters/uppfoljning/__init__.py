"""Chapter 3, "Uppföljning": the follow-up indicators for readers.

`build` computes everything once (`analysis.indicators.followup.follow_up` and the steering
table); `numbers` is what the prose glues; each `figure_*`/`table_*` function shows one figure or
table with its caption, alt text and source. The texts themselves are in `followup_text`,
`region_text`, `centres_text` and `steering_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.chapters.uppfoljning.centres_text import (
    association_display,
    association_download,
    comparison_download,
    comparison_formats,
)
from analysis.chapters.uppfoljning.followup_text import (
    comparison_caption,
    glue_values,
    source_break_text,
)
from analysis.chapters.uppfoljning.steering_text import display_table
from analysis.chapters.uppfoljning.steering_text import glue_values as steering_values
from analysis.figures import indicators as figs
from analysis.indicators import steering as TS
from analysis.indicators.followup import FollowUp, follow_up
from analysis.indicators.kolada import KPI_NOLL_AN, KPI_TRE_AN
from analysis.indicators.targets import targets

STEERING_SOURCE = "indikatorer (0:an, 3:an), besök och parameterfilen (viten); egen beräkning; rapporten §5.2 och §9"


@dataclass
class Uppfoljning:
    """What the chapter shows, computed once from the dataset."""

    dataset: object
    year: int | None
    fu: FollowUp
    g: dict  # the glued numbers of the follow-up (`followup_text.glue_values`)
    steering: pd.DataFrame
    steering_info: dict
    steering_verdicts: dict
    steering_numbers: dict

    def source(self, table: str) -> tuple[str, str]:
        return self.dataset.source(table).rstrip("."), self.dataset.status(table)

    @property
    def limits(self) -> str:
        return f"{self.g['niva_inre']} och {self.g['niva_yttre']}"

    @property
    def komiljard(self) -> tuple[float, str]:
        return self.fu.targets["komiljard_troskel"].varde, f"Kömiljardens gräns {self.g['komiljard']}"


def build(ch, *, year=None, scenario_files=(), kartfil=None, forslagsfil=None) -> Uppfoljning:
    """Compute the follow-up and the steering section for the chapter's dataset and year."""
    ds = ch.dataset
    fu = follow_up(ds, year)
    hc = ds.table("halsocentraler")
    g = glue_values(fu, hc, {t: ds.status(t) for t in ("kolada", "indikatorer")})
    t = targets(ds.params)
    level = t["komiljard_troskel"].varde
    table, info = TS.steering_table(
        ds.table("indikatorer"), ds.table("besok"), hc, level, year, TS.fines_from_params(ds.params, hc)
    )
    verdicts, _ = TS.access_verdicts(ds.table("indikatorer"), level, year)
    return Uppfoljning(ds, year, fu, g, table, info, verdicts, steering_values(table, info, t, ds.params))


def numbers(k: Uppfoljning) -> dict:
    return k.g | k.steering_numbers


def chapter_warnings(dataset, year: int | None = None) -> list[str]:
    """What the chapter will say it could not show for this dataset, one line per case (for validate).

    Runs the chapter's computations and texts, so a dataset that passes here does not stop the chapter.
    """
    fu = follow_up(dataset, year)
    glue_values(fu, dataset.table("halsocentraler"))
    files = {
        name: entry.get("fil")
        for name, entry in (dataset.manifest.get("tabeller") or {}).items()
        if isinstance(entry, dict)
    }
    return [s.warning(files) for s in fu.shortfalls.values()]


# -- figures and tables, in the chapter's order -----------------------------------------------------
def figure_regioner(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g
    kpis = [kpi for kpi in (KPI_NOLL_AN, KPI_TRE_AN) if kpi in fu.panels]
    if not kpis:
        return
    labels = {KPI_NOLL_AN: "0:an – besvarat samma dag", KPI_TRE_AN: "3:an – bedömning inom tre dagar"}
    periods = {KPI_NOLL_AN: f"0:an, {g.get('k0_period')}", KPI_TRE_AN: f"3:an, {g.get('k3_period')}"}
    what = {
        KPI_NOLL_AN: "andel telefonsamtal besvarade samma dag",
        KPI_TRE_AN: "andel medicinska bedömningar inom tre dagar",
    }
    fig = figs.region_comparison(
        [fu.panels[kpi] for kpi in kpis],
        [labels[kpi] for kpi in kpis],
        thresholds=[k.komiljard if kpi == KPI_TRE_AN else None for kpi in kpis],
        breaks=[figs.shown_break(fu.panels[kpi], kpi) for kpi in kpis],
    )
    shown = " och ".join(f"{what[kpi]} ({periods[kpi]})" for kpi in kpis)
    src, status = k.source("kolada")
    ch.figure(
        fig,
        "regioner",
        f"{shown[0].upper() + shown[1:]}. Blå linje: Jämtland Härjedalen, svart streckad: riket, grå: övriga "
        "regioner var för sig."
        + (" Den röda prickade linjen är kömiljardens gräns." if KPI_TRE_AN in kpis else "")
        + " "
        + source_break_text(fu, KPI_NOLL_AN),
        alt="Linjediagram över " + " och ".join(labels[kpi].split(" – ")[0] for kpi in kpis) + " per år för "
        "Jämtland Härjedalen, riket och övriga regioner.",
        source=src,
        status=status,
    )


def figure_trend(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g

    def riket(kpi):
        p = fu.panels[kpi]
        return p[p["roll"] == "riket"][["ar", "andel"]]

    items = []
    if KPI_NOLL_AN in fu.trends:
        items.append(
            {
                "title": "0:an",
                "trend": fu.trends[KPI_NOLL_AN],
                "after": fu.trend_after[KPI_NOLL_AN],
                "reference": riket(KPI_NOLL_AN),
            }
        )
    if KPI_TRE_AN in fu.trends:
        items.append(
            {"title": "3:an", "trend": fu.trends[KPI_TRE_AN], "reference": riket(KPI_TRE_AN), "threshold": k.komiljard}
        )
    if not items:
        return
    parts = [f"{i['title']} ({g['tr' + i['title'][0] + '_period']})" for i in items]
    after = len(fu.trend_after.get(KPI_NOLL_AN, [])) and KPI_NOLL_AN in fu.trends
    fig = figs.trend_figure(items)
    src, status = k.source("kolada")
    ch.figure(
        fig,
        "trend",
        f"Jämtland Härjedalens {' och '.join(parts)} med anpassad trend och {g['niva_inre']} konfidensband "
        "(kvasibinomial GLM med logit-länk och år som förklaring). Riket som jämförelse."
        + (
            f" Ofyllda punkter: 0:an från källbytet, som inte ingår i trendlinjen. {source_break_text(fu, KPI_NOLL_AN)}"
            if after
            else ""
        ),
        alt="Diagram med punkter per år, en rak trendlinje och ett ljusblått band. Oddskvoten per år är "
        + " och ".join(f"{g['tr' + i['title'][0] + '_or']} för {i['title']}" for i in items)
        + ".",
        source=f"{src}; egen beräkning",
        status=status,
    )


def figure_tratt_0an(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g
    if "noll_an" not in fu.funnels:
        return
    hc = k.dataset.table("halsocentraler")
    fig = figs.funnel_plot(
        fu.funnels["noll_an"],
        hc,
        f"0:an per hälsocentral {g['noll_an_ar']}",
        "Antal telefonsamtal",
        "Besvarade samma dag",
        f"Regionen ({g['noll_an_region']})",
    )
    src, status = k.source("indikatorer")
    ch.figure(
        fig,
        "tratt-0an",
        f"Trattdiagram för 0:an {g['noll_an_ar']}: andel samtal besvarade samma dag per hälsocentral mot antal "
        f"samtal, med exakta binomiala kontrollgränser ({k.limits}) kring regionens samlade andel. "
        f"Röd prickad linje: {g['niva_yttre']} med hänsyn till vanlig skillnad mellan hälsocentraler; hälsocentraler "
        "utanför den är namngivna. Färgen visar driftsform.",
        alt=f"Punktdiagram med {g['noll_an_centraler']} hälsocentraler kring en vågrät linje och en smal tratt. "
        f"{g['noll_an_utanfor998']} punkter ligger utanför den yttre tratten.",
        source=src,
        status=status,
    )


def figure_tratt_3an(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g
    if "tre_an" not in fu.funnels:
        return
    hc = k.dataset.table("halsocentraler")
    fig = figs.funnel_plot(
        fu.funnels["tre_an"],
        hc,
        f"3:an per hälsocentral {g['tre_an_ar']}",
        "Antal medicinska bedömningar",
        "Bedömda inom tre dagar",
        f"Regionen ({g['tre_an_region']})",
        reference=k.komiljard,
    )
    src, status = k.source("indikatorer")
    ch.figure(
        fig,
        "tratt-3an",
        f"Trattdiagram för 3:an {g['tre_an_ar']}: andel medicinska bedömningar inom tre dagar per hälsocentral "
        f"mot antal bedömningar, med exakta binomiala kontrollgränser ({k.limits}) kring regionens "
        f"samlade andel och kömiljardens gräns som grön prickad linje. Röd prickad linje: {g['niva_yttre']} "
        "med hänsyn till vanlig skillnad mellan hälsocentraler.",
        alt=f"Punktdiagram med {g['tre_an_centraler']} hälsocentraler, varav {g['tre_an_under_komiljard']} under "
        "kömiljardens gräns.",
        source=src,
        status=status,
    )


def figure_kontinuitet(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g
    if fu.continuity_region is None or not len(fu.continuity_region):
        return
    hc = k.dataset.table("halsocentraler")
    fig = figs.continuity_by_centre(fu.continuity, hc, fu.continuity_region, min_n=fu.min_n)
    src, status = k.source("besok")
    ch.figure(
        fig,
        "kontinuitet",
        f"Kontinuitet per hälsocentral, {g['kont_start']} – {g['kont_ref']}: andel av besöken hos den "
        "läkare (blå) respektive sjuksköterska (orange) som patienten träffat oftast, medelvärde över "
        f"listade patienter med minst {g['kont_besok']} besök hos yrkesgruppen på sin hälsocentral. "
        "Streckade linjer: regionens medelvärde. Sorterat efter läkarkontinuitet.",
        alt="Punktdiagram med en rad per hälsocentral och en punkt per yrkesgrupp och rad.",
        source=f"{src}; egen beräkning",
        status=status,
    )


def figure_tratt_kontinuitet_lakare(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g
    if "kont_lakare" not in fu.funnels:
        return
    hc = k.dataset.table("halsocentraler")
    fig = figs.funnel_plot(
        fu.funnels["kont_lakare"],
        hc,
        "Läkarkontinuitet per hälsocentral",
        "Antal patienter som ingår i måttet",
        "Besök hos den vanligaste läkaren",
        f"Regionen ({g['kont_lakare_region']})",
    )
    src, status = k.source("besok")
    ch.figure(
        fig,
        "tratt-kontinuitet-lakare",
        "Trattdiagram för läkarkontinuitet (MFPC) mot antal patienter som ingår i måttet. Gränserna "
        f"är normalapproximation kring regionens medelvärde med spridningen mellan patienter ({k.limits}); "
        f"röd prickad linje: {g['niva_yttre']} med hänsyn till vanlig skillnad mellan hälsocentraler.",
        alt=f"Punktdiagram med {g['kont_lakare_centraler']} hälsocentraler, varav {g['kont_lakare_utanfor998']} utanför "
        "den yttre tratten.",
        source=f"{src}; egen beräkning",
        status=status,
    )


def figure_tratt_antibiotika(ch, k: Uppfoljning) -> None:
    fu, g = k.fu, k.g
    if "antibiotika" not in fu.funnels:
        return
    hc = k.dataset.table("halsocentraler")
    target = fu.targets["antibiotika_mal"]
    fig = figs.funnel_plot(
        fu.funnels["antibiotika"],
        hc,
        f"Antibiotika per hälsocentral {g['antibiotika_ar']}",
        "Antal listade",
        "Recept per 1 000 listade",
        f"Regionen ({g['antibiotika_region']})",
        pct=False,
        reference=(target.varde, f"Nationellt mål ({g['ab_mal']})"),
    )
    src, status = k.source("indikatorer")
    ch.figure(
        fig,
        "tratt-antibiotika",
        f"Trattdiagram för antibiotikarecept per 1 000 listade {g['antibiotika_ar']} mot antal listade, med "
        f"exakta Poissongränser ({k.limits}) kring regionens samlade takt; grön prickad linje: "
        f"nationellt mål, {g['ab_mal']} recept per 1 000 och år. Källa för målet: {target.kalla}.",
        alt=f"Punktdiagram med {g['antibiotika_centraler']} hälsocentraler kring regionens värde, varav "
        f"{g['antibiotika_over_mal']} över det nationella målet.",
        source=src,
        status=status,
    )


def table_samband(ch, k: Uppfoljning) -> None:
    fu = k.fu
    if not len(fu.associations):
        return
    src, status = k.source("indikatorer")
    ch.table(
        association_display(fu.associations),
        "samband",
        f"Samband mellan indikatorer {k.year} och CNI respektive antal listade, en hälsocentral per "
        "observation. Effekt över 1: högre andel (eller fler recept) ju högre CNI eller ju fler "
        "listade.",
        f"{src}; egen beräkning",
        status,
        download=association_download(fu.associations),
    )


def table_jamforelse(ch, k: Uppfoljning) -> None:
    fu = k.fu
    src, status = k.source("indikatorer")
    visit_src, _ = k.source("besok")
    ch.table(
        fu.comparison,
        "jamforelse",
        comparison_caption(fu, k.g),
        f"{src}; {visit_src}",
        status,
        formats=comparison_formats(),
        download=comparison_download(fu.comparison_download, fu.years),
    )


def figure_tillitskrav(ch, k: Uppfoljning) -> None:
    from analysis.figures.steering import requirement_chart

    fig = requirement_chart(k.steering_verdicts, k.steering_info["niva"])
    ch.figure(
        fig,
        "tillitskrav",
        "Varje hälsocentrals andel för 0:an och 3:an mot antalet samtal respektive "
        "bedömningar. Linjen är kravet; i det skuggade bandet under den ligger en hälsocentral under "
        "kravet men inom slumpen.",
        alt="Två punktdiagram med en punkt per hälsocentral, färgad efter om den klarar kravet.",
        source=STEERING_SOURCE,
        status=TS.data_status(k.dataset),
    )


def table_tillitskrav(ch, k: Uppfoljning) -> None:
    ch.table(
        display_table(k.steering),
        "tillitskrav",
        "Hälsocentralerna mot kraven på 0:an och 3:an, återbesöksmåttet jämfört med regionen och vitet för "
        "öppettider enligt dagens regel. – = för få i underlaget eller inget vite.",
        STEERING_SOURCE,
        TS.data_status(k.dataset),
        download=k.steering,
    )
