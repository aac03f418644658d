"""Kolada region series: Jämtland Härjedalen's values must equal the published source exactly."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.indicators import (
    KPI_NOLL_AN,
    KPI_NPE,
    KPI_TRE_AN,
    jamtland_series,
    jamtland_summary,
    read_kolada_json,
    region_panel,
)

ROOT = Path(__file__).resolve().parents[1]
RAW_CANDIDATES = [
    Path(os.environ["HALSOVAL_RAW"]) / "kolada-hosrapport-halland" if "HALSOVAL_RAW" in os.environ else None,
    ROOT / "data" / "raw" / "kolada-hosrapport-halland",
]
RAW = next((p for p in RAW_CANDIDATES if p is not None and p.is_dir()), None)
KOLADA_CSV = ROOT / "data" / "exempel-2020" / "kolada.csv"

# Published Kolada values for Jämtland Härjedalen (region 0023), copied by hand from the
# source JSON (Region Halland hosrapport snapshot, see data/raw/.../SOURCE.md).
GOLDEN = {
    KPI_NOLL_AN: {
        2016: 81.0,
        2017: 86.6,
        2018: 90.1,
        2019: 87.5,
        2020: 89.1,
        2021: 85.4,
        2022: 86.1,
        2023: 85.8,
        2024: 85.8,
        2025: 83.7,
    },
    KPI_TRE_AN: {2020: 74.5, 2021: 63.6, 2022: 71.6, 2023: 69.9, 2024: 72.0, 2025: 72.6},
    KPI_NPE: {2017: 83.5, 2018: 83.3, 2019: 85.6, 2021: 85.6, 2023: 85.6},
}
FILES = {
    KPI_NOLL_AN: "ar-skr-tillganglighet.json",
    KPI_TRE_AN: "ar-skr-tillganglighet.json",
    KPI_NPE: "ar-skr-syn-pa-varden.json",
}


def small_kolada() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi": ["N79173"] * 8,
            "region_id": [23, "0000", "0001", "0013", "0023", "0000", "0001", "0013"],
            "ar": [2020, 2020, 2020, 2020, 2021, 2021, 2021, 2021],
            "region": ["Jämtland Härjedalen", "Riket", "Stockholm", "Halland"] * 2,
            "varde": [74.5, 81.4, 90.0, 74.5, 63.6, 81.7, 60.0, 83.4],
        }
    )


def test_series_and_ranks_on_small_frame():
    s = jamtland_series(small_kolada(), "n79173")  # ids as ints, KPI in lower case
    assert s.to_dict() == {2020: 74.5, 2021: 63.6}
    p = region_panel(small_kolada(), "N79173")
    j = p[p["roll"] == "jamtland"].set_index("ar")
    assert j.loc[2020, "rank"] == 2  # tie with Halland shares the better rank
    assert j.loc[2021, "rank"] == 2
    assert (p.loc[p["roll"] == "riket", "rank"].isna()).all()
    assert set(p["antal_regioner"]) == {3}
    assert p["andel"].tolist() == pytest.approx((p["varde"] / 100).tolist())
    summ = jamtland_summary(small_kolada(), "N79173").set_index("ar")
    assert summ.loc[2021, "skillnad"] == pytest.approx(63.6 - 81.7)


def test_missing_kpi_raises():
    with pytest.raises(KeyError):
        jamtland_series(small_kolada(), "N79179")


@pytest.mark.skipif(RAW is None, reason="rå Kolada-JSON (kolada-hosrapport-halland) finns inte här")
@pytest.mark.parametrize("kpi", list(GOLDEN))
def test_jamtland_series_equals_raw_json(kpi):
    raw = read_kolada_json(RAW / FILES[kpi], kpi)
    assert jamtland_series(raw, kpi).to_dict() == GOLDEN[kpi]
    panel = region_panel(raw, kpi)
    assert panel["region_id"].nunique() == 22  # 21 regions + Riket
    assert (panel["rank"].dropna() >= 1).all()
    assert (panel["rank"].dropna() <= panel.loc[panel["rank"].notna(), "antal_regioner"]).all()


@pytest.mark.skipif(not KOLADA_CSV.exists(), reason="data/exempel-2020/kolada.csv är inte genererad än")
@pytest.mark.parametrize("kpi", [KPI_NOLL_AN, KPI_TRE_AN])
def test_example_kolada_csv_equals_source(kpi):
    csv = pd.read_csv(KOLADA_CSV, dtype={"region_id": str})
    assert jamtland_series(csv, kpi).to_dict() == GOLDEN[kpi]
    if RAW is not None:
        raw = read_kolada_json(RAW / FILES[kpi], kpi)
        a = region_panel(csv, kpi)[["ar", "region_id", "varde"]]
        b = region_panel(raw, kpi)[["ar", "region_id", "varde"]]
        common = a.merge(b, on=["ar", "region_id"], suffixes=("_csv", "_json"))
        assert len(common) >= len(b[b["region_id"] != "0013"])  # every context region and Riket
        assert (common["varde_csv"] == common["varde_json"]).all()
