"""Per-centre indicators from the `indikatorer` table and the publishable comparison table.

`indikatorer` has one row per centre (`hc_id`), indicator and year (`ar`) with a numerator
(`taljare`) and a denominator (`namnare`); the indicators are the rows of
`analysis.vocabulary.indicators.INDICATOR_TABLE`, in 2020:

- `noll_an`: telephone calls answered the same day / calls (share);
- `tre_an`: medical assessments within three days / assessments (share);
- `antibiotika`: antibiotic prescriptions / listed persons, shown per 1 000 listed and year;
- `npe_helhetsintryck`: positive answers on overall impression / answers (National Patient
  Survey, NPE);
- `tackningsgrad`: primary-care visits of listed persons made at their own centre / all their
  primary-care visits (coverage).

The region's value is pooled: Σ täljare / Σ nämnare over the centres (each call, assessment,
answer or person counts once), not the mean of the centres' shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.indicators.shortfalls import MIN_ASSOCIATION_CENTRES
from analysis.indicators.suppression import MIN_N, suppress_small
from analysis.indicators.trend import association
from analysis.vocabulary import indicators as V

#: The indicators are defined in `analysis.vocabulary.indicators`; code here reads `V.INDICATORS`
#: at call time (so a test can swap the table). Re-exported for the chapter's text.
IndicatorInfo = V.Indicator
INDICATORS = V.INDICATORS


def _clean(indikatorer: pd.DataFrame) -> pd.DataFrame:
    d = indikatorer.copy()
    d["indikator"] = d["indikator"].astype(str)
    d["ar"] = pd.to_numeric(d["ar"]).astype("int64")
    return d


def available(indikatorer: pd.DataFrame) -> list[str]:
    """The indicators present in the data, in the book's order."""
    present = set(_clean(indikatorer)["indikator"])
    return [k for k in V.INDICATORS if k in present]


def indicator_years(indikatorer: pd.DataFrame, indikator: str) -> list[int]:
    """Every year with data for `indikator`, in order."""
    d = _clean(indikatorer)
    return sorted(int(y) for y in d.loc[d["indikator"] == indikator, "ar"].unique())


def indicator_year(indikatorer: pd.DataFrame, indikator: str, year: int | None = None) -> int | None:
    """The latest year ≤ `year` with data for `indikator` (None if there is none)."""
    d = _clean(indikatorer)
    years = d.loc[d["indikator"] == indikator, "ar"]
    if year is not None:
        years = years[years <= int(year)]
    return int(years.max()) if len(years) else None


def centre_values(indikatorer: pd.DataFrame, indikator: str, year: int) -> pd.DataFrame:
    """One indicator for one year per centre: hc_id, taljare, namnare, varde.

    `varde` is the share (0–1), or for rates the number per `per` (antibiotics: per 1 000).
    """
    info = V.INDICATORS[indikator]
    d = _clean(indikatorer)
    d = d[(d["indikator"] == indikator) & (d["ar"] == int(year))]
    out = d[["hc_id", "taljare", "namnare"]].copy().reset_index(drop=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["varde"] = out["taljare"] / out["namnare"].where(out["namnare"] > 0) * info.per
    return out


def region_value(indikatorer: pd.DataFrame, indikator: str, year: int) -> float:
    """The region's pooled value: Σ täljare / Σ nämnare (× per for rates)."""
    c = centre_values(indikatorer, indikator, year)
    return float(c["taljare"].sum() / c["namnare"].sum() * V.INDICATORS[indikator].per)


def region_series(indikatorer: pd.DataFrame, indikator: str) -> pd.DataFrame:
    """Pooled region value per year: ar, taljare, namnare, varde, centraler."""
    info = V.INDICATORS[indikator]
    d = _clean(indikatorer)
    d = d[d["indikator"] == indikator]
    out = (
        d.groupby("ar")
        .agg(taljare=("taljare", "sum"), namnare=("namnare", "sum"), centraler=("hc_id", "nunique"))
        .reset_index()
    )
    out["varde"] = out["taljare"] / out["namnare"] * info.per
    return out


def centre_size(listade: pd.DataFrame) -> pd.DataFrame:
    """Listed persons per centre: hc_id, listade."""
    return listade.groupby("hc_id")["antal"].sum().rename("listade").reset_index()


def centre_cni(cni_underlag: pd.DataFrame) -> pd.DataFrame:
    """CNI per centre from the SCB delivery: hc_id, cni."""
    return cni_underlag[["enhet", "cni"]].rename(columns={"enhet": "hc_id"})


def share_below(values: pd.Series, threshold: float) -> tuple[int, int]:
    """How many of the (non-missing) values fall below `threshold`, and of how many."""
    v = values.dropna()
    return int((v < threshold).sum()), int(len(v))


# -- the publishable comparison table ------------------------------------------------------


#: The continuity columns (from `analysis.indicators.continuity`): shown after the access indicators.
CONTINUITY_COLUMNS = {"kont_lakare": "Kontinuitet läkare", "kont_ssk": "Kontinuitet sjuksköterska"}
CONTINUITY_DOWNLOAD = {
    "kont_lakare": ("Kontinuitet läkare, MFPC (%)", "pct"),
    "coc_lakare": ("Kontinuitet läkare, COC", "idx"),
    "kont_lakare_n": ("Kontinuitet läkare, antal patienter", None),
    "kont_ssk": ("Kontinuitet sjuksköterska, MFPC (%)", "pct"),
    "coc_ssk": ("Kontinuitet sjuksköterska, COC", "idx"),
    "kont_ssk_n": ("Kontinuitet sjuksköterska, antal patienter", None),
}


def _book_order(columns: list[tuple[V.Indicator, str, object]], continuity: dict) -> dict:
    """Access indicators first, then continuity, then the other indicators (the book's order)."""
    return (
        {col: value for i, col, value in columns if i.access}
        | continuity
        | {col: value for i, col, value in columns if not i.access}
    )


def comparison_columns() -> dict[str, str]:
    """Column → heading of the comparison table shown in the book."""
    return _book_order([(i, i.key, i.short) for i in V.INDICATOR_TABLE if i.compared], CONTINUITY_COLUMNS)


def download_columns() -> dict[str, tuple[str, str | None]]:
    """Column → (heading with `{ar}`, number format) of the comparison download."""
    columns = [
        c
        for i in V.INDICATOR_TABLE
        for c in ((i, i.key, (i.download, i.kind_format)), (i, f"{i.key}_n", (i.download_count, None)))
    ]
    ids = {"hc_id": ("hc_id", None), "halsocentral": ("Hälsocentral", None), "driftsform": ("Driftsform", None)}
    return ids | _book_order(columns, CONTINUITY_DOWNLOAD)


def comparison_table(
    halsocentraler: pd.DataFrame,
    indikatorer: pd.DataFrame,
    continuity: pd.DataFrame,
    year: int,
    min_n: int = MIN_N,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int | None]]:
    """All centres side by side, small cells suppressed.

    `continuity` is `centre_continuity(...)` (long: hc_id, yrke, patienter, mfpc, coc, …).
    Returns `(shown, download, years)`: `shown` has ≤ 7 columns (centre name and six
    indicators, continuity as MFPC); `download` adds driftsform, every denominator (as "<5"
    when suppressed), COC and täckningsgrad; `years` says which year each indicator is from
    (NPE is not measured every year: the latest year ≤ `year` is used).
    """
    base = halsocentraler[["hc_id", "namn", "driftsform"]].copy()
    years: dict[str, int | None] = {}
    wide = base.copy()
    for key in V.INDICATORS:
        y = indicator_year(indikatorer, key, year)
        years[key] = y
        if y is None:
            continue
        c = centre_values(indikatorer, key, y)[["hc_id", "varde", "namnare"]]
        c = c.rename(columns={"varde": key, "namnare": f"{key}_n"})
        wide = wide.merge(c, on="hc_id", how="left")
        wide[f"{key}_n"] = wide[f"{key}_n"].fillna(0).astype("int64")
        wide = suppress_small(wide, f"{key}_n", min_n, value_cols=[key])
    for yrke, tag in (("lakare", "lakare"), ("sjukskoterska", "ssk")):
        c = continuity[continuity["yrke"] == yrke][["hc_id", "patienter", "mfpc", "coc"]]
        c = c.rename(columns={"patienter": f"kont_{tag}_n", "mfpc": f"kont_{tag}", "coc": f"coc_{tag}"})
        wide = wide.merge(c, on="hc_id", how="left")
        wide[f"kont_{tag}_n"] = wide[f"kont_{tag}_n"].fillna(0).astype("int64")
        wide = suppress_small(wide, f"kont_{tag}_n", min_n, value_cols=[f"kont_{tag}", f"coc_{tag}"])
    wide = wide.sort_values("namn").reset_index(drop=True)
    shown_cols = {"namn": "Hälsocentral"}
    for key, label in comparison_columns().items():
        if key in wide.columns:
            shown_cols[key] = label
    shown = wide[list(shown_cols)].rename(columns=shown_cols)
    download = wide.rename(columns={"namn": "halsocentral"})
    return shown, download, years


# -- cautious associations -----------------------------------------------------------------


def _covariates(cni_underlag: pd.DataFrame, listade: pd.DataFrame) -> pd.DataFrame:
    return centre_cni(cni_underlag).merge(centre_size(listade), on="hc_id", how="outer")


def _association_data(indikatorer, covariates, key: str, year: int) -> pd.DataFrame:
    d = centre_values(indikatorer, key, year).merge(covariates, on="hc_id", how="inner")
    return d[d["namnare"] > 0].dropna(subset=["taljare", "cni", "listade"])


def association_centres(
    indikatorer: pd.DataFrame, cni_underlag: pd.DataFrame, listade: pd.DataFrame, key: str, year: int
) -> int:
    """How many centres have the indicator in `year` and both covariates (CNI, listed persons)."""
    return len(_association_data(indikatorer, _covariates(cni_underlag, listade), key, year))


def association_table(
    indikatorer: pd.DataFrame,
    cni_underlag: pd.DataFrame,
    listade: pd.DataFrame,
    year: int,
    indicators=None,
    cni_step: float = 0.1,
    size_step: float = 1000,
) -> pd.DataFrame:
    """Does an indicator vary with CNI or with centre size? One GLM per indicator and covariate.

    Columns: indikator, forklaring, enhet, matt, effekt, nedre, ovre, p, centraler. The effect is
    an odds ratio (shares; quasi-binomial) or a rate ratio (antibiotics; quasi-Poisson with
    log(listade) offset) per `cni_step` CNI units or per `size_step` listed persons. An indicator
    with no data up to `year`, or with fewer than `MIN_ASSOCIATION_CENTRES` centres, has no rows
    (the chapter says why: `analysis.indicators.shortfalls.association_check`).
    """
    cov = _covariates(cni_underlag, listade)
    rows = []
    if indicators is None:
        indicators = [i.key for i in V.INDICATOR_TABLE if i.associations]
    for key in indicators:
        y = indicator_year(indikatorer, key, year)
        if y is None:
            continue
        info = V.INDICATORS[key]
        d = _association_data(indikatorer, cov, key, y)
        if len(d) < MIN_ASSOCIATION_CENTRES:
            continue
        for covariate, step, name, unit in (
            ("cni", cni_step, "CNI", "enheter"),
            ("listade", size_step, "Antal listade", "listade"),
        ):
            if info.kind == "takt":
                eff, lo, hi, p, n = association(d, covariate, "taljare", trials=None, exposure="namnare", per_unit=step)
                matt = "kvot mellan takter"
            else:
                eff, lo, hi, p, n = association(d, covariate, "taljare", "namnare", per_unit=step)
                matt = "oddskvot"
            rows.append((info.short, name, step, unit, matt, eff, lo, hi, p, n))
    return pd.DataFrame(
        rows,
        columns=["indikator", "forklaring", "steg", "enhet", "matt", "effekt", "nedre", "ovre", "p", "centraler"],
    )
