"""Region-level series from Kolada: Jämtland Härjedalen against Riket and the other regions.

The `kolada` table holds Kolada's published values unchanged (`varde`, per cent) with one row
per KPI, region and year: `kpi` (e.g. `N79179`), `region_id` (4-digit: `0023` = Jämtland
Härjedalen, `0000` = Riket), `ar`, `region`, `varde`. Nothing here rounds or recomputes the
values; `andel` (= varde / 100) is added for plotting in per cent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.vocabulary.indicators import INDICATOR_TABLE, INDICATORS

JAMTLAND = "0023"
RIKET = "0000"

KPI_NOLL_AN = INDICATORS["noll_an"].kolada  # N79179, telefonsamtal besvarade samma dag (0:an)
KPI_TRE_AN = INDICATORS["tre_an"].kolada  # N79173, medicinsk bedömning inom tre dagar (3:an)
KPI_NPE = INDICATORS["npe_helhetsintryck"].kolada  # U71451, positivt helhetsintryck, Nationell patientenkät

KPI_LABELS = {
    KPI_NOLL_AN: "0:an – telefonsamtal besvarade samma dag",
    KPI_TRE_AN: "3:an – medicinsk bedömning inom tre dagar",
    KPI_NPE: "Positivt helhetsintryck (Nationell patientenkät)",
}
KPI_SHORT = {i.kolada: i.short for i in INDICATOR_TABLE if i.kolada}

# Years from which Kolada's definition or source changed; compare across them with care.
SOURCE_BREAKS = {KPI_NOLL_AN: 2024}


def _normalise(kolada: pd.DataFrame) -> pd.DataFrame:
    out = kolada.copy()
    out["kpi"] = out["kpi"].astype(str).str.upper()
    out["region_id"] = out["region_id"].astype(str).str.strip().str.zfill(4)
    out["ar"] = pd.to_numeric(out["ar"]).astype("int64")
    out["varde"] = pd.to_numeric(out["varde"]).astype("float64")
    return out


def kolada_series(kolada: pd.DataFrame, kpi: str, region_id: str = JAMTLAND) -> pd.Series:
    """One region's published values for one KPI, indexed by year (per cent, as in Kolada)."""
    k = _normalise(kolada)
    sel = k[(k["kpi"] == kpi.upper()) & (k["region_id"] == str(region_id).zfill(4))]
    if sel.empty:
        raise KeyError(f"Kolada saknar {kpi} för region {region_id}")
    s = sel.dropna(subset=["varde"]).sort_values("ar").set_index("ar")["varde"]
    s.name = kpi.upper()
    return s


def jamtland_series(kolada: pd.DataFrame, kpi: str) -> pd.Series:
    """Jämtland Härjedalen's (region 0023) published series for `kpi`, by year."""
    return kolada_series(kolada, kpi, JAMTLAND)


def region_panel(kolada: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """All regions and Riket for one KPI, with each region's rank per year.

    Columns: ar, region_id, region, varde, andel, rank, antal_regioner, roll (`jamtland`,
    `riket` or `ovrig`). Rank 1 = highest value among the regions that year (Riket is not
    ranked; ties share the best rank).
    """
    k = _normalise(kolada)
    p = k[(k["kpi"] == kpi.upper())].dropna(subset=["varde"]).copy()
    if p.empty:
        raise KeyError(f"Kolada saknar {kpi}")
    p["andel"] = p["varde"] / 100
    regions = p["region_id"] != RIKET
    p["rank"] = pd.Series(pd.NA, index=p.index, dtype="Int64")
    p.loc[regions, "rank"] = p[regions].groupby("ar")["varde"].rank(ascending=False, method="min").astype("Int64")
    p["antal_regioner"] = p["ar"].map(p[regions].groupby("ar").size()).astype("int64")
    p["roll"] = "ovrig"
    p.loc[p["region_id"] == JAMTLAND, "roll"] = "jamtland"
    p.loc[p["region_id"] == RIKET, "roll"] = "riket"
    cols = ["ar", "region_id", "region", "varde", "andel", "rank", "antal_regioner", "roll"]
    return p[cols].sort_values(["ar", "region_id"]).reset_index(drop=True)


def jamtland_summary(kolada: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """Jämtland Härjedalen against Riket per year: values, difference and rank among regions."""
    p = region_panel(kolada, kpi)
    j = p[p["roll"] == "jamtland"].set_index("ar")
    r = p[p["roll"] == "riket"].set_index("ar")["varde"].rename("riket")
    out = j[["varde", "rank", "antal_regioner"]].join(r, how="left")
    out["skillnad"] = out["varde"] - out["riket"]
    return out.reset_index()


def read_kolada_json(path: str | Path, kpi: str, main_region: tuple[str, str] = ("0013", "Halland")):
    """Read one KPI from a Region Halland `hosrapport` JSON file into the `kolada` layout.

    The file holds the main region's series (`tidsserie`, Region Halland), Riket
    (`riket_serie`) and every other region (`kontext_serier`). Returns columns kpi, region_id,
    ar, region, varde with values exactly as stored in the file.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    want = f"kolada-{kpi.lower()}"
    entries = [e for e in data.get("kpier", []) if e.get("id") == want]
    if not entries:
        raise KeyError(f"{kpi} finns inte i {path}")
    e = entries[0]
    rows = []

    def add(region_id: str, region: str, series: list[dict]) -> None:
        for point in series:
            if point.get("varde") is None:
                continue
            rows.append((kpi.upper(), region_id, int(point["etikett"]), region, float(point["varde"])))

    add(main_region[0], main_region[1], e.get("tidsserie", []))
    add(RIKET, "Riket", e.get("riket_serie", []))
    for s in e.get("kontext_serier", []):
        add(str(s["id"]).zfill(4), s["namn"], s.get("tidsserie", []))
    out = pd.DataFrame(rows, columns=["kpi", "region_id", "ar", "region", "varde"])
    return out.drop_duplicates(["kpi", "region_id", "ar"]).reset_index(drop=True)
