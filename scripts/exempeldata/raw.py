"""Readers for the public source files copied into `data/raw/` (see each folder's SOURCE.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from exempeldata.common import KOMMUNKOD

SCB = "scb-via-SCBHandlerPlotter"
GEONAMES = "geonames-postal-SE"
KOLADA = "kolada-hosrapport-halland"
SEX_FROM_SCB = {"kvinnor": "kvinna", "män": "man"}


def population(raw: Path) -> pd.DataFrame:
    """SCB population 31 Dec 2019 for Jämtland: kommunkod, kon, alder (0–100, 100 = 100+), kommun, antal."""
    df = pd.read_csv(raw / SCB / "SCB_alderkon.csv", dtype={"ålder": int, "X2019": int})
    df = df[df["region"].isin(KOMMUNKOD)]
    return pd.DataFrame(
        {
            "kommunkod": df["region"].map(KOMMUNKOD),
            "kon": df["kön"].map(SEX_FROM_SCB),
            "alder": df["ålder"],
            "kommun": df["region"],
            "antal": df["X2019"],
        }
    ).reset_index(drop=True)


def low_education_share(raw: Path) -> pd.Series:
    """Share with at most compulsory schooling ("förgymnasial") among 25–64-year-olds, per kommunkod."""
    df = pd.read_csv(raw / SCB / "SCB_utbildningsniva.csv")
    df = df[df["region"].isin(KOMMUNKOD) & df["ålder"].isin(["25-34 år", "35-44 år", "45-54 år", "55-64 år"])]
    known = df[~df["utbildningsnivå"].str.startswith("uppgift")]
    low = known[known["utbildningsnivå"].str.startswith("förgymnasial")]
    share = low.groupby("region")["X2019"].sum() / known.groupby("region")["X2019"].sum()
    return share.rename(index=KOMMUNKOD).rename("andel_lagutbildade")


def living_alone_share(raw: Path) -> pd.Series:
    """Share of the population living in one-person households, per kommunkod (SCB 2019)."""
    df = pd.read_csv(raw / SCB / "SCB_hushallsstorlek.csv")
    df = df[df["region"].isin(KOMMUNKOD)]
    alone = df[df["hushållsstorlek"] == "1 person"].set_index("region")["X2019"]
    share = alone / df.groupby("region")["X2019"].sum()
    return share.rename(index=KOMMUNKOD).rename("andel_ensamboende")


GEONAMES_COLUMNS = [
    "land",
    "postnummer",
    "ort",
    "lan",
    "lanskod",
    "kommun",
    "kommunkod",
    "namn3",
    "kod3",
    "lat",
    "lon",
    "noggrannhet",
]


def geonames(raw: Path) -> pd.DataFrame:
    """GeoNames postal rows for Jämtland (kommunkod 23xx), as in the copied file."""
    return pd.read_csv(
        raw / GEONAMES / "SE-23.txt",
        sep="\t",
        header=None,
        names=GEONAMES_COLUMNS,
        dtype={"postnummer": str, "kommunkod": str, "noggrannhet": "Int64"},
        keep_default_na=False,
        na_values={"noggrannhet": [""]},
    )


def kolada_kpi(raw: Path, filename: str, kpi: str) -> pd.DataFrame:
    """One KPI from a hosrapport JSON file: kpi, region_id, ar, region, varde (values as stored).

    The file's main series (`tidsserie`) is Region Halland (0013), `riket_serie` is Sweden (0000)
    and `kontext_serier` are the other regions. Points without a value are skipped.
    """
    data = json.loads((raw / KOLADA / filename).read_text(encoding="utf-8"))
    entry = next(e for e in data["kpier"] if e["id"] == f"kolada-{kpi.lower()}")
    series = [("0013", "Halland", entry["tidsserie"]), ("0000", "Riket", entry["riket_serie"])]
    series += [(str(s["id"]).zfill(4), s["namn"], s["tidsserie"]) for s in entry["kontext_serier"]]
    rows = [
        (kpi, rid, int(p["etikett"]), name, float(p["varde"]))
        for rid, name, points in series
        for p in points
        if p.get("varde") is not None
    ]
    return pd.DataFrame(rows, columns=["kpi", "region_id", "ar", "region", "varde"])
