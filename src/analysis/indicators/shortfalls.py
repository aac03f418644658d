"""What the follow-up chapter could not compute from a dataset, and why, in Swedish.

Some analyses need a minimum amount of data: a trend line needs at least three yearly values, a
funnel plot a few centres above the small-number limit, the continuity measure visits that cover
its measuring period, a regression across centres at least five centres. With less, the chapter
does not stop: `analysis.indicators.followup.follow_up` records a `Shortfall` instead of the
result, the chapter prints its sentence where the figure or paragraph would have been, and
`python -m analysis validate` lists the same shortfalls as warnings before a build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_TREND_YEARS = 3
MIN_FUNNEL_CENTRES = 3
MIN_ASSOCIATION_CENTRES = 5


@dataclass(frozen=True)
class Shortfall:
    """One analysis the chapter could not do (or did on less data than it needs)."""

    key: str  # e.g. "trend:N79173", "tratt:tre_an", "kontinuitet"
    table: str  # the dataset table that lacks the data
    indicator: str  # reader label, e.g. "3:an"
    years: tuple[int, ...]  # the years the table has for it (may be empty)
    text: str  # the sentence shown in the book
    partial: bool = False  # True: computed, but on less data than the method assumes

    def warning(self, files: dict[str, str] | None = None) -> str:
        """One line for `validate`: table (file), indicator, years and the sentence."""
        file = (files or {}).get(self.table)
        table = f"tabellen '{self.table}'" + (f" ({file})" if file else "")
        years = f"år {years_text(self.years)}" if self.years else "inga år"
        return f"{table}, {self.indicator}, {years}: {self.text}"


def date_text(d) -> str:
    """A date in Swedish: day, month name and year."""
    import pandas as pd
    from babel.dates import format_date

    return format_date(pd.Timestamp(d).date(), format="d MMMM y", locale="sv_SE")


def years_text(years: Iterable[int]) -> str:
    """`2020`, `2020 och 2021`, `2016–2021` (consecutive), `2017, 2019 och 2021`."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return "inga år"
    if len(ys) >= 3 and ys[-1] - ys[0] == len(ys) - 1:
        return f"{ys[0]}–{ys[-1]}"
    words = [str(y) for y in ys]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def count_text(n: int, one: str, many: str) -> str:
    """`ingen hälsocentral`, `en hälsocentral`, `2 hälsocentraler`."""
    if n == 0:
        return f"ingen {one}"
    return f"en {one}" if n == 1 else f"{n} {many}"


def no_region_series(kpi: str, label: str) -> Shortfall:
    return Shortfall(
        f"kolada:{kpi}",
        "kolada",
        label,
        (),
        f"Kolada-tabellen i datamängden har inga värden för {label} för Jämtland Härjedalen, så "
        "regionens utveckling kan inte visas.",
    )


def trend_check(
    kpi: str, label: str, years: Iterable[int], source_break: int | None, all_years: Iterable[int]
) -> Shortfall | None:
    """A trend needs `MIN_TREND_YEARS` yearly values (before a change of source, if any)."""
    years = sorted(int(y) for y in years)
    if len(years) >= MIN_TREND_YEARS:
        return None
    which = f"före källbytet {source_break} " if source_break and len(years) < len(list(all_years)) else ""
    have = f"bara för {years_text(years)}" if years else "inte för något år"
    return Shortfall(
        f"trend:{kpi}",
        "kolada",
        label,
        tuple(sorted(int(y) for y in all_years)),
        f"Trenden för {label} kan inte beräknas: Kolada har regionens värde {which}{have}, och en "
        f"trendlinje kräver minst {MIN_TREND_YEARS} år.",
    )


def trend_unstable(kpi: str, label: str, years: Iterable[int]) -> Shortfall:
    """The fit did not give a finite odds ratio (values at or very near 0 or 100 %)."""
    years = tuple(sorted(int(y) for y in years))
    return Shortfall(
        f"trend:{kpi}",
        "kolada",
        label,
        years,
        f"Trenden för {label} kan inte skattas: regionens värden {years_text(years)} ligger så nära 0 "
        "eller 100 % att modellen inte ger någon säker oddskvot.",
    )


def indicator_missing(key: str, label: str, year: int, years: Iterable[int]) -> Shortfall:
    years = tuple(sorted(int(y) for y in years))
    later = f" (tabellen har bara {years_text(years)})" if years else ""
    return Shortfall(
        f"indikator:{key}",
        "indikatorer",
        label,
        years,
        f"Tabellen över indikatorer har inga värden för {label} till och med {year}{later}, så "
        "hälsocentralerna kan inte jämföras på den punkten.",
    )


def funnel_check(
    key: str,
    label: str,
    year: int | None,
    centres: int,
    unit: str,
    min_n: int,
    table: str = "indikatorer",
    years: tuple[int, ...] = (),
) -> Shortfall | None:
    """A funnel plot needs `MIN_FUNNEL_CENTRES` centres with at least `min_n` in the denominator."""
    if centres >= MIN_FUNNEL_CENTRES:
        return None
    when = f" ({year})" if year is not None else ""
    return Shortfall(
        f"tratt:{key}",
        table,
        label,
        years or ((year,) if year is not None else ()),
        f"Trattdiagrammet för {label}{when} kan inte ritas: "
        f"{count_text(centres, 'hälsocentral', 'hälsocentraler')} har minst {min_n} {unit}, och "
        f"diagrammet kräver minst {MIN_FUNNEL_CENTRES}.",
    )


def continuity_coverage(
    first, last, start, ref, period: str, covered: str, visits: int, years: tuple[int, ...]
) -> Shortfall | None:
    """Visits must cover the whole measuring period (start, ref]; `period`/`covered` are its texts."""
    import pandas as pd

    if first is None or pd.isna(first) or last < start or first > ref:
        return Shortfall(
            "kontinuitet",
            "besok",
            "kontinuitet",
            years,
            f"Kontinuiteten kan inte beräknas: besöksdata har inga besök under mätperioden {period}.",
        )
    if first <= start + pd.Timedelta(days=31) and last >= ref - pd.Timedelta(days=31):
        return None
    return Shortfall(
        "kontinuitet",
        "besok",
        "kontinuitet",
        years,
        f"Besöksdata täcker bara {covered} av mätperioden {period}, så färre patienter hinner göra "
        f"{visits} besök och kontinuiteten ska läsas med försiktighet.",
        partial=True,
    )


def no_eligible_patients(profession: str, label: str, period: str, visits: int, years: tuple[int, ...]) -> Shortfall:
    return Shortfall(
        f"kontinuitet:{profession}",
        "besok",
        label,
        years,
        f"{label.capitalize()} kan inte beräknas: ingen patient gjorde minst {visits} besök hos "
        f"yrkesgruppen på sin hälsocentral under mätperioden {period}.",
    )


def association_check(key: str, label: str, year: int, centres: int) -> Shortfall | None:
    if centres >= MIN_ASSOCIATION_CENTRES:
        return None
    return Shortfall(
        f"samband:{key}",
        "indikatorer",
        label,
        (year,),
        f"Sambandet mellan {label} och vårdtyngd eller storlek kan inte skattas: "
        f"{count_text(centres, 'hälsocentral', 'hälsocentraler')} har värden {year}, och en "
        f"regression kräver minst {MIN_ASSOCIATION_CENTRES}.",
    )
