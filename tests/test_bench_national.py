"""The benchmark's national-scale helpers (`bench/national_register.py`) on a small slice of SCB's table."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from toy import toy_params

from analysis.data.aggregate import aggregate_listing
from analysis.model import compute_model
from analysis.model.bands import AGE_BANDS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import national_register as N  # noqa: E402

SCB = ROOT / "data" / "raw" / "scb-via-SCBHandlerPlotter" / "SCB_alderkon.csv"


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    """The three smallest municipalities plus Håbo and Habo (same slug), all ages, both sexes."""
    pop = N.read_scb_population(SCB)
    totals = pop.groupby("kommun", sort=False)["antal"].sum()
    keep = set(totals.nsmallest(3).index) | {"Håbo", "Habo"}
    return pop[pop["kommun"].isin(keep)].reset_index(drop=True)


@pytest.fixture(scope="module")
def geo(population) -> N.Geography:
    return N.make_geography(population, n_centres=12, seed=7)


@pytest.fixture(scope="module")
def register(population, geo) -> pd.DataFrame:
    return N.synthetic_register(population, geo, seed=7)


def test_scb_table_is_the_whole_country():
    pop = N.read_scb_population(SCB)
    assert int(pop["antal"].sum()) == 10_327_589
    assert pop["kommun"].nunique() == 290
    assert set(pop["kon"]) == {"kvinna", "man"} and pop["alder"].between(0, 100).all()


def test_register_reproduces_population_cells_exactly(population, geo, register):
    kommun_of = geo.centres.set_index("hc_id")["kommun"]
    got = (
        register.assign(
            kommun=register["hc_id"].astype(str).map(kommun_of),
            kon=register["kon"].astype(str),
            alder=register["alder"].astype("int64"),
        )
        .groupby(["kommun", "kon", "alder"])
        .size()
    )
    want = population.set_index(["kommun", "kon", "alder"])["antal"]
    want = want[want > 0]
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_names=False)


def test_register_columns_and_types(population, register):
    assert list(register.columns) == list(N.REGISTER_COLUMNS)
    assert register["person_id"].dtype == "int64"
    assert (register["person_id"].to_numpy() == np.arange(1, len(register) + 1)).all()
    assert isinstance(register["hc_id"].dtype, pd.CategoricalDtype)
    assert isinstance(register["kon"].dtype, pd.CategoricalDtype)
    assert register["alder"].dtype == "int8" and register["avstand_km"].dtype == "float32"
    assert (register["avstand_km"] >= 0).all()
    assert len(register) == int(population["antal"].sum())


def test_register_is_reproducible(population, geo, register):
    again = N.synthetic_register(population, N.make_geography(population, n_centres=12, seed=7), seed=7)
    for col in ("hc_id", "kon"):
        assert list(again[col].cat.categories) == list(register[col].cat.categories)
        assert np.array_equal(again[col].cat.codes.to_numpy(), register[col].cat.codes.to_numpy())
    for col in ("person_id", "alder", "avstand_km"):
        assert np.array_equal(again[col].to_numpy(), register[col].to_numpy())
    other = N.synthetic_register(population, geo, seed=8)
    assert not np.array_equal(other["hc_id"].cat.codes.to_numpy(), register["hc_id"].cat.codes.to_numpy())


def test_centres_one_per_municipality_at_least_and_proportional():
    pop = np.array([1_000_000, 200_000, 50_000, 3_000, 2_500])
    n = N.allocate_centres(pop, 120)
    assert n.sum() == 120 and (n >= 1).all()
    assert list(n) == sorted(n, reverse=True)
    assert abs(n[0] / n[1] - 5) < 0.3


def test_centre_ids_are_unique_and_valid(geo):
    ids = geo.centres["hc_id"]
    assert ids.is_unique and ids.str.fullmatch(r"[a-z0-9_]+").all()
    assert {"habo_01", "habo_2_01"} <= set(ids)
    assert len(ids) == 12 and geo.centres.groupby("kommun").size().min() >= 1


def test_parquet_round_trip_keeps_dictionary_encoding(tmp_path, register):
    path = N.write_register(register, tmp_path / "r.parquet", "abc123")
    schema = pq.read_schema(path)
    assert pa.types.is_dictionary(schema.field("hc_id").type)
    assert pa.types.is_dictionary(schema.field("kon").type)
    assert N.stored_hash(path) == "abc123" and N.stored_hash(tmp_path / "missing.parquet") is None
    back = N.read_register(path)
    assert back["alder"].dtype == "int8" and back["avstand_km"].dtype == "float32"
    for col in N.REGISTER_COLUMNS:
        assert (back[col].astype(str).to_numpy() == register[col].astype(str).to_numpy()).all(), col
    only = N.read_register(path, ("hc_id", "alder"))
    assert list(only.columns) == ["hc_id", "alder"]


def test_content_hash_follows_settings():
    a = N.register_hash(SCB, 1, 1100, 1.0)
    assert a == N.register_hash(SCB, 1, 1100, 1.0)
    assert a != N.register_hash(SCB, 2, 1100, 1.0) and a != N.register_hash(SCB, 1, 1100, 0.1)


def _naive_listade(register: pd.DataFrame) -> pd.Series:
    band = [AGE_BANDS[min(int(a) // 5, 20)] for a in register["alder"]]
    frame = pd.DataFrame(
        {
            "hc_id": register["hc_id"].astype(str).to_numpy(),
            "kon": register["kon"].astype(str).to_numpy(),
            "aldersgrupp": band,
        }
    )
    return frame.groupby(["hc_id", "kon", "aldersgrupp"]).size().rename("antal")


def test_aggregation_equals_naive_groupby(register):
    got = aggregate_listing(register)
    assert list(got.columns) == ["hc_id", "kon", "aldersgrupp", "antal"]
    pairs = register[["hc_id", "kon"]].astype(str).drop_duplicates()
    assert len(got) == len(pairs) * len(AGE_BANDS)  # every band for every (hc_id, kon) seen
    nonzero = got[got["antal"] > 0].set_index(["hc_id", "kon", "aldersgrupp"])["antal"]
    want = _naive_listade(register)
    pd.testing.assert_series_equal(nonzero.sort_index(), want.sort_index(), check_names=False)


def test_listade_ort_from_register(register, geo):
    ort = N.listade_ort_from_register(register, geo.centres)
    per_hc = ort.groupby("hc_id")["antal"].sum()
    want = register["hc_id"].astype(str).value_counts()
    pd.testing.assert_series_equal(per_hc.sort_index(), want.sort_index(), check_names=False)
    assert not ort.duplicated(["hc_id", "ort"]).any()
    excess = ((ort["avstand_km"] - 20).clip(lower=0) * ort["antal"]).sum()
    per_person = np.clip(register["avstand_km"].to_numpy("float64") - 20, 0, None).sum()
    assert excess == pytest.approx(per_person, rel=1e-6)


def test_national_model_runs_on_the_register(register, geo):
    listade = aggregate_listing(register)
    ort = N.listade_ort_from_register(register, geo.centres)
    inputs = N.national_model_inputs(listade, ort, geo.centres, toy_params(), seed=7)
    result = compute_model(inputs)
    assert len(result.per_centre) == len(geo.centres)
    assert int(result.totals["listade"]) == len(register)
    beyond = (register["avstand_km"] > toy_params().glesbygd_troskel_km).any()
    assert beyond  # small municipalities have localities far from the hospital
    assert result.totals["ersattning_glesbygd"] == pytest.approx(toy_params().glesbygd_budget)
    assert np.isfinite(result.per_centre["netto"]).all()
