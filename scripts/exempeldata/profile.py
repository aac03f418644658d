"""What differs between the example years: one `Profile` per shipped dataset.

`exempel-2020` is the report's year, calibrated to its published figures. `exempel-2021` is the
"next year" an investigator would bring: new prices (assumed, about +2,5 %), weights re-derived from
a year later's synthetic usage (other ends, the highest drug weight now at 95-99), one centre closed
(Föllinge) and one opened (Mörsil, a name with ö), the population projected one year, Kolada as it
stood at the end of 2021, and two tables saved the way Swedish Excel saves them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: A new centre: hc_id, name, kommunkod, ort (GeoNames place), driftsform, source of the ownership.
Centre = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class Profile:
    year: int  # the model year (`ar` of manifest and parameter file)
    prisniva: str
    price_age: int  # kr per weight unit, listed persons
    price_drug: int  # kr per weight unit, drugs
    cni_mean: int  # CNI money per listed person
    price_source: str  # where the three prices come from (Swedish, ends the `kalla` texts)
    price_status: str
    weight_period: tuple[str, str]  # months (YYYY-MM) the weights' usage statistics cover
    population_date: str  # the date of the population table (YYYY-MM-DD)
    population_years_ahead: int = 0  # SCB 2019 projected this many years (0 = unchanged)
    age_pinned: dict = field(default_factory=lambda: {"10-14": 0.3327, "85-89": 2.2132})
    drug_pinned: dict = field(default_factory=lambda: {"25-29": 0.2280, "100+": 3.2217})
    drug_shape_top: float | None = None  # shape of 100+ when it is not pinned
    kolada_until: int | None = None  # keep Kolada years ≤ this (None: every year in the source)
    closed: tuple[str, ...] = ()
    opened: tuple[Centre, ...] = ()
    coverage_extra: dict = field(default_factory=dict)  # täckningsgrad per year beyond 2020
    antibiotics_extra: dict = field(default_factory=dict)
    visits: tuple[str, str] = ("2019-07-01", "2020-12-31")
    excel_csv: tuple[str, ...] = ()  # tables written as Swedish Excel CSV (cp1252, ;, decimal comma, CRLF)
    excel_xlsx: tuple[str, ...] = ()  # tables written as .xlsx with a title row

    @property
    def name(self) -> str:
        return f"exempel-{self.year}"

    @property
    def report_year(self) -> bool:
        """The year the report describes, calibrated to its published figures."""
        return self.year == 2020


REPORT_SOURCE = "rapporten §6 (februari 2020)"

PROFILES: dict[int, Profile] = {
    2020: Profile(
        year=2020,
        prisniva="februari 2020",
        price_age=2453,
        price_drug=1272,
        cni_mean=820,
        price_source=REPORT_SOURCE,
        price_status="publicerad",
        weight_period=("2018-11", "2019-10"),
        population_date="2019-12-31",
    ),
    2021: Profile(
        year=2021,
        prisniva="februari 2021",
        price_age=2514,
        price_drug=1306,
        cni_mean=841,
        price_source="antagande i exempeldata: 2020 års belopp uppräknade med cirka 2,5 %",
        price_status="syntetisk",
        weight_period=("2019-11", "2020-10"),
        population_date="2020-12-31",
        population_years_ahead=1,
        age_pinned={"10-14": 0.3412, "85-89": 2.1746},
        drug_pinned={"25-29": 0.2395, "95-99": 3.1383},
        drug_shape_top=2.80,
        kolada_until=2021,
        closed=("follinge",),
        opened=(
            (
                "morsil",
                "Mörsils hälsocentral",
                "2321",
                "Mörsil",
                "privat",
                "antagande (ny hälsocentral i exempeldata 2021)",
            ),
        ),
        coverage_extra={2021: 73.8},
        antibiotics_extra={2021: 263.0},
        visits=("2020-07-01", "2021-12-31"),
        excel_csv=("halsocentraler", "listade_ort"),
        excel_xlsx=("kostnader",),
    ),
}
