"""`python -m analysis cni FIL [--referens R]`: recompute SCB's CNI table and compare, per unit.

Without `--referens` (and without `--data`), R is estimated from SCB's own delivered values by
least squares (`infer_reference`), and the output says which R was used and how well it fits.

For auditors: reads a table in SCB's delivery layout (CSV or Excel; SCB's Swedish headers or our
column names), recomputes index = Σ w_i·n_i and CNI = (index/N)/R with the weights of report §6,
prints a Swedish table and exits 1 if any unit differs from SCB's values by more than rounding
(one unit of the delivered last decimal; SCB truncates, see `analysis.model.cni`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.model.cni import (
    check_scb_table,
    normalise_scb_columns,
    reference_interval,
)
from analysis.vocabulary import CNI_VARIABLES, REPORT_CNI_WEIGHTS

EXIT_OK, EXIT_DIFFERS, EXIT_USAGE = 0, 1, 2
NUMERIC = (*CNI_VARIABLES, "befolkning", "index", "cni")


def run(path: str, reference: float | None, out=None, data_dir: str | None = None, weights: dict | None = None) -> int:
    """Check an SCB CNI table; return 0 (all agree), 1 (some unit differs) or 2 (cannot check).

    `reference` is R, the national mean index per person. Without it, R (and the weights) are read
    from the parameter file of the dataset `data_dir` (`cni.referensvarde`, `cni.vikter`), if given.
    """
    console = _console(out or sys.stdout)
    try:
        if reference is None or weights is None:
            ds_reference, ds_weights = _from_dataset(data_dir)
            reference = reference if reference is not None else ds_reference
            weights = weights or ds_weights
        weights = weights or dict(REPORT_CNI_WEIGHTS)
        table, assumptions = _read(path)
        inferred = None
        if reference is None:
            inferred = infer_reference(table)
            reference = inferred.reference
        check = check_scb_table(table, weights, reference)
        low, high = reference_interval(table, weights, rule="truncate")
    except (ValueError, OSError) as err:
        console.print(f"Kan inte kontrollera {path}: {err}", markup=False)
        return EXIT_USAGE
    _print(console, path, check, reference, assumptions, low, high, inferred)
    return EXIT_OK if check["inom_avrundning"].all() else EXIT_DIFFERS


@dataclass(frozen=True)
class InferredReference:
    """R estimated from SCB's delivered values, and how well CNI = (index / befolkning) / R fits."""

    reference: float
    units: int
    max_difference: float  # largest |delivered CNI − (index / befolkning) / R|
    rms_difference: float


def infer_reference(table: pd.DataFrame) -> InferredReference:
    """R by least squares from SCB's delivered index, population and CNI (no weights needed).

    CNI_i = p_i / R with p_i = index_i / befolkning_i, so 1/R = Σ p_i·CNI_i / Σ p_i².
    """
    t = table  # already in our column names (`_read` normalises SCB's headers)
    missing = [c for c in ("index", "befolkning", "cni") if c not in t.columns]
    if missing:
        raise ValueError(
            "för att skatta R utan --referens behövs SCB:s kolumner för index, befolkning "
            f"och CNI; saknas: {', '.join(missing)}"
        )
    d = t[["index", "befolkning", "cni"]].astype("float64")
    d = d[(d["befolkning"] > 0) & (d["cni"] > 0)]
    if d.empty:
        raise ValueError("ingen enhet har både befolkning och CNI större än noll, så R kan inte skattas")
    p = d["index"] / d["befolkning"]
    slope = float((p * d["cni"]).sum() / (p * p).sum())
    residual = d["cni"] - p * slope
    return InferredReference(1 / slope, len(d), float(residual.abs().max()), float(np.sqrt((residual**2).mean())))


def parse_reference(text: str) -> float:
    """`2,476` or `2.476` (argparse type for --referens)."""
    import argparse

    try:
        value = float(str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är inte ett tal; skriv t.ex. 2,476 eller 2.476") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"R måste vara större än noll, inte {text}")
    return value


def _console(out):
    from rich.console import Console

    return Console(file=out, width=120, force_terminal=False, color_system=None, highlight=False, soft_wrap=True)


def _from_dataset(data_dir: str | None) -> tuple[float | None, dict | None]:
    if not data_dir:
        return None, None
    import yaml

    from analysis import parameters as P
    from analysis.data.manifest import params_file

    folder = Path(data_dir)
    if not (folder / "manifest.yml").is_file():
        raise ValueError(f"datamängden '{folder}' finns inte eller saknar manifest.yml")
    try:
        manifest = yaml.safe_load((folder / "manifest.yml").read_text(encoding="utf-8"))
        params = yaml.safe_load((folder / params_file(manifest)).read_text(encoding="utf-8"))
        return float(P.value(params, "cni.referensvarde")), dict(P.value(params, "cni.vikter"))
    except (yaml.YAMLError, OSError, KeyError, TypeError, ValueError) as err:
        raise ValueError(
            f"R och vikterna går inte att läsa ur datamängden '{folder}' ({err}); kör "
            f"`python -m analysis validate --data {folder}` för detaljer"
        ) from err


def _read(path: str) -> tuple[pd.DataFrame, list[str]]:
    from analysis.data.readers import read_table

    try:
        frame, assumptions = read_table(path)
    except Exception as err:  # DatasetError and friends: show its Swedish text
        raise ValueError(str(err)) from err
    decimal = frame.attrs.get("decimal") or "."
    table = normalise_scb_columns(frame.reset_index(drop=True))
    for col in NUMERIC:
        if col in table.columns:
            table[col] = _numbers(table[col], decimal, col)
    return table, assumptions


def _numbers(series: pd.Series, decimal: str, column: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64")
    text = series.astype(str).str.strip().str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    text = text.str.replace("\u2212", "-", regex=False)
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    bad = series[values.isna()]
    if len(bad):
        raise ValueError(f"kolumnen '{column}' har värden som inte är tal: {list(bad.head(3))}")
    return values.astype("float64")


def _print(console, path, check, reference, assumptions, low, high, inferred=None) -> None:
    from rich.table import Table

    table = Table(title=f"CNI per enhet: {Path(path).name}", title_justify="left")
    for name in (
        "Enhet",
        "Befolkning",
        "Index (beräknat)",
        "Index (SCB)",
        "CNI (beräknat)",
        "CNI (SCB)",
        "Differens CNI",
        "Stämmer",
    ):
        table.add_column(name, justify="left" if name in ("Enhet", "Stämmer") else "right")
    for row in check.itertuples(index=False):
        table.add_row(
            row.enhet,
            fmt.num(row.befolkning),
            fmt.num(row.index_beraknat, 2),
            fmt.num(row.index_scb),
            fmt.num(row.cni_beraknat, 5),
            fmt.num(row.cni_scb, 4),
            _signed(row.differens_cni, 5),
            "ja" if row.inom_avrundning else "NEJ",
        )
    console.print(table)
    if inferred is None:
        console.print(
            f"Referensvärde R = {str(reference).replace('.', ',')}; vikter enligt rapporten §6. "
            f"Inläsning: {'; '.join(assumptions)}."
        )
    else:
        console.print(
            f"Referensvärde R = {fmt.num(reference, 5)}, skattat ur SCB:s levererade index, befolkning och "
            f"CNI ({fmt.num(inferred.units)} enheter, minsta kvadrat) eftersom --referens inte angavs. "
            f"Passning: största avvikelse {fmt.num(inferred.max_difference, 5)} och kvadratiskt medelfel "
            f"{fmt.num(inferred.rms_difference, 5)} i CNI. Vikter enligt rapporten §6. "
            f"Inläsning: {'; '.join(assumptions)}."
        )
    if low <= high:
        console.print(
            f"SCB:s CNI (avkortade till fyra decimaler) ges av varje R mellan {fmt.num(low, 5)} och {fmt.num(high, 5)}."
        )
    else:
        console.print("Inget enskilt R ger SCB:s alla CNI-värden (avkortade till fyra decimaler).")
    bad = int((~check["inom_avrundning"]).sum())
    if bad:
        console.print(f"{bad} av {len(check)} enheter skiljer sig mer än avrundningen från SCB:s värden.")
    else:
        console.print(f"Alla {len(check)} enheter stämmer med SCB:s värden inom avrundningen.")


def _signed(value: float, decimals: int) -> str:
    text = fmt.num(value, decimals)
    return ("+" + text) if value > 0 else text
