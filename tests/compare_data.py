"""A second edition of the example data for comparison tests: new prices, one centre closed
(its listed persons move to another centre in the same municipality) and one new centre (half
of another centre's listed persons). Made from data/exempel-2020 in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import yaml
from conftest import drop_centres_from_params

from analysis.data.manifest import rehash_manifest
from analysis.vocabulary import CNI_VARIABLES

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "exempel-2020"
CLOSED, TAKES_OVER = "hallen", "are"  # Hallen closes; its listed persons go to Åre (both in Åre)
SPLIT, NEW = "lit", "lit_nord"  # a new centre takes half of Lit's listed persons
PRICE = 2600  # kr per weight unit, 2020: 2 453
COUNTS = [*CNI_VARIABLES, "befolkning"]


def make_variant(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest)
    read = lambda name: pd.read_csv(dest / f"{name}.csv", dtype={"hc_id": str, "enhet": str, "kommunkod": str})  # noqa: E731
    write = lambda df, name: df.to_csv(dest / f"{name}.csv", index=False)  # noqa: E731
    params = yaml.safe_load((dest / "parametrar.yml").read_text(encoding="utf-8"))
    params["ersattning_listad"]["pris_per_viktenhet"]["varde"] = PRICE
    (dest / "parametrar.yml").write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")

    hc = read("halsocentraler")
    new_row = hc[hc["hc_id"] == SPLIT].assign(hc_id=NEW, namn="Lits norra hälsocentral")
    write(pd.concat([hc[hc["hc_id"] != CLOSED], new_row], ignore_index=True), "halsocentraler")

    moved = None  # persons listed at the new centre (listade_ort must sum to the same)
    for name, keys in (("listade", ["kon", "aldersgrupp"]), ("listade_ort", ["ort", "kommunkod", "avstand_km"])):
        df = read(name)
        df.loc[df["hc_id"] == CLOSED, "hc_id"] = TAKES_OVER
        df = df.groupby(["hc_id", *keys], as_index=False, sort=False)["antal"].sum()
        half = df[df["hc_id"] == SPLIT].copy()
        half["antal"] = half["antal"] // 2
        if moved is not None:
            half.iloc[0, half.columns.get_loc("antal")] += moved - half["antal"].sum()
        moved = int(half["antal"].sum())
        df.loc[df["hc_id"] == SPLIT, "antal"] -= half["antal"].to_numpy()
        write(pd.concat([df, half.assign(hc_id=NEW)], ignore_index=True), name)

    cni = read("cni_underlag").set_index("enhet")
    cni.loc[TAKES_OVER, COUNTS] += cni.loc[CLOSED, COUNTS]
    cni = cni.drop(index=CLOSED)
    cni.loc[NEW, COUNTS] = (cni.loc[SPLIT, COUNTS] // 2).to_numpy()
    cni.loc[SPLIT, COUNTS] -= cni.loc[NEW, COUNTS]
    weights = params["cni"]["vikter"]["varden"]
    cni["index"] = sum(cni[k] * float(w) for k, w in weights.items()).round(2)
    cni["cni"] = (cni["index"] / cni["befolkning"] / float(params["cni"]["referensvarde"]["varde"])).round(4)
    cni[COUNTS] = cni[COUNTS].astype("int64")
    write(cni.reset_index(), "cni_underlag")

    for name in ("kostnader", "patientavgifter"):
        df = read(name)
        split = df[df["hc_id"] == SPLIT].assign(hc_id=NEW)
        write(pd.concat([df[df["hc_id"] != CLOSED], split], ignore_index=True), name)
    for name in ("indikatorer",):
        df = read(name)
        write(df[df["hc_id"] != CLOSED], name)
    visits = pd.read_parquet(dest / "besok.parquet")
    for col in ("listad_hc", "besokt_hc"):
        visits[col] = visits[col].replace(CLOSED, TAKES_OVER)
    visits.to_parquet(dest / "besok.parquet", index=False)
    drop_centres_from_params(dest, {CLOSED})
    rehash_manifest(dest)
    return dest
