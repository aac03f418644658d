"""The cache of checked tables: same tables as a fresh load, never stores or hides a problem."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import DatasetError, load_dataset, loading, rehash_manifest, tablecache

GOOD = Path(__file__).parent / "data" / "good"


@pytest.fixture()
def ds(tmp_path) -> Path:
    return shutil.copytree(GOOD, tmp_path / "ds")


def test_cached_load_equals_fresh_load_and_reads_no_file(ds, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh = load_dataset(ds)
    load_dataset(ds, cache_dir=cache)  # fills the cache
    assert len(list(cache.glob("*.pkl"))) == len(fresh.tables)

    def no_reading(*args, **kwargs):
        raise AssertionError("a cached table was read again")

    monkeypatch.setattr(loading, "read_table", no_reading)
    cached = load_dataset(ds, cache_dir=cache)
    for name, frame in fresh.tables.items():
        pd.testing.assert_frame_equal(cached.table(name), frame)


def test_changed_bytes_miss_the_cache_and_problems_are_found_again(ds, tmp_path):
    cache = tmp_path / "cache"
    load_dataset(ds, cache_dir=cache)
    path = ds / "halsocentraler.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("lat")] = "många"
    path.write_text("\n".join([lines[0], ",".join(row)] + lines[2:]) + "\n", encoding="utf-8")
    rehash_manifest(ds)
    before = set(cache.glob("*.pkl"))
    for _ in range(2):  # the bad table is never stored, so the error comes back every time
        with pytest.raises(DatasetError, match="många"):
            load_dataset(ds, cache_dir=cache)
    assert set(cache.glob("*.pkl")) == before


def test_prune_keeps_what_was_used_since(tmp_path):
    tablecache.store(tmp_path, "gammal", 1)
    tablecache.store(tmp_path, "ny", 2)
    os.utime(tmp_path / "gammal.pkl", (1_000_000, 1_000_000))
    tablecache.prune(tmp_path, unused_since=2_000_000)
    assert [p.name for p in tmp_path.iterdir()] == ["ny.pkl"]
    assert tablecache.load(tmp_path, "ny") == 2 and tablecache.load(tmp_path, "gammal") is None
