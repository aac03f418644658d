"""Make the example datasets `data/exempel-2020/` and `data/exempel-2021/` from `data/raw/`.

    python scripts/make_example_data.py                      (both years into data/)
    python scripts/make_example_data.py --year 2021 [--out DIR]

2020 is the report's year, calibrated to its published figures; 2021 is "next year's data" (new
prices and weights, one centre closed and one opened, Kolada as of the end of 2021, Excel-saved
tables): see exempeldata.profile and docs/example-data.md.

Deterministic: one fixed seed (exempeldata.common.SEED), each table drawn from its own stream, fixed
rounding and row order, so a rerun gives byte-identical files. Reads only `data/raw/` in the repo.

What is real and what is synthetic (details in docs/example-data.md and each module's docstring):

* befolkning (SCB 31 Dec 2019) and kolada (N79179, N79173, U71451) are public statistics, reshaped only.
* halsocentraler is compiled: the 24 centres of 2020 named in the report (§6, §8), ownership from the
  report where it says so (else region-run, marked "antagande"), coordinates from GeoNames.
  upptagningsomrade_befolkning: each municipality's real population is spread over its GeoNames places
  in proportion to their number of postal codes; each place belongs to the nearest centre of its
  municipality (two documented exceptions, report §8.3 and §8.6); the five Östersund town centres
  share the town equally. Catchments add up to the municipality's population exactly.
* everything else is synthetic, calibrated to the report's published figures (exempeldata.*).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from exempeldata import centres, cni, indicators, listings, money, raw, visits, weights
from exempeldata.common import AGE_BANDS
from exempeldata.manifest import manifest
from exempeldata.output import (
    sha256,
    write_csv,
    write_excel_csv,
    write_parquet,
    write_xlsx,
    write_yaml,
)
from exempeldata.parameters import parameters
from exempeldata.profile import PROFILES, Profile
from exempeldata.projection import project

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
DEFAULT_OUT = REPO / "data" / "exempel-2020"
KOLADA_FILES = {
    "N79179": "ar-skr-tillganglighet.json",
    "N79173": "ar-skr-tillganglighet.json",
    "U71451": "ar-skr-syn-pa-varden.json",
}


def build(raw_dir: Path = RAW, profile: Profile = PROFILES[2020]) -> dict:
    """All tables (DataFrames, one Arrow table) and the parameter dict, in memory."""
    befolkning = project(raw.population(raw_dir), profile.population_years_ahead)
    kolada = pd.concat([raw.kolada_kpi(raw_dir, f, k) for k, f in KOLADA_FILES.items()], ignore_index=True)
    if profile.kolada_until is not None:
        kolada = kolada[kolada["ar"] <= profile.kolada_until]
    places, hc, catch, place_pop = geography(raw_dir, befolkning, profile)
    flows = listings.choice_flows(hc, catch, place_pop)
    pop_band = listings.population_by_band(befolkning)
    listade = listings.make_listade(hc, flows, pop_band)
    listade_ort = listings.make_listade_ort(listade, flows, places)
    wide = listade.pivot_table(index="hc_id", columns="aldersgrupp", values="antal", aggfunc="sum")
    wide = wide.reindex(columns=list(AGE_BANDS)).sort_index()
    kommun = hc.set_index("hc_id")["kommunkod"]

    region_pop = pop_band.groupby("aldersgrupp")["antal"].sum().reindex(list(AGE_BANDS))
    vardbesok = weights.make_vardbesok_alder(region_pop, profile.age_pinned)
    lakemedel = weights.make_lakemedel_alder(region_pop, profile.drug_pinned, profile.drug_shape_top)
    age_w = weights.age_weights(vardbesok).round(4)
    drug_w = weights.drug_weights(lakemedel).round(4)
    cni_underlag, r = cni.make_cni_underlag(
        wide, kommun, raw.living_alone_share(raw_dir), raw.low_education_share(raw_dir)
    )
    return {
        "befolkning": befolkning.sort_values(["kommunkod", "kon", "alder"]).reset_index(drop=True),
        "kolada": kolada.sort_values(["kpi", "region_id", "ar"]).reset_index(drop=True),
        "halsocentraler": hc_table(hc),
        "listade": listade,
        "listade_ort": listade_ort,
        "vardbesok_alder": vardbesok,
        "lakemedel_alder": lakemedel,
        "cni_underlag": cni_underlag,
        "kostnader": money.make_kostnader(wide, kommun, drug_w, age_w, listade_ort, hc, places, profile.price_drug),
        "patientavgifter": money.make_patientavgifter(wide, vardbesok, cni_underlag.set_index("enhet")["cni"]),
        "indikatorer": indicators.make_indikatorer(
            wide.sum(axis=1), kommun, kolada, profile.year, profile.coverage_extra, profile.antibiotics_extra
        ),
        "besok": visits.make_besok(wide, age_w, hc, profile.visits),
        "parametrar": parameters(age_w, drug_w, r, profile),
        # not a table: where each centre's ownership comes from, for the manifest's source text
        "driftsform_kalla": hc.set_index("hc_id")["driftsform_kalla"],
    }


def geography(raw_dir: Path, befolkning: pd.DataFrame, profile: Profile = PROFILES[2020]):
    """GeoNames places, the centres (with coordinates and catchment population), catchments, place population."""
    places = centres.localities(raw.geonames(raw_dir))
    hc = centres.add_coordinates(centres.centres_frame(profile.closed, profile.opened), places)
    catch = centres.catchments(hc, places)
    place_pop = centres.place_population(places, befolkning.groupby("kommunkod")["antal"].sum())
    hc["upptagningsomrade_befolkning"] = hc["hc_id"].map(centres.catchment_population(catch, place_pop))
    return places, hc, catch, place_pop


def hc_table(hc: pd.DataFrame) -> pd.DataFrame:
    cols = ["hc_id", "namn", "kommunkod", "kommun", "ort", "driftsform", "lat", "lon", "upptagningsomrade_befolkning"]
    return hc[cols].sort_values("hc_id").reset_index(drop=True)


# table → (file, decimals of float columns)
FILES = {
    "halsocentraler": ("halsocentraler.csv", {"lat": 4, "lon": 4}),
    "listade": ("listade.csv", {}),
    "listade_ort": ("listade_ort.csv", {"avstand_km": 1}),
    "befolkning": ("befolkning.csv", {}),
    "vardbesok_alder": ("vardbesok_alder.csv", {}),
    "lakemedel_alder": ("lakemedel_alder.csv", {}),
    "cni_underlag": ("cni_underlag.csv", {"index": 2, "cni": 4}),
    "kostnader": ("kostnader.csv", {}),
    "patientavgifter": ("patientavgifter.csv", {}),
    "indikatorer": ("indikatorer.csv", {}),
    "besok": ("besok.parquet", None),
    "kolada": ("kolada.csv", {"varde": 1}),
}


def files_for(profile: Profile) -> dict[str, tuple[str, dict | None, str]]:
    """table → (file name, decimals, how written: csv | excel-csv | xlsx | parquet) for one year."""
    out = {}
    for table, (name, decimals) in FILES.items():
        kind = "parquet" if decimals is None else "csv"
        if table in profile.excel_csv:
            kind = "excel-csv"
        elif table in profile.excel_xlsx:
            name, kind = name.replace(".csv", ".xlsx"), "xlsx"
        out[table] = (name, decimals, kind)
    return out


#: The title row of a table saved as .xlsx (what a person would type above the header).
XLSX_TITLES = {"kostnader": "Kostnader per hälsocentral och kostnadsslag {year}, kr"}


def write_all(data: dict, out: Path, profile: Profile = PROFILES[2020]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = files_for(profile)
    for table, (name, decimals, kind) in files.items():
        if kind == "parquet":
            write_parquet(data[table], out / name)
        elif kind == "excel-csv":
            write_excel_csv(data[table], out / name, decimals)
        elif kind == "xlsx":
            write_xlsx(data[table], out / name, XLSX_TITLES[table].format(year=profile.year))
        else:
            write_csv(data[table], out / name, decimals)
    write_yaml(
        data["parametrar"],
        out / "parametrar.yml",
        header=f"# Modellparametrar {profile.year} för exempeldata; skapad av scripts/make_example_data.py\n",
    )
    hashes = {name: sha256(out / name) for name, *_ in files.values()}
    hashes["parametrar.yml"] = sha256(out / "parametrar.yml")
    write_yaml(
        manifest(data, hashes, files, profile),
        out / "manifest.yml",
        header="# Skapad av scripts/make_example_data.py – ändra inte för hand\n",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Skapa exempeldata (data/exempel-ÅÅÅÅ) från data/raw.")
    parser.add_argument(
        "--year", type=int, choices=sorted(PROFILES), help="bara detta år (standard: alla år; med --out: 2020)"
    )
    parser.add_argument("--out", type=Path, help="utmapp för ett år (standard: data/exempel-ÅÅÅÅ)")
    args = parser.parse_args(argv)
    years = [args.year] if args.year else ([2020] if args.out else sorted(PROFILES))
    for year in years:
        profile = PROFILES[year]
        out = args.out or REPO / "data" / profile.name
        write_all(build(RAW, profile), out, profile)
        print(f"Skrev exempeldata för {year} till {out}")


if __name__ == "__main__":
    main()
