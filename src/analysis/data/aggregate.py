"""Aggregate person-level listing (`listning_individ`) to the `listade` table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.agebands import BAND_WIDTH, STANDARD_BANDS


def aggregate_listing(df: pd.DataFrame) -> pd.DataFrame:
    """Count persons per hc_id, kon and 5-year age band (`100+` at the top); vectorised.

    Every band appears for every (hc_id, kon) seen, with 0 where nobody is listed, so the result
    has the same shape as a `listade` table. Sorted by hc_id, kon and age.
    """
    hc_codes, hcs = pd.factorize(df["hc_id"], sort=True)
    sex_codes, sexes = pd.factorize(df["kon"], sort=True)
    n_bands = len(STANDARD_BANDS)
    bands = np.minimum(df["alder"].to_numpy() // BAND_WIDTH, n_bands - 1)
    pair = hc_codes.astype("int64") * len(sexes) + sex_codes
    counts = np.bincount(pair * n_bands + bands, minlength=len(hcs) * len(sexes) * n_bands)
    seen = np.flatnonzero(np.bincount(pair, minlength=len(hcs) * len(sexes)))
    cells = (seen[:, None] * n_bands + np.arange(n_bands)).ravel()
    return pd.DataFrame({
        "hc_id": pd.Series(np.asarray(hcs, dtype=object)[cells // n_bands // len(sexes)], dtype="str"),
        "kon": pd.Series(np.asarray(sexes, dtype=object)[cells // n_bands % len(sexes)], dtype="str"),
        "aldersgrupp": pd.Series(np.asarray(STANDARD_BANDS, dtype=object)[cells % n_bands], dtype="str"),
        "antal": counts[cells].astype("int64"),
    })
