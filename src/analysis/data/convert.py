"""Match a raw frame's columns to a schema and convert each column to the schema's type.

All conversions are vectorised. A cell that cannot be converted becomes a Problem naming its row
and value, and its row is dropped from the typed frame, so that the schema's value checks run on
clean rows only (and one bad cell gives one message, not three).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

from analysis.data.describe import dtype_key, expected_text
from analysis.data.errors import Problem

MAX_PROBLEMS_PER_RULE = 1000
SHORT_ROWS_SUMMARY = 10
MAX_EXACT_INT = 2**53
_THOUSANDS = r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))"


@dataclass
class Converted:
    """A typed frame (index = row number in the file) and what went wrong getting it."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    source: pd.DataFrame | None = None  # the file's cells, columns renamed to the schema's names

    @property
    def complete(self) -> bool:
        return not self.missing_columns


def convert_frame(raw: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> Converted:
    """Rename columns to the schema's names, then convert every known column."""
    meta = dict(raw.attrs)
    raw = raw.copy(deep=False)
    raw.attrs = {}  # pandas deep-copies attrs on every operation: drop them for speed
    renamed, problems, missing = match_columns(raw, schema, file, meta.get("header_row"))
    problems += short_row_problems(meta.get("short_rows", {}), raw.shape[1], len(raw), file)
    bad_rows = pd.Index(meta.get("short_rows", {}).keys(), dtype="int64")
    typed = {}
    for name in schema.columns:
        if name not in renamed.columns:
            continue
        values, bad, column_problems = convert_column(renamed[name], schema.columns[name], name, file,
                                                      meta.get("decimal"), skip=bad_rows,
                                                      typed=meta.get("kind") == "parquet")
        typed[name] = values
        problems += column_problems
        bad_rows = bad_rows.union(bad)
    frame = pd.DataFrame(typed, index=renamed.index)
    if len(bad_rows):
        frame = frame.drop(index=bad_rows.intersection(frame.index))
    frame = _final_types(frame, schema)
    return Converted(frame, problems, missing, renamed)


# --- column names ------------------------------------------------------------------------------

def match_columns(raw: pd.DataFrame, schema: pa.DataFrameSchema, file: str,
                  header_row: int | None = None) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Map column names case-insensitively, ignoring surrounding whitespace; report the rest."""
    expected = list(schema.columns)
    normalised = [str(c).strip().lower() for c in raw.columns]
    problems = [Problem(file, header_row, name, name, f"varje kolumnnamn en gång",
                        f"kolumnen '{name}' förekommer mer än en gång")
                for name in sorted({n for n in normalised if n and normalised.count(n) > 1})]
    known = {n: n for n in expected}
    extra = [orig for orig, norm in zip(raw.columns, normalised) if norm not in known]
    missing = [n for n in expected if n not in normalised]
    wanted = "kolumnerna " + ", ".join(expected)
    suggestions = _typo_suggestions([str(e).strip().lower() for e in extra], missing)
    for orig in extra:
        guess = suggestions.get(str(orig).strip().lower())
        label = f"'{orig}'" if str(orig).strip() else "utan namn"
        message = f"okänd kolumn {label}"
        if guess:
            message += f" – menade du '{guess}'? (kolumnen '{guess}' saknas)"
        problems.append(Problem(file, header_row, str(orig), orig, wanted, message))
    for name in missing:
        if name not in suggestions.values():
            problems.append(Problem(file, header_row, name, None, wanted, f"kolumnen '{name}' saknas"))
    keep = [i for i, n in enumerate(normalised) if n in known and normalised.index(n) == i]
    renamed = raw.iloc[:, keep]  # no copy: pandas copies on write
    renamed.columns = [normalised[i] for i in keep]
    return renamed, problems, missing


def _typo_suggestions(extra: list[str], missing: list[str]) -> dict[str, str]:
    """Extra column name -> the missing column it was probably meant to be."""
    out: dict[str, str] = {}
    for name in extra:
        close = difflib.get_close_matches(name, [m for m in missing if m not in out.values()], n=1, cutoff=0.6)
        if close:
            out[name] = close[0]
    return out


def short_row_problems(short_rows: dict[int, int], width: int, rows: int, file: str) -> list[Problem]:
    """Rows with fewer fields than the header; one summary when most rows are short (wrong separator)."""
    expected = f"{width} fält som rubrikraden"
    if len(short_rows) > SHORT_ROWS_SUMMARY and len(short_rows) >= rows / 2:
        first, n = next(iter(short_rows.items()))
        return [Problem(file, first, None, None, expected,
                        f"{len(short_rows)} av {rows} rader har färre fält än rubrikraden (den första har {n} "
                        f"fält, rubrikraden {width}); rubrikraden och dataraderna verkar ha olika avgränsare")]
    return [Problem(file, row, None, None, expected,
                    f"raden har {n} fält men rubrikraden har {width}; kontrollera avgränsaren")
            for row, n in list(short_rows.items())[:MAX_PROBLEMS_PER_RULE]]


# --- cell values ---------------------------------------------------------------------------------

def convert_column(values: pd.Series, column: pa.Column, name: str, file: str, decimal: str | None,
                   skip: pd.Index, typed: bool = False) -> tuple[pd.Series, pd.Index, list[Problem]]:
    """Convert one column; return (converted, index of bad rows, problems). Rows in `skip` are not reported.

    `typed` marks a typed source (Parquet): text is then taken as stored, without stripping spaces.
    """
    kind = dtype_key(column)
    if kind == "str":
        converted = values if typed and values.dtype == "str" else _as_text(values)
        missing = converted.isna() | (converted == "")
    else:
        missing = _is_missing(values)
    if kind in ("int64", "float64"):
        converted = parse_numbers(values, decimal)
        bad = ~missing & ~np.isfinite(converted.fillna(np.inf))
        if kind == "int64":  # whole, and small enough to be exact in a float
            bad |= ~missing & ((converted % 1 != 0) | (converted.abs() > MAX_EXACT_INT)) & converted.notna()
        what = "ett heltal" if kind == "int64" else "ett tal"
    elif kind == "datetime64[ns]":
        converted = _parse_dates(values)
        bad = ~missing & converted.isna()
        what = "ett datum"
    else:
        converted = converted if kind == "str" else values.where(~missing, None)
        bad = pd.Series(False, index=values.index)
        what = ""
    problems = []
    expected = expected_text(column)
    if bad.any():
        problems += cell_problems(file, values[bad & ~values.index.isin(skip)], name, expected,
                                  lambda v: f"värdet '{v}' är inte {what}")
    if not column.nullable and missing.any():
        problems += cell_problems(file, values[missing & ~values.index.isin(skip)], name, expected,
                                  lambda v: "värde saknas")
        bad |= missing
    return converted, values.index[bad.to_numpy()], problems


def cell_problems(file: str, bad: pd.Series, column: str, expected: str, message) -> list[Problem]:
    """One Problem per bad cell, capped; the rest summarised in one more Problem."""
    shown = bad.head(MAX_PROBLEMS_PER_RULE)
    problems = [Problem(file, int(row), column, value, expected, message(value))
                for row, value in shown.items()]
    if len(bad) > len(shown):
        problems.append(Problem(file, None, column, None, expected,
                                f"samma fel på ytterligare {len(bad) - len(shown)} rader"))
    return problems


def _is_missing(values: pd.Series) -> pd.Series:
    missing = values.isna()
    if values.dtype == object:
        values = values.astype("str")
    elif not pd.api.types.is_string_dtype(values):
        return missing
    return missing | (values.str.strip() == "").fillna(False)


def parse_numbers(values: pd.Series, decimal: str | None) -> pd.Series:
    """Numbers from numbers or text: decimal comma or point, space/NBSP thousands, U+2212 minus.

    `decimal` is the file's decimal mark; a value using the other mark is not a number
    ('1.234' in a decimal-comma file is ambiguous). None accepts either.
    """
    if is_bool_dtype(values):
        return pd.Series(np.nan, index=values.index)
    if is_numeric_dtype(values):
        return values.astype("float64")
    text = values.astype("string").str.strip()
    text = text.str.replace("\u2212", "-", regex=False).str.replace(_THOUSANDS, "", regex=True)
    if decimal == ",":
        text = text.str.replace(".", "x", regex=False).str.replace(",", ".", regex=False)
    elif decimal == ".":
        text = text.str.replace(",", "x", regex=False)
    else:
        both = text.str.contains(".", regex=False) & text.str.contains(",", regex=False)
        text = text.where(~both.fillna(False), "x").str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    if values.dtype == object:  # Excel: native numbers mixed with text cells
        native = values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
        numbers = numbers.where(~native, pd.to_numeric(values.where(native), errors="coerce"))
    return numbers


def _parse_dates(values: pd.Series) -> pd.Series:
    if is_datetime64_any_dtype(values):
        return values.astype("datetime64[ns]")
    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    else:
        values = values.astype("string").str.strip()
    return pd.to_datetime(values, errors="coerce", format="ISO8601").astype("datetime64[ns]")


def _as_text(values: pd.Series) -> pd.Series:
    if values.dtype == object:  # Excel numbers in a text column: 2380.0 -> '2380'
        values = values.map(_cell_text)
    return values.astype("str").str.strip()


def _cell_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if value is None or isinstance(value, str) else str(value)


def _final_types(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    for name in frame.columns:
        kind = dtype_key(schema.columns[name])
        if kind == "int64":
            frame[name] = frame[name].astype("int64")
        elif kind == "float64":
            frame[name] = frame[name].astype("float64")
        elif kind == "str":
            frame[name] = frame[name].astype("str")
    return frame
