"""The example dataset `data/exempel-2020/`: calibration targets, consistency and reproducibility.

Reads the shipped files with plain pandas / yaml / pyarrow (not the project's loader), so these tests
check the data themselves. The report's figures they are calibrated to: docs/report-facts.md (report §6,
§6.1, §7), as the code holds them (`analysis.model.published.REPORT`).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from analysis.model.published import REPORT, REPORT_CNI_WEIGHTS
from analysis.vocabulary import CNI_VARIABLES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "exempel-2020"
RAW = ROOT / "data" / "raw"
SCRIPT = ROOT / "scripts" / "make_example_data.py"

BANDS = [f"{a}-{a + 4}" for a in range(0, 100, 5)] + ["100+"]
KOMMUNER = {
    "2326": "Berg",
    "2305": "Bräcke",
    "2361": "Härjedalen",
    "2309": "Krokom",
    "2303": "Ragunda",
    "2313": "Strömsund",
    "2321": "Åre",
    "2380": "Östersund",
}
OSTERSUND = "2380"
UNLISTED_SHARE = 0.015
STATUSES = {"publicerad", "offentlig statistik", "sammanstalld", "syntetisk"}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype={"kommunkod": str, "region_id": str})


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((DATA / "manifest.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def params() -> dict:
    return yaml.safe_load((DATA / "parametrar.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hc() -> pd.DataFrame:
    return read("halsocentraler.csv")


@pytest.fixture(scope="module")
def listade() -> pd.DataFrame:
    return read("listade.csv")


@pytest.fixture(scope="module")
def befolkning() -> pd.DataFrame:
    return read("befolkning.csv")


@pytest.fixture(scope="module")
def cni() -> pd.DataFrame:
    return read("cni_underlag.csv").set_index("enhet")


@pytest.fixture(scope="module")
def besok() -> pd.DataFrame:
    return pq.read_table(DATA / "besok.parquet").to_pandas()


def band_of(age: int) -> str:
    return BANDS[min(age // 5, 20)]


def derived(usage: pd.Series, population: pd.Series) -> pd.Series:
    return (usage / population) / (usage.sum() / population.sum())


def age_weights_from_csv() -> tuple[pd.Series, pd.Series]:
    v = read("vardbesok_alder.csv").set_index("aldersgrupp")
    return derived(2.0 * v["lakarbesok"] + v["sjukvardande_behandlingar"], v["befolkning"].astype(float)), v[
        "befolkning"
    ]


def drug_weights_from_csv() -> tuple[pd.Series, pd.Series]:
    d = read("lakemedel_alder.csv").set_index("aldersgrupp")
    return derived(d["kostnad_kr"].astype(float), d["befolkning"].astype(float)), d["befolkning"]


# --- reproducibility and manifest --------------------------------------------------------------


def test_generator_reproduces_shipped_files_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True, cwd=tmp_path)
    shipped = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_manifest_sha256_matches_files(manifest):
    entries = list(manifest["tabeller"].values()) + [manifest["parametrar"]]
    for entry in entries:
        digest = hashlib.sha256((DATA / entry["fil"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["fil"]


def test_manifest_entries_complete(manifest):
    assert manifest["namn"] == "exempel-2020" and manifest["ar"] == 2020 and manifest["beskrivning"]
    expected = {
        "halsocentraler",
        "listade",
        "listade_ort",
        "befolkning",
        "vardbesok_alder",
        "lakemedel_alder",
        "cni_underlag",
        "kostnader",
        "patientavgifter",
        "indikatorer",
        "besok",
        "kolada",
    }
    assert set(manifest["tabeller"]) == expected
    for table, entry in manifest["tabeller"].items():
        assert {"fil", "status", "kalla", "licens", "sha256"} <= set(entry), table
        assert entry["status"] in STATUSES
    status = {t: e["status"] for t, e in manifest["tabeller"].items()}
    assert status["befolkning"] == status["kolada"] == "offentlig statistik"
    assert status["halsocentraler"] == "sammanstalld"
    assert status["listade"] == status["besok"] == "syntetisk"
    assert {"fil", "status", "kalla", "sha256"} <= set(manifest["parametrar"])


def test_csv_files_are_utf8_comma_lf():
    for path in DATA.glob("*.csv"):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n"), path.name
        raw.decode("utf-8")
        header = raw.split(b"\n", 1)[0].decode()
        assert ";" not in header and "," in header, path.name


def test_rows_are_sorted():
    keys = {
        "halsocentraler.csv": ["hc_id"],
        "listade_ort.csv": ["hc_id", "ort"],
        "befolkning.csv": ["kommunkod", "kon", "alder"],
        "cni_underlag.csv": ["enhet"],
        "patientavgifter.csv": ["hc_id"],
        "indikatorer.csv": ["hc_id", "indikator", "ar"],
        "kolada.csv": ["kpi", "region_id", "ar"],
    }
    for name, cols in keys.items():
        df = read(name)
        assert df.equals(df.sort_values(cols, kind="mergesort").reset_index(drop=True)), name
        assert not df.duplicated(cols).any(), name
    li = read("listade.csv")
    order = li.assign(b=li["aldersgrupp"].map(BANDS.index)).sort_values(["hc_id", "kon", "b"], kind="mergesort")
    assert li.index.equals(order.index)


def test_raw_copies_documented_and_small():
    total = sum(p.stat().st_size for p in RAW.rglob("*") if p.is_file())
    assert total < 5_000_000
    for folder in (p for p in RAW.iterdir() if p.is_dir()):
        text = (folder / "SOURCE.md").read_text(encoding="utf-8")
        assert "Copied into this repository" in text, folder.name


# --- public statistics --------------------------------------------------------------------------


def test_befolkning_is_scb_2019(befolkning):
    assert befolkning["antal"].sum() == 130_810
    assert set(befolkning["kommunkod"]) == set(KOMMUNER)
    assert befolkning.groupby("kommunkod")["kommun"].first().to_dict() == KOMMUNER
    assert set(befolkning["kon"]) == {"kvinna", "man"}
    assert sorted(befolkning["alder"].unique()) == list(range(101))
    per = befolkning.groupby("kommun")["antal"].sum().to_dict()
    assert per == {
        "Berg": 7061,
        "Bräcke": 6298,
        "Härjedalen": 10090,
        "Krokom": 14966,
        "Ragunda": 5284,
        "Strömsund": 11605,
        "Åre": 11727,
        "Östersund": 63779,
    }


def test_befolkning_matches_raw_scb(befolkning):
    scb = pd.read_csv(RAW / "scb-via-SCBHandlerPlotter" / "SCB_alderkon.csv")
    assert scb["X2019"].sum() == 10_327_589
    scb = scb[scb["region"].isin(KOMMUNER.values())]
    a = scb.assign(kon=scb["kön"].map({"kvinnor": "kvinna", "män": "man"}))
    a = a.set_index(["region", "kon", "ålder"])["X2019"].sort_index()
    b = befolkning.set_index(["kommun", "kon", "alder"])["antal"].sort_index()
    assert a.to_numpy().tolist() == b.to_numpy().tolist()


def test_kolada_values_unchanged_from_json():
    kol = read("kolada.csv")
    files = {
        "N79179": "ar-skr-tillganglighet.json",
        "N79173": "ar-skr-tillganglighet.json",
        "U71451": "ar-skr-syn-pa-varden.json",
    }
    for kpi, fname in files.items():
        data = json.loads((RAW / "kolada-hosrapport-halland" / fname).read_text(encoding="utf-8"))
        entry = next(e for e in data["kpier"] if e["id"] == f"kolada-{kpi.lower()}")
        series = {"0013": entry["tidsserie"], "0000": entry["riket_serie"]}
        series.update({s["id"]: s["tidsserie"] for s in entry["kontext_serier"]})
        expected = {(rid, int(p["etikett"])): float(p["varde"]) for rid, pts in series.items() for p in pts}
        got = kol[kol["kpi"] == kpi].set_index(["region_id", "ar"])["varde"].to_dict()
        assert got == expected, kpi
        assert "0023" in set(kol.loc[kol["kpi"] == kpi, "region_id"])
    assert kol["region_id"].nunique() == 22  # 21 regions + Riket
    assert kol.loc[kol["region_id"] == "0023", "region"].unique().tolist() == ["Jämtland Härjedalen"]


# --- health centres and listings ----------------------------------------------------------------

REQUIRED_CENTRES = [
    "Brunflo",
    "Frösö",
    "Lugnvik",
    "Odensala",
    "Zätagränd",
    "Ripan",
    "Krokom",
    "Offerdal",
    "Åre",
    "Järpen",
    "Hallen",
    "Strömsund",
    "Hammerdal",
    "Hoting",
    "Gäddede",
    "Svenstavik",
    "Bräcke",
    "Hammarstrand",
    "Sveg",
    "Funäsdalen",
    "Hede",
]


def test_required_centres_present(hc):
    text = " ".join(hc["namn"] + " " + hc["ort"])
    for name in REQUIRED_CENTRES:
        assert name in text, name
    assert 20 <= len(hc) <= 30 and hc["hc_id"].is_unique
    assert hc["hc_id"].str.fullmatch(r"[a-z]+").all()


def test_centre_ownership_from_report(hc):
    form = hc.set_index("hc_id")["driftsform"]
    assert set(form) <= {"regiondriven", "privat", "kommunal"}
    assert form["offerdal"] == form["ripan"] == form["nnv"] == form["hede"] == "privat"
    assert form["gaddede"] == "kommunal"
    assert form["krokom"] == form["sveg"] == form["odensala"] == "regiondriven"


def test_centre_coordinates_and_catchments(hc, befolkning):
    assert hc["lat"].between(61.5, 65.0).all() and hc["lon"].between(12.0, 17.0).all()
    assert set(hc["kommunkod"]) == set(KOMMUNER)
    assert (hc["kommun"] == hc["kommunkod"].map(KOMMUNER)).all()
    catch = hc.groupby("kommunkod")["upptagningsomrade_befolkning"].sum()
    assert catch.to_dict() == befolkning.groupby("kommunkod")["antal"].sum().to_dict()
    assert (hc["upptagningsomrade_befolkning"] > 0).all()


def test_listings_match_population_minus_unlisted(hc, listade, befolkning):
    assert set(listade["aldersgrupp"]) == set(BANDS) and set(listade["kon"]) == {"kvinna", "man"}
    assert (listade["antal"] >= 0).all()
    pop = befolkning.assign(aldersgrupp=befolkning["alder"].map(band_of))
    pop = pop.groupby(["kommunkod", "kon", "aldersgrupp"])["antal"].sum()
    li = listade.merge(hc[["hc_id", "kommunkod"]], on="hc_id", validate="many_to_one")
    got = li.groupby(["kommunkod", "kon", "aldersgrupp"])["antal"].sum().reindex(pop.index)
    assert (got <= pop).all()
    assert (got == np.round(pop * (1 - UNLISTED_SHARE)).astype(int)).all()
    assert 0.98 <= listade["antal"].sum() / 130_810 <= 0.99


def test_ostersund_residents_spread_over_town_centres(hc, listade):
    town = hc[(hc["kommunkod"] == OSTERSUND) & (hc["ort"] == "Östersund")]["hc_id"]
    per = listade.groupby("hc_id")["antal"].sum()
    assert len(town) == 5 and (per[town] > 3000).all()


def test_listade_ort_sums_and_distances(hc, listade):
    lo = read("listade_ort.csv")
    assert lo.groupby("hc_id")["antal"].sum().to_dict() == listade.groupby("hc_id")["antal"].sum().to_dict()
    assert (lo["avstand_km"] >= 0).all() and (lo["antal"] > 0).all()
    merged = lo.merge(hc[["hc_id", "kommunkod"]], on="hc_id", suffixes=("", "_hc"))
    assert (merged["kommunkod"] == merged["kommunkod_hc"]).all()
    dist = lo.groupby("ort")["avstand_km"].first()
    assert dist["Östersund"] < 2 and dist["Frösön"] < 10 and dist["Gäddede"] > 150
    # haversine × 1.3 from the place to the hospital (63.1766 N, 14.6361 E), e.g. Sveg
    lat, lon = np.radians([62.0341, 63.1766]), np.radians([14.3658, 14.6361])
    a = np.sin((lat[1] - lat[0]) / 2) ** 2 + np.cos(lat[0]) * np.cos(lat[1]) * np.sin((lon[1] - lon[0]) / 2) ** 2
    assert dist["Sveg"] == round(2 * 6371.0 * np.arcsin(np.sqrt(a)) * 1.3, 1)


# --- age and drug weights -------------------------------------------------------------------------


def test_weight_tables_use_real_population(befolkning):
    pop = befolkning.assign(b=befolkning["alder"].map(band_of)).groupby("b")["antal"].sum().reindex(BANDS)
    for name in ("vardbesok_alder.csv", "lakemedel_alder.csv"):
        df = read(name)
        assert df["aldersgrupp"].tolist() == BANDS
        assert df["befolkning"].tolist() == pop.tolist()


def test_age_weights_derive_to_parameters(params):
    w, pop = age_weights_from_csv()
    assert abs((w * pop).sum() / pop.sum() - 1) < 1e-12
    shipped = pd.Series(params["ersattning_listad"]["aldersvikter"]["varden"])
    assert list(shipped.index) == BANDS
    assert (w.round(4) == shipped[w.index]).all()
    assert abs((shipped * pop).sum() / pop.sum() - 1) < 1e-4


def test_age_weight_endpoints(params):
    w = pd.Series(params["ersattning_listad"]["aldersvikter"]["varden"])
    price = params["ersattning_listad"]["pris_per_viktenhet"]["varde"]
    lo, hi = REPORT["aldersvikt_min"], REPORT["aldersvikt_max"]
    assert price == REPORT["pris_vikt1"].rapporten
    assert (w.idxmin(), w.idxmax()) == (lo.band, hi.band) == ("10-14", "85-89")
    assert round(w["10-14"], 2) == lo.rapporten and round(w["85-89"], 2) == hi.rapporten
    assert round(price * w["10-14"]) == REPORT["listad_min_kr"].rapporten
    assert round(price * w["85-89"]) == REPORT["listad_max_kr"].rapporten
    assert w["10-14"] == 0.3327 and w["85-89"] == 2.2132
    others = w.drop(["10-14", "85-89"])
    assert (others.round(2) > lo.rapporten).all() and (others.round(2) < hi.rapporten).all()


def test_age_weight_curve_plausible(params):
    w = pd.Series(params["ersattning_listad"]["aldersvikter"]["varden"])
    assert w["0-4"] > 1 and w["0-4"] > w["5-9"] > w["10-14"]
    rising = w["20-24":"85-89"]
    assert rising.is_monotonic_increasing and w["85-89"] / w["45-49"] > 2.5


def test_drug_weights_derive_to_parameters(params):
    w, pop = drug_weights_from_csv()
    assert abs((w * pop).sum() / pop.sum() - 1) < 1e-12
    shipped = pd.Series(params["lakemedel"]["vikter"]["varden"])
    assert list(shipped.index) == BANDS
    assert (w.round(4) == shipped[w.index]).all()


def test_drug_weight_endpoints(params):
    w = pd.Series(params["lakemedel"]["vikter"]["varden"])
    price = params["lakemedel"]["pris_per_viktenhet"]["varde"]
    lo, hi = REPORT["lakemedelsvikt_min"], REPORT["lakemedelsvikt_max"]
    assert price == REPORT["lakemedel_vikt1"].rapporten
    assert (w.idxmin(), w.idxmax()) == (lo.band, hi.band) == ("25-29", "100+")
    assert round(w["25-29"], 2) == lo.rapporten and round(w["100+"], 2) == hi.rapporten
    assert round(price * w["25-29"]) == REPORT["lakemedel_min_kr"].rapporten
    assert round(price * w["100+"]) == REPORT["lakemedel_max_kr"].rapporten
    others = w.drop(["25-29", "100+"])
    assert (others.round(2) > lo.rapporten).all() and (others.round(2) < hi.rapporten).all()
    assert w["30-34":"100+"].is_monotonic_increasing


# --- CNI ------------------------------------------------------------------------------------------


def test_cni_layout_and_formula(cni, listade, params):
    cols = [*CNI_VARIABLES, "befolkning", "index", "cni"]
    assert list(cni.columns) == cols
    assert params["cni"]["vikter"]["varden"] == REPORT_CNI_WEIGHTS
    r = params["cni"]["referensvarde"]["varde"]
    assert cni["befolkning"].to_dict() == listade.groupby("hc_id")["antal"].sum().to_dict()
    under5 = listade[listade["aldersgrupp"] == "0-4"].groupby("hc_id")["antal"].sum()
    assert cni["alder_under_5"].to_dict() == under5.to_dict()
    index = sum(cni[c] * w for c, w in REPORT_CNI_WEIGHTS.items())
    assert np.allclose(index, cni["index"], atol=0.005)
    assert np.allclose(cni["cni"], cni["index"] / cni["befolkning"] / r, atol=0.00005)
    shares = cni[cols[:7]].div(cni["befolkning"], axis=0)
    assert (shares > 0).all().all() and (shares < 0.2).all().all()


def _cni_values(cni: pd.DataFrame, params: dict) -> dict[str, pd.Series]:
    r = params["cni"]["referensvarde"]["varde"]
    return {"kolumn": cni["cni"], "formel": cni["index"] / cni["befolkning"] / r}


def test_cni_span_hallen_jarpen(cni, params):
    lo, hi = REPORT["cni_min"], REPORT["cni_max"]
    assert (lo.band, hi.band) == ("Hallen", "Järpen")
    for how, c in _cni_values(cni, params).items():
        assert c.idxmin() == "hallen" and c.idxmax() == "jarpen", how
        assert round(c["hallen"], 2) == lo.rapporten and round(c["jarpen"], 2) == hi.rapporten, how
        others = c.drop(["hallen", "jarpen"]).round(2)
        assert (others > lo.rapporten).all() and (others < hi.rapporten).all(), how


def test_cni_mean_and_kronor(cni, params):
    snitt = params["cni"]["snitt_per_listad"]["varde"]
    assert snitt == REPORT["cni_snitt"].rapporten
    for how, c in _cni_values(cni, params).items():
        n = cni["befolkning"]
        mean = (c * n).sum() / n.sum()
        assert round(mean, 2) == 1.00 and 1.0032 < mean < 1.0042, how
        per_listed = snitt * c / mean
        assert round(per_listed["hallen"]) == REPORT["cni_min_kr"].rapporten, how
        assert round(per_listed["jarpen"]) == REPORT["cni_max_kr"].rapporten, how
        assert abs((per_listed * n).sum() - snitt * n.sum()) < 1e-3 * n.sum()


def test_cni_share_of_fixed_capitation_is_derived(params):
    assert "andel_av_fast_kapitering" not in params["cni"]
    snitt, price = REPORT["cni_snitt"].rapporten, REPORT["pris_vikt1"].rapporten
    share = snitt / (price + snitt)
    assert round(share * 100, 2) == 25.05 and round(share, 2) == REPORT["cni_andel"].rapporten


# --- costs, fees, sparsity budget ---------------------------------------------------------------


def test_kostnader_lof_lol(hc):
    k = read("kostnader.csv")
    types = ["lakemedel", "lof_lol", "fotvard", "tjanstekop_kommun", "lab_rontgen", "lokaler", "sjukresor"]
    assert set(k["kostnadstyp"]) == set(types) and len(k) == len(hc) * len(types)
    assert (k["belopp_kr"] >= 0).all()
    lof = k[k["kostnadstyp"] == "lof_lol"].merge(hc[["hc_id", "kommunkod"]], on="hc_id")
    assert lof["belopp_kr"].sum() == 21_000_000
    assert lof.loc[lof["kommunkod"] == OSTERSUND, "belopp_kr"].sum() / 21_000_000 >= 0.80


def test_drug_costs_follow_budget(params, listade):
    k = read("kostnader.csv")
    w = pd.Series(params["lakemedel"]["vikter"]["varden"])
    budget = (listade["antal"] * listade["aldersgrupp"].map(w)).groupby(listade["hc_id"]).sum() * 1272
    cost = k[k["kostnadstyp"] == "lakemedel"].set_index("hc_id")["belopp_kr"]
    assert 0.93 < cost.sum() / budget.sum() < 1.07
    assert ((cost / budget[cost.index]).between(0.75, 1.3)).all()


def test_patientavgifter_high_cost_follows_age(listade):
    pa_ = read("patientavgifter.csv").set_index("hc_id")
    assert (pa_["besok_hogkostnadsskydd"] <= pa_["besok_totalt"]).all() and (pa_["avgifter_kr"] > 0).all()
    old = listade[listade["aldersgrupp"].map(BANDS.index) >= 13].groupby("hc_id")["antal"].sum()
    share_old = old / listade.groupby("hc_id")["antal"].sum()
    share_hk = pa_["besok_hogkostnadsskydd"] / pa_["besok_totalt"]
    assert share_hk.corr(share_old[share_hk.index], method="spearman") > 0.5


def test_glesbygd_budget_share(params, listade):
    w = pd.Series(params["ersattning_listad"]["aldersvikter"]["varden"])
    listed_money = (listade["antal"] * listade["aldersgrupp"].map(w)).sum() * 2453
    cni_money = 820 * listade["antal"].sum()
    budget = params["glesbygd"]["budget_kr"]["varde"]
    assert 0.04 <= budget / (listed_money + cni_money + budget) <= 0.06
    assert params["glesbygd"]["troskel_km"]["varde"] > 0


def test_parameters_are_cited(params):
    def entries(node, path=""):
        if isinstance(node, dict) and ("varde" in node or "varden" in node):
            yield path, node
        elif isinstance(node, dict):
            for k, v in node.items():
                yield from entries(v, f"{path}.{k}")

    found = dict(entries(params))
    assert len(found) >= 10
    for path, e in found.items():
        assert e["enhet"] and e["kalla"] and e["status"] in STATUSES, path
    assert params["ersattning_listad"]["pris_per_viktenhet"]["status"] == "publicerad"
    assert params["cni"]["referensvarde"]["status"] == "syntetisk"
    assert params["glesbygd"]["budget_kr"]["status"] == "syntetisk"


# --- indicators -----------------------------------------------------------------------------------


def _kolada_jh(kpi: str) -> pd.Series:
    kol = read("kolada.csv")
    return kol[(kol["kpi"] == kpi) & (kol["region_id"] == "0023")].set_index("ar")["varde"]


def _region_share(ind: pd.DataFrame, name: str) -> pd.Series:
    g = ind[ind["indikator"] == name].groupby("ar")[["taljare", "namnare"]].sum()
    return 100 * g["taljare"] / g["namnare"]


@pytest.mark.parametrize(
    "indikator,kpi", [("noll_an", "N79179"), ("tre_an", "N79173"), ("npe_helhetsintryck", "U71451")]
)
def test_indicator_reproduces_kolada(indikator, kpi):
    ind = read("indikatorer.csv")
    share, target = _region_share(ind, indikator), _kolada_jh(kpi)
    assert list(share.index) == list(target.index)
    assert (abs(share - target) < 0.05).all()


def test_indicator_ranges_and_variation(hc):
    ind = read("indikatorer.csv")
    assert set(ind["indikator"]) == {"noll_an", "tre_an", "antibiotika", "npe_helhetsintryck", "tackningsgrad"}
    assert (ind["namnare"] > 0).all() and (ind["taljare"] >= 0).all()
    shares = ind[ind["indikator"] != "antibiotika"]
    assert (shares["taljare"] <= shares["namnare"]).all()
    assert set(ind["hc_id"]) == set(hc["hc_id"])
    tre = ind[(ind["indikator"] == "tre_an") & (ind["ar"] == 2020)]
    spread = tre["taljare"] / tre["namnare"]
    assert spread.max() - spread.min() > 0.1


def test_coverage_2016_is_71_percent():
    share = _region_share(read("indikatorer.csv"), "tackningsgrad")
    assert abs(share[2016] - 71.0) < 0.05
    assert share.between(65, 85).all()


def test_antibiotics_rates():
    ind = read("indikatorer.csv")
    ab = ind[ind["indikator"] == "antibiotika"]
    region = ab.groupby("ar")[["taljare", "namnare"]].sum()
    rate = 1000 * region["taljare"] / region["namnare"]
    assert rate.between(250, 330).all()
    centre = 1000 * ab["taljare"] / ab["namnare"]
    below = (centre < 250).groupby(ab["ar"]).sum()
    assert below.max() >= 2 and (centre < 250).mean() < 0.5


# --- visit extract --------------------------------------------------------------------------------


def test_besok_size_and_shape(besok, hc):
    assert (DATA / "besok.parquet").stat().st_size < 5_000_000
    assert list(besok.columns) == ["besok_id", "patient_id", "listad_hc", "besokt_hc", "datum", "yrke", "personal_id"]
    assert 100_000 <= len(besok) <= 200_000 and 20_000 <= besok["patient_id"].nunique() <= 40_000
    assert besok["besok_id"].is_unique
    assert set(besok["yrke"]) == {"lakare", "sjukskoterska", "ovrig"}
    assert set(besok["listad_hc"]) == set(hc["hc_id"]) and set(besok["besokt_hc"]) <= set(hc["hc_id"])
    dates = pd.to_datetime(besok["datum"])
    assert dates.min() >= pd.Timestamp("2019-07-01") and dates.max() <= pd.Timestamp("2020-12-31")
    assert 0.9 < (besok["besokt_hc"] == besok["listad_hc"]).mean() < 0.99
    assert (besok.groupby("patient_id")["listad_hc"].nunique() == 1).all()


def test_besok_continuity_varies(besok):
    own = besok[besok["besokt_hc"] == besok["listad_hc"]]
    n = own.groupby("patient_id")["besok_id"].transform("size")
    doc = own[(n >= 3) & (own["yrke"] == "lakare")]
    per_doctor = doc.groupby(["listad_hc", "patient_id", "personal_id"]).size()
    by_patient = per_doctor.groupby(level=[0, 1])
    top = by_patient.max() / by_patient.sum()  # share of the patient's doctor visits with the most seen doctor
    per_centre = top.groupby(level=0).mean()
    assert per_centre.max() - per_centre.min() > 0.2


# --- the second example year (data/exempel-2021) ---------------------------------------------------

DATA_2021 = ROOT / "data" / "exempel-2021"


def test_second_year_regenerates_byte_for_byte(tmp_path):
    subprocess.run(
        [sys.executable, str(SCRIPT), "--year", "2021", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    shipped = sorted(p.name for p in DATA_2021.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (DATA_2021 / name).read_bytes(), name


def test_second_year_is_valid_and_differs_where_a_new_year_would():
    from analysis.data import load_dataset

    old, new = load_dataset(DATA), load_dataset(DATA_2021)
    assert (old.year, new.year) == (2020, 2021) and new.params["ar"] == 2021
    for path in ("ersattning_listad.pris_per_viktenhet", "lakemedel.pris_per_viktenhet", "cni.snitt_per_listad"):
        from analysis.parameters import value

        assert value(old.params, path) != value(new.params, path), path
    weights = [ds.params["ersattning_listad"]["aldersvikter"]["varden"] for ds in (old, new)]
    assert weights[0] != weights[1]
    drug = pd.Series(new.params["lakemedel"]["vikter"]["varden"])
    assert drug.idxmax() != "100+"  # the report's "100–104" note must not apply
    names_old = set(old.table("halsocentraler")["namn"])
    names_new = set(new.table("halsocentraler")["namn"])
    closed, opened = names_old - names_new, names_new - names_old
    assert len(closed) == 1 and len(opened) == 1
    assert set("åäöÅÄÖ") & set(next(iter(opened)))
    assert new.table("kolada")["ar"].max() == 2021
    assert (new.table("listade").groupby("hc_id")["antal"].sum() > 0).all()
    assert set(new.table("listade")["hc_id"]) == set(new.table("halsocentraler")["hc_id"])


def test_second_year_has_tables_saved_by_swedish_excel():
    from openpyxl import load_workbook

    manifest = yaml.safe_load((DATA_2021 / "manifest.yml").read_text(encoding="utf-8"))
    files = {t: e["fil"] for t, e in manifest["tabeller"].items()}
    excel_csv = []
    for table, name in files.items():
        raw = (DATA_2021 / name).read_bytes()
        if name.endswith(".csv") and b";" in raw.split(b"\r\n", 1)[0]:
            raw.decode("cp1252")
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")  # å/ä/ö as single Windows-1252 bytes
            assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
            assert re.search(rb";\d+,\d+", raw)  # decimal comma
            excel_csv.append(table)
    assert len(excel_csv) >= 2
    xlsx = [n for n in files.values() if n.endswith(".xlsx")]
    assert xlsx
    sheet = load_workbook(DATA_2021 / xlsx[0], read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] and rows[0][1:] in ((), (None,) * (len(rows[0]) - 1))  # a title row above the header
