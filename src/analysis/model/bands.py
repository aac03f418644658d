"""Age bands and small helpers shared by the model's components (cost types: `analysis.vocabulary`)."""

from __future__ import annotations

import pandas as pd

#: Five-year age bands used everywhere (the report's "100–104" is our `100+`, see data contract).
AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 100, 5)) + ("100+",)


def band_label(band: str) -> str:
    """A band as readers see it: `10-14` → `10–14 år`, `100+` → `100+ år`."""
    return band.replace("-", "–") + " år"


def check_bands(bands, what: str) -> None:
    """Raise a Swedish error if `bands` contains a label outside AGE_BANDS."""
    unknown = sorted(set(map(str, bands)) - set(AGE_BANDS))
    if unknown:
        raise ValueError(f"{what}: okända åldersgrupper {unknown}; giltiga är {', '.join(AGE_BANDS)}")


def listed_by_band(listade: pd.DataFrame) -> pd.DataFrame:
    """Listed persons per centre (rows, `hc_id`) and age band (columns, AGE_BANDS); sexes summed."""
    check_bands(listade["aldersgrupp"].unique(), "listade")
    wide = listade.pivot_table(index="hc_id", columns="aldersgrupp", values="antal", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(AGE_BANDS), fill_value=0)
    wide.index = wide.index.astype(str)
    wide.columns.name = None
    return wide.astype("int64")


def weights_series(weights, what: str) -> pd.Series:
    """A band→weight mapping as a float Series in AGE_BANDS order; every band required."""
    series = pd.Series({str(k): float(v) for k, v in dict(weights).items()}, dtype="float64")
    check_bands(series.index, what)
    missing = [b for b in AGE_BANDS if b not in series.index]
    if missing:
        raise ValueError(f"{what}: vikt saknas för åldersgrupperna {missing}")
    return series.reindex(list(AGE_BANDS))
