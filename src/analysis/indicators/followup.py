"""Everything the chapter "Uppföljning" shows, computed in one place from a dataset.

`follow_up(dataset, year)` returns a `FollowUp` with the Kolada panels, trends, per-centre
values, funnels, continuity, the comparison table and the associations. What cannot be computed
from the dataset (too few years for a trend, too few centres for a funnel, no visits in the
continuity period, …) is left out and recorded in `FollowUp.shortfalls` with a Swedish sentence
(`analysis.indicators.shortfalls`); `analysis.chapters.uppfoljning.chapter_warnings(dataset)` lists them
for `validate`. The chapter's texts are made from a `FollowUp` in `analysis.chapters.uppfoljning`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.indicators import centres as C
from analysis.indicators import continuity as K
from analysis.indicators import kolada as KO
from analysis.indicators import shortfalls as S
from analysis.indicators.funnel import Funnel, binomial_funnel, mean_funnel, poisson_funnel
from analysis.indicators.targets import Target, targets
from analysis.indicators.trend import Trend, glm_trend
from analysis.vocabulary import indicators as V

ACCESS_KPIS = (KO.KPI_NOLL_AN, KO.KPI_TRE_AN)
PROFESSION_MEASURES = {"lakare": "läkarkontinuiteten", "sjukskoterska": "sjuksköterskekontinuiteten"}
PROFESSION_FUNNELS = {"lakare": "läkarkontinuitet", "sjukskoterska": "sjuksköterskekontinuitet"}
TABLES = ("halsocentraler", "listade", "cni_underlag", "indikatorer", "besok", "kolada")


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
    shortfalls: dict[str, S.Shortfall] = field(default_factory=dict)

    def note(self, *keys: str) -> str:
        """The sentences of the shortfalls with these keys (empty text if there are none)."""
        return " ".join(self.shortfalls[k].text for k in keys if k in self.shortfalls)

    def _add(self, shortfall: S.Shortfall | None) -> bool:
        if shortfall is not None:
            self.shortfalls[shortfall.key] = shortfall
        return shortfall is not None


def follow_up(dataset, year: int | None = None) -> FollowUp:
    """Compute the chapter's results from a dataset (anything with `.table(name)`, `.params`)."""
    params = getattr(dataset, "params", None)
    year = int(year if year is not None else dataset.year)
    t = targets(params)
    fu = FollowUp(year=year, targets=t, min_n=int(t["minsta_antal"].varde))
    _region_series(fu, dataset.table("kolada"))
    hc = dataset.table("halsocentraler")
    fu.n_centres = int(hc["hc_id"].nunique())
    ind = dataset.table("indikatorer")
    _centre_funnels(fu, ind)
    _continuity(fu, dataset.table("besok"), hc)
    fu.comparison, fu.comparison_download, _ = C.comparison_table(hc, ind, fu.continuity, year, fu.min_n)
    cni, listade = dataset.table("cni_underlag"), dataset.table("listade")
    for info in V.INDICATOR_TABLE:
        y = fu.years.get(info.key)
        if info.associations and y is not None:
            n = C.association_centres(ind, cni, listade, info.key, y)
            fu._add(S.association_check(info.key, info.in_sentence, y, n))
    fu.associations = C.association_table(ind, cni, listade, year)
    return fu


def _region_series(fu: FollowUp, kolada: pd.DataFrame) -> None:
    """Kolada panels and summaries per KPI, and the trend where there are enough years."""
    for kpi in ACCESS_KPIS:
        label = KO.KPI_SHORT[kpi]
        try:
            s = KO.jamtland_series(kolada, kpi)
        except KeyError:
            s = pd.Series(dtype="float64")
        if s.empty:
            fu._add(S.no_region_series(kpi, label))
            continue
        fu.panels[kpi] = KO.region_panel(kolada, kpi)
        fu.summaries[kpi] = KO.jamtland_summary(kolada, kpi)
        brk = KO.SOURCE_BREAKS.get(kpi)
        fit = s[s.index < brk] if brk else s
        after = s[s.index >= brk] if brk else s.iloc[0:0]
        fu.trend_after[kpi] = pd.DataFrame({"ar": after.index, "andel": after.to_numpy() / 100})
        if fu._add(S.trend_check(kpi, label, fit.index, brk, s.index)):
            continue
        with warnings.catch_warnings():  # a separation warning is judged by the result below
            warnings.simplefilter("ignore")
            trend = glm_trend(fit.index.to_numpy(), share=fit.to_numpy() / 100)
        if np.isfinite([trend.odds_ratio, trend.or_lower, trend.or_upper]).all() and trend.or_upper < 1e6:
            fu.trends[kpi] = trend
        else:
            fu._add(S.trend_unstable(kpi, label, fit.index))
    try:
        fu.summaries[KO.KPI_NPE] = KO.jamtland_summary(kolada, KO.KPI_NPE)
    except KeyError:
        pass


def _centre_funnels(fu: FollowUp, ind: pd.DataFrame) -> None:
    """Per-centre values and a funnel per indicator, where the data allow."""
    for key, info in V.INDICATORS.items():
        y = C.indicator_year(ind, key, fu.year)
        fu.years[key] = y
        if y is None:
            years = C.indicator_years(ind, key)
            fu._add(S.indicator_missing(key, info.in_sentence, fu.year, years))
            continue
        values = C.centre_values(ind, key, y)
        fu.centre[key] = values
        usable = int((values["namnare"] >= fu.min_n).sum())
        if fu._add(S.funnel_check(key, info.in_sentence, y, usable, info.unit, fu.min_n)):
            continue
        if info.kind == "takt":
            fu.funnels[key] = poisson_funnel(values, per=info.per, min_n=fu.min_n)
        else:
            fu.funnels[key] = binomial_funnel(values, min_n=fu.min_n)


def _continuity(fu: FollowUp, besok: pd.DataFrame, hc: pd.DataFrame) -> None:
    """Continuity per centre and region for the period ending on 31 December of the year."""
    t = fu.targets
    months = int(t["kontinuitet_manader"].varde)
    visits = int(t["kontinuitet_min_besok"].varde)
    fu.ref_date = K.reference_date(besok, fu.year)
    start = K.window_start(fu.ref_date, months)
    period = f"{S.date_text(start + pd.Timedelta(days=1))} – {S.date_text(fu.ref_date)}"
    dates = pd.to_datetime(besok["datum"])
    first, last = (dates.min(), dates.max()) if len(dates) else (None, None)
    years = tuple(sorted(int(y) for y in dates.dt.year.dropna().unique()))
    covered = (
        ""
        if first is None
        else (f"{S.date_text(max(first, start + pd.Timedelta(days=1)))} – {S.date_text(min(last, fu.ref_date))}")
    )
    gap = S.continuity_coverage(first, last, start, fu.ref_date, period, covered, visits, years)
    fu._add(gap)
    fu.continuity = K.centre_continuity(besok, fu.ref_date, months, visits, centres=hc["hc_id"].tolist())
    fu.continuity_region = K.region_continuity(besok, fu.ref_date, months, visits)
    if gap is not None and not gap.partial:
        return
    reg = fu.continuity_region.set_index("yrke")
    for yrke, measure in PROFESSION_MEASURES.items():
        if yrke not in reg.index:
            fu._add(S.no_eligible_patients(yrke, measure, period, visits, years))
            continue
        c = fu.continuity[fu.continuity["yrke"] == yrke]
        usable = int((c["patienter"] >= fu.min_n).sum())
        if fu._add(
            S.funnel_check(
                f"kont_{yrke}",
                PROFESSION_FUNNELS[yrke],
                None,
                usable,
                "patienter i måttet",
                fu.min_n,
                table="besok",
                years=years,
            )
        ):
            continue
        fu.funnels[f"kont_{yrke}"] = mean_funnel(
            c,
            "mfpc",
            "patienter",
            target=float(reg.loc[yrke, "mfpc"]),
            sd=float(reg.loc[yrke, "mfpc_sd"]),
            min_n=fu.min_n,
        )
