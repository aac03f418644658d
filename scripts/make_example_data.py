"""Make the example dataset `data/exempel-2020/` from the public sources in `data/raw/`.

    python scripts/make_example_data.py [--out DIR]      (default: data/exempel-2020)

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
from exempeldata.output import sha256, write_csv, write_parquet, write_yaml
from exempeldata.parameters import parameters

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
DEFAULT_OUT = REPO / "data" / "exempel-2020"
KOLADA_FILES = {"N79179": "ar-skr-tillganglighet.json", "N79173": "ar-skr-tillganglighet.json",
                "U71451": "ar-skr-syn-pa-varden.json"}


def build(raw_dir: Path = RAW) -> dict:
    """All tables (DataFrames, one Arrow table) and the parameter dict, in memory."""
    befolkning = raw.population(raw_dir)
    kolada = pd.concat([raw.kolada_kpi(raw_dir, f, k) for k, f in KOLADA_FILES.items()], ignore_index=True)
    places, hc, catch, place_pop = geography(raw_dir, befolkning)
    flows = listings.choice_flows(hc, catch, place_pop)
    pop_band = listings.population_by_band(befolkning)
    listade = listings.make_listade(hc, flows, pop_band)
    listade_ort = listings.make_listade_ort(listade, flows, places)
    wide = listade.pivot_table(index="hc_id", columns="aldersgrupp", values="antal", aggfunc="sum")
    wide = wide.reindex(columns=list(AGE_BANDS)).sort_index()
    kommun = hc.set_index("hc_id")["kommunkod"]

    region_pop = pop_band.groupby("aldersgrupp")["antal"].sum().reindex(list(AGE_BANDS))
    vardbesok = weights.make_vardbesok_alder(region_pop)
    lakemedel = weights.make_lakemedel_alder(region_pop)
    age_w = weights.age_weights(vardbesok).round(4)
    drug_w = weights.drug_weights(lakemedel).round(4)
    cni_underlag, r = cni.make_cni_underlag(wide, kommun, raw.living_alone_share(raw_dir),
                                            raw.low_education_share(raw_dir))
    return {
        "befolkning": befolkning.sort_values(["kommunkod", "kon", "alder"]).reset_index(drop=True),
        "kolada": kolada.sort_values(["kpi", "region_id", "ar"]).reset_index(drop=True),
        "halsocentraler": hc_table(hc),
        "listade": listade,
        "listade_ort": listade_ort,
        "vardbesok_alder": vardbesok,
        "lakemedel_alder": lakemedel,
        "cni_underlag": cni_underlag,
        "kostnader": money.make_kostnader(wide, kommun, drug_w, age_w, listade_ort, hc, places),
        "patientavgifter": money.make_patientavgifter(wide, vardbesok, cni_underlag.set_index("enhet")["cni"]),
        "indikatorer": indicators.make_indikatorer(wide.sum(axis=1), kommun, kolada),
        "besok": visits.make_besok(wide, age_w, hc),
        "parametrar": parameters(age_w, drug_w, r),
        # not a table: where each centre's ownership comes from, for the manifest's source text
        "driftsform_kalla": hc.set_index("hc_id")["driftsform_kalla"],
    }


def geography(raw_dir: Path, befolkning: pd.DataFrame):
    """GeoNames places, the centres (with coordinates and catchment population), catchments, place population."""
    places = centres.localities(raw.geonames(raw_dir))
    hc = centres.add_coordinates(centres.centres_frame(), places)
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


def write_all(data: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table, (name, decimals) in FILES.items():
        if decimals is None:
            write_parquet(data[table], out / name)
        else:
            write_csv(data[table], out / name, decimals)
    write_yaml(data["parametrar"], out / "parametrar.yml",
               header="# Modellparametrar 2020 för exempeldata; skapad av scripts/make_example_data.py\n")
    hashes = {name: sha256(out / name) for name, _ in FILES.values()}
    hashes["parametrar.yml"] = sha256(out / "parametrar.yml")
    write_yaml(manifest(data, hashes, FILES), out / "manifest.yml",
               header="# Skapad av scripts/make_example_data.py – ändra inte för hand\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Skapa exempeldata (data/exempel-2020) från data/raw.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="utmapp (standard: data/exempel-2020)")
    args = parser.parse_args(argv)
    write_all(build(), args.out)
    print(f"Skrev exempeldata till {args.out}")


if __name__ == "__main__":
    main()
