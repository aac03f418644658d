"""Small-number protection: no published cell rests on fewer than five people or observations.

Rule (stated in the chapter): a value computed from fewer than `min_n` (default 5) patients,
calls, assessments, answers or listed persons is not shown. In tables the value reads "–" and
its count reads "<5"; in figures the point is left out. Counts of zero are suppressed too (the
value does not exist). The rule protects individuals in small units and avoids publishing
percentages that are mostly noise.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

MIN_N = 5


def suppress_small(
    df: pd.DataFrame,
    count_col: str,
    min_n: int = MIN_N,
    value_cols: Iterable[str] | None = None,
    label: str | None = None,
) -> pd.DataFrame:
    """Blank the values of rows whose `count_col` is below `min_n`.

    Returns a copy. In rows with `count < min_n` (or a missing count) the `value_cols` become NaN
    (shown "–" by `analysis.formatting.num`) and `count_col` becomes the text `"<5"` (the column
    turns into an object column holding ints and that label). `value_cols` defaults to every
    numeric column except `count_col`. Rows are kept, so a table still lists every unit.
    """
    if count_col not in df.columns:
        raise KeyError(f"kolumnen '{count_col}' saknas")
    label = label if label is not None else f"<{min_n}"
    out = df.copy()
    counts = pd.to_numeric(out[count_col], errors="coerce")
    mask = (counts < min_n) | counts.isna()
    if value_cols is None:
        value_cols = [c for c in out.columns if c != count_col and pd.api.types.is_numeric_dtype(out[c])]
    for col in value_cols:
        out[col] = out[col].astype("float64").mask(mask, np.nan)
    shown = counts.astype("object")
    shown[mask] = label
    shown[~mask] = counts[~mask].astype("int64").astype("object")
    out[count_col] = shown.astype("object")
    return out


def is_suppressed(df: pd.DataFrame, count_col: str, min_n: int = MIN_N) -> pd.Series:
    """Boolean mask of the rows `suppress_small` blanks (works before or after suppression)."""
    counts = pd.to_numeric(df[count_col], errors="coerce")
    return (counts < min_n) | counts.isna()
