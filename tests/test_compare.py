"""Comparing two editions: the registered numbers, and each centre's change in compensation by
component and by cause, on the example data and a variant of it (tests/compare_data.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compare_data import CLOSED, EXAMPLE, NEW, PRICE, make_variant
from conftest import tree_digest

from analysis.compare import decompose, open_book
from analysis.compare.books import BookError
from analysis.compare.numbers import compare_numbers
from analysis.data import load_dataset
from analysis.model import ModelInputs

TABLES = ["halsocentraler", "listade", "listade_ort", "cni_underlag", "kostnader", "patientavgifter"]


@pytest.fixture(scope="module")
def variant(tmp_path_factory) -> Path:
    return make_variant(tmp_path_factory.mktemp("utgava") / "exempel-variant")


def _inputs(folder: Path) -> ModelInputs:
    return ModelInputs.from_dataset(load_dataset(folder, tables=TABLES))


def test_causes_sum_exactly_to_each_centres_change(variant):
    parts = decompose(_inputs(EXAMPLE), _inputs(variant))
    df = parts.per_centre
    causes = df[parts.cause_columns].sum(axis=1)
    components = df[parts.component_columns].sum(axis=1)
    assert (causes - df["forandring"]).abs().max() < 1e-6
    assert (components - df["forandring"]).abs().max() < 1e-6
    assert df.loc[NEW, "status"] == "ny" and df.loc[NEW, "fore"] == 0
    assert df.loc[CLOSED, "status"] == "stängd" and df.loc[CLOSED, "efter"] == 0
    assert (df["status"] == "kvar").sum() == len(df) - 2
    region = parts.region()
    # the price per weight unit rose: the price step is what that rise alone does
    old = _inputs(EXAMPLE)
    price_only = decompose(old, old.replace(params=old.params.replace(pris_per_viktenhet=PRICE)))
    assert region["orsak_priser"] == pytest.approx(price_only.region()["forandring"])
    assert region["orsak_priser"] > 0


def test_same_inputs_give_no_change():
    parts = decompose(_inputs(EXAMPLE), _inputs(EXAMPLE))
    assert parts.per_centre[["forandring", *parts.cause_columns]].abs().max().max() == 0


def test_renamed_numbers_are_listed_not_failed():
    old = [{"namn": "k.a", "kapitel": "k", "varde": "1"}, {"namn": "k.b", "kapitel": "k", "varde": "2"}]
    new = [{"namn": "k.a", "kapitel": "k", "varde": "3"}, {"namn": "k.b2", "kapitel": "k", "varde": "2"}]
    n = compare_numbers(old, new)
    assert [c["namn"] for c in n.changed] == ["k.a"] and n.unmatched == ["k.b", "k.b2"]


def test_not_a_built_book_says_what_was_expected(tmp_path):
    with pytest.raises(BookError, match="är ingen byggd bok. Förväntade en mapp med manifest.json"):
        open_book(tmp_path)
    with pytest.raises(BookError, match="finns inte"):
        open_book(tmp_path / "saknas")


def _fake_book(folder: Path, dataset: Path, numbers: list[dict]) -> Path:
    (folder / "html").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"dataset": str(dataset), "indata": {"dataset": {}}}))
    (folder / "html" / "sifferregister.json").write_text(json.dumps(numbers, ensure_ascii=False))
    return folder


def test_jamfor_command_reports_prices_and_centres_and_leaves_the_old_book(tmp_path, variant, capsys):
    from analysis.cli import main

    old = _fake_book(
        tmp_path / "gammal",
        EXAMPLE,
        [
            {"namn": "ersattningsmodell.pris_vikt1", "kapitel": "ersattningsmodell", "varde": "2\u00a0453\u00a0kr"},
            {"namn": "uppfoljning.gammalt_namn", "kapitel": "uppfoljning", "varde": "7"},
        ],
    )
    new = _fake_book(
        tmp_path / "ny",
        variant,
        [
            {"namn": "ersattningsmodell.pris_vikt1", "kapitel": "ersattningsmodell", "varde": "2\u00a0600\u00a0kr"},
            {"namn": "uppfoljning.nytt_namn", "kapitel": "uppfoljning", "varde": "7"},
        ],
    )
    before = tree_digest(old)
    out = tmp_path / "rapport"
    assert main(["jamfor", str(old), str(new), "--ut", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "1 ändrade, 1 tillkomna, 1 försvunna" in printed
    assert "uppfoljning.gammalt_namn, uppfoljning.nytt_namn" in printed
    assert "Nya hälsocentraler: Lits norra hälsocentral" in printed and "Stängda hälsocentraler: Hallens" in printed
    page = (out / "andringar.md").read_text(encoding="utf-8")
    assert "| `ersattningsmodell.pris_vikt1` | 2\u00a0453\u00a0kr | 2\u00a0600\u00a0kr |" in page
    assert "| Priser och belopp | +" in page
    assert (out / "vattenfall-regionen.png").exists() and (out / "vattenfall-halsocentraler.png").exists()
    assert (out / "andringar-per-halsocentral.csv").exists()
    assert tree_digest(old) == before
    assert main(["jamfor", str(old), str(new), "--ut", str(old / "html" / "x")]) == 2  # never into the old book
    assert main(["jamfor", str(tmp_path / "rapport"), str(new)]) == 2
    assert "är ingen byggd bok" in capsys.readouterr().out
    assert tree_digest(old) == before


@pytest.mark.slow
def test_build_with_jamfor_med_adds_the_page(built_book, tmp_path, variant):
    from conftest import copy_built, run_cli

    root = copy_built(built_book, tmp_path / "ny")  # the shared book stays as it is: it is the older one
    before = tree_digest(built_book / "_build" / "html")
    result = run_cli(root, "build", "--data", str(variant), "--quiet", "--jamfor-med", str(built_book))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "_build" / "html" / "book" / "bilagor" / "andringar.html").read_text(encoding="utf-8")
    assert "Ändringar sedan förra utgåvan" in page and "Lits norra hälsocentral" in page
    assert tree_digest(built_book / "_build" / "html") == before
    bad = run_cli(root, "build", "--data", str(variant), "--quiet", "--jamfor-med", str(tmp_path))
    assert bad.returncode == 1 and "är ingen byggd bok" in bad.stdout + bad.stderr


SECOND_YEAR = EXAMPLE.parent / "exempel-2021"


@pytest.mark.skipif(not (SECOND_YEAR / "manifest.yml").exists(), reason="data/exempel-2021 finns inte i den här grenen")
def test_the_two_shipped_example_years():
    old, new = _inputs(EXAMPLE), _inputs(SECOND_YEAR)
    parts = decompose(old, new)
    df = parts.per_centre
    assert (df[parts.cause_columns].sum(axis=1) - df["forandring"]).abs().max() < 1e-6
    if new.params.pris_per_viktenhet != old.params.pris_per_viktenhet:
        assert parts.region()["orsak_priser"] != 0
    old_ids, new_ids = set(old.halsocentraler["hc_id"].astype(str)), set(new.halsocentraler["hc_id"].astype(str))
    assert set(df.index[df["status"] == "ny"]) == new_ids - old_ids
    assert set(df.index[df["status"] == "stängd"]) == old_ids - new_ids
