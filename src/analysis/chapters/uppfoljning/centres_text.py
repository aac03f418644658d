"""The per-centre indicator tables for readers: formats, Swedish download headings, p-values in words.

Moved from `analysis.indicators.centres` and `analysis.indicators.suppression`, which compute the
frames (`comparison_table`, `association_table`, `suppress_small`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.indicators.centres import comparison_columns, download_columns
from analysis.vocabulary import indicators as V


def comparison_download(download: pd.DataFrame, years: dict[str, int | None]) -> pd.DataFrame:
    """The full comparison table for download: Swedish headers (with the year of each
    indicator), shares in per cent with one decimal, COC with two, rates with one; suppressed
    cells empty and their counts "<5"."""
    out = pd.DataFrame(index=download.index)
    for col, (label, kind) in download_columns().items():
        if col not in download.columns:
            continue
        key = col.removesuffix("_n")
        year = years.get(key)
        label = label.replace("{ar}", f" {year}" if year is not None else "")
        v = download[col]
        if kind == "pct":
            v = (v.astype("float64") * 100).round(1)
        elif kind == "idx":
            v = v.astype("float64").round(2)
        elif kind == "rate":
            v = v.astype("float64").round(1)
        out[label] = v
    return out.reset_index(drop=True)


def _pct_or_dash(v) -> str:
    return "–" if v is None or pd.isna(v) else fmt.pct(v)


def _num_or_dash(v) -> str:
    return "–" if v is None or pd.isna(v) else fmt.num(v)


def comparison_formats() -> dict:
    """Formatters for `Chapter.table` of the shown comparison table."""
    rates = {i.short for i in V.INDICATOR_TABLE if i.kind == "takt"}
    return {label: _num_or_dash if label in rates else _pct_or_dash for label in comparison_columns().values()}


def p_text(p: float) -> str:
    """A p-value in Swedish: `0,03`, `<0,001`."""
    return "<0,001" if p < 0.001 else fmt.num(p, 3 if p < 0.01 else 2)


def p_phrase(p: float) -> str:
    """A p-value for running text: `p = 0,17`, `p < 0,001`."""
    return "p < 0,001" if p < 0.001 else f"p = {p_text(p)}"


def association_display(table: pd.DataFrame) -> pd.DataFrame:
    """The association table in reader form (6 columns, texts already formatted)."""
    out = pd.DataFrame(
        {
            "Indikator": table["indikator"],
            "Förklaring": table["forklaring"],
            "Steg": _step_text(table),
            "Effekt per steg": [f"{fmt.num(e, 2)} ({m})" for e, m in zip(table["effekt"], table["matt"])],
            "95 % konfidensintervall": [
                f"{fmt.num(lo, 2)}–{fmt.num(hi, 2)}" for lo, hi in zip(table["nedre"], table["ovre"])
            ],
            "p-värde": [p_text(p) for p in table["p"]],
        }
    )
    return out


def step_text(row) -> str:
    """The step of an association (a row of `association_table`) as readers see it: `0,1 enheter`,
    `1 000 listade`."""
    return f"{fmt.num(row['steg'], 1 if row['forklaring'] == 'CNI' else 0)} {row['enhet']}"


def _step_text(table: pd.DataFrame) -> list[str]:
    return [step_text(row) for _, row in table.iterrows()]


def association_download(table: pd.DataFrame) -> pd.DataFrame:
    """The association table for download, with the step in words as in the shown table."""
    return table.assign(enhet=_step_text(table)).drop(columns="steg")


def format_count(value: object) -> str:
    """Table formatter for a suppressed count column: `1 234` or the label as is (`<5`)."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return fmt.num(value)
