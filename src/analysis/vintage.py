"""The years, periods and dates a dataset is of, as Swedish text for titles and prose.

Every year or period the reader sees comes from here, read from the dataset's parameter file
(`ar`, `prisniva`, `underlag.viktperiod`, `underlag.befolkning_datum`; see docs/data-contract.md),
never from a template.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from analysis import parameters as P
from analysis.register import registers

#: What the texts of a dataset's vintage read: the parameter file's year, price level and periods.
VINTAGE_PARAMS = ("ar", "prisniva", "underlag.viktperiod", "underlag.befolkning_datum")

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def month_text(year_month: str) -> str:
    """'2018-11' → 'november 2018'."""
    year, month = str(year_month).split("-")[:2]
    return f"{MONTHS[int(month) - 1]} {year}"


def date_text(date: datetime.date) -> str:
    """A date as '31 december 2019'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


@dataclass(frozen=True)
class Vintage:
    """The dataset's model year and the periods behind it."""

    ar: int
    prisniva: str
    viktperiod: tuple[str, str] | None = None  # (YYYY-MM, YYYY-MM)
    befolkning_datum: datetime.date | None = None

    @classmethod
    def from_params(cls, params: dict) -> Vintage:
        period = date = None
        try:
            entry = P.entry(params, "underlag.viktperiod")
            period = (str(entry["fran"]), str(entry["till"]))
        except (KeyError, TypeError):
            pass
        try:
            raw = P.entry(params, "underlag.befolkning_datum")["datum"]
            date = raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw))
        except (KeyError, TypeError, ValueError):
            pass
        year = int(params["ar"])
        return cls(year, str(params.get("prisniva") or year), period, date)

    @property
    def next_year(self) -> int:
        """The year the proposals are for: the year after the model's."""
        return self.ar + 1

    @property
    def weight_period(self) -> str:
        """'november 2018 till oktober 2019', or a description when the parameter file does not say."""
        if self.viktperiod is None:
            return "den period som datamängdens besöksstatistik avser"
        return f"{month_text(self.viktperiod[0])} till {month_text(self.viktperiod[1])}"

    @property
    def population_text(self) -> str:
        """'vid utgången av 2019', 'den 30 juni 2020', or '' when unknown."""
        d = self.befolkning_datum
        if d is None:
            return ""
        if (d.month, d.day) == (12, 31):
            return f"vid utgången av {d.year}"
        return f"den {date_text(d)}"

    @registers(params=VINTAGE_PARAMS)
    def titles(self) -> dict[str, str]:
        """The chapter titles for this dataset (chapter key → title)."""
        return {
            "ersattningsmodell": f"Ersättningsmodell {self.ar}",
            "forandringar": f"Förändringar {self.next_year}",
            "uppfoljning": "Uppföljning",
        }

    @registers(params=VINTAGE_PARAMS)
    def glue(self) -> dict[str, str]:
        """The texts the chapters glue (`ar`, `prisniva`, `viktperiod`, …)."""
        return {
            "ar": str(self.ar),
            "nasta_ar": str(self.next_year),
            "prisniva": self.prisniva,
            "viktperiod": self.weight_period,
        }
