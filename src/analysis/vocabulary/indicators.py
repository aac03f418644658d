"""The follow-up indicators of table `indikatorer`: one table, one row per indicator.

Adding an indicator means adding a row here (and numbers for it to the example data and words
for it to the chapter): the data contract's allowed values, the per-centre values, the region's
pooled value, the funnels, the comparison table and its download, and the centre sheets' targets
all read this table.

`kind` is "andel" (a share: täljare ≤ nämnare) or "takt" (a rate per `per` of the denominator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Target:
    """One target value with its unit, Swedish label, source and data status."""

    varde: float
    enhet: str
    etikett: str
    kalla: str
    status: str
    ar: int | None = None  # the year a published value refers to, if any


@dataclass(frozen=True)
class IndicatorTarget:
    """The target a centre's value is judged against (`analysis.indicators.targets` by `key`)."""

    key: str
    direction: Literal["min", "max"]  # "min": the value should reach it; "max": stay below it
    default: Target  # the value unless the parameter file says otherwise


@dataclass(frozen=True)
class Indicator:
    key: str
    short: str  # label in tables and figures
    long: str  # what it measures, in Swedish
    kind: Literal["andel", "takt"]
    unit: str  # what the denominator counts ("Antal <unit>" on axes and in downloads)
    in_sentence: str  # its name inside a Swedish sentence ("trattdiagrammet för <in_sentence>")
    download: str  # header of its column in the comparison download; `{ar}` becomes " <year>"
    per: float = 1.0
    access: bool = False  # an accessibility measure (shown first, and in trust-based steering)
    compared: bool = True  # a column of the comparison table shown in the book
    associations: bool = False  # tested for an association with CNI and centre size
    target: IndicatorTarget | None = None
    kolada: str | None = None  # Kolada's KPI for the region's published series, if there is one

    @property
    def download_count(self) -> str:
        """Header of the denominator's column in the download: `0:an{ar}, antal samtal`."""
        return f"{self.download.split('{ar}')[0]}{{ar}}, antal {self.unit}"

    @property
    def kind_format(self) -> str:
        """How the download shows the value: "pct" (per cent) for shares, "rate" for rates."""
        return "rate" if self.kind == "takt" else "pct"


INDICATOR_TABLE: tuple[Indicator, ...] = (
    Indicator(
        "noll_an",
        "0:an",
        "telefonsamtal besvarade samma dag",
        "andel",
        "samtal",
        "0:an",
        "0:an{ar}, besvarade samma dag (%)",
        access=True,
        associations=True,
        kolada="N79179",
    ),
    Indicator(
        "tre_an",
        "3:an",
        "medicinsk bedömning inom tre dagar",
        "andel",
        "bedömningar",
        "3:an",
        "3:an{ar}, bedömda inom tre dagar (%)",
        access=True,
        associations=True,
        kolada="N79173",
        target=IndicatorTarget(
            "komiljard_troskel",
            "min",
            Target(0.85, "andel", "Kömiljardens tröskel för bedömning inom tre dagar", "rapporten §5.2", "publicerad"),
        ),
    ),
    Indicator(
        "antibiotika",
        "Antibiotika per 1 000",
        "antibiotikarecept per 1 000 listade och år",
        "takt",
        "listade",
        "antibiotika",
        "Antibiotika{ar}, recept per 1 000 listade",
        per=1000.0,
        associations=True,
        target=IndicatorTarget(
            "antibiotika_mal",
            "max",
            Target(
                250.0,
                "recept per 1 000 listade och år",
                "Nationellt mål för antibiotikaförskrivning",
                "nationellt mål (Strama, Folkhälsomyndigheten)",
                "offentlig statistik",
            ),
        ),
    ),
    Indicator(
        "npe_helhetsintryck",
        "NPE helhetsintryck",
        "positivt helhetsintryck i patientenkäten",
        "andel",
        "svar",
        "patientenkätens helhetsintryck",
        "NPE{ar}, positivt helhetsintryck (%)",
        kolada="U71451",
    ),
    Indicator(
        "tackningsgrad",
        "Täckningsgrad",
        "andel av de listades primärvårdsbesök som gjorts på den egna hälsocentralen",
        "andel",
        "besök",
        "täckningsgraden",
        "Täckningsgrad{ar} (%)",
        compared=False,
    ),
)

#: The indicators by key, in the book's order.
INDICATORS: dict[str, Indicator] = {i.key: i for i in INDICATOR_TABLE}
INDICATOR_KEYS: tuple[str, ...] = tuple(INDICATORS)
#: The accessibility measures (telephone, assessment), in order.
ACCESS_INDICATORS: tuple[str, ...] = tuple(i.key for i in INDICATOR_TABLE if i.access)
#: Indicators whose numerator may exceed the denominator (rates, not shares).
RATE_INDICATORS: tuple[str, ...] = tuple(i.key for i in INDICATOR_TABLE if i.kind == "takt")
