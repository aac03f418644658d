"""load_dataset / validate_dataset / Dataset: the happy path, subsets, aggregation, modes and reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.data import (
    DatasetError,
    Problem,
    aggregate_listing,
    load_dataset,
    rehash_manifest,
    validate_dataset,
    validation,
)
from analysis.data.agebands import STANDARD_BANDS, coverage_problems, parse_band

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good"
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "exempel-2020"


@pytest.fixture(scope="module")
def good():
    return load_dataset(GOOD)


def copy_good(tmp_path: Path) -> Path:
    target = tmp_path / "ds"
    shutil.copytree(GOOD, target)
    return target


def edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.yml"
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")


class TestHappyPath:
    def test_valid_dataset_has_no_problems(self):
        assert validate_dataset(GOOD) == []

    def test_attributes(self, good):
        assert (good.name, good.year, good.path) == ("test-liten", 2020, GOOD)
        assert good.params["ersattning_listad"]["pris_per_viktenhet"]["varde"] == 2453
        assert set(good.manifest["tabeller"]) == set(good.tables)

    def test_tables_are_typed_per_schema(self, good):
        listed = good.table("listade")
        assert list(listed.columns) == ["hc_id", "kon", "aldersgrupp", "antal"]
        assert listed["antal"].dtype == "int64"
        assert listed.index.tolist() == list(range(len(listed)))
        assert good.table("halsocentraler")["lat"].dtype == "float64"
        assert str(good.table("besok")["datum"].dtype).startswith("datetime64")
        assert good.table("kolada")["varde"].isna().sum() == 1  # nullable column

    def test_table_returns_an_independent_frame(self, good):
        listed = good.table("listade")
        listed["antal"] = 0
        assert good.table("listade")["antal"].sum() > 0

    def test_unknown_table(self, good):
        with pytest.raises(KeyError, match="inte inläst"):
            good.table("finns_inte")

    def test_provenance(self, good):
        assert good.status("halsocentraler") == "sammanstalld"
        assert good.status("listade") == "syntetisk"
        assert good.source("listade") == "Testdata för analysis.data"
        info = good.table_info()
        assert list(info.columns) == ["tabell", "fil", "status", "kalla", "licens", "sha256", "rader"]
        assert info.set_index("tabell").loc["listade", "rader"] == 126

    def test_input_files_hash_the_bytes(self, good):
        files = good.input_files()
        assert len(files) == 2 + len(good.manifest["tabeller"])
        manifest_key = next(k for k in files if k.endswith("manifest.yml"))
        import hashlib

        assert files[manifest_key] == hashlib.sha256((GOOD / "manifest.yml").read_bytes()).hexdigest()
        listed_key = next(k for k in files if k.endswith("listade.csv"))
        assert files[listed_key] == good.manifest["tabeller"]["listade"]["sha256"]

    def test_assumptions_per_table(self, good):
        assert good.assumptions["besok"] == ["läste som Parquet (radnummer räknas från 1)"]

    def test_subset_of_tables(self):
        ds = load_dataset(GOOD, tables=["listade"])
        assert set(ds.tables) == {"listade", "halsocentraler"}

    def test_subset_still_validates_what_it_reads(self, tmp_path):
        folder = copy_good(tmp_path)
        (folder / "kolada.csv").write_text("trasig", encoding="utf-8")
        rehash_manifest(folder)
        load_dataset(folder, tables=["listade"])  # kolada is not read
        with pytest.raises(DatasetError, match="kolada.csv"):
            load_dataset(folder)

    def test_unknown_requested_table_is_a_programming_error(self):
        with pytest.raises(ValueError, match="okända tabeller"):
            load_dataset(GOOD, tables=["listad"])

    def test_bad_mode(self):
        with pytest.raises(ValueError):
            load_dataset(GOOD, validate="snabb")


class TestFolderProblems:
    def test_missing_folder(self, tmp_path):
        problems = validate_dataset(tmp_path / "nej")
        assert problems[0].message == "mappen finns inte"

    def test_file_instead_of_folder(self, tmp_path):
        (tmp_path / "fil").write_text("x", encoding="utf-8")
        problems = validate_dataset(tmp_path / "fil")
        assert problems[0].message == "sökvägen är en fil, inte en mapp"

    def test_missing_manifest(self, tmp_path):
        problems = validate_dataset(tmp_path)
        assert problems[0].format() == "manifest.yml: filen saknas"

    def test_broken_manifest_yaml(self, tmp_path):
        (tmp_path / "manifest.yml").write_text("namn: [x\n", encoding="utf-8")
        problem = validate_dataset(tmp_path)[0]
        assert problem.file == "manifest.yml" and "inte giltig YAML" in problem.message and problem.row

    def test_missing_params_file(self, tmp_path):
        folder = copy_good(tmp_path)
        (folder / "parametrar.yml").unlink()
        assert [p.format() for p in validate_dataset(folder)] == ["parametrar.yml: filen saknas"]

    def test_year_mismatch(self, tmp_path):
        folder = copy_good(tmp_path)
        edit_manifest(folder, lambda m: m.update(ar=2021))
        assert any("skiljer sig från manifestets" in p.message for p in validate_dataset(folder))

    def test_missing_required_table(self, tmp_path):
        folder = copy_good(tmp_path)
        edit_manifest(folder, lambda m: m["tabeller"].pop("kostnader"))
        messages = [p.format() for p in validate_dataset(folder)]
        assert "manifest.yml, rad 5, nyckel 'tabeller': tabellen 'kostnader' saknas i manifestet" in messages[0]

    def test_params_as_mapping_with_hash(self, tmp_path):
        folder = copy_good(tmp_path)
        edit_manifest(
            folder, lambda m: m.update(parametrar={"fil": "parametrar.yml", "status": "syntetisk", "sha256": "0" * 64})
        )
        problems = validate_dataset(folder)
        assert [p.column for p in problems] == ["parametrar.sha256"]
        changed = rehash_manifest(folder)
        assert list(changed) == ["parametrar"]
        assert validate_dataset(folder) == []


class TestListingAggregation:
    def persons(self, listed: pd.DataFrame) -> pd.DataFrame:
        repeated = listed.loc[listed.index.repeat(listed["antal"])].reset_index(drop=True)
        low = repeated["aldersgrupp"].map(lambda b: parse_band(b)[0]).to_numpy()
        offset = np.arange(len(repeated)) % 5
        ages = np.where(low == 100, 100 + np.arange(len(repeated)) % 11, low + offset)
        return pd.DataFrame(
            {
                "person_id": np.arange(len(repeated)),
                "hc_id": repeated["hc_id"],
                "kon": repeated["kon"],
                "alder": ages,
                "avstand_km": 10.0,
            }
        )

    def test_aggregate_listing(self, good):
        listed = good.table("listade")
        got = aggregate_listing(self.persons(listed))
        keys = ["hc_id", "kon", "aldersgrupp"]
        expected = listed.sort_values(keys).reset_index(drop=True)
        assert got.sort_values(keys).reset_index(drop=True).equals(expected)

    def test_aggregate_fills_empty_bands_with_zero(self):
        people = pd.DataFrame({"person_id": [1, 2], "hc_id": ["a", "a"], "kon": ["man", "man"], "alder": [3, 104]})
        got = aggregate_listing(people)
        assert got["aldersgrupp"].tolist() == STANDARD_BANDS
        assert got.set_index("aldersgrupp")["antal"].to_dict() == {b: int(b in ("0-4", "100+")) for b in STANDARD_BANDS}

    def test_dataset_with_only_person_level_listing(self, tmp_path, good):
        folder = copy_good(tmp_path)
        self.persons(good.table("listade")).to_parquet(folder / "listning_individ.parquet", index=False)
        (folder / "listade.csv").unlink()

        def swap(manifest):
            entry = manifest["tabeller"].pop("listade")
            manifest["tabeller"]["listning_individ"] = {**entry, "fil": "listning_individ.parquet", "kalla": "Personer"}

        edit_manifest(folder, swap)
        rehash_manifest(folder)
        ds = load_dataset(folder)
        assert ds.table("listade")["antal"].sum() == good.table("listade")["antal"].sum()
        assert ds.status("listade") == "syntetisk"
        assert "summerad från listning_individ" in ds.source("listade")
        assert set(load_dataset(folder, tables=["listade"]).tables) >= {"listade", "listning_individ"}


class TestFastMode:
    def test_fast_skips_row_checks_only_on_large_tables(self, tmp_path, monkeypatch):
        folder = copy_good(tmp_path)
        text = (
            (folder / "listade.csv")
            .read_text(encoding="utf-8")
            .replace("lugnvik,kvinna,0-4,", "lugnvik,kvinna,0-4,-", 1)
        )
        (folder / "listade.csv").write_text(text, encoding="utf-8")
        rehash_manifest(folder)
        monkeypatch.setattr(validation, "FAST_ROW_LIMIT", 100)
        full = [p for p in validate_dataset(folder) if p.file == "listade.csv"]
        fast = [p for p in validate_dataset(folder, validate="fast") if p.file == "listade.csv"]
        assert any("utanför" in p.message for p in full)
        assert not fast

    def test_fast_still_checks_types_and_keys(self, tmp_path, monkeypatch):
        folder = copy_good(tmp_path)
        text = (folder / "listade.csv").read_text(encoding="utf-8")
        lines = text.splitlines()
        lines[1] = lines[1].rsplit(",", 1)[0] + ",tolv"
        lines.append(lines[2])
        (folder / "listade.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        rehash_manifest(folder)
        monkeypatch.setattr(validation, "FAST_ROW_LIMIT", 100)
        messages = [p.message for p in validate_dataset(folder, validate="fast")]
        assert any("inte ett heltal" in m for m in messages)
        assert any("finns redan på rad 3" in m for m in messages)


class TestReports:
    def test_problem_format(self):
        problem = Problem("listade.csv", 14, "antal", "tolv", "ett heltal ≥ 0", "värdet 'tolv' är inte ett heltal")
        assert problem.format() == (
            "listade.csv, rad 14, kolumn 'antal': värdet 'tolv' är inte ett heltal (förväntat: ett heltal ≥ 0)"
        )
        assert Problem("x.csv", None, None, None, None, "filen är tom").format() == "x.csv: filen är tom"
        assert "nyckel 'a.b'" in Problem("p.yml", 3, "a.b", 1, None, "fel").format()

    def test_error_groups_by_file_and_caps(self):
        problems = [Problem("a.csv", i, "antal", i, None, f"fel {i}") for i in range(2, 62)]
        problems.append(Problem("b.csv", None, None, None, None, "annat fel"))
        text = str(DatasetError(problems, "data/x"))
        assert text.startswith("Datamängden 'data/x' har fel: 61 problem i 2 filer.")
        assert "a.csv (60 problem):" in text and "… och 10 till" in text
        assert "  rad 51, kolumn 'antal': fel 51" in text and "rad 52," not in text
        assert "b.csv (1 problem):\n  annat fel" in text

    def test_problems_are_capped_per_rule(self, tmp_path, monkeypatch):
        folder = copy_good(tmp_path)
        text = (folder / "listade.csv").read_text(encoding="utf-8")
        (folder / "listade.csv").write_text(text.replace("lugnvik,", "okand,"), encoding="utf-8")
        rehash_manifest(folder)
        from analysis.data import convert

        monkeypatch.setattr(convert, "MAX_PROBLEMS_PER_RULE", 5)
        problems = [p for p in validate_dataset(folder) if p.column == "hc_id" and p.file == "listade.csv"]
        assert len(problems) == 6
        assert problems[-1].message == "samma fel på ytterligare 37 rader"


class TestAgeBands:
    def test_standard_bands_cover(self):
        assert coverage_problems(STANDARD_BANDS) == []

    @pytest.mark.parametrize(
        "bands, fragment",
        [
            (["5-9", "10+"], "börjar vid 5 år"),
            (["0-4", "10+"], "glapp mellan '0-4' och '10+': åldrarna 5–9 saknas"),
            (["0-9", "5-14", "15+"], "överlappar"),
            (["0-4", "5-9"], "inte öppen uppåt"),
            (["0-4", "fem", "5+"], "ogiltig åldersgrupp 'fem'"),
            (["0-4", "9-5", "5+"], "slutar före den börjar"),
        ],
    )
    def test_bad_bands(self, bands, fragment):
        assert any(fragment in message for _, message in coverage_problems(bands))


@pytest.mark.skipif(not (EXAMPLE / "manifest.yml").is_file(), reason="data/exempel-2020 saknas")
def test_example_dataset_is_valid():
    problems = validate_dataset(EXAMPLE)
    assert problems == [], "\n".join(p.format() for p in problems)
