"""Sentences that compare the dataset with the report, written only when the comparison holds.

The chapter never assumes that its data are the report's: each phrase here is computed from the
checks (`analysis.model.published`) and the dataset's year. For another year than the report's,
the phrases say so instead of comparing amounts that belong to another year's model.
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.model.bands import band_label
from analysis.model.compute import ModelResult
from analysis.model.published import (
    REPORT,
    REPORT_YEAR,
    comparable_checks,
    published_checks,
)

_LAST_BAND = "100+"


def same_year(year: int) -> bool:
    return int(year) == REPORT_YEAR


def _holds(checks: pd.DataFrame, label_start: str) -> bool:
    rows = checks[checks["storhet"].str.startswith(label_start)]
    return bool(len(rows)) and bool(rows["stammer"].all())


def _report_kr(key: str) -> str:
    return fmt.kr(REPORT[key].rapporten)


def sentences(result: ModelResult, year: int) -> dict[str, str]:
    """Glue texts: `listad_jamforelse`, `listad_tva_dec`, `lakemedel_rapportnot`, `kontroll_ram`."""
    p = result.params
    age, drug = pd.Series(p.aldersvikter), pd.Series(p.lakemedelsvikter)
    out = {"listad_jamforelse": "", "listad_tva_dec": "", "lakemedel_rapportnot": ""}
    if same_year(year):
        checks = published_checks(result)
        span_ok = _holds(checks, REPORT["listad_min_kr"].storhet) and _holds(checks, REPORT["listad_max_kr"].storhet)
        out["listad_jamforelse"] = (
            ", precis som i rapporten"
            if span_ok
            else f", medan rapporten anger {_report_kr('listad_min_kr')} till {_report_kr('listad_max_kr')}"
        )
        two_dec = round(age.min(), 2) * p.pris_per_viktenhet
        if span_ok and abs(two_dec - REPORT["listad_min_kr"].rapporten) > REPORT["listad_min_kr"].tolerans:
            out["listad_tva_dec"] = (
                "Rapporten anger vikterna med två decimaler, men beloppen visar att de underliggande vikterna "
                f"har fler: med exakt två decimaler hade den lägsta ersättningen blivit {fmt.kr(two_dec)}."
            )
        if drug.idxmax() == _LAST_BAND == REPORT["lakemedelsvikt_max"].band:
            out["lakemedel_rapportnot"] = "; rapporten skriver 100–104 år"
    out["kontroll_ram"] = control_frame(year)
    return out


def control_frame(year: int) -> str:
    """What the check table compares, framed by whether the dataset is of the report's year."""
    if same_year(year):
        return (
            f"Datamängden gäller rapportens år, {year}. Tabellen ställer varje siffra som rapporten "
            f"publicerar om {year} års modell mot vår omräkning. De två sista raderna är härledda ur "
            "rapportens tal: en CNI-poäng är värd ungefär lika mycket räknat från båda ändarna av "
            "CNI-spannet, och därav följer regionens medel-CNI."
        )
    return (
        f"Datamängden gäller {year}, inte rapportens år ({REPORT_YEAR}). Rapportens belopp, vikter och "
        f"CNI-spann beskriver {REPORT_YEAR} års modell och är inte facit för den här datamängden. "
        "Tabellen jämför därför bara det som fortfarande går att jämföra: CNI-vikterna, som SCB "
        "bestämmer och som rapporten publicerar."
    )


def checks_for_year(result: ModelResult, year: int) -> pd.DataFrame:
    return comparable_checks(result, year)


def weight_figure_points(year: int) -> pd.DataFrame:
    """The report's published end points for the weight figure: only for the report's year."""
    points = published_weight_points()
    return points if same_year(year) else points.iloc[0:0]


def weight_figure_caption(year: int) -> str:
    base = "Vikter per åldersgrupp för ersättning listad och för läkemedel."
    if same_year(year):
        return (
            base + " Ringarna är de ändpunkter som rapporten publicerar; rapportens 100–104 år "
            "motsvaras här av 100+ år."
        )
    return base + f" Rapportens ändpunkter gäller {REPORT_YEAR} och visas inte."


def checks_caption(year: int) -> str:
    if same_year(year):
        return "Rapportens publicerade tal och vår omräkning."
    return "CNI-vikterna i rapporten och i datamängdens parameterfil."


def format_value(value: float, enhet: str) -> str:
    """A check value as the report prints it: `2 453 kr`, `0,33`, `25 %`."""
    if enhet == "kr/listad":
        return fmt.kr(value) if abs(value - round(value)) < 1e-9 else fmt.kr(value, 1)
    if enhet == "andel":
        return fmt.pct(value, 1)
    return fmt.num(value, 2) if enhet in ("vikt", "CNI") else fmt.num(value, 3)


def check_label(row: dict) -> str:
    """A check's label: the report's, with the band or centre it names, and ours when it is another one."""
    label, band, ours = row["storhet"], row.get("band"), row.get("band_beraknat")
    if not isinstance(band, str):
        return label
    name = band_label if row.get("bandtyp") == "aldersgrupp" else str
    label += f" ({name(band)})"
    if isinstance(ours, str):
        label += f" [beräknat: {name(ours)}]"
    return label


def checks_for_display(checks: pd.DataFrame) -> pd.DataFrame:
    """The checks as formatted Swedish strings, ≤ 7 columns, for `Chapter.table`."""
    out = pd.DataFrame(
        {
            "Storhet": [check_label(row) for row in checks.to_dict("records")],
            "Rapporten": [format_value(v, e) for v, e in zip(checks["rapporten"], checks["enhet"])],
            "Beräknat": [_precise(v, e) for v, e in zip(checks["beraknat"], checks["enhet"])],
            "Differens": [_precise(v, e, signed=True) for v, e in zip(checks["differens"], checks["enhet"])],
            "Avsnitt": checks["avsnitt"],
            "Stämmer": ["ja" if ok else "nej" for ok in checks["stammer"]],
        }
    )
    return out


def _precise(value: float, enhet: str, signed: bool = False) -> str:
    decimals = {"kr/listad": 1, "andel": 4}.get(enhet, 4)
    value = round(float(value), decimals) + 0.0  # no "−0,0"
    if enhet == "kr/listad":
        text = fmt.kr(value, 1)
    elif enhet == "andel":
        text = fmt.pct(value, 2) if not signed else fmt.pct_points(value, 2)
    else:
        text = fmt.num(value, 4)
    if signed and value > 0 and not text.startswith("+"):
        text = "+" + text
    return text


def published_weight_points() -> pd.DataFrame:
    """The report's published extreme weights (§6) as points for the weight-curve figure.

    Columns: kurva (aldersvikt/lakemedelsvikt), aldersgrupp, varde, etikett.
    """
    rows = []
    for key, curve in (
        ("aldersvikt_min", "aldersvikt"),
        ("aldersvikt_max", "aldersvikt"),
        ("lakemedelsvikt_min", "lakemedelsvikt"),
        ("lakemedelsvikt_max", "lakemedelsvikt"),
    ):
        fig = REPORT[key]
        band = "100–104" if fig.band == "100+" else fig.band.replace("-", "–")
        rows.append(
            {
                "kurva": curve,
                "aldersgrupp": fig.band,
                "varde": fig.rapporten,
                "etikett": f"{fmt.num(fig.rapporten, 2)} ({band} år)",
            }
        )
    return pd.DataFrame(rows)
